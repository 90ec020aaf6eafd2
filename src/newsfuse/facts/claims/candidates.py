"""Which number phrases of an article are claim candidates, and which are not claims.

Candidates are the model's numeric entities plus a text scan for what the
small model misses ("$65bn", "dozens", "billions of dollars", "an unknown
number of"), widened to take in a currency mark or hedge just outside the
entity ("(£50.76bn)", "amounted near $61.44 billion"). Numbers that are not
claims (names, times of day, list numbers, anaphora, page chrome) are
filtered here, before any naming, so the rest of the pipeline never sees them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .durations import DURATION_PHRASE
from .numbers import hedge_before
from .parse import number_root

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan

__all__ = ["number_candidates", "is_not_a_claim", "name_spans"]


_NUMERIC_LABELS = ("MONEY", "CARDINAL", "PERCENT", "QUANTITY")
# Entities a number inside of is part of a name, not a claim.
_NAME_LABELS = ("ORG", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "PERSON", "TIME", "ORDINAL")
# What the small model misses: "$65bn", "dozens of", "billions of dollars", "12 per cent".
# The leading lookahead only tells the engine, cheaply, where no alternative can start
# (each starts with a currency mark, a digit, "US$", "A$", "C$", or, after no letter,
# with "Rs", "se"veral, "a ", "an ", "do"zens, "hu"ndreds, "thou"sands, "mi"llions,
# "bi"llions or "mu"ltiple): it rejects most positions before trying the alternatives.
_SCAN = re.compile(
    r"(?=[$£€₹\d]|US\$|[AC]\$|(?<![A-Za-z])(?:RS|SE|AN? |DO|HU|THOU|MI|BI|MU))(?:"
    r"(?:US\$|A\$|C\$|\$|£|€|₹|(?<![A-Za-z])R[Ss]\.?\s?)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:trillion|billion|million|crores?|lakhs?|tn|bn|mn|MM|m|k)\b)?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:%|per\s?cent\b|percent\b)"
    r"|\b(?:several |a few )?(?:dozens|hundreds|thousands|millions|billions)(?: of (?:dollars|pounds|euros|rupees))?\b"
    r"|\bseveral dozen\b"
    r"|\ban? (?:unknown|undisclosed|unspecified) number\b"
    r"|\bmultiple\b(?= (?:casualties|deaths|fatalities|injuries|victims|people|dead|wounded)\b))",
    re.I,
)
_SINCE = re.compile(r"\bsince\s+((?:19|20)\d\d)\b")
_CURRENCY_AFTER = re.compile(r"\s+(?:US\s+|Hong Kong\s+)?(?:dollars|euros|pounds sterling|rupees|yuan|yen|roubles|rubles)\b")
_TIME_AFTER = re.compile(r"\s*(?::\s?\d\d|[ap]\.?\s?m\b\.?|o'clock|(?:GMT|UTC|BST|IST|EDT|EST|CET|CEST|PDT|PST|ET|PT)\b)", re.I)
_DET_BEFORE = {"the", "these", "those", "both", "all", "its", "their", "our", "his", "her", "my", "your", "each"}


def number_candidates(text: str, doc: "Doc", ents: "tuple[SpacySpan, ...] | None" = None) -> list[tuple[int, int, str]]:
    """Character spans of number phrases, widened to their hedge and currency mark
    (``ents``: ``doc.ents`` when the caller has them; it is rebuilt on every call)."""
    found: list[tuple[int, int, str]] = []
    for ent in doc.ents if ents is None else ents:
        if ent.label_ in _NUMERIC_LABELS:
            found.append((ent.start_char, ent.end_char, ent.label_))
        elif ent.label_ == "DATE" and DURATION_PHRASE.match(ent.text.strip()):
            found.append((ent.start_char, ent.end_char, "DURATION"))
    for m in _SCAN.finditer(text):
        found.append((m.start(), m.end(), "SCAN"))
    if "since" in text:  # (no match without it)
        for m in _SINCE.finditer(text):
            found.append((m.start(), m.end(), "SINCE"))
    found.sort(key=lambda f: (f[0], -f[1]))
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        start, end = _widen(text, start, end)
        if merged and start < merged[-1][1]:
            ps, pe, pk = merged[-1]
            if kind == "SCAN" and pk in _NUMERIC_LABELS:
                kind = pk
            merged[-1] = (min(ps, start), max(pe, end), pk if pk != "SCAN" else kind)
            continue
        merged.append((start, end, kind))
    return merged


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in a currency mark or hedge just before, drop trailing punctuation."""
    while end > start and text[end - 1] in " ,.;:)":
        end -= 1
    for mark in ("US$", "A$", "C$", "$", "£", "€", "₹", "Rs. ", "Rs "):
        if text[max(0, start - len(mark)):start] == mark and not text[start:end].startswith(mark.strip()):
            start -= len(mark)
            break
    cur = _CURRENCY_AFTER.match(text, end)
    if cur and not re.search(r"[$£€₹]|\b(?:dollars|euros|rupees|pounds|yuan|yen)\b", text[start:end], re.I):
        end = cur.end()  # "30 billion euros"
    before = text[max(0, start - 20):start]
    if before.endswith(" "):
        hedge, length = hedge_before(before.rstrip())
        if hedge and hedge != "exact":
            start -= length + (len(before) - len(before.rstrip()))
    return start, end


def name_spans(doc: "Doc", ents: "tuple[SpacySpan, ...] | None" = None) -> list[tuple[int, int]]:
    """Character spans of the doc's entities a number inside of is part of a name
    (``ents``: ``doc.ents`` when the caller has them)."""
    return [(ent.start_char, ent.end_char) for ent in (doc.ents if ents is None else ents) if ent.label_ in _NAME_LABELS]


def is_not_a_claim(text: str, doc: "Doc", span: "SpacySpan", start: int, end: int, kind: str,
                   names: "list[tuple[int, int]] | None" = None) -> bool:
    """Numbers that are not claims: names, dates, list numbers, anaphora, chrome.

    ``names``: :func:`name_spans` of ``doc`` when the caller has them (an
    article's candidates share them; ``doc.ents`` is rebuilt on every call).
    """
    phrase = text[start:end].strip()
    if kind in ("DURATION", "SINCE"):
        return False
    for ent_start, ent_end in name_spans(doc) if names is None else names:
        if ent_start < end and start < ent_end:
            return True
    first = span[0]
    vague = re.search(r"dozens|hundreds|thousands|millions|billions", phrase, re.I)
    if first.i > 0 and doc[first.i - 1].lower_ in _DET_BEFORE and not vague and not re.search(r"[$£€₹%]", phrase):
        return True  # "the two leaders", "both"
    if phrase.lower() in ("one", "a") or re.search(r"\d(?:st|nd|rd|th)\b", phrase):
        return True  # a bare "one"; ordinals "2,292nd"
    if re.search(r"\d:\d\d", phrase) or _TIME_AFTER.match(text[end:end + 8]) or re.search(r"\d:\s?$", text[max(0, start - 4):start]):
        return True  # times of day: "10:30", "about 7 p.m.", "9 EDT"
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and re.match(r"\d+[.)]\s", text[start:end + 2]):
        return True  # list numbering "1. ..."
    if text[max(0, start - 1):start] in ("#",) or text[max(0, start - 4):start].lower() in ("no. ",):
        return True
    root = number_root(span)
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "PROPN" and head.head.is_title:
        return True  # "the Group of 20"
    if first.i > 0 and re.fullmatch(r"\d+", phrase):
        prev = doc[first.i - 1]
        if prev.is_title and prev.pos_ in ("NOUN", "PROPN") and root.head.i == prev.i or root.dep_ == "npadvmod" and prev.is_title:
            return True  # identifiers: "Room 204", "Flight 370", "Article 370"
    sent = span.sent
    if not any(t.pos_ in ("VERB", "AUX") for t in sent) and sum(t.is_alpha for t in sent) < 5:
        return True  # page chrome: "12 comments", "Share 3"
    return False
