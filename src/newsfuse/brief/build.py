"""Build a story's brief from its articles, facts and provenance.

Extractive by construction: the headline and every key point are sentences
of the articles, cited by offsets; conflicts, quotes and timeline entries
point at spans too. Nothing is generated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..facts.records import StoryFacts
from ..model import Article, Story
from ..reconcile import quote_ledger, reconcile_story
from ..reconcile.groups import source_index
from .cite import cite
from .model import (
    Brief,
    BriefQuote,
    Citation,
    CitationKind,
    Conflict,
    ConflictSide,
    ConflictValue,
    Point,
    ProvenanceSummary,
)
from .select import SelectConfig, aligned_pairs, score_candidates, select_points
from .sentences import candidates, filler_spans
from .timeline import TimelineConfig, build_timeline

__all__ = ["BriefConfig", "build_brief"]

_PRONOUN = re.compile(r"^(?:he|she|they|it|we|i|you|this|that|who)$", re.I)


@dataclass(frozen=True)
class BriefConfig:
    select: SelectConfig = SelectConfig()
    timeline: TimelineConfig = TimelineConfig()
    quotes: int = 6
    min_quote_words: int = 6


def _conflicts(groups) -> tuple[Conflict, ...]:
    out = []
    for group in groups:
        if group.verdict != "conflict":
            continue
        sides = []
        for side in group.sides:
            values = tuple(
                ConflictValue(v.claim.article, v.claim.text, v.claim.start, v.claim.end, v.claim.value, v.claim.hedge)
                for v in (group.values[i] for i in side.values)
            )
            sides.append(ConflictSide(values, side.articles, side.independent_sources, side.first))
        out.append(Conflict(group.thing, group.unit, group.note, tuple(sides)))
    return tuple(out)


def _named(speaker: str) -> bool:
    words = speaker.split()
    return bool(words) and not _PRONOUN.match(speaker.strip()) and any(w[:1].isupper() for w in words)


def _quotes(facts: StoryFacts, ids: set[str], provenance, filler: dict, config: BriefConfig,
            ledger: Sequence | None = None) -> tuple[BriefQuote, ...]:
    """Direct quotes with named speakers, the ones most outlets carry first.

    ``ledger`` is the ledger of all of ``facts.quotes``; it is used as it is
    when no quote is left out here (else the ledger of the rest is computed).
    """
    quotes = [
        q for q in facts.quotes
        if q.article in ids and not any(s <= q.start < e for s, e in filler.get(q.article, ()))
    ]
    if ledger is None or len(quotes) != len(facts.quotes):
        ledger = quote_ledger(quotes, provenance)
    entries = [
        e for e in ledger
        if _named(e.speaker) and len(e.text.split()) >= config.min_quote_words
        and any(o.kind == "direct" for o in e.occurrences)
    ]
    entries.sort(key=lambda e: (-e.independent_sources, -len(e.articles), -len(e.speaker.split()), -len(e.text)))
    out = []
    for entry in entries[: config.quotes]:
        head = next(o for o in entry.occurrences if o.match == "first")
        also = tuple(Citation(o.article, o.start, o.end, CitationKind(o.match), round(o.score, 3)) for o in entry.occurrences if o is not head)
        out.append(BriefQuote(entry.speaker, head.text, head.article, head.start, head.end, head.kind,
                              independent_sources=entry.independent_sources, also=also))
    return tuple(out)


def _provenance(articles: Sequence[Article], provenance) -> ProvenanceSummary:
    if provenance is None:
        groups = tuple((a.id,) for a in articles)
        return ProvenanceSummary(len(articles), len(groups), groups)
    ids = {a.id for a in articles}
    groups = tuple(tuple(g) for g in provenance.groups if set(g) & ids)
    relations = tuple(
        (r.source, r.derived, r.relation, r.direction) for r in provenance.relations if {r.source, r.derived} <= ids
    )
    composites = tuple((c.article, len(c.parts)) for c in provenance.composites if c.article in ids)
    filler = tuple(Citation(f.article, f.start, f.end, CitationKind.FILLER, 1.0) for f in provenance.filler if f.article in ids)
    return ProvenanceSummary(len(articles), len(groups), groups, relations, composites, filler)


def build_brief(
    story: Story,
    articles: Sequence[Article],
    facts: StoryFacts,
    provenance=None,
    config: BriefConfig = BriefConfig(),
    groups: Sequence | None = None,
    ledger: Sequence | None = None,
) -> Brief:
    """The brief of one story.

    Args:
        story: the story (its id and label are carried over).
        articles: the story's articles (others are ignored).
        facts: the facts extracted from them.
        provenance: their ProvenanceReport, or None (every article then
            counts as independent and nothing is flagged as filler).
        groups: the story's reconciled claim groups when the caller already
            has them (:func:`newsfuse.reconcile.reconcile_story`); else computed.
        ledger: ``quote_ledger(facts.quotes, provenance)`` when the caller
            already has it (:func:`newsfuse.reconcile.quote_ledger`); else
            computed.

    Returns:
        a :class:`~newsfuse.brief.model.Brief`; render it with
        :mod:`newsfuse.brief.render`.
    """
    wanted = set(story.articles) or {a.id for a in articles}
    articles = [a for a in articles if a.id in wanted]
    sources = source_index([a.id for a in articles], provenance)
    groups = reconcile_story(articles, facts, provenance) if groups is None else list(groups)
    cands = candidates(articles, provenance)
    aligned = aligned_pairs(provenance)
    scored = score_candidates(cands, sources, config.select)
    scores, sim, _ = scored
    headline, used = None, []
    leads = [i for i, c in enumerate(cands) if c.position == 0]
    if leads:
        h = max(leads, key=lambda i: scores[i])
        headline = Point(cands[h].text, cite(h, cands, sim, articles, aligned, provenance), round(float(scores[h]), 4))
        used.append(h)
    points = tuple(
        Point(cands[i].text, cite(i, cands, sim, articles, aligned, provenance), round(score, 4))
        for i, score in select_points(cands, facts, groups, sources, provenance, config.select, exclude=used,
                                   scored=scored)
    )
    filler = filler_spans(provenance)
    return Brief(
        story=story.id,
        label=story.label,
        headline=headline,
        points=points,
        conflicts=_conflicts(groups),
        quotes=_quotes(facts, {a.id for a in articles}, provenance, filler, config, ledger),
        timeline=tuple(build_timeline(articles, facts, provenance, config.timeline)),
        provenance=_provenance(articles, provenance),
        titles={a.id: a.title for a in articles if a.title},
        outlets={a.id: a.outlet for a in articles if a.outlet},
        claims=tuple(groups),
    )
