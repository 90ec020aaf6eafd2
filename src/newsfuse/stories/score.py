"""How strongly an article (or a story) belongs with a story.

Both sides are seen as a :class:`View`: weighted terms, weighted entities
with their *support* (the share of the side's articles that carry each
entity: 1 for an article), a unit embedding, a date range and a size.
:func:`pair_features` turns two views into a short vector of signals:

``terms``     cosine of IDF-weighted term vectors (topic and event words)
``entities``  cosine of IDF-weighted entity vectors (names, years, numbers)
``embedding`` cosine of the title+lead embeddings (centroid for a story)
``cover_x``   share (IDF-weighted) of x's *salient* entities -- the few
              heaviest names/numbers, those the lead states -- found in y
``cover_y``   the same for y's salient, well-supported entities found in x
``shared``    the IDF of the rarest entity the two share, scaled: one
              shared specific detail (victim, venue, score) is strong
              evidence even when the texts differ
``gap``       days between the dates when both are known (log scale)
``size``      log of the story size

The two ``cover`` signals carry the "neighbouring event" evidence: a report
of another earthquake shares the topic words but not the place and the
magnitude its lead leads with, so its salient entities are not covered.
:func:`probability` is a logistic model over these signals; its weights
live in :class:`newsfuse.stories.cluster.StoryConfig` (fitted on ECB+ with
cross-validation over topics, see ``eval/stories.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from .features import ArticleFeatures
from .index import Stats, StoryProfile

__all__ = ["FEATURES", "View", "article_view", "story_view", "pair_features", "probability"]

FEATURES = ("terms", "entities", "embedding", "cover_x", "cover_y", "shared", "gap", "size")


@dataclass
class View:
    """One side of a comparison: an article, or a story (``profile`` set).

    An article carries each of its entities fully (support 1); a story's
    support of an entity is the share of its members that carry it, read
    from the profile by :func:`salient` (the only user) when it needs it.
    """

    terms: Mapping[str, float]
    entities: Mapping[str, float]
    embedding: np.ndarray | None
    first_day: int | None
    last_day: int | None
    size: int
    profile: StoryProfile | None = None
    _norms: dict = field(default_factory=dict, repr=False)


def article_view(f: ArticleFeatures) -> View:
    return View(f.terms, f.entities, f.embedding, f.day, f.day, 1)


def story_view(s: StoryProfile) -> View:
    return View(s.terms, s.entities, s.centroid(), s.first_day, s.last_day, s.size, s)


def _norm(view: View, which: str, stats: Stats) -> float:
    if view.profile is not None:
        return view.profile.norm(which, stats)
    hit = view._norms.get(which)
    if hit is None:
        hit = view._norms[which] = stats.norm(view.terms if which == "terms" else view.entities, which)
    return hit


def _cosine(x: View, y: View, which: str, stats: Stats) -> float:
    a = x.terms if which == "terms" else x.entities
    b = y.terms if which == "terms" else y.entities
    if not a or not b:
        return 0.0
    dot = stats.dot(a, b, which)
    if dot == 0.0:
        return 0.0
    na = _norm(x, which, stats)
    nb = _norm(y, which, stats)
    return dot / (na * nb) if na and nb else 0.0


def salient(view: View, idf, k: int, min_support: float) -> list[tuple[str, float]]:
    """The ``k`` heaviest entities (weight x IDF), among those well supported."""
    items = []
    prof = view.profile
    if prof is None:
        if 1.0 >= min_support:
            items = [(key, w * idf(key)) for key, w in view.entities.items()]
    else:
        count = prof.entity_count
        n = max(prof.size, 1)
        for key, w in view.entities.items():
            s = count.get(key, 0) / n
            if s < min_support:
                continue
            items.append((key, w * idf(key) * s))
    items.sort(key=lambda kv: (-kv[1], kv[0]))
    return items[:k]


def _salient_cached(view: View, idf, k: int, min_support: float, n: int) -> list[tuple[str, float]]:
    """:func:`salient`, memoised on the view (article) or the story profile."""
    prof = view.profile
    if prof is not None:
        hit = prof._norms.get("salient")
        if hit is not None and hit[0] == prof.version and n <= hit[1] * 1.05:
            return hit[2]
        top = salient(view, idf, k, min_support)
        prof._norms["salient"] = (prof.version, n, top)
        return top
    top = view._norms.get("salient")
    if top is None:
        top = view._norms["salient"] = salient(view, idf, k, min_support)
    return top


def _cover(top: list[tuple[str, float]], other: View) -> float:
    total = sum(w for _, w in top)
    if total <= 0:
        return 0.0
    return sum(w for key, w in top if key in other.entities) / total


def pair_features(x: View, y: View, stats: Stats, salient_k: int = 6, min_support: float = 0.34) -> list[float]:
    """The signals of :data:`FEATURES` for views ``x`` (new) and ``y`` (story)."""
    idf_e = stats.idf_entity
    terms = _cosine(x, y, "terms", stats)
    ents = _cosine(x, y, "entities", stats)
    emb = float(np.dot(x.embedding, y.embedding)) if x.embedding is not None and y.embedding is not None else 0.0
    cover_x = _cover(_salient_cached(x, idf_e, salient_k, min_support, stats.n), y)
    cover_y = _cover(_salient_cached(y, idf_e, salient_k, min_support, stats.n), x)
    max_idf = math.log(stats.n + 1) + 1.0
    shared = 0.0
    for key in x.entities.keys() & y.entities.keys():
        shared = max(shared, idf_e(key))
    shared = shared / max_idf if max_idf > 0 else 0.0
    gap = 0.0
    if x.first_day is not None and y.first_day is not None:
        if x.last_day < y.first_day:
            days = y.first_day - x.last_day
        elif y.last_day < x.first_day:
            days = x.first_day - y.last_day
        else:
            days = 0
        gap = math.log1p(days)
    size = math.log(max(y.size, 1))
    return [terms, ents, emb, cover_x, cover_y, shared, gap, size]


def probability(features: list[float], weights: tuple[float, ...]) -> float:
    """Logistic model: ``weights`` = one coefficient per feature, then the bias."""
    if len(weights) != len(features) + 1:
        raise ValueError(f"{len(weights)} weights for {len(features)} signals (+ bias)")
    z = weights[-1] + sum(w * f for w, f in zip(weights, features))
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))
