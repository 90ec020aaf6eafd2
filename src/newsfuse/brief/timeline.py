"""A dated timeline from the date mentions the fact extractors resolved.

Each resolved date (day, month or year; durations are not dates) becomes an
entry citing the sentence it sits in. Mentions of one date in sentences that
say the same thing merge into one entry citing all of them. An entry is
``story`` when it falls on the story's own days (the articles' dates and the
anchors relative dates were resolved against, a week either side),
``background`` when earlier, ``upcoming`` when later. An extracted event of
the same sentence and date names it ("Narendra Modi visit Russia").
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Sequence

from ..facts.records import StoryFacts
from ..model import Article
from .model import Citation, CitationKind, TimelineEntry, TimelineKind
from .sentences import filler_spans, support_score
from ..reconcile.terms import terms

__all__ = ["TimelineConfig", "build_timeline", "story_days"]

_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class TimelineConfig:
    per_date: int = 2
    max_entries: int = 24
    window_days: int = 7
    merge: float = 0.5


def _day(value: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def story_days(articles: Sequence[Article], facts: StoryFacts) -> tuple[str, str] | None:
    """First and last day of the story: article dates and date anchors."""
    days = [a.date[:10] for a in articles if a.date and _day(a.date)]
    days += [d.anchor[:10] for d in facts.dates if d.anchor and _day(d.anchor)]
    return (min(days), max(days)) if days else None


def _kind(value: str, span: tuple[str, str] | None, window: int) -> TimelineKind:
    if span is None:
        return TimelineKind.BACKGROUND
    first, last = _dt.date.fromisoformat(span[0]), _dt.date.fromisoformat(span[1])
    lo, hi = (first - _dt.timedelta(days=window)).isoformat(), (last + _dt.timedelta(days=window)).isoformat()
    if len(value) == 10:
        return TimelineKind.STORY if lo <= value <= hi else (TimelineKind.BACKGROUND if value < lo else TimelineKind.UPCOMING)
    # A month or year: story when the story's days fall inside it.
    if span[0].startswith(value) or span[1].startswith(value):
        return TimelineKind.STORY
    return TimelineKind.BACKGROUND if value < span[0] else TimelineKind.UPCOMING


def _sentence(article: Article, offset: int) -> tuple[int, int] | None:
    for s in article.sentences:
        if s.start <= offset < s.end:
            text = article.text[s.start : s.end]
            lead = len(text) - len(text.lstrip())
            return s.start + lead, s.end - (len(text) - len(text.rstrip()))
    return None


def build_timeline(
    articles: Sequence[Article], facts: StoryFacts, provenance=None, config: TimelineConfig = TimelineConfig()
) -> list[TimelineEntry]:
    """Timeline entries sorted by date (background first, then the story's days)."""
    by_id = {a.id: a for a in articles}
    filler = filler_spans(provenance)
    span = story_days(articles, facts)
    merged: list[dict] = []
    for mention in facts.dates:
        value = mention.value
        if mention.kind == "duration" or not value or not _ISO.match(value) or mention.article not in by_id:
            continue
        article = by_id[mention.article]
        if any(s <= mention.start < e for s, e in filler.get(article.id, ())):
            continue
        sentence = _sentence(article, mention.start)
        if sentence is None:
            continue
        text = article.text[sentence[0] : sentence[1]]
        citation = Citation(article.id, sentence[0], sentence[1])
        for entry in merged:
            if entry["date"] != value:
                continue
            score = support_score(entry["terms"], text)
            if score >= config.merge:
                if all(c.article != article.id for c in entry["citations"]):
                    entry["citations"].append(Citation(article.id, sentence[0], sentence[1], CitationKind.SUPPORT, round(score, 3)))
                break
        else:
            merged.append({"date": value, "text": text, "terms": terms(text), "mention": mention.text, "citations": [citation]})
    events = {}
    for ev in facts.events:
        if ev.date and not ev.negated:
            events.setdefault((ev.article, ev.sentence_start, ev.date), " ".join(x for x in (ev.actor, ev.action, ev.target) if x))
    out: list[TimelineEntry] = []
    for value in sorted({e["date"] for e in merged}):
        same = sorted((e for e in merged if e["date"] == value), key=lambda e: (-len(e["citations"]), e["citations"][0].article))
        for e in same[: config.per_date]:
            label = next((events[k] for c in e["citations"] for k in events
                          if k[0] == c.article and c.start <= k[1] < c.end and k[2] == value), "")
            out.append(
                TimelineEntry(value, _kind(value, span, config.window_days), e["text"], e["mention"], label, tuple(e["citations"]))
            )
    if len(out) > config.max_entries:
        keep = sorted(out, key=lambda e: -len(e.citations))[: config.max_entries]
        out = [e for e in out if e in keep]
    return out
