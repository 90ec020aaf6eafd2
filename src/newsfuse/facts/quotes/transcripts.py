"""Transcripts: paragraphs that open with a speaker label and a colon
("PENCE: Well, look, ...", "Clinton: We will ...") are that speaker's words."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from ...lexicons import words
from .context import Attribution
from .phrases import SPACE_RE

if TYPE_CHECKING:
    from .context import ArticleContext

__all__ = ["find_transcript_lines"]


# Words that end a transcript-like "LABEL:" but are no speaker.
NOT_LABELS = set(words("transcript_non_labels"))
# Label heads that name a source, not a speaker: "Poll: Trump and Clinton tied", "Report: ..."
SOURCE_LABELS = set(words("transcript_source_labels"))
LABEL_RE = re.compile(r"[\"“”]?[ \t]*([A-Z][A-Za-z.'’\- ]{0,40}?)[ \t]*:[ \t]+(?=\S)")


def find_transcript_lines(ctx: "ArticleContext") -> None:
    """Attribute transcript lines ("PENCE: Well, look, ...") to their label: a known
    person's name, an organisation, a source ("Poll: ...", "Report: ..."), or an
    all-caps label that recurs; quotes inside become nested."""
    found: list[tuple[int, re.Match]] = []
    for pi, (pstart, pend) in enumerate(ctx.paragraphs):
        m = LABEL_RE.match(ctx.text, pstart, pend)
        if m is None or len(m.group(1).split()) > 4:
            continue
        found.append((pi, m))
    labels = Counter(SPACE_RE.sub(" ", m.group(1)).lower() for _, m in found)
    caps_lines = sum(1 for _, m in found if m.group(1).isupper())
    for pi, m in found:
        label = m.group(1)
        words = label.replace("’", "'").split()
        key = words[-1].strip(".").lower()
        # an all-caps label that recurs, or sits among three or more all-caps labels (a transcript)
        repeated = label.isupper() and (labels[SPACE_RE.sub(" ", label).lower()] >= 2 or caps_lines >= 3)
        known = ctx.people.by_name(key) is not None
        ents = [e for e in ctx.ents if e.label_ in ("PERSON", "ORG") and e.start_char <= m.start(1) < e.end_char
                and (e.label_ == "PERSON" or e.end_char >= m.end(1))]
        if not (repeated or known or ents or key in SOURCE_LABELS) or key in NOT_LABELS:
            continue
        pstart, pend = ctx.paragraphs[pi]
        start, end = m.end(), pend
        q = ctx.in_quote(m.start(1))
        if q is None and m.start(1) > pstart:
            q = ctx.in_quote(pstart)
        while end > start and (ctx.text[end - 1].isspace() or ctx.text[end - 1] in '"”'):
            end -= 1
        if q is not None and q.open <= pstart + 1:
            end = min(end, q.end) if q.closed else end
        if end - start < 3:
            continue
        label_tokens = list(ctx.tokens_between(m.start(1), m.end(1)))
        colon = ctx.token_at(ctx.text.find(":", m.end(1), m.end()))
        if not label_tokens or colon is None:
            continue
        attr = Attribution("direct", start, end, "transcript", "speech", [colon], label_tokens[-1])
        ctx.attrs.append(attr)
        for inner in ctx.quotes:
            if inner.para == pi and inner.open < end and start <= inner.close:
                inner.nested = True
        if q is not None:
            q.attr = attr
