"""Sentence-pair paraphrase scoring for news rewrites.

:class:`ParaphraseScorer` answers "is sentence B a rewrite of sentence A?"
with a probability.  It combines

* semantic evidence from all-MiniLM-L6-v2 (:mod:`newsfuse.embed`): the
  sentence cosine and a BERTScore-style alignment of contextual token vectors
  (rare tokens weigh more; how much of each side finds no counterpart);
* lexical evidence: word/stem overlap and containment, word n-grams,
  character n-grams, longest common run, content words left over on each
  side (with reporting words such as "said" or weekdays, which rewrites add
  and drop freely, counted apart);
* news-specific checks: numbers that match or conflict, capitalised names
  kept or dropped, negation present on one side only, length ratio;

in a logistic regression whose weights are learned (``eval/train_paraphrase.py``
on an MRPC-format file) and shipped as ``newsfuse/data/paraphrase-model.json``.
Run time needs numpy, onnxruntime and tokenizers only; the training code here is
plain numpy (Newton's method), so scikit-learn is not needed either.

The module also holds the evaluation helpers used by ``eval/paraphrase.py``:
:func:`read_mrpc`, :func:`binary_metrics`, :func:`evaluate_paraphrase`.
"""

from __future__ import annotations

import csv
import difflib
import json
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from newsfuse.errors import InputError

from ..lexicons import entries, mapping, words

__all__ = [
    "FEATURE_NAMES",
    "LogisticModel",
    "MrpcData",
    "ParaphraseScorer",
    "PairEncoding",
    "binary_metrics",
    "best_f1_threshold",
    "default_model_path",
    "evaluate_paraphrase",
    "featurize",
    "fit_logistic",
    "read_mrpc",
    "tfidf_cosine",
]

MODEL_FILE = "paraphrase-model.json"
MODEL_FORMAT = "newsfuse-paraphrase-logreg/1"

# ---------------------------------------------------------------------------
# Text analysis
# ---------------------------------------------------------------------------

_STOP = words("stop_words_paraphrase")
_NEG = words("negation_words")
_CONJ = words("clause_conjunctions")
# Words that news rewrites add or drop without changing what is reported:
# attribution, time of day / week / month. Counted separately from other content words.
_BENIGN_WORDS = words("benign_words_paraphrase")
_NUMBER_WORDS = {w: (mapping("number_words") | {"dozen": "12"})[w] for w in entries("number_words_paraphrase")}
_PERCENT_WORDS = {"percent", "pct", "%"}

_TOKEN_RE = re.compile(r"\d[\d,]*(?:\.\d+)?|\w+(?:[-'’]\w+)*|n't|[^\w\s]")
_NUM_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD_RE = re.compile(r"\w")


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=1)
def _benign() -> frozenset[str]:
    return frozenset(_stem(w) for w in _BENIGN_WORDS)


def _norm_number(s: str) -> str:
    s = s.replace(",", "")
    try:
        return "%g" % float(s)
    except ValueError:  # pragma: no cover - regex guarantees digits
        return s


@dataclass(frozen=True)
class _Parsed:
    words: tuple[str, ...]  # lower-cased word tokens (numbers normalised), no punctuation
    stems: tuple[str, ...]
    stem_set: frozenset[str]
    content: frozenset[str]  # stems of non-stopword, non-number words
    numbers: frozenset[str]
    names: frozenset[str]  # capitalised words not at a sentence start
    negated: bool
    chars: tuple[frozenset[str], frozenset[str], frozenset[str]]  # char 3/4/5-grams


@lru_cache(maxsize=50_000)
def _parse(text: str) -> _Parsed:
    toks = _TOKEN_RE.findall(text)
    words: list[str] = []
    numbers: set[str] = set()
    names: set[str] = set()
    negated = False
    prev = ""
    for i, t in enumerate(toks):
        low = t.lower()
        if _NUM_RE.fullmatch(t):
            n = _norm_number(t)
            numbers.add(n)
            words.append(n)
        elif _WORD_RE.match(t):
            if low.endswith(("'s", "’s")) and len(low) > 2:  # possessive: "Hamburg's" -> "hamburg"
                low = low[:-2]
            if low in _NUMBER_WORDS:
                numbers.add(_NUMBER_WORDS[low])
            if low in _NEG or low.endswith("n't"):
                negated = True
            if low == "per" and i + 1 < len(toks) and toks[i + 1].lower() == "cent":
                low = "percent"
            elif low == "cent" and prev == "per":
                prev = low
                continue
            if t[:1].isupper() and i > 0 and prev not in {".", '"', "``", "'", ":"} and low not in _STOP:
                names.add(low)
            words.append(low)
        elif t == "%":
            words.append("percent")
        prev = low
    stems = tuple(_stem(w) for w in words)
    content = frozenset(
        _stem(w) for w in words if w not in _STOP and not _NUM_RE.fullmatch(w) and w not in _NUMBER_WORDS
    )
    s = " " + " ".join(words) + " "
    chars = tuple(frozenset(s[i : i + k] for i in range(len(s) - k + 1)) for k in (3, 4, 5))
    return _Parsed(
        words=tuple(words),
        stems=stems,
        stem_set=frozenset(stems),
        content=content,
        numbers=frozenset(numbers),
        names=frozenset(names),
        negated=negated,
        chars=chars,  # type: ignore[arg-type]
    )


def _jaccard(x: frozenset | set, y: frozenset | set, empty: float = 1.0) -> float:
    u = len(x | y)
    return len(x & y) / u if u else empty


def _cover(x: frozenset | set, y: frozenset | set) -> float:
    """Fraction of ``x`` found in ``y``."""
    return len(x & y) / len(x) if x else 1.0


def _ngrams(seq: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(seq[i : i + n]) for i in range(len(seq) - n + 1)}


def _token_weights(ids: np.ndarray, tokens: Sequence[str]) -> np.ndarray:
    """Rarity weight per WordPiece token: log of its frequency rank.

    The uncased BERT vocabulary lists whole words by corpus frequency from id
    1996 ("the") on, so ``log(id - 1995)`` approximates IDF with no table.
    Punctuation weighs 0; sub-word pieces and characters (ids < 1996) are
    floored at rank 30.
    """
    w = np.log1p(np.maximum(ids.astype(np.float64) - 1995.0, 30.0))
    for i, t in enumerate(tokens):
        if not any(c.isalnum() for c in t):
            w[i] = 0.0
    return w


# ---------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------

FEATURE_NAMES: tuple[str, ...] = (
    # embeddings
    "cos", "bs_f", "bs_min_pr", "bs_max_pr", "bs_worst", "bs_unaligned",
    "ibs_f", "ibs_min", "ibs_max",
    "un5_min", "un5_max", "unabs5_max", "un7_min", "un7_max", "unabs7_max",
    "h0", "h1", "h2", "h3", "h4", "g0", "g1", "g2", "g3", "g4",
    # words and stems
    "stem_jac", "stem_cov_min", "stem_cov_max",
    "cont_jac", "cont_cov_min", "cont_cov_max", "cont_diff_a", "cont_diff_b", "cont_diff_max",
    "hard_diff_max", "hard_diff_sum", "hard_cov_min", "benign_diff", "stop_diff", "conj_diff",
    "ng2_jac", "ng2_cov_min", "ng3_jac", "ng3_cov_min",
    "ch3_jac", "ch4_jac", "ch5_jac", "ch4_cov_min",
    "seq_ratio", "longest_block",
    # numbers, names, negation, length
    "num_any", "num_match", "num_conflict", "num_onesided", "num_jac", "num_diff",
    "cap_jac", "cap_diff", "cap_cov_min", "cap_conflict",
    "neg_mismatch",
    "len_ratio", "len_logdiff", "len_min",
)
_NF = len(FEATURE_NAMES)
_IDX = {k: i for i, k in enumerate(FEATURE_NAMES)}


_HIST_EDGES = np.array([0.3, 0.5, 0.7, 0.9])  # token-alignment histogram: 5 bins


def _embedding_features(out: np.ndarray, cos: float, ta: np.ndarray, tb: np.ndarray,
                        wa: np.ndarray, wb: np.ndarray) -> None:
    out[_IDX["cos"]] = cos
    if len(ta) == 0 or len(tb) == 0:
        return
    S = (ta @ tb.T).astype(np.float64)
    ra, rb = S.max(axis=1), S.max(axis=0)
    p, r = float(ra.mean()), float(rb.mean())
    out[_IDX["bs_f"]] = 2 * p * r / (p + r) if p + r > 0 else 0.0
    out[_IDX["bs_min_pr"]] = min(p, r)
    out[_IDX["bs_max_pr"]] = max(p, r)
    out[_IDX["bs_worst"]] = min(float(ra.min()), float(rb.min()))
    out[_IDX["bs_unaligned"]] = ((ra < 0.5).mean() + (rb < 0.5).mean()) / 2
    sa, sb = wa.sum(), wb.sum()
    if sa <= 0 or sb <= 0:
        return
    p, r = float((ra * wa).sum() / sa), float((rb * wb).sum() / sb)
    out[_IDX["ibs_f"]] = 2 * p * r / (p + r) if p + r > 0 else 0.0
    out[_IDX["ibs_min"]] = min(p, r)
    out[_IDX["ibs_max"]] = max(p, r)
    for th, tag in ((0.5, "5"), (0.7, "7")):
        ua, ub = float((wa * (ra < th)).sum()), float((wb * (rb < th)).sum())
        fa, fb = ua / sa, ub / sb
        out[_IDX["un" + tag + "_min"]] = min(fa, fb)
        out[_IDX["un" + tag + "_max"]] = max(fa, fb)
        out[_IDX["unabs" + tag + "_max"]] = math.log1p(max(ua, ub))
    ha = np.bincount(np.searchsorted(_HIST_EDGES, ra, side="right"), weights=wa, minlength=5) / sa
    hb = np.bincount(np.searchsorted(_HIST_EDGES, rb, side="right"), weights=wb, minlength=5) / sb
    if ha[:3].sum() < hb[:3].sum():  # h = the side with more poorly aligned mass
        ha, hb = hb, ha
    for i in range(5):
        out[_IDX[f"h{i}"]] = ha[i]
        out[_IDX[f"g{i}"]] = hb[i]


def _lexical_features(out: np.ndarray, pa: _Parsed, pb: _Parsed) -> None:
    sa, sb = pa.stem_set, pb.stem_set
    out[_IDX["stem_jac"]] = _jaccard(sa, sb)
    ca, cb = _cover(sa, sb), _cover(sb, sa)
    out[_IDX["stem_cov_min"]] = min(ca, cb)
    out[_IDX["stem_cov_max"]] = max(ca, cb)

    xa, xb = pa.content, pb.content
    ca, cb = _cover(xa, xb), _cover(xb, xa)
    out[_IDX["cont_jac"]] = _jaccard(xa, xb)
    out[_IDX["cont_cov_min"]] = min(ca, cb)
    out[_IDX["cont_cov_max"]] = max(ca, cb)
    da, db = len(xa - xb), len(xb - xa)
    out[_IDX["cont_diff_a"]] = math.log1p(da)
    out[_IDX["cont_diff_b"]] = math.log1p(db)
    out[_IDX["cont_diff_max"]] = math.log1p(max(da, db))

    benign = _benign()
    ha, hb = xa - benign, xb - benign
    out[_IDX["hard_diff_max"]] = math.log1p(max(len(ha - hb), len(hb - ha)))
    out[_IDX["hard_diff_sum"]] = math.log1p(len(ha ^ hb))
    out[_IDX["hard_cov_min"]] = min(_cover(ha, hb), _cover(hb, ha))
    out[_IDX["benign_diff"]] = math.log1p(len((xa ^ xb) & benign))
    sym = sa ^ sb
    out[_IDX["stop_diff"]] = math.log1p(sum(1 for w in sym if w in _STOP))
    out[_IDX["conj_diff"]] = math.log1p(sum(1 for w in sym if w in _CONJ))

    for n in (2, 3):
        ga, gb = _ngrams(pa.stems, n), _ngrams(pb.stems, n)
        out[_IDX[f"ng{n}_jac"]] = _jaccard(ga, gb)
        out[_IDX[f"ng{n}_cov_min"]] = min(_cover(ga, gb), _cover(gb, ga))
    for j, k in enumerate((3, 4, 5)):
        out[_IDX[f"ch{k}_jac"]] = _jaccard(pa.chars[j], pb.chars[j])
    out[_IDX["ch4_cov_min"]] = min(_cover(pa.chars[1], pb.chars[1]), _cover(pb.chars[1], pa.chars[1]))

    sm = difflib.SequenceMatcher(None, pa.stems, pb.stems, autojunk=False)
    out[_IDX["seq_ratio"]] = sm.ratio()
    longest = max((b.size for b in sm.get_matching_blocks()), default=0)
    out[_IDX["longest_block"]] = longest / max(1, min(len(pa.stems), len(pb.stems)))

    na, nb = pa.numbers, pb.numbers
    out[_IDX["num_any"]] = float(bool(na or nb))
    out[_IDX["num_match"]] = float(bool(na) and na == nb)
    out[_IDX["num_conflict"]] = float(bool(na) and bool(nb) and na != nb)
    out[_IDX["num_onesided"]] = float(bool(na) != bool(nb))
    out[_IDX["num_jac"]] = _jaccard(na, nb)
    out[_IDX["num_diff"]] = math.log1p(len(na ^ nb))

    ka, kb = pa.names, pb.names
    out[_IDX["cap_jac"]] = _jaccard(ka, kb)
    out[_IDX["cap_diff"]] = math.log1p(len(ka ^ kb))
    out[_IDX["cap_cov_min"]] = min(_cover(ka, kb), _cover(kb, ka))
    # a name on each side that the other side lacks (one swapped for another)
    out[_IDX["cap_conflict"]] = float(bool(ka - kb) and bool(kb - ka))

    out[_IDX["neg_mismatch"]] = float(pa.negated != pb.negated)

    la, lb = len(pa.words), len(pb.words)
    out[_IDX["len_ratio"]] = min(la, lb) / max(1, la, lb)
    out[_IDX["len_logdiff"]] = abs(math.log((la + 1) / (lb + 1)))
    out[_IDX["len_min"]] = math.log1p(min(la, lb))


@dataclass
class PairEncoding:
    """Model outputs for a set of unique texts, indexed by text."""

    index: dict[str, int]
    sentence: np.ndarray  # (n, 384), unit rows
    tokens: list[np.ndarray]  # per text (n_tok, 384), unit rows
    weights: list[np.ndarray]  # per text (n_tok,)


def encode_texts(encoder: Any, texts: Iterable[str]) -> PairEncoding:
    """Run the encoder once over the unique ``texts``."""
    uniq = list(dict.fromkeys(texts))
    sent, tok = encoder.encode_with_tokens(uniq)
    weights = [_token_weights(ids, toks) for ids, toks in zip(tok.ids, tok.tokens)]
    return PairEncoding({t: i for i, t in enumerate(uniq)}, sent, tok.vectors, weights)


def featurize(pairs: Sequence[tuple[str, str]], enc: PairEncoding) -> np.ndarray:
    """Feature matrix ``(len(pairs), len(FEATURE_NAMES))`` for ``pairs``."""
    X = np.zeros((len(pairs), _NF), dtype=np.float64)
    for row, (a, b) in enumerate(pairs):
        i, j = enc.index[a], enc.index[b]
        cos = float(enc.sentence[i] @ enc.sentence[j])
        _embedding_features(X[row], cos, enc.tokens[i], enc.tokens[j], enc.weights[i], enc.weights[j])
        _lexical_features(X[row], _parse(a), _parse(b))
    return X


# ---------------------------------------------------------------------------
# The model: standardised logistic regression, numpy only
# ---------------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@dataclass
class LogisticModel:
    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float = 0.5
    meta: dict[str, Any] | None = None

    def decision(self, X: np.ndarray) -> np.ndarray:
        return ((X - self.mean) / self.scale) @ self.coef + self.intercept

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return _sigmoid(self.decision(X))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "feature_names": list(self.feature_names),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "coef": [round(float(v), 8) for v in self.coef],
            "intercept": round(float(self.intercept), 8),
            "threshold": round(float(self.threshold), 4),
            "meta": self.meta or {},
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "LogisticModel":
        if d.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a {MODEL_FORMAT} model file (format={d.get('format')!r})")
        names = tuple(d["feature_names"])
        if names != FEATURE_NAMES:
            missing = set(FEATURE_NAMES) ^ set(names)
            raise ValueError(
                "model was trained on different features than this code computes"
                + (f" (differ: {sorted(missing)[:8]})" if missing else " (order differs)")
                + "; retrain with eval/train_paraphrase.py"
            )
        arr = lambda k: np.asarray(d[k], dtype=np.float64)  # noqa: E731
        return cls(names, arr("mean"), arr("scale"), arr("coef"), float(d["intercept"]),
                   float(d.get("threshold", 0.5)), d.get("meta") or {})

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "LogisticModel":
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


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
# The scorer
# ---------------------------------------------------------------------------


def default_model_path() -> Path:
    return Path(str(resources.files("newsfuse") / "data" / MODEL_FILE))


class ParaphraseScorer:
    """Probability that sentence B is a paraphrase (rewrite) of sentence A.

    ``encoder`` is a :class:`newsfuse.embed.SentenceEncoder` (created with
    ``threads`` if not given; pass one to share it). ``model`` is a
    :class:`LogisticModel` or a path to its JSON (default: the shipped one).
    ``threshold`` overrides the model's tuned decision threshold.
    """

    def __init__(self, encoder: Any = None, model: LogisticModel | str | Path | None = None, *,
                 threshold: float | None = None, threads: int = 2) -> None:
        if encoder is None:
            from newsfuse.embed import SentenceEncoder

            encoder = SentenceEncoder(threads=threads)
        self.encoder = encoder
        if model is None:
            model = default_model_path()
        self.model = model if isinstance(model, LogisticModel) else LogisticModel.load(model)
        self.threshold = float(self.model.threshold if threshold is None else threshold)

    def features(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        pairs = _check_pairs(pairs)
        if not pairs:
            return np.zeros((0, _NF))
        enc = encode_texts(self.encoder, (t for p in pairs for t in p))
        return featurize(pairs, enc)

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Paraphrase probability per pair, float64 in [0, 1]."""
        X = self.features(pairs)
        if len(X) == 0:
            return np.zeros(0)
        return self.model.predict_proba(X)

    def is_paraphrase(self, pairs: Sequence[tuple[str, str]], threshold: float | None = None) -> np.ndarray:
        thr = self.threshold if threshold is None else threshold
        return self.score(pairs) >= thr

    def explain(self, a: str, b: str) -> list[tuple[str, float, float]]:
        """(feature, value, contribution to the log-odds) for one pair, largest first."""
        x = self.features([(a, b)])[0]
        contrib = (x - self.model.mean) / self.model.scale * self.model.coef
        rows = [(n, float(v), float(c)) for n, v, c in zip(FEATURE_NAMES, x, contrib)]
        return sorted(rows, key=lambda r: -abs(r[2]))


def _check_pairs(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for p in pairs:
        if len(p) != 2 or not isinstance(p[0], str) or not isinstance(p[1], str):
            raise TypeError("pairs must be (str, str) tuples")
        out.append((p[0], p[1]))
    return out


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
