"""Sentence boundaries as character offsets, with NLTK's Punkt.

Punkt is unsupervised and needs no downloaded model when given its
abbreviation list, so it runs offline and fast (~700k words/s). The list
below covers honorifics, titles, months, corporate suffixes and country
initialisms, so "Mr. Modi" and "the U.S. envoy" stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicons import words
from .model import Span

__all__ = ["SentenceSplitter", "ABBREVIATIONS", "MAX_SENTENCE_CHARS", "bounded"]

ABBREVIATIONS = words("abbreviations")


# Longer "sentences" (tables, lists, text without full stops) are cut into pieces.
MAX_SENTENCE_CHARS = 2_000
_CLAUSE_MARKS = (";", ":", ",", ")", "—", "–")

# A sentence-final mark followed by space somewhere before the paragraph's end.
_POSSIBLE_BREAK = re.compile(r"[.!?…][\"'”’)\]]*\s")


def _plain_regex_lang_vars():
    """Punkt's English settings with its hot patterns compiled by ``re``.

    nltk 3.10 wraps every Punkt pattern in a per-call ReDoS timeout; on the
    two patterns that scan every paragraph (word tokens, period contexts)
    that wrapper costs more than the matching. These patterns are nltk's own
    and run on text we already hold in memory, so plain ``re`` is safe here;
    nothing process-wide is changed.
    """
    import re

    from nltk.tokenize.punkt import PunktLanguageVars

    class PlainRegexLanguageVars(PunktLanguageVars):
        re_boundary_realignment = re.compile(
            r'["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)', re.MULTILINE
        )

        def _word_tokenizer_re(self):
            try:
                return self._re_word_tokenizer
            except AttributeError:
                self._re_word_tokenizer = re.compile(
                    self._word_tokenize_fmt
                    % {
                        "NonWord": self._re_non_word_chars,
                        "MultiChar": self._re_multi_char_punct,
                        "WordStart": self._re_word_start,
                    },
                    re.UNICODE | re.VERBOSE,
                )
                return self._re_word_tokenizer

        def period_context_re(self):
            try:
                return self._re_period_context
            except AttributeError:
                self._re_period_context = re.compile(
                    self._period_context_fmt
                    % {"NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars},
                    re.UNICODE | re.VERBOSE,
                )
                return self._re_period_context

    return PlainRegexLanguageVars()


@dataclass
class SentenceSplitter:
    """Split paragraphs into sentences; an instance holds its own tokenizer."""

    abbreviations: frozenset[str] = ABBREVIATIONS
    max_chars: int = MAX_SENTENCE_CHARS
    _tokenizer: object = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

        params = PunktParameters()
        params.abbrev_types = set(self.abbreviations)
        self._tokenizer = PunktSentenceTokenizer(params, lang_vars=_plain_regex_lang_vars())

    def spans(self, text: str, start: int = 0, end: int | None = None) -> list[Span]:
        """Sentence spans of ``text[start:end]``, as offsets into ``text``."""
        end = len(text) if end is None else end
        piece = text[start:end]
        if piece and not piece[0].isspace() and not piece[-1].isspace() and not _POSSIBLE_BREAK.search(piece):
            spans = [Span(start, end)]  # no sentence-final mark before the end: one sentence
        else:
            spans = [Span(start + a, start + b) for a, b in self._tokenizer.span_tokenize(piece)]
        if all(s.end - s.start <= self.max_chars for s in spans):
            return spans
        return [part for s in spans for part in bounded(text, s, self.max_chars)]


def bounded(text: str, span: Span, max_chars: int = MAX_SENTENCE_CHARS) -> list[Span]:
    """``span`` cut into pieces of at most ``max_chars``, each after clause
    punctuation or a space when one lies in the piece's second half.

    Every stage that works per sentence (the encoder, shingles, alignment
    cells, claim lookups) then costs at most a bounded amount per sentence,
    whatever a page without full stops holds.
    """
    pieces, start = [], span.start
    while span.end - start > max_chars:
        limit = start + max_chars
        half = start + max_chars // 2
        cut = max(text.rfind(mark, half, limit) for mark in _CLAUSE_MARKS) + 1
        if cut <= half:
            cut = text.rfind(" ", half, limit) + 1
        if cut <= half:
            cut = limit
        end = cut
        while end > start and text[end - 1].isspace():
            end -= 1
        pieces.append(Span(start, end))
        start = cut
        while start < span.end and text[start].isspace():
            start += 1
    if start < span.end:
        pieces.append(Span(start, span.end))
    return pieces
