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
  stories, and nearest story centroids by embedding, both cut into time
  buckets of ``window_days``. A lookup reads only the posting lists of the
  article's keys in the buckets within the window (keys shared by too many
  stories there are not used) and the centroids of the stories in those
  buckets, so its cost depends on how many stories fall in a few weeks,
  not on the size of the store: total cost grows about linearly with the
  number of articles (``bench/stories.py``).
"""

from __future__ import annotations

import itertools
import math
import sys
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np

from .features import ArticleFeatures, decode_vector, encode_vector

__all__ = ["Stats", "StoryProfile", "CandidateIndex"]


@dataclass
class Stats:
    """Document frequencies of terms and entities over the articles added so far.

    ``idf(k) = log((n + 1) / (df(k) + 1)) + 1``, computed as ``log(n + 1) + 1``
    minus a cached ``log(df(k) + 1)``: an add only invalidates the cached
    logs of the keys it carries, so scoring does not recompute every IDF
    after every article (exact, not an approximation).
    """

    n: int = 0
    terms: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    _log_df_t: dict = field(default_factory=dict, repr=False, compare=False)
    _log_df_e: dict = field(default_factory=dict, repr=False, compare=False)
    _log_n: float = field(default=1.0, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._log_n = math.log(self.n + 1) + 1.0

    def add(self, f: ArticleFeatures) -> None:
        self.n += 1
        self._log_n = math.log(self.n + 1) + 1.0
        self.terms.update(f.terms.keys())
        self.entities.update(f.entities.keys())
        _drop(self._log_df_t, f.terms)
        _drop(self._log_df_e, f.entities)

    def idf_term(self, key: str) -> float:
        v = self._log_df_t.get(key)
        if v is None:
            v = self._log_df_t[key] = math.log(self.terms.get(key, 0) + 1)
        return self._log_n - v

    def idf_entity(self, key: str) -> float:
        v = self._log_df_e.get(key)
        if v is None:
            v = self._log_df_e[key] = math.log(self.entities.get(key, 0) + 1)
        return self._log_n - v

    def norm(self, vec: Mapping[str, float], which: str) -> float:
        """IDF-weighted L2 norm of a ``"terms"`` or ``"entities"`` vector.

        Exactly ``sqrt(sum((v * idf(k)) ** 2))`` in the vector's order, with
        the IDF lookup inlined (this loop is most of the clustering time).
        """
        cache, counts = (self._log_df_t, self.terms) if which == "terms" else (self._log_df_e, self.entities)
        get = cache.get
        log_n = self._log_n
        total = 0.0
        for k, v in vec.items():
            ld = get(k)
            if ld is None:
                ld = cache[k] = math.log(counts.get(k, 0) + 1)
            total += (v * (log_n - ld)) ** 2
        return math.sqrt(total)

    def weighted(self, vec: Mapping[str, float], which: str) -> dict[str, float]:
        """``{k: v * idf(k)}`` of a ``"terms"`` or ``"entities"`` vector, in its order."""
        cache, counts = (self._log_df_t, self.terms) if which == "terms" else (self._log_df_e, self.entities)
        get = cache.get
        log_n = self._log_n
        out = {}
        for k, v in vec.items():
            ld = get(k)
            if ld is None:
                ld = cache[k] = math.log(counts.get(k, 0) + 1)
            out[k] = v * (log_n - ld)
        return out

    def dot(self, a: Mapping[str, float], b: Mapping[str, float], which: str) -> float:
        """IDF²-weighted dot product of two ``"terms"`` or ``"entities"`` vectors."""
        cache, counts = (self._log_df_t, self.terms) if which == "terms" else (self._log_df_e, self.entities)
        get = cache.get
        log_n = self._log_n
        dot = 0.0
        for k in a.keys() & b.keys():  # set intersection in C: most candidates share few keys
            ld = get(k)
            if ld is None:
                ld = cache[k] = math.log(counts.get(k, 0) + 1)
            i = log_n - ld
            dot += a[k] * b[k] * i * i
        return dot

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
    _centroid: tuple | None = field(default=None, repr=False, compare=False)

    def norm(self, which: str, stats: Stats, refresh: float = 0.05) -> float:
        """IDF-weighted L2 norm of ``terms``/``entities``, cached.

        Recomputed when the story changed or the collection grew by more
        than ``refresh`` (IDF moves slowly), so scoring against a large
        story does not cost a pass over all its keys every time.
        """
        hit = self._norms.get(which)
        n = stats.n
        if hit is not None and hit[0] == self.version and n <= hit[1] * (1 + refresh):
            return hit[2]
        value = stats.norm(self.terms if which == "terms" else self.entities, which)
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
        """The unit mean embedding (cached until the story changes; do not modify it)."""
        if self.emb_sum is None:
            return None
        hit = self._centroid
        if hit is not None and hit[0] == self.version:
            return hit[1]
        norm = float(np.linalg.norm(self.emb_sum))
        value = self.emb_sum / norm if norm > 0 else self.emb_sum
        self._centroid = (self.version, value)
        return value

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


class _Block:
    """Unit vectors of some stories, one row each, for one time bucket."""

    def __init__(self, dim: int) -> None:
        self.rows: dict[str, int] = {}
        self.ids: list[str | None] = []
        self.free: list[int] = []
        self.matrix = np.zeros((8, dim), dtype=np.float32)

    def set(self, sid: str, vec: np.ndarray) -> None:
        row = self.rows.get(sid)
        if row is None:
            if self.free:
                row = self.free.pop()
                self.ids[row] = sid
            else:
                row = len(self.ids)
                self.ids.append(sid)
                if row >= self.matrix.shape[0]:
                    grown = np.zeros((2 * self.matrix.shape[0], self.matrix.shape[1]), dtype=np.float32)
                    grown[: self.matrix.shape[0]] = self.matrix
                    self.matrix = grown
            self.rows[sid] = row
        self.matrix[row] = vec

    def discard(self, sid: str) -> None:
        row = self.rows.pop(sid, None)
        if row is not None:
            self.ids[row] = None
            self.matrix[row] = 0.0
            self.free.append(row)

    def __len__(self) -> int:
        return len(self.rows)


class CandidateIndex:
    """Time-bucketed inverted index key -> stories, plus story centroids per bucket.

    Time is cut into buckets of ``window_days`` days. A dated story is
    indexed (posting lists and centroid) in every bucket its date range
    touches; an article with a date looks only in the (at most three)
    buckets within ``window_days`` of it, so what one lookup reads depends
    on how many stories fall in a few weeks, not on how many the store
    holds. An article without a date is placed in time by the latest date
    seen in the stream (arrival order is time order in a feed). Stories
    without any date are indexed at the stream's clock when they are
    touched; only in a stream without any dates so far do they share one
    undated bucket for keys, with centroids kept in blocks by arrival, of
    which only the last ``recent`` arrivals' blocks are searched.

    Args:
        max_key_stories: a key found in more stories than this within one
            time bucket is too common to retrieve by (its posting is not read).
        max_candidates: stories returned per lookup from the keys, best first.
        embed_neighbours: stories added from the nearest centroids.
        window_days: bucket width and window (0: no time window, one bucket).
        recent: arrivals whose undated stories' centroids are searched.
    """

    def __init__(self, max_key_stories: int = 300, max_candidates: int = 20,
                 embed_neighbours: int = 5, window_days: int = 14, recent: int = 20_000) -> None:
        self.max_key_stories = max_key_stories
        self.max_candidates = max_candidates
        self.embed_neighbours = embed_neighbours
        self.window_days = window_days
        self.recent = recent
        self.block_arrivals = max(1, recent // 8)
        # bucket -> key -> story id (one story: most keys) or set of ids
        self._posts: dict[int | None, dict[str, str | set[str]]] = {}
        self.blocks: dict[tuple[str, int], _Block] = {}
        self._span: dict[str, tuple[int, int] | None] = {}  # story -> bucket range (None: undated)
        self._rows: dict[str, list[tuple[str, int]]] = {}  # story -> blocks holding its centroid
        self.tick = 0  # arrivals seen (placed articles)
        self.latest_day: int | None = None
        self.scanned = 0  # centroid rows compared so far (for benchmarks)

    # -- time ------------------------------------------------------------------
    def arrive(self, day: int | None) -> None:
        """Count one arriving article and move the stream's clock to its date."""
        self.tick += 1
        if day is not None and (self.latest_day is None or day > self.latest_day):
            self.latest_day = day

    def _bucket(self, day: int) -> int:
        return day // self.window_days if self.window_days else 0

    def _story_span(self, story: StoryProfile) -> tuple[int, int] | None:
        if not self.window_days:
            return None
        if story.first_day is None:
            # no date of its own: it lives where the stream's clock was when it was touched
            if self.latest_day is None:
                return None
            now = self._bucket(self.latest_day)
            old = self._span.get(story.id)
            return (old[0] if old else now, now)
        return self._bucket(story.first_day), self._bucket(story.last_day)

    def _lookup_buckets(self, day: int | None) -> list[int | None]:
        when = day if day is not None else self.latest_day
        if when is None or not self.window_days:
            return [None]
        w = self.window_days
        return list(range(self._bucket(when - w), self._bucket(when + w) + 1)) + [None]

    # -- maintenance ---------------------------------------------------------
    def index(self, story: StoryProfile, keys: Iterable[str]) -> None:
        """Index ``story`` under ``keys`` (added to ``story.keys``) and refresh its centroid.

        When the story's date range reaches new time buckets, all its keys
        are posted there too.
        """
        keys = list(map(sys.intern, keys))  # one string per key across stories and buckets
        story.keys.update(keys)
        old = self._span.get(story.id, "new")
        new = self._story_span(story)
        old_buckets = set() if old == "new" else _buckets(old)
        new_buckets = _buckets(new)
        for b in old_buckets - new_buckets:
            self._unpost(story.id, story.keys, b)
        sid = story.id
        for b in new_buckets:
            posts = self._posts.get(b)
            if posts is None:
                posts = self._posts[b] = {}
            for key in (keys if b in old_buckets else story.keys):
                have = posts.get(key)
                if have is None:
                    posts[key] = sid
                elif type(have) is str:
                    if have != sid:
                        posts[key] = {have, sid}
                else:
                    have.add(sid)
        self._span[sid] = new
        self._set_centroid(story, new)

    def _unpost(self, sid: str, keys: Iterable[str], bucket: int | None) -> None:
        posts = self._posts.get(bucket)
        if posts is None:
            return
        for key in keys:
            have = posts.get(key)
            if have is None:
                continue
            if type(have) is str:
                if have == sid:
                    del posts[key]
            elif sid in have:
                have.discard(sid)
                if len(have) == 1:
                    posts[key] = next(iter(have))
        if not posts:
            del self._posts[bucket]

    @property
    def postings(self) -> dict[tuple[str, int | None], frozenset[str]]:
        """Every posting as ``{(key, bucket): story ids}`` (a copy, for inspection and tests)."""
        return {(key, b): frozenset([have] if type(have) is str else have)
                for b, posts in self._posts.items() for key, have in posts.items()}

    def _set_centroid(self, story: StoryProfile, span: tuple[int, int] | None) -> None:
        c = story.centroid()
        if c is None:
            return
        if span is None:
            where = [("a", self.tick // self.block_arrivals)]
        else:
            where = [("d", b) for b in range(span[0], span[1] + 1)]
        for place in self._rows.get(story.id, []):
            if place not in where:
                self.blocks[place].discard(story.id)
        for place in where:
            block = self.blocks.get(place)
            if block is None:
                block = self.blocks[place] = _Block(c.shape[0])
            block.set(story.id, c)
        self._rows[story.id] = where

    def remove(self, story_id: str, keys: Iterable[str]) -> None:
        span = self._span.pop(story_id, None)
        keys = list(keys)
        for b in _buckets(span):
            self._unpost(story_id, keys, b)
        for place in self._rows.pop(story_id, []):
            self.blocks[place].discard(story_id)

    # -- lookup --------------------------------------------------------------
    def candidates(self, keys: dict[str, float], embedding: np.ndarray | None, day: int | None,
                   stories: dict[str, StoryProfile]) -> list[str]:
        """Story ids worth scoring for an article with these weighted keys."""
        buckets = self._lookup_buckets(day)
        tables = [t for t in map(self._posts.get, buckets) if t]  # in bucket order
        score: dict[str, float] = defaultdict(float)
        cap = self.max_key_stories
        for key, weight in keys.items():
            for posts in tables:
                posting = posts.get(key)
                if posting is None:
                    continue
                if type(posting) is str:
                    if cap >= 1:
                        score[posting] += weight
                elif len(posting) <= cap:
                    for sid in posting:
                        score[sid] += weight
        ranked = sorted(score, key=lambda s: (-score[s], s))[: self.max_candidates]
        if embedding is not None and self.embed_neighbours:
            for sid in self.nearest(embedding, buckets):
                if sid not in ranked:
                    ranked.append(sid)
        if day is not None and self.window_days:
            ranked = [s for s in ranked if _in_window(stories[s], day, self.window_days)]
        return ranked

    def nearest(self, embedding: np.ndarray, buckets: list[int | None]) -> list[str]:
        """The ``embed_neighbours`` stories with the nearest centroids in these buckets."""
        places = [("d", b) for b in buckets if b is not None]
        oldest = (self.tick - self.recent) // self.block_arrivals
        places += [p for p in self.blocks if p[0] == "a" and p[1] >= oldest]
        best: dict[str, float] = {}
        for place in places:
            block = self.blocks.get(place)
            if block is None or not len(block):
                continue
            n = len(block.ids)
            self.scanned += n
            sims = block.matrix[:n] @ embedding
            k = min(self.embed_neighbours + len(block.free), n)  # freed rows are zeros
            top = np.argpartition(-sims, k - 1)[:k]
            for row in top.tolist():
                sid = block.ids[row]
                if sid is not None and sims[row] > best.get(sid, -2.0):
                    best[sid] = float(sims[row])
        ranked = sorted(best, key=lambda s: (-best[s], s))
        return ranked[: self.embed_neighbours]


_consume = deque(maxlen=0).extend  # runs an iterator to its end, in C


def _drop(cache: dict, keys: Iterable[str]) -> None:
    """Forget the cached values of ``keys`` (a loop in C)."""
    _consume(map(cache.pop, keys, itertools.repeat(None)))


def _buckets(span: tuple[int, int] | None) -> set[int | None]:
    if span is None:
        return {None}
    return set(range(span[0], span[1] + 1))


def _in_window(story: StoryProfile, day: int, window: int) -> bool:
    if story.first_day is None:
        return True
    return story.first_day - window <= day <= story.last_day + window
