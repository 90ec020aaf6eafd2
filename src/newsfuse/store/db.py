"""Store: articles, their versions and raw bytes in one SQLite file.

Writes happen in explicit transactions, one per batch: a crash loses at most
the batch in flight, never what was committed. Adding an article whose id
and content are already stored changes nothing; new content under a known id
becomes the next version, and both versions stay with their times.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping, Sequence

if TYPE_CHECKING:
    import numpy as np

from ..errors import NotFound, StoreError
from ..model import Article
from .codec import article_to_row, row_to_article
from .migrations import NewerSchema, check_known, migrate

__all__ = ["Store", "AddResult", "ArticleSummary"]

_ARTICLE_COLUMNS = (
    "id, version, content_hash, raw_sha256, title, date, outlet, url, origin, dateline, date_source, "
    "outlet_source, text, paragraphs, sentences, removed, extra, ingested_at"
)


@dataclass(frozen=True, slots=True)
class AddResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: "AddResult") -> "AddResult":
        return AddResult(self.added + other.added, self.updated + other.updated, self.unchanged + other.unchanged)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    title: str | None
    date: str | None
    outlet: str | None
    url: str | None
    version: int
    words: int
    ingested_at: str


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _describe(exc: sqlite3.Error) -> str:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return "database is locked by another process; try again when it has finished"
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return "is not a newsfuse database or is corrupt (SQLite says: " + message + ")"
    if "readonly" in message or "read-only" in message:
        return "database is read-only"
    if "unable to open" in message:
        return "database cannot be opened (does its folder exist and is it writable?)"
    return f"database error: {message}"


class Store:
    """A newsfuse database. Use as a context manager or call ``close()``.

    Example:
        >>> store = Store(":memory:")
        >>> store.count()
        0
    """

    def __init__(self, path: str | Path, *, readonly: bool = False, timeout: float = 5.0) -> None:
        self.path = str(path)
        try:
            if readonly:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                if not Path(self.path).exists():
                    raise StoreError(self.path, "database does not exist (run `newsfuse ingest` first)")
                self._conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                                             check_same_thread=False)
            else:
                self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                if self.path != ":memory:":
                    self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
                migrate(self._conn)
            else:
                check_known(self._conn)
        except sqlite3.Error as exc:
            raise StoreError(self.path, _describe(exc)) from None
        except NewerSchema as exc:
            self._conn.close()
            raise StoreError(self.path, f"created by a newer newsfuse (migration {exc}); upgrade newsfuse "
                                        "to use this database") from None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    # -- writes ---------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction; any failure rolls it back and becomes a StoreError."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._conn.execute("COMMIT")
            except BaseException:
                # SQLite rolls back by itself on some errors (disk full); a second
                # ROLLBACK would fail and hide the real error.
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(self.path, _describe(exc)) from None
        except UnicodeEncodeError as exc:
            raise StoreError(self.path, f"cannot store text that is not valid Unicode ({exc.reason})") from None

    def add_articles(self, items: Iterable[tuple[Article, bytes]], line_keys: Mapping[str, set[str]] | None = None) -> AddResult:
        """Store articles with their raw bytes in one transaction.

        Args:
            items: ``(article, raw_bytes)`` pairs.
            line_keys: per article id, the short-line keys it contains; counted
                once per newly seen article id for cross-article chrome evidence.
        """
        added = updated = unchanged = 0
        now = _now()
        with self._transaction():
            for article, raw in items:
                latest = self._conn.execute(
                    "SELECT version, content_hash FROM articles WHERE id = ? ORDER BY version DESC LIMIT 1",
                    (article.id,),
                ).fetchone()
                if latest is not None and latest["content_hash"] == article.content_hash:
                    unchanged += 1
                    continue
                self._conn.execute(
                    "INSERT OR IGNORE INTO raw_docs (sha256, data, size, first_seen) VALUES (?, ?, ?, ?)",
                    (article.raw_sha256, raw, len(raw), now),
                )
                row = article_to_row(article)
                row["version"] = 1 if latest is None else latest["version"] + 1
                row["ingested_at"] = now
                self._conn.execute(
                    f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 18)})",
                    [row[c.strip()] for c in _ARTICLE_COLUMNS.split(",")],
                )
                if latest is None:
                    added += 1
                    for key in (line_keys or {}).get(article.id, ()):
                        self._conn.execute(
                            "INSERT INTO line_counts (key, articles) VALUES (?, 1) "
                            "ON CONFLICT(key) DO UPDATE SET articles = articles + 1",
                            (key,),
                        )
                else:
                    updated += 1
        return AddResult(added, updated, unchanged)

    # -- reads ----------------------------------------------------------------

    def _query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(self.path, _describe(exc)) from None

    def _rows_in(self, sql: str, keys: Iterable[str], params: tuple = ()) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` (whose ``{marks}`` is a list of ``?``) for the keys, 500 at a time
        (SQLite caps the number of parameters in one statement)."""
        keys = list(dict.fromkeys(keys))
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            yield from self._query(sql.format(marks=", ".join("?" * len(chunk))), (*params, *chunk))

    def current_raw_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """The raw bytes' SHA-256 of the current version of each known id.

        Ingest skips a document whose id and bytes match: the same bytes must
        give the same article whatever else the store has learnt since (the
        cleaner's cross-article evidence changes as the store grows).
        """
        rows = self._rows_in("SELECT id, raw_sha256 FROM current_articles WHERE id IN ({marks})", ids)
        return {row["id"]: row["raw_sha256"] for row in rows}

    def line_counts(self, keys: Iterable[str]) -> dict[str, int]:
        """Article counts for the given short-line keys (absent keys omitted)."""
        keys = list(set(keys))
        counts: dict[str, int] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self._query(
                f"SELECT key, articles FROM line_counts WHERE key IN ({', '.join('?' * len(chunk))})", tuple(chunk)
            )
            counts.update({row["key"]: row["articles"] for row in rows})
        return counts

    def ids(self) -> list[str]:
        """Every article id, sorted."""
        return [row[0] for row in self._query("SELECT DISTINCT id FROM articles ORDER BY id")]

    def count(self) -> int:
        return self._query("SELECT COUNT(DISTINCT id) FROM articles")[0][0]

    def version_count(self) -> int:
        return self._query("SELECT COUNT(*) FROM articles")[0][0]

    def summaries(self) -> list[ArticleSummary]:
        rows = self._query(
            "SELECT id, title, date, outlet, url, version, text, ingested_at FROM current_articles "
            "ORDER BY date IS NULL, date, id"
        )
        return [
            ArticleSummary(r["id"], r["title"], r["date"], r["outlet"], r["url"], r["version"],
                           len(r["text"].split()), r["ingested_at"])
            for r in rows
        ]

    def summaries_of(self, ids: Iterable[str]) -> list[ArticleSummary]:
        """Summaries of the given articles (unknown ids are skipped), in the order given."""
        wanted = list(dict.fromkeys(ids))
        rows = self._rows_in("SELECT id, title, date, outlet, url, version, text, ingested_at FROM current_articles "
                             "WHERE id IN ({marks})", wanted)
        found = {r["id"]: ArticleSummary(r["id"], r["title"], r["date"], r["outlet"], r["url"], r["version"],
                                         len(r["text"].split()), r["ingested_at"]) for r in rows}
        return [found[i] for i in wanted if i in found]

    def content_hashes(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """``id -> content hash`` of the current articles (all, or the given ids), without their text."""
        if ids is None:
            rows = self._query("SELECT id, content_hash FROM current_articles")
        else:
            rows = list(self._rows_in("SELECT id, content_hash FROM current_articles WHERE id IN ({marks})", ids))
        return {r["id"]: r["content_hash"] for r in rows}

    def get(self, article_id: str, version: int | None = None) -> Article:
        """The latest (or a given) version of an article.

        Raises:
            NotFound: no article has this id (or this version).
        """
        if version is None:
            rows = self._query(f"SELECT {_ARTICLE_COLUMNS} FROM current_articles WHERE id = ?", (article_id,))
        else:
            rows = self._query(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ? AND version = ?",
                               (article_id, version))
        if not rows:
            raise NotFound(f"no article with id {article_id!r}" + (f" version {version}" if version else ""))
        return row_to_article(rows[0])

    def versions(self, article_id: str) -> list[tuple[int, str, str]]:
        """``(version, ingested_at, content_hash)`` of every stored version, oldest first."""
        rows = self._query(
            "SELECT version, ingested_at, content_hash FROM articles WHERE id = ? ORDER BY version", (article_id,)
        )
        return [(r["version"], r["ingested_at"], r["content_hash"]) for r in rows]

    def raw_bytes(self, sha256: str) -> bytes:
        rows = self._query("SELECT data FROM raw_docs WHERE sha256 = ?", (sha256,))
        if not rows:
            raise NotFound(f"no raw document {sha256}")
        return bytes(rows[0]["data"])

    def load_embeddings(self, content_hashes: Iterable[str], model: str) -> dict[str, "np.ndarray"]:
        """Cached sentence embeddings of article versions, by content hash."""
        import numpy as np

        found: dict[str, np.ndarray] = {}
        for row in self._rows_in("SELECT content_hash, dim, vectors FROM sentence_embeddings WHERE model = ? "
                                 "AND content_hash IN ({marks})", content_hashes, (model,)):
            vectors = np.frombuffer(row["vectors"], dtype=np.float32)
            found[row["content_hash"]] = vectors.reshape(-1, row["dim"]) if row["dim"] else vectors
        return found

    def save_embeddings(self, vectors: Mapping[str, "np.ndarray"], model: str) -> None:
        """Keep sentence embeddings so later runs do not recompute them."""
        with self._transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO sentence_embeddings (content_hash, model, dim, vectors) VALUES (?, ?, ?, ?)",
                [
                    (key, model, int(v.shape[1]) if v.ndim == 2 else 0, v.astype("float32").tobytes())
                    for key, v in vectors.items()
                ],
            )

    def load_sentence_vectors(self, keys: Iterable[str], model: str) -> dict[str, "np.ndarray"]:
        """Cached vectors of single sentences, by sentence key
        (:func:`newsfuse.provenance.similarity.sentence_key`)."""
        import numpy as np

        rows = self._rows_in("SELECT sentence_key, vector FROM sentence_vectors WHERE model = ? "
                             "AND sentence_key IN ({marks})", keys, (model,))
        return {row["sentence_key"]: np.frombuffer(row["vector"], dtype=np.float32) for row in rows}

    def save_sentence_vectors(self, vectors: Mapping[str, "np.ndarray"], model: str) -> None:
        """Keep sentence vectors so later runs (and reprints) do not embed them again."""
        with self._transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO sentence_vectors (sentence_key, model, vector) VALUES (?, ?, ?)",
                [(key, model, v.astype("float32").tobytes()) for key, v in vectors.items()],
            )

    def load_parses(self, text_keys: Iterable[str], model: str) -> dict[str, bytes]:
        """Cached parses (serialised spaCy ``DocBin`` bytes) by text key
        (:func:`newsfuse.analyse.parse_key`: a parse depends on the text alone)."""
        rows = self._rows_in("SELECT text_key, docbin FROM parsed_texts WHERE model = ? "
                             "AND text_key IN ({marks})", text_keys, (model,))
        return {row["text_key"]: bytes(row["docbin"]) for row in rows}

    def parsed_keys(self, text_keys: Iterable[str], model: str) -> set[str]:
        """Which of these texts have a cached parse (without loading them)."""
        rows = self._rows_in("SELECT text_key FROM parsed_texts WHERE model = ? AND text_key IN ({marks})",
                             text_keys, (model,))
        return {row["text_key"] for row in rows}

    def save_parses(self, parses: Mapping[str, bytes], model: str) -> None:
        """Keep parses so a story that gains an article does not re-parse the others."""
        with self._transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO parsed_texts (text_key, model, docbin) VALUES (?, ?, ?)",
                [(key, model, data) for key, data in parses.items()],
            )

    def load_state(self, name: str) -> dict | None:
        """A stage's saved state (e.g. the story clusterer's), or None."""
        import json

        rows = self._query("SELECT state FROM story_state WHERE name = ?", (name,))
        return json.loads(rows[0]["state"]) if rows else None

    def state_field(self, name: str, field: str):
        """One top-level field of a saved state, read without loading the rest
        (a story's analysis carries its brief as HTML; its key is all a check needs)."""
        rows = self._query("SELECT json_extract(state, ?) AS value FROM story_state WHERE name = ?",
                           (f"$.{field}", name))
        return rows[0]["value"] if rows else None

    def state_fields(self, name: str, fields: Sequence[str]) -> dict | None:
        """Some top-level fields of a saved state (absent ones omitted), parsed; None without the state.

        A story's analysis is mostly its facts; a page that shows its brief and
        claims need not parse them.
        """
        import json

        columns = ", ".join("json_extract(state, ?), json_type(state, ?)" for _ in fields)
        params = [p for f in fields for p in (f"$.{f}", f"$.{f}")]
        rows = self._query(f"SELECT {columns} FROM story_state WHERE name = ?", (*params, name))
        if not rows:
            return None
        found = {}
        for k, field in enumerate(fields):
            value, kind = rows[0][2 * k], rows[0][2 * k + 1]
            if kind is not None:
                found[field] = json.loads(value) if kind in ("object", "array") else value
        return found

    def load_states(self, names: Iterable[str]) -> dict[str, dict]:
        """Several saved states by name, in one query (absent names omitted)."""
        import json

        rows = self._rows_in("SELECT name, state FROM story_state WHERE name IN ({marks})", names)
        return {row["name"]: json.loads(row["state"]) for row in rows}

    def save_states(self, states: Mapping[str, dict], *, drop_prefix: str | None = None) -> None:
        """Save many states in one transaction; ``drop_prefix`` first deletes every state named with it."""
        import json

        now = _now()
        with self._transaction():
            if drop_prefix is not None:
                self._conn.execute("DELETE FROM story_state WHERE substr(name, 1, ?) = ?",
                                   (len(drop_prefix), drop_prefix))
            self._conn.executemany(
                "INSERT OR REPLACE INTO story_state (name, state, updated_at) VALUES (?, ?, ?)",
                [(name, json.dumps(state), now) for name, state in states.items()],
            )

    def outlets(self, ids: Iterable[str]) -> dict[str, str | None]:
        """``id -> outlet`` of the given current articles (no text read)."""
        rows = self._rows_in("SELECT id, outlet FROM current_articles WHERE id IN ({marks})", ids)
        return {r["id"]: r["outlet"] for r in rows}

    def save_state(self, name: str, state: dict,
                   then: Callable[[sqlite3.Connection], None] | None = None) -> None:
        """Save a state; ``then`` writes what derives from it (the SQL tables of
        :mod:`newsfuse.store.tables`) in the same transaction."""
        import json

        with self._transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO story_state (name, state, updated_at) VALUES (?, ?, ?)",
                (name, json.dumps(state), _now()),
            )
            if then is not None:
                then(self._conn)

    @property
    def connection(self) -> sqlite3.Connection:
        """The open SQLite connection, for the modules reading the flat tables
        (export, search, the Python API); writes go through this class."""
        return self._conn

    def iter_articles(self) -> Iterator[Article]:
        """Every current article, in id order."""
        try:
            cursor = self._conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM current_articles ORDER BY id")
            for row in cursor:
                yield row_to_article(row)
        except sqlite3.Error as exc:
            raise StoreError(self.path, _describe(exc)) from None
