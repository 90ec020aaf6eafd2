"""Indirect speech: reported clauses without quote marks.

A reporting verb outside quotes with a clausal complement ("Kwatra said (that)
...", "X told reporters that ...", the inverted "..., Kwatra said"), or attached
as ``parataxis`` to the clause it reports, "according to X", and verbs of asking
and promising with an infinitive ("urged supporters to ...") give ``indirect``
attributions whose content is that clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import Attribution
from .cues import AMBIGUOUS, DIRECTIVE, SAY_CORE, cue_and_speaker, cue_category
from .frames import attach
from .marks import CLOSE_MARKS, OPEN_MARKS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import ArticleContext

__all__ = ["find_indirect", "content_span"]


def find_indirect(ctx: "ArticleContext") -> None:
    """Add an ``indirect`` attribution for every reporting verb outside quotes that
    reports a clause (or, for verbs of asking and promising, an infinitive)."""
    for tok in ctx.cue_tokens:  # cue_and_speaker accepts no other token
        if tok.i in ctx.used_cues and not ctx.config.clause_for_partial:
            continue
        if ctx.in_quote(tok.idx):
            continue
        found = cue_and_speaker(tok, ctx.indirect_cats)
        if found is None:
            continue
        cue_tokens, speaker, category = found
        if ctx.in_quote(speaker.idx):
            continue
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and category != "speech":
            continue  # "a way for Russia to show that ..." states an aim, not a report
        if category in ("evidential", "cognitive") and any(
                a.kind == "indirect" and a.start <= tok.idx < a.end for a in ctx.attrs):
            continue  # "X said the videos show ...": the evidence is X's claim, not a source of its own
        via = "indirect"
        exclude: set[int] = set()
        as_clause = False
        if tok.lower_ == "according":
            via = "according"
            root = tok.head
            hops = 0
            while root.pos_ not in ("VERB", "AUX") and root.head is not root and hops < 4:
                root = root.head
                hops += 1
            exclude = {t.i for t in tok.subtree}
        else:
            comps = [c for c in tok.children if c.dep_ == "ccomp"]
            lemma = tok.lemma_.lower()
            xcomps = [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i
                      and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
            if not comps and xcomps and (lemma in DIRECTIVE or category == "directive"):
                # "urged supporters to monitor polling places", "promised to raise taxes"
                x = xcomps[0]
                objs = [c for c in tok.children if c.dep_ in ("dobj", "dative") and tok.i < c.i < x.i]
                ons = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" and tok.i < c.i < x.i]
                first = objs[0].left_edge if objs else (ons[0].left_edge.nbor(1) if ons else x.left_edge)
                tokens = [t for t in ctx.doc[first.i: x.right_edge.i + 1]]
                content = content_span(ctx, tokens)
                if content is not None and ctx.para_of(content[0]) == ctx.para_of(tok.idx) \
                        and not ctx.in_quote(content[0]):
                    ctx.attrs.append(Attribution("indirect", content[0], content[1], via, category, cue_tokens, speaker))
                    ctx.used_cues.add(tok.i)
                continue
            if not comps and category in ("speech", "written"):
                comps = _stray_complement(tok)
            if not comps and lemma in SAY_CORE:
                # "Trump said after the convention he would not ..." parsed as advcl
                comps = [c for c in tok.children if c.dep_ == "advcl" and c.i > tok.i
                         and any(a.dep_ == "nsubj" for a in c.children)
                         and not any(a.dep_ == "mark" for a in c.children)
                         and c.left_edge.i - tok.i <= 4]
            if comps:
                root = min(comps, key=lambda c: abs(c.i - tok.i))
            elif as_clause := _as_clause(tok):
                # "As The Post reported, CLAUSE" / "CLAUSE, as critics point out": the clause
                # the "as" clause modifies is the content
                root = tok.head
                exclude = {t.i for t in tok.subtree}
            elif tok.dep_ == "parataxis" or (tok.dep_ == "ccomp" and tok.i > tok.head.i
                                               and tok.head.pos_ in ("VERB", "AUX")
                                               and cue_category(tok.head) is None):
                root = tok.head
                exclude = {t.i for t in tok.subtree}
            else:
                continue
            if tok.lemma_.lower() in AMBIGUOUS and not exclude and root.i > tok.i \
                    and not any(c.dep_ == "mark" for c in root.children):
                continue  # "maintain that ..." yes, "maintain ties" no
            if comps and root.i < tok.i and not any(
                t.text in ",—–:" or t.is_quote for t in ctx.doc[root.right_edge.i: min(tok.i, speaker.i)]
            ):
                continue  # a clause before the verb is reported only in "…, X said"
        tokens = [t for t in root.subtree if t.i not in exclude and t.i != tok.i]
        if as_clause:  # the clause on the far side of the "as" clause, not the words around it
            side = [t for t in tokens if (t.i > tok.i) == (root.i > tok.i)]
            tokens = side if any(t.i == root.i for t in side) else tokens
        content = content_span(ctx, tokens)
        if content is None:
            continue
        cstart, cend = content
        if ctx.para_of(cstart) != ctx.para_of(tok.idx):
            continue
        inside = ctx.in_quote(cstart)
        if inside is not None and inside.close >= cend:
            continue  # the clause is a quote ("“…,” he said") or inside one
        covered = [q for q in ctx.quotes if q.start < cend and cstart < q.end]
        if tok.i in ctx.used_cues:
            if not any(q.attr is not None and q.attr.kind == "partial" and q.attr.cue
                       and q.attr.cue[0].i == tok.i for q in covered):
                continue
        elif any(q.attr is not None and q.attr.kind == "direct" for q in covered):
            continue
        if sum(1 for t in tokens if t.is_alpha) < ctx.config.min_indirect_words:
            continue
        for q in covered:  # a quote left unattributed inside this clause belongs to this cue
            if q.attr is None and not q.nested and q.start >= cstart and q.end <= cend:
                attach(ctx, q, "frame", category, cue_tokens, speaker)
        ctx.attrs.append(Attribution("indirect", cstart, cend, via, category, cue_tokens, speaker))
        ctx.used_cues.add(tok.i)


def _stray_complement(verb: "Token") -> "list[Token]":
    """A "that" clause the parse hung on a noun of the verb's prepositional phrase
    ("said on Friday during a news conference that he may wait"): a relative or
    adjectival clause opened by the conjunction "that" is the verb's complement."""
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        for t in prep.subtree:
            if t.dep_ in ("relcl", "acl") and t.left_edge.lower_ == "that" and t.left_edge.dep_ == "mark" \
                    and t.left_edge.head.i == t.i:
                return [t]
    return []


def _as_clause(verb: "Token") -> bool:
    """Is ``verb`` a gapped "as" clause of reporting ("as The Post reported", "as
    critics point out") modifying a clause it reports? Not temporal "as he told the
    crowd ...": the verb has no object or clause of its own."""
    if verb.dep_ != "advcl" or verb.head.pos_ not in ("VERB", "AUX") or verb.head.i == verb.i:
        return False
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return False
    return not any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "attr", "oprd", "acomp") for c in verb.children)


def content_span(ctx: "ArticleContext", tokens: "list[Token]") -> tuple[int, int] | None:
    """Character span of a reported clause, without outer punctuation, within one paragraph."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].is_space) and tokens[0].text not in OPEN_MARKS + '"':
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text not in CLOSE_MARKS + '"':
        tokens.pop()
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    end = min(end, ctx.paragraphs[ctx.para_of(start)][1])
    while end > start and ctx.text[end - 1] in ",;:":
        end -= 1
    return (start, end) if end > start else None
