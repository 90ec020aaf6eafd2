"""Attributions headed by a reporting noun: "Trump's claim that ...", "her plan to
...", "Clinton's criticism of ...", and the light-verb forms "expressed concern
about ...", "raised questions about ...", "made the argument that ...".

The noun's complement (a that-clause, an infinitive, or the object of "of",
"about", "on", "for", "to", "against") is the content; the speaker is the
possessor of the noun ("Trump's", "her") or, in the light-verb form, the subject
of the verb. They are reported as ``indirect`` quotes with ``via="report-noun"``
(switched by ``QuoteConfig.stances``, like :mod:`.stances`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import Attribution
from .cues import LIGHT_VERBS, REPORT_NOUNS, subject_of  # the nouns live with the other cue words
from .indirect import content_span
from .stances import agent_like

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import ArticleContext

__all__ = ["REPORT_NOUNS", "LIGHT_VERBS", "find_report_nouns"]

_CONTENT_PREPS = {"of", "about", "for", "against", "over"}


def find_report_nouns(ctx: "ArticleContext") -> None:
    """Add a ``report-noun`` attribution for each reporting noun with a speaker
    (possessor, or subject of a light verb) and a complement, outside quotes and
    outside content already reported."""
    reported = [(a.start, a.end) for a in ctx.attrs]
    nouns = ctx.scan.among("POS", frozenset({"NOUN"}))
    possible = ctx.scan.passing("LEMMA", lambda lemma: lemma.lower() in REPORT_NOUNS, within=nouns)
    for tok in ctx.scan.tokens(possible):
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in REPORT_NOUNS or ctx.in_quote(tok.idx):
            continue
        if any(s <= tok.idx < e for s, e in reported):
            continue
        found = _speaker(tok)
        if found is None:
            continue
        cue, speaker = found
        if ctx.in_quote(speaker.idx):
            continue
        tokens = _complement(tok)
        if tokens is None or any(t.i == speaker.i for t in tokens):
            continue
        span = content_span(ctx, tokens)
        if span is None or ctx.para_of(span[0]) != ctx.para_of(tok.idx):
            continue
        inside = ctx.in_quote(span[0])
        if inside is not None and inside.close >= span[1] and inside.attr is not None:
            continue
        if sum(1 for t in tokens if t.is_alpha) < 1:
            continue
        ctx.attrs.append(Attribution("indirect", span[0], span[1], "report-noun", "stance", cue, speaker))
        ctx.used_cues.add(tok.i)


def _speaker(noun: "Token") -> tuple[list["Token"], "Token"] | None:
    """The cue tokens and the speaker of a reporting noun: its possessor ("Trump's
    claim"), or the subject of the light verb it is the object of ("X expressed concern")."""
    poss = [c for c in noun.children if c.dep_ == "poss"]
    if poss:
        who = poss[0]
        if who.pos_ == "PRON" or agent_like(who, noun):
            return [noun], who
        return None
    verb = noun.head
    if noun.dep_ == "dobj" and verb.pos_ == "VERB" and verb.lemma_.lower() in LIGHT_VERBS:
        if any(c.dep_ == "auxpass" for c in verb.children):
            return None
        who = subject_of(verb)
        if who is not None and agent_like(who, verb):
            return sorted([verb, noun], key=lambda t: t.i), who
    return None


def _complement(noun: "Token") -> list["Token"] | None:
    """Content tokens of a reporting noun: a clause or infinitive attached to it,
    the object of a content preposition, or, for "X's bet is that ...", the clause
    after the copula."""
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp") and (
                any(a.dep_ == "mark" and a.lower_ == "that" for a in child.children)
                or (child.left_edge.lower_ == "that" and child.left_edge.dep_ == "mark")
                or any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children)):
            return list(child.subtree)
        if child.dep_ == "prep" and child.lower_ in _CONTENT_PREPS:
            return _prep_object(child)
    if noun.dep_ == "dobj":  # "expressed concern | about the policy", the preposition on the verb
        for child in noun.head.rights:
            if child.i > noun.i and child.dep_ == "prep" and child.lower_ in _CONTENT_PREPS:
                return _prep_object(child)
    if noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
        for child in noun.head.children:
            if child.dep_ == "ccomp" and child.i > noun.i:
                return list(child.subtree)
    return None


def _prep_object(prep: "Token") -> list["Token"] | None:
    """The object of a content preposition, unless it is a date or time ("on Monday")."""
    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if not objs or any(o.ent_type_ in ("DATE", "TIME") for o in objs):
        return None
    return [t for o in objs for t in o.subtree]
