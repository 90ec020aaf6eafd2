"""The records of a story brief. Every piece of text in a brief is a span of
some article's clean text; the records hold the offsets (and, for
convenience, the text itself, which always equals ``article.text[start:end]``
for the primary citation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..facts.quotes.model import QuoteKind
from ..facts.records import Hedge
from ..provenance.document import Direction, RelationKind
from ..reconcile.groups import ClaimGroup

__all__ = [
    "CitationKind",
    "TimelineKind",
    "Citation",
    "Point",
    "ConflictValue",
    "ConflictSide",
    "Conflict",
    "BriefQuote",
    "TimelineEntry",
    "ProvenanceSummary",
    "Brief",
]


class CitationKind(StrEnum):
    """What a cited span is to the cited text: the text itself (``source``), a
    near-identical sentence of another article (``support``), a filler paragraph,
    or, for a quote's other occurrences, how the ledger matched them."""

    SOURCE = "source"
    SUPPORT = "support"
    FILLER = "filler"
    FIRST = "first"
    SAME = "same"
    TRUNCATED = "truncated"
    WORDING = "wording"
    PARAPHRASE = "paraphrase"


class TimelineKind(StrEnum):
    """A timeline moment within the story's own days, before them, or after them."""

    STORY = "story"
    BACKGROUND = "background"
    UPCOMING = "upcoming"


@dataclass(frozen=True, slots=True)
class Citation:
    """``article.text[start:end]`` supports the point.

    ``kind`` is ``source`` (the span *is* the point's text) or ``support`` (a
    near-identical or aligned sentence of another article); ``score`` is the
    share of the point's content terms the span contains (1.0 for source).
    """

    article: str
    start: int
    end: int
    kind: CitationKind = CitationKind.SOURCE
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Point:
    """One key point: a sentence taken verbatim from an article, with its citations."""

    text: str
    citations: tuple[Citation, ...]
    score: float = 0.0

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article for c in self.citations))


@dataclass(frozen=True, slots=True)
class ConflictValue:
    article: str
    text: str
    start: int
    end: int
    value: float | None
    hedge: Hedge


@dataclass(frozen=True, slots=True)
class ConflictSide:
    values: tuple[ConflictValue, ...]
    articles: tuple[str, ...]
    independent_sources: int
    first: str | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    thing: str
    unit: str
    sides: tuple[ConflictSide, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class BriefQuote:
    """A quote with its speaker; ``also`` lists its other occurrences as citations."""

    speaker: str
    text: str
    article: str
    start: int
    end: int
    kind: QuoteKind
    also: tuple[Citation, ...] = ()
    independent_sources: int = 1


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated moment: ``date`` is ISO (day, month or year); ``kind`` is
    ``story`` (the story's own days) or ``background`` (an earlier event the
    articles mention) or ``upcoming``; ``mention`` is the date as written."""

    date: str
    kind: TimelineKind
    text: str
    mention: str
    citations: tuple[Citation, ...]
    event: str = ""  # "Narendra Modi visit Russia", from an extracted event of the same sentence and date


@dataclass(frozen=True, slots=True)
class ProvenanceSummary:
    articles: int
    independent_sources: int
    groups: tuple[tuple[str, ...], ...]
    relations: tuple[tuple[str, str, RelationKind, Direction], ...] = ()  # (source, derived, relation, direction)
    composites: tuple[tuple[str, int], ...] = ()  # (article, parts)
    filler: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Brief:
    story: str
    label: str
    headline: Point | None
    points: tuple[Point, ...]
    conflicts: tuple[Conflict, ...]
    quotes: tuple[BriefQuote, ...]
    timeline: tuple[TimelineEntry, ...]
    provenance: ProvenanceSummary
    titles: dict[str, str] = field(default_factory=dict)
    outlets: dict[str, str] = field(default_factory=dict)
    claims: tuple[ClaimGroup, ...] = ()
