"""The ``provenance --json`` document as typed records.

:class:`ProvenanceDoc` is what ``newsfuse run`` saves for the read-only views
and what ``newsfuse provenance --json`` prints; its keys are a contract (add,
never remove). Passages carry their text and source lines, so the document
stands without the articles. Written and read with :mod:`newsfuse.serialize`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Sequence

from ..model import Article

__all__ = ["RelationKind", "Direction", "PassageDoc", "RelationDoc", "CompositePartDoc", "CompositeDoc",
           "FillerDoc", "ProvenanceDoc", "EMPTY_PROVENANCE"]


class RelationKind(StrEnum):
    """How a derived article relates to its source (:mod:`.relation`)."""

    DUPLICATE = "duplicate"
    REPRINT = "reprint"
    PARTIAL = "partial"
    REWRITE = "rewrite"


class Direction(StrEnum):
    """What decided which article of a pair is the source."""

    DATES = "dates"
    EVIDENCE = "evidence"
    UNDETERMINED = "undetermined"
    COMPOSITE = "composite page is derived"
    QUOTE_STYLE = "pasted passages break the derived page's quote style"


@dataclass(frozen=True, slots=True)
class PassageDoc:
    """One aligned passage: offsets into each article's clean text, and the source lines."""

    source_text: str
    derived_text: str
    score: float
    lexical: float
    source_start: int
    source_end: int
    derived_start: int
    derived_end: int
    source_line: int
    derived_line: int


@dataclass(frozen=True, slots=True)
class RelationDoc:
    source: str
    derived: str
    relation: RelationKind
    score: float
    direction: Direction
    evidence: dict[str, float]
    algorithm: str
    passages: tuple[PassageDoc, ...]


@dataclass(frozen=True, slots=True)
class CompositePartDoc:
    """A stretch of a composite page that reads as one report (``source`` is ``"report <group>"``)."""

    start: int
    end: int
    source: str
    group: str
    style: str
    shared_with: tuple[str, ...]
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CompositeDoc:
    article: str
    evidence: tuple[str, ...]
    parts: tuple[CompositePartDoc, ...]


@dataclass(frozen=True, slots=True)
class FillerDoc:
    """A paragraph no other article supports (boilerplate or padding)."""

    article: str
    start: int
    end: int
    line: int
    best_support: float
    text: str


@dataclass(frozen=True, slots=True)
class ProvenanceDoc:
    """Relations, composites, independent groups and filler over a set of articles."""

    relations: tuple[RelationDoc, ...] = ()
    composites: tuple[CompositeDoc, ...] = ()
    independent_groups: tuple[tuple[str, ...], ...] = ()
    filler: tuple[FillerDoc, ...] = ()
    articles: int | None = None
    candidate_pairs: int | None = None
    aligned_pairs: int | None = None
    algorithm: str | None = None
    notes: tuple[str, ...] = ()


#: What the views read when no provenance was saved.
EMPTY_PROVENANCE = ProvenanceDoc()


def passage_doc(source: Article, derived: Article, source_span: tuple[int, int], derived_span: tuple[int, int],
                source_paragraph: int, derived_paragraph: int, score: float, lexical: float) -> PassageDoc:
    """A passage with its texts and lines taken from the two articles."""
    return PassageDoc(
        source_text=source.text[source_span[0] : source_span[1]],
        derived_text=derived.text[derived_span[0] : derived_span[1]],
        score=round(score, 4), lexical=round(lexical, 4),
        source_start=source_span[0], source_end=source_span[1],
        derived_start=derived_span[0], derived_end=derived_span[1],
        source_line=source.paragraphs[source_paragraph].line,
        derived_line=derived.paragraphs[derived_paragraph].line,
    )


def lines_of(article: Article, paragraphs: Sequence[int]) -> tuple[int, ...]:
    """The source lines of an article's paragraphs."""
    return tuple(article.paragraphs[i].line for i in paragraphs)
