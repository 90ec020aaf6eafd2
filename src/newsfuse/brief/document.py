"""The ``brief --format json`` document as typed records.

:class:`BriefDoc` is the JSON contract of a brief (``docs/brief-schema.md`` is
generated from it by :mod:`newsfuse.brief.schema`): what ``newsfuse run``
saves per story, what ``newsfuse brief --format json`` prints and what the
web API serves. Keys are a contract (add, never remove). Where the brief's own
records already have the contract's shape (:class:`Citation`, :class:`Point`,
:class:`ConflictValue`, :class:`ConflictSide`) they are used as they are.
Written and read with :mod:`newsfuse.serialize`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..facts.quotes.model import QuoteKind
from ..provenance.document import Direction, RelationKind
from ..reconcile.document import ClaimGroupDoc
from .model import Brief, Citation, ConflictSide, Point, TimelineKind

__all__ = ["SCHEMA_VERSION", "ConflictDoc", "QuoteDoc", "TimelineDoc", "RelationRef", "CompositeRef", "FillerRef",
           "ProvenanceSummaryDoc", "BriefDoc", "brief_document"]

SCHEMA_VERSION = "newsfuse.brief.v1"


@dataclass(frozen=True, slots=True)
class ConflictDoc:
    """A claim group whose sources disagree, side by side."""

    thing: str
    unit: str
    note: str
    sides: tuple[ConflictSide, ...]


@dataclass(frozen=True, slots=True)
class QuoteDoc:
    """A main quote with its speaker; ``also`` cites its other occurrences."""

    speaker: str
    text: str
    article: str
    start: int
    end: int
    kind: QuoteKind
    independent_sources: int
    also: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class TimelineDoc:
    """A dated moment (``date`` ISO day, month or year) and the sentences that state it."""

    date: str
    kind: TimelineKind
    text: str
    mention: str
    event: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class RelationRef:
    """``derived`` copies ``source``; ``direction`` says what decided which is which."""

    source: str
    derived: str
    relation: RelationKind
    direction: Direction


@dataclass(frozen=True, slots=True)
class CompositeRef:
    article: str
    parts: int


@dataclass(frozen=True, slots=True)
class FillerRef:
    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ProvenanceSummaryDoc:
    """Who copied whom within the story, and its independent-source groups."""

    articles: int
    independent_sources: int
    groups: tuple[tuple[str, ...], ...]
    relations: tuple[RelationRef, ...]
    composites: tuple[CompositeRef, ...]
    filler: tuple[FillerRef, ...]


@dataclass(frozen=True, slots=True)
class BriefDoc:
    """The cited brief of one story: every point cites spans of the story's articles."""

    schema: str
    story: str
    label: str
    headline: str
    headline_citations: tuple[Citation, ...]
    points: tuple[Point, ...]
    conflicts: tuple[ConflictDoc, ...]
    quotes: tuple[QuoteDoc, ...]
    timeline: tuple[TimelineDoc, ...]
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
        conflicts=tuple(ConflictDoc(c.thing, c.unit, c.note, c.sides) for c in brief.conflicts),
        quotes=tuple(QuoteDoc(q.speaker, q.text, q.article, q.start, q.end, q.kind, q.independent_sources, q.also)
                     for q in brief.quotes),
        timeline=tuple(TimelineDoc(t.date, t.kind, t.text, t.mention, t.event, t.citations) for t in brief.timeline),
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


