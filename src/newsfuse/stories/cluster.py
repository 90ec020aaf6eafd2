"""Incremental story clustering: each new article joins a story or starts one.

For every new article the clusterer

1. updates the running document frequencies (IDF of the stream so far);
2. asks the :class:`~newsfuse.stories.index.CandidateIndex` for the few
   stories that share its rarer entities/terms, whose centroid is nearest
   to its lead embedding, and (with dates) that are inside the time window;
3. scores each candidate with the logistic model of
   :mod:`newsfuse.stories.score` and joins the best one if its probability
   reaches ``join_threshold``, else starts a new story;
4. checks whether the story it joined now matches another candidate story
   well enough (the article itself at least ``join_threshold`` with both,
   and the mean article-to-article probability between the two stories'
   members ``>= merge_threshold``): then the two merge, the older id
   survives and the merge is recorded;
5. when the story has grown by ``split_growth`` since it was last checked,
   re-examines it (only it): its members are grouped in two by average
   linkage over article-to-article probabilities, and if the two groups
   are clearly apart (mean cross probability below ``split_threshold``,
   or below ``split_ratio`` x the weaker group's own mean) the story
   splits; the group holding the oldest article keeps the id.
   This undoes an early wrong join before it snowballs.

Nothing is recomputed over the whole collection; the work per article is
bounded by ``max_candidates`` + ``embed_neighbours`` profile comparisons,
posting-list lookups and matrix-vector products over the centroids of the
stories within the time window;
split checks cost O(k^2) for a story of k <= ``split_max_members`` members,
at sizes growing geometrically, so O(k) amortised per article.

A provenance hint (``same_story_hint``: reprint id -> source id) overrides
the model: a reprint joins its source's story, and a source arriving after
its reprints pulls their stories into its own.
"""

from __future__ import annotations

import heapq
import sys
from dataclasses import asdict, dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from ..model import Article, Story
from .features import ArticleFeatures, FeatureConfig, FeatureExtractor
from .index import CandidateIndex, Stats, StoryProfile
from .packed import PackedFeatures
from .score import article_view, pair_features, probability, story_view

__all__ = ["StoryConfig", "StoryClusterer", "DEFAULT_WEIGHTS", "DEFAULT_PAIR_WEIGHTS", "STATE_VERSION"]

#: 2: members' features packed (:class:`~newsfuse.stories.packed.PackedFeatures`); 1 (dicts) still loads.
STATE_VERSION = 2
_READABLE_STATES = (1, 2)

#: Logistic coefficients for :data:`newsfuse.stories.score.FEATURES`, then the bias:
#: article vs story. Fitted on ECB+ dev topics 1-35 (``eval/stories.py --tune``,
#: entities "both"); ``gap`` cannot be fitted there (no dates) and is a prior:
#: -1 per log(1 + days) between the article and the story's date range.
DEFAULT_WEIGHTS: tuple[float, ...] = (3.96, 6.16, 2.47, 2.4, 1.6, 4.37, -1.0, -0.86, -9.75)
#: The same for article vs article (used for merges and splits); ``size`` is 0 there.
DEFAULT_PAIR_WEIGHTS: tuple[float, ...] = (5.34, 6.45, 3.89, 1.22, 1.29, 3.05, -1.0, 0.0, -8.49)


@dataclass(frozen=True)
class StoryConfig:
    """How articles are grouped into stories.

    Attributes:
        features: what is read from each article (:class:`FeatureConfig`).
        weights: logistic-model coefficients, one per signal of
            :data:`newsfuse.stories.score.FEATURES`, then the bias.
        pair_weights: the same for two single articles (used to merge and split).
        join_threshold: an article joins its best candidate story when the
            model's probability reaches this; otherwise it starts a story.
            The fitted value is low (joining is cheap to undo: the split
            check separates a wrongly joined group once it has grown).
        merge_threshold: two stories merge when the new article links both
            (probability >= ``join_threshold`` with each) and the mean
            article-to-article probability (``pair_weights``) between their
            members reaches this. Keep it above ``split_threshold`` so that
            a split is not undone by the next article.
        split_threshold: a story splits in two when the mean article-to-
            article probability (``pair_weights``) across the two halves found
            by average linkage is below this (0: never split).
        split_ratio: also split when both halves have 3+ articles and the
            cross probability is below this share of the weaker half's own
            mean probability (0: off).
        split_min_members: smallest story that is checked for a split; each
            half must keep at least 2 articles.
        split_growth: a story is re-checked when it has grown by this factor
            since its last check.
        split_max_members: larger stories are not checked (cost is quadratic
            in the members compared).
        link_members: members compared per story when two stories are
            linked for a merge (evenly spread over arrival order).
        max_candidates: stories scored per article from the inverted index.
        embed_neighbours: stories added from the nearest embedding centroids.
        window_days: with dates on both sides, stories more than this many
            days from the article are not candidates (0: no window). Also the
            width of the index's time buckets.
        recent_arrivals: for stories without dates, only those touched in
            the last this many arrivals are searched by embedding.
        max_key_stories: keys (entities, terms) found in more stories than
            this are not used to retrieve candidates.
        index_terms: an article's rarest terms (by IDF x weight) that index
            its story, besides all its entities.
        story_terms: a story keeps about this many terms (2x before pruning).
        salient_k: how many of an article's heaviest entities must be found
            in a story for full "cover".
        min_support: a story's entity counts as salient when at least this
            share of its articles carry it.
        label_words: headline length limit.
    """

    features: FeatureConfig = FeatureConfig()
    weights: tuple[float, ...] = DEFAULT_WEIGHTS
    pair_weights: tuple[float, ...] = DEFAULT_PAIR_WEIGHTS
    join_threshold: float = 0.1
    merge_threshold: float = 0.45
    split_threshold: float = 0.35
    split_ratio: float = 0.6
    split_min_members: int = 4
    split_growth: float = 1.3
    split_max_members: int = 80
    link_members: int = 12
    max_candidates: int = 20
    embed_neighbours: int = 5
    window_days: int = 14
    recent_arrivals: int = 20_000
    max_key_stories: int = 300
    index_terms: int = 12
    story_terms: int = 600
    salient_k: int = 6
    min_support: float = 0.34
    label_words: int = 18

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["features"]["entity_weights"] = [list(p) for p in self.features.entity_weights]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "StoryConfig":
        data = dict(data)
        feats = dict(data.pop("features", {}))
        feats.setdefault("embed_int8", False)  # saved before int8 existed: its vectors are float32
        if "entity_weights" in feats:
            feats["entity_weights"] = tuple(tuple(p) for p in feats["entity_weights"])
        data["weights"] = tuple(data.get("weights", DEFAULT_WEIGHTS))
        data["pair_weights"] = tuple(data.get("pair_weights", DEFAULT_PAIR_WEIGHTS))
        return cls(features=FeatureConfig(**feats), **data)


@dataclass(slots=True)
class _Member:
    """What the clusterer keeps of a placed article: its story, arrival, signals (packed)."""

    story: str
    order: int
    packed: PackedFeatures

    @property
    def features(self) -> ArticleFeatures:
        return self.packed.unpack()


class StoryClusterer:
    """Groups a stream of articles into stories, one article at a time.

    Args:
        config: a :class:`StoryConfig`.
        nlp: spaCy pipeline with an ``ner`` pipe (default: the packaged English
            model with only its NER, loaded on first use, owned by this instance).
        encoder: a :class:`newsfuse.embed.SentenceEncoder` (default: created on
            first use).
        extractor: a ready :class:`FeatureExtractor` (overrides nlp/encoder).

    ``merges`` and ``splits`` record every merge (``into``, ``merged``,
    ``after`` = arrival count, ``reason``) and split (``story``, ``new``,
    ``moved`` articles); :meth:`resolve` maps a merged-away id to its
    survivor. It keeps each article's features, packed (needed to split and
    label), so memory and state grow linearly with the articles (~35 kB of
    memory each at 10k, stories' profiles included; ``bench/stories.py``).

    Example:
        >>> clusterer = StoryClusterer()                       # doctest: +SKIP
        >>> story_id = clusterer.add(article)                  # doctest: +SKIP
        >>> [s.label for s in clusterer.stories()]             # doctest: +SKIP
        >>> state = clusterer.to_state()  # JSON-serialisable; StoryClusterer.from_state(state)  # doctest: +SKIP
    """

    def __init__(self, config: StoryConfig = StoryConfig(), nlp=None, encoder=None,
                 extractor: FeatureExtractor | None = None) -> None:
        self.config = config
        self.extractor = extractor or FeatureExtractor(config.features, nlp=nlp, encoder=encoder)
        self.stats = Stats()
        self.index = CandidateIndex(config.max_key_stories, config.max_candidates,
                                    config.embed_neighbours, config.window_days, config.recent_arrivals)
        self._stories: dict[str, StoryProfile] = {}
        self._members: dict[str, _Member] = {}
        self._redirect: dict[str, str] = {}  # merged-away story id -> surviving id
        self._waiting: dict[str, list[str]] = {}  # source id -> reprint ids added before it
        self.merges: list[dict[str, Any]] = []
        self.splits: list[dict[str, Any]] = []
        self._checked: dict[str, int] = {}  # story id -> size at its last split check
        self._count = 0

    # -- adding ----------------------------------------------------------------
    def add(self, article: Article, same_story_hint: Mapping[str, str] | None = None) -> str:
        """Place one article; returns the id of the story it is in now.

        An id already placed is not placed again (a new version of an
        article keeps its story).
        """
        if article.id in self._members:
            return self.story_of(article.id)
        return self.add_features(self.extractor.extract(article), same_story_hint)

    def add_many(self, articles: Sequence[Article], same_story_hint: Mapping[str, str] | None = None) -> list[str]:
        """Place articles in the given order, each as soon as its features are ready
        (:meth:`FeatureExtractor.iter_extract`: the encoder works ahead in a helper thread).

        Returns each article's story id *after* the whole batch (later merges
        are reflected).
        """
        fresh = [a for a in articles if a.id not in self._members]
        for f in self.extractor.iter_extract(fresh):
            self.add_features(f, same_story_hint)
        return [self.story_of(a.id) for a in articles]

    def add_features(self, f: ArticleFeatures, same_story_hint: Mapping[str, str] | None = None) -> str:
        """Place an article from precomputed features (see :meth:`FeatureExtractor.extract_many`)."""
        if f.id in self._members:
            return self.story_of(f.id)
        cfg = self.config
        self._count += 1
        self.stats.add(f)
        keys = self._keys(f)

        forced: str | None = None
        if same_story_hint and f.id in same_story_hint:
            source = same_story_hint[f.id]
            if source in self._members:
                forced = self.story_of(source)
            else:
                self._waiting.setdefault(source, []).append(f.id)

        scored: list[tuple[float, str]] = []
        if forced is None:
            scored = [(probability(x, cfg.weights), sid) for sid, x in self.candidate_features(f, keys)]
            scored.sort(key=lambda ps: (-ps[0], self._stories[ps[1]].created))

        if forced is not None:
            story = self._stories[forced]
        elif scored and scored[0][0] >= cfg.join_threshold:
            story = self._stories[scored[0][1]]
        else:
            story = None
        story = self._place(f, keys, story)

        # later evidence: the grown story may now match another candidate
        for p, sid in scored:
            if p < cfg.join_threshold or sid == story.id or sid not in self._stories:
                continue
            other = self._stories[sid]
            q = self._link(story, other)
            if q >= cfg.merge_threshold:
                story = self._merge(story, other, f"article {f.id} links them (p={p:.2f}, story p={q:.2f})")

        for reprint in self._waiting.pop(f.id, []):
            if reprint in self._members:
                sid = self.story_of(reprint)
                if sid != story.id:
                    story = self._merge(story, self._stories[sid], f"{reprint} reprints {f.id}")
        if forced is None:
            self._maybe_split(story)
        return self.story_of(f.id)

    def candidate_features(self, f: ArticleFeatures, keys: dict[str, float] | None = None) -> list[tuple[str, list[float]]]:
        """(story id, signals) for each candidate story of an article (stats must include it)."""
        cfg = self.config
        keys = self._keys(f) if keys is None else keys
        view = article_view(f)
        return [
            (sid, pair_features(view, story_view(self._stories[sid]), self.stats, cfg.salient_k, cfg.min_support))
            for sid in self.index.candidates(keys, f.embedding, f.day, self._stories)
        ]

    def _place(self, f: ArticleFeatures, keys: dict[str, float], story: StoryProfile | None) -> StoryProfile:
        """Put an article into ``story`` (None: a new story) and index it."""
        if story is None:
            story = StoryProfile(id=f"s-{f.id}", created=self._count)
            self._stories[story.id] = story
        story.add(f, self.config.story_terms)
        self.index.arrive(f.day)
        self.index.index(story, keys)
        self._members[f.id] = _Member(story=story.id, order=self._count, packed=PackedFeatures.pack(f))
        return story

    def _keys(self, f: ArticleFeatures) -> dict[str, float]:
        """Index keys of an article: its entities, and its rarest terms (``t:`` + term), IDF-weighted."""
        keys = self.stats.weighted(f.entities, "entities")
        idf = self.stats.weighted(f.terms, "terms")
        for k, w in heapq.nlargest(self.config.index_terms, idf.items(), key=_weight_then_key):
            keys[sys.intern("t:" + k)] = w
        return keys

    def _merge(self, a: StoryProfile, b: StoryProfile, reason: str) -> StoryProfile:
        """Merge two stories; the older id survives. Returns the survivor."""
        keep, gone = (a, b) if (a.created, a.id) <= (b.created, b.id) else (b, a)
        self.index.remove(gone.id, gone.keys)
        keep.absorb(gone, self.config.story_terms)
        for aid in gone.articles:
            self._members[aid].story = keep.id
        del self._stories[gone.id]
        self._checked.pop(gone.id, None)
        self._redirect[gone.id] = keep.id
        self.index.index(keep, keep.keys)
        self.merges.append({"into": keep.id, "merged": gone.id, "after": self._count, "reason": reason})
        return keep

    def _sample(self, story: StoryProfile) -> list[ArticleFeatures]:
        """Up to ``link_members`` members, evenly spread over arrival order."""
        ids = story.articles
        cap = self.config.link_members
        if len(ids) > cap:
            step = len(ids) / cap
            ids = [ids[int(i * step)] for i in range(cap)]
        return [self._members[a].features for a in ids]

    def _link(self, a: StoryProfile, b: StoryProfile) -> float:
        """Average-link: mean article-to-article probability between two stories."""
        cfg = self.config
        xs = [article_view(f) for f in self._sample(a)]
        ys = [article_view(f) for f in self._sample(b)]
        total = 0.0
        for x in xs:
            for y in ys:
                total += probability(pair_features(x, y, self.stats, cfg.salient_k, cfg.min_support),
                                     cfg.pair_weights)
        return total / (len(xs) * len(ys))

    def _maybe_split(self, story: StoryProfile) -> None:
        cfg = self.config
        k = story.size
        if cfg.split_threshold <= 0 or k < cfg.split_min_members or k > cfg.split_max_members:
            return
        last = self._checked.get(story.id, 0)
        if last and k < last * cfg.split_growth:
            return
        self._checked[story.id] = k
        members = [self._members[a].features for a in story.articles]
        views = [article_view(f) for f in members]
        prob = np.eye(k)
        for i in range(k):
            for j in range(i + 1, k):
                x = pair_features(views[i], views[j], self.stats, cfg.salient_k, cfg.min_support)
                prob[i, j] = prob[j, i] = probability(x, cfg.pair_weights)
        halves = _two_groups(prob)
        if halves is None:
            return
        a, b = halves
        if min(len(a), len(b)) < 2:
            return
        cross = float(prob[np.ix_(a, b)].mean())
        apart = cross < cfg.split_threshold
        if not apart and cfg.split_ratio > 0 and min(len(a), len(b)) >= 3:
            within = min(_mean_off_diagonal(prob[np.ix_(a, a)]), _mean_off_diagonal(prob[np.ix_(b, b)]))
            apart = cross < cfg.split_ratio * within
        if not apart:
            return
        self._split(story, [members[i] for i in a], [members[i] for i in b], cross)

    def _split(self, story: StoryProfile, first: list[ArticleFeatures], second: list[ArticleFeatures],
               cross: float) -> None:
        """Replace ``story`` by two; the half with the oldest article keeps the id."""
        order = lambda f: self._members[f.id].order  # noqa: E731
        first.sort(key=order)
        second.sort(key=order)
        if order(second[0]) < order(first[0]):
            first, second = second, first
        self.index.remove(story.id, story.keys)
        del self._stories[story.id]
        halves = []
        for group, sid, created in ((first, story.id, story.created),
                                    (second, f"s-{second[0].id}", self._members[second[0].id].order)):
            base, n = sid, 1
            while sid != story.id and (sid in self._stories or sid in self._redirect):
                n += 1
                sid = f"{base}~{n}"
            prof = StoryProfile(id=sid, created=created)
            if sid == story.id:
                prof.merged_from = list(story.merged_from)
            self._stories[sid] = prof
            for f in group:
                prof.add(f, self.config.story_terms)
                self._members[f.id].story = sid
                self.index.index(prof, self._keys(f))
            self._checked[sid] = prof.size
            halves.append(prof)
        self.splits.append({"story": story.id, "new": halves[1].id, "after": self._count,
                            "moved": [f.id for f in second], "p": round(cross, 3)})

    # -- reading -----------------------------------------------------------------
    def story_of(self, article_id: str) -> str:
        """The current story id of a placed article."""
        return self._members[article_id].story

    def resolve(self, story_id: str) -> str:
        """The id a (possibly merged-away) story id now lives under."""
        while story_id in self._redirect:
            story_id = self._redirect[story_id]
        return story_id

    def assignments(self) -> dict[str, str]:
        """article id -> story id, for every placed article."""
        return {aid: m.story for aid, m in self._members.items()}

    def __len__(self) -> int:
        return len(self._stories)

    def stories(self) -> list[Story]:
        """All stories, largest first; label = headline of the most central article."""
        out = []
        for s in self._stories.values():
            members = [self._members[a] for a in s.articles]
            central = self._central(s, members)
            dates = sorted(m.packed.date for m in members if m.packed.date)
            label = central.packed.headline
            words = label.split()
            if len(words) > self.config.label_words:
                label = " ".join(words[: self.config.label_words]) + " …"
            out.append(Story(
                id=s.id,
                label=label,
                articles=tuple(sorted(s.articles, key=lambda a: self._members[a].order)),
                first_date=dates[0] if dates else None,
                last_date=dates[-1] if dates else None,
            ))
        out.sort(key=lambda st: (-len(st.articles), st.id))
        return out

    def _central(self, s: StoryProfile, members: list[_Member]) -> _Member:
        centroid = s.centroid()

        def score(m: _Member) -> float:
            f = m.packed
            ent = sum(v * s.entities.get(k, 0.0) for k, v in f.entity_items())
            emb = float(np.dot(f.embedding, centroid)) if centroid is not None and f.embedding is not None else 0.0
            return emb + ent / max(s.size, 1)

        return max(members, key=lambda m: (score(m), -m.order))

    # -- state -------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        """Everything needed to continue clustering later, as JSON-serialisable data."""
        return {
            "version": STATE_VERSION,
            "config": self.config.to_dict(),
            "count": self._count,
            "stats": self.stats.to_dict(),
            "stories": [s.to_dict() for s in self._stories.values()],
            "members": {
                aid: {"story": m.story, "order": m.order, "features": m.packed.to_dict()}
                for aid, m in self._members.items()
            },
            "redirect": dict(self._redirect),
            "splits": list(self.splits),
            "checked": dict(self._checked),
            "waiting": {k: list(v) for k, v in self._waiting.items()},
            "merges": list(self.merges),
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any], nlp=None, encoder=None,
                   extractor: FeatureExtractor | None = None,
                   config: StoryConfig | None = None) -> "StoryClusterer":
        """Rebuild a clusterer saved with :meth:`to_state` (the index is rebuilt).

        A version 1 state (members' features as dicts) loads too and
        continues exactly as the run that saved it would have.
        """
        if state.get("version") not in _READABLE_STATES:
            raise ValueError(f"unsupported story state version {state.get('version')!r}")
        cfg = config or StoryConfig.from_dict(state["config"])
        self = cls(cfg, nlp=nlp, encoder=encoder, extractor=extractor)
        self._count = state["count"]
        self.stats = Stats.from_dict(state["stats"])
        self.index.tick = self._count
        days = [d["last_day"] for d in state["stories"] if d.get("last_day") is not None]
        self.index.latest_day = max(days) if days else None
        for data in state["stories"]:
            story = StoryProfile.from_dict(data)
            self._stories[story.id] = story
            self.index.index(story, list(story.keys))
        for aid, m in state["members"].items():
            self._members[aid] = _Member(story=m["story"], order=m["order"],
                                         packed=PackedFeatures.from_dict(m["features"]))
        self._redirect = dict(state.get("redirect", {}))
        self._waiting = {k: list(v) for k, v in state.get("waiting", {}).items()}
        self.merges = list(state.get("merges", []))
        self.splits = list(state.get("splits", []))
        self._checked = dict(state.get("checked", {}))
        return self


def _weight_then_key(item: tuple[str, float]) -> tuple[float, str]:
    return item[1], item[0]


def _mean_off_diagonal(m: np.ndarray) -> float:
    k = m.shape[0]
    if k < 2:
        return 1.0
    return float((m.sum() - np.trace(m)) / (k * (k - 1)))


def _two_groups(prob: np.ndarray) -> tuple[list[int], list[int]] | None:
    """Cut items in two by average linkage on ``1 - prob``; None if impossible."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    k = prob.shape[0]
    if k < 2:
        return None
    dist = np.clip(1.0 - prob, 0.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), method="average"), 2, criterion="maxclust")
    a = [i for i in range(k) if labels[i] == labels[0]]
    b = [i for i in range(k) if labels[i] != labels[0]]
    return (a, b) if b else None
