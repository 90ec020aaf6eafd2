"""Full-text search over articles, quotes and claims (SQLite FTS5, ranked by bm25).

``run`` keeps the index current (:mod:`newsfuse.store.tables`): an article is
indexed by headline and text, a quote by speaker and words, a claim by what it
counts and the values stated. A query is words, all of which must appear
(stemmed: "visits" finds "visit"); a word joined by punctuation ("Modi-Putin",
"India's") must appear as a phrase. Matches in a headline, speaker or claim
subject weigh more than in a body.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from .errors import NewsfuseError
from .store.tables import tables_ready

__all__ = ["Hit", "KINDS", "fts_query", "search", "story_ranking", "SearchUnavailable"]

#: what can be searched
KINDS = ("article", "quote", "claim")
#: bm25 weights of the indexed columns (title, body)
TITLE_WEIGHT = 4.0
BODY_WEIGHT = 1.0
SNIPPET_WORDS = 16


class SearchUnavailable(NewsfuseError):
    """The store has no search index yet (made by ``newsfuse run``)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One match: what matched (``kind`` and ``ref``, the row id in ``nf_articles``,
    ``nf_quotes`` or ``nf_claims``), its story and article, the title (headline,
    speaker or claim subject), a snippet with matches between the marks, and its
    bm25 ``score`` (lower is better, as SQLite reports it)."""

    kind: str
    ref: str
    story_id: str | None
    article_id: str | None
    title: str
    snippet: str
    score: float


def fts_query(text: str) -> str:
    """An FTS5 query for plain words: every whitespace-separated token must match,
    as a phrase of its own words; FTS5 operators and quotes are taken literally.

    Example:
        >>> fts_query('Modi visit')
        '"Modi" "visit"'
        >>> fts_query('India\\'s "exports" OR')
        '"India\\'s" "exports" "OR"'
        >>> fts_query('  ,; ')
        ''
    """
    tokens = [t.replace('"', "") for t in text.split()]
    return " ".join(f'"{t}"' for t in tokens if re.search(r"\w", t))


def search(conn: sqlite3.Connection, query: str, *, limit: int = 20, kinds: tuple[str, ...] = KINDS,
           story: str | None = None, marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
    """The best matches of ``query``, best first.

    Args:
        conn: a store's connection (:attr:`newsfuse.store.Store.connection`).
        limit: at most this many hits.
        kinds: which of ``article``, ``quote``, ``claim`` to search.
        story: only hits in this story.
        marks: put around each matched word in snippets.

    Raises:
        SearchUnavailable: the store has no index (never ``run``, or opened read-only before migrating).
    """
    if not tables_ready(conn):
        raise SearchUnavailable("this store has no search index yet: run `newsfuse run PATH` (or `newsfuse export`)")
    expression = fts_query(query)
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s): {', '.join(sorted(unknown))}")
    if not expression or not kinds or limit <= 0:
        return []
    where = f"nf_search MATCH ? AND kind IN ({', '.join('?' * len(kinds))})"
    params: list = [expression, *kinds]
    if story is not None:
        where += " AND story_id = ?"
        params.append(story)
    sql = (
        "SELECT kind, ref, story_id, article_id, title, "
        f"snippet(nf_search, 5, ?, ?, '…', {SNIPPET_WORDS}) AS snip, "
        f"bm25(nf_search, 0, 0, 0, 0, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "
        f"FROM nf_search WHERE {where} ORDER BY score LIMIT ?"
    )
    try:
        rows = conn.execute(sql, [marks[0], marks[1], *params, limit]).fetchall()
    except sqlite3.OperationalError as exc:  # a query FTS5 still cannot parse matches nothing
        if "fts5" in str(exc):
            return []
        raise
    return [Hit(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", float(r[6])) for r in rows]


def story_ranking(conn: sqlite3.Connection, query: str, *, limit: int = 1000) -> list[str]:
    """Story ids with a match, best match first (what the web story list shows for ``?q=``).

    Example:
        >>> import sqlite3
        >>> from newsfuse.store import Store
        >>> store = Store(":memory:")
        >>> story_ranking(store.connection, "anything")
        []
    """
    ranked: list[str] = []
    for hit in search(conn, query, limit=limit):
        if hit.story_id and hit.story_id not in ranked:
            ranked.append(hit.story_id)
    return ranked
