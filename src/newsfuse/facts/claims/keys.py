"""Grouping keys for claims: the stemmed content words of what a claim counts.

The reconciler groups claims across articles by these keys, so the stemmer is
deliberately small and model-free: the same for every form of a word
("killed"/"killing" -> "kill", "imports"/"import" -> "import"), whichever
article or parse it came from.
"""

from __future__ import annotations

import re

from ...lexicons import words
from ..records import Claim

__all__ = ["thing_key", "content_key", "singular"]


_STOP = words("stop_words_claim_keys")


def thing_key(claim: Claim) -> frozenset[str]:
    """Content-word stems of ``claim.thing``, for grouping claims across articles.

    The reconciler groups claims whose keys overlap (with ``unit`` and
    ``period``): "India's imports from Russia" -> {'import', 'india', 'russia'};
    "Indian soldiers killed" and "Indian soldier killings" share {'indian',
    'soldier', 'kill'}.
    """
    return content_key(claim.thing)


def content_key(text: str) -> frozenset[str]:
    """Stems of the content words of ``text`` (no stop words, digits or possessives)."""
    words = re.findall(r"\w+", text.lower().replace("’s", "").replace("'s", ""))
    return frozenset(_stem(w) for w in words if w not in _STOP and not w.isdigit())


_IRREGULAR = {
    **{w: "die" for w in ("die", "died", "dies", "dying", "dead", "death", "deaths")},
    **{w: "lose" for w in ("lose", "loses", "lost", "losing")},
    **{w: "sell" for w in ("sell", "sells", "sold", "selling")},
    **{w: "buy" for w in ("buy", "buys", "bought", "buying")},
    **{w: "pay" for w in ("pay", "pays", "paid", "paying")},
    **{w: "spend" for w in ("spend", "spends", "spent", "spending")},
    **{w: "fall" for w in ("fall", "falls", "fell", "fallen", "falling")},
    **{w: "rise" for w in ("rise", "rises", "rose", "risen", "rising")},
    **{w: "grow" for w in ("grow", "grows", "grew", "grown", "growing", "growth")},
    "people": "people", "person": "people", "persons": "people",
    "men": "man", "women": "woman", "children": "child",
}


def _stem(word: str) -> str:
    """A small suffix stripper, the same for every form of a word: "killed", "killing",
    "kills" -> "kill"; "residing", "reside" -> "resid"; "imports" -> "import"."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    w = singular(word)
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # "stopped" -> "stop"
            break
    if w.endswith("ie") and len(w) > 3:
        w = w[:-2] + "y"
    if w.endswith("e") and len(w) > 4 and w[-2] not in "aeiou":
        w = w[:-1]
    return w


def singular(word: str) -> str:
    if word in ("people", "news", "series", "species", "us", "russia", "india"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "as")) and len(word) > 3:
        return word[:-1]
    return word
