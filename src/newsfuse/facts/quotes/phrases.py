"""Noun-phrase helpers over the spaCy parse: where a speaker mention starts and ends,
and how it reads as a speaker name. Shared by the attribution rules and the people
registry, so both cut mentions the same way."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["SPACE_RE", "starts_upper", "entity_last", "before_comma", "np_bounds", "char_bounds", "clean_phrase"]

SPACE_RE = re.compile(r"\s+")


def starts_upper(text: str, offset: int) -> bool:
    while offset < len(text) and not text[offset].isalnum():
        offset += 1
    return offset < len(text) and (text[offset].isupper() or text[offset].isdigit())


def entity_last(tok: "Token") -> "Token":
    """The last token of the entity ``tok`` belongs to."""
    doc = tok.doc
    i = tok.i
    while i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
        i += 1
    return doc[i]


def before_comma(names: "list[Token]", between: "list[Token]") -> "Token":
    """In "Kwatra, the foreign secretary," the name before the first comma."""
    comma = next((t.i for t in between if t.text == ","), None)
    if comma is not None:
        before = [t for t in names if t.i < comma]
        if before:
            return before[-1]
    return names[-1]


def np_bounds(head: "Token") -> tuple[int, int]:
    """Token range [i, j) of the noun phrase headed by ``head``, without relative
    clauses and appositions (but always with the whole name the head is part of)."""
    left = head.left_edge.i
    right = head.i
    for c in head.rights:
        if c.dep_ in ("relcl", "acl", "appos", "punct", "advcl", "parataxis", "ccomp"):
            break
        right = max(right, c.right_edge.i)
    doc = head.doc
    if head.ent_type_:
        i = head.i
        while i > 0 and doc[i].ent_iob_ == "I":
            i -= 1
        left = min(left, i)
        right = max(right, entity_last(head).i)
    for k in range(head.i + 1, right + 1):  # never run into a quotation
        if doc[k].is_quote:
            right = k - 1
            break
    for k in range(head.i - 1, left - 1, -1):
        if doc[k].is_quote:
            left = k + 1
            break
    while left < head.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > head.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return left, right + 1


def char_bounds(doc: "Doc", i: int, j: int) -> tuple[int, int]:
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)


def clean_phrase(doc: "Doc", i: int, j: int) -> str:
    toks = list(doc[i:j])
    while toks and toks[0].lower_ in ("the", "a", "an", "this", "that", "these", "those"):
        toks = toks[1:]
    while toks and toks[-1].lower_ in ("'s", "’s", "'", "’"):
        toks = toks[:-1]
    if not toks:
        return ""
    text = doc[toks[0].i: toks[-1].i + 1].text  # Doc.text would rebuild the whole text per call
    text = SPACE_RE.sub(" ", text).strip()
    if text.isupper() and len(text) > 3:  # transcript labels: "WALLACE" -> "Wallace"
        text = text.title()
    return text
