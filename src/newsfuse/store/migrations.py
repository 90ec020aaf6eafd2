"""Named, ordered schema migrations. Append only; never edit an applied one."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from .tables import TABLES_MIGRATION

__all__ = ["MIGRATIONS", "NewerSchema", "check_known", "migrate"]

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles",
        """
        CREATE TABLE raw_docs (
            sha256 TEXT PRIMARY KEY,
            data BLOB NOT NULL,
            size INTEGER NOT NULL,
            first_seen TEXT NOT NULL
        );
        CREATE TABLE articles (
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL REFERENCES raw_docs(sha256),
            title TEXT,
            date TEXT,
            outlet TEXT,
            url TEXT,
            origin TEXT NOT NULL,
            dateline TEXT,
            date_source TEXT,
            outlet_source TEXT,
            text TEXT NOT NULL,
            paragraphs TEXT NOT NULL,
            sentences TEXT NOT NULL,
            removed TEXT NOT NULL,
            extra TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE VIEW current_articles AS
            SELECT a.* FROM articles a
            WHERE a.version = (SELECT MAX(b.version) FROM articles b WHERE b.id = a.id);
        CREATE TABLE line_counts (
            key TEXT PRIMARY KEY,
            articles INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
    ),
    (
        "0002_sentence_embeddings",
        """
        CREATE TABLE sentence_embeddings (
            content_hash TEXT NOT NULL,
            model TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vectors BLOB NOT NULL,
            PRIMARY KEY (content_hash, model)
        ) WITHOUT ROWID;
        """,
    ),
    (
        "0003_story_state",
        """
        CREATE TABLE story_state (
            name TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    ),
    (
        "0004_parsed_docs",
        """
        CREATE TABLE parsed_docs (
            content_hash TEXT NOT NULL,
            model TEXT NOT NULL,
            docbin BLOB NOT NULL,
            PRIMARY KEY (content_hash, model)
        );
        """,
    ),
    (
        # a parse depends on the text only: keyed by the text, a reprint under a new
        # headline reuses its source's parse (the old rows are a cache: dropped)
        "0005_parsed_texts",
        """
        DROP TABLE parsed_docs;
        CREATE TABLE parsed_texts (
            text_key TEXT NOT NULL,
            model TEXT NOT NULL,
            docbin BLOB NOT NULL,
            PRIMARY KEY (text_key, model)
        ) WITHOUT ROWID;
        """,
    ),
    # flat tables and full-text search of what `run` found (newsfuse.store.tables)
    TABLES_MIGRATION,
    (
        # one row per sentence text: reprints share their sentences' vectors, and
        # provenance embeds only the sentences it compares (the per-article rows
        # of 0002 are a cache: dropped)
        "0007_sentence_vectors",
        """
        DELETE FROM sentence_embeddings;
        CREATE TABLE sentence_vectors (
            sentence_key TEXT NOT NULL,
            model TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (sentence_key, model)
        ) WITHOUT ROWID;
        """,
    ),
]


class NewerSchema(Exception):
    """The database holds migrations this newsfuse does not know: a newer version made it."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(", ".join(names))


def check_known(conn: sqlite3.Connection) -> set[str]:
    """The applied migrations; raises NewerSchema if any is unknown here.

    An older program must neither write into nor misread a newer schema (a
    renamed column would surface as a raw SQLite error, an added table would be
    silently left stale).
    """
    done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    unknown = sorted(done - {name for name, _ in MIGRATIONS})
    if unknown:
        raise NewerSchema(unknown)
    return done


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations, each in its own transaction; return their names."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = check_known(conn)
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                continue  # another process applied it while this one waited for the lock
            for statement in sql.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
        applied.append(name)
    return applied
