"""The ``claims --json`` items and the quote ledger as typed records.

:class:`ClaimGroupDoc` and :class:`LedgerEntryDoc` are what ``newsfuse run``
saves per story and what the CLI and the web API print; their keys are a
contract (add, never remove). Written and read with :mod:`newsfuse.serialize`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..facts.records import Hedge, QuoteKind

__all__ = ["Verdict", "Match", "ClaimValueDoc", "ClaimSideDoc", "ClaimGroupDoc", "LedgerOccurrence",
           "LedgerEntryDoc"]


class Verdict(StrEnum):
    """How the values of one claim group compare across sources (:mod:`.groups`)."""

    AGREE = "agree"
    AGREE_WITHIN_ROUNDING = "agree_within_rounding"
    CONFLICT = "conflict"
    SUPERSEDED = "superseded"
    SINGLE_SOURCE = "single_source"


class Match(StrEnum):
    """How one occurrence of a quote matches the ledger entry's first one (:mod:`.ledger`)."""

    FIRST = "first"
    SAME = "same"
    TRUNCATED = "truncated"
    WORDING = "wording"
    PARAPHRASE = "paraphrase"


@dataclass(frozen=True, slots=True)
class ClaimValueDoc:
    """One claim of a group.

    Attributes:
        article, start, end: where it is written.
        value: in base units (fractional year for dates); ``null`` when vague.
        hedge: how the phrase bounds the value (``within`` for dates).
        text: the phrase as written, ``article.text[start:end]``.
        low, high: the interval compared (from hedge and written precision);
            ``null`` = open on that side.
        unit, thing, time: the claim's own unit, counted thing and time.
        source: its independent-source index.
        side: index into the group's ``sides``.
    """

    article: str
    value: float | None
    hedge: Hedge
    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    unit: str
    thing: str
    time: str
    source: int
    side: int


@dataclass(frozen=True, slots=True)
class ClaimSideDoc:
    """Values that agree among themselves (one side when all agree).

    Attributes:
        values: the phrases of the side's values.
        articles: the articles stating them.
        independent_sources: provenance groups among those articles.
        first, first_date: the article that reported it first and its date, when known.
    """

    values: tuple[str, ...]
    articles: tuple[str, ...]
    independent_sources: int
    first: str | None = None
    first_date: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimGroupDoc:
    """Claims that count or measure one thing, and the verdict on their values.

    Attributes:
        thing: what is counted or measured (the group's most common wording).
        unit: ``USD``, ``GBP``, ... (ISO currency), ``percent``, ``years``, a
            counted noun (``soldier``), or ``date`` for when-claims.
        verdict: ``agree`` (same value, same hedge), ``agree_within_rounding``
            (intervals from hedge and written precision overlap), ``conflict``
            (some intervals do not overlap, or one report says the number is
            unknown while another states it), ``superseded`` (a count that rises
            as dated reports update), ``single_source`` (one article).
        values: every claim of the group.
        sides: sets of mutually compatible values.
        articles: the articles with a claim in the group.
        independent_sources: provenance groups among them.
        time: the group's time, as written.
        first, first_date: the article that reported it first when every article
            is dated (earliest among originals) or when one original's rewrites
            make up the rest; else ``null``.
        note: why the verdict (e.g. "precision: ...").
        algorithm: the reconciler's version.
    """

    thing: str
    unit: str
    verdict: Verdict
    values: tuple[ClaimValueDoc, ...]
    sides: tuple[ClaimSideDoc, ...]
    articles: tuple[str, ...]
    independent_sources: int
    time: str = ""
    first: str | None = None
    first_date: str | None = None
    note: str = ""
    algorithm: str = ""


@dataclass(frozen=True, slots=True)
class LedgerOccurrence:
    """One place a ledger entry's quote appears; ``differences`` lists changed wording."""

    article: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    match: Match
    score: float = 1.0
    differences: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LedgerEntryDoc:
    """One thing said, with every outlet that carries it."""

    speaker: str
    text: str
    articles: tuple[str, ...]
    independent_sources: int
    occurrences: tuple[LedgerOccurrence, ...]
