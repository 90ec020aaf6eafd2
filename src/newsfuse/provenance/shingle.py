"""Word shingles and MinHash signatures for near-verbatim text.

Text is lower-cased, punctuation and quote style are dropped (a reprint that
swaps curly for straight quotes is still a reprint), and runs of ``k`` words
become shingles. ``MinHasher`` computes the signatures datasketch's
``MinHash.bulk`` gives (same hash, same permutations, same values), as rows
of one matrix: the permutations and minima run over many texts per numpy
call, and a caller can take the signature of part of a text (a paragraph of
an article) from a run of the text's hashed shingles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from hashlib import sha1
from operator import methodcaller
from typing import Sequence

__all__ = [
    "ShingleConfig",
    "MinHasher",
    "words",
    "shingle_pieces",
    "shingles",
    "signatures",
    "text_signatures",
    "jaccard",
    "containment",
]

_DIGEST = methodcaller("digest")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class ShingleConfig:
    """Shingle width and MinHash parameters (fixed seed: signatures are stable)."""

    k: int = 5
    num_perm: int = 128
    seed: int = 1


def words(text: str) -> list[str]:
    # The quote is replaced before matching: the pattern treats ' and ’ alike.
    return _WORD.findall(text.lower().replace("’", "'"))


def shingle_pieces(tokens: list[str], k: int = 5) -> list[bytes]:
    """The encoded ``k``-word shingles of a token list in order, repeats kept.

    Piece ``i`` is the shingle starting at token ``i`` (one piece for ``k``
    tokens or fewer, none for none): ``shingles`` as a list.
    """
    if not tokens:
        return []
    encoded = " ".join(tokens).encode()
    if len(tokens) <= k:
        return [encoded]
    parts = encoded.split(b" ")  # the tokens, encoded (a token holds no space)
    return list(map(b" ".join, zip(*(parts[i:] for i in range(k)))))


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


class MinHasher:
    """MinHash signatures of texts as rows of a ``uint32`` matrix.

    Row ``i`` of ``matrix(texts)`` equals ``MinHash.bulk([sorted(shingles(texts[i],
    k))], num_perm, seed)[0].hashvalues`` (a minimum does not care about repeats
    or order, so shingles are neither deduplicated nor sorted). The steps are
    public so that a caller can hash a text once and take the signatures of
    its parts from slices of its shingles (``minima``). With a datasketch
    whose default scheme is not the 32-bit affine one (``vectorised`` False),
    ``matrix`` falls back on ``MinHash.bulk`` itself.
    """

    def __init__(self, config: ShingleConfig = ShingleConfig(), batch_shingles: int = 1 << 16) -> None:
        import numpy as np
        from datasketch import MinHash

        self.config = config
        self.batch_shingles = batch_shingles
        template = MinHash(num_perm=config.num_perm, seed=config.seed)
        self.empty = np.array(template.hashvalues)
        self._fmix = None
        try:
            from datasketch.minhash import _fmix
        except ImportError:  # pragma: no cover - other datasketch versions
            _fmix = None
        a, b = (np.asarray(p) for p in template.permutations)
        if (
            _fmix is not None
            and getattr(template, "scheme", None) == "affine32"
            and a.dtype == b.dtype == self.empty.dtype == np.uint32
        ):
            self._fmix, self._a, self._b = _fmix, a, b[:, None]

    @property
    def vectorised(self) -> bool:
        return self._fmix is not None

    @staticmethod
    def tokens(text: str) -> list[str]:
        return words(text)

    def pieces(self, tokens: list[str]) -> list[bytes]:
        """``shingle_pieces`` of a token list at this configuration's ``k``."""
        return shingle_pieces(tokens, self.config.k)

    @staticmethod
    def hashes(pieces: list[bytes]):
        """datasketch's ``sha1_hash32`` of each piece (first 4 digest bytes, little-endian)."""
        import numpy as np

        digests = b"".join(map(_DIGEST, map(sha1, pieces)))
        return np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)

    def minima(self, hashes, segments: list[tuple[int, int]]):
        """Signature rows of the pieces ``hashes[start:end]`` of each segment (empty: no shingles)."""
        import numpy as np

        out = np.empty((len(segments), self.config.num_perm), dtype=self.empty.dtype)
        out[:] = self.empty
        rows = [row for row, (start, end) in enumerate(segments) if end > start]
        if not rows:
            return out
        # permutations x pieces, plus a spare column so that an end index is always in range:
        # each minimum is then a reduction along contiguous memory
        phv = np.empty((self.config.num_perm, len(hashes) + 1), dtype=self.empty.dtype)
        np.multiply.outer(self._a, self._fmix(hashes, 32), out=phv[:, :-1])
        phv[:, :-1] += self._b
        bounds = np.array([segments[row] for row in rows], dtype=np.intp).ravel()
        out[rows] = np.minimum(np.minimum.reduceat(phv, bounds, axis=1)[:, ::2].T, self.empty)
        return out

    def matrix(self, texts: Sequence[str]):
        """Signatures of ``texts``, one row each (``len(texts)`` x ``num_perm``)."""
        import numpy as np

        if not self.vectorised:
            rows = [sig.hashvalues for sig in text_signatures(texts, self.config)]
            return np.array(rows, dtype=self.empty.dtype).reshape(len(texts), self.config.num_perm)
        blocks = []
        batch: list[bytes] = []
        segments: list[tuple[int, int]] = []
        for text in texts:
            found = self.pieces(self.tokens(text))
            segments.append((len(batch), len(batch) + len(found)))
            batch.extend(found)
            if len(batch) >= self.batch_shingles:
                blocks.append(self.minima(self.hashes(batch), segments))
                batch, segments = [], []
        if segments:
            blocks.append(self.minima(self.hashes(batch), segments))
        if not blocks:
            return np.empty((0, self.config.num_perm), dtype=self.empty.dtype)
        return np.concatenate(blocks)


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: set[bytes], b: set[bytes]) -> float:
    """The share of ``a``'s shingles found in ``b``."""
    if not a:
        return 0.0
    return len(a & b) / len(a)
