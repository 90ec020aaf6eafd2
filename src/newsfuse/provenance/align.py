"""Align the sentences of two articles, keeping order as evidence.

A rewrite follows its source's order, so the alignment is the heaviest chain
of sentence pairs increasing in both articles (a weighted longest increasing
subsequence over the pairs that clear a similarity threshold). Sentences a
rewrite merged or split attach to the chain where their order allows. Aligned
sentence pairs are then grouped into paragraph-level passages.
"""

from __future__ import annotations

from bisect import bisect_right
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
    """Heaviest chain of cells strictly increasing in both coordinates."""
    if not cells:
        return []
    cells = sorted(cells)
    best = [w for _, _, w in cells]
    back = [-1] * len(cells)
    for k, (i, j, w) in enumerate(cells):
        for q in range(k):
            pi, pj, _ = cells[q]
            if pi < i and pj < j and best[q] + w > best[k]:
                best[k] = best[q] + w
                back[k] = q
    k = int(np.argmax(best))
    chain = []
    while k >= 0:
        chain.append(cells[k])
        k = back[k]
    return chain[::-1]


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
    cells = [
        (i, j, float(matrix[i, j] - config.threshold))
        for i in a_ok
        for j in np.nonzero(matrix[i] >= config.threshold)[0].tolist()
        if j in b_ok
    ]
    chain = _heaviest_chain(cells)
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
    """Merged/split sentences: unlinked sentences whose best match keeps order."""
    if not links:
        return []
    extra: list[SentenceLink] = []
    used_a = {l.a for l in links}
    used_b = {l.b for l in links}
    backbone = sorted((l.a, l.b) for l in links)
    for i in a_ok:
        if i in used_a:
            continue
        row = matrix[i]
        j = int(np.argmax(row))
        if row[j] < config.attach_threshold or j not in b_ok:
            continue
        before = [bj for ai, bj in backbone if ai < i]
        after = [bj for ai, bj in backbone if ai > i]
        if (not before or j >= max(before)) and (not after or j <= min(after)):
            extra.append(SentenceLink(i, j, float(row[j]), lexical(i, j), backbone=False))
    for j in sorted(b_ok):
        if j in used_b:
            continue
        column = matrix[:, j]
        i = int(np.argmax(column))
        if column[i] < config.attach_threshold or i not in set(a_ok):
            continue
        before = [ai for ai, bj in backbone if bj < j]
        after = [ai for ai, bj in backbone if bj > j]
        if (not before or i >= max(before)) and (not after or i <= min(after)):
            extra.append(SentenceLink(i, j, float(column[i]), lexical(i, j), backbone=False))
    return extra


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
