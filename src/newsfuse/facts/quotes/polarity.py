"""Polarity of a cue: is the act it names asserted, or negated or refused?

"X has not condemned the invasion", "did not endorse anyone", "refused to comment",
"showed no emotion" name acts that did not happen; reporting them as quotes turns
silence into speech. The choice: such attributions are kept by the extractor but
marked ``QuoteAct.NEGATED`` (annotated corpora such as PolNeAR count them as
attributions), and the facts step leaves them out of the stored quotes, so no brief
quotes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...lexicons import words
from .cues import CUE_LEXICON

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["NEGATING_VERBS", "negated_cue", "empty_object", "refused_speech", "no_words"]

NEGATING_VERBS = words("negating_verbs")
"""Matrix verbs that negate the act they govern (declined to say, refused to comment)."""
_NEGATORS = frozenset({"not", "n't", "n’t", "never", "no"})
_EMPTY_DETS = frozenset({"no"})


def negated_cue(tok: "Token") -> bool:
    """Is the cue verb negated: a ``neg`` child ("did not say", "never endorsed"), the
    negation of the verb it is conjoined to ("did not confirm or deny"), or the
    complement of a negating verb ("declined to say", "refused to comment")?"""
    if _has_neg(tok):
        return True
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and _has_neg(tok.head):
        return True
    head = tok.head
    if tok.dep_ in ("xcomp", "pcomp", "ccomp") and head is not tok:
        if head.dep_ == "prep" and head.head is not head:  # "refrained from commenting"
            head = head.head
        if head.lemma_.lower() in NEGATING_VERBS:
            return True
    return False


def empty_object(tok: "Token") -> bool:
    """Is the cue's object quantified by "no" ("showed no emotion", "gave no details",
    "offered no comment")? The act named had no content."""
    return any(c.dep_ in ("dobj", "attr") and any(d.dep_ == "det" and d.lower_ in _EMPTY_DETS for d in c.children)
               for c in tok.children)


def _has_neg(tok: "Token") -> bool:
    return any(c.dep_ == "neg" and c.lower_ in _NEGATORS for c in tok.children)


def refused_speech(verb: "Token") -> bool:
    """"refused to comment", "declined to say": a negating verb over a verb of saying
    reports that nothing was said."""
    return verb.lemma_.lower() in NEGATING_VERBS and any(
        c.dep_ == "xcomp" and CUE_LEXICON.get(c.lemma_.lower()) in ("speech", "written") for c in verb.children)


def no_words(cue: "Token") -> bool:
    """Does the cue report that nothing was said (negated, refused, or an empty object)?"""
    return cue.lower_ != "according" and (negated_cue(cue) or empty_object(cue) or refused_speech(cue))
