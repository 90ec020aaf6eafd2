"""Name the relation between two aligned articles and which one is derived.

Labels: ``duplicate`` (same text), ``reprint`` (near-verbatim, edited),
``rewrite`` (paraphrased, in the source's order), ``partial`` (some
passages shared), ``independent``. Direction comes from dates when both are
known and differ; otherwise from the marks rewriting leaves: direct quotes
turned into reported speech, "said" swapped for "noted"/"stated", names and
numbers dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..lexicons import reporting_verbs
from ..model import Article
from .align import Alignment
from .candidates import anchors
from .document import Direction, RelationKind
from .shingle import jaccard, shingles

__all__ = ["RelationConfig", "Relation", "classify", "direction_evidence", "joins_story", "orient"]

ALGORITHM = "provenance.align-chain.v1"

_QUOTE = re.compile(r"[“”\"]")
_PLAIN_CUES = re.compile(r"\b(?:said|says|told|asked)\b", re.I)


def _past(lemma: str) -> str:
    """The past tense of a regular (phrasal) verb: "note" -> "noted", "point out" -> "pointed out"."""
    verb, space, rest = lemma.partition(" ")
    return (verb + ("d" if verb.endswith("e") else "ed")) + space + rest


_REWRITE_CUES = re.compile(
    r"\b(?:" + "|".join([_past(v) for v in sorted(reporting_verbs("rewrite"))] + ["according to"]) + r")\b", re.I
)


@dataclass(frozen=True)
class RelationConfig:
    """Thresholds, measured on the synthetic benchmark (eval/provenance.py).

    ``verbatim_lexical``: aligned sentences sharing this much of their word
    trigrams are copied, not paraphrased; copied text is a reprint when it
    covers most of both articles (``reprint_coverage`` of the larger share,
    ``reprint_min_coverage`` of the smaller), otherwise a partial copy, and
    never a rewrite. ``rewrite_paraphrase``: the mean paraphrase probability
    a rewrite's links must reach (median) (same event, different claim fails it).
    """

    duplicate_jaccard: float = 0.9
    reprint_jaccard: float = 0.6
    verbatim_lexical: float = 0.8
    reprint_coverage: float = 0.75
    reprint_min_coverage: float = 0.5
    rewrite_coverage: float = 0.4
    rewrite_min_links: int = 4
    rewrite_paraphrase: float = 0.7
    min_run: int = 3
    verbatim_run: int = 2


@dataclass(frozen=True)
class Relation:
    source: str
    derived: str
    relation: RelationKind
    score: float
    alignment: Alignment
    direction: Direction
    evidence: dict[str, float] = field(default_factory=dict)
    algorithm: str = ALGORITHM


def classify(
    alignment: Alignment,
    config: RelationConfig = RelationConfig(),
    paraphrase=None,
) -> Relation | None:
    """The relation of an aligned pair, or None when they are independent.

    Args:
        paraphrase: optional sentence-pair scorer (``ParaphraseScorer``); when
            given, a paraphrased (non-verbatim) relation must have links it
            judges paraphrases, which rejects same-event-different-claim pairs.
    """
    a, b = alignment.a, alignment.b
    k5a, k5b = shingles(a.text, 5), shingles(b.text, 5)
    article_jaccard = jaccard(k5a, k5b)
    larger = max(alignment.a_coverage, alignment.b_coverage)
    smaller = min(alignment.a_coverage, alignment.b_coverage)
    lexical = alignment.mean_lexical
    verbatim = lexical >= config.verbatim_lexical
    run = alignment.longest_run
    evidence: dict[str, float] = {}
    if " ".join(a.text.split()) == " ".join(b.text.split()) or article_jaccard >= config.duplicate_jaccard:
        label = "duplicate"
    elif article_jaccard >= config.reprint_jaccard or (
        verbatim and larger >= config.reprint_coverage and smaller >= config.reprint_min_coverage and run >= config.min_run
    ):
        label = "reprint"
    elif verbatim and run >= config.verbatim_run:
        label = "partial"
    elif run >= config.min_run:
        if paraphrase is not None:
            probability = _paraphrase_probability(alignment, paraphrase)
            evidence["paraphrase_probability"] = round(probability, 3)
            if probability < config.rewrite_paraphrase:
                return None
        if larger >= config.rewrite_coverage and len(alignment.links) >= config.rewrite_min_links:
            label = "rewrite"
        else:
            label = "partial"
    else:
        return None
    source, derived, direction, direction_terms = _direct(alignment)
    evidence.update(direction_terms)
    evidence.update(
        article_jaccard=round(article_jaccard, 3),
        a_coverage=round(alignment.a_coverage, 3),
        b_coverage=round(alignment.b_coverage, 3),
        mean_lexical=round(lexical, 3),
        longest_run=float(run),
    )
    return Relation(
        source=source.id,
        derived=derived.id,
        relation=RelationKind(label),
        score=round(alignment.mean_score * max(alignment.a_coverage, alignment.b_coverage) ** 0.5, 4),
        alignment=alignment,
        direction=Direction(direction),
        evidence=evidence,
    )


def joins_story(relation: Relation) -> bool:
    """Whether the derived article belongs in its source's story because of this relation.

    Duplicates, reprints and rewrites retell the source, so they join its
    story whatever the topical model says. A partial copy does not: two
    paragraphs of a report pasted into a page on another event, or the
    boilerplate that unrelated pages of one site share, say nothing about
    what the pages are about; topical clustering still joins partial copies
    that are about the same event.
    """
    return relation.relation != "partial"


def _paraphrase_probability(alignment: Alignment, scorer) -> float:
    a_text, b_text = alignment.a.sentence_texts(), alignment.b.sentence_texts()
    pairs = [(a_text[l.a], b_text[l.b]) for l in alignment.links]
    if not pairs:
        return 0.0
    # The median: a rewrite merges and trims sentences, so some of its links
    # are partial paraphrases; most must still be paraphrases.
    scores = sorted(float(x) for x in scorer.score(pairs))
    middle = len(scores) // 2
    return scores[middle] if len(scores) % 2 else (scores[middle - 1] + scores[middle]) / 2


def orient(relation: Relation, source_id: str, direction: Direction) -> Relation:
    """The same relation with ``source_id`` as its source."""
    if relation.source == source_id:
        return replace(relation, direction=direction)
    return replace(relation, source=relation.derived, derived=relation.source, direction=direction)


def direction_evidence(aligned_a: str, aligned_b: str) -> dict[str, float]:
    """Signed evidence that ``a`` is the source (positive) rather than ``b``.

    Each term compares the aligned text of both sides: more direct quotation,
    more plain "said", fewer rewriter's cue verbs, more names and numbers.
    """
    quotes = len(_QUOTE.findall(aligned_a)) - len(_QUOTE.findall(aligned_b))
    plain = len(_PLAIN_CUES.findall(aligned_a)) - len(_PLAIN_CUES.findall(aligned_b))
    fancy = len(_REWRITE_CUES.findall(aligned_b)) - len(_REWRITE_CUES.findall(aligned_a))
    specifics = len(anchors(aligned_a)) - len(anchors(aligned_b))
    return {
        "quotes": float(quotes),
        "plain_cues": float(plain),
        "rewrite_cues": float(fancy),
        "specifics": float(specifics),
    }


def _direct(alignment: Alignment) -> tuple[Article, Article, str, dict[str, float]]:
    a, b = alignment.a, alignment.b
    a_ids = sorted({l.a for l in alignment.links})
    b_ids = sorted({l.b for l in alignment.links})
    aligned_a = " ".join(a.sentence_texts()[i] for i in a_ids)
    aligned_b = " ".join(b.sentence_texts()[j] for j in b_ids)
    evidence = direction_evidence(aligned_a, aligned_b)
    votes = sum((value > 0) - (value < 0) for value in evidence.values())
    evidence["votes_for_first"] = float(votes)
    if a.date and b.date and a.date != b.date:
        earlier_first = a.date < b.date
        return (a, b, "dates", evidence) if earlier_first else (b, a, "dates", evidence)
    if votes > 0:
        return a, b, "evidence", evidence
    if votes < 0:
        return b, a, "evidence", evidence
    # No evidence either way: say so (the order given is not a finding).
    return a, b, "undetermined", evidence
