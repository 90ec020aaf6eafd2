"""The sentences a brief may quote, and how alike they are.

A candidate is a whole sentence of a body paragraph (never a heading, never
a paragraph provenance flagged as filler) that reads as a sentence: enough
words, starts with a capital, digit or quote mark, ends with a full stop.
Similarity is TF-IDF cosine over stemmed content terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..model import Article, ParagraphKind
from ..reconcile.terms import terms

__all__ = ["Candidate", "candidates", "similarity_matrix", "filler_spans", "support_score"]

_ENDS = re.compile(r"[.!?][\"'”’)]*\s*$")
_STARTS = re.compile(r"^[\"'“‘(]?[A-Z0-9]")


@dataclass(frozen=True, slots=True)
class Candidate:
    article: str
    index: int  # into article.sentences
    start: int
    end: int
    text: str
    position: int  # rank of the sentence among the article's candidates
    terms: tuple[str, ...]


def filler_spans(provenance) -> dict[str, list[tuple[int, int]]]:
    """Article id -> filler paragraph spans from a provenance report."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for f in getattr(provenance, "filler", None) or ():
        spans.setdefault(f.article, []).append((f.start, f.end))
    return spans


def _inside(start: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in spans)


def candidates(articles: Sequence[Article], provenance=None, min_words: int = 8, max_words: int = 70) -> list[Candidate]:
    """Quotable sentences of ``articles``, in article order."""
    filler = filler_spans(provenance)
    out: list[Candidate] = []
    for article in articles:
        bodies = [p for p in article.paragraphs if p.kind is ParagraphKind.BODY]
        position = 0
        for index, span in enumerate(article.sentences):
            text = article.text[span.start : span.end]
            stripped = text.strip()
            if not stripped or not any(p.start <= span.start < p.end for p in bodies):
                continue
            if _inside(span.start, filler.get(article.id, ())):
                continue
            words = len(stripped.split())
            if not (min_words <= words <= max_words) or not _ENDS.search(stripped) or not _STARTS.match(stripped):
                continue
            lead = len(text) - len(text.lstrip())
            tail = len(text) - len(text.rstrip())
            out.append(
                Candidate(article.id, index, span.start + lead, span.end - tail, stripped, position, tuple(terms(stripped)))
            )
            position += 1
    return out


def similarity_matrix(items: Sequence[Sequence[str]]) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors of term lists."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not items:
        return np.zeros((0, 0))
    vectorizer = TfidfVectorizer(analyzer=lambda doc: list(doc), sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([list(t) or ["_"] for t in items])
    except ValueError:
        return np.eye(len(items))
    return (matrix @ matrix.T).toarray()


def support_score(point_terms: Sequence[str], span_text: str) -> float:
    """Share of the point's content terms that the span contains."""
    wanted = set(point_terms)
    if not wanted:
        return 0.0
    return len(wanted & set(terms(span_text))) / len(wanted)
