"""Align the sentences of two articles, keeping order as evidence.

A rewrite follows its source's order, so the alignment is the heaviest chain
of sentence pairs increasing in both articles (a weighted longest increasing
subsequence over the pairs that clear a similarity threshold). Sentences a
rewrite merged or split attach to the chain where their order allows. Aligned
sentence pairs are then grouped into paragraph-level passages.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Protocol, Sequence

import numpy as np

from ..model import Article, ParagraphKind, Span
from .shingle import containment, shingles

__all__ = [
    "AlignConfig",
    "SentenceLink",
    "Passage",
    "Alignment",
    "SimilarityModel",
    "align",
    "body_sentences",
]


class SimilarityModel(Protocol):
    """Scores every sentence of ``a`` against every sentence of ``b`` in [0, 1]."""

    name: str

    def matrix(self, a: Article, b: Article) -> np.ndarray: ...


@dataclass(frozen=True)
class AlignConfig:
    threshold: float = 0.75
    attach_threshold: float = 0.8
    min_chars: int = 25


@dataclass(frozen=True, slots=True)
class SentenceLink:
    a: int
    b: int
    score: float
    lexical: float
    backbone: bool = True


@dataclass(frozen=True, slots=True)
class Passage:
    """Paragraph ``a_paragraph`` of article a and ``b_paragraph`` of b share text."""

    a_paragraph: int
    b_paragraph: int
    a_span: Span
    b_span: Span
    score: float
    lexical: float
    links: tuple[SentenceLink, ...]


@dataclass(frozen=True)
class Alignment:
    a: Article
    b: Article
    links: tuple[SentenceLink, ...]
    passages: tuple[Passage, ...]
    a_sentences: int
    b_sentences: int
    runs: tuple[int, ...] = field(default=())

    @property
    def a_coverage(self) -> float:
        return len({l.a for l in self.links}) / self.a_sentences if self.a_sentences else 0.0

    @property
    def b_coverage(self) -> float:
        return len({l.b for l in self.links}) / self.b_sentences if self.b_sentences else 0.0

    @property
    def mean_score(self) -> float:
        return float(np.mean([l.score for l in self.links])) if self.links else 0.0

    @property
    def mean_lexical(self) -> float:
        return float(np.mean([l.lexical for l in self.links])) if self.links else 0.0

    @property
    def longest_run(self) -> int:
        return max(self.runs, default=0)


def body_sentences(article: Article) -> list[int]:
    """Indexes of the sentences that lie in body paragraphs (all of them, today)."""
    return [i for i, s in enumerate(article.sentences) if _paragraph_of(article, s.start, body_only=True) >= 0]


def _paragraph_of(article: Article, offset: int, body_only: bool = False) -> int:
    """Index of the paragraph holding ``offset``, or -1 (paragraphs are in text order, disjoint)."""
    paragraphs = article.paragraphs
    index = bisect_right(paragraphs, offset, key=lambda p: p.start) - 1
    if index < 0 or offset >= paragraphs[index].end:
        return -1
    if body_only and paragraphs[index].kind is not ParagraphKind.BODY:
        return -1
    return index


def _heaviest_chain(cells: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Heaviest chain of cells strictly increasing in both coordinates, in O(n log n).

    A weighted longest increasing subsequence: cells are taken row by row (a
    row's cells cannot precede each other) and a Fenwick tree over the second
    article's positions gives the heaviest chain ending left of each column.
    Ties go to the earliest cell in sorted order, and a cell starts a chain
    of its own unless a predecessor adds weight, as the quadratic reference
    did (``tests/test_bounded.py`` checks the two agree). A page and its
    verbatim reprint made of similar lines give ~10^5 cells: the quadratic
    loop took minutes, this takes a fraction of a second.
    """
    if not cells:
        return []
    cells = sorted(cells)
    rank = {j: r for r, j in enumerate(sorted({j for _, j, _ in cells}), start=1)}
    size = len(rank)
    tree_best = [-math.inf] * (size + 1)  # prefix maxima of chain weights over columns
    tree_at = [-1] * (size + 1)  # the earliest cell reaching that maximum
    best = [0.0] * len(cells)
    back = [-1] * len(cells)
    start = 0
    while start < len(cells):
        row = cells[start][0]
        end = start
        while end < len(cells) and cells[end][0] == row:
            end += 1
        for k in range(start, end):
            _, j, w = cells[k]
            found, at = -math.inf, -1
            r = rank[j] - 1
            while r > 0:
                value = tree_best[r]
                if value > found or (value == found and tree_at[r] < at):
                    found, at = value, tree_at[r]
                r -= r & -r
            if at >= 0 and found + w > w:
                best[k], back[k] = found + w, at
            else:
                best[k] = w
        for k in range(start, end):
            value, r = best[k], rank[cells[k][1]]
            while r <= size:
                if value > tree_best[r] or (value == tree_best[r] and k < tree_at[r]):
                    tree_best[r], tree_at[r] = value, k
                r += r & -r
        start = end
    k = best.index(max(best))
    chain = []
    while k >= 0:
        chain.append(cells[k])
        k = back[k]
    return chain[::-1]


def _cells(matrix: np.ndarray, a_ok: list[int], b_ok: set[int], threshold: float) -> list[tuple[int, int, float]]:
    """Sentence pairs at or over ``threshold`` as (a, b, weight over the threshold), found in one array pass."""
    if not a_ok or not b_ok:
        return []
    rows = np.asarray(a_ok, dtype=np.intp)
    allowed = np.zeros(matrix.shape[1], dtype=bool)
    allowed[sorted(b_ok)] = True
    block = matrix[rows]
    hit_rows, hit_cols = np.nonzero((block >= threshold) & allowed)
    weights = block[hit_rows, hit_cols] - threshold
    return list(zip(rows[hit_rows].tolist(), hit_cols.tolist(), weights.tolist()))


def _runs(links: Sequence[SentenceLink], gap: int = 1) -> tuple[int, ...]:
    """Lengths of stretches where consecutive links advance together in both texts."""
    backbone = [l for l in links if l.backbone]
    if not backbone:
        return ()
    runs, current = [], 1
    for prev, cur in zip(backbone, backbone[1:]):
        if cur.a - prev.a <= gap + 1 and cur.b - prev.b <= gap + 1:
            current += 1
        else:
            runs.append(current)
            current = 1
    runs.append(current)
    return tuple(runs)


def align(a: Article, b: Article, similarity: SimilarityModel, config: AlignConfig = AlignConfig()) -> Alignment:
    """Align two articles' sentences and group the links into passages.

    Example:
        See ``tests/test_provenance.py`` for the examples' rewrite pair.
    """
    matrix = similarity.matrix(a, b)
    a_text, b_text = a.sentence_texts(), b.sentence_texts()
    a_ok = [i for i in body_sentences(a) if len(a_text[i]) >= config.min_chars]
    b_ok = set(i for i in body_sentences(b) if len(b_text[i]) >= config.min_chars)
    chain = _heaviest_chain(_cells(matrix, a_ok, b_ok, config.threshold))
    shingle_cache: dict[tuple[str, int], set[bytes]] = {}

    def lexical(i: int, j: int) -> float:
        sa = shingle_cache.setdefault(("a", i), shingles(a_text[i], 3))
        sb = shingle_cache.setdefault(("b", j), shingles(b_text[j], 3))
        return max(containment(sa, sb), containment(sb, sa))

    links = [SentenceLink(i, j, float(matrix[i, j]), lexical(i, j)) for i, j, _ in chain]
    links.extend(_attachments(links, matrix, a_ok, b_ok, config, lexical))
    links.sort(key=lambda l: (l.a, l.b))
    return Alignment(
        a=a,
        b=b,
        links=tuple(links),
        passages=tuple(_passages(a, b, links)),
        a_sentences=len(a_ok),
        b_sentences=len(b_ok),
        runs=_runs(sorted(links, key=lambda l: (l.a, l.b))),
    )


def _attachments(links, matrix, a_ok, b_ok, config, lexical) -> list[SentenceLink]:
    """Merged/split sentences: unlinked sentences whose best match keeps order.

    The backbone is a chain (increasing in both articles), so the links
    before and after a sentence are found by bisection, not by a scan.
    """
    if not links:
        return []
    extra: list[SentenceLink] = []
    used_a = {l.a for l in links}
    used_b = {l.b for l in links}
    backbone = sorted((l.a, l.b) for l in links)
    backbone_a = [ai for ai, _ in backbone]
    backbone_b = [bj for _, bj in backbone]
    a_set = set(a_ok)
    for i in a_ok:
        if i in used_a:
            continue
        row = matrix[i]
        j = int(np.argmax(row))
        if row[j] < config.attach_threshold or j not in b_ok:
            continue
        if _keeps_order(backbone_a, backbone_b, i, j):
            extra.append(SentenceLink(i, j, float(row[j]), lexical(i, j), backbone=False))
    for j in sorted(b_ok):
        if j in used_b:
            continue
        column = matrix[:, j]
        i = int(np.argmax(column))
        if column[i] < config.attach_threshold or i not in a_set:
            continue
        if _keeps_order(backbone_b, backbone_a, j, i):
            extra.append(SentenceLink(i, j, float(column[i]), lexical(i, j), backbone=False))
    return extra


def _keeps_order(own: list[int], other: list[int], position: int, match: int) -> bool:
    """``match`` lies between the other-side positions of the chain links just before and after ``position``.

    ``own`` and ``other`` are the chain's positions in each article, both increasing.
    """
    before = bisect_left(own, position)  # links strictly before: own[:before]
    after = bisect_right(own, position)  # links strictly after: own[after:]
    return (before == 0 or match >= other[before - 1]) and (after == len(own) or match <= other[after])


def _passages(a: Article, b: Article, links: Sequence[SentenceLink]) -> list[Passage]:
    groups: dict[tuple[int, int], list[SentenceLink]] = {}
    for link in links:
        pa = _paragraph_of(a, a.sentences[link.a].start)
        pb = _paragraph_of(b, b.sentences[link.b].start)
        groups.setdefault((pa, pb), []).append(link)
    passages = []
    for (pa, pb), group in sorted(groups.items()):
        para_a, para_b = a.paragraphs[pa], b.paragraphs[pb]
        passages.append(
            Passage(
                a_paragraph=pa,
                b_paragraph=pb,
                a_span=Span(para_a.start, para_a.end),
                b_span=Span(para_b.start, para_b.end),
                score=float(np.mean([l.score for l in group])),
                lexical=float(np.mean([l.lexical for l in group])),
                links=tuple(group),
            )
        )
    return passages
