"""Quote marks: pair opening and closing marks into quoted spans, paragraph by paragraph.

Pure text work (no parse), kept apart so the pairing rules can be read and tested on
their own; :class:`newsfuse.facts.quotes.context.ArticleContext` runs it once per article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["QuoteSpan", "Attribution", "find_quote_spans", "OPEN_MARKS", "CLOSE_MARKS", "MARKS_RE"]

OPEN_MARKS = "“„«"
CLOSE_MARKS = "”»"
MARKS_RE = re.compile(r"''|[“”„«»\"]")


@dataclass(slots=True)
class QuoteSpan:
    """A run of quoted text between marks (or up to a paragraph end)."""

    open: int  # offset of the opening mark
    close: int  # offset just past the closing mark (or paragraph end)
    start: int  # content start
    end: int  # content end
    para: int
    closed: bool
    direct: bool = False
    nested: bool = False  # inside a transcript line: its speaker is the line's
    attr: "Attribution | None" = None


@dataclass(slots=True)
class Attribution:
    """One attribution being built: content span, cue tokens, local speaker mention,
    and (after resolution) the speaker."""

    kind: str
    start: int
    end: int
    via: str
    category: str = "speech"
    cue: "list[Token]" = field(default_factory=list)
    mention: "Token | None" = None
    quote: QuoteSpan | None = None
    parent: "Attribution | None" = None
    speaker: str = ""
    speaker_span: tuple[int, int] = (-1, -1)
    mention_span: tuple[int, int] = (-1, -1)
    speaker_how: str = "phrase"
    is_person: bool = False
    plural: bool = False
    gender: str | None = None

    @property
    def cue_pos(self) -> int:
        if self.cue:
            return self.cue[0].idx
        return self.parent.cue_pos if self.parent is not None else self.start


def find_quote_spans(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[QuoteSpan]:
    """Pair quote marks within each paragraph.

    A quote opened with a straight mark (``"``, or the typewriter pair
    ``''`` of some archives) closes with the same mark and one opened with a
    curly mark closes with a curly mark; marks of the other style inside are
    an inner quotation, unless no mark of the opening style follows in the paragraph
    (``"…”`` and ``“…"`` typed sloppily). A closing curly mark where nothing is open, at a word
    start, is taken as a mistyped opening mark. In paragraphs without double marks,
    British single quotes are paired. Returns the spans sorted by opening mark.
    """
    quotes: list[QuoteSpan] = []
    for pi, (pstart, pend) in enumerate(paragraphs):
        open_at: int | None = None
        open_len = 1
        straight = ""
        for m in MARKS_RE.finditer(text, pstart, pend):
            pos, ch = m.start(), m.group()
            size = len(ch)
            before = text[pos - 1] if pos > pstart else " "
            after = text[pos + size] if pos + size < pend else " "
            if ch in ('"', "''"):
                if open_at is None:
                    if before.isalnum() and after.isalnum():
                        continue  # 6"2 and the like
                    if ch == "''" and not (before.isspace() or before in "([—–-" or pos == pstart):
                        continue  # "the Joneses'' ..." is no opening mark
                    open_at, open_len, straight = pos, size, ch
                elif straight == ch:
                    _add_quote(quotes, text, open_at, pos + size, pi, True, open_len, size)
                    open_at = None
                elif not straight and ch == '"' and not after.isalnum() and "”" not in text[pos + 1:pend]:
                    _add_quote(quotes, text, open_at, pos + 1, pi, True, open_len, 1)  # “… " typed sloppily
                    open_at = None
            elif ch in OPEN_MARKS:
                if open_at is None:
                    open_at, open_len, straight = pos, size, ""
                elif not straight:  # a new opening mark while open: the last one was never closed
                    _add_quote(quotes, text, open_at, pos, pi, False, open_len, 0)
                    open_at, open_len = pos, size
            else:  # closing curly mark
                if open_at is None:
                    if (before.isspace() or pos == pstart) and after.isalnum():
                        open_at, open_len, straight = pos, size, ""  # mistyped opening mark
                elif not straight:
                    _add_quote(quotes, text, open_at, pos + size, pi, True, open_len, size)
                    open_at = None
                elif straight == '"' and not after.isalnum() and '"' not in text[pos + 1:pend]:
                    _add_quote(quotes, text, open_at, pos + size, pi, True, open_len, size)  # "… ” typed sloppily
                    open_at = None
        if open_at is not None:
            _add_quote(quotes, text, open_at, pend, pi, False, open_len, 0)
        if not MARKS_RE.search(text, pstart, pend):
            _single_quotes(quotes, text, pi, pstart, pend)
    quotes.sort(key=lambda q: q.open)
    return quotes


def _single_quotes(quotes: list[QuoteSpan], text: str, pi: int, pstart: int, pend: int) -> None:
    """British style: ‘We will win,’ he said. Only in paragraphs without double marks.

    An opening ‘ starts a word; the closing ’ must end one and, to tell it from
    an apostrophe ("dogs’ owners", "don’t"), follow sentence punctuation
    ("…win,’"), precede punctuation ("‘crooked’."), or close a short phrase."""
    pos = pstart
    while True:
        open_ = text.find("‘", pos, pend)
        if open_ < 0:
            return
        if open_ + 1 >= pend or not text[open_ + 1].isalnum() or (open_ > pstart and text[open_ - 1].isalnum()):
            pos = open_ + 1
            continue
        closes = [m.start() for m in re.finditer("’", text[open_ + 1:pend])]
        closes = [open_ + 1 + c for c in closes]
        candidates = [c for c in closes if c + 1 >= pend or not text[c + 1].isalnum()]
        chosen = next((c for c in candidates if text[c - 1] in ".,!?…"), None)
        if chosen is None:
            chosen = next((c for c in candidates if c + 1 >= pend or text[c + 1] in ",.;:!?)"), None)
        if chosen is None:
            chosen = next((c for c in candidates if len(text[open_:c].split()) <= 6), None)
        if chosen is None:
            _add_quote(quotes, text, open_, pend, pi, False, 1, 0)
            return
        _add_quote(quotes, text, open_, chosen + 1, pi, True, 1, 1)
        pos = chosen + 1


def _add_quote(quotes: list[QuoteSpan], text: str, open_: int, close: int, para: int, closed: bool,
               open_len: int = 1, close_len: int = 1) -> None:
    start = open_ + open_len
    end = close - close_len
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    if end - start < 2:
        return
    quotes.append(QuoteSpan(open_, close, start, end, para, closed))
