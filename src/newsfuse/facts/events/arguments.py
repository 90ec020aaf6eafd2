"""Who acts, on whom, and where: the actor, target and place tokens of an event's predicate.

The actor is the subject, or the agent of a passive, or the controller of an
infinitive ("is set to meet", "urged Modi to ..."); the target the passive
subject, the object or a prepositional object chosen per action class ("met
with Putin", "visit to Moscow"); the place a GPE/LOC/FAC in a locative phrase.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .names import EntityNames, entity_name, is_place

if TYPE_CHECKING:  # spaCy is imported lazily by the caller
    from spacy.tokens import Token

__all__ = ["SUBJECT_DEPS", "ACCUSING_VERBS", "find_actors", "find_target", "find_place"]


# Who an action is done to, beyond the direct object: prepositions by class.
_TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "visit": ("to",),
    "meet": ("with",),
    "consult": ("with", "to"),
    "criticise": ("of", "against", "over", "with", "about"),
    "demand": ("on",),
    "agree": ("with",),
    "attack": ("on", "against", "of"),
    "sanction": ("on", "against"),
    "aid": ("to", "for"),
    "protest": ("against",),
    "cooperate": ("with",),
    "accuse": (),
    "praise": ("of",),
    "threaten": (),
    "reject": (),
}
_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
# "accused X of attacking", "blamed X for the attack".
ACCUSING_VERBS = frozenset({"accuse", "blame", "charge", "suspect"})


def find_actors(head: "Token", noun: "Token | None") -> list["Token"]:
    """The doers: subject (or passive agent, or controller), with its conjuncts."""
    if noun is not None and noun.i == head.i:  # "Modi's visit"
        subj = next((c for c in head.children if c.dep_ == "poss"), None)
    else:
        subj = _subject(head)
    if subj is None:
        return []
    return [subj] + [c for c in subj.children if c.dep_ == "conj"][:3]


def _subject(verb: "Token", depth: int = 0) -> "Token | None":
    if depth > 4:
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:  # passive: the agent acts ("a dinner hosted by Mr. Putin")
        return next((g for g in agent.children if g.dep_ == "pobj"), None)
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS:
            if c.lower_ in _RELATIVE and verb.dep_ == "relcl":  # "Russia, which is buying"
                return verb.head
            return c
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ in ("acl", "advcl") and head.pos_ == "NOUN":  # "his decision to travel"
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss
        by = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        if by is not None:  # "a trip by senior US officials to India to discuss ..."
            return next((g for g in by.children if g.dep_ == "pobj"), None)
        return None
    if verb.dep_ == "xcomp":
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None:  # object control: "urged Modi to press"
            return obj
        if any(c.dep_ == "nsubjpass" for c in head.children):  # "Modi is set to meet"
            return next(c for c in head.children if c.dep_ == "nsubjpass")
        return _subject(head, depth + 1)
    if verb.dep_ == "acomp":  # "Scholz is due to visit": the subject of "is"
        return _subject(head, depth + 1)
    if verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN")):
        if any(c.dep_ == "nsubjpass" for c in head.children) and verb.dep_ == "conj":
            return next(c for c in head.children if c.dep_ == "nsubjpass")
        return _subject(head, depth + 1)
    if verb.dep_ in ("pobj", "pcomp") and head.dep_ == "prep":  # "refrained from criticism"
        up = head.head
        if verb.dep_ == "pcomp" and head.lower_ in ("of", "for") and up.lemma_.lower() in ACCUSING_VERBS:
            accused = next((c for c in up.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if accused is not None:  # "accused Russia of attacking", "Russia was blamed for shelling"
                return accused
        for _ in range(3):  # "stopped short of condemning", "since launching ..."
            if up.pos_ in ("VERB", "AUX"):
                return _subject(up, depth + 1)
            if up.head.i == up.i:
                break
            up = up.head
    return None


def find_target(head: "Token", noun: "Token | None", action: str) -> "Token | None":
    """Whom the action is done to: the passive subject, the object, or a prepositional object."""
    preps = _TARGET_PREPS.get(action, ())
    if noun is None:
        for c in head.children:
            if c.dep_ == "nsubjpass":
                return c
        for c in head.children:
            if c.dep_ in ("dobj", "dative"):
                return c
    holders = [t for t in (noun, head) if t is not None]
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def find_place(head: "Token", noun: "Token | None", names: EntityNames) -> tuple[str, str]:
    """A GPE/LOC/FAC in a locative phrase of the verb, its object or its event noun."""
    holders = [head] + [t for t in (noun,) if t is not None and t.i != head.i]
    holders += [c for c in head.children if c.dep_ in ("dobj", "xcomp")]
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and is_place(pobj, names):
                    return entity_name(pobj, names, 0)
    return "", ""
