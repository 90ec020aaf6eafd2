"""The sentences a brief may quote, and how alike they are.

A candidate is a whole sentence of a body paragraph (never a heading, never
a paragraph provenance flagged as filler) that reads as a sentence: enough
words, starts with a capital, digit or quote mark, ends with a full stop.
Similarity is TF-IDF cosine over stemmed content terms.
"""

from __future__ import annotations

import bisect
import itertools
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
        # Body paragraphs by start, with the running maximum of their ends: a sentence
        # starts in one iff one of those starting at or before it ends after it.
        bodies = sorted((p.start, p.end) for p in article.paragraphs if p.kind is ParagraphKind.BODY)
        body_starts = [s for s, _ in bodies]
        body_reach = list(itertools.accumulate((e for _, e in bodies), max))
        position = 0
        for index, span in enumerate(article.sentences):
            text = article.text[span.start : span.end]
            stripped = text.strip()
            if not stripped:
                continue
            b = bisect.bisect_right(body_starts, span.start) - 1
            if b < 0 or body_reach[b] <= span.start:  # in no body paragraph
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
    """Cosine similarity of TF-IDF vectors of term lists.

    The numbers of scikit-learn's ``TfidfVectorizer(analyzer=list,
    sublinear_tf=True)`` fitted on ``items`` (an empty list as ``["_"]``),
    bit for bit: the same sparse matrix (each row's terms in order of first
    appearance in ``items``, numbered alphabetically), the same numpy
    operations in the same order and the same row normalisation and product,
    without the vectorizer's validation and vocabulary passes, which cost
    more than the arithmetic for a story's few dozen sentences.
    """
    if not items:
        return np.zeros((0, 0))
    return _similarity(_tfidf(items))


def _tfidf(items: Sequence[Sequence[str]]):
    """The l2-normalised TF-IDF matrix ``TfidfVectorizer(analyzer=list, sublinear_tf=True)``
    makes of ``items`` (CSR, float64, int32 indices, the vectorizer's entry order)."""
    from scipy.sparse import csr_matrix
    from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

    vocabulary: dict[str, int] = {}  # term -> index in order of first appearance
    cols: list[int] = []
    counts: list[int] = []
    indptr = [0]
    add = vocabulary.setdefault
    for item in items:
        ks = [add(term, len(vocabulary)) for term in item or ("_",)]
        if len(set(ks)) == len(ks):  # distinct terms (as Candidate.terms are): counts of 1
            ks.sort()  # the vectorizer sorts each row by first-appearance index
            cols.extend(ks)
            counts.extend([1] * len(ks))
        else:
            row: dict[int, int] = {}
            for k in ks:
                row[k] = row.get(k, 0) + 1
            ks = sorted(row)
            cols.extend(ks)
            counts.extend([row[k] for k in ks])
        indptr.append(len(cols))
    # then numbers the terms alphabetically, keeping each row's entry order
    rank = np.empty(len(vocabulary), dtype=np.int32)
    for new, term in enumerate(sorted(vocabulary)):
        rank[vocabulary[term]] = new
    indices = rank[np.asarray(cols, dtype=np.int32)]
    data = np.asarray(counts, dtype=np.float64)
    np.log(data, data)  # sublinear tf
    data += 1.0
    df = np.bincount(indices, minlength=len(vocabulary)).astype(np.float64)  # smooth idf
    df += 1.0
    idf = np.full_like(df, fill_value=len(items) + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    data *= idf[indices]
    matrix = csr_matrix((data, indices, np.asarray(indptr, dtype=np.int32)), shape=(len(items), len(vocabulary)))
    inplace_csr_row_normalize_l2(matrix)
    return matrix


def _similarity(matrix) -> np.ndarray:
    return (matrix @ matrix.T).toarray()


def support_score(point_terms: Sequence[str], span_text: str) -> float:
    """Share of the point's content terms that the span contains."""
    wanted = set(point_terms)
    if not wanted:
        return 0.0
    return len(wanted & set(terms(span_text))) / len(wanted)
