"""The public records of quote extraction: :class:`Quote` (one attributed quote,
stand-off over ``Article.text``) and :class:`QuoteConfig` (the extractor's switches).
Kept in their own module so rules, extractor and evaluation can share them without
import cycles."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["QuoteKind", "Via", "Quote", "QuoteConfig"]


class QuoteKind(StrEnum):
    """Quoted whole, quoted in part inside a sentence, or reported without quote marks."""

    DIRECT = "direct"
    PARTIAL = "partial"
    INDIRECT = "indirect"


class Via(StrEnum):
    """How an attribution was found (the rule that tied the quote to its speaker)."""

    FRAME = "frame"
    COLON = "colon"
    COLON_BLOCK = "colon-block"
    DASH = "dash"
    NEXT_PARAGRAPH = "next-paragraph"
    SAME_PARAGRAPH = "same-paragraph"
    OPEN_QUOTE = "open-quote"
    PREVIOUS_PARAGRAPH = "previous-paragraph"
    TRANSCRIPT = "transcript"
    ACCORDING = "according"
    SOURCE_PHRASE = "source-phrase"
    INDIRECT = "indirect"
    STANCE = "stance"
    REPORT_NOUN = "report-noun"


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed quote, stand-off over ``Article.text``.

    Attributes:
        article: the Article's ``id``.
        speaker: canonical speaker name ("Vinay Kwatra"), or the speaker's noun
            phrase when it is not a named person ("Indian officials",
            "analyst at the Lowy Institute"); an unresolved pronoun stays as is.
        speaker_start, speaker_end: the mention the name was taken from - a
            pronoun's antecedent, or the local mention itself.
        cue: the reporting expression ("said", "told", "pointed out", "according to").
        cue_start, cue_end: its offsets (for continuation quotes: the cue of
            the quote they continue).
        text: the quoted content (inside the marks for direct/partial quotes;
            the reported clause for indirect speech). ``text == article.text[start:end]``.
        kind: ``"direct"``, ``"partial"`` or ``"indirect"``.
        confidence: ranking score in (0, 1].
        mention_start, mention_end: the local speaker mention at the cue ("he",
            "Mr. Saran", "the former ambassador to Russia"), before resolution.
        via: how the attribution was found (``frame``, ``indirect``,
            ``according``, ``source-phrase``, ``colon``, ``next-paragraph``,
            ``same-paragraph``, ``open-quote``, ``previous-paragraph``, ``stance``,
            ``report-noun``, ``transcript``, ``dash``).
    """

    article: str
    speaker: str
    speaker_start: int
    speaker_end: int
    cue: str
    cue_start: int
    cue_end: int
    text: str
    start: int
    end: int
    kind: QuoteKind
    confidence: float
    mention_start: int = -1
    mention_end: int = -1
    via: Via = Via.FRAME


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
