"""Word shingles and MinHash signatures for near-verbatim text.

Text is lower-cased, punctuation and quote style are dropped (a reprint that
swaps curly for straight quotes is still a reprint), and runs of ``k`` words
become shingles. Signatures are built with ``MinHash.bulk`` (datasketch),
several times faster than per-shingle updates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

__all__ = ["ShingleConfig", "words", "shingles", "signatures", "text_signatures", "jaccard", "containment"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class ShingleConfig:
    """Shingle width and MinHash parameters (fixed seed: signatures are stable)."""

    k: int = 5
    num_perm: int = 128
    seed: int = 1


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def shingles(text: str, k: int = 5) -> set[bytes]:
    """The set of ``k``-word shingles of ``text`` (one shingle if it is shorter)."""
    tokens = words(text)
    if not tokens:
        return set()
    if len(tokens) <= k:
        return {" ".join(tokens).encode()}
    return {" ".join(tokens[i : i + k]).encode() for i in range(len(tokens) - k + 1)}


def signatures(shingle_sets: Sequence[set[bytes]], config: ShingleConfig = ShingleConfig()):
    """MinHash signatures of many shingle sets at once."""
    from datasketch import MinHash

    return MinHash.bulk([sorted(s) for s in shingle_sets], num_perm=config.num_perm, seed=config.seed)


def text_signatures(texts: Sequence[str], config: ShingleConfig = ShingleConfig(), chunk: int = 1000):
    """MinHash signatures of texts, shingled a chunk at a time.

    Shingle sets of a whole corpus are far larger than their signatures
    (~70 KB vs ~1 KB per article), so they are never all held at once.
    """
    out = []
    for first in range(0, len(texts), chunk):
        out.extend(signatures([shingles(t, config.k) for t in texts[first : first + chunk]], config))
    return out


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: set[bytes], b: set[bytes]) -> float:
    """The share of ``a``'s shingles found in ``b``."""
    if not a:
        return 0.0
    return len(a & b) / len(a)
