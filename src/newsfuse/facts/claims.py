"""Numeric claims: a number, what it counts or measures, when, and how sure.

:func:`extract_claims` reads an article's spaCy ``Doc`` and returns
:class:`~newsfuse.facts.records.Claim` records, stand-off over
``Article.text``. :func:`thing_key` gives the content words a reconciler can
group claims on.

How it works (rules over the parse; the model is only asked for entities):

1. **Candidates** (:mod:`~newsfuse.facts.claim_candidates`). spaCy
   ``MONEY``/``CARDINAL``/``PERCENT``/``QUANTITY`` entities, plus a scan of
   the text for what the small model misses ("$65bn", "dozens", "billions of
   dollars"); a currency mark or hedge just outside the entity is taken in.
   Counts the writer leaves open are claims too, with no value ("an unknown
   number of Chinese troops"). Durations are claims only in the "first ... in
   five years" / "first ... since 2019" construction
   (:mod:`~newsfuse.facts.claim_durations`).
2. **Not claims** (:mod:`~newsfuse.facts.claim_candidates`). Years as dates,
   ordinals, times of day, list numbering, numbers inside names, anaphoric
   counts ("the two leaders"), a bare "one", numbers that modify a singular
   noun ("a 911 caller"), counts of nothing nameable ("a dozen more"), and
   numbers in short lines without a verb (page chrome). Numbers inside
   quotation marks are claims like any other.
3. **Reading.** :func:`newsfuse.facts.numbers.parse_amount` gives value,
   interval, currency and hedge.
4. **The thing** (:mod:`~newsfuse.facts.claim_things`). For counts, the noun
   the number modifies with its modifiers and the clause it is in ("Indian
   soldiers killed"); for money and percentages, the clause ("India's imports
   from Russia", "rise in India's bilateral trade with Russia").
5. **Time** (:mod:`~newsfuse.facts.claim_time`). The date expression in the
   claim's clause, resolved against ``anchor``.

:func:`thing_key` (:mod:`~newsfuse.facts.claim_keys`) stems the thing's
content words so "killed"/"killing" and "imports"/"import" group together.

Example:
    >>> from newsfuse.facts.nlp import load_nlp                        # doctest: +SKIP
    >>> nlp = load_nlp()                                                # doctest: +SKIP
    >>> c = extract_claims(article, nlp(article.text), anchor="2024-07-08")[0]  # doctest: +SKIP
    >>> (c.text, c.value, c.hedge, c.unit, c.thing)                     # doctest: +SKIP
    ('about $60 billion', 60000000000.0, 'about', 'USD', "India's imports from Russia")
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Article
from .claim_candidates import is_not_a_claim, number_candidates
from .claim_durations import duration_claim, since_claim
from .claim_keys import content_key, thing_key
from .claim_parse import number_root, sentence_bounds
from .claim_things import name_thing
from .claim_time import time_of_claim
from .numbers import parse_amount
from .records import Claim

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_claims", "thing_key", "content_key", "ALGORITHM"]


ALGORITHM = "claims.rules.v1"


def extract_claims(article: Article, doc: "Doc", *, anchor: str | None = None) -> list[Claim]:
    """Numeric claims of one article, in text order.

    Args:
        article: the article; claims point into ``article.text``.
        doc: ``nlp(article.text)`` (offsets must index ``article.text``).
        anchor: ISO date relative times ("last year") are resolved against;
            defaults to ``article.date``.

    Returns:
        One :class:`Claim` per number phrase that states a fact.
    """
    anchor = anchor or article.date
    claims: list[Claim] = []
    for start, end, kind in number_candidates(article.text, doc):
        claim = _claim(article, doc, start, end, kind, anchor)
        if claim is not None:
            claims.append(claim)
    return claims


def _claim(article: Article, doc: "Doc", start: int, end: int, kind: str, anchor: str | None) -> Claim | None:
    """One candidate as a :class:`Claim`, or None when it is not a claim or names nothing."""
    text = article.text[start:end]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if is_not_a_claim(article.text, doc, span, start, end, kind):
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
    time, period = time_of_claim(article, doc, span, clause, anchor)
    sent_start, sent_end = sentence_bounds(article, span)
    return Claim(
        article=article.id, text=text, start=start, end=end, value=amount.value,
        low=amount.low, high=amount.high, unit=unit, scale=amount.scale, hedge=amount.hedge,
        thing=thing, time=time, period=period, sentence_start=sent_start, sentence_end=sent_end,
    )


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:1[5-9]|20)\d\d", text.strip()))
