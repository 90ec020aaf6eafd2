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
Run time needs numpy, onnxruntime and tokenizers only. Fitting and evaluation
(``fit_logistic``, ``read_mrpc``, ``evaluate_paraphrase``, ...) live outside
the runtime, in :mod:`newsfuse_eval.paraphrase`.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from ..lexicons import entries, mapping, words

__all__ = [
    "FEATURE_NAMES",
    "LogisticModel",
    "ParaphraseScorer",
    "PairEncoding",
    "default_model_path",
    "encode_texts",
    "featurize",
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
_NUMBER_WORDS = {w: {**mapping("number_words"), "dozen": "12"}[w] for w in entries("number_words_paraphrase")}
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
