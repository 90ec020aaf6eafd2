"""The claims a story is reconciled on: the numeric claims, plus "when"
claims for past events the articles date ("won a third term last month",
"reelected in June" -> both 2024-06).

A when-claim's counted thing is the clause before the date (the words the
date attaches to, back to the start of the clause), its value the date as a
fractional year and its interval the whole day, month or year written, so
"last month" and "in June" agree and "2021" and "2022" do not. Only dates
before the story's own days are used: the story's days are its subject, not
a claim about the past.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace
from typing import Sequence

from ..facts.records import Claim, Hedge, StoryFacts
from ..model import Article

__all__ = ["story_claims", "date_claims", "reconcile_story", "DATE_UNIT"]

DATE_UNIT = "date"
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_CLAUSE_BREAK = re.compile(r"[,;:()—–]|\b(?:and|but|while|although|which|as|since|after|before|until|following)\b")
_KINDS = frozenset({"absolute", "relative", "year"})


def _as_years(value: str) -> tuple[float, float, float] | None:
    """(value, low, high) of an ISO year, month or day as fractional years."""
    m = _ISO.match(value)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        day = _dt.date(year, int(m.group(2)), int(m.group(3)))
        start = year + (day.timetuple().tm_yday - 1) / 366
        return start, start, start + 1 / 366
    if m.group(2):
        start = year + (int(m.group(2)) - 1) / 12
        return start, start, start + 1 / 12
    return float(year), float(year), year + 1.0


def _thing(article: Article, sentence: tuple[int, int], start: int, words: int = 12) -> str:
    """The clause before the date mention, at most ``words`` words ("since
    winning a third term last month" -> "winning a third term")."""
    before = article.text[sentence[0] : start]
    parts = _CLAUSE_BREAK.split(before)
    clause = parts[-1] if parts and len(parts[-1].split()) >= 3 else " ".join(parts[-2:]) if len(parts) > 1 else before
    return " ".join(clause.split()[-words:])


def _sentence(article: Article, offset: int) -> tuple[int, int] | None:
    for s in article.sentences:
        if s.start <= offset < s.end:
            return s.start, s.end
    return None


def date_claims(articles: Sequence[Article], facts: StoryFacts, before: str | None = None) -> list[Claim]:
    """When-claims for dated past events (before ``before``, an ISO day)."""
    by_id = {a.id: a for a in articles}
    out: list[Claim] = []
    for mention in facts.dates:
        if mention.kind not in _KINDS or mention.article not in by_id:
            continue
        years = _as_years(mention.value)
        if years is None or (before and mention.value[: len(before)] >= before[: len(mention.value)]):
            continue
        article = by_id[mention.article]
        sentence = _sentence(article, mention.start)
        if sentence is None:
            continue
        thing = _thing(article, sentence, mention.start)
        if len(thing.split()) < 2:
            continue
        value, low, high = years
        out.append(
            Claim(
                article=article.id, text=mention.text, start=mention.start, end=mention.end,
                value=value, low=low, high=high - 1e-4, unit=DATE_UNIT, scale="", hedge=Hedge.WITHIN,
                thing=thing, time=mention.text, period="", sentence_start=sentence[0], sentence_end=sentence[1],
            )
        )
    return out


def story_claims(articles: Sequence[Article], facts: StoryFacts) -> list[Claim]:
    """The numeric claims plus when-claims for dates before the story's first day."""
    days = [a.date[:10] for a in articles if a.date] + [d.anchor[:10] for d in facts.dates if d.anchor]
    first = min(days) if days else None
    return [replace(c) for c in facts.claims] + date_claims(articles, facts, first)


def reconcile_story(articles: Sequence[Article], facts: StoryFacts, provenance=None) -> list:
    """Reconcile one story end to end: its numeric and when-claims, article
    dates for who reported first, provenance for independence.

    Returns:
        :class:`~newsfuse.reconcile.groups.ClaimGroup` list (``to_json()`` each
        for ``newsfuse claims STORY --json``).
    """
    from .groups import reconcile_claims

    ids = {a.id for a in articles}
    dates = {a.id: a.date[:10] for a in articles if a.date}
    claims = [c for c in story_claims(articles, facts) if c.article in ids]
    return reconcile_claims(claims, provenance, dates)
