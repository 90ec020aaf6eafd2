"""Names for an event's actor and target: the canonical entity a token refers to.

``actor_id``/``target_id`` are the :class:`~newsfuse.facts.records.Entity`
ids the names resolved to through ``entities`` (directly, through an
apposition, a title or a pronoun), ``""`` for noun phrases and NER-only names.
An unresolved pronoun gives no name rather than a wrong one.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..records import Entity

if TYPE_CHECKING:  # spaCy is imported lazily by the caller
    from spacy.tokens import Doc, Token

    from ...model import Article

__all__ = ["NamedSpan", "EntityNames", "is_place", "entity_name"]


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"})


@dataclass(frozen=True, slots=True)
class NamedSpan:
    """A named span of the article and the entity name it resolves to."""

    start: int
    end: int
    name: str
    label: str
    id: str = ""


class EntityNames:
    """Token -> canonical entity name, from resolved entities or, failing that, the NER spans."""

    def __init__(self, article: "Article", doc: "Doc", entities: Sequence[Entity]) -> None:
        spans: list[NamedSpan] = []
        for ent in entities:
            for m in ent.mentions:
                if m.article == article.id:
                    spans.append(NamedSpan(m.start, m.end, ent.name, ent.label, ent.id))
        if not entities:
            for e in doc.ents:
                if e.label_ in ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"):
                    continue
                toks = [t for t in e if t.lower_ not in ("the", "'s", "’s")]
                if toks:
                    name = article.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
                    spans.append(NamedSpan(e.start_char, e.end_char, name, e.label_))
        spans.sort(key=lambda s: s.start)
        self.spans = spans
        self.starts = [s.start for s in spans]
        self.titles: dict[str, NamedSpan] = {}
        ambiguous: set[str] = set()
        for ent in entities:  # "the Russian president" -> the one person with that title
            if ent.label != "PERSON" or not any(m.article == article.id for m in ent.mentions):
                continue
            for title in ent.titles:
                key = title.lower()
                if key in self.titles and self.titles[key].name != ent.name:
                    ambiguous.add(key)
                self.titles[key] = NamedSpan(-1, -1, ent.name, ent.label, ent.id)
        for key in ambiguous:
            del self.titles[key]

    def at(self, offset: int) -> NamedSpan | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i].start <= offset < self.spans[i].end:
            return self.spans[i]
        return None

    def before(self, offset: int, floor: int, label: str) -> NamedSpan | None:
        """The latest ``label`` span starting in ``[floor, offset)``."""
        i = bisect.bisect_left(self.starts, offset) - 1
        while i >= 0 and self.spans[i].start >= floor:
            if self.spans[i].label == label:
                return self.spans[i]
            i -= 1
        return None


def is_place(tok: "Token", names: EntityNames) -> bool:
    named = names.at(tok.idx)
    if named is not None:
        return named.label in _PLACE_LABELS
    return tok.ent_type_ in _PLACE_LABELS


def entity_name(tok: "Token", names: EntityNames, sent_start: int, possessor: bool = False) -> tuple[str, str]:
    """A token's canonical entity name and id, else its noun phrase and ""."""
    named = names.at(tok.idx)
    if named is not None:
        return named.name, named.id
    for c in tok.children:  # "the foreign secretary, Vinay Kwatra"
        named = names.at(c.idx) if c.dep_ == "appos" else None
        if named is not None:
            return named.name, named.id
    low = tok.lower_
    if low in _PERSONAL:
        named = _antecedent(tok, names, sent_start)
        return (named.name, named.id) if named is not None else ("", "")
    if tok.pos_ == "PRON":
        return "", ""  # "they", "it": unresolved, no actor rather than a wrong one
    if possessor:  # "criticized Modi's trip" targets Modi
        for c in tok.children:
            named = names.at(c.idx) if c.dep_ == "poss" else None
            if named is not None:
                return named.name, named.id
    phrase = _phrase(tok)
    titled = names.titles.get(phrase.lower())  # "the Russian president"
    return (titled.name, titled.id) if titled is not None else (phrase, "")


def _antecedent(pron: "Token", names: EntityNames, sent_start: int, depth: int = 0) -> NamedSpan | None:
    """The person "he"/"his" means: a person subject of a clause holding it (the controller of
    "urged Modi to ... his talks"), else the latest person subject before it, else the latest
    person named, within a few hundred characters."""
    tok = pron
    for _ in range(12):
        for c in tok.children:  # "Modi's visit to Russia, his first trip"
            if c.dep_ == "poss" and c.i != pron.i:
                named = names.at(c.idx)
                if named is not None and named.label == "PERSON":
                    return named
        if tok.pos_ in ("VERB", "AUX"):
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i != pron.i:
                    named = names.at(c.idx)
                    if named is not None and named.label == "PERSON":
                        return named
            if tok.dep_ == "xcomp":
                obj = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
                named = names.at(obj.idx) if obj is not None else None
                if named is not None and named.label == "PERSON":
                    return named
        if tok.head.i == tok.i:
            break
        tok = tok.head
    same = names.before(pron.idx, sent_start, "PERSON")
    if same is not None:
        return same
    floor = max(0, sent_start - 400)
    doc = pron.doc
    for t in reversed(doc[: pron.i]):
        if t.idx < floor:
            break
        if t.dep_ in ("nsubj", "nsubjpass", "poss"):
            named = names.at(t.idx)
            if named is not None and named.label == "PERSON":
                return named
            if t.lower_ in _PERSONAL and depth < 2:  # "he won ...": whom that "he" means
                start = t.sent.start_char
                found = _antecedent(t, names, start, depth + 1)
                if found is not None:
                    return found
    return names.before(pron.idx, floor, "PERSON")


def _phrase(tok: "Token") -> str:
    """A compact noun phrase: modifiers up to the head, plus a short "of ..." phrase."""
    doc = tok.doc
    toks = list(doc[tok.left_edge.i : tok.i + 1])
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and of.right_edge.i - tok.i <= 6:
        toks = list(doc[tok.left_edge.i : of.right_edge.i + 1])
    while toks and (toks[0].lower_ in _DETERMINERS or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or (len(toks) > 1 and toks[-1].pos_ in ("ADJ", "ADV") and toks[-1].i == tok.i)):
        toks = toks[:-1]  # "The two last met": the parser's subject is "last"
    if not toks:
        return tok.text
    return " ".join("".join(t.text_with_ws for t in toks).split()).replace("’", "'")
