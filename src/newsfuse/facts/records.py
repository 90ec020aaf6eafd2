"""Typed records the fact extractors return.

Every record is stand-off over ``Article.text``: ``article`` is the article id
and ``start``/``end`` are character offsets, so ``article.text[start:end]``
is the evidence. Records are frozen and JSON-friendly (``dataclasses.asdict``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["QuoteKind", "Via", "QuoteAct", "Quote", "Hedge", "DateKind", "AnchorSource", "Modality", "Mention", "Entity", "Claim",
           "DateMention", "Event", "StoryFacts", "FactsDoc"]


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


class QuoteAct(StrEnum):
    """Does the quote report words said? Negated cues ("has not condemned", "declined to
    comment", "showed no emotion") and the writer's own first person ("We report the
    facts ...") are attributions in annotated corpora (PolNeAR) but no one's words: the
    extractor returns them marked, and the facts step leaves them out of stored quotes."""

    SAID = "said"
    NEGATED = "negated"
    WRITER = "writer"


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
        act: ``said``, or ``negated`` / ``writer`` for attributions that report no
            words (:class:`QuoteAct`).
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
    act: QuoteAct = QuoteAct.SAID


class Hedge(StrEnum):
    """How a number phrase bounds its value ("about 60", "at least 41")."""

    EXACT = "exact"
    ABOUT = "about"
    LESS_THAN = "less_than"
    AT_MOST = "at_most"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    UP_TO = "up_to"
    VAGUE = "vague"
    WITHIN = "within"  # a date read as a claim: somewhere within the year or month written


class DateKind(StrEnum):
    """What a date expression is: a point (absolute, relative, year), a start (since) or a length."""

    ABSOLUTE = "absolute"
    RELATIVE = "relative"
    SINCE = "since"
    YEAR = "year"
    DURATION = "duration"


class AnchorSource(StrEnum):
    """Where the date relative expressions were read against came from (``NONE``: no anchor)."""

    ARTICLE = "article"
    LEAD = "lead"
    STORY = "story"
    NONE = ""


class Modality(StrEnum):
    """Whether an event happened, is to happen, or is only planned, possible or reported."""

    ASSERTED = "asserted"
    FUTURE = "future"
    PLANNED = "planned"
    HYPOTHETICAL = "hypothetical"
    REPORTED = "reported"


@dataclass(frozen=True, slots=True)
class Mention:
    """One place an entity is named: ``article.text[start:end] == text``."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity, resolved across the articles of a story.

    Attributes:
        id: stable within one extraction ("e1", "e2", ...).
        name: canonical name: the most frequent full form seen ("Vladimir Putin"
            over "Vladimir V. Putin").
        label: ``PERSON``, ``ORG``, ``GPE``, ``LOC``, ``NORP``, ``EVENT``, ...
            after correction from the story's own evidence (bare "Modi"
            tagged GPE by the model becomes PERSON when "Narendra Modi" is a
            person in the same story).
        titles: roles and titles seen with the name ("Prime Minister",
            "India's Foreign Secretary").
        mentions: every mention, in article order.
        aliases: the distinct surface forms ("Modi", "Mr. Modi", "PM Modi").
    """

    id: str
    name: str
    label: str
    titles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A numeric claim: a number, what it counts or measures, and how sure.

    Attributes:
        article: the article id.
        text: the number phrase as written ("about $60 billion").
        start, end: offsets of ``text``.
        value: the number normalised to base units (60e9 for "$60 billion",
            4e9 for "$4bn", 20 for "20", 0.33 for "33%"); ``None`` when the
            phrase has no definite value ("an unknown number", "dozens").
        low, high: the interval the hedge and the written precision allow
            ("about $60 billion" -> about 55e9..65e9; "less than $5 billion"
            -> None..5e9; "at least 41" -> 41..None; "several dozen" ->
            24..108). ``None`` means unbounded on that side.
        unit: ``USD``, ``GBP``, ``EUR``, ``INR``, ``percent``, ``people``,
            ``soldiers``, ``years``, ... (currency as ISO code; counts as the
            counted noun's lemma); ``""`` when unknown.
        scale: the scale word as written ("billion", "bn", "million"), or "".
        hedge: ``exact``, ``about``, ``less_than``, ``at_most``, ``more_than``,
            ``at_least``, ``up_to``, ``vague``.
        thing: the counted or measured thing in words ("India's imports from
            Russia", "Indians living in Russia", "people killed").
        time: when the number holds, as written ("last year", "2023",
            "the financial year that ended in March"), or "".
        period: ``time`` resolved to an ISO date or year when possible, or "".
        sentence_start, sentence_end: the sentence the claim sits in.
    """

    article: str
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit: str
    scale: str
    hedge: Hedge
    thing: str
    time: str = ""
    period: str = ""
    sentence_start: int = -1
    sentence_end: int = -1


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or time expression and what it resolves to.

    Attributes:
        text, start, end: the expression as written ("on Monday", "last month").
        kind: ``absolute`` ("July 8, 2024"), ``relative`` ("on Monday",
            "last month", "this week"), ``since`` ("since 2019"), ``year``,
            ``duration`` ("five years"; not resolved to a date).
        value: the resolved ISO date ("2024-07-08"), month ("2024-06") or
            year ("2019"); ``""`` when it cannot be resolved.
        anchor: the date relative expressions were resolved against, and
            ``anchor_source`` where it came from (``article``, ``story``).
    """

    article: str
    text: str
    start: int
    end: int
    kind: DateKind
    value: str
    anchor: str = ""
    anchor_source: AnchorSource = AnchorSource.NONE


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, from one sentence's dependency parse.

    Attributes:
        action: a PLOVER-style class (``visit``, ``meet``, ``criticise``,
            ``demand``, ``praise``, ``agree``, ``accuse``, ``attack``,
            ``sanction``, ``aid``, ``consult``, ``threaten``, ...).
        verb: the verb lemma it came from ("visit", "condemn").
        actor, target: the entity names (canonical when resolved) or noun
            phrases; ``target`` may be "".
        place, date: where and when, as resolved ("Moscow", "2024-07-08"), or "".
        sentence_start, sentence_end: the sentence, ``text`` its wording.
        negated: the sentence negates the action ("did not condemn").
        modality: ``asserted`` (it happened or happens), ``future`` ("will
            visit", "is set to meet"), ``planned``/``hypothetical`` ("plans to",
            "might"), or ``reported`` (only someone's claim).
        actor_id, target_id: :class:`Entity` ids when the names resolved, else "".
    """

    article: str
    action: str
    verb: str
    actor: str
    target: str
    place: str
    date: str
    text: str
    sentence_start: int
    sentence_end: int
    negated: bool = False
    modality: Modality = Modality.ASSERTED
    actor_id: str = ""
    target_id: str = ""


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """Everything extracted from the articles of one story (or one article).

    ``quotes`` holds :class:`newsfuse.facts.quotes.Quote` records; entities
    are resolved across all the articles given, so one person is one entity.
    """

    articles: tuple[str, ...]
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    dates: tuple[DateMention, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass(frozen=True, slots=True)
class FactsDoc:
    """The ``facts --json`` document: :class:`StoryFacts` without the article list."""

    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    dates: tuple[DateMention, ...] = ()
    events: tuple[Event, ...] = ()

    @classmethod
    def of(cls, facts: StoryFacts) -> FactsDoc:
        return cls(facts.entities, facts.quotes, facts.claims, facts.dates, facts.events)
