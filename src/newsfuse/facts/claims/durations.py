"""Durations as claims: "the first ... in five years", "his first ... since 2019".

A duration is a claim only in this construction, where it states the gap
since a previous event; the thing is that gap ("time since previous visit to
Russia by Narendra Modi"). A "since 2019" claim holds the gap in years from
2019 to the anchor date (no value without an anchor).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING

from ...lexicons import entries, mapping
from ...model import Article
from ..dates import parse_anchor
from ..records import Claim, Hedge
from .numbers import Amount
from .parse import is_date_phrase, join_words, noun_phrase, sentence_bounds, subject_of, subtree_phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

__all__ = ["DURATION_PHRASE", "duration_claim", "since_claim"]


DURATION_PHRASE = re.compile(
    r"^(?:the\s+)?(?:past\s+|last\s+)?(?P<n>\d+|" + "|".join(entries("number_words_dates")) + r"|a|a few)"
    r"\s+(?P<unit>years?|months?|weeks?|days?|decades?)$",
    re.I,
)
# Verbs an event is named by when a "first ... in N years" counts from a clause.
_EVENT_NOUNS = dict(mapping("duration_event_nouns"))


def _first_event(root: "Token") -> tuple["Token | None", "Token | None"]:
    """The "first" the duration belongs to and the event noun or verb it counts from."""
    node = root
    for _ in range(5):
        if node.lower_ == "first":
            head = node.head
            return node, head if head.pos_ in ("NOUN", "VERB") else None
        for child in node.children:
            if child.lower_ == "first" and child.dep_ in ("amod", "advmod"):
                if node.lower_ == "time" and node.head.dep_ == "prep":
                    return child, node.head.head  # "visit ... for the first time"
                return child, node
        if node.head.i == node.i:
            break
        node = node.head
    return None, None


def _event_phrase(doc: "Doc", first: "Token", event: "Token", inside: set[int]) -> str:
    """ "visit to Russia by Narendra Modi" for the event a "first" counts from."""
    skip = set(inside) | {first.i}
    for t in first.subtree:
        if t.dep_ == "prep" and t.lower_ in ("in", "since") and t.head.i in (first.i, event.i, first.head.i):
            skip.update(x.i for x in t.subtree)
    if event.pos_ == "VERB":
        agent_tok = subject_of(event)
        noun = _EVENT_NOUNS.get(event.lemma_, event.lemma_)
        dests = [f"to {noun_phrase(c, skip)}" for c in event.children if c.dep_ == "dobj" and c.i not in skip]
        dests += [subtree_phrase(c, skip) for c in event.children if c.dep_ == "prep" and c.lower_ in ("to", "in") and c.i not in skip and not is_date_phrase(doc, c)]
    else:
        noun = event.lemma_
        agent_tok = next((c for c in event.children if c.dep_ == "poss"), None)
        if agent_tok is not None and agent_tok.pos_ == "PRON":
            agent_tok = next((c for c in first.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
        dests = []
        for owner in (event, first):
            for c in owner.children:
                if c.dep_ == "prep" and c.i not in skip and c.lower_ in ("to", "by", "of", "with"):
                    if c.lower_ == "by":
                        agent_tok = next((p for p in c.children if p.dep_ == "pobj"), agent_tok)
                    else:
                        dests.append(subtree_phrase(c, skip))
    if not any(d.startswith("to ") for d in dests):
        dests += _destination(doc, event, skip)
    agent = _agent_name(doc, agent_tok, skip) if agent_tok is not None else ""
    return join_words(noun, *dests, f"by {agent}" if agent else "")


def _destination(doc: "Doc", event: "Token", skip: set[int]) -> list[str]:
    """ "to Vienna, Austria" from the verb of motion an event noun hangs from
    ("will head to Vienna ... in what would be the first visit")."""
    node = event
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ == "VERB":
            for c in node.children:
                if c.dep_ == "prep" and c.lower_ == "to" and not is_date_phrase(doc, c):
                    return [subtree_phrase(c, skip)]
    return []


def _agent_name(doc: "Doc", token: "Token", skip: set[int]) -> str:
    """A person's name from a subject like "Indian Prime Minister Narendra Modi"."""
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start <= token.i < ent.end:
            return ent.text
    return noun_phrase(token, skip)


def duration_claim(article: Article, span: "SpacySpan", root: "Token", amount: Amount, anchor: str | None) -> Claim | None:
    m = DURATION_PHRASE.match(span.text.strip())
    if m is None or amount.value is None:
        return None
    first, event = _first_event(root)
    if first is None or event is None:
        return None
    unit = m.group("unit").lower().rstrip("s") + "s"
    thing = "time since previous " + _event_phrase(span.doc, first, event, set(range(span.start, span.end)))
    sent_start, sent_end = sentence_bounds(article, span)
    return Claim(
        article=article.id, text=span.text, start=span.start_char, end=span.end_char, value=amount.value,
        low=amount.value - 0.5, high=amount.value + 0.5, unit=unit, scale="", hedge=Hedge(amount.hedge),
        thing=thing, time="", period="", sentence_start=sent_start, sentence_end=sent_end,
    )


def since_claim(article: Article, doc: "Doc", span: "SpacySpan", anchor: str | None) -> Claim | None:
    """ "his first to the Kremlin since 2019": the gap since 2019, in years (needs ``anchor`` for a value)."""
    year_tok = span[-1]
    first, event = _first_event(year_tok)
    if first is None or event is None:
        return None
    year = int(year_tok.text)
    day0 = parse_anchor(anchor)
    value = low = high = None
    hedge = "vague"
    if day0 is not None and day0.year > year:
        value = float(day0.year - year)
        low = round((day0 - _dt.date(year, 12, 31)).days / 365.25, 2)
        high = round((day0 - _dt.date(year, 1, 1)).days / 365.25, 2)
        hedge = "about"
    thing = "time since previous " + _event_phrase(doc, first, event, set(range(span.start, span.end)))
    sent_start, sent_end = sentence_bounds(article, span)
    return Claim(
        article=article.id, text=span.text, start=span.start_char, end=span.end_char, value=value,
        low=low, high=high, unit="years", scale="", hedge=Hedge(hedge), thing=thing, time=span.text,
        period=str(year), sentence_start=sent_start, sentence_end=sent_end,
    )
