"""Content terms of short phrases ("India's imports from Russia"), for matching.

Claims and quotes are compared by the content words they share. Words are
stemmed (Snowball, no data download) and a few reporting synonyms are folded
together, so "purchases" and "imports", "killed" and "deaths" meet; names of
the story's main actors appear in most phrases and are down-weighted by IDF.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence


from ..lexicons import mapping, words

__all__ = ["terms", "proper_terms", "idf", "weighted_overlap", "containment", "thing_similarity"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+(?:[.,]\d+)*")
_STOP = words("stop_words_reconcile_terms")
# Reporting synonyms folded onto one stem (vocabulary, not story facts).
_FOLD = dict(mapping("term_folds"))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """The Snowball stemmer, made on first use (importing nltk takes seconds, and
    the read side, which imports the claim records next to this, never stems)."""
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def terms(text: str) -> list[str]:
    """Stemmed, folded content words of ``text`` (order kept, repeats dropped)."""
    return list(_terms(text))


@lru_cache(maxsize=1 << 12)
def _terms(text: str) -> tuple[str, ...]:
    """:func:`terms`, cached: a story's reprints share their sentences and quotes,
    and the brief and the ledger ask for the same texts' terms."""
    stems = dict.fromkeys(map(_term, _WORD.findall(text)))  # first appearances, in order
    stems.pop(None, None)  # stop words, short words, numbers
    return tuple(stems)


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str | None:
    """The folded stem of one matched word, or None for a stop word, short word or number.

    Cached because stemming is most of the cost of :func:`terms`, and a story
    (and the next story) uses the same few thousand words over and over.
    """
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word in _STOP or len(word) < 2 or word[0].isdigit():
        return None
    stem = _stemmer().stem(word)
    return _FOLD.get(stem, _FOLD.get(word, stem))


def proper_terms(text: str) -> set[str]:
    """Terms of names that modify the counted thing ("*Indian* soldiers",
    "*India's* imports"), not names after a preposition ("imports from Russia")."""
    words = _WORD.findall(text)
    out: set[str] = set()
    for i, word in enumerate(words):
        if not word[:1].isupper() or (i and words[i - 1].lower() in _PREPOSITIONS):
            continue
        possessive = word.endswith(("'s", "’s"))
        followed = i + 1 < len(words) and words[i + 1][:1].islower() and words[i + 1].lower() not in _FUNCTION
        if possessive or followed:
            out.update(terms(word))
    return out


_PREPOSITIONS = words("term_prepositions")
_FUNCTION = _PREPOSITIONS | {"and", "or", "which", "who", "that", "since", "after", "before", "during"}


# Words that name opposite directions of one measure.
_CONTRASTS = (("import", "export"), ("death", "injur"), ("rise", "fall"), ("gain", "loss"), ("win", "lose"))


def thing_similarity(
    a: Sequence[str], a_proper: set[str], b: Sequence[str], b_proper: set[str], weights: Mapping[str, float]
) -> float:
    """How likely two counted things are one thing, in [0, 1]; -1 when they cannot be.

    They cannot be when their name modifiers differ ("Indian soldiers" /
    "Chinese soldiers") or they name opposite directions
    (imports / exports). Otherwise the weighted overlap, or the containment of
    a short phrase in a longer one ("India imports" in "India's imports from
    Russia"), both weighted by ``weights`` (IDF over the story's things).
    """
    sa, sb = set(a), set(b)
    if a_proper and b_proper and not (a_proper & b_proper):
        return -1.0
    for x, y in _CONTRASTS:
        if (x in sa and y in sb and not (y in sa or x in sb)) or (y in sa and x in sb and not (x in sa or y in sb)):
            return -1.0
    score = weighted_overlap(a, b, weights)
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if len(short) >= 3:
        w = lambda s: sum(weights.get(t, 1.0) for t in s)  # noqa: E731
        score = max(score, w(short & long_) / w(short))
    return score


def idf(docs: Iterable[Sequence[str]], background: int = 10) -> dict[str, float]:
    """Inverse document frequency of each term over ``docs``, as if ``background``
    more documents without the term were seen (a story with three claims must
    not make its shared key word worthless)."""
    docs = list(docs)
    df = Counter(t for d in docs for t in set(d))
    n = len(docs)
    return {t: math.log((n + background) / (c + 1)) for t, c in df.items()}


def weighted_overlap(a: Sequence[str], b: Sequence[str], weights: Mapping[str, float]) -> float:
    """Weighted Dice overlap of two term lists in [0, 1]."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    w = lambda s: sum(weights.get(t, 1.0) for t in s)  # noqa: E731
    return 2.0 * w(sa & sb) / (w(sa) + w(sb))


def containment(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of ``a``'s terms found in ``b``."""
    sa = set(a)
    return len(sa & set(b)) / len(sa) if sa else 0.0
