"""Reading the parse around a number: its root token, entity span, subject,
sentence, and noun phrases rendered back as text.

Shared by :mod:`~newsfuse.facts.claims.things` (naming what is counted) and
:mod:`~newsfuse.facts.claims.durations` (naming the event a "first" counts from),
so both render phrases the same way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...model import Article
from .keys import singular

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

__all__ = [
    "number_root", "entity_span", "subject_of", "possessive", "join_words", "is_date_phrase",
    "noun_phrase", "subtree_phrase", "noun_lemma", "sentence_bounds",
]


def number_root(span: "SpacySpan") -> "Token":
    """The token of ``span`` that attaches it to the sentence ("worth" in "$4bn worth")."""
    root = span.root
    if root.head.lower_ == "worth" and root.head.i not in range(span.start, span.end):
        return root.head
    return root


def entity_span(doc: "Doc", token: "Token") -> "SpacySpan":
    """The named entity holding ``token``, else ``token`` with its left dependents.

    Found from the token's own IOB tag (walking to the entity's ends), not by
    scanning ``doc.ents``: a page of thousands of figures asks this for every
    figure, and the scan made claim extraction quadratic.
    """
    if token.ent_iob_ in ("B", "I"):
        start, end = token.i, token.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        from spacy.tokens import Span

        return Span(doc, start, end, label=token.ent_type)
    return doc[token.left_edge.i : token.i + 1]


def subject_of(verb: "Token") -> "Token | None":
    """The subject of a verb, through conjunction ("India exports ... and imports ...")."""
    v = verb
    for _ in range(4):
        for child in v.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                if child.tag_ in ("WDT", "WP") and v.dep_ == "relcl":
                    return v.head
                return child
        if v.dep_ in ("conj", "xcomp") and v.head.i != v.i:
            v = v.head
        else:
            return None
    return None


def possessive(name: str) -> str:
    if not name:
        return ""
    return name + ("'" if name.endswith("s") else "'s")


def join_words(*parts: str) -> str:
    return " ".join(p for p in parts if p).strip()


def is_date_phrase(doc: "Doc", prep: "Token") -> bool:
    """A prepositional phrase that is only a date or duration ("in 2022", "in the last few years")."""
    toks = [t for t in prep.subtree if t.i != prep.i]
    return bool(toks) and all(t.ent_type_ in ("DATE", "TIME") or not t.is_alpha or t.is_stop for t in toks)


_SKIP_DEPS = {"relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "det", "predet", "parataxis", "nummod", "quantmod"}
_SKIP_DEEP = {"relcl", "acl", "advcl", "parataxis", "nummod", "quantmod"}


def noun_phrase(token: "Token", inside: set[int]) -> str:
    """A noun phrase: the head with its modifiers and prepositional phrases, no clauses, numbers or dates."""
    keep: set[int] = set()

    def walk(tok: "Token", depth: int) -> None:
        keep.add(tok.i)
        for child in tok.children:
            if child.i in inside or child.like_num:
                continue
            if child.dep_ in (_SKIP_DEPS if depth == 0 else _SKIP_DEEP):
                continue
            if child.dep_ == "prep" and (is_date_phrase(tok.doc, child) or child.lower_ in ("including", "because", "like", "such")):
                continue
            if child.ent_type_ in ("DATE", "TIME") and child.dep_ != "prep":
                continue
            walk(child, depth + 1)

    walk(token, 0)
    return _render(token.doc, keep, inside)


def subtree_phrase(token: "Token", inside: set[int]) -> str:
    keep = {t.i for t in token.subtree if t.i not in inside and t.dep_ != "relcl"}
    return _render(token.doc, keep, inside)


def _render(doc: "Doc", keep: set[int], inside: set[int]) -> str:
    """Join kept tokens in text order; drop leading determiners and edge punctuation."""
    idx = sorted(i for i in keep if i not in inside)
    while idx and (doc[idx[0]].dep_ in ("det", "punct", "cc") or doc[idx[0]].lower_ in ("the", "a", "an")):
        idx = idx[1:]
    while idx and doc[idx[-1]].is_punct:
        idx = idx[:-1]
    out = ""
    for n, i in enumerate(idx):
        tok = doc[i]
        out += tok.text
        if n + 1 < len(idx):
            out += tok.whitespace_ if idx[n + 1] == i + 1 else " "
    return re.sub(r"\s+", " ", out).replace("’s", "'s").strip(" ,;:–—-")


def noun_lemma(token: "Token") -> str:
    """The counted noun's lemma, lower case ("Indians" -> "indian", "soldiers" -> "soldier")."""
    if token.pos_ == "PROPN" or token.lemma_ == token.text:
        return singular(token.lower_)
    return token.lemma_.lower()


def sentence_bounds(article: Article, span: "SpacySpan") -> tuple[int, int]:
    """Bounds of the article sentence holding the claim (the parser's when none does)."""
    for s in article.sentences:
        if s.start <= span.start_char < s.end:
            return s.start, s.end
    return span.sent.start_char, span.sent.end_char
