"""Repeated event nouns merged per article, so one happening is one event.

A possessed event noun ("Modi's visit") is a reference back to an event, so
it is dropped when an earlier event of the article has the same (actor,
action, target, place, modality, negated) and the same or no date; and a
target-less one ("his first trip") is dropped when another event of its
sentence has the same actor, action and modality ("Modi's visit to Russia,
his first trip ..."). The first mention is kept, so its sentence is the
evidence. Verbal events are never merged: "the two met in 2019 ... the two
met annually" may be different meetings.
"""

from __future__ import annotations

from ..records import Event

__all__ = ["merge_repeats"]


def merge_repeats(found: list[tuple[Event, bool]]) -> list[Event]:
    """Drop event nouns that refer back to an event already kept (see the module doc).

    ``found`` pairs each event with whether it came from a possessed event noun.
    """
    covered: set[tuple[int, str, str, str]] = set()  # (sentence, actor, action, modality) with a target
    for e, _ in found:
        if e.target or e.place:
            covered.add((e.sentence_start, e.actor, e.action, e.modality))
    kept: list[Event] = []
    dates_of: dict[tuple[str, str, str, str, str, bool], set[str]] = {}
    for e, nominal in found:
        key = (e.actor, e.action, e.target, e.place, e.modality, e.negated)
        if nominal:
            if not e.target and not e.place and (e.sentence_start, e.actor, e.action, e.modality) in covered:
                continue  # "Modi's visit to Russia, his first trip": one visit
            earlier = dates_of.get(key)
            if earlier is not None and (not e.date or e.date in earlier):
                continue  # "Modi's visit" again: the first mention stands
        dates_of.setdefault(key, set()).add(e.date)
        kept.append(e)
    return kept
