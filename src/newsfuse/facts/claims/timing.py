"""When a claim holds: a frequency right after it, else the date in its clause.

The date expression is resolved with :func:`newsfuse.facts.dates.resolve_expression`
against the anchor ("the financial year ended March 2024" -> "2023-04/2024-03");
frequencies ("annually", "a year") are kept as written with no period.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from ...model import Article
from ..dates import MONTH_NAMES, clause_tense, resolve_expression
from .durations import DURATION_PHRASE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

__all__ = ["time_of_claim"]


_FREQUENCY = re.compile(r"^\s*(a year|a month|per year|per annum|a day|per day|annually|yearly|monthly)\b(?!\s+(?:earlier|ago|before|later|after))", re.I)
_FISCAL = re.compile(r"(?:financial|fiscal) year (?:that |which )?end(?:ed|ing|s)? (?:in |on )?(?P<month>[A-Z][a-z]+),? (?P<year>\d{4})")
_MONTHS = MONTH_NAMES


def _sentence_ents(ents: "Sequence[SpacySpan]", sent: "SpacySpan") -> list["SpacySpan"]:
    """``sent.ents`` from the doc's ``ents`` (spaCy's ``Span.ents`` remakes every entity
    of the doc on each call): the entities from the sentence start on, up to the first
    that ends after the sentence."""
    out = []
    for ent in ents:
        if ent.start >= sent.start:
            if ent.end <= sent.end:
                out.append(ent)
            else:
                break
    return out


def time_of_claim(article: Article, doc: "Doc", span: "SpacySpan", clause: "Token | None", anchor: str | None,
                  ents: "Sequence[SpacySpan] | None" = None) -> tuple[str, str]:
    """The time a claim holds for: a frequency right after it, else a date in its clause
    (``ents``: ``doc.ents`` when the caller has them)."""
    after = article.text[span.end_char : span.end_char + 20]
    fm = _FREQUENCY.match(after)
    if fm:
        return fm.group(1), ""
    if clause is None:
        return "", ""
    subtree = list(clause.subtree)
    region = {t.i for t in subtree}
    for tok in subtree:  # an "up from X a year earlier" phrase dates X, not the main figure
        if tok.lower_ in ("up", "down") and any(c.lower_ == "from" for c in tok.children) and span.start not in {t.i for t in tok.subtree}:
            region -= {t.i for t in tok.subtree}
    best: "SpacySpan | None" = None
    sent = span.sent
    sent_ents = sent.ents if ents is None else _sentence_ents(ents, sent)
    for ent in sent_ents:
        if ent.label_ != "DATE" or ent.start not in region or DURATION_PHRASE.match(ent.text):
            continue
        if ent.text.lower() in ("annual", "annually", "yearly"):
            return ent.text, ""
        if best is None or abs(ent.start - span.start) < abs(best.start - span.start):
            best = ent
    when = next((c for c in clause.children if c.lower_ == "when"), None)
    if best is None and when is not None and clause.dep_ in ("relcl", "advcl"):
        # "in 2022 and 2020, when 20 Indian soldiers ... were killed": the date before "when"
        before = [e for e in sent_ents if e.label_ == "DATE" and e.end <= when.i and when.i - e.end <= 2]
        best = before[-1] if before else None
    if best is None:
        return "", ""
    text = best.text
    more = re.match(r"\s+(?:that |which )?end(?:ed|ing|s)?\s+(?:in\s+|on\s+)?[A-Z][a-z]+,?\s+\d{4}", article.text[best.end_char : best.end_char + 40])
    if more and re.search(r"(?:fiscal|financial) year$", text):
        text = article.text[best.start_char : best.end_char + more.end()]  # "the fiscal year that ended in June 2024"
    fiscal = _FISCAL.search(text)
    if fiscal and fiscal.group("month").lower() in _MONTHS:
        month, year = _MONTHS.index(fiscal.group("month").lower()) + 1, int(fiscal.group("year"))
        start_y, start_m = (year, 1) if month == 12 else (year - 1, month + 1)
        return text, f"{start_y:04d}-{start_m:02d}/{year:04d}-{month:02d}"
    resolved = resolve_expression(text, anchor, clause_tense(best.root))
    period = resolved[1] if resolved and resolved[0] != "duration" else ""
    return text, period
