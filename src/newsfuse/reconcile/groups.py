"""Group a story's numeric claims by what they count, and judge their values.

Claims speak of the same thing when their counted things share content
terms (IDF-weighted, so the story's ever-present names count little), their
units are of one family and their times are compatible. Within a group the
values are compared as intervals (:mod:`.values`): ``agree``,
``agree_within_rounding``, ``conflict``, ``superseded`` (a count that rises
as dated reports update) or ``single_source``. Reprints and rewrites of one
report count as one source (provenance groups).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence, cast

from ..facts.records import Claim
from ..lexicons import words
from ..serialize import to_json
from .document import ClaimGroupDoc, ClaimSideDoc, ClaimValueDoc, Verdict
from .terms import idf, proper_terms, terms, thing_similarity
from .values import interval, is_unknown, overlaps

__all__ = ["ReconcileConfig", "GroupValue", "Side", "ClaimGroup", "reconcile_claims", "source_index", "VERDICTS"]

ALGORITHM = "reconcile.claims.v1"
VERDICTS = tuple(v.value for v in Verdict)
_DURATION = words("duration_units")


@dataclass(frozen=True)
class ReconcileConfig:
    """``link``: the mean thing similarity between two groups that merge, ``floor``
    the least any pair in a group may have;
    ``far_apart_penalty`` scales it for values more than twice apart,
    ``same_article_penalty`` for disagreeing values of one (not composite) article;
    a thing term shared by more than ``block_cap`` claims compares each with its
    ``block_window`` nearest (by thing) only, so grouping stays near-linear."""

    link: float = 0.55
    floor: float = 0.4
    far_apart_penalty: float = 0.7
    same_article_penalty: float = 0.5
    block_cap: int = 400
    block_window: int = 24


@dataclass(frozen=True, slots=True)
class GroupValue:
    """One claim inside a group; ``source`` is its independent-source index."""

    claim: Claim
    low: float
    high: float
    source: int
    side: int = 0


@dataclass(frozen=True, slots=True)
class Side:
    """Values that agree among themselves (a conflict has two or more sides)."""

    values: tuple[int, ...]
    articles: tuple[str, ...]
    independent_sources: int
    first: str | None = None
    first_date: str | None = None


@dataclass(frozen=True)
class ClaimGroup:
    thing: str
    unit: str
    verdict: Verdict
    values: tuple[GroupValue, ...]
    sides: tuple[Side, ...]
    independent_sources: int
    time: str = ""
    first: str | None = None
    first_date: str | None = None
    note: str = ""
    algorithm: str = ALGORITHM
    evidence: dict[str, float] = field(default_factory=dict)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({v.claim.article for v in self.values}))

    def document(self) -> ClaimGroupDoc:
        """The group as its JSON contract's record (infinite bounds become ``None``)."""
        values = tuple(
            ClaimValueDoc(article=v.claim.article, value=v.claim.value, hedge=v.claim.hedge, text=v.claim.text,
                          start=v.claim.start, end=v.claim.end, low=_finite(v.low), high=_finite(v.high),
                          unit=v.claim.unit, thing=v.claim.thing, time=v.claim.time, source=v.source, side=v.side)
            for v in self.values
        )
        sides = tuple(
            ClaimSideDoc(tuple(self.values[i].claim.text for i in s.values), s.articles, s.independent_sources,
                         s.first, s.first_date)
            for s in self.sides
        )
        return ClaimGroupDoc(thing=self.thing, unit=self.unit, verdict=self.verdict, values=values, sides=sides,
                             articles=self.articles, independent_sources=self.independent_sources, time=self.time,
                             first=self.first, first_date=self.first_date, note=self.note, algorithm=self.algorithm)

    def to_json(self) -> dict[str, Any]:
        """The ``claims --json`` item (keys are a contract; add, never remove)."""
        return cast("dict[str, Any]", to_json(self.document()))


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def unit_family(unit: str) -> str:
    """Currencies compare only with themselves; durations and percents apart; the rest are counts."""
    u = unit.strip()
    if len(u) == 3 and u.isupper():
        return u
    if u.lower() in ("percent", "%", "pct"):
        return "percent"
    if u.lower() in _DURATION:
        return "duration"
    if u.lower() == "date":
        return "date"
    return "count"


_GENERIC_COUNTS = words("generic_count_nouns")


def _unit_terms(claim: Claim) -> list[str]:
    """A count's unit as folded terms ("troops" -> soldier, "casualties" -> death)."""
    if unit_family(claim.unit) != "count" or not claim.unit or claim.unit.lower() in _GENERIC_COUNTS:
        return []
    return terms(claim.unit)


def _units_compatible(a: Claim, b: Claim) -> bool:
    """One unit family; counts of different nouns only when the nouns fold
    together ("troops"/"soldiers"), one is generic ("people"), or one counts a
    people by name ("14,000 Indians" / "14,000 residents")."""
    return _families_compatible(a, unit_family(a.unit), _unit_terms(a), b, unit_family(b.unit), _unit_terms(b))


def _families_compatible(a: Claim, fa: str, ua: list[str], b: Claim, fb: str, ub: list[str]) -> bool:
    """:func:`_units_compatible` given each claim's ``unit_family`` and ``_unit_terms``."""
    if fa != fb:
        return False
    if fa != "count" or not ua or not ub or set(ua) & set(ub):
        return True
    return _demonym(a) or _demonym(b)


def _demonym(claim: Claim) -> bool:
    """The counted noun is written capitalised ("Indians"): a people, not a kind."""
    unit = claim.unit.lower()
    return any(w.lower().startswith(unit) and w[:1].isupper() for w in (claim.thing + " " + claim.text).split())


def source_index(articles: Sequence[str], provenance) -> dict[str, int]:
    """Article id -> index of its independent source (provenance group)."""
    index: dict[str, int] = {}
    if provenance is not None:
        for i, group in enumerate(provenance.groups):
            for article in group:
                index[article] = i
    for article in sorted(set(articles)):
        if article not in index:
            index[article] = len(set(index.values())) + 1000 + len(index)
    return index


def _derived(provenance) -> set[tuple[str, str]]:
    """(source, derived) pairs from provenance relations with a known direction."""
    if provenance is None:
        return set()
    return {(r.source, r.derived) for r in provenance.relations if r.direction != "undetermined"}


def _first(articles: Sequence[str], dates: Mapping[str, str], derived: set[tuple[str, str]]) -> tuple[str | None, str | None]:
    """Which article reported first: the earliest date among originals when
    every article is dated, else the one original the others were derived from."""
    arts = set(articles)
    originals = sorted(a for a in arts if not any((b, a) in derived for b in arts if b != a)) or sorted(arts)
    if arts and all(dates.get(a) for a in arts):
        earliest = min(dates[a] for a in originals)
        tied = [a for a in originals if dates[a] == earliest]
        return (tied[0] if len(tied) == 1 else None), earliest
    if len(arts) > 1 and len(originals) == 1:
        return originals[0], dates.get(originals[0]) or None
    return None, None


def _far_apart(a: Claim, b: Claim, dates: Mapping[str, str]) -> bool:
    """Values more than twice apart on the same (or unknown) day: more likely two
    things than one disputed thing (a count rising over days is an update)."""
    if a.value is None or b.value is None or a.value <= 0 or b.value <= 0:
        return False
    da, db = dates.get(a.article), dates.get(b.article)
    if da and db and da != db:
        return False
    return max(a.value, b.value) / min(a.value, b.value) > 2.0


@dataclass(frozen=True)
class _Things:
    """Per-claim inputs of the pair similarity, computed once per claim rather than once per pair."""

    bags: list[list[str]]
    propers: list[set[str]]
    weights: dict[str, float]
    families: list[str]
    unit_terms: list[list[str]]
    periods: list[str]
    intervals: list[tuple[float, float]]

    @classmethod
    def of(cls, claims: Sequence[Claim]) -> "_Things":
        bags = [terms(c.thing) + [t for t in _unit_terms(c) if t not in terms(c.thing)] for c in claims]
        return cls(
            bags=bags,
            propers=[proper_terms(c.thing) for c in claims],
            weights=idf(bags),
            families=[unit_family(c.unit) for c in claims],
            unit_terms=[_unit_terms(c) for c in claims],
            periods=[c.period.strip() for c in claims],
            intervals=[interval(c) for c in claims],
        )


def _pair_similarity(claims: Sequence[Claim], things: _Things, i: int, j: int, config: ReconcileConfig,
                     dates: Mapping[str, str], composites: set[str]) -> float:
    """Thing similarity of claims ``i`` and ``j`` with the unit, sentence, time and value rules applied."""
    a, b = claims[i], claims[j]
    same_sentence = a.article == b.article and a.sentence_start == b.sentence_start and a.sentence_start >= 0
    pa, pb = things.periods[i], things.periods[j]
    if same_sentence or (pa and pb and not (pa.startswith(pb) or pb.startswith(pa))) \
            or not _families_compatible(a, things.families[i], things.unit_terms[i],
                                        b, things.families[j], things.unit_terms[j]):
        return -1.0
    s = thing_similarity(things.bags[i], things.propers[i], things.bags[j], things.propers[j], things.weights)
    if s <= 0:
        return s
    agree = overlaps(things.intervals[i], things.intervals[j])
    if _far_apart(a, b, dates):
        s *= config.far_apart_penalty
    if s > 0 and a.article == b.article and a.article not in composites and not agree:
        s *= config.same_article_penalty  # a report rarely contradicts itself; a stitched page may
    if s > 0 and agree:
        s += 0.01  # ties between equally worded things go to values that agree
    return s


def _candidate_pairs(bags: Sequence[Sequence[str]], families: Sequence[str], config: ReconcileConfig):
    """Pairs of claims that can reach ``floor``: one unit family and a shared thing term.

    Two claims sharing no term score at most 0 (the similarity is a weighted
    overlap of terms), so with ``floor`` > 0 no other pair can join a group.
    A term held by more than ``block_cap`` claims (a page of thousands of
    figures) pairs each claim only with its ``block_window`` neighbours in
    the term's list ordered by thing, so the cost stays linear.
    """
    n = len(bags)
    if config.floor <= 0:
        yield from ((i, j) for i in range(n) for j in range(i + 1, n))
        return
    postings: dict[tuple[str, str], list[int]] = {}
    for i, bag in enumerate(bags):
        for term in dict.fromkeys(bag):
            postings.setdefault((families[i], term), []).append(i)
    seen: set[tuple[int, int]] = set()
    for posting in postings.values():
        if len(posting) > config.block_cap:
            posting = sorted(posting, key=lambda i: (tuple(bags[i]), i))
            window = config.block_window
        else:
            window = len(posting)
        for x, i in enumerate(posting):
            for j in posting[x + 1 : x + 1 + window]:
                pair = (i, j) if i < j else (j, i)
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def _cluster(
    claims: Sequence[Claim], config: ReconcileConfig, dates: Mapping[str, str], composites: set[str]
) -> list[list[int]]:
    """Average-link clustering over thing similarity; every pair in a group must reach ``floor``.

    Only pairs that reach ``floor`` can ever share a group, so only those are
    kept (found through shared terms, :func:`_candidate_pairs`), and the
    merges are taken from a heap: each step merges the pair of groups with the
    highest mean similarity (ties: the later pair, groups ordered by their
    first claim), exactly as the all-pairs loop did, without its n^2 memory
    and n^3 time. A mean is summed in the same order as that loop did, so
    equal means stay equal.
    """
    things = _Things.of(claims)
    sim: dict[tuple[int, int], float] = {}
    for i, j in _candidate_pairs(things.bags, things.families, config):
        s = _pair_similarity(claims, things, i, j, config, dates, composites)
        if s >= config.floor:
            sim[(i, j)] = sim[(j, i)] = s
    return _average_link(len(claims), sim, config.link)


def _average_link(n: int, sim: Mapping[tuple[int, int], float], link: float) -> list[list[int]]:
    """Merge groups while some fully linked pair's mean similarity reaches ``link``.

    ``sim`` holds the linked pairs (both orders); a group is named by its first
    member, which is also its smallest, so names give the groups' order.
    """
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, int]] = {i: {} for i in range(n)}  # group -> neighbour -> linked pairs
    for i, j in sim:
        links[i][j] = 1
    stamp = [0] * n
    heap: list[tuple[float, int, int, int, int]] = []

    def offer(x: int, y: int) -> None:
        x, y = min(x, y), max(x, y)
        if links[x].get(y, 0) != len(groups[x]) * len(groups[y]):
            return  # some pair below the floor: these two can never merge
        cells = [sim[i, j] for i in groups[x] for j in groups[y]]
        score = sum(cells) / len(cells)
        if score >= link:
            heapq.heappush(heap, (-score, -x, -y, stamp[x], stamp[y]))

    for x in range(n):
        for y in links[x]:
            if x < y:
                offer(x, y)
    while heap:
        _, x, y, sx, sy = heapq.heappop(heap)
        x, y = -x, -y
        if x not in groups or y not in groups or stamp[x] != sx or stamp[y] != sy:
            continue
        groups[x] = groups[x] + groups.pop(y)
        stamp[x] += 1
        neighbours = links.pop(y)
        neighbours.pop(x, None)
        links[x].pop(y, None)
        for z, count in neighbours.items():
            links[z].pop(y)
            links[x][z] = links[z][x] = links[x].get(z, 0) + count
        for z in links[x]:
            offer(x, z)
    return [groups[x] for x in sorted(groups)]


def _sides(values: list[GroupValue]) -> list[list[int]]:
    """Values that overlap each other, most precise first; a value that fits
    several sides joins the one whose values lie nearest its own."""
    order = sorted(range(len(values)), key=lambda i: (values[i].high - values[i].low, i))
    sides: list[list[int]] = []
    for i in order:
        iv = (values[i].low, values[i].high)
        fits = [s for s in sides if all(overlaps(iv, (values[j].low, values[j].high)) for j in s)]
        if not fits:
            sides.append([i])
            continue
        mine = values[i].claim.value
        if mine is None:
            fits[0].append(i)
            continue
        known = lambda s: [values[j].claim.value for j in s if values[j].claim.value is not None]  # noqa: E731
        min(fits, key=lambda s: min((abs(mine - v) for v in known(s)), default=math.inf)).append(i)
    return sides


def _verdict(values: list[GroupValue], sides: list[list[int]], dates: Mapping[str, str]) -> tuple[Verdict, str]:
    claims = [v.claim for v in values]
    if len({c.article for c in claims}) == 1:
        return Verdict.SINGLE_SOURCE, "one article"
    unknown = [c for c in claims if is_unknown(c)]
    if unknown and len(unknown) < len(claims):
        return Verdict.CONFLICT, "precision: one report says the number is unknown, another states it"
    if len(sides) == 1:
        stated = {(c.value, c.hedge) for c in claims if c.value is not None}
        if len(stated) == 1 and all(c.value is not None or not math.isfinite(interval(c)[1] - interval(c)[0]) for c in claims):
            return Verdict.AGREE, ""
        return Verdict.AGREE_WITHIN_ROUNDING, "intervals from hedges and written precision overlap"
    if unit_family(claims[0].unit) in ("count", "duration") and _rises_with_time(values, sides, dates):
        return Verdict.SUPERSEDED, "later reports give higher counts"
    return Verdict.CONFLICT, ""


def _rises_with_time(values: list[GroupValue], sides: list[list[int]], dates: Mapping[str, str]) -> bool:
    """Every value dated, on two or more days, never lower than an earlier day's."""
    by_day: dict[str, list[float]] = {}
    for v in values:
        day = dates.get(v.claim.article)
        if not day or v.claim.value is None:
            return False
        by_day.setdefault(day, []).append(v.claim.value)
    days = sorted(by_day)
    return len(days) > 1 and all(max(by_day[a]) <= min(by_day[b]) for a, b in zip(days, days[1:]))


def _representative(claims: Sequence[Claim], field_name: str) -> str:
    counts = Counter(getattr(c, field_name) for c in claims if getattr(c, field_name))
    if not counts:
        return ""
    return max(counts, key=lambda t: (counts[t], len(t)))


def reconcile_claims(
    claims: Sequence[Claim],
    provenance=None,
    dates: Mapping[str, str] | None = None,
    config: ReconcileConfig = ReconcileConfig(),
) -> list[ClaimGroup]:
    """Group a story's claims and give each group a verdict.

    Args:
        claims: numeric claims of one story's articles.
        provenance: a :class:`~newsfuse.provenance.report.ProvenanceReport`
            (its groups decide which articles are independent), or None
            (every article counts as its own source).
        dates: article id -> ISO date, for ``superseded`` and who reported first.

    Returns:
        groups, the ones with most articles first.

    Example:
        >>> from newsfuse.facts.records import Claim
        >>> a = Claim("a", "$4 billion", 0, 10, 4e9, 4e9, 4e9, "USD", "billion", "exact", "India's exports to Russia")
        >>> b = Claim("b", "$4.26 billion", 0, 13, 4.26e9, 4.26e9, 4.26e9, "USD", "billion", "exact", "exports to Russia")
        >>> reconcile_claims([a, b])[0].verdict.value
        'agree_within_rounding'
    """
    dates = dict(dates or {})
    unique: dict[tuple[str, int, int], Claim] = {}
    for claim in claims:
        unique.setdefault((claim.article, claim.start, claim.end), claim)
    claims = sorted(unique.values(), key=lambda c: (c.article, c.start))
    sources = source_index([c.article for c in claims], provenance)
    derived = _derived(provenance)
    groups = []
    composites = {c.article for c in getattr(provenance, "composites", None) or ()}
    for cluster in _cluster(claims, config, dates, composites):
        members = [claims[i] for i in sorted(cluster, key=lambda i: (claims[i].article, claims[i].start))]
        values = [GroupValue(c, *interval(c), source=sources[c.article]) for c in members]
        side_lists = _sides(values)
        verdict, note = _verdict(values, side_lists, dates)
        values = [
            GroupValue(v.claim, v.low, v.high, v.source, side=next(k for k, s in enumerate(side_lists) if i in s))
            for i, v in enumerate(values)
        ]
        sides = []
        for side in side_lists:
            arts = sorted({values[i].claim.article for i in side})
            first, first_date = _first(arts, dates, derived)
            sides.append(Side(tuple(sorted(side)), tuple(arts), len({sources[a] for a in arts}), first, first_date))
        arts = sorted({c.article for c in members})
        first, first_date = _first(arts, dates, derived)
        groups.append(
            ClaimGroup(
                thing=_representative(members, "thing"),
                unit=_representative(members, "unit"),
                verdict=verdict,
                values=tuple(values),
                sides=tuple(sides),
                independent_sources=len({sources[a] for a in arts}),
                time=_representative(members, "time"),
                first=first,
                first_date=first_date,
                note=note,
            )
        )
    groups.sort(key=lambda g: (-len(g.articles), -len(g.values), g.thing))
    return groups
