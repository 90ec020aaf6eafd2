"""Evaluate story clustering on a labelled JSONL file (e.g. ECB+).

Each line: ``id``, ``text``, optional ``title``/``date``, the gold story in
``story`` (or ``event``), optionally a ``topic`` (used to form the
cross-validation folds; without it every gold story is its own group).

:func:`evaluate_stories` reports, all as B-cubed over articles:

* the shipped configuration, clustering incrementally in ``orders`` random
  arrival orders (mean precision/recall/F1, F1 spread = max - min). If the
  file is the one the shipped weights were fitted on (ECB+ dev topics
  1-35), this is an in-sample number;
* 2-fold cross-validation over topics: weights and thresholds fitted on the
  odd topics and applied to the even ones, and vice versa (the honest
  number);
* a batch baseline: TF-IDF + average-linkage agglomerative clustering
  (scikit-learn), its distance threshold tuned on the file itself.

Features are extracted once per run and shared by all orders and folds.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from newsfuse.errors import InputError
from newsfuse.model import Article, Format, Paragraph, RawDoc
from newsfuse.stories.bcubed import bcubed
from newsfuse.stories.cluster import StoryConfig
from newsfuse.stories.features import ArticleFeatures, FeatureExtractor

from .story_tune import fit_weights, run_order, teacher_examples, tune_thresholds

__all__ = ["LabelledSet", "read_labelled", "evaluate_stories", "baseline_tfidf", "cluster_orders"]

JOIN_GRID = (0.1, 0.2)
MERGE_GRID = (0.45, 0.55)
SPLIT_GRID = ((0.35, 0.6), (0.45, 0.6), (0.45, 0.0))  # (split_threshold, split_ratio)


@dataclass
class LabelledSet:
    articles: list[Article]
    gold: dict[str, str]
    groups: dict[str, str]
    failed_cleaning: int


def read_labelled(path: str | Path) -> LabelledSet:
    """Read a labelled JSONL file and clean every text with the project's Cleaner.

    A text the cleaner rejects (e.g. it looks like nothing but page chrome)
    is kept as it is, so every labelled article is scored.
    """
    from newsfuse.clean import Cleaner
    from newsfuse.segment import SentenceSplitter

    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}", f"not JSON ({exc.msg})") from None
            label = row.get("story", row.get("event"))
            if "id" not in row or "text" not in row or label is None:
                raise InputError(f"{path}:{n}", "needs id, text and story (or event)")
            rows.append(row)
    raws = [
        RawDoc(id=str(r["id"]), origin=f"{path.name}:{r['id']}", data=r["text"].encode("utf-8"),
               format=Format.TEXT, text=r["text"], title=r.get("title"), date=r.get("date"))
        for r in rows
    ]
    splitter = SentenceSplitter()
    articles: list[Article] = []
    failed = 0
    for raw, cleaned in zip(raws, Cleaner(splitter=splitter).clean_batch(raws)):
        if not isinstance(cleaned, Article):
            failed += 1
            text = raw.text or ""
            cleaned = Article(id=raw.id, text=text, title=raw.title, date=raw.date, outlet=None, url=None,
                              origin=raw.origin, raw_sha256=raw.raw_sha256,
                              paragraphs=(Paragraph(0, len(text)),), sentences=tuple(splitter.spans(text)))
        articles.append(cleaned)
    gold = {str(r["id"]): str(r.get("story", r.get("event"))) for r in rows}
    groups = {str(r["id"]): str(r.get("topic", r.get("story", r.get("event")))) for r in rows}
    return LabelledSet(articles, gold, groups, failed)


def _orders(n: int, count: int, seed: int) -> list[list[int]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        perm = list(range(n))
        rng.shuffle(perm)
        out.append(perm)
    return out


def cluster_orders(features: Sequence[ArticleFeatures], gold: dict[str, str], config: StoryConfig,
                   orders: int, seed: int) -> dict[str, Any]:
    """B-cubed of incremental runs over ``orders`` random arrival orders."""
    runs = []
    t0 = time.perf_counter()
    for perm in _orders(len(features), orders, seed):
        assignment = run_order(features, config, perm)
        score = bcubed(assignment, gold)
        score["stories"] = len(set(assignment.values()))
        runs.append(score)
    elapsed = time.perf_counter() - t0
    return _summary(runs, elapsed, len(features) * orders)


def _summary(runs: list[dict[str, Any]], elapsed: float, placed: int) -> dict[str, Any]:
    f1s = [r["f1"] for r in runs]
    return {
        "precision": float(np.mean([r["precision"] for r in runs])),
        "recall": float(np.mean([r["recall"] for r in runs])),
        "f1": float(np.mean(f1s)),
        "f1_spread": float(max(f1s) - min(f1s)),
        "f1_min": float(min(f1s)),
        "f1_max": float(max(f1s)),
        "stories": float(np.mean([r.get("stories", 0) for r in runs])),
        "runs": [{k: round(float(v), 4) for k, v in r.items() if k != "items"} for r in runs],
        "articles_per_s": placed / elapsed if elapsed > 0 else float("inf"),
    }


def fit_config(features: Sequence[ArticleFeatures], gold: dict[str, str], base: StoryConfig,
               seed: int = 0, teacher_orders: int = 2, tune_orders: int = 2,
               joins: Sequence[float] = JOIN_GRID, merges: Sequence[float] = MERGE_GRID,
               splits: Sequence[tuple[float, float]] = SPLIT_GRID) -> tuple[StoryConfig, float]:
    """Fit the two logistic models, then pick thresholds; returns (config, training F1)."""
    X, y, Xp, yp = teacher_examples(features, gold, base, orders=teacher_orders, seed=seed)
    cfg = replace(base, weights=fit_weights(X, y, prior=base.weights),
                  pair_weights=fit_weights(Xp, yp, prior=base.pair_weights))
    best = (-1.0, cfg)
    for split, ratio in splits:
        c, f1 = tune_thresholds(features, gold, replace(cfg, split_threshold=split, split_ratio=ratio),
                                joins, merges, orders=tune_orders, seed=seed + 1)
        if f1 > best[0]:
            best = (f1, c)
    return best[1], best[0]


def _folds(groups: dict[str, str], ids: Sequence[str]) -> list[set[str]]:
    """Two folds of group names: alternate groups in natural order (odd/even topics)."""
    def key(g: str):
        return (0, int(g), "") if g.isdigit() else (1, 0, g)

    names = sorted({groups[i] for i in ids}, key=key)
    return [set(names[0::2]), set(names[1::2])]


def cross_validate(features: Sequence[ArticleFeatures], gold: dict[str, str], groups: dict[str, str],
                   base: StoryConfig, orders: int, seed: int) -> dict[str, Any]:
    """2-fold CV over groups; test-fold assignments are pooled per order and scored together."""
    folds = _folds(groups, [f.id for f in features])
    pooled: list[dict[str, str]] = [dict() for _ in range(orders)]
    info = []
    t0 = time.perf_counter()
    for k, test_groups in enumerate(folds):
        train = [f for f in features if groups[f.id] not in test_groups]
        test = [f for f in features if groups[f.id] in test_groups]
        cfg, train_f1 = fit_config(train, gold, base, seed=seed)
        fold_runs = []
        for o, perm in enumerate(_orders(len(test), orders, seed + 100)):
            assignment = run_order(test, cfg, perm)
            fold_runs.append(bcubed(assignment, gold)["f1"])
            pooled[o].update({a: f"{k}:{s}" for a, s in assignment.items()})
        info.append({
            "test_groups": sorted(test_groups, key=lambda g: (len(g), g)),
            "train_f1": round(train_f1, 4),
            "test_f1": round(float(np.mean(fold_runs)), 4),
            "join_threshold": cfg.join_threshold,
            "merge_threshold": cfg.merge_threshold,
            "split_threshold": cfg.split_threshold,
            "split_ratio": cfg.split_ratio,
        })
    runs = []
    for assignment in pooled:
        score = bcubed(assignment, gold)
        score["stories"] = len(set(assignment.values()))
        runs.append(score)
    out = _summary(runs, time.perf_counter() - t0, 0)
    out.pop("articles_per_s")
    out["folds"] = info
    return out


def baseline_tfidf(articles: Sequence[Article], gold: dict[str, str],
                   thresholds: Sequence[float] | None = None) -> dict[str, Any]:
    """TF-IDF (sublinear, English stop words) + average-linkage agglomerative clustering.

    The cosine-distance threshold is tuned on the same articles (optimistic).
    """
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(articles) < 2:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0, "threshold": None}
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(
        [a.text for a in articles])
    dist = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, 2.0)
    ids = [a.id for a in articles]
    best: dict[str, Any] = {"f1": -1.0}
    for thr in thresholds or np.arange(0.5, 0.99, 0.01):
        labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                         distance_threshold=float(thr)).fit_predict(dist)
        score = bcubed(dict(zip(ids, labels.tolist())), gold)
        if score["f1"] > best["f1"]:
            best = {"precision": score["precision"], "recall": score["recall"], "f1": score["f1"],
                    "threshold": round(float(thr), 3), "stories": int(labels.max()) + 1}
    return best


def evaluate_stories(path: str | Path, orders: int = 5, seed: int = 0, *, config: StoryConfig | None = None,
                     entities: str | None = None, cv: bool = True, baseline: bool = True,
                     tune: bool = False, nlp: Any = None, encoder: Any = None,
                     threads: int = 2) -> dict[str, Any]:
    """Score incremental story clustering on a labelled JSONL file.

    Returns a dict with at least ``precision``, ``recall``, ``f1`` and
    ``f1_spread`` (shipped configuration, mean over ``orders`` random arrival
    orders), ``cv_f1`` (2-fold cross-validation over topics) and
    ``baseline_f1`` (TF-IDF + agglomerative, threshold tuned on the file);
    details under ``shipped``, ``cv``, ``baseline`` and ``timing``.

    Args:
        entities: override ``FeatureConfig.entity_source`` ("spacy",
            "anchors", "both").
        tune: also fit weights and thresholds on the whole file and report
            them (``tuned``; in-sample by construction).
    """
    config = config or StoryConfig()
    if entities is not None:
        config = replace(config, features=replace(config.features, entity_source=entities))
    timing: dict[str, float] = {}
    t0 = time.perf_counter()
    data = read_labelled(path)
    timing["read_clean_s"] = time.perf_counter() - t0
    if encoder is None and config.features.embed:
        from newsfuse.embed import SentenceEncoder

        int8 = config.features.embed_int8
        encoder = SentenceEncoder(threads=1 if int8 else threads, batch_size=1 if int8 else 32, int8=int8)
    extractor = FeatureExtractor(config.features, nlp=nlp, encoder=encoder)
    t0 = time.perf_counter()
    if config.features.entity_source != "anchors":
        _ = extractor.nlp  # load outside the timing of extraction
    timing["load_models_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    features = extractor.extract_many(data.articles)
    timing["features_s"] = time.perf_counter() - t0
    timing["features_per_s"] = len(features) / timing["features_s"] if timing["features_s"] else 0.0

    shipped = cluster_orders(features, data.gold, config, orders, seed)
    timing["cluster_per_s"] = shipped.pop("articles_per_s")
    result: dict[str, Any] = {
        "path": str(path),
        "articles": len(features),
        "gold_stories": len(set(data.gold.values())),
        "failed_cleaning": data.failed_cleaning,
        "orders": orders,
        "seed": seed,
        "entity_source": config.features.entity_source,
        "precision": shipped["precision"],
        "recall": shipped["recall"],
        "f1": shipped["f1"],
        "f1_spread": shipped["f1_spread"],
        "shipped": shipped,
    }
    if cv:
        t0 = time.perf_counter()
        cv_res = cross_validate(features, data.gold, data.groups, config, orders, seed)
        timing["cv_s"] = time.perf_counter() - t0
        result["cv_f1"] = cv_res["f1"]
        result["cv_f1_spread"] = cv_res["f1_spread"]
        result["cv"] = cv_res
    if tune:
        t0 = time.perf_counter()
        tuned_cfg, _ = fit_config(features, data.gold, config, seed=seed)
        tuned = cluster_orders(features, data.gold, tuned_cfg, orders, seed)
        tuned.pop("articles_per_s")
        tuned["weights"] = [round(w, 3) for w in tuned_cfg.weights]
        tuned["pair_weights"] = [round(w, 3) for w in tuned_cfg.pair_weights]
        tuned.update(join_threshold=tuned_cfg.join_threshold, merge_threshold=tuned_cfg.merge_threshold,
                     split_threshold=tuned_cfg.split_threshold, split_ratio=tuned_cfg.split_ratio)
        result["tuned"] = tuned
        timing["tune_s"] = time.perf_counter() - t0
    if baseline:
        t0 = time.perf_counter()
        base = baseline_tfidf(data.articles, data.gold)
        timing["baseline_s"] = time.perf_counter() - t0
        result["baseline_f1"] = base["f1"]
        result["baseline"] = base
    result["timing"] = {k: round(v, 2) for k, v in timing.items()}
    return result
