"""Training and evaluating the paraphrase scorer on MRPC-format files.

The scorer itself (:class:`newsfuse.provenance.paraphrase.ParaphraseScorer`)
ships with the runtime; this half only fits and scores it, so it lives
outside the runtime package: ``eval/train_paraphrase.py`` writes the shipped
weights with :func:`train_with_threshold`, ``eval/paraphrase.py`` and
``newsfuse eval paraphrase`` call :func:`evaluate_paraphrase`. Plain numpy
(Newton's method), so scikit-learn is not needed either.
"""

from __future__ import annotations

import csv
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from newsfuse.errors import InputError
from newsfuse.provenance.paraphrase import (
    FEATURE_NAMES,
    LogisticModel,
    _sigmoid,
    default_model_path,
    encode_texts,
    featurize,
)

__all__ = [
    "MrpcData",
    "best_f1_threshold",
    "binary_metrics",
    "cross_validate",
    "evaluate_paraphrase",
    "fit_logistic",
    "read_mrpc",
    "tfidf_cosine",
    "train_with_threshold",
]

_NF = len(FEATURE_NAMES)

# ---------------------------------------------------------------------------
# The model: standardised logistic regression fitted with Newton's method
# ---------------------------------------------------------------------------


def fit_logistic(X: np.ndarray, y: np.ndarray, C: float = 1.0, *, max_iter: int = 50,
                 tol: float = 1e-8) -> LogisticModel:
    """L2-regularised logistic regression on standardised features (Newton/IRLS).

    Minimises ``sum(logloss) + ||w||^2 / (2C)`` with the intercept unpenalised,
    the same objective as scikit-learn's ``LogisticRegression(C=C)`` after a
    ``StandardScaler``.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-12] = 1.0
    Z = np.hstack([(X - mean) / scale, np.ones((len(X), 1))])
    d = Z.shape[1]
    reg = np.full(d, 1.0 / C)
    reg[-1] = 0.0
    w = np.zeros(d)
    for _ in range(max_iter):
        p = _sigmoid(Z @ w)
        grad = Z.T @ (p - y) + reg * w
        H = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(reg) + 1e-9 * np.eye(d)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.max(np.abs(step)) < tol:
            break
    names = FEATURE_NAMES if X.shape[1] == _NF else tuple(f"f{i}" for i in range(X.shape[1]))
    return LogisticModel(names, mean, scale, w[:-1].copy(), float(w[-1]))


# ---------------------------------------------------------------------------
# Metrics and thresholds
# ---------------------------------------------------------------------------


def binary_metrics(y_true: Sequence[int] | np.ndarray, y_pred: Sequence[int] | np.ndarray) -> dict[str, float]:
    """Accuracy and precision/recall/F1 of the positive class."""
    t = np.asarray(y_true).astype(bool)
    p = np.asarray(y_pred).astype(bool)
    tp = int((t & p).sum())
    fp = int((~t & p).sum())
    fn = int((t & ~p).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "accuracy": float((t == p).mean()) if len(t) else 0.0,
        "precision": prec,
        "recall": rec,
        "f1": f1,
        "pairs": int(len(t)),
    }


def best_f1_threshold(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Threshold on ``scores`` maximising positive-class F1; returns (threshold, f1).

    Predicts positive for ``score >= threshold``; the threshold returned is the
    midpoint between neighbouring distinct scores.
    """
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(y).astype(bool)
    order = np.argsort(-s, kind="stable")
    ss, yy = s[order], y[order]
    tp = np.cumsum(yy)
    k = np.arange(1, len(ss) + 1)
    f1 = 2 * tp / (k + y.sum())
    # only cut where the next score differs
    last = np.r_[ss[1:] != ss[:-1], True]
    f1 = np.where(last, f1, -1.0)
    i = int(np.argmax(f1))
    thr = (ss[i] + ss[i + 1]) / 2 if i + 1 < len(ss) else ss[i] - 1e-9
    return float(thr), float(f1[i])


# ---------------------------------------------------------------------------
# MRPC files and evaluation
# ---------------------------------------------------------------------------


@dataclass
class MrpcData:
    pairs: list[tuple[str, str]]
    labels: np.ndarray  # int 0/1


def read_mrpc(path: str | Path) -> MrpcData:
    """Read an MRPC-format TSV (header; Quality, #1 ID, #2 ID, #1 String, #2 String)."""
    path = Path(path)
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    pairs: list[tuple[str, str]] = []
    labels: list[int] = []
    with fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None:
            raise InputError(str(path), "empty file")
        if not header or header[0].strip().lower() != "quality":
            raise InputError(str(path), "not an MRPC file (first header column is not 'Quality')")
        for lineno, row in enumerate(reader, start=2):
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) < 5 or row[0].strip() not in {"0", "1"}:
                raise InputError(f"{path}:{lineno}", "expected 5 tab-separated columns with Quality 0 or 1")
            labels.append(int(row[0]))
            pairs.append((row[3], row[4]))
    if not pairs:
        raise InputError(str(path), "no sentence pairs")
    return MrpcData(pairs, np.asarray(labels, dtype=np.int64))


_TFIDF_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def tfidf_cosine(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """TF-IDF cosine per pair, IDF fitted on all sentences of ``pairs``.

    Same recipe as scikit-learn's ``TfidfVectorizer()`` defaults (lower-case,
    2+ character word tokens, smooth IDF, sublinear off, L2 norm).
    """
    docs = [[w for w in _TFIDF_TOKEN.findall(t.lower())] for p in pairs for t in p]
    df: dict[str, int] = {}
    for d in docs:
        for w in set(d):
            df[w] = df.get(w, 0) + 1
    n = len(docs)
    idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}

    def vec(d: list[str]) -> dict[str, float]:
        tf: dict[str, float] = {}
        for w in d:
            tf[w] = tf.get(w, 0.0) + 1.0
        v = {w: c * idf[w] for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    out = np.zeros(len(pairs))
    for i in range(len(pairs)):
        va, vb = vec(docs[2 * i]), vec(docs[2 * i + 1])
        out[i] = sum(x * vb.get(w, 0.0) for w, x in va.items())
    return out


def _folds(y: np.ndarray, k: int, seed: int) -> list[np.ndarray]:
    """Stratified fold assignment: list of test-index arrays."""
    rng = np.random.default_rng(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    for cls in np.unique(y):
        idx = np.flatnonzero(y == cls)
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[j % k].append(int(i))
    return [np.sort(np.asarray(f, dtype=np.int64)) for f in folds]


def train_with_threshold(X: np.ndarray, y: np.ndarray, C: float = 1.0, *, inner_folds: int = 5,
                         seed: int = 0) -> tuple[LogisticModel, dict[str, float]]:
    """Fit on all of ``X``; tune the F1 threshold on out-of-fold probabilities.

    Returns the model (with ``threshold`` set) and the out-of-fold metrics at
    that threshold.
    """
    oof = np.zeros(len(y))
    for te in _folds(y, inner_folds, seed):
        tr = np.setdiff1d(np.arange(len(y)), te)
        oof[te] = fit_logistic(X[tr], y[tr], C).predict_proba(X[te])
    thr, _ = best_f1_threshold(oof, y)
    model = fit_logistic(X, y, C)
    model.threshold = thr
    return model, binary_metrics(y, oof >= thr)


def cross_validate(X: np.ndarray, y: np.ndarray, *, folds: int = 10, C: float = 1.0,
                   seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """k-fold CV: train on k-1 folds (threshold tuned by inner CV there), score the held-out fold.

    Returns (probabilities, predictions) for every pair, each from the model
    that did not see it.
    """
    proba = np.zeros(len(y))
    pred = np.zeros(len(y), dtype=bool)
    for te in _folds(y, folds, seed):
        tr = np.setdiff1d(np.arange(len(y)), te)
        model, _ = train_with_threshold(X[tr], y[tr], C, seed=seed + 1)
        proba[te] = model.predict_proba(X[te])
        pred[te] = proba[te] >= model.threshold
    return proba, pred


def evaluate_paraphrase(path: str | Path, *, encoder: Any = None, model: LogisticModel | str | Path | None = None,
                        folds: int = 10, seed: int = 0, C: float = 1.0, threads: int = 2,
                        limit: int | None = None) -> dict[str, Any]:
    """Evaluate on an MRPC-format file.

    The top-level ``accuracy``/``precision``/``recall``/``f1``/``pairs`` are the
    newsfuse scorer under ``folds``-fold cross-validation on the file (each
    pair scored by a model trained without it, decision threshold tuned inside
    the training folds). Also returned, under ``systems``:

    * ``tfidf``: TF-IDF cosine, threshold tuned on the whole file (optimistic);
    * ``minilm``: MiniLM cosine, threshold tuned on the whole file (optimistic);
    * ``newsfuse_cv``: same as the top level;
    * ``newsfuse_shipped``: the shipped weights and threshold. If the file is
      the one they were trained on, this is a training-set number.

    ``limit`` keeps a random sample (seeded by ``seed``) of that many pairs.
    """
    data = read_mrpc(path)
    pairs, y = data.pairs, data.labels
    if limit is not None and limit < len(pairs):
        rng = np.random.default_rng(seed)
        keep = np.sort(rng.choice(len(pairs), size=limit, replace=False))
        pairs = [pairs[i] for i in keep]
        y = y[keep]
    if encoder is None:
        from newsfuse.embed import SentenceEncoder

        encoder = SentenceEncoder(threads=threads)
    shipped = model if isinstance(model, LogisticModel) else LogisticModel.load(model or default_model_path())

    systems: dict[str, dict[str, Any]] = {}

    t0 = time.perf_counter()
    tf = tfidf_cosine(pairs)
    t_tf = time.perf_counter() - t0
    thr, _ = best_f1_threshold(tf, y)
    systems["tfidf"] = {**binary_metrics(y, tf >= thr), "threshold": thr, "threshold_tuned_on": "this file",
                        "pairs_per_s": len(pairs) / max(t_tf, 1e-9)}

    t0 = time.perf_counter()
    enc = encode_texts(encoder, (t for p in pairs for t in p))
    t_enc = time.perf_counter() - t0
    cos = np.array([float(enc.sentence[enc.index[a]] @ enc.sentence[enc.index[b]]) for a, b in pairs])
    t_cos = time.perf_counter() - t0
    thr, _ = best_f1_threshold(cos, y)
    systems["minilm"] = {**binary_metrics(y, cos >= thr), "threshold": thr, "threshold_tuned_on": "this file",
                         "pairs_per_s": len(pairs) / max(t_cos, 1e-9)}

    t0 = time.perf_counter()
    X = featurize(pairs, enc)
    t_feat = time.perf_counter() - t0
    t0 = time.perf_counter()
    p_ship = shipped.predict_proba(X)
    t_lin = time.perf_counter() - t0
    nf_speed = len(pairs) / max(t_enc + t_feat + t_lin, 1e-9)

    t0 = time.perf_counter()
    proba, pred = cross_validate(X, y, folds=folds, C=C, seed=seed)
    t_cv = time.perf_counter() - t0
    cv = {**binary_metrics(y, pred), "folds": folds, "pairs_per_s": nf_speed,
          "threshold": "tuned per training fold (inner 5-fold CV)", "train_s": t_cv}
    systems["newsfuse_cv"] = cv
    systems["newsfuse_shipped"] = {**binary_metrics(y, p_ship >= shipped.threshold),
                                   "threshold": shipped.threshold, "pairs_per_s": nf_speed,
                                   "trained_on": (shipped.meta or {}).get("trained_on")}

    return {
        **{k: cv[k] for k in ("accuracy", "precision", "recall", "f1", "pairs")},
        "path": str(path),
        "positives": int(y.sum()),
        "majority_f1": binary_metrics(y, np.ones_like(y))["f1"],
        "systems": systems,
        "timing_s": {"encode": t_enc, "features": t_feat, "tfidf": t_tf},
    }
