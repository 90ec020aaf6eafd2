"""Fitting the story model's weights and thresholds on labelled articles.

Weights: the clusterer is replayed over random arrival orders with the gold
stories forced (teacher forcing), and every (article, candidate story) pair
it would have scored becomes one example for a logistic regression over the
signals of :data:`newsfuse.stories.score.FEATURES`. Thresholds: a small
grid, scored by B-cubed F1 of real (not forced) incremental runs.

Used by ``eval/stories.py`` both in-sample and in 2-fold cross-validation
over topics.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Mapping, Sequence

import numpy as np

from newsfuse.stories.bcubed import bcubed
from newsfuse.stories.cluster import StoryClusterer, StoryConfig
from newsfuse.stories.features import ArticleFeatures, FeatureExtractor
from newsfuse.stories.score import article_view, pair_features

__all__ = ["teacher_examples", "fit_weights", "run_order", "tune_thresholds"]


def _fresh(config: StoryConfig) -> StoryClusterer:
    # an extractor that never loads anything: features are given precomputed
    return StoryClusterer(config, extractor=FeatureExtractor(config.features, nlp=False, encoder=False))


def teacher_examples(features: Sequence[ArticleFeatures], gold: Mapping[str, str], config: StoryConfig,
                     orders: int = 3, seed: int = 0, pair_members: int = 4
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Signals and labels of every candidate scored under gold placement.

    Returns ``(X, y, Xp, yp)``: article-vs-story examples, and article-vs-
    article examples (the article against up to ``pair_members`` members of
    each candidate story).
    """
    xs: list[list[float]] = []
    ys: list[int] = []
    xp: list[list[float]] = []
    yp: list[int] = []
    rng = random.Random(seed)
    for _ in range(orders):
        order = list(features)
        rng.shuffle(order)
        c = _fresh(config)
        story_of_gold: dict[str, str] = {}
        for f in order:
            c._count += 1
            c.stats.add(f)
            keys = c._keys(f)
            target = story_of_gold.get(gold[f.id])
            view = article_view(f)
            for sid, x in c.candidate_features(f, keys):
                xs.append(x)
                ys.append(int(sid == target))
                members = c._stories[sid].articles
                for aid in rng.sample(members, min(pair_members, len(members))):
                    other = article_view(c._members[aid].features)
                    xp.append(pair_features(view, other, c.stats, config.salient_k, config.min_support))
                    yp.append(int(gold[aid] == gold[f.id]))
            story = c._place(f, keys, c._stories[target] if target else None)
            story_of_gold[gold[f.id]] = story.id
    return (np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.int64),
            np.asarray(xp, dtype=np.float64), np.asarray(yp, dtype=np.int64))


def fit_weights(X: np.ndarray, y: np.ndarray, C: float = 1.0,
                prior: Sequence[float] | None = None) -> tuple[float, ...]:
    """Logistic-regression coefficients then bias, as StoryConfig.weights.

    A signal that never varies in the data (e.g. ``gap`` when no article has
    a date) cannot be fitted; it keeps its coefficient from ``prior``.
    """
    from sklearn.linear_model import LogisticRegression

    varying = X.std(axis=0) > 1e-9
    model = LogisticRegression(C=C, max_iter=3000)
    model.fit(X[:, varying], y)
    coef = iter(model.coef_[0].tolist())
    weights = [next(coef) if v else (float(prior[i]) if prior is not None else 0.0)
               for i, v in enumerate(varying)]
    return tuple(float(w) for w in weights) + (float(model.intercept_[0]),)


def run_order(features: Sequence[ArticleFeatures], config: StoryConfig, order: Sequence[int]) -> dict[str, str]:
    """Cluster ``features`` incrementally in the given order; article id -> story id."""
    c = _fresh(config)
    for i in order:
        c.add_features(features[i])
    return c.assignments()


def tune_thresholds(features: Sequence[ArticleFeatures], gold: Mapping[str, str], config: StoryConfig,
                    joins: Sequence[float], merges: Sequence[float], orders: int = 2,
                    seed: int = 0) -> tuple[StoryConfig, float]:
    """Best (join, merge) threshold pair by mean B-cubed F1 over random orders.

    Merge thresholds not above the config's split threshold are skipped (a
    merge would undo the split it follows).
    """
    rng = random.Random(seed)
    perms = []
    for _ in range(orders):
        perm = list(range(len(features)))
        rng.shuffle(perm)
        perms.append(perm)
    best = (-1.0, config)
    for j in joins:
        for m in merges:
            if m <= config.split_threshold:
                continue
            cfg = replace(config, join_threshold=j, merge_threshold=m)
            f1 = float(np.mean([bcubed(run_order(features, cfg, p), gold)["f1"] for p in perms]))
            if f1 > best[0]:
                best = (f1, cfg)
    return best[1], best[0]
