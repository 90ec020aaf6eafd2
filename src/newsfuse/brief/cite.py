"""Citations of a point: its own sentence, and the sentences of other
articles that say the same (provenance-aligned, or near-identical by TF-IDF),
each kept only when its span really contains most of the point's content
terms."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..model import Article
from .model import Citation, CitationKind
from .sentences import Candidate, filler_spans, support_score

__all__ = ["cite", "MIN_SUPPORT"]

MIN_SUPPORT = 0.5


def cite(
    i: int,
    cands: Sequence[Candidate],
    sim: np.ndarray,
    articles: Sequence[Article],
    aligned: set,
    provenance=None,
    near: float = 0.5,
) -> tuple[Citation, ...]:
    """The source citation of candidate ``i`` and its best support in each other article."""
    point = cands[i]
    by_id = {a.id: a for a in articles}
    filler = filler_spans(provenance)
    best: dict[str, Citation] = {}

    def consider(article_id: str, start: int, end: int) -> None:
        if article_id == point.article or any(s <= start < e for s, e in filler.get(article_id, ())):
            return
        text = by_id[article_id].text[start:end]
        score = support_score(point.terms, text)
        if score >= MIN_SUPPORT and (article_id not in best or score > best[article_id].score):
            best[article_id] = Citation(article_id, start, end, CitationKind.SUPPORT, round(score, 3))

    key = (point.article, point.index)
    for (x, y) in aligned:
        if x == key and y[0] in by_id and 0 <= y[1] < len(by_id[y[0]].sentences):
            span = by_id[y[0]].sentences[y[1]]
            text = by_id[y[0]].text[span.start : span.end]
            lead = len(text) - len(text.lstrip())
            consider(y[0], span.start + lead, span.end - (len(text) - len(text.rstrip())))
    for j in np.nonzero(sim[i] >= near)[0]:
        if j != i:
            consider(cands[j].article, cands[j].start, cands[j].end)
    own = Citation(point.article, point.start, point.end, CitationKind.SOURCE, 1.0)
    return (own, *sorted(best.values(), key=lambda c: c.article))
