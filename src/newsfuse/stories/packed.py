"""A placed article's features, packed: key tuples and float arrays instead of dicts.

The clusterer keeps every member's features (to split a story, link two
stories and label them), and a dict of ~300 str -> float costs ~30 kB per
article. Packed, the keys are shared (interned) strings in a tuple and the
weights one ``array('d')``: ~5 kB. Unpacking gives back exactly the same
dicts (same keys, same order, same float values), so scoring is unchanged.
"""

from __future__ import annotations

import base64
import sys
from array import array
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

import numpy as np

from .features import ArticleFeatures, decode_vector, encode_vector

__all__ = ["PackedFeatures"]


@dataclass(frozen=True, eq=False, slots=True)
class PackedFeatures:
    """:class:`ArticleFeatures` with ``terms``/``entities`` as (keys, weights)."""

    id: str
    term_keys: tuple[str, ...]
    term_weights: array
    entity_keys: tuple[str, ...]
    entity_weights: array
    day: int | None
    embedding: np.ndarray | None
    headline: str
    date: str | None

    @classmethod
    def pack(cls, f: ArticleFeatures) -> "PackedFeatures":
        return cls(f.id, _keys(f.terms), array("d", f.terms.values()), _keys(f.entities),
                   array("d", f.entities.values()), f.day, f.embedding, f.headline, f.date)

    def unpack(self) -> ArticleFeatures:
        return ArticleFeatures(id=self.id, terms=dict(zip(self.term_keys, self.term_weights)),
                               entities=dict(self.entity_items()), day=self.day, embedding=self.embedding,
                               headline=self.headline, date=self.date)

    def entity_items(self) -> Iterator[tuple[str, float]]:
        """(key, weight) of the entities, in the order of the original dict."""
        return zip(self.entity_keys, self.entity_weights)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable: keys as lists, weights as base64 of little-endian float64 (exact)."""
        return {
            "id": self.id,
            "term_keys": list(self.term_keys),
            "term_weights": _encode(self.term_weights),
            "entity_keys": list(self.entity_keys),
            "entity_weights": _encode(self.entity_weights),
            "day": self.day,
            "embedding": encode_vector(self.embedding),
            "headline": self.headline,
            "date": self.date,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "PackedFeatures":
        """Read :meth:`to_dict`'s form, or :meth:`ArticleFeatures.to_dict`'s (state version 1)."""
        if "term_keys" not in data:
            return cls.pack(ArticleFeatures.from_dict(dict(data)))
        return cls(data["id"], tuple(map(sys.intern, data["term_keys"])), _decode(data["term_weights"]),
                   tuple(map(sys.intern, data["entity_keys"])), _decode(data["entity_weights"]),
                   data.get("day"), decode_vector(data.get("embedding")), data.get("headline", ""),
                   data.get("date"))


def _keys(vec: Mapping[str, float]) -> tuple[str, ...]:
    # one string object per distinct key across all members (sys.intern frees unused ones)
    return tuple(map(sys.intern, vec))


def _encode(weights: array) -> str:
    if sys.byteorder != "little":  # pragma: no cover
        weights = array("d", weights)
        weights.byteswap()
    return base64.b64encode(weights.tobytes()).decode("ascii")


def _decode(data: str) -> array:
    weights = array("d")
    weights.frombytes(base64.b64decode(data))
    if sys.byteorder != "little":  # pragma: no cover
        weights.byteswap()
    return weights
