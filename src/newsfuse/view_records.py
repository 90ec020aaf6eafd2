"""The read side's documents as typed records: what :mod:`newsfuse.views`
returns, what the CLI prints with ``--json`` and what the web API serves
(its ``/openapi.json`` schemas are derived from these classes).

:class:`StoryAnalysis` is the state ``newsfuse run`` saves per story; the views
read it back with :func:`newsfuse.serialize.from_json`, so after the store
everything stays typed. Keys are a contract (add, never remove).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .brief.document import BriefDoc
from .brief.model import TimelineEntry
from .facts.records import FactsDoc, Quote
from .model import FieldSource, Paragraph, RemovedLine, Span
from .provenance.document import CompositeDoc, Direction, FillerDoc, PassageDoc, RelationKind
from .reconcile.document import ClaimGroupDoc, LedgerEntryDoc

__all__ = ["StoryAnalysis", "StoryRef", "StoryRow", "SourceRow", "GraphNode", "GraphEdge", "StoryGraph", "StoryPage",
           "VersionRow", "ArticleDoc", "Role", "SharedPassage", "ArticlePage"]


@dataclass(frozen=True, slots=True)
class StoryAnalysis:
    """One story's saved analysis: facts, reconciled claims, the quote ledger and the
    brief (also rendered as ``markdown`` and ``html``); ``key`` is the cache key."""

    key: str = ""
    version: str = ""
    facts: FactsDoc | None = None
    claims: tuple[ClaimGroupDoc, ...] = ()
    ledger: tuple[LedgerEntryDoc, ...] = ()
    brief: BriefDoc | None = None
    markdown: str = ""
    html: str = ""


@dataclass(frozen=True, slots=True)
class StoryRef:
    """A story as clustering left it."""

    id: str
    label: str
    first_date: str | None
    last_date: str | None
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story in the list, with its counts; ``n_sources`` counts independent sources
    (articles not copied from each other)."""

    id: str
    label: str
    first_date: str | None
    last_date: str | None
    articles: tuple[str, ...]
    n_articles: int
    n_sources: int
    outlets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceRow:
    """An article of a story; ``badges``: original, reprint, rewrite, composite, filler..."""

    article: str
    title: str | None
    outlet: str | None
    date: str | None
    badges: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: str
    label: str
    outlet: str | None


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """``derived`` copies ``source``: the passages they share (offsets into each clean text)."""

    source: str
    derived: str
    relation: RelationKind
    score: float
    passages: tuple[PassageDoc, ...]
    direction: Direction | None  # (after passages: the API has always served it there)


@dataclass(frozen=True, slots=True)
class StoryGraph:
    """Who copied whom within a story: nodes are articles, an edge runs from source to derived."""

    nodes: tuple[GraphNode, ...] = ()
    edges: tuple[GraphEdge, ...] = ()
    composites: tuple[CompositeDoc, ...] = ()
    filler: tuple[FillerDoc, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class StoryPage:
    """Everything the story page shows."""

    story: StoryRow
    brief: BriefDoc | None
    sources: tuple[SourceRow, ...]
    claims: tuple[ClaimGroupDoc, ...]
    quotes: tuple[LedgerEntryDoc, ...] | tuple[Quote, ...]
    timeline: tuple[TimelineEntry, ...]
    provenance: StoryGraph


@dataclass(frozen=True, slots=True)
class VersionRow:
    version: int
    ingested_at: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class ArticleDoc:
    """The ``show --json`` document: the clean text, its stand-off structure and where it came from."""

    id: str
    title: str | None
    date: str | None
    outlet: str | None
    url: str | None
    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Span, ...]
    removed: tuple[str, ...]
    removed_detail: tuple[RemovedLine, ...]
    dateline: str | None
    date_source: FieldSource | None
    outlet_source: FieldSource | None
    origin: str
    raw_sha256: str
    content_hash: str
    version: int | None
    versions: tuple[VersionRow, ...]
    extra: dict[str, Any] = field(default_factory=dict)


class Role(StrEnum):
    SOURCE = "source"
    DERIVED = "derived"


@dataclass(frozen=True, slots=True)
class SharedPassage:
    """A passage this article shares with ``other`` (``role``: which side of the copy it is)."""

    start: int
    end: int
    other: str
    other_start: int
    other_end: int
    relation: RelationKind
    role: Role
    score: float


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """One article with its story and the passages it shares with other articles."""

    article: ArticleDoc
    story: str | None
    shared: tuple[SharedPassage, ...]
