"""The Python API for notebooks: ``newsfuse.open(path)`` and typed records, or DataFrames.

Everything here reads the flat tables ``run`` keeps (:mod:`newsfuse.store.tables`),
so listing the claims of 250 stories is one SQL query, not a re-parse of the
clusterer's state per story. Each method returns :class:`Records`: a list of
frozen dataclasses (``StoryRow``, ``ClaimRow``...) whose ``to_pandas()`` makes
a DataFrame with the same columns (pandas is optional: install it yourself).

Example, in a folder where ``newsfuse run examples/articles`` made ``newsfuse.db``:

    >>> import newsfuse
    >>> nf = newsfuse.open("newsfuse.db")
    >>> len(nf.stories()), len(nf.articles())
    (1, 5)
    >>> story = nf.stories()[0]
    >>> story.n_articles, story.n_sources
    (5, 4)
    >>> kwatra = nf.quotes(story.story_id, speaker="Vinay Kwatra")
    >>> kwatra[0].speaker, kwatra[0].article_id in {a.article_id for a in nf.articles(story.story_id)}
    ('Vinay Kwatra', True)
    >>> nf.search("Vinay Kwatra")[0].story_id == story.story_id
    True
    >>> claim = nf.claims(story.story_id, verdict="conflict")[0]
    >>> claim.verdict, claim.start_char < claim.end_char
    ('conflict', True)
    >>> df = nf.claims().to_pandas()
    >>> list(df.columns[:5])
    ['claim_id', 'story_id', 'thing', 'unit', 'verdict']
    >>> nf.close()
"""

from __future__ import annotations

from dataclasses import asdict, fields
from pathlib import Path
from typing import Any, Generic, Iterable, TypeVar

from .errors import NotFound, StoreError
from .search import KINDS, Hit, search
from .store import Store
from .store.tables import (ArticleRow, ClaimRow, EntityRow, EventRow, MembershipRow, ProvenanceRow, QuoteRow,
                           StoryRow, TABLES, columns, read_rows, refresh_tables, tables_ready)

__all__ = ["open", "Newsfuse", "Records"]

T = TypeVar("T")


class Records(list, Generic[T]):
    """A list of records (frozen dataclasses) that can become a pandas DataFrame."""

    def __init__(self, items: Iterable[T] = (), columns: list[str] | None = None) -> None:
        super().__init__(items)
        self.columns = columns

    def to_pandas(self):
        """A DataFrame, one row per record (needs pandas: ``pip install pandas``)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        cols = self.columns or ([f.name for f in fields(self[0])] if self else [])
        return pd.DataFrame([asdict(r) for r in self], columns=cols)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Plain dicts (e.g. for ``json.dumps``)."""
        return [asdict(r) for r in self]


class Newsfuse:
    """A newsfuse store opened for analysis. Use :func:`open`; close it (or use ``with``).

    Every method takes an optional ``story`` id to keep only that story's rows.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        if not tables_ready(store.connection):
            store.close()
            raise StoreError(store.path, "has no export tables yet (open it without readonly=True once, "
                                         "or run `newsfuse run`)")

    def __enter__(self) -> "Newsfuse":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def _rows(self, name: str, story: str | None, **equal: Any) -> Records:
        wanted = {k: v for k, v in equal.items() if v is not None}
        rows = (r for r in read_rows(self.store.connection, name, story)
                if all(getattr(r, k) == v for k, v in wanted.items()))
        return Records(rows, columns(name))

    def table(self, name: str, story: str | None = None) -> Records:
        """Any table by its export name: ``stories``, ``articles``, ``membership``,
        ``claims``, ``quotes``, ``entities``, ``events``, ``provenance``."""
        if name not in TABLES:
            raise ValueError(f"unknown table {name!r} (one of {', '.join(TABLES)})")
        return self._rows(name, story)

    def stories(self) -> "Records[StoryRow]":
        """Every story: label, headline, dates, article and source counts, outlets."""
        return self._rows("stories", None)

    def story(self, story_id: str) -> StoryRow:
        """One story. Raises :class:`~newsfuse.errors.NotFound` for an unknown id."""
        found = self._rows("stories", story_id)
        if not found:
            raise NotFound(f"no story {story_id!r}")
        return found[0]

    def articles(self, story: str | None = None, outlet: str | None = None) -> "Records[ArticleRow]":
        """Current article versions with their story (and text)."""
        return self._rows("articles", story, outlet=outlet)

    def membership(self, story: str | None = None) -> "Records[MembershipRow]":
        """Which article is in which story, its independent source group, what it copies."""
        return self._rows("membership", story)

    def claims(self, story: str | None = None, verdict: str | None = None) -> "Records[ClaimRow]":
        """Reconciled numeric claims, one row per stated value (``verdict``: agree, conflict...)."""
        return self._rows("claims", story, verdict=verdict)

    def quotes(self, story: str | None = None, speaker: str | None = None) -> "Records[QuoteRow]":
        """Quotes with speaker, words and offsets (``ledger_id`` links the same words across outlets)."""
        return self._rows("quotes", story, speaker=speaker)

    def entities(self, story: str | None = None, label: str | None = None) -> "Records[EntityRow]":
        """People, organisations and places (``label``: PERSON, ORG, GPE...), most mentioned first."""
        return self._rows("entities", story, label=label)

    def events(self, story: str | None = None) -> "Records[EventRow]":
        """Who did what to whom, where and when, per sentence."""
        return self._rows("events", story)

    def provenance(self, story: str | None = None) -> "Records[ProvenanceRow]":
        """Which article reprints or rewrites which."""
        return self._rows("provenance", story)

    def search(self, query: str, limit: int = 20, kinds: tuple[str, ...] = KINDS,
               story: str | None = None) -> "Records[Hit]":
        """Full-text search of articles, quotes and claims, best first (see :mod:`newsfuse.search`)."""
        return Records(search(self.store.connection, query, limit=limit, kinds=kinds, story=story))

    def brief(self, story_id: str, format: str = "markdown") -> str:
        """A story's cited brief as ``markdown`` or standalone ``html`` (as ``run`` saved it)."""
        from .views import story_state_name

        if format not in ("markdown", "html"):
            raise ValueError("format is 'markdown' or 'html'")
        text = self.store.state_field(story_state_name(story_id), format)
        if text is None:
            raise NotFound(f"no analysed story {story_id!r}")
        return text


def open(path: str | Path, *, readonly: bool = False) -> Newsfuse:
    """Open a newsfuse store for analysis.

    The tables are brought up to date first when anything changed since the
    last ``run`` (a quick check). ``readonly=True`` skips that and never
    writes (the tables must exist).

    Raises:
        StoreError: no such store, or not a newsfuse database.
    """
    path = str(path)
    if path != ":memory:" and not Path(path).exists():
        raise StoreError(path, "database does not exist (run `newsfuse run PATH` first)")
    store = Store(path, readonly=readonly)
    if not readonly:
        try:
            refresh_tables(store)
        except BaseException:
            store.close()
            raise
    return Newsfuse(store)
