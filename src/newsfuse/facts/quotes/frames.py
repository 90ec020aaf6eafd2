"""Frames: attribute each quoted span to a cue in the sentence(s) around it.

A quote's frame is the sentence(s) around it (sentence bounds inside a quote are
ignored). The cue outside any quote whose clause contains the quote, else the
nearest one, attributes it: its subject, the name after an inverted "said", or
the name between the quote and the verb when the parse lost the subject. A quote
that opens its clause is ``direct``; one inside a clause is ``partial`` (then the
cue must govern it, and Title-Case names and scare quotes are skipped). Also
"“…” ― Name" (dash) and "X said: “…”" (colon).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...lexicons import words
from .context import Attribution
from .cues import AMBIGUOUS, CUE_CATEGORIES, CUE_LEXICON, FORCED_CUE_FORMS, cue_and_speaker, cue_category
from .marks import QuoteSpan
from .person_words import RELATIVE
from .phrases import before_comma, entity_last, starts_upper

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import ArticleContext

__all__ = ["attribute_in_frame", "attach", "is_title", "governs_partial", "dash_speaker", "colon_speaker",
           "surface_cue"]


TITLE_SMALL_WORDS = set(words("title_small_words"))
DASH_RE = re.compile(r"[ \t]*[―—–][ \t]*|[ \t]+-{1,2}[ \t]*")


def attribute_in_frame(ctx: "ArticleContext", q: QuoteSpan) -> None:
    """Attribute a quote to the best cue of its frame (the sentences around it): one
    whose clause holds the quote, else the nearest; mark it direct or partial."""
    fstart, fend = ctx.frame(q)
    left = ctx.text[fstart:q.open].strip()
    q.direct = not left or (left.endswith((":", ",", "—", "–", "-")) and starts_upper(ctx.text, q.start))
    if left and left[-1] in "“”\"'‘’":  # right after another quote: "“A,” “B”"
        q.direct = True
    # "“…” ― Sonya Herridge"
    if q.direct:
        dash = dash_speaker(ctx, q)
        if dash is not None:
            attach(ctx, q, "dash", "speech", [dash[0]], dash[1])
            return
    best: tuple[tuple[int, float], list["Token"], "Token", str] | None = None
    first = ctx.token_at(q.start)
    # A fragment inside a clause is governed from its own sentence, never the next one.
    own_end = next((e for e in ctx.sent_ends if e >= q.end), fend) if not q.direct else fend
    # cue_and_speaker and surface_cue accept only cue tokens (possible_cues): visit just those
    for tok in ctx.cues_between(fstart, fend):
        if q.open <= tok.idx < q.close or ctx.in_quote(tok.idx):
            continue
        if tok.idx >= own_end:
            break
        found = cue_and_speaker(tok, ctx.quote_cats)
        if found is None:
            found = surface_cue(ctx, tok, q)
            if found is None:
                continue
        cue_tokens, speaker, category = found
        if ctx.in_quote(speaker.idx):
            found = surface_cue(ctx, tok, q)
            if found is None:
                continue
            cue_tokens, speaker, category = found
        if not q.direct and (is_title(ctx, q) or not governs_partial(ctx, tok, q, category)):
            continue
        dist = q.open - tok.idx if tok.idx < q.open else tok.idx - q.close
        if tok.idx < q.open and left.endswith((":", ",")):
            dist *= 0.5  # "X said: “…”" / "X stated, “…”"
        if category == "naming" and q.direct:
            dist += 1000  # naming verbs take phrases, not whole quotes
        # A cue whose clause holds the quote beats a nearer one that does not:
        # 'Russia insisted that Pyongyang "stop ..." ' / 'X accused Y of "…." Z said …'
        anchor = tok.head if tok.lower_ == "according" else tok
        governs = first is not None and anchor.left_edge.i <= first.i <= anchor.right_edge.i
        key = (0 if governs else 1, dist)
        if best is None or key < best[0]:
            best = (key, cue_tokens, speaker, category)
    if best is None and q.direct and left.endswith(":"):
        found = colon_speaker(ctx, fstart, q.open)
        if found is not None:
            attach(ctx, q, "colon", "speech", found[0], found[1])
        return
    if best is None:
        return
    _, cue_tokens, speaker, category = best
    attach(ctx, q, "frame", category, cue_tokens, speaker)


def attach(ctx: "ArticleContext", q: QuoteSpan, via: str, category: str, cue: "list[Token]",
           speaker: "Token") -> None:
    """Record the attribution of quote ``q`` (direct or partial, as the frame decided)."""
    kind = "direct" if q.direct else "partial"
    attr = Attribution(kind, q.start, q.end, via, category, cue, speaker, quote=q)
    q.attr = attr
    ctx.attrs.append(attr)
    if via == "frame":
        ctx.used_cues.add(cue[0].i)


def is_title(ctx: "ArticleContext", q: QuoteSpan) -> bool:
    """A short quoted name in title case ("Morning Joe", "The Apprentice"): a
    title or a nickname, not words someone said."""
    words = ctx.text[q.start:q.end].strip(" .,!?").split()
    if not words or len(words) > 6:
        return False
    content = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content) and not (
        len(words) == 1 and words[0].isupper())


def governs_partial(ctx: "ArticleContext", cue: "Token", q: QuoteSpan, category: str) -> bool:
    """May this cue attribute a quoted fragment inside its sentence?

    Verbs of saying ("said", "told", "according to") may; naming verbs and
    verbs that have other senses ("maintain", "counter", "charge") only
    when the fragment lies in their own complement."""
    lemma = cue.lemma_.lower()
    if cue.lower_ == "according" or (category in ("speech", "written") and lemma not in AMBIGUOUS):
        return True
    first = ctx.token_at(q.start)
    if first is None:
        return False
    for child in cue.children:
        if child.dep_ in ("ccomp", "dobj", "oprd", "xcomp", "prep", "attr", "advcl", "dative", "npadvmod") \
                and child.left_edge.i <= first.i <= child.right_edge.i:
            return category != "speech" or child.dep_ == "ccomp"
    return False


def dash_speaker(ctx: "ArticleContext", q: QuoteSpan) -> tuple["Token", "Token"] | None:
    """The dash and the last name token of "“…” ― Sonya Herridge", if that follows ``q``."""
    pend = ctx.paragraphs[q.para][1]
    m = DASH_RE.match(ctx.text, q.close, pend)
    if m is None:
        return None
    dash = ctx.token_at(m.start() + len(m.group()) - len(m.group().lstrip()))
    name: list["Token"] = []
    for tok in ctx.tokens_between(m.end(), min(pend, m.end() + 80)):
        if tok.is_punct and tok.text != "." or tok.is_space:
            break
        if tok.text == ".":
            if name and len(name[-1].text) == 1:
                continue
            break
        if not (tok.text[:1].isupper() or tok.ent_type_ == "PERSON"):
            break
        name.append(tok)
    if not name or dash is None:
        return None
    return dash, name[-1]


def colon_speaker(ctx: "ArticleContext", start: int, end: int) -> tuple[list["Token"], "Token"] | None:
    """Who speaks after "Caddell continued:" / "The New York Times reports:"."""
    tokens = [t for t in ctx.tokens_between(start, end) if not ctx.in_quote(t.idx) and not t.is_space]
    if len(tokens) >= 3 and tokens[0].lower_ in FORCED_CUE_FORMS and tokens[-1].text == ":":
        names = [t for t in tokens[1:-1] if t.pos_ == "PROPN" or t.ent_type_ == "PERSON"]
        if names and len(tokens) <= 8:
            return [tokens[0]], names[-1]  # "Said Ellis: “…”"
    for tok in reversed(tokens):
        found = cue_and_speaker(tok, set(CUE_CATEGORIES))
        if found is not None and not ctx.in_quote(found[1].idx):
            return found[0], found[1]
    for tok in reversed(tokens):
        if tok.pos_ in ("VERB", "AUX") or tok.lower_ in FORCED_CUE_FORMS or tok.tag_ == "NNS":
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in RELATIVE | {"this", "here", "there", "what", "it"}:
                return [tok], subj
    # "The New York Times reports:" mis-tagged as a noun phrase
    if tokens and tokens[-1].text == ":" and len(tokens) >= 3:
        verbish = tokens[-2]
        if verbish.lower_.endswith("s") and CUE_LEXICON.get(verbish.lower_[:-1]) in ("speech", "written"):
            head = tokens[-3]
            if head.pos_ in ("PROPN", "NOUN"):
                return [verbish], head
    return None


def surface_cue(ctx: "ArticleContext", tok: "Token", q: QuoteSpan) -> tuple[list["Token"], "Token", str] | None:
    """A reporting verb right after a quote whose subject the parse lost:
    "“…,” Tulsa police Chief Chuck Jordan said Monday" / "“…,” said X"."""
    category = cue_category(tok)
    if category not in ("speech", "written") or tok.idx < q.close:
        return None
    between = [t for t in ctx.tokens_between(q.close, tok.idx) if not t.is_space]
    if len(between) > 14:
        return None
    if between and not (len(between) == 1 and between[0].is_punct):
        people = [t for t in between if t.ent_type_ == "PERSON"]
        if people:
            return [tok], entity_last(people[0]), category
        names = [t for t in between if t.pos_ in ("PROPN", "NOUN", "PRON") and not t.is_punct]
        if names and not any(t.pos_ in ("VERB", "AUX") for t in between if t not in names):
            return [tok], before_comma(names, between), category
        return None
    after = []
    for t in ctx.tokens_between(tok.idx + len(tok.text), ctx.paragraphs[q.para][1]):
        if t.is_punct or len(after) >= 10:
            break
        after.append(t)
    people = [t for t in after if t.ent_type_ == "PERSON"]
    if people:
        return [tok], entity_last(people[0]), category
    names = [t for t in after if t.pos_ in ("PROPN", "NOUN")]
    if names:
        return [tok], names[-1], category
    return None
