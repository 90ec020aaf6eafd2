"""The public records of quote extraction: :class:`Quote` (one attributed quote,
stand-off over ``Article.text``; it lives with the other fact records in
:mod:`newsfuse.facts.records`) and :class:`QuoteConfig` (the extractor's switches).
Kept in their own module so rules, extractor and evaluation can share them without
import cycles."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Quote, QuoteAct, QuoteKind, Via

__all__ = ["QuoteKind", "Via", "QuoteAct", "Quote", "QuoteConfig"]


@dataclass(frozen=True)
class QuoteConfig:
    """Switches for :class:`QuoteExtractor`.

    Attributes:
        indirect: report indirect speech (reported clauses without quote marks).
        evidential_cues: accept "found/showed/revealed that" for indirect speech.
        cognitive_cues: accept "believes/thinks/expects that" for indirect speech.
        clause_for_partial: besides a partial quote, also report the reported
            clause containing it as an ``indirect`` quote.
        min_indirect_words: shortest reported clause kept, in words.
        continue_previous_paragraph: let a quote-only paragraph without a cue
            continue the previous paragraph's speaker.
        keep_unresolved_pronouns: report quotes whose speaker stays a bare
            pronoun ("they", "I").
        stances: report attributions of attitude, intention and evaluation
            whose content is a noun phrase, infinitive or clause ("cited his
            remarks", "called for a moratorium", "wants to build"), as
            ``indirect`` quotes with ``via="stance"`` (:mod:`.stances`).
    """

    indirect: bool = True
    evidential_cues: bool = True
    cognitive_cues: bool = False
    clause_for_partial: bool = True
    min_indirect_words: int = 3
    continue_previous_paragraph: bool = True
    keep_unresolved_pronouns: bool = True
    stances: bool = True
