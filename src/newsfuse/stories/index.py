"""Running statistics, story profiles and the candidate index.

* :class:`Stats` counts in how many articles each term/entity occurs, so
  IDF is always that of the stream seen so far (applied late, at comparison
  time, so nothing stored has to be recomputed when the counts move).
* :class:`StoryProfile` is what a story remembers of its articles: sums of
  their (unweighted, normalised) term and entity vectors, how many members
  carry each entity, the sum of their lead embeddings, their dates. Two
  profiles merge by adding.
* :class:`CandidateIndex` finds the stories worth scoring for an article:
  an inverted index from entities and the article's rarest terms to
  stories, nearest story centroids by embedding, and a date window when
  dates are known. Each lookup touches only the posting lists of the
  article's keys (keys shared by too many stories are not used) plus one
  matrix-vector product over the story centroids, so the cost of an
  ``add`` grows slowly with the size of the store.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from .features import ArticleFeatures, decode_vector, encode_vector

__all__ = ["Stats", "StoryProfile", "CandidateIndex"]


@dataclass
class Stats:
    """Document frequencies of terms and entities over the articles added so far."""

    n: int = 0
    terms: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    _idf_t: dict = field(default_factory=dict, repr=False, compare=False)
    _idf_e: dict = field(default_factory=dict, repr=False, compare=False)

    def add(self, f: ArticleFeatures) -> None:
        self.n += 1
        self.terms.update(f.terms.keys())
        self.entities.update(f.entities.keys())
        self._idf_t.clear()
        self._idf_e.clear()

    def idf_term(self, key: str) -> float:
        v = self._idf_t.get(key)
        if v is None:
            v = self._idf_t[key] = math.log((self.n + 1) / (self.terms.get(key, 0) + 1)) + 1.0
        return v

    def idf_entity(self, key: str) -> float:
        v = self._idf_e.get(key)
        if v is None:
            v = self._idf_e[key] = math.log((self.n + 1) / (self.entities.get(key, 0) + 1)) + 1.0
        return v

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "terms": dict(self.terms), "entities": dict(self.entities)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Stats":
        return cls(n=data["n"], terms=Counter(data["terms"]), entities=Counter(data["entities"]))


@dataclass
class StoryProfile:
    """Aggregate signals of a story's articles (see the module docstring)."""

    id: str
    created: int  # arrival number of the article that started it (older = smaller)
    articles: list[str] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    entity_count: Counter = field(default_factory=Counter)
    emb_sum: np.ndarray | None = None
    first_day: int | None = None
    last_day: int | None = None
    merged_from: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # keys this story is indexed under
    version: int = field(default=0, compare=False)
    _norms: dict = field(default_factory=dict, repr=False, compare=False)

    def norm(self, which: str, idf, n: int, refresh: float = 0.05) -> float:
        """IDF-weighted L2 norm of ``terms``/``entities``, cached.

        Recomputed when the story changed or the collection grew by more
        than ``refresh`` (IDF moves slowly), so scoring against a large
        story does not cost a pass over all its keys every time.
        """
        hit = self._norms.get(which)
        if hit is not None and hit[0] == self.version and n <= hit[1] * (1 + refresh):
            return hit[2]
        vec = self.terms if which == "terms" else self.entities
        value = math.sqrt(sum((v * idf(k)) ** 2 for k, v in vec.items()))
        self._norms[which] = (self.version, n, value)
        return value

    @property
    def size(self) -> int:
        return len(self.articles)

    def add(self, f: ArticleFeatures, max_terms: int) -> None:
        self.version += 1
        self.articles.append(f.id)
        for k, v in f.terms.items():
            self.terms[k] = self.terms.get(k, 0.0) + v
        for k, v in f.entities.items():
            self.entities[k] = self.entities.get(k, 0.0) + v
        self.entity_count.update(f.entities.keys())
        if f.embedding is not None:
            self.emb_sum = f.embedding.astype(np.float32).copy() if self.emb_sum is None else self.emb_sum + f.embedding
        if f.day is not None:
            self.first_day = f.day if self.first_day is None else min(self.first_day, f.day)
            self.last_day = f.day if self.last_day is None else max(self.last_day, f.day)
        self._prune(max_terms)

    def absorb(self, other: "StoryProfile", max_terms: int) -> None:
        """Add another story's articles and signals into this one."""
        self.version += 1
        self.articles.extend(other.articles)
        for k, v in other.terms.items():
            self.terms[k] = self.terms.get(k, 0.0) + v
        for k, v in other.entities.items():
            self.entities[k] = self.entities.get(k, 0.0) + v
        self.entity_count.update(other.entity_count)
        if other.emb_sum is not None:
            self.emb_sum = other.emb_sum.copy() if self.emb_sum is None else self.emb_sum + other.emb_sum
        for d in (other.first_day, other.last_day):
            if d is not None:
                self.first_day = d if self.first_day is None else min(self.first_day, d)
                self.last_day = d if self.last_day is None else max(self.last_day, d)
        self.merged_from.append(other.id)
        self.merged_from.extend(other.merged_from)
        self.keys |= other.keys
        self._prune(max_terms)

    def _prune(self, max_terms: int) -> None:
        if max_terms and len(self.terms) > 2 * max_terms:
            keep = sorted(self.terms.items(), key=lambda kv: -kv[1])[:max_terms]
            self.terms = dict(keep)

    def centroid(self) -> np.ndarray | None:
        if self.emb_sum is None:
            return None
        norm = float(np.linalg.norm(self.emb_sum))
        return self.emb_sum / norm if norm > 0 else self.emb_sum

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created": self.created,
            "articles": list(self.articles),
            "terms": dict(self.terms),
            "entities": dict(self.entities),
            "entity_count": dict(self.entity_count),
            "emb_sum": encode_vector(self.emb_sum),
            "first_day": self.first_day,
            "last_day": self.last_day,
            "merged_from": list(self.merged_from),
            "keys": sorted(self.keys),
            # caches travel with the state so a resumed run scores exactly as an unbroken one
            "version": self.version,
            "caches": {k: list(v) for k, v in self._norms.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "StoryProfile":
        return cls(
            id=data["id"],
            created=data["created"],
            articles=list(data["articles"]),
            terms=dict(data["terms"]),
            entities=dict(data["entities"]),
            entity_count=Counter(data["entity_count"]),
            emb_sum=decode_vector(data.get("emb_sum")),
            first_day=data.get("first_day"),
            last_day=data.get("last_day"),
            merged_from=list(data.get("merged_from", [])),
            keys=set(data.get("keys", [])),
            version=data.get("version", 0),
            _norms={k: tuple(v) for k, v in data.get("caches", {}).items()},
        )


class CandidateIndex:
    """Inverted index key -> stories, plus a matrix of story centroids.

    Args:
        max_key_stories: a key found in more stories than this is too common
            to retrieve by (its posting list is not read).
        max_candidates: stories returned per lookup, best first.
        embed_neighbours: stories added from the nearest embedding centroids.
        window_days: with dates on both sides, a story whose date range is
            more than this many days from the article's date is skipped.
    """

    def __init__(self, max_key_stories: int = 300, max_candidates: int = 20,
                 embed_neighbours: int = 5, window_days: int = 14) -> None:
        self.max_key_stories = max_key_stories
        self.max_candidates = max_candidates
        self.embed_neighbours = embed_neighbours
        self.window_days = window_days
        self.postings: dict[str, set[str]] = defaultdict(set)
        self._rows: dict[str, int] = {}
        self._row_ids: list[str | None] = []
        self._matrix = np.zeros((0, 0), dtype=np.float32)

    # -- maintenance ---------------------------------------------------------
    def index(self, story: StoryProfile, keys: Iterable[str]) -> None:
        """Index ``story`` under ``keys`` (added to ``story.keys``) and refresh its centroid."""
        for key in keys:
            self.postings[key].add(story.id)
            story.keys.add(key)
        self._set_centroid(story)

    def _set_centroid(self, story: StoryProfile) -> None:
        c = story.centroid()
        if c is None:
            return
        row = self._rows.get(story.id)
        if row is None:
            row = len(self._row_ids)
            self._rows[story.id] = row
            self._row_ids.append(story.id)
            if self._matrix.shape[0] <= row:
                grow = max(64, self._matrix.shape[0])
                new = np.zeros((self._matrix.shape[0] + grow, c.shape[0]), dtype=np.float32)
                if self._matrix.size:
                    new[: self._matrix.shape[0]] = self._matrix
                self._matrix = new
        self._matrix[row] = c

    def remove(self, story_id: str, keys: Iterable[str]) -> None:
        for key in keys:
            posting = self.postings.get(key)
            if posting is not None:
                posting.discard(story_id)
                if not posting:
                    del self.postings[key]
        row = self._rows.pop(story_id, None)
        if row is not None:
            self._row_ids[row] = None
            self._matrix[row] = 0.0

    # -- lookup --------------------------------------------------------------
    def candidates(self, keys: dict[str, float], embedding: np.ndarray | None, day: int | None,
                   stories: dict[str, StoryProfile]) -> list[str]:
        """Story ids worth scoring for an article with these weighted keys."""
        score: dict[str, float] = defaultdict(float)
        for key, weight in keys.items():
            posting = self.postings.get(key)
            if not posting or len(posting) > self.max_key_stories:
                continue
            for sid in posting:
                score[sid] += weight
        ranked = sorted(score, key=lambda s: (-score[s], s))[: self.max_candidates]
        if embedding is not None and self._row_ids and self.embed_neighbours:
            n = len(self._row_ids)
            sims = self._matrix[:n] @ embedding
            k = min(self.embed_neighbours, n)
            top = np.argpartition(-sims, k - 1)[:k]
            for row in top[np.argsort(-sims[top])]:
                sid = self._row_ids[int(row)]
                if sid is not None and sid not in ranked:
                    ranked.append(sid)
        if day is not None and self.window_days:
            ranked = [s for s in ranked if _in_window(stories[s], day, self.window_days)]
        return ranked


def _in_window(story: StoryProfile, day: int, window: int) -> bool:
    if story.first_day is None:
        return True
    return story.first_day - window <= day <= story.last_day + window
