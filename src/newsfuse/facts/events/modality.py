"""An event's modality, read from the parse: what happened versus what is
announced, intended, possible or only claimed.

* ``hypothetical``: a modal ("might", "could", "may", "would", "should",
  "can", "must"), a conditional ("if Iran attacks", and the clause it
  conditions), "is likely to", or a request of someone else ("urged Modi to
  press ..."): nobody says it happens.
* ``planned``: the doer's intention ("plans/intends/aims/wants/vows to").
* ``future``: "will", "is set/due/expected/scheduled/to ...", "is going to",
  "upcoming visit", or a present-tense verb whose resolved date lies after
  the article's anchor date ("the talks begin on Tuesday", "is meeting him next week").
* ``reported``: the event is only the content of someone's claim: a clause
  under a reporting verb ("said that X attacked Y", "X attacked Y, officials
  said"), "accused/blamed X of/for attacking", "is alleged/said to have",
  "reportedly", "according to".
* ``asserted`` otherwise.

When several apply, the least certain wins (hypothetical > planned > future >
reported): "officials said the army will attack" is ``future``, because the
clause's own modality says whether the event has happened at all, and
``reported`` marks a happening someone claims. A possessed event noun
("Modi's visit") takes "will" from the verb it is the subject of ("Modi's
visit will be ...") and ``reported`` from its clause, not the other modals
("Modi's visit could anger the West" does not make the visit hypothetical).
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from ...lexicons import mapping, reporting_verbs, words
from .arguments import ACCUSING_VERBS, SUBJECT_DEPS
from .dates import EventDate, clause_verb

if TYPE_CHECKING:  # spaCy is imported lazily by the caller
    from spacy.tokens import Token

__all__ = ["modality_of"]


_FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"might", "could", "may", "would", "should", "can", "ca", "must"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
_REPORTED_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
# "X is set to meet": the governor of an infinitive ("xcomp") -> what it makes of the governed event.
_GOVERNORS: dict[str, str] = dict(mapping("modality_governors"))
# Nouns whose infinitive is an intention or a chance: "Modi's plan to visit", "the possibility to meet".
_NOUN_GOVERNORS: dict[str, str] = dict(mapping("modality_noun_governors"))
# Verbs whose that-clause is someone's claim: "said (that) X attacked Y".
_REPORTING = reporting_verbs("claim-clause")
# Nouns whose clause is someone's claim: "claims that X attacked Y".
_REPORT_NOUNS = words("report_nouns_modality")
# Adjectives on an event noun: "upcoming visit", "planned trip", "possible talks".
_NOUN_MODIFIERS: dict[str, str] = dict(mapping("modality_noun_modifiers"))
_ORDER = ("hypothetical", "planned", "future", "reported")  # least certain first
_FUTURE_WORDS = ("next ", "tomorrow", "upcoming", "coming ", "later this")


def modality_of(head: "Token", nominal: bool, when: EventDate | None) -> str:
    """The event's modality: the least certain of the marks its clause chain carries (module doc)."""
    if nominal:
        marks = _noun_marks(head)
        tensed = clause_verb(head)
    else:
        marks = _chain_marks(head)
        tensed = head
    if not marks - {"reported"} and when is not None and not _past(tensed) and _after_anchor(when):
        marks.add("future")  # "the talks begin on Tuesday", "is meeting him next week"
    return next((m for m in _ORDER if m in marks), "asserted")


def _chain_marks(verb: "Token") -> set[str]:
    """Marks on a verb and on the verbs it is an infinitive or bare conjunct of; "reported" from the top.

    "is set to meet" climbs to "set"; "will visit Moscow and meet Putin" lends "will"
    to "meet"; a finite conjunct ("landed and met") keeps its own.
    """
    marks: set[str] = set()
    tok = verb
    for _ in range(6):
        marks |= _own_marks(tok)
        gov = tok.head
        if gov.i == tok.i:
            break
        if tok.dep_ == "xcomp":
            lemma = gov.lemma_.lower()
            if lemma in _GOVERNORS:
                marks.add(_GOVERNORS[lemma])
            elif lemma == "go" and gov.tag_ == "VBG":
                marks.add("future")  # "is going to visit"
            elif lemma == "be" and gov.pos_ == "AUX":
                marks.add("future")  # "Modi is to visit Moscow"
            tok = gov
        elif tok.dep_ == "acl" and gov.pos_ == "NOUN" and gov.lemma_.lower() in _NOUN_GOVERNORS:
            marks.add(_NOUN_GOVERNORS[gov.lemma_.lower()])  # "Modi's plan to visit Moscow"
            break
        elif tok.dep_ == "acomp" or (
            tok.dep_ == "conj" and tok.tag_ in ("VB", "VBG", "VBN") and not any(c.dep_ in SUBJECT_DEPS for c in tok.children)
        ):
            tok = gov  # "is due to visit": climb past "due"
        else:
            break
    if _reported(tok):
        marks.add("reported")
    return marks


def _own_marks(tok: "Token") -> set[str]:
    """Marks a verb carries itself: modals, conditionals, "reportedly", "according to"."""
    marks: set[str] = set()
    for c in tok.children:
        low = c.lower_
        if c.dep_ in ("aux", "auxpass") and low in _FUTURE_AUX:
            marks.add("future")
        elif c.dep_ in ("aux", "auxpass") and low in _HYPOTHETICAL_AUX:
            marks.add("hypothetical")
        elif c.dep_ == "mark" and low in _CONDITIONAL_MARKS:
            marks.add("hypothetical")  # "if Iran attacks Israel"
        elif c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children):
            marks.add("hypothetical")  # "..., Washington sanctions Tehran": the clause a condition governs
        elif c.dep_ == "advmod" and low in _REPORTED_ADVERBS:
            marks.add("reported")
        elif c.dep_ == "prep" and low == "according":
            marks.add("reported")
    return marks


def _reported(top: "Token") -> bool:
    """The clause headed by ``top`` is the content of a claim: under a reporting verb or noun,
    "accused X of ...", or with a trailing "officials said"."""
    tok = top
    for _ in range(4):  # "said X attacked Y and killed Z": up through conjuncts
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    gov = tok.head
    if tok.dep_ == "ccomp" and gov.lemma_.lower() in _REPORTING:
        return True
    if tok.dep_ in ("ccomp", "acl") and gov.pos_ == "NOUN" and gov.lemma_.lower() in _REPORT_NOUNS:
        return True
    if tok.dep_ in ("pcomp", "pobj") and gov.lower_ in ("of", "for") and gov.head.lemma_.lower() in ACCUSING_VERBS:
        return True
    return any(  # "X attacked Y, officials said": the parser hangs "said" under the event
        c.dep_ in ("ccomp", "parataxis") and c.i > tok.i and c.lemma_.lower() in _REPORTING
        and any(g.dep_ in SUBJECT_DEPS for g in c.children) and not any(g.dep_ in ("ccomp", "dobj") for g in c.children)
        for c in tok.children
    )


def _noun_marks(noun: "Token") -> set[str]:
    """Marks of an event noun: its adjective ("upcoming visit"), "will" of the verb it is the
    subject of ("Modi's visit will be ..."), and "reported" from its clause."""
    marks = {_NOUN_MODIFIERS[c.lower_] for c in noun.children if c.dep_ == "amod" and c.lower_ in _NOUN_MODIFIERS}
    verb = clause_verb(noun)
    if verb.i == noun.i:
        return marks
    chain = _chain_marks(verb)
    if noun.dep_ in ("nsubj", "nsubjpass", "attr") and noun.head.i == verb.i and "future" in chain:
        marks.add("future")
    if "reported" in chain:
        marks.add("reported")
    return marks


def _past(verb: "Token") -> bool:
    """The verb is in a past tense ("landed", "has met", "was attacked")."""
    if verb.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and (c.tag_ == "VBD" or c.lemma_ == "have") for c in verb.children)


def _after_anchor(when: EventDate) -> bool:
    """The date lies after the article's anchor date: resolved values compared by the first day
    they cover ("2024-07-09", "2024-W29", "2024-08"), else the wording ("next week", "tomorrow")."""
    first = _first_day(when.value)
    anchor = _first_day(when.anchor[:10]) if when.anchor else None
    if first is not None and anchor is not None:
        return first > anchor
    if when.value:
        return False
    low = when.text.lower() + " "
    return any(w in low for w in _FUTURE_WORDS)


def _first_day(value: str) -> "_dt.date | None":
    """The first day an ISO date, week, month or year covers; None for anything else."""
    try:
        if len(value) == 10:
            return _dt.date.fromisoformat(value)
        if len(value) == 8 and value[5] == "W":
            return _dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        if len(value) == 7:
            return _dt.date(int(value[:4]), int(value[5:]), 1)
        if len(value) == 4:
            return _dt.date(int(value), 1, 1)
    except ValueError:
        return None
    return None
