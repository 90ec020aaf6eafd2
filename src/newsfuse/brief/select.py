"""Choose the key points: central sentences that cover the story's facts.

Each candidate sentence is scored by how central it is (cosine to the
story's centroid), how many independent sources say something like it, and
what it adds: claim groups and entities not yet covered. Selection is
greedy; a sentence too close to one already chosen, or aligned with it by
provenance (a rewrite of the same sentence), is skipped, so a rewrite does
not say the same thing twice. Lead sentences get a small bonus (reporters
put the news first).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from ..facts.records import StoryFacts
from .sentences import Candidate, similarity_matrix

__all__ = ["SelectConfig", "score_candidates", "select_points", "aligned_pairs"]


@dataclass(frozen=True)
class SelectConfig:
    points: int = 8
    support_threshold: float = 0.3
    redundancy: float = 0.35
    w_central: float = 1.0
    w_support: float = 0.6
    w_claims: float = 0.25
    w_entities: float = 0.08
    w_lead: float = 0.15
    lead_sentences: int = 2


def aligned_pairs(provenance) -> set[tuple[tuple[str, int], tuple[str, int]]]:
    """Sentence pairs provenance aligned (both orders), as ((article, index), (article, index))."""
    pairs: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    for relation in getattr(provenance, "relations", None) or ():
        al = relation.alignment
        for link in al.links:
            x, y = (al.a.id, link.a), (al.b.id, link.b)
            pairs.add((x, y))
            pairs.add((y, x))
    return pairs


class _Spans:
    """The candidates' spans per article, to find the ones holding an offset without a
    pass over all of them: sorted by start, with the running maximum of their ends."""

    def __init__(self, cands: Sequence[Candidate]) -> None:
        by_article: dict[str, list[tuple[int, int, int]]] = {}
        for k, c in enumerate(cands):
            by_article.setdefault(c.article, []).append((c.start, c.end, k))
        self._index: dict[str, tuple[list[int], list[int], list[tuple[int, int, int]]]] = {}
        for article, spans in by_article.items():
            spans.sort()
            reach, top = [], -1
            for _, e, _ in spans:
                top = max(top, e)
                reach.append(top)
            self._index[article] = ([s for s, _, _ in spans], reach, spans)

    def holding(self, article: str, offset: int) -> list[int]:
        """Indexes ``k`` of the candidates of ``article`` with ``start <= offset < end``."""
        found = self._index.get(article)
        if found is None:
            return []
        starts, reach, spans = found
        out = []
        j = bisect.bisect_right(starts, offset) - 1  # the spans from j down start at or before offset
        while j >= 0 and reach[j] > offset:  # none further down ends after offset
            if spans[j][1] > offset:
                out.append(spans[j][2])
            j -= 1
        return out


def _claim_groups(cands: Sequence[Candidate], groups, spans: _Spans | None = None) -> list[set[int]]:
    """Per candidate: indexes of the claim groups with a value inside it that
    two independent sources report (or dispute)."""
    out: list[set[int]] = [set() for _ in cands]
    spans = _Spans(cands) if spans is None else spans
    for g, group in enumerate(groups):
        if group.independent_sources < 2:
            continue
        for v in group.values:
            for k in spans.holding(v.claim.article, v.claim.start):
                out[k].add(g)
    return out


def _entities(cands: Sequence[Candidate], facts: StoryFacts, spans: _Spans | None = None) -> list[set[str]]:
    """Per candidate: ids of entities named in two or more articles that it mentions."""
    out: list[set[str]] = [set() for _ in cands]
    spans = _Spans(cands) if spans is None else spans
    for entity in facts.entities:
        if len({m.article for m in entity.mentions}) < 2:
            continue
        for m in entity.mentions:
            for k in spans.holding(m.article, m.start):
                out[k].add(entity.id)
    return out


def score_candidates(
    cands: Sequence[Candidate], sources: Mapping[str, int], config: SelectConfig = SelectConfig()
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Base score per candidate, plus the similarity matrix and support counts.

    Returns:
        (scores, similarity, support) where support counts the independent
        sources other than the candidate's own with a sentence alike.
    """
    sim = similarity_matrix([c.terms for c in cands])
    n = len(cands)
    if n == 0:
        return np.zeros(0), sim, np.zeros(0)
    centroid = sim.mean(axis=1)
    support = np.zeros(n)
    source_of = [sources[c.article] for c in cands]
    alike = sim >= config.support_threshold
    for i in range(n):
        others = {source_of[j] for j in np.flatnonzero(alike[i]).tolist() if j != i}
        others.discard(source_of[i])
        support[i] = len(others)
    n_sources = max(1, len(set(sources.values())) - 1)
    central = centroid / (centroid.max() or 1.0)
    lead = np.array([1.0 if c.position < config.lead_sentences else 0.0 for c in cands])
    scores = config.w_central * central + config.w_support * support / n_sources + config.w_lead * lead
    return scores, sim, support


def select_points(
    cands: Sequence[Candidate],
    facts: StoryFacts,
    groups,
    sources: Mapping[str, int],
    provenance=None,
    config: SelectConfig = SelectConfig(),
    exclude: Sequence[int] = (),
    scored: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> list[tuple[int, float]]:
    """Indexes of the chosen candidates (with their scores), in choice order.

    ``exclude``: candidates already used (the headline); they and sentences
    alike them are not chosen. ``scored``: ``score_candidates(cands, sources,
    config)`` when the caller already has it (else computed).
    """
    scores, sim, _ = score_candidates(cands, sources, config) if scored is None else scored
    spans = _Spans(cands)
    claim_sets = _claim_groups(cands, groups, spans)
    entity_sets = _entities(cands, facts, spans)
    aligned = aligned_pairs(provenance)
    chosen: list[tuple[int, float]] = []
    covered_claims: set[int] = set()
    covered_entities: set[str] = set()
    blocked: set[int] = set()

    keys = [(c.article, c.index) for c in cands]
    # Python floats: the same IEEE doubles as numpy's scalars, compared and added alike, without a
    # numpy scalar per element
    base = scores.tolist() if isinstance(scores, np.ndarray) else list(scores)

    def block(best: int) -> None:
        key = keys[best]
        alike = (sim[best] >= config.redundancy).tolist()
        for j in range(len(cands)):
            if j == best or alike[j] or (aligned and (key, keys[j]) in aligned):
                blocked.add(j)

    for i in exclude:
        blocked.add(i)
        block(i)
    while len(chosen) < min(config.points, len(cands)):
        best, best_score = -1, -np.inf
        for i in range(len(cands)):
            if i in blocked:
                continue
            gain = (
                base[i]
                + config.w_claims * len(claim_sets[i] - covered_claims)
                + config.w_entities * min(3, len(entity_sets[i] - covered_entities))
            )
            if gain > best_score:
                best, best_score = i, gain
        if best < 0:
            break
        chosen.append((best, float(best_score)))
        covered_claims |= claim_sets[best]
        covered_entities |= entity_sets[best]
        blocked.add(best)
        block(best)
    return chosen
