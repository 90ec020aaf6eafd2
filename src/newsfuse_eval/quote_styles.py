"""Quote styles for the quote evaluation: which house style a quote is written in, and
a rewrite of a text's double quotes as single quotes (a robustness test).

Kept apart from the scoring (:mod:`newsfuse_eval.quotes`) because both the per-style
numbers and the rewrite are about the marks only, not about speakers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from .brat import GoldAttribution

__all__ = ["STYLES", "quote_style", "as_single_quotes", "shift_gold"]

STYLES = ("double", "single", "none")
Style = Literal["double", "single", "none"]

_DOUBLE = "\"“”„«»"
_SINGLE = "'‘’‹›"


def quote_style(text: str, start: int) -> Style:
    """The style of a quote whose content starts at ``start``: ``double`` or ``single`` when
    a quote mark opens it (the mark may be just inside the span, as in PolNeAR gold
    Contents, or just before it, as in predicted quotes), else ``none`` (indirect speech,
    or a partial quote inside a reported clause)."""
    i = start
    while i < len(text) and text[i].isspace():
        i += 1
    if text.startswith("''", i) or (i < len(text) and text[i] in _DOUBLE):
        return "double"
    if i < len(text) and text[i] in _SINGLE and i + 1 < len(text) and text[i + 1].isalnum():
        return "single"
    j = start - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j >= 0 and text[j] in _DOUBLE:
        return "double"
    if j >= 0 and text[j] in _SINGLE:
        if text[j - 1:j + 1] == "''":
            return "double"
        if j == 0 or not text[j - 1].isalnum():  # ‘quote, not the apostrophe of "Jones’ words"
            return "single"
    return "none"


_REWRITE = {"“": "‘", "”": "’", '"': "'", "„": "‚"}


def as_single_quotes(text: str) -> tuple[str, list[int]]:
    """``text`` with its double quote marks written as single ones (“ ” -> ‘ ’, " -> ',
    the typewriter pair '' -> '), apostrophes left alone; and for every offset of
    ``text`` (and its end) the matching offset in the rewritten text, to move gold
    spans along. Only ``''`` changes length."""
    out: list[str] = []
    mapping: list[int] = []
    i = 0
    while i < len(text):
        if text.startswith("''", i):
            mapping += [len(out), len(out)]
            out.append("'")
            i += 2
            continue
        mapping.append(len(out))
        out.append(_REWRITE.get(text[i], text[i]))
        i += 1
    mapping.append(len(out))
    return "".join(out), mapping


def shift_gold(gold: GoldAttribution, mapping: list[int]) -> GoldAttribution:
    """``gold`` with its offsets moved through the ``mapping`` of :func:`as_single_quotes`."""

    def conv(frags: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
        return tuple((mapping[s], mapping[e]) for s, e in frags)

    return replace(gold, content=conv(gold.content), source=conv(gold.source), cue=conv(gold.cue))
