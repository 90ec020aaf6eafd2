"""Who did what to whom: events from one article's dependency parse.

An event is a verb (or a light verb with an event noun: "held talks with",
"paid a visit to", "imposed sanctions on"; or an event noun with a possessor:
"Modi's visit to Moscow") whose lemma maps to a small PLOVER-style action
class in :data:`ACTIONS`. The actor is its subject (the agent of a passive,
the controller of "is set to meet" / "urged Modi to ..."), the target its
object or a prepositional object ("met with Putin", "visit to Moscow"), the
place a GPE/LOC/FAC in a locative phrase, the date the sentence's date.

Verbs inside quotation marks are skipped on purpose: a quote is the
speaker's words, so an event in it is a claim by the speaker, not a report;
:mod:`newsfuse.facts.quotes` keeps it attributed to the speaker instead.

The parts live in their own modules:

* :mod:`~newsfuse.facts.events.arguments`: actor, target and place of a predicate.
* :mod:`~newsfuse.facts.events.names`: the entity names and ids those resolve to
  (``actor_id``/``target_id``), through appositions, titles and pronouns.
* :mod:`~newsfuse.facts.events.dates`: the date of the event's clause.
* :mod:`~newsfuse.facts.events.modality`: ``modality`` (hypothetical, planned,
  future, reported or asserted), so a reader can tell what happened from what
  is announced, intended, possible or only claimed.
* :mod:`~newsfuse.facts.events.merge`: repeated event nouns ("Modi's visit"
  again) merged per article.

Example:
    >>> events = extract_events(article, doc, entities)   # doctest: +SKIP
    >>> [(e.actor, e.action, e.target) for e in events][:1]  # doctest: +SKIP
    [('Narendra Modi', 'visit', 'Russia')]
"""

from __future__ import annotations

from .extract import ACTIONS, EVENT_NOUNS, extract_events

__all__ = ["ACTIONS", "EVENT_NOUNS", "extract_events"]
