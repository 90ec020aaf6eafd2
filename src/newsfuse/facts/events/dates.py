"""The date an event takes: a date of its own clause, not one that bounds another time.

Durations ("two-day"), dates of other clauses and dates under "since"/"after"/
"before"/"until" ("since winning a third term last month") are not the
event's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..records import DateMention

if TYPE_CHECKING:  # spaCy is imported lazily by the caller
    from spacy.tokens import Doc, Token

__all__ = ["EventDate", "event_date", "clause_verb"]


# Words whose phrase bounds another time, not the event's ("since", "after ...").
_BOUNDING = frozenset({"since", "after", "before", "until", "till", "following", "ahead"})


@dataclass(frozen=True, slots=True)
class EventDate:
    """The date an event takes: what ``Event.date`` shows, and what it resolved to against which anchor."""

    start: int
    end: int
    shown: str
    value: str
    anchor: str
    text: str


def event_date(head: "Token", sent: tuple[int, int], dates: Sequence[DateMention], doc: "Doc") -> EventDate | None:
    """The date of the event's clause: inside the event's phrase, else nearest to its word.

    Durations ("two-day"), dates of other clauses and dates that bound another
    time ("since winning a third term last month", "after the election in June")
    are not the event's date.
    """
    lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    spans: list[EventDate]
    if dates:
        spans = [
            EventDate(d.start, d.end, d.value or d.text, d.value, d.anchor, d.text)
            for d in dates if d.kind not in ("duration", "since")
        ]
    else:
        spans = [EventDate(e.start_char, e.end_char, e.text, "", "", e.text) for e in doc.ents if e.label_ == "DATE"]
    clause = clause_verb(head)  # a date of the same clause ("Modi landed on Monday"), not of another one
    same = [
        s for s in spans
        if s.start < sent[1] and s.end > sent[0] and not _bounding(doc, s.start, head)
        and clause_verb(_token_at(doc, s.start, head)).i == clause.i
    ]
    if not same:
        return None
    inside = [s for s in same if s.start >= lo and s.end <= hi]
    return min(inside or same, key=lambda s: abs(s.start - head.idx))


def clause_verb(tok: "Token") -> "Token":
    """The verb of the clause a token belongs to; "set to meet" is one clause."""
    for _ in range(12):
        if tok.head.i == tok.i or (tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("xcomp", "auxpass", "aux")):
            return tok
        tok = tok.head
    return tok


def _token_at(doc: "Doc", offset: int, default: "Token") -> "Token":
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else default


def _bounding(doc: "Doc", offset: int, head: "Token") -> bool:
    """The date at ``offset`` sits under "since"/"after"/"before"/"until" below the event's word."""
    tok = _token_at(doc, offset, head)
    for _ in range(12):
        if tok.i == head.i:
            return False
        if tok.lower_ in _BOUNDING or any(c.dep_ == "mark" and c.lower_ in _BOUNDING for c in tok.children):
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False
