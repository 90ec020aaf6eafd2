"""Numeric claims of one article: :func:`extract_claims` runs the steps described
in :mod:`newsfuse.facts.claims` (candidates, not-claims, reading, thing, time)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...model import Article
from ..records import Claim, Hedge
from .candidates import is_not_a_claim, name_spans, number_candidates
from .durations import duration_claim, since_claim
from .numbers import parse_amount
from .parse import number_root, sentence_bounds
from .things import name_thing
from .timing import time_of_claim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan

__all__ = ["extract_claims", "ALGORITHM"]


ALGORITHM = "claims.rules.v1"


def extract_claims(article: Article, doc: "Doc", *, anchor: str | None = None,
                   ents: "tuple[SpacySpan, ...] | None" = None) -> list[Claim]:
    """Numeric claims of one article, in text order.

    Args:
        article: the article; claims point into ``article.text``.
        doc: ``nlp(article.text)`` (offsets must index ``article.text``).
        anchor: ISO date relative times ("last year") are resolved against;
            defaults to ``article.date``.
        ents: ``doc.ents`` when the caller has them (``Doc.ents`` makes new
            spans on every call).

    Returns:
        One :class:`Claim` per number phrase that states a fact.
    """
    anchor = anchor or article.date
    claims: list[Claim] = []
    ents = doc.ents if ents is None else ents
    names = name_spans(doc, ents)
    for start, end, kind in number_candidates(article.text, doc, ents):
        claim = _claim(article, doc, start, end, kind, anchor, names, ents)
        if claim is not None:
            claims.append(claim)
    return claims


def _claim(article: Article, doc: "Doc", start: int, end: int, kind: str, anchor: str | None,
           names: list[tuple[int, int]] | None = None, ents: "tuple[SpacySpan, ...] | None" = None) -> Claim | None:
    """One candidate as a :class:`Claim`, or None when it is not a claim or names nothing."""
    text = article.text[start:end]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if is_not_a_claim(article.text, doc, span, start, end, kind, names):
        return None
    if kind == "SINCE":
        return since_claim(article, doc, span, anchor)
    amount = parse_amount(text)
    if amount is None:
        return None
    root = number_root(span)
    if kind == "DURATION":
        return duration_claim(article, span, root, amount, anchor)
    if amount.value is not None and not amount.unit and not amount.scale and _is_year(text):
        return None
    thing, noun_unit, clause = name_thing(doc, span, root, amount)
    unit = amount.unit or noun_unit
    if not thing and not unit:
        return None
    time, period = time_of_claim(article, doc, span, clause, anchor, ents)
    sent_start, sent_end = sentence_bounds(article, span)
    return Claim(
        article=article.id, text=text, start=start, end=end, value=amount.value,
        low=amount.low, high=amount.high, unit=unit, scale=amount.scale, hedge=Hedge(amount.hedge),
        thing=thing, time=time, period=period, sentence_start=sent_start, sentence_end=sent_end,
    )


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:1[5-9]|20)\d\d", text.strip()))
