"""The per-article state the attribution rules share: offsets helpers over
paragraphs, sentences and quote spans, and the attributions found so far."""

from __future__ import annotations

import bisect
from functools import cached_property
from typing import TYPE_CHECKING, Iterable

from ...model import Article, Span
from ..token_scan import TokenScan
from .cues import possible_cues
from .marks import Attribution, QuoteSpan, find_quote_spans
from .speakers import PeopleRegistry

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

    from .model import QuoteConfig

__all__ = ["Attribution", "ArticleContext"]  # Attribution lives in .marks, next to QuoteSpan


class ArticleContext:
    """One article under extraction: its text, parse, paragraphs and sentences, the
    quote spans and people found in it, and the attributions made so far. Built per
    article and thrown away after; the rule modules read and add to it."""

    def __init__(self, article: Article, doc: "Doc", config: QuoteConfig,
                 ents: "tuple[SpacySpan, ...] | None" = None, scan: TokenScan | None = None) -> None:
        self.article = article
        self.doc = doc
        self.ents = doc.ents if ents is None else ents  # (Doc.ents makes new spans on every call)
        if scan is not None:  # the caller's scan of this doc (else made when first asked for)
            self.scan = scan
        self.text = article.text
        self.config = config
        paragraphs = [(p.start, p.end) for p in article.paragraphs] or [(0, len(self.text))]
        self.paragraphs = paragraphs
        self.para_starts = [p[0] for p in paragraphs]
        sentences = list(article.sentences) or [Span(s.start_char, s.end_char) for s in doc.sents]
        self.sent_starts = [s.start for s in sentences]
        self.sent_ends = sorted(s.end for s in sentences)
        self.quotes: list[QuoteSpan] = find_quote_spans(self.text, paragraphs)
        self._quote_opens: list[int] = [q.open for q in self.quotes]
        self.attrs: list[Attribution] = []
        self.used_cues: set[int] = set()
        self.indirect_cats = {"speech", "written", "directive"}
        if config.evidential_cues:
            self.indirect_cats.add("evidential")
        if config.cognitive_cues:
            self.indirect_cats.add("cognitive")
        self.quote_cats = {"speech", "written", "naming"}
        self.people = PeopleRegistry(self)

    # -- the tokens whole-document scans visit ---------------------------------

    @cached_property
    def scan(self) -> TokenScan:
        """The doc's token attributes as arrays, for rules that look for a few words."""
        return TokenScan(self.doc)

    @cached_property
    def cue_tokens(self) -> "list[Token]":
        """The tokens that may be reporting cues (:func:`~.cues.possible_cues`), in order."""
        return self.scan.tokens(possible_cues(self.scan))

    @cached_property
    def _cue_indexes(self) -> list[int]:
        return [t.i for t in self.cue_tokens]

    def cues_between(self, start: int, end: int) -> "list[Token]":
        """The :attr:`cue_tokens` among :meth:`tokens_between` ``(start, end)``, in order
        (for loops that act on cues only: the other tokens need no Python object)."""
        if end <= start:
            return []
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return []
        lo = bisect.bisect_left(self._cue_indexes, span.start)
        hi = bisect.bisect_left(self._cue_indexes, span.end, lo)
        return self.cue_tokens[lo:hi]

    # -- helpers over offsets ------------------------------------------------

    def para_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, offset) - 1)

    def sent_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, offset) - 1)

    def in_quote(self, offset: int) -> QuoteSpan | None:
        i = bisect.bisect_right(self._quote_opens, offset) - 1
        if i >= 0:
            q = self.quotes[i]
            if q.open <= offset < q.close:
                return q
        return None

    def strictly_inside_quote(self, offset: int) -> bool:
        q = self.in_quote(offset)
        return q is not None and q.open < offset < q.close

    def tokens_between(self, start: int, end: int) -> "Iterable[Token]":
        if end <= start:
            return ()
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span if span is not None else ()

    def token_at(self, offset: int) -> "Token | None":
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def frame(self, q: QuoteSpan) -> tuple[int, int]:
        """Sentence(s) around a quote, ignoring sentence bounds inside quotes."""
        pstart, pend = self.paragraphs[q.para]
        i = bisect.bisect_right(self.sent_starts, q.open) - 1
        fstart = pstart
        while i >= 0:
            s = self.sent_starts[i]
            if s < pstart:
                break
            if not self.strictly_inside_quote(s):
                fstart = s
                break
            i -= 1
        fend = pend
        j = bisect.bisect_left(self.sent_ends, q.close)
        while j < len(self.sent_ends):
            e = self.sent_ends[j]
            if e > pend:
                break
            if not self.strictly_inside_quote(e - 1) or e >= pend:
                fend = e
                break
            j += 1
        return fstart, max(fend, q.close)
