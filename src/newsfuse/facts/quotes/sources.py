"""Source phrases: a clause credited to a poll, a report or a point of view by a
prepositional phrase rather than a verb of saying.

"In the latest CNN/ORC poll, Trump leads Cruz by 9 points", "By the Associated
Press's tally, he now has 739 delegates", "Sanders, in their eyes, is ...": the
object of a fronted or comma-set "in"/"by" phrase is a source of the clause the phrase modifies (a poll, survey,
report, tally, estimate, or someone's view, eyes or words). Each gives an ``indirect`` attribution with ``via="source-phrase"``
whose content is the clause without the phrase; never when the clause is already
governed by a reporting verb ("In a statement, X said ...": that verb attributes it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...lexicons import words
from .context import Attribution
from .cues import cue_category
from .indirect import content_span

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import ArticleContext

__all__ = ["SOURCE_NOUNS", "find_source_phrases"]

SOURCE_NOUNS = words("source_nouns")
"""Nouns whose "in"/"by" phrase credits a clause to a source ("in the poll", "by one
estimate", "in their eyes", "in Forbes' words")."""

# Their forms as written (the scan matches lower-cased words, one array lookup).
_SOURCE_FORMS = SOURCE_NOUNS | frozenset(w + "s" for w in SOURCE_NOUNS) | frozenset({"analyses", "tallies", "data"})
# Nouns that name the source only with a possessor ("in their eyes", "in his view").
_POSSESSED_ONLY = set(words("source_nouns_possessed"))


def find_source_phrases(ctx: "ArticleContext") -> None:
    """Add a ``source-phrase`` attribution for each fronted or set-off "in the poll" /
    "by one estimate" phrase that credits its clause to a source."""
    found = [(obj.head, obj) for obj in ctx.scan.tokens(ctx.scan.among("LOWER", _SOURCE_FORMS))
             if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN") and obj.lemma_.lower() in SOURCE_NOUNS
             and obj.head.lower_ in ("in", "by") and _sourced(obj)]
    for prep, obj in found:
        if prep.dep_ != "prep":
            continue
        head = prep.head
        if prep.i > head.i and prep.nbor(-1).text != ",":
            continue  # "rose in the polls": only a fronted or set-off phrase names a source
        if head.pos_ not in ("VERB", "AUX") or cue_category(head) is not None or ctx.in_quote(prep.idx):
            continue  # "In a statement, X said ...": the verb of saying attributes the clause
        if any(c.dep_ in ("ccomp", "xcomp") and cue_category(c) is not None for c in head.children):
            continue
        if head.dep_ not in ("ROOT", "conj", "ccomp", "advcl") or any(
                c.dep_ == "nsubj" and c.lower_ in ("i", "we", "you") for c in head.children):
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in head.children):
            continue
        exclude = {t.i for t in prep.subtree}
        tokens = [t for t in head.subtree if t.i not in exclude]
        if sum(1 for t in tokens if t.is_alpha) < 3:
            continue
        span = content_span(ctx, tokens)
        if span is None or ctx.para_of(span[0]) != ctx.para_of(prep.idx):
            continue
        if any(a.start == span[0] and a.end == span[1] for a in ctx.attrs):
            continue
        inside = ctx.in_quote(span[0])
        if inside is not None and inside.close >= span[1]:
            continue
        ctx.attrs.append(Attribution("indirect", span[0], span[1], "source-phrase", "evidential", [prep], obj))


def _sourced(obj: "Token") -> bool:
    """Is this "in"/"by" object a source (a poll, a tally, someone's view)?"""
    if obj.lemma_.lower() in _POSSESSED_ONLY:
        return any(c.dep_ == "poss" for c in obj.children)
    return True
