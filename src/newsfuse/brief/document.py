"""The ``brief --format json`` document as typed records.

:class:`BriefDoc` is the JSON contract of a brief (``docs/brief-schema.md`` is
generated from it by :mod:`newsfuse.brief.schema`): what ``newsfuse run``
saves per story, what ``newsfuse brief --format json`` prints and what the
web API serves. Keys are a contract (add, never remove). Where the brief's own
records already have the contract's shape (:class:`Citation`, :class:`Point`,
:class:`Conflict`, :class:`BriefQuote`, :class:`TimelineEntry`...) they are used as they are.
Written and read with :mod:`newsfuse.serialize`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..provenance.document import Direction, RelationKind
from ..reconcile.document import ClaimGroupDoc
from .model import Brief, BriefQuote, Citation, Conflict, Point, TimelineEntry

__all__ = ["SCHEMA_VERSION", "RelationRef", "CompositeRef", "FillerRef",
           "ProvenanceSummaryDoc", "BriefDoc", "brief_document"]

SCHEMA_VERSION = "newsfuse.brief.v1"


@dataclass(frozen=True, slots=True)
class RelationRef:
    """A copy relation between two of the story's articles.

    Attributes:
        source, derived: article ids; ``derived`` copies ``source``.
        relation: how much and how it was copied.
        direction: what decided which article is the source.
    """

    source: str
    derived: str
    relation: RelationKind
    direction: Direction


@dataclass(frozen=True, slots=True)
class CompositeRef:
    """A page pasted together from several reports.

    Attributes:
        article: the composite page.
        parts: how many reports it is made of.
    """

    article: str
    parts: int


@dataclass(frozen=True, slots=True)
class FillerRef:
    """A paragraph provenance flagged as filler, left out of the brief.

    Attributes:
        article, start, end: the paragraph.
    """

    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ProvenanceSummaryDoc:
    """Who copied whom within the story, independence and filler.

    Attributes:
        articles: articles in the story.
        independent_sources: independent-source groups among them.
        groups: article ids per independent source (a reprint or rewrite of a
            report is in its source's group).
        relations: copy relations among the story's articles.
        composites: composite pages among them.
        filler: paragraphs left out of the brief.
    """

    articles: int
    independent_sources: int
    groups: tuple[tuple[str, ...], ...]
    relations: tuple[RelationRef, ...]
    composites: tuple[CompositeRef, ...]
    filler: tuple[FillerRef, ...]


@dataclass(frozen=True, slots=True)
class BriefDoc:
    """The cited brief of one story: every point cites spans of the story's articles.

    Attributes:
        schema: ``newsfuse.brief.v1``.
        story: the story id.
        label: the story label (from clustering).
        headline: one sentence taken verbatim from an article (the most central
            lead sentence); ``""`` when the story has no usable sentence.
        headline_citations: as for points.
        points: key points, most important first.
        conflicts: claim groups whose verdict is ``conflict``.
        quotes: main direct quotes with named speakers, most widely carried first.
        timeline: dated moments, sorted by ``date``.
        provenance: who copied whom, independence, filler.
        claims: every claim group of the story.
        titles, outlets: article id -> title / outlet, where known.
    """

    schema: str
    story: str
    label: str
    headline: str
    headline_citations: tuple[Citation, ...]
    points: tuple[Point, ...]
    conflicts: tuple[Conflict, ...]
    quotes: tuple[BriefQuote, ...]
    timeline: tuple[TimelineEntry, ...]
    provenance: ProvenanceSummaryDoc
    claims: tuple[ClaimGroupDoc, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    outlets: dict[str, str] = field(default_factory=dict)


def brief_document(brief: Brief) -> BriefDoc:
    """The brief as its JSON contract's record."""
    prov = brief.provenance
    return BriefDoc(
        schema=SCHEMA_VERSION,
        story=brief.story,
        label=brief.label,
        headline=brief.headline.text if brief.headline else "",
        headline_citations=brief.headline.citations if brief.headline else (),
        points=brief.points,
        conflicts=brief.conflicts,
        quotes=brief.quotes,
        timeline=brief.timeline,
        provenance=ProvenanceSummaryDoc(
            articles=prov.articles,
            independent_sources=prov.independent_sources,
            groups=prov.groups,
            relations=tuple(RelationRef(s, d, r, w) for s, d, r, w in prov.relations),
            composites=tuple(CompositeRef(a, n) for a, n in prov.composites),
            filler=tuple(FillerRef(f.article, f.start, f.end) for f in prov.filler),
        ),
        claims=tuple(g.document() for g in brief.claims),
        titles=dict(brief.titles),
        outlets=dict(brief.outlets),
    )


