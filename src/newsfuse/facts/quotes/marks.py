"""Quote marks: pair opening and closing marks into quoted spans, paragraph by paragraph.

Pure text work (no parse), kept apart so the pairing rules can be read and tested on
their own; :class:`newsfuse.facts.quotes.context.ArticleContext` runs it once per article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from ...lexicons import words

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["QuoteSpan", "Attribution", "find_quote_spans", "is_apostrophe", "OPEN_MARKS", "CLOSE_MARKS", "MARKS_RE"]

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
    writer: bool = False  # the writer's own first person, outside any quote

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
    start, is taken as a mistyped opening mark. Single quotes (‘…’ and '…', British
    style) are paired too, apostrophes told apart (:func:`is_apostrophe`), and nest
    either way with double ones (:func:`_nest_single_quotes`). A quote left open at a
    paragraph's end runs to it (the next paragraph of a long quote reopens with its
    own mark). Returns the spans sorted by opening mark.
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
        _nest_single_quotes(quotes, text, pi, pstart, pend)
    quotes.sort(key=lambda q: q.open)
    return quotes


def _nest_single_quotes(quotes: list[QuoteSpan], text: str, pi: int, pstart: int, pend: int) -> None:
    """Add the paragraph's single-quoted spans and settle nesting with its double-quoted ones.

    A single quote inside a double one is an inner quotation (US style: “He said ‘no’”)
    and is dropped; a double quote inside a single one is the inner quotation of the
    British style (‘He said “no”’) and gives way to the outer single quote. A single
    quote that crosses a double one is a misread apostrophe and is dropped."""
    doubles = [q for q in quotes if q.para == pi]
    singles: list[QuoteSpan] = []
    _single_quotes(singles, text, pi, pstart, pend)
    for sq in singles:
        if any(dq.open <= sq.open < dq.close for dq in doubles):
            continue  # inner quotation (or crosses a double quote)
        inner = [dq for dq in doubles if sq.open < dq.open and dq.close <= sq.close]
        if any(sq.open < dq.open < sq.close < dq.close for dq in doubles):
            continue
        for dq in inner:
            quotes.remove(dq)
        quotes.append(sq)


ELISIONS = words("elisions")
_SINGLE_OPEN = "‘'"
_SINGLE_CLOSE = "’'"


def is_apostrophe(text: str, pos: int, start: int = 0, end: int | None = None) -> bool:
    """Is the single mark at ``pos`` an apostrophe rather than a quote mark?

    Inside a word (don't, o’clock) it is; before a year's digits ('90s, ’16) or an
    elided word ('em, rock 'n' roll, 'til) it is. A mark after a word and before a
    space (Jones' car) may be either; :func:`find_quote_spans` decides those by
    where a quote could close."""
    end = len(text) if end is None else end
    if text[pos] == "'" and (text[pos + 1:pos + 2] == "'" or (pos > start and text[pos - 1] == "'")):
        return True  # one half of the typewriter double mark ''
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    if before.isalnum() and after.isalnum():
        return True
    if not before.isalnum() and after.isalnum():
        m = re.match(r"[A-Za-z]+|\d+", text[pos + 1:end])
        word = m.group() if m else ""
        if word.isdigit():
            return True  # '90s, ’16
        if word.lower() in ELISIONS and (pos + 1 + len(word) >= end or not text[pos + 1 + len(word)].isalnum()):
            follow = text[pos + 1 + len(word):pos + 2 + len(word)]
            return word.lower() != "s" or follow in " ,.;:"  # 'n' / 'em / 'til; a bare 's is a letter
    return False


def _single_quotes(quotes: list[QuoteSpan], text: str, pi: int, pstart: int, pend: int) -> None:
    """British style: ‘We will win,’ he said, or 'We will win,' typed straight.

    An opening mark starts a word and is not an apostrophe (:func:`is_apostrophe`);
    the closing mark must end a word and, to tell it from an apostrophe ("dogs’
    owners", "Jones' car"), follow sentence punctuation ("…win,’"), precede
    punctuation ("‘crooked’."), or close a short phrase. A quote never closes
    before the next opening mark of a quote of its own style at a paragraph's start
    ("multi-paragraph quotes") — an unclosed one runs to the paragraph end."""
    pos = pstart
    while True:
        open_ = next((i for i in range(pos, pend) if text[i] in _SINGLE_OPEN), -1)
        if open_ < 0:
            return
        if open_ + 1 >= pend or not text[open_ + 1].isalnum() or (open_ > pstart and text[open_ - 1].isalnum()) \
                or is_apostrophe(text, open_, pstart, pend):
            pos = open_ + 1
            continue
        closer = "’" if text[open_] == "‘" else "'"
        closes = [c for c in range(open_ + 1, pend) if text[c] == closer and not is_apostrophe(text, c, pstart, pend)
                  and not text[c - 1].isspace()]
        candidates = [c for c in closes if c + 1 >= pend or not text[c + 1].isalnum()]
        chosen = next((c for c in candidates if text[c - 1] in ".,!?…"), None)
        if chosen is None:
            chosen = next((c for c in candidates if c + 1 >= pend or text[c + 1] in ",.;:!?)"), None)
        if chosen is None:
            chosen = next((c for c in candidates if len(text[open_:c].split()) <= 6), None)
        if chosen is None:
            if open_ == pstart or not text[pstart:open_].strip():
                _add_quote(quotes, text, open_, pend, pi, False, 1, 0)  # opens a paragraph of a long quote
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
