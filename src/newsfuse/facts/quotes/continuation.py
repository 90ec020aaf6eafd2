"""Neighbouring paragraphs: speakers for direct quotes with no cue in their sentence.

Such a quote takes the speaker of: a cue clause ending in ":" at the end of the
previous paragraph ("Caddell continued:"); the previous quote of the same
paragraph ("“A,” he said. “B.”"); the next paragraph's quote when this one is left
open (a multi-paragraph quote); a short attribution-only next paragraph ("says Mr.
Trigunayat."); or, for a paragraph that is mostly the quote, the last attribution of
the previous paragraph. A paragraph without quote marks after "X added:" is X's words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import Attribution
from .cues import cue_and_speaker, cue_category
from .frames import attach, colon_speaker
from .phrases import np_bounds

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import ArticleContext

__all__ = ["attribute_leftovers"]


def attribute_leftovers(ctx: "ArticleContext") -> None:
    """Give direct quotes without a cue in their own sentence a speaker from their
    neighbours (colon lead-in, same paragraph, open quote, next or previous paragraph)."""
    orphans = orphan_cues(ctx)
    for q in ctx.quotes:
        if q.attr is not None or not q.direct or q.nested:
            continue
        pstart, pend = ctx.paragraphs[q.para]
        if q.para > 0 and not ctx.text[pstart:q.open].strip():
            prev_start, prev_end = ctx.paragraphs[q.para - 1]
            if ctx.text[prev_start:prev_end].rstrip().endswith(":"):
                found = colon_speaker(ctx, prev_start, prev_end)
                if found is not None:
                    attach(ctx, q, "colon", "speech", found[0], found[1])
                    continue
    colon_blocks(ctx)
    changed = True
    while changed:
        changed = False
        for i, q in enumerate(ctx.quotes):
            if q.attr is not None or not q.direct or q.nested:
                continue
            parent, via = continued_from(ctx, i, orphans)
            if parent is not None and not via:  # a new attribution of its own
                q.attr = parent
                ctx.attrs.append(parent)
                changed = True
            elif parent is not None:
                attr = Attribution("direct", q.start, q.end, via, parent.category, [], None, quote=q, parent=parent)
                q.attr = attr
                ctx.attrs.append(attr)
                changed = True


def colon_blocks(ctx: "ArticleContext") -> None:
    """A paragraph ending in "X added:" / "he wrote:" followed by a paragraph without
    quote marks: that paragraph is X's words (a block quotation)."""
    attributed = {a.start for a in ctx.attrs}
    for pi in range(len(ctx.paragraphs) - 1):
        pstart, pend = ctx.paragraphs[pi]
        if not ctx.text[pstart:pend].rstrip().endswith(":"):
            continue
        nstart, nend = ctx.paragraphs[pi + 1]
        if any(q.para == pi + 1 for q in ctx.quotes) or nstart in attributed:
            continue
        if len(ctx.text[nstart:nend].split()) < 5:
            continue
        colon = ctx.token_at(ctx.text.rindex(":", pstart, pend))
        if colon is None or colon.i == 0:
            continue
        cue = colon.doc[colon.i - 1]
        while cue.i > 0 and (cue.pos_ in ("ADV", "ADP", "DET", "NOUN", "PROPN", "NUM") or cue.is_punct) \
                and colon.i - cue.i < 6 and cue_category(cue) is None:
            cue = cue.doc[cue.i - 1]
        found = cue_and_speaker(cue, {"speech", "written"})
        if found is None or ctx.in_quote(found[1].idx):
            continue
        ctx.attrs.append(Attribution("direct", nstart, nend, "colon-block", found[2], found[0], found[1]))
        ctx.used_cues.add(cue.i)


def continued_from(ctx: "ArticleContext", i: int, orphans: "dict[int, list[tuple[list[Token], Token, str]]]"
                   ) -> tuple[Attribution | None, str]:
    """The attribution quote ``i`` continues and how (empty ``via``: a new attribution)."""
    q = ctx.quotes[i]
    pstart, pend = ctx.paragraphs[q.para]
    if ctx.text[ctx.frame(q)[0]:q.open].strip():
        return None, ""
    for j in range(i - 1, -1, -1):  # "“A,” he said. “B.”"
        p = ctx.quotes[j]
        if p.para != q.para:
            break
        if p.nested:
            continue
        if p.attr is not None and p.attr.kind == "direct":
            return p.attr, "same-paragraph"
        break
    if not q.closed and i + 1 < len(ctx.quotes):  # a quote left open continues in the next paragraph
        n = ctx.quotes[i + 1]
        if n.para == q.para + 1 and not ctx.text[ctx.paragraphs[n.para][0]:n.open].strip() and n.attr is not None:
            return n.attr, "open-quote"
    if mostly_quote(ctx, q.para) and q.para + 1 < len(ctx.paragraphs):
        # a quote paragraph followed by an attribution-only line: "says Mr. Trigunayat."
        nstart, nend = ctx.paragraphs[q.para + 1]
        if len(ctx.text[nstart:nend].split()) <= 8:
            for cue, speaker, category in orphans.get(q.para + 1, []):
                first = ctx.token_at(nstart)
                if first is not None and (first.i == cue[0].i or first.i == np_bounds(speaker)[0]):
                    attr = Attribution("direct", q.start, q.end, "next-paragraph", category, cue, speaker, quote=q)
                    ctx.used_cues.add(cue[0].i)
                    return attr, ""
    if ctx.config.continue_previous_paragraph and q.open == pstart and mostly_quote(ctx, q.para) and q.para > 0:
        prev_start, prev_end = ctx.paragraphs[q.para - 1]
        candidates = [a for a in ctx.attrs if prev_start <= a.start < prev_end and a.kind != "partial"
                      and (a.quote is None or a.quote.para == q.para - 1)]
        if candidates:
            return max(candidates, key=lambda a: a.end), "previous-paragraph"
    return None, ""


def mostly_quote(ctx: "ArticleContext", para: int) -> bool:
    """Is at least 60% of the paragraph inside quote marks?"""
    pstart, pend = ctx.paragraphs[para]
    total = len(ctx.text[pstart:pend].strip())
    quoted = sum(q.close - q.open for q in ctx.quotes if q.para == para and not q.nested)
    return total > 0 and quoted >= 0.6 * total


def orphan_cues(ctx: "ArticleContext") -> dict[int, list[tuple[list["Token"], "Token", str]]]:
    """Cues with a speaker but nothing reported, by paragraph ("says Mr. Trigunayat.")."""
    out: dict[int, list] = {}
    for tok in ctx.cue_tokens:  # cue_and_speaker accepts no other token
        if tok.i in ctx.used_cues or ctx.in_quote(tok.idx):
            continue
        found = cue_and_speaker(tok, {"speech", "written"})
        if found is None or any(c.dep_ == "ccomp" for c in tok.children):
            continue
        out.setdefault(ctx.para_of(tok.idx), []).append(found)
    return out
