"""Flat SQL tables of what ``run`` found, for spreadsheets, ``sqlite-utils`` and ``datasette``.

The analysis lives in JSON states (``story_state``); these tables hold the same
records with one value per column, named ``nf_<table>`` (``nf_stories``,
``nf_claims``...), so a store opened in datasette shows real columns and
``newsfuse export`` / :func:`newsfuse.open` read them without re-parsing any state.

They are derived data: a story's rows are written in the transaction that
saves its analysis (:func:`save_story_analysis`), and :func:`refresh_tables`
(the end of ``run``) brings the rest up to date: articles, story membership,
provenance, and stories analysed elsewhere. Each record type is a frozen
dataclass whose fields are the table's columns, in order.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import astuple, dataclass, fields
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

if TYPE_CHECKING:
    from ..model import Story
    from .db import Store

__all__ = [
    "TABLES_MIGRATION",
    "TABLES",
    "StoryRow", "ArticleRow", "MembershipRow", "ClaimRow", "QuoteRow", "EntityRow", "EventRow", "ProvenanceRow",
    "StoryLinks",
    "table_name",
    "columns",
    "story_rows",
    "save_story_analysis",
    "refresh_tables",
    "tables_stale",
    "tables_ready",
    "read_rows",
]


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story: its label, dates, counts and the outlets that carry it."""

    story_id: str
    label: str | None
    headline: str | None
    first_date: str | None
    last_date: str | None
    n_articles: int
    n_sources: int
    outlets: str | None
    n_claims: int | None
    n_conflicts: int | None
    n_quotes: int | None
    n_entities: int | None
    n_events: int | None
    analysis_key: str | None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """The current version of one article, with the story it belongs to."""

    article_id: str
    story_id: str | None
    version: int
    title: str | None
    date: str | None
    outlet: str | None
    url: str | None
    words: int
    sentences: int
    paragraphs: int
    date_source: str | None
    outlet_source: str | None
    origin: str | None
    content_hash: str
    ingested_at: str | None
    text: str


@dataclass(frozen=True, slots=True)
class MembershipRow:
    """An article in a story: its independent source group and whether it copies another article."""

    story_id: str
    article_id: str
    position: int
    source_group: int | None
    role: str
    copied_from: str | None


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One stated value of a reconciled claim (a claim has one row per article value)."""

    claim_id: str
    story_id: str
    thing: str | None
    unit: str | None
    verdict: str | None
    n_sources: int | None
    side: int | None
    article_id: str
    outlet: str | None
    date: str | None
    text: str | None
    value: float | None
    low: float | None
    high: float | None
    hedge: str | None
    time: str | None
    source_group: int | None
    start_char: int | None
    end_char: int | None


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One quote in one article; ``ledger_id`` groups the same words across outlets."""

    quote_id: str
    story_id: str
    article_id: str
    outlet: str | None
    date: str | None
    speaker: str | None
    cue: str | None
    text: str
    kind: str | None
    confidence: float | None
    start_char: int | None
    end_char: int | None
    speaker_start: int | None
    speaker_end: int | None
    ledger_id: str | None
    n_outlets: int | None


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A person, organisation or place of a story, with how often and where it is mentioned."""

    entity_id: str
    story_id: str
    name: str
    label: str | None
    aliases: str | None
    titles: str | None
    n_mentions: int
    n_articles: int
    articles: str | None
    first_article_id: str | None
    first_start: int | None
    first_end: int | None


@dataclass(frozen=True, slots=True)
class EventRow:
    """Who did what to whom, where and when, as one sentence of one article says it."""

    event_id: str
    story_id: str
    article_id: str
    outlet: str | None
    action: str | None
    verb: str | None
    actor: str | None
    target: str | None
    place: str | None
    date: str | None
    modality: str | None
    negated: int | None
    text: str | None
    sentence_start: int | None
    sentence_end: int | None


@dataclass(frozen=True, slots=True)
class ProvenanceRow:
    """``derived_id`` copies or rewrites ``source_id`` (``relation``), with the evidence's size."""

    source_id: str
    derived_id: str
    relation: str
    score: float | None
    direction: str | None
    n_passages: int
    source_chars: int
    algorithm: str | None
    story_id: str | None
    source_outlet: str | None
    derived_outlet: str | None


#: export name -> record type, in the order the CLI lists them
TABLES: dict[str, type] = {
    "stories": StoryRow,
    "articles": ArticleRow,
    "membership": MembershipRow,
    "claims": ClaimRow,
    "quotes": QuoteRow,
    "entities": EntityRow,
    "events": EventRow,
    "provenance": ProvenanceRow,
}

#: rows come out in this order (stable exports and diffs)
ORDER_BY: dict[str, str] = {
    "stories": "first_date IS NULL, first_date, story_id",
    "articles": "date IS NULL, date, article_id",
    "membership": "story_id, position",
    "claims": "story_id, rowid",
    "quotes": "story_id, rowid",
    "entities": "story_id, n_mentions DESC, entity_id",
    "events": "story_id, rowid",
    "provenance": "source_id, derived_id",
}

# A named migration: frozen text (append a new migration to change it, never edit this one).
TABLES_MIGRATION = (
    "0006_export_tables",
    """
    CREATE TABLE nf_stories (
        story_id TEXT PRIMARY KEY, label TEXT, headline TEXT, first_date TEXT, last_date TEXT,
        n_articles INTEGER NOT NULL, n_sources INTEGER NOT NULL, outlets TEXT,
        n_claims INTEGER, n_conflicts INTEGER, n_quotes INTEGER, n_entities INTEGER, n_events INTEGER,
        analysis_key TEXT
    );
    CREATE TABLE nf_articles (
        article_id TEXT PRIMARY KEY, story_id TEXT, version INTEGER NOT NULL, title TEXT, date TEXT,
        outlet TEXT, url TEXT, words INTEGER NOT NULL, sentences INTEGER NOT NULL, paragraphs INTEGER NOT NULL,
        date_source TEXT, outlet_source TEXT, origin TEXT, content_hash TEXT NOT NULL, ingested_at TEXT,
        text TEXT NOT NULL
    );
    CREATE INDEX nf_articles_story ON nf_articles(story_id);
    CREATE TABLE nf_membership (
        story_id TEXT NOT NULL, article_id TEXT NOT NULL, position INTEGER NOT NULL, source_group INTEGER,
        role TEXT NOT NULL, copied_from TEXT,
        PRIMARY KEY (story_id, article_id)
    );
    CREATE INDEX nf_membership_article ON nf_membership(article_id);
    CREATE TABLE nf_claims (
        claim_id TEXT NOT NULL, story_id TEXT NOT NULL, thing TEXT, unit TEXT, verdict TEXT, n_sources INTEGER,
        side INTEGER, article_id TEXT NOT NULL, outlet TEXT, date TEXT, text TEXT, value REAL, low REAL,
        high REAL, hedge TEXT, time TEXT, source_group INTEGER, start_char INTEGER, end_char INTEGER
    );
    CREATE INDEX nf_claims_story ON nf_claims(story_id);
    CREATE TABLE nf_quotes (
        quote_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, article_id TEXT NOT NULL, outlet TEXT, date TEXT,
        speaker TEXT, cue TEXT, text TEXT NOT NULL, kind TEXT, confidence REAL, start_char INTEGER,
        end_char INTEGER, speaker_start INTEGER, speaker_end INTEGER, ledger_id TEXT, n_outlets INTEGER
    );
    CREATE INDEX nf_quotes_story ON nf_quotes(story_id);
    CREATE TABLE nf_entities (
        entity_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, name TEXT NOT NULL, label TEXT, aliases TEXT,
        titles TEXT, n_mentions INTEGER NOT NULL, n_articles INTEGER NOT NULL, articles TEXT,
        first_article_id TEXT, first_start INTEGER, first_end INTEGER
    );
    CREATE INDEX nf_entities_story ON nf_entities(story_id);
    CREATE TABLE nf_events (
        event_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, article_id TEXT NOT NULL, outlet TEXT, action TEXT,
        verb TEXT, actor TEXT, target TEXT, place TEXT, date TEXT, modality TEXT, negated INTEGER, text TEXT,
        sentence_start INTEGER, sentence_end INTEGER
    );
    CREATE INDEX nf_events_story ON nf_events(story_id);
    CREATE TABLE nf_provenance (
        source_id TEXT NOT NULL, derived_id TEXT NOT NULL, relation TEXT NOT NULL, score REAL, direction TEXT,
        n_passages INTEGER NOT NULL, source_chars INTEGER NOT NULL, algorithm TEXT, story_id TEXT,
        source_outlet TEXT, derived_outlet TEXT,
        PRIMARY KEY (source_id, derived_id)
    );
    CREATE VIRTUAL TABLE nf_search USING fts5(
        kind UNINDEXED, story_id UNINDEXED, article_id UNINDEXED, ref UNINDEXED, title, body,
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TABLE nf_tables_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
    """,
)

_PER_STORY = ("claims", "quotes", "entities", "events")
_JOIN = "; "


def table_name(name: str) -> str:
    """The SQL table of an export name (``claims`` -> ``nf_claims``)."""
    if name not in TABLES:
        raise KeyError(name)
    return f"nf_{name}"


def columns(name: str) -> list[str]:
    """The columns of a table, in order (the fields of its record type)."""
    return [f.name for f in fields(TABLES[name])]


def tables_ready(conn: sqlite3.Connection) -> bool:
    """Whether this store has the tables (a store opened read-only is not migrated)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'nf_tables_meta'").fetchone() is not None


@dataclass(frozen=True, slots=True)
class StoryLinks:
    """What provenance says about a story's articles: independent groups and who copies whom."""

    groups: tuple[tuple[str, ...], ...] = ()
    relations: tuple[tuple[str, str, str], ...] = ()  # (source, derived, relation)

    @classmethod
    def from_report(cls, report: Any) -> "StoryLinks":
        """From a :class:`~newsfuse.provenance.report.ProvenanceReport` (or None)."""
        if report is None:
            return cls()
        return cls(tuple(tuple(g) for g in report.groups),
                   tuple((r.source, r.derived, r.relation) for r in report.relations))

    @classmethod
    def from_json(cls, document: Mapping[str, Any] | None) -> "StoryLinks":
        """From the saved ``provenance --json`` document."""
        document = document or {}
        return cls(tuple(tuple(g) for g in document.get("independent_groups") or []),
                   tuple((r["source"], r["derived"], r["relation"]) for r in document.get("relations") or []))


def _n(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _i(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _s(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _joined(values: Iterable[Any]) -> str | None:
    return _JOIN.join(str(v) for v in values if v not in (None, "")) or None


def _membership(story: "Story", links: StoryLinks) -> list[MembershipRow]:
    ids = set(story.articles)
    group_of: dict[str, int] = {}
    number = 0
    for group in links.groups:
        members = [i for i in group if i in ids]
        if members:
            number += 1
            group_of.update({i: number for i in members})
    for i in story.articles:  # an article no group names is a source of its own
        if i not in group_of:
            number += 1
            group_of[i] = number
    copied: dict[str, list[tuple[str, str]]] = {}
    for source, derived, relation in links.relations:
        if source in ids and derived in ids:
            copied.setdefault(derived, []).append((source, relation))
    return [
        MembershipRow(story.id, article_id, position, group_of[article_id],
                      copied[article_id][0][1] if article_id in copied else "original",
                      _joined(s for s, _ in copied.get(article_id, [])))
        for position, article_id in enumerate(story.articles, 1)
    ]


def story_rows(story: "Story", links: StoryLinks, analysis: Mapping[str, Any] | None,
               outlets: Mapping[str, tuple[str | None, str | None]]) -> dict[str, list]:
    """Every table row of one story, by export name.

    Args:
        story: the story (id, label, dates, article ids).
        links: provenance among its articles.
        analysis: its saved analysis (``facts, claims, ledger, brief``), or None when
            it was not analysed; then only ``stories`` and ``membership`` rows come out.
        outlets: ``article id -> (outlet, date)``.
    """
    members = _membership(story, links)
    n_sources = len({m.source_group for m in members})
    story_outlets = _joined(sorted({outlets[i][0] for i in story.articles if i in outlets and outlets[i][0]}))
    rows: dict[str, list] = {name: [] for name in TABLES}
    rows["membership"] = members
    analysis = analysis or {}
    group = {m.article_id: m.source_group for m in members}

    def where(article_id: str) -> tuple[str | None, str | None]:
        return outlets.get(article_id, (None, None))

    for n, claim in enumerate(analysis.get("claims") or [], 1):
        for value in claim.get("values") or []:
            article_id = str(value.get("article"))
            rows["claims"].append(ClaimRow(
                f"{story.id}/c{n}", story.id, _s(claim.get("thing")), _s(claim.get("unit")), _s(claim.get("verdict")),
                _i(claim.get("independent_sources")), _i(value.get("side")), article_id, *where(article_id),
                _s(value.get("text")), _n(value.get("value")), _n(value.get("low")), _n(value.get("high")),
                _s(value.get("hedge")), _s(value.get("time")), group.get(article_id),
                _i(value.get("start")), _i(value.get("end"))))
    facts = analysis.get("facts") or {}
    ledger_of: dict[tuple[str, Any, Any], tuple[str, int | None]] = {}
    for n, entry in enumerate(analysis.get("ledger") or [], 1):
        for place in entry.get("occurrences") or []:
            ledger_of[(str(place.get("article")), place.get("start"), place.get("end"))] = (
                f"{story.id}/l{n}", _i(entry.get("independent_sources")))
    for n, quote in enumerate(facts.get("quotes") or [], 1):
        article_id = str(quote.get("article"))
        ledger_id, n_outlets = ledger_of.get((article_id, quote.get("start"), quote.get("end")), (None, None))
        rows["quotes"].append(QuoteRow(
            f"{story.id}/q{n}", story.id, article_id, *where(article_id), _s(quote.get("speaker")),
            _s(quote.get("cue")), str(quote.get("text") or ""), _s(quote.get("kind")), _n(quote.get("confidence")),
            _i(quote.get("start")), _i(quote.get("end")), _i(quote.get("speaker_start")),
            _i(quote.get("speaker_end")), ledger_id, n_outlets))
    for entity in facts.get("entities") or []:
        mentions = [m for m in entity.get("mentions") or [] if isinstance(m, Mapping)]
        in_articles = list(dict.fromkeys(str(m.get("article")) for m in mentions))
        first = mentions[0] if mentions else {}
        rows["entities"].append(EntityRow(
            f"{story.id}/{entity.get('id')}", story.id, str(entity.get("name") or ""), _s(entity.get("label")),
            _joined(entity.get("aliases") or []), _joined(entity.get("titles") or []), len(mentions),
            len(in_articles), _joined(in_articles), _s(first.get("article")), _i(first.get("start")),
            _i(first.get("end"))))
    for n, event in enumerate(facts.get("events") or [], 1):
        article_id = str(event.get("article"))
        negated = event.get("negated")
        rows["events"].append(EventRow(
            f"{story.id}/v{n}", story.id, article_id, where(article_id)[0], _s(event.get("action")),
            _s(event.get("verb")), _s(event.get("actor")), _s(event.get("target")), _s(event.get("place")),
            _s(event.get("date")), _s(event.get("modality")), None if negated is None else int(bool(negated)),
            _s(event.get("text")), _i(event.get("sentence_start")), _i(event.get("sentence_end"))))
    brief = analysis.get("brief") or {}
    analysed = bool(analysis)
    rows["stories"] = [StoryRow(
        story.id, story.label, _s(brief.get("headline")), story.first_date, story.last_date, len(story.articles),
        n_sources, story_outlets,
        len(analysis.get("claims") or []) if analysed else None,
        sum(1 for c in analysis.get("claims") or [] if c.get("verdict") == "conflict") if analysed else None,
        len(rows["quotes"]) if analysed else None, len(rows["entities"]) if analysed else None,
        len(rows["events"]) if analysed else None, _s(analysis.get("key")))]
    return rows


# -- writing ------------------------------------------------------------------


def _insert(conn: sqlite3.Connection, name: str, rows: Sequence) -> None:
    if not rows:
        return
    cols = columns(name)
    conn.executemany(f"INSERT OR REPLACE INTO {table_name(name)} ({', '.join(cols)}) "
                     f"VALUES ({', '.join('?' * len(cols))})", [astuple(r) for r in rows])


def _index(conn: sqlite3.Connection, kind: str, story_id: str | None, article_id: str | None, ref: str,
           title: str | None, body: str | None) -> None:
    conn.execute("INSERT INTO nf_search (kind, story_id, article_id, ref, title, body) VALUES (?, ?, ?, ?, ?, ?)",
                 (kind, story_id, article_id, ref, title or "", body or ""))


def _outlets(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    ids = list(dict.fromkeys(ids))
    found: dict[str, tuple[str | None, str | None]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for row in conn.execute(f"SELECT id, outlet, date FROM current_articles WHERE id IN ({', '.join('?' * len(chunk))})",
                                chunk):
            found[row[0]] = (row[1], row[2])
    return found


def _write_story(conn: sqlite3.Connection, story: "Story", links: StoryLinks,
                 analysis: Mapping[str, Any] | None) -> None:
    """Replace a story's rows; without an analysis its analysed rows (if any) stay."""
    rows = story_rows(story, links, analysis, _outlets(conn, story.articles))
    conn.execute("DELETE FROM nf_membership WHERE story_id = ?", (story.id,))
    _insert(conn, "membership", rows["membership"])
    if analysis is None:
        row = rows["stories"][0]
        conn.execute(
            "INSERT INTO nf_stories (story_id, label, first_date, last_date, n_articles, n_sources, outlets) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(story_id) DO UPDATE SET label = excluded.label, "
            "first_date = excluded.first_date, last_date = excluded.last_date, n_articles = excluded.n_articles, "
            "n_sources = excluded.n_sources, outlets = excluded.outlets",
            (row.story_id, row.label, row.first_date, row.last_date, row.n_articles, row.n_sources, row.outlets))
        return
    _insert(conn, "stories", rows["stories"])
    for name in _PER_STORY:
        conn.execute(f"DELETE FROM {table_name(name)} WHERE story_id = ?", (story.id,))
        _insert(conn, name, rows[name])
    conn.execute("DELETE FROM nf_search WHERE story_id = ? AND kind IN ('quote', 'claim')", (story.id,))
    for quote in rows["quotes"]:
        _index(conn, "quote", story.id, quote.article_id, quote.quote_id, quote.speaker, quote.text)
    claims: dict[str, list[ClaimRow]] = {}
    for claim in rows["claims"]:
        claims.setdefault(claim.claim_id, []).append(claim)
    for claim_id, values in claims.items():
        _index(conn, "claim", story.id, values[0].article_id, claim_id, values[0].thing,
               _joined(dict.fromkeys(v.text for v in values)))


def save_story_analysis(store: "Store", story: "Story", name: str, state: dict, provenance: Any = None) -> None:
    """Save a story's analysis state and its table rows in one transaction.

    Args:
        provenance: the provenance report restricted to the story (or None).
    """
    store.save_state(name, state, then=lambda conn: _write_story(conn, story, StoryLinks.from_report(provenance),
                                                                state))


# -- keeping the tables current ------------------------------------------------


def _marks(conn: sqlite3.Connection) -> dict[str, str]:
    """What the tables were built from: the latest state update and ingest times."""
    states = conn.execute("SELECT MAX(updated_at) FROM story_state").fetchone()[0] or ""
    stories = conn.execute("SELECT updated_at FROM story_state WHERE name = 'stories'").fetchone()
    ingested = conn.execute("SELECT MAX(ingested_at) FROM articles").fetchone()[0] or ""
    return {"states_at": states, "stories_at": stories[0] if stories else "", "ingested_at": ingested}


def _stories_from_tables(conn: sqlite3.Connection) -> list["Story"]:
    """The stories as the tables last saw them (when the clusterer's state has not changed since:
    loading it means importing the clustering stack and rebuilding its index)."""
    from ..model import Story

    members: dict[str, list[str]] = {}
    for story_id, article_id in conn.execute("SELECT story_id, article_id FROM nf_membership ORDER BY story_id, position"):
        members.setdefault(story_id, []).append(article_id)
    return [Story(story_id, label, tuple(members.get(story_id, ())), first, last)
            for story_id, label, first, last in conn.execute(
                "SELECT story_id, label, first_date, last_date FROM nf_stories ORDER BY rowid")]


def tables_stale(conn: sqlite3.Connection) -> bool:
    """Whether anything was stored or analysed after the last :func:`refresh_tables` (two cheap queries)."""
    if not tables_ready(conn):
        return True
    seen = dict(conn.execute("SELECT key, value FROM nf_tables_meta").fetchall())
    return any(seen.get(key) != value for key, value in _marks(conn).items())


def _refresh_articles(conn: sqlite3.Connection, story_of: Mapping[str, str]) -> None:
    """Rewrite only the articles whose version or story changed (and their search rows)."""
    known = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT article_id, content_hash, story_id FROM nf_articles")}
    current = {row[0]: row[1] for row in conn.execute("SELECT id, content_hash FROM current_articles")}
    changed = [i for i, content_hash in current.items() if known.get(i) != (content_hash, story_of.get(i))]
    fresh: list[ArticleRow] = []
    for start in range(0, len(changed), 500):  # texts are read only for what changed
        chunk = changed[start : start + 500]
        for row in conn.execute("SELECT id, version, content_hash, title, date, outlet, url, origin, date_source, "
                                "outlet_source, text, paragraphs, sentences, ingested_at FROM current_articles "
                                f"WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            article_id = row[0]
            fresh.append(ArticleRow(article_id, story_of.get(article_id), row[1], row[3], row[4], row[5], row[6],
                                    len(row[10].split()), len(json.loads(row[12])), len(json.loads(row[11])), row[8],
                                    row[9], row[7], row[2], row[13], row[10]))
    gone = set(known) - set(current)
    for article_id in gone | {a.article_id for a in fresh}:
        conn.execute("DELETE FROM nf_articles WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM nf_search WHERE kind = 'article' AND ref = ?", (article_id,))
    _insert(conn, "articles", fresh)
    for article in fresh:
        _index(conn, "article", article.story_id, article.article_id, article.article_id, article.title, article.text)


def _refresh_provenance(conn: sqlite3.Connection, document: Mapping[str, Any], story_of: Mapping[str, str]) -> None:
    relations = document.get("relations") or []
    outlets = _outlets(conn, [i for r in relations for i in (r["source"], r["derived"])])
    rows = []
    for r in relations:
        source, derived = r["source"], r["derived"]
        passages = r.get("passages") or []
        story = story_of.get(source) if story_of.get(source) == story_of.get(derived) else None
        rows.append(ProvenanceRow(
            source, derived, r["relation"], _n(r.get("score")), _s(r.get("direction")), len(passages),
            sum(max(0, (_i(p.get("source_end")) or 0) - (_i(p.get("source_start")) or 0)) for p in passages),
            _s(r.get("algorithm")), story, outlets.get(source, (None, None))[0], outlets.get(derived, (None, None))[0]))
    conn.execute("DELETE FROM nf_provenance")
    _insert(conn, "provenance", rows)


def refresh_tables(store: "Store", stories: Sequence["Story"] | None = None) -> bool:
    """Bring every table up to date with the store, in one transaction; cheap when nothing changed.

    Stories whose saved analysis differs from the rows (analysed by another
    engine, or before the tables existed) are rebuilt from their state; rows
    of stories that no longer exist are dropped.

    Args:
        stories: the current stories, when the caller has them (else they are
            loaded from the clusterer's saved state).

    Returns:
        whether anything had to be refreshed.
    """
    from ..views import PROVENANCE_STATE, story_state_name

    conn = store.connection
    if not tables_stale(conn):
        return False
    if stories is None:
        seen = dict(conn.execute("SELECT key, value FROM nf_tables_meta").fetchall())
        if seen and seen.get("stories_at") == _marks(conn)["stories_at"]:
            stories = _stories_from_tables(conn)
        else:
            from ..pipeline import load_stories

            stories = load_stories(store)
    story_of = {article_id: story.id for story in stories for article_id in story.articles}
    provenance = store.load_state(PROVENANCE_STATE) or {}
    links = StoryLinks.from_json(provenance)
    with store._transaction():
        ids = [story.id for story in stories]
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS nf_current (story_id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM nf_current")
        conn.executemany("INSERT INTO nf_current VALUES (?)", [(i,) for i in ids])
        for name in ("stories", "membership", *_PER_STORY):
            conn.execute(f"DELETE FROM {table_name(name)} WHERE story_id NOT IN (SELECT story_id FROM nf_current)")
        conn.execute("DELETE FROM nf_search WHERE kind != 'article' AND story_id NOT IN (SELECT story_id FROM nf_current)")
        built = dict(conn.execute("SELECT story_id, analysis_key FROM nf_stories").fetchall())
        keys = dict(conn.execute("SELECT substr(name, 7), json_extract(state, '$.key') FROM story_state "
                                 "WHERE name LIKE 'story/%'").fetchall())
        for story in stories:
            analysis = None
            if keys.get(story.id) is not None and keys[story.id] != built.get(story.id):
                analysis = store.load_state(story_state_name(story.id))
            _write_story(conn, story, links, analysis)
        _refresh_articles(conn, story_of)
        _refresh_provenance(conn, provenance, story_of)
        conn.execute("DROP TABLE nf_current")
        conn.executemany("INSERT OR REPLACE INTO nf_tables_meta (key, value) VALUES (?, ?)",
                         list(_marks(conn).items()))
    return True


def read_rows(conn: sqlite3.Connection, name: str, story: str | None = None) -> Iterator[Any]:
    """The records of one table (optionally of one story), as its dataclass, in a stable order."""
    record = TABLES[name]
    cols = columns(name)
    where, params = ("", ()) if story is None else (" WHERE story_id = ?", (story,))
    cursor = conn.execute(f"SELECT {', '.join(cols)} FROM {table_name(name)}{where} ORDER BY {ORDER_BY[name]}", params)
    for row in cursor:
        yield record(*row)
