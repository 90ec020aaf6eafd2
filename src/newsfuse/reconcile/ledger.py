"""The quote ledger: one entry per thing said, with every outlet that carries it.

A direct quote reprinted by several outlets is one entry; its occurrences
are marked ``same`` (identical once normalised), ``truncated`` (one is a
contiguous part of the other) or ``wording`` (fuzzy match, words differ,
with the differing words listed). An indirect quote of the same speaker
whose content words mostly appear in the direct quote is a ``paraphrase``;
reported speech that no outlet quotes directly is an entry of its own when
two or more articles report it (``first`` + ``paraphrase``).
Occurrences count as independent only across provenance groups.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Sequence, cast

from ..serialize import to_json
from .document import LedgerEntryDoc, LedgerOccurrence, Match
from .groups import source_index
from .terms import containment, terms

__all__ = ["LedgerConfig", "LedgerOccurrence", "LedgerEntry", "quote_ledger", "normalise_quote", "same_speaker"]

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class LedgerConfig:
    """``fuzzy``: word-sequence ratio for "same quote, other wording";
    ``paraphrase``: share of an indirect quote's content terms found in the direct one."""

    fuzzy: float = 0.75
    paraphrase: float = 0.5
    min_paraphrase_terms: int = 3


@dataclass(frozen=True)
class LedgerEntry:
    speaker: str
    text: str
    occurrences: tuple[LedgerOccurrence, ...]
    independent_sources: int

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({o.article for o in self.occurrences}))

    def document(self) -> LedgerEntryDoc:
        """The entry as its JSON contract's record (scores rounded to 3 places)."""
        return LedgerEntryDoc(self.speaker, self.text, self.articles, self.independent_sources,
                              tuple(replace(o, score=round(o.score, 3)) for o in self.occurrences))

    def to_json(self) -> dict[str, Any]:
        return cast("dict[str, Any]", to_json(self.document()))


def normalise_quote(text: str) -> list[str]:
    """Lower-case words without punctuation (quote marks and dashes differ between outlets)."""
    text = text.replace("’", "'").replace("‘", "'")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text.lower())).split()


def same_speaker(a: str, b: str) -> bool:
    """Same person: equal names, or the shorter's last word ends the longer ("Zelensky" / "Volodymyr Zelensky")."""
    return _same_words(normalise_quote(a), normalise_quote(b))


def _same_words(wa: list[str], wb: list[str]) -> bool:
    """:func:`same_speaker` on the names' normalised words."""
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)  # (sorted by length, stable)
    return short[-1] == long_[-1] or _close(short[-1], long_[-1])


def _close(a: str, b: str) -> bool:
    """Transliteration variants of one name ("zelensky" / "zelenskyy").

    The quick ratios are upper bounds of ``ratio()`` (difflib's contract):
    most name pairs fail them, and ``ratio()`` is the costly one.
    """
    if len(a) <= 4 or 2.0 * min(len(a), len(b)) / (len(a) + len(b)) < 0.85:  # real_quick_ratio(), without a matcher
        return False
    return _close_names(a, b)


@lru_cache(maxsize=1 << 12)
def _close_names(a: str, b: str) -> bool:
    """The matcher's part of :func:`_close` (a story compares the same surnames over and
    over). ``quick_ratio()`` is the shared letters (a multiset intersection) over the
    total length: counted with ``Counter`` here, the same number without a matcher."""
    shared = sum((Counter(a) & Counter(b)).values())
    if 2.0 * shared / (len(a) + len(b)) < 0.85:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.85


def _contains(long_: list[str], short: list[str]) -> bool:
    n = len(short)
    return n > 0 and any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def _compare(a: list[str], b: list[str], config: LedgerConfig) -> tuple[Match, float, tuple[str, ...]] | None:
    """How quote b matches quote a: same, truncated, wording, or None."""
    if a == b:
        return Match.SAME, 1.0, ()
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 4 and _contains(long_, short):
        return Match.TRUNCATED, len(short) / len(long_), ()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ratio = matcher.ratio()
    # A truncated and re-worded quote: most of the shorter one matches.
    matched = sum(block.size for block in matcher.get_matching_blocks())
    if ratio >= config.fuzzy or (len(short) >= 6 and matched / len(short) >= 0.85):
        diffs = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                diffs.append(f"{' '.join(a[i1:i2]) or '∅'} -> {' '.join(b[j1:j2]) or '∅'}")
        return Match.WORDING, ratio, tuple(diffs[:8])
    return None


class _Memo:
    """One ledger's caches: a story's quotes compare the same texts and the
    same speaker names many times over (each new quote against every entry)."""

    def __init__(self) -> None:
        self._words: dict[str, list[str]] = {}
        self._terms: dict[str, list[str]] = {}
        self._speakers: dict[tuple[str, str], bool] = {}

    def words(self, text: str) -> list[str]:
        if text not in self._words:
            self._words[text] = normalise_quote(text)
        return self._words[text]

    def terms(self, text: str) -> list[str]:
        if text not in self._terms:
            self._terms[text] = terms(text)
        return self._terms[text]

    def same_speaker(self, a: str, b: str) -> bool:
        if (a, b) not in self._speakers:
            self._speakers[(a, b)] = _same_words(self.words(a), self.words(b))
        return self._speakers[(a, b)]


def quote_ledger(quotes: Sequence[Any], provenance=None, config: LedgerConfig = LedgerConfig()) -> list[LedgerEntry]:
    """Match the same quote across articles.

    Args:
        quotes: :class:`~newsfuse.facts.quotes.Quote` records of one story.
        provenance: its ProvenanceReport, or None (every article independent).

    Returns:
        entries, the ones carried by most articles first; single-article
        quotes are entries too (with one occurrence).
    """
    memo = _Memo()
    sources = source_index([q.article for q in quotes], provenance)
    direct = [q for q in quotes if q.kind in ("direct", "partial")]
    direct.sort(key=lambda q: (-len(q.text), q.article, q.start))
    entries: list[tuple[Any, list[LedgerOccurrence]]] = []
    for quote in direct:
        words = memo.words(quote.text)
        if not words:
            continue
        for head, occurrences in entries:
            head_words = memo.words(head.text)
            if not memo.same_speaker(head.speaker, quote.speaker) and not _strong(head_words, words):
                continue
            found = _compare(head_words, words, config)
            if found is not None:
                match, score, diffs = found
                occurrences.append(LedgerOccurrence(quote.article, quote.start, quote.end, quote.text, quote.kind, match, score, diffs))
                break
        else:
            entries.append((quote, [LedgerOccurrence(quote.article, quote.start, quote.end, quote.text, quote.kind, Match.FIRST)]))
    reported: list[tuple[Any, list[LedgerOccurrence]]] = []
    for quote in quotes:
        if quote.kind not in ("indirect",):
            continue
        q_terms = memo.terms(quote.text)
        if len(q_terms) < config.min_paraphrase_terms:
            continue
        best, best_score = None, config.paraphrase
        for head, occurrences in (*entries, *reported):
            if not memo.same_speaker(head.speaker, quote.speaker):
                continue
            if any(o.article == quote.article for o in occurrences):
                continue
            text_terms = memo.terms(" ".join(o.text for o in occurrences))
            score = max(containment(q_terms, text_terms), containment(text_terms, q_terms)) if head.kind == "indirect" \
                else containment(q_terms, text_terms)
            if score >= best_score:
                best, best_score = occurrences, score
        occurrence = LedgerOccurrence(quote.article, quote.start, quote.end, quote.text, quote.kind, Match.PARAPHRASE, best_score)
        if best is not None:
            best.append(occurrence)
        else:
            # Reported speech no outlet quotes directly: an entry when another outlet reports it too.
            reported.append((quote, [replace(occurrence, match=Match.FIRST, score=1.0)]))
    entries += [(head, occ) for head, occ in reported if len({o.article for o in occ}) > 1]
    ledger = [
        LedgerEntry(head.speaker, head.text, tuple(occ), len({sources[o.article] for o in occ}))
        for head, occ in entries
    ]
    ledger.sort(key=lambda e: (-len(e.articles), -len(e.text)))
    return ledger


def _strong(wa: list[str], wb: list[str]) -> bool:
    """Long identical quotes match even when speaker resolution differs between articles
    (``wa``, ``wb``: the two quotes' normalised words)."""
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(short) >= 8 and _contains(long_, short)
