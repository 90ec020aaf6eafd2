"""The records of a story brief. Every piece of text in a brief is a span of
some article's clean text; the records hold the offsets (and, for
convenience, the text itself, which always equals ``article.text[start:end]``
for the primary citation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..facts.records import Hedge, QuoteKind
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

    Attributes:
        article, start, end: the cited span.
        kind: ``source`` (the span *is* the cited text) or ``support`` (a sentence
            of another article saying the same, provenance-aligned or
            near-identical, kept only when it holds at least half of the text's
            content words); in quotes' ``also``, how the ledger matched it.
        score: the share of the text's content terms the span holds (1.0 for source).
    """

    article: str
    start: int
    end: int
    kind: CitationKind = CitationKind.SOURCE
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class Point:
    """One key point: a sentence taken verbatim from an article, with its citations.

    Attributes:
        text: the sentence; never a heading, never from a paragraph provenance
            flagged as filler.
        citations: first the ``source`` citation (``article.text[start:end] == text``),
            then at most one ``support`` citation per other article.
        score: selection score (centrality + independent support + new facts covered).
    """

    text: str
    citations: tuple[Citation, ...]
    score: float = 0.0

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article for c in self.citations))


@dataclass(frozen=True, slots=True)
class ConflictValue:
    """One value on a side of a conflict.

    Attributes:
        article, start, end: where it is written.
        text: the phrase as written, ``article.text[start:end]``.
        value: in base units; ``null`` when vague.
        hedge: how the phrase bounds the value.
    """

    article: str
    text: str
    start: int
    end: int
    value: float | None
    hedge: Hedge


@dataclass(frozen=True, slots=True)
class ConflictSide:
    """Values compatible with each other.

    Attributes:
        values: the values of this side.
        articles: the articles stating them.
        independent_sources: provenance groups among those articles (a rewrite
            of a report is not a second source).
        first: the article that reported this side first, when dates or a
            provenance direction tell; else ``null``.
    """

    values: tuple[ConflictValue, ...]
    articles: tuple[str, ...]
    independent_sources: int
    first: str | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    """A claim group whose verdict is ``conflict``, side by side.

    Attributes:
        thing: what is counted or measured.
        unit: as in the claim group.
        note: why the verdict (e.g. "precision: ...").
        sides: one side per set of mutually compatible values.
    """

    thing: str
    unit: str
    note: str
    sides: tuple[ConflictSide, ...]


@dataclass(frozen=True, slots=True)
class BriefQuote:
    """A main direct quote with a named speaker (most widely carried first).

    Attributes:
        speaker: who said it (the entity's canonical name when resolved).
        text: the quoted words, ``article.text[start:end]``.
        article, start, end: where the first occurrence is.
        kind: how it is quoted.
        independent_sources: provenance groups carrying it.
        also: the other outlets' occurrences; their ``kind`` says how they match
            (``same``, ``truncated``, ``wording``, ``paraphrase``: see the quote ledger).
    """

    speaker: str
    text: str
    article: str
    start: int
    end: int
    kind: QuoteKind
    independent_sources: int = 1
    also: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated moment and the sentences that state it (entries sorted by ``date``).

    Attributes:
        date: ISO day, month (``2024-06``) or year (``2019``).
        kind: ``story`` (the story's own days, a week either side), ``background``
            (earlier events the articles mention) or ``upcoming``.
        text: the sentence (the first citation is its ``source``).
        mention: the date as written ("last month").
        event: "actor action target" of an extracted event in that sentence with
            that date, or ``""``.
        citations: the sentence and near-identical ones of other articles.
    """

    date: str
    kind: TimelineKind
    text: str
    mention: str
    event: str
    citations: tuple[Citation, ...]


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
