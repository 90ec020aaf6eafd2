"""Quotes with their speakers: direct, partial and indirect speech.

Given an :class:`~newsfuse.model.Article` and a spaCy ``Doc`` of its text,
:func:`extract_quotes` returns :class:`Quote` records. Every offset indexes
``article.text``: ``article.text[q.start:q.end] == q.text``.

How it works (rules over the dependency parse; no trained attribution model):

1. **Quote marks.** Curly (“ ” „ « »), straight (") and typewriter ('')
   double quotes are paired within a paragraph (a straight-opened quote closes
   with the same mark, a curly one with a curly mark; the other style inside is
   an inner quotation); in paragraphs without double marks, British single
   quotes (‘…’) are paired, telling closing marks from apostrophes. A quote
   still open at the end of its paragraph runs to the paragraph end (news
   style for multi-paragraph quotes). The content is what lies between the
   marks, without a trailing comma.
2. **Frames.** A quote's frame is the sentence(s) around it (sentence bounds
   that fall inside a quote are ignored, so a multi-sentence quote is one
   unit). The cue in the frame outside any quote - a reporting verb from
   :data:`CUE_LEXICON` (by lemma, via the parse), or "according to" - whose
   clause contains the quote, else the nearest one, attributes the quote if
   its speaker can be found: its ``nsubj``; for "…, saying", "…and added",
   "before asking her", "declined to say" the subject of the governing verb;
   for inverted "…, said Petr Topychkanov" the name after the verb; for
   "according to X" the object of "to"; when the parse lost the subject next
   to the quote ("“…,” Tulsa police Chief Chuck Jordan said"), the name
   between the quote and the verb. A quote that opens its clause (nothing
   before it in the sentence, or a cue clause ending in ":" or ",") is
   ``direct``; one inside a clause ("Mr. Modi hasn't been “scared …,”
   Mr. Putin said") is ``partial``. Partial quotes need a verb of saying in
   their sentence, or a naming verb ("called it “…”") whose complement holds
   them; scare quotes and Title-Case names ("Morning Joe") are not reported.
   Also direct: "“…” ― Sonya Herridge" (a dash and a name after the quote)
   and transcript lines ("PENCE: Well, look, …": a known person's name, or an
   all-caps label that recurs, before a colon).
3. **Indirect speech.** A reporting verb outside quotes with a clausal
   complement (``ccomp``: "Kwatra said (that) …", "X told reporters that …",
   and the inverted "…, Kwatra said") or attached as ``parataxis`` to the
   clause it reports, "according to X", and verbs of asking and promising
   with an infinitive ("urged supporters to …", "called on Congress to …")
   give ``indirect`` quotes whose content is that clause. The clause around a
   partial quote is reported too (``QuoteConfig.clause_for_partial``).
4. **Neighbouring paragraphs.** A direct quote with no cue in its own
   sentence takes the speaker of: a cue clause ending in ":" at the end of the
   previous paragraph ("Caddell continued:"); the previous quote of the same
   paragraph ("“A,” he said. “B.”"); the next paragraph's quote when this one
   is left open (a multi-paragraph quote); a short attribution-only next
   paragraph ("says Mr. Trigunayat."); or, for a paragraph that is mostly the
   quote, the last attribution of the previous paragraph (the convention that
   an unattributed quote paragraph continues the previous speaker). A
   paragraph without quote marks after "X added:" is X's words.
5. **Speakers.** A registry of the article's PERSON names (spaCy NER) groups
   mentions by surname ("Mr. Saran" -> "Pankaj Saran"; "Bill"/"Hillary
   Clinton" stay apart by first name) and records each person's titles
   (pre-name modifiers, appositions: "Vinay Kwatra, permanent secretary to the
   Indian foreign ministry") and gender evidence (Mr./Mrs./Ms., a short list
   of first names, he/she in sentences that mention only that person). A bare
   surname means the person of that surname mentioned most often so far (of
   the gender an honorific asks for). Pronouns resolve to the nearest compatible antecedent outside quotes,
   looking back sentence by sentence and preferring, within a sentence, the
   speakers of earlier attributions, then persons in subject position, then
   other persons; "they" looks for plural speakers and subjects, "it" for
   organisations, and an unresolved "it" is dropped. "who"/"which" resolve to the noun the relative clause
   modifies. Definite role descriptions ("the former ambassador", "India's
   top diplomat") resolve to the latest person holding that title, else to
   the latest person speaker of the previous two sentences. A description
   sharing a proper name with an earlier speaker ("the Lowy report" after
   "an analyst at the Lowy Institute") takes that speaker. Anything else
   keeps its own noun phrase ("Indian officials", "the Kremlin").

``Quote.confidence`` is a product of how the attribution was found and how
the speaker was resolved (see ``_VIA_CONFIDENCE`` and ``_SPEAKER_CONFIDENCE``);
it is a ranking score, not a calibrated probability.

The end of this module scores the extractor against brat-annotated
attributions laid out like PolNeAR (:func:`evaluate_quotes`, metric
definitions in :data:`METRICS`); ``eval/quotes.py`` is its command line.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from ..model import Article, Paragraph, Span

if TYPE_CHECKING:
    from pathlib import Path

    from spacy.language import Language
    from spacy.tokens import Doc, Span as SpacySpan, Token

__all__ = [
    "Quote",
    "QuoteConfig",
    "QuoteExtractor",
    "extract_quotes",
    "CUE_LEXICON",
    "CUE_CATEGORIES",
    "GoldAttribution",
    "read_brat_attributions",
    "find_brat_pairs",
    "offset_map",
    "map_gold",
    "speaker_agrees",
    "score_article",
    "raw_article",
    "evaluate_quotes",
    "METRICS",
]

# --------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------

_SPEECH = """say tell add state note remark comment explain mention announce declare report reply
respond answer ask argue claim assert insist maintain contend warn urge caution stress emphasize
emphasise acknowledge admit concede confirm deny predict promise pledge vow recall recount
complain lament boast agree disagree reiterate repeat testify allege observe hint joke quip shout
yell chant whisper proclaim threaten demand recommend propose advise inform assure reassure
counter retort rebut object protest dispute question wonder speculate charge accuse affirm
exclaim implore plead remind tout signal point brief concur caution muse scoff grumble sing""".split()
_WRITTEN = "write post tweet retweet blog publish email text".split()
_NAMING = "call describe refer label dub brand term characterize characterise praise criticize criticise".split()
_DIRECTIVE_ONLY = "encourage invite instruct order beg press challenge".split()
_EVIDENTIAL = "find show reveal indicate suggest conclude estimate".split()
_COGNITIVE = "believe think feel hope fear expect worry doubt know reckon".split()

CUE_LEXICON: dict[str, str] = {}
"""Reporting-verb lemma -> category.

* ``speech``: verbs of saying ("said", "told", "added", "insisted", "warned", ...).
* ``written``: verbs of writing/posting ("wrote", "posted", "tweeted").
* ``naming``: verbs that take a quoted name or phrase ("called X “…”",
  "described it as “…”", "referring to Putin as “…”"); cues for quotes only.
* ``directive``: verbs that report a request only with an infinitive
  ("encouraged supporters to ...", "invited X to ..."); speech verbs such as
  "urge", "ask", "call on", "promise", "vow" take that form too.
* ``evidential``: documents and data reporting ("the study found that",
  "polls show"); cues for indirect speech only, lower confidence.
* ``cognitive``: belief verbs ("believes that"); off by default
  (``QuoteConfig.cognitive_cues``).

"point" counts only as "point out"; "refer" only as "refer to".
"""
for _cat, _words in (("directive", _DIRECTIVE_ONLY), ("cognitive", _COGNITIVE), ("evidential", _EVIDENTIAL), ("naming", _NAMING),
                     ("written", _WRITTEN), ("speech", _SPEECH)):
    for _w in _words:
        CUE_LEXICON[_w] = _cat
CUE_CATEGORIES = ("speech", "written", "naming", "directive", "evidential", "cognitive")

# Verb forms the tagger sometimes mislabels as nouns/adjectives after a quote.
_FORCED_CUE_FORMS = {"said": "say", "says": "say", "adds": "add", "added": "add", "told": "tell",
                     "wrote": "write", "writes": "write", "tweeted": "tweet", "posted": "post",
                     "noted": "note", "notes": "note", "stated": "state", "states": "state"}

_HONORIFICS = {
    "mr": "m", "mr.": "m", "mister": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
    "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "madam": "f", "dame": "f",
    "lady": "f", "queen": "f", "princess": "f",
}
_TITLE_WORDS = set(
    """dr dr. prof prof. sen sen. rep rep. gov gov. gen gen. lt lt. col col. capt capt. rev rev. hon hon.
    president vice senator governor representative congressman congresswoman secretary minister
    prime chancellor premier ambassador general judge justice mayor speaker chairman chairwoman
    director chief deputy sheriff officer sergeant professor doctor pope bishop cardinal rabbi
    imam father brother sister former then late candidate nominee leader spokesman spokeswoman
    democrat republican gop u.s. us""".split()
) | set(_HONORIFICS)

# Singular person-denoting head nouns for definite descriptions ("the former ambassador").
_ROLE_NOUNS = set(
    """official spokesman spokeswoman spokesperson minister secretary ambassador diplomat envoy
    president senator governor analyst expert researcher scholar professor economist candidate
    nominee director chairman chairwoman chair chief leader lawmaker legislator congressman
    congresswoman representative adviser advisor aide strategist pollster executive founder ceo
    author reporter journalist columnist writer lawyer attorney prosecutor judge justice general
    commander officer manager mayor premier chancellor king queen prince princess pope father
    mother wife husband son daughter brother sister woman man businessman businesswoman
    billionaire activist campaigner organizer organiser consultant operative staffer veteran
    politician democrat republican incumbent challenger host anchor commentator historian
    scientist physician doctor nurse witness victim owner resident student teacher pastor
    priest bishop rabbi imam head deputy premier tycoon mogul star actor actress singer""".split()
)

# Small, common first-name lists used only as one vote of gender evidence.
_MALE_NAMES = set(
    """james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
    brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron
    jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith
    roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy
    joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene
    russell bobby mason philip louis bill barack mike ted bernie newt rudy chris jeb marco rand
    tim vladimir boris emmanuel recep viktor sergei dmitry ivan mohammed muhammad ahmed ali omar
    hassan rahul amit raj""".split()
)
_FEMALE_NAMES = set(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela
    nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria
    heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith
    megan cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice
    jean alice madison doris abigail julia judy grace denise amber marilyn beverly danielle
    theresa sophia marie diana brittany natalie isabella charlotte rose alexis kayla hillary
    chelsea nikki loretta jill kamala condoleezza madeleine ursula sonia indira priyanka""".split()
)

_MALE_PRON = {"he", "him", "his", "himself"}
_FEMALE_PRON = {"she", "her", "hers", "herself"}
_PLURAL_PRON = {"they", "them", "their", "we", "us"}
_RELATIVE = {"who", "which", "that", "whom"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}

_PERSONAL_PRON = {"he", "she", "they", "it", "him", "her", "them", "i", "we", "you", "me", "us"}
# Core verbs of saying: a clause after them is reported even when parsed as ``advcl``.
_SAY_CORE = {"say", "tell", "add", "claim", "insist", "argue", "warn", "note", "explain", "state", "write"}
# Verbs of asking, urging and promising: they report speech with an infinitive too
# ("urged supporters to vote", "called on Congress to act", "promised to raise taxes").
_DIRECTIVE = set(
    """urge ask call tell warn advise demand implore plead promise pledge vow threaten encourage
    invite instruct order beg press challenge""".split()
)
# Verbs of saying with other common senses; they attribute only what sits in their complement.
_AMBIGUOUS = set(
    """maintain counter answer question signal charge point observe object protest dispute promise
    threaten demand recommend propose report state praise criticize criticise post text brief remind
    chant boast agree continue repeat tout hint joke muse""".split()
)
# Words that end a transcript-like "LABEL:" but are no speaker.
_NOT_LABELS = set(
    """note update editor correction watch read photo photos video source sources related breaking
    warning disclosure clarification q a claim fact verdict background transcript""".split()
)
_LABEL_RE = re.compile(r"[\"“”]?[ \t]*([A-Z][A-Za-z.'’\- ]{0,40}?)[ \t]*:[ \t]+(?=\S)")
_TITLE_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"}
_DASH_RE = re.compile(r"[ \t]*[―—–][ \t]*|[ \t]+-{1,2}[ \t]*")
_OPEN_MARKS = "“„«"
_CLOSE_MARKS = "”»"
_MARKS_RE = re.compile(r"''|[“”„«»\"]")
_SPACE_RE = re.compile(r"\s+")


# --------------------------------------------------------------------------
# Public records and configuration
# --------------------------------------------------------------------------


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
            ``according``, ``colon``, ``next-paragraph``, ``same-paragraph``,
            ``open-quote``, ``previous-paragraph``).
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
    kind: str
    confidence: float
    mention_start: int = -1
    mention_end: int = -1
    via: str = "frame"


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
    """

    indirect: bool = True
    evidential_cues: bool = True
    cognitive_cues: bool = False
    clause_for_partial: bool = True
    min_indirect_words: int = 3
    continue_previous_paragraph: bool = True
    keep_unresolved_pronouns: bool = True


_VIA_CONFIDENCE = {
    ("frame", "direct"): 0.95,
    ("frame", "partial"): 0.8,
    ("colon", "direct"): 0.85,
    ("colon-block", "direct"): 0.75,
    ("next-paragraph", "direct"): 0.75,
    ("same-paragraph", "direct"): 0.85,
    ("open-quote", "direct"): 0.8,
    ("transcript", "direct"): 0.9,
    ("dash", "direct"): 0.9,
    ("colon", "partial"): 0.7,
    ("dash", "partial"): 0.7,
    ("previous-paragraph", "direct"): 0.65,
    ("according", "indirect"): 0.8,
    ("indirect", "indirect"): 0.8,
}
_CATEGORY_FACTOR = {"speech": 1.0, "written": 1.0, "naming": 0.9, "directive": 0.9, "evidential": 0.8,
                    "cognitive": 0.7}
_SPEAKER_CONFIDENCE = {"name": 1.0, "phrase": 0.9, "pronoun": 0.9, "description": 0.85,
                       "relative": 0.95, "unresolved": 0.5}


# --------------------------------------------------------------------------
# Internal structures
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _QSpan:
    """A run of quoted text between marks (or up to a paragraph end)."""

    open: int  # offset of the opening mark
    close: int  # offset just past the closing mark (or paragraph end)
    start: int  # content start
    end: int  # content end
    para: int
    closed: bool
    direct: bool = False
    nested: bool = False  # inside a transcript line: its speaker is the line's
    attr: "_Attr | None" = None


@dataclass(slots=True)
class _Attr:
    kind: str
    start: int
    end: int
    via: str
    category: str = "speech"
    cue: "list[Token]" = field(default_factory=list)
    mention: "Token | None" = None
    quote: _QSpan | None = None
    parent: "_Attr | None" = None
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


@dataclass(slots=True)
class _Person:
    name: str
    surname: str
    first: str | None
    start: int
    end: int
    count: int = 0
    votes: dict[str, float] = field(default_factory=lambda: {"m": 0.0, "f": 0.0})
    titles: set[str] = field(default_factory=set)

    @property
    def gender(self) -> str | None:
        m, f = self.votes["m"], self.votes["f"]
        if m > f:
            return "m"
        if f > m:
            return "f"
        return None


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    person: _Person
    subject: bool


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


class QuoteExtractor:
    """Extract quotes from Articles; holds the caller's ``nlp`` and a config.

    Example:
        >>> from newsfuse.facts.nlp import load_nlp          # doctest: +SKIP
        >>> extractor = QuoteExtractor(load_nlp())           # doctest: +SKIP
        >>> quotes = extractor.extract(article)              # doctest: +SKIP
    """

    def __init__(self, nlp: "Language | None" = None, config: QuoteConfig = QuoteConfig()) -> None:
        self.nlp = nlp
        self.config = config

    def extract(self, article: Article, doc: "Doc | None" = None) -> list[Quote]:
        if doc is None:
            if self.nlp is None:
                raise ValueError("pass a spaCy Doc of article.text or give the extractor an nlp")
            doc = self.nlp(article.text)
        if doc.text != article.text:
            raise ValueError("the Doc was not made from article.text")
        return _Extraction(article, doc, self.config).run()

    def extract_many(self, articles: Sequence[Article], batch_size: int = 16) -> Iterator[list[Quote]]:
        """Quotes per article, in order; parses with ``nlp.pipe``."""
        if self.nlp is None:
            raise ValueError("extract_many needs an nlp")
        docs = self.nlp.pipe((a.text for a in articles), batch_size=batch_size)
        for article, doc in zip(articles, docs):
            yield _Extraction(article, doc, self.config).run()


def extract_quotes(
    article: Article,
    doc: "Doc | None" = None,
    *,
    nlp: "Language | None" = None,
    config: QuoteConfig = QuoteConfig(),
) -> list[Quote]:
    """Quotes of one article, sorted by position.

    Pass the ``Doc`` of ``article.text`` if you have one, else the ``nlp`` to
    make it (see :func:`newsfuse.facts.nlp.load_nlp`).
    """
    return QuoteExtractor(nlp, config).extract(article, doc)


# --------------------------------------------------------------------------
# The extraction of one article
# --------------------------------------------------------------------------


class _Extraction:
    def __init__(self, article: Article, doc: "Doc", config: QuoteConfig) -> None:
        self.article = article
        self.doc = doc
        self.text = article.text
        self.config = config
        paragraphs = [(p.start, p.end) for p in article.paragraphs] or [(0, len(self.text))]
        self.paragraphs = paragraphs
        self.para_starts = [p[0] for p in paragraphs]
        sentences = list(article.sentences) or [Span(s.start_char, s.end_char) for s in doc.sents]
        self.sent_starts = [s.start for s in sentences]
        self.sent_ends = sorted(s.end for s in sentences)
        self.quotes: list[_QSpan] = []
        self._quote_opens: list[int] = []
        self.attrs: list[_Attr] = []
        self.used_cues: set[int] = set()
        self.indirect_cats = {"speech", "written", "directive"}
        if config.evidential_cues:
            self.indirect_cats.add("evidential")
        if config.cognitive_cues:
            self.indirect_cats.add("cognitive")
        self.quote_cats = {"speech", "written", "naming"}

    # -- helpers over offsets ------------------------------------------------

    def para_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, offset) - 1)

    def sent_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, offset) - 1)

    def in_quote(self, offset: int) -> _QSpan | None:
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

    # -- main ----------------------------------------------------------------

    def run(self) -> list[Quote]:
        self.find_quote_spans()
        self._quote_opens = [q.open for q in self.quotes]
        self.people = _PeopleRegistry(self)
        self.find_transcript_lines()
        for q in self.quotes:
            if q.attr is None and not q.nested:
                self.attribute_in_frame(q)
        if self.config.indirect:
            self.find_indirect()
        self.attribute_leftovers()
        self.resolve_speakers()
        return self.records()

    # -- 1. quote marks ------------------------------------------------------

    def find_quote_spans(self) -> None:
        """Pair quote marks within each paragraph.

        A quote opened with a straight mark (``"``, or the typewriter pair
        ``''`` of some archives) closes with the same mark and one opened with a
        curly mark closes with a curly mark; marks of the other style inside are
        an inner quotation. A closing curly mark where nothing is open, at a word
        start, is taken as a mistyped opening mark.
        """
        text = self.text
        for pi, (pstart, pend) in enumerate(self.paragraphs):
            open_at: int | None = None
            open_len = 1
            straight = ""
            for m in _MARKS_RE.finditer(text, pstart, pend):
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
                        self._add_quote(open_at, pos + size, pi, True, open_len, size)
                        open_at = None
                    elif not straight and ch == '"' and not after.isalnum() and "”" not in text[pos + 1:pend]:
                        self._add_quote(open_at, pos + 1, pi, True, open_len, 1)  # “… " typed sloppily
                        open_at = None
                elif ch in _OPEN_MARKS:
                    if open_at is None:
                        open_at, open_len, straight = pos, size, ""
                    elif not straight:  # a new opening mark while open: the last one was never closed
                        self._add_quote(open_at, pos, pi, False, open_len, 0)
                        open_at, open_len = pos, size
                else:  # closing curly mark
                    if open_at is None:
                        if (before.isspace() or pos == pstart) and after.isalnum():
                            open_at, open_len, straight = pos, size, ""  # mistyped opening mark
                    elif not straight:
                        self._add_quote(open_at, pos + size, pi, True, open_len, size)
                        open_at = None
            if open_at is not None:
                self._add_quote(open_at, pend, pi, False, open_len, 0)
            if not _MARKS_RE.search(text, pstart, pend):
                self._single_quotes(pi, pstart, pend)
        self.quotes.sort(key=lambda q: q.open)

    def _single_quotes(self, pi: int, pstart: int, pend: int) -> None:
        """British style: ‘We will win,’ he said. Only in paragraphs without double marks.

        An opening ‘ starts a word; the closing ’ must end one and, to tell it from
        an apostrophe ("dogs’ owners", "don’t"), follow sentence punctuation
        ("…win,’"), precede punctuation ("‘crooked’."), or close a short phrase."""
        text = self.text
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
                self._add_quote(open_, pend, pi, False, 1, 0)
                return
            self._add_quote(open_, chosen + 1, pi, True, 1, 1)
            pos = chosen + 1

    def _add_quote(self, open_: int, close: int, para: int, closed: bool, open_len: int = 1,
                   close_len: int = 1) -> None:
        start = open_ + open_len
        end = close - close_len
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",;"):
            end -= 1
        if end - start < 2:
            return
        self.quotes.append(_QSpan(open_, close, start, end, para, closed))

    # -- transcripts: "PENCE: Well, look, ..." ---------------------------------

    def find_transcript_lines(self) -> None:
        found: list[tuple[int, re.Match]] = []
        for pi, (pstart, pend) in enumerate(self.paragraphs):
            m = _LABEL_RE.match(self.text, pstart, pend)
            if m is None or len(m.group(1).split()) > 4:
                continue
            found.append((pi, m))
        labels = Counter(_SPACE_RE.sub(" ", m.group(1)).lower() for _, m in found)
        caps_lines = sum(1 for _, m in found if m.group(1).isupper())
        for pi, m in found:
            label = m.group(1)
            words = label.replace("’", "'").split()
            key = words[-1].strip(".").lower()
            # an all-caps label that recurs, or sits among three or more all-caps labels (a transcript)
            repeated = label.isupper() and (labels[_SPACE_RE.sub(" ", label).lower()] >= 2 or caps_lines >= 3)
            known = self.people.by_name(key) is not None
            ents = [e for e in self.doc.ents if e.label_ == "PERSON" and e.start_char <= m.start(1) < e.end_char]
            if not (repeated or known or ents) or key in _NOT_LABELS:
                continue
            pstart, pend = self.paragraphs[pi]
            start, end = m.end(), pend
            q = self.in_quote(m.start(1))
            if q is None and m.start(1) > pstart:
                q = self.in_quote(pstart)
            while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in '"”'):
                end -= 1
            if q is not None and q.open <= pstart + 1:
                end = min(end, q.end) if q.closed else end
            if end - start < 3:
                continue
            label_tokens = list(self.tokens_between(m.start(1), m.end(1)))
            colon = self.token_at(self.text.find(":", m.end(1), m.end()))
            if not label_tokens or colon is None:
                continue
            attr = _Attr("direct", start, end, "transcript", "speech", [colon], label_tokens[-1])
            self.attrs.append(attr)
            for inner in self.quotes:
                if inner.para == pi and inner.open < end and start <= inner.close:
                    inner.nested = True
            if q is not None:
                q.attr = attr

    # -- 2. frames -------------------------------------------------------------

    def frame(self, q: _QSpan) -> tuple[int, int]:
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

    def attribute_in_frame(self, q: _QSpan) -> None:
        fstart, fend = self.frame(q)
        left = self.text[fstart:q.open].strip()
        q.direct = not left or (left.endswith((":", ",", "—", "–", "-")) and _starts_upper(self.text, q.start))
        if left and left[-1] in "“”\"'":  # right after another quote: "“A,” “B”"
            q.direct = True
        # "“…” ― Sonya Herridge"
        if q.direct:
            dash = self._dash_speaker(q)
            if dash is not None:
                self._attach(q, "dash", "speech", [dash[0]], dash[1])
                return
        best: tuple[tuple[int, float], list["Token"], "Token", str] | None = None
        first = self.token_at(q.start)
        for tok in self.tokens_between(fstart, fend):
            if q.open <= tok.idx < q.close or self.in_quote(tok.idx):
                continue
            found = self.cue_and_speaker(tok, self.quote_cats)
            if found is None:
                found = self._surface_cue(tok, q)
                if found is None:
                    continue
            cue_tokens, speaker, category = found
            if self.in_quote(speaker.idx):
                found = self._surface_cue(tok, q)
                if found is None:
                    continue
                cue_tokens, speaker, category = found
            if not q.direct and (self._is_title(q) or not self._governs_partial(tok, q, category)):
                continue
            dist = q.open - tok.idx if tok.idx < q.open else tok.idx - q.close
            if tok.idx < q.open and left.endswith((":", ",")):
                dist *= 0.5  # "X said: “…”" / "X stated, “…”"
            if category == "naming" and q.direct:
                dist += 1000  # naming verbs take phrases, not whole quotes
            # A cue whose clause holds the quote beats a nearer one that does not:
            # 'Russia insisted that Pyongyang "stop ..." ' / 'X accused Y of "…." Z said …'
            anchor = tok.head if tok.lower_ == "according" else tok
            governs = first is not None and anchor.left_edge.i <= first.i <= anchor.right_edge.i
            key = (0 if governs else 1, dist)
            if best is None or key < best[0]:
                best = (key, cue_tokens, speaker, category)
        if best is None and q.direct and left.endswith(":"):
            found = self._colon_speaker(fstart, q.open)
            if found is not None:
                self._attach(q, "colon", "speech", found[0], found[1])
            return
        if best is None:
            return
        _, cue_tokens, speaker, category = best
        self._attach(q, "frame", category, cue_tokens, speaker)

    def _attach(self, q: _QSpan, via: str, category: str, cue: "list[Token]", speaker: "Token") -> None:
        kind = "direct" if q.direct else "partial"
        attr = _Attr(kind, q.start, q.end, via, category, cue, speaker, quote=q)
        q.attr = attr
        self.attrs.append(attr)
        if via == "frame":
            self.used_cues.add(cue[0].i)

    def _is_title(self, q: _QSpan) -> bool:
        """A short quoted name in title case ("Morning Joe", "The Apprentice"): a
        title or a nickname, not words someone said."""
        words = self.text[q.start:q.end].strip(" .,!?").split()
        if not words or len(words) > 6:
            return False
        content = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
        return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content) and not (
            len(words) == 1 and words[0].isupper())

    def _governs_partial(self, cue: "Token", q: _QSpan, category: str) -> bool:
        """May this cue attribute a quoted fragment inside its sentence?

        Verbs of saying ("said", "told", "according to") may; naming verbs and
        verbs that have other senses ("maintain", "counter", "charge") only
        when the fragment lies in their own complement."""
        lemma = cue.lemma_.lower()
        if cue.lower_ == "according" or (category in ("speech", "written") and lemma not in _AMBIGUOUS):
            return True
        first = self.token_at(q.start)
        if first is None:
            return False
        for child in cue.children:
            if child.dep_ in ("ccomp", "dobj", "oprd", "xcomp", "prep", "attr", "advcl", "dative", "npadvmod") \
                    and child.left_edge.i <= first.i <= child.right_edge.i:
                return category != "speech" or child.dep_ == "ccomp"
        return False

    def _dash_speaker(self, q: _QSpan) -> tuple["Token", "Token"] | None:
        pend = self.paragraphs[q.para][1]
        m = _DASH_RE.match(self.text, q.close, pend)
        if m is None:
            return None
        dash = self.token_at(m.start() + len(m.group()) - len(m.group().lstrip()))
        name: list["Token"] = []
        for tok in self.tokens_between(m.end(), min(pend, m.end() + 80)):
            if tok.is_punct and tok.text != "." or tok.is_space:
                break
            if tok.text == ".":
                if name and len(name[-1].text) == 1:
                    continue
                break
            if not (tok.text[:1].isupper() or tok.ent_type_ == "PERSON"):
                break
            name.append(tok)
        if not name or dash is None:
            return None
        return dash, name[-1]

    def _colon_speaker(self, start: int, end: int) -> tuple[list["Token"], "Token"] | None:
        """Who speaks after "Caddell continued:" / "The New York Times reports:"."""
        tokens = [t for t in self.tokens_between(start, end) if not self.in_quote(t.idx)]
        for tok in reversed(tokens):
            found = self.cue_and_speaker(tok, set(CUE_CATEGORIES))
            if found is not None and not self.in_quote(found[1].idx):
                return found[0], found[1]
        for tok in reversed(tokens):
            if tok.pos_ in ("VERB", "AUX") or tok.lower_ in _FORCED_CUE_FORMS or tok.tag_ == "NNS":
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.lower_ not in _RELATIVE | {"this", "here", "there", "what", "it"}:
                    return [tok], subj
        # "The New York Times reports:" mis-tagged as a noun phrase
        if tokens and tokens[-1].text == ":" and len(tokens) >= 3:
            verbish = tokens[-2]
            if verbish.lower_.endswith("s") and CUE_LEXICON.get(verbish.lower_[:-1]) in ("speech", "written"):
                head = tokens[-3]
                if head.pos_ in ("PROPN", "NOUN"):
                    return [verbish], head
        return None

    def _surface_cue(self, tok: "Token", q: _QSpan) -> tuple[list["Token"], "Token", str] | None:
        """A reporting verb right after a quote whose subject the parse lost:
        "“…,” Tulsa police Chief Chuck Jordan said Monday" / "“…,” said X"."""
        category = self.cue_category(tok)
        if category not in ("speech", "written") or tok.idx < q.close:
            return None
        between = [t for t in self.tokens_between(q.close, tok.idx) if not t.is_space]
        if len(between) > 14:
            return None
        if between and not (len(between) == 1 and between[0].is_punct):
            people = [t for t in between if t.ent_type_ == "PERSON"]
            if people:
                return [tok], _entity_last(people[0]), category
            names = [t for t in between if t.pos_ in ("PROPN", "NOUN", "PRON") and not t.is_punct]
            if names and not any(t.pos_ in ("VERB", "AUX") for t in between if t not in names):
                return [tok], _before_comma(names, between), category
            return None
        after = []
        for t in self.tokens_between(tok.idx + len(tok.text), self.paragraphs[q.para][1]):
            if t.is_punct or len(after) >= 10:
                break
            after.append(t)
        people = [t for t in after if t.ent_type_ == "PERSON"]
        if people:
            return [tok], _entity_last(people[0]), category
        names = [t for t in after if t.pos_ in ("PROPN", "NOUN")]
        if names:
            return [tok], names[-1], category
        return None

    # -- cue verbs and their speakers ----------------------------------------

    def cue_category(self, tok: "Token") -> str | None:
        lemma = tok.lemma_.lower()
        category = CUE_LEXICON.get(lemma) if (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) else None
        if category is None and tok.lower_ in _FORCED_CUE_FORMS:
            lemma = _FORCED_CUE_FORMS[tok.lower_]
            category = CUE_LEXICON.get(lemma)
        if category is None:
            return None
        if lemma == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
            return None
        if lemma == "refer" and not any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
            return None
        if tok.tag_ == "VBN" and (any(c.dep_ in ("auxpass",) for c in tok.children)
                                  or (tok.dep_ in ("acl", "advcl", "amod")
                                      and not any(c.dep_ in ("aux", "nsubj") for c in tok.children))):
            return None  # "was called", "nationals, said to have been", "the so-called"
        if any(c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
               and not any(a.dep_ in ("nsubj", "nsubjpass") for a in c.children) for c in tok.children) \
                and lemma in ("say", "report", "claim", "allege"):
            return None  # "nationals, said to have been duped": hearsay, no speaker
        return category

    def cue_and_speaker(self, tok: "Token", cats: set[str]) -> tuple[list["Token"], "Token", str] | None:
        """If ``tok`` is a cue, its tokens, the speaker's head token and its category."""
        if tok.lower_ == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to":
            to = self.doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"] + [c for c in tok.children if c.dep_ == "pobj"]
            if not objs:
                return None
            return [tok, to], objs[0], "speech"
        category = self.cue_category(tok)
        if category is None or category not in cats:
            return None
        speaker = _subject_of(tok)
        if speaker is None or (speaker.pos_ in ("NUM", "PUNCT", "DET", "ADV") and speaker.lower_ not in ("this", "that")):
            return None
        if speaker.lower_ in ("there", "here", "what") or speaker.is_punct:
            return None
        if speaker.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X") and speaker.lower_ not in ("this", "that"):
            return None  # "'s", adjectives: a broken parse
        if speaker.i < tok.i and any(t.text == ":" for t in self.doc[speaker.i + 1: tok.i]):
            # "The Latest: Trump urges ..." - the subject the parse gave sits across a colon
            colon = max(t.i for t in self.doc[speaker.i + 1: tok.i] if t.text == ":")
            nominals = [t for t in self.doc[colon + 1: tok.i] if t.pos_ in ("PROPN", "NOUN", "PRON")]
            if not nominals or tok.i - colon > 6:
                return None
            speaker = nominals[-1]
        cue = [tok] + [c for c in tok.children if c.dep_ == "prt"]
        return sorted(cue, key=lambda t: t.i), speaker, category

    # -- 3. indirect speech ----------------------------------------------------

    def find_indirect(self) -> None:
        for tok in self.doc:
            if tok.i in self.used_cues and not self.config.clause_for_partial:
                continue
            if self.in_quote(tok.idx):
                continue
            found = self.cue_and_speaker(tok, self.indirect_cats)
            if found is None:
                continue
            cue_tokens, speaker, category = found
            if self.in_quote(speaker.idx):
                continue
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and category != "speech":
                continue  # "a way for Russia to show that ..." states an aim, not a report
            via = "indirect"
            exclude: set[int] = set()
            if tok.lower_ == "according":
                via = "according"
                root = tok.head
                hops = 0
                while root.pos_ not in ("VERB", "AUX") and root.head is not root and hops < 4:
                    root = root.head
                    hops += 1
                exclude = {t.i for t in tok.subtree}
            else:
                comps = [c for c in tok.children if c.dep_ == "ccomp"]
                lemma = tok.lemma_.lower()
                xcomps = [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i
                          and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
                if not comps and xcomps and (lemma in _DIRECTIVE or category == "directive"):
                    # "urged supporters to monitor polling places", "promised to raise taxes"
                    x = xcomps[0]
                    objs = [c for c in tok.children if c.dep_ in ("dobj", "dative") and tok.i < c.i < x.i]
                    ons = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "on" and tok.i < c.i < x.i]
                    first = objs[0].left_edge if objs else (ons[0].left_edge.nbor(1) if ons else x.left_edge)
                    tokens = [t for t in self.doc[first.i: x.right_edge.i + 1]]
                    content = self._content_span(tokens)
                    if content is not None and self.para_of(content[0]) == self.para_of(tok.idx) \
                            and not self.in_quote(content[0]):
                        self.attrs.append(_Attr("indirect", content[0], content[1], via, category, cue_tokens, speaker))
                        self.used_cues.add(tok.i)
                    continue
                if not comps and lemma in _SAY_CORE:
                    # "Trump said after the convention he would not ..." parsed as advcl
                    comps = [c for c in tok.children if c.dep_ == "advcl" and c.i > tok.i
                             and any(a.dep_ == "nsubj" for a in c.children)
                             and not any(a.dep_ == "mark" for a in c.children)
                             and c.left_edge.i - tok.i <= 4]
                if comps:
                    root = max(comps, key=lambda c: len(list(c.subtree)))
                elif tok.dep_ == "parataxis" or (tok.dep_ == "ccomp" and tok.i > tok.head.i
                                                   and tok.head.pos_ in ("VERB", "AUX")
                                                   and self.cue_category(tok.head) is None):
                    root = tok.head
                    exclude = {t.i for t in tok.subtree}
                else:
                    continue
                if tok.lemma_.lower() in _AMBIGUOUS and not any(c.dep_ == "mark" for c in root.children):
                    continue  # "maintain that ..." yes, "maintain ties" no
                if comps and root.i < tok.i and not any(
                    t.text in ",—–:" or t.is_quote for t in self.doc[root.right_edge.i: min(tok.i, speaker.i)]
                ):
                    continue  # a clause before the verb is reported only in "…, X said"
            tokens = [t for t in root.subtree if t.i not in exclude and t.i != tok.i]
            content = self._content_span(tokens)
            if content is None:
                continue
            cstart, cend = content
            if self.para_of(cstart) != self.para_of(tok.idx):
                continue
            inside = self.in_quote(cstart)
            if inside is not None and inside.close >= cend:
                continue  # the clause is a quote ("“…,” he said") or inside one
            covered = [q for q in self.quotes if q.start < cend and cstart < q.end]
            if tok.i in self.used_cues:
                if not any(q.attr is not None and q.attr.kind == "partial" and q.attr.cue
                           and q.attr.cue[0].i == tok.i for q in covered):
                    continue
            elif any(q.attr is not None and q.attr.kind == "direct" for q in covered):
                continue
            if sum(1 for t in tokens if t.is_alpha) < self.config.min_indirect_words:
                continue
            for q in covered:  # a quote left unattributed inside this clause belongs to this cue
                if q.attr is None and not q.nested and q.start >= cstart and q.end <= cend:
                    self._attach(q, "frame", category, cue_tokens, speaker)
            self.attrs.append(_Attr("indirect", cstart, cend, via, category, cue_tokens, speaker))
            self.used_cues.add(tok.i)

    def _content_span(self, tokens: "list[Token]") -> tuple[int, int] | None:
        tokens = sorted(tokens, key=lambda t: t.i)
        while tokens and (tokens[0].is_punct or tokens[0].is_space) and tokens[0].text not in _OPEN_MARKS + '"':
            tokens.pop(0)
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text not in _CLOSE_MARKS + '"':
            tokens.pop()
        if not tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        end = min(end, self.paragraphs[self.para_of(start)][1])
        while end > start and self.text[end - 1] in ",;:":
            end -= 1
        return (start, end) if end > start else None

    # -- 4. neighbouring paragraphs -----------------------------------------------

    def attribute_leftovers(self) -> None:
        orphans = self._orphan_cues()
        for q in self.quotes:
            if q.attr is not None or not q.direct or q.nested:
                continue
            pstart, pend = self.paragraphs[q.para]
            if q.para > 0 and not self.text[pstart:q.open].strip():
                prev_start, prev_end = self.paragraphs[q.para - 1]
                if self.text[prev_start:prev_end].rstrip().endswith(":"):
                    found = self._colon_speaker(prev_start, prev_end)
                    if found is not None:
                        self._attach(q, "colon", "speech", found[0], found[1])
                        continue
        self._orphans = orphans
        self._colon_blocks()
        changed = True
        while changed:
            changed = False
            for i, q in enumerate(self.quotes):
                if q.attr is not None or not q.direct or q.nested:
                    continue
                parent, via = self._continued_from(i)
                if parent is not None and not via:  # a new attribution of its own
                    q.attr = parent
                    self.attrs.append(parent)
                    changed = True
                elif parent is not None:
                    attr = _Attr("direct", q.start, q.end, via, parent.category, [], None, quote=q, parent=parent)
                    q.attr = attr
                    self.attrs.append(attr)
                    changed = True

    def _colon_blocks(self) -> None:
        """A paragraph ending in "X added:" / "he wrote:" followed by a paragraph without
        quote marks: that paragraph is X's words (a block quotation)."""
        attributed = {a.start for a in self.attrs}
        for pi in range(len(self.paragraphs) - 1):
            pstart, pend = self.paragraphs[pi]
            if not self.text[pstart:pend].rstrip().endswith(":"):
                continue
            nstart, nend = self.paragraphs[pi + 1]
            if any(q.para == pi + 1 for q in self.quotes) or nstart in attributed:
                continue
            if len(self.text[nstart:nend].split()) < 5:
                continue
            colon = self.token_at(self.text.rindex(":", pstart, pend))
            if colon is None or colon.i == 0:
                continue
            cue = colon.doc[colon.i - 1]
            while cue.i > 0 and (cue.pos_ in ("ADV", "ADP", "DET", "NOUN", "PROPN", "NUM") or cue.is_punct) \
                    and colon.i - cue.i < 6 and self.cue_category(cue) is None:
                cue = cue.doc[cue.i - 1]
            found = self.cue_and_speaker(cue, {"speech", "written"})
            if found is None or self.in_quote(found[1].idx):
                continue
            self.attrs.append(_Attr("direct", nstart, nend, "colon-block", found[2], found[0], found[1]))
            self.used_cues.add(cue.i)

    def _continued_from(self, i: int) -> tuple[_Attr | None, str]:
        q = self.quotes[i]
        pstart, pend = self.paragraphs[q.para]
        if self.text[self.frame(q)[0]:q.open].strip():
            return None, ""
        for j in range(i - 1, -1, -1):  # "“A,” he said. “B.”"
            p = self.quotes[j]
            if p.para != q.para:
                break
            if p.nested:
                continue
            if p.attr is not None and p.attr.kind == "direct":
                return p.attr, "same-paragraph"
            break
        if not q.closed and i + 1 < len(self.quotes):  # a quote left open continues in the next paragraph
            n = self.quotes[i + 1]
            if n.para == q.para + 1 and not self.text[self.paragraphs[n.para][0]:n.open].strip() and n.attr is not None:
                return n.attr, "open-quote"
        if self._mostly_quote(q.para) and q.para + 1 < len(self.paragraphs):
            # a quote paragraph followed by an attribution-only line: "says Mr. Trigunayat."
            nstart, nend = self.paragraphs[q.para + 1]
            if len(self.text[nstart:nend].split()) <= 8:
                for cue, speaker, category in self._orphans.get(q.para + 1, []):
                    first = self.token_at(nstart)
                    if first is not None and (first.i == cue[0].i or first.i == _np_bounds(speaker)[0]):
                        attr = _Attr("direct", q.start, q.end, "next-paragraph", category, cue, speaker, quote=q)
                        self.used_cues.add(cue[0].i)
                        return attr, ""
        if self.config.continue_previous_paragraph and q.open == pstart and self._mostly_quote(q.para) and q.para > 0:
            prev_start, prev_end = self.paragraphs[q.para - 1]
            candidates = [a for a in self.attrs if prev_start <= a.start < prev_end and a.kind != "partial"
                          and (a.quote is None or a.quote.para == q.para - 1)]
            if candidates:
                return max(candidates, key=lambda a: a.end), "previous-paragraph"
        return None, ""

    def _mostly_quote(self, para: int) -> bool:
        pstart, pend = self.paragraphs[para]
        total = len(self.text[pstart:pend].strip())
        quoted = sum(q.close - q.open for q in self.quotes if q.para == para and not q.nested)
        return total > 0 and quoted >= 0.6 * total

    def _orphan_cues(self) -> dict[int, list[tuple[list["Token"], "Token", str]]]:
        """Cues with a speaker but nothing reported, by paragraph ("says Mr. Trigunayat.")."""
        out: dict[int, list] = {}
        for tok in self.doc:
            if tok.i in self.used_cues or self.in_quote(tok.idx):
                continue
            found = self.cue_and_speaker(tok, {"speech", "written"})
            if found is None or any(c.dep_ == "ccomp" for c in tok.children):
                continue
            out.setdefault(self.para_of(tok.idx), []).append(found)
        return out

    # -- 5. speakers ---------------------------------------------------------

    def resolve_speakers(self) -> None:
        self.attrs.sort(key=lambda a: (a.cue_pos, a.start))
        for attr in self.attrs:
            if attr.parent is None:
                self.people.resolve(attr, self.attrs)
        for attr in self.attrs:
            root = attr
            hops = 0
            while root.parent is not None and hops < 50:
                root = root.parent
                hops += 1
            if root is not attr:
                attr.speaker, attr.speaker_span = root.speaker, root.speaker_span
                attr.mention_span, attr.speaker_how = root.mention_span, root.speaker_how
                attr.cue, attr.category = root.cue, root.category

    def records(self) -> list[Quote]:
        out: dict[tuple[int, int], Quote] = {}
        for attr in self.attrs:
            if not attr.speaker or not attr.cue:
                continue
            if attr.speaker_how == "unresolved" and (
                not self.config.keep_unresolved_pronouns or attr.speaker.lower() == "it"
            ):
                continue
            base = _VIA_CONFIDENCE.get((attr.via, attr.kind), 0.7)
            conf = base * _CATEGORY_FACTOR.get(attr.category, 0.8) * _SPEAKER_CONFIDENCE.get(attr.speaker_how, 0.8)
            cue_start = attr.cue[0].idx
            cue_end = attr.cue[-1].idx + len(attr.cue[-1].text)
            quote = Quote(
                article=self.article.id,
                speaker=attr.speaker,
                speaker_start=attr.speaker_span[0],
                speaker_end=attr.speaker_span[1],
                cue=_SPACE_RE.sub(" ", self.text[cue_start:cue_end]),
                cue_start=cue_start,
                cue_end=cue_end,
                text=self.text[attr.start:attr.end],
                start=attr.start,
                end=attr.end,
                kind=attr.kind,
                confidence=round(conf, 3),
                mention_start=attr.mention_span[0],
                mention_end=attr.mention_span[1],
                via=attr.via,
            )
            key = (attr.start, attr.end)
            if key not in out or out[key].confidence < quote.confidence:
                out[key] = quote
        return sorted(out.values(), key=lambda q: (q.start, q.end))


# --------------------------------------------------------------------------
# Syntax helpers
# --------------------------------------------------------------------------


def _starts_upper(text: str, offset: int) -> bool:
    while offset < len(text) and not text[offset].isalnum():
        offset += 1
    return offset < len(text) and (text[offset].isupper() or text[offset].isdigit())


def _entity_last(tok: "Token") -> "Token":
    """The last token of the entity ``tok`` belongs to."""
    doc = tok.doc
    i = tok.i
    while i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
        i += 1
    return doc[i]


def _before_comma(names: "list[Token]", between: "list[Token]") -> "Token":
    """In "Kwatra, the foreign secretary," the name before the first comma."""
    comma = next((t.i for t in between if t.text == ","), None)
    if comma is not None:
        before = [t for t in names if t.i < comma]
        if before:
            return before[-1]
    return names[-1]


def _subject_of(verb: "Token", depth: int = 0) -> "Token | None":
    """The speaker of a reporting verb: its subject, or that of the verb it hangs on."""
    if depth > 4:
        return None
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
    if depth > 0:
        for c in verb.children:
            if c.dep_ == "nsubjpass":  # "X was quoted as saying"
                return c
    dep = verb.dep_
    head = verb.head
    if head is not verb:
        if dep == "conj" and head.pos_ in ("VERB", "AUX"):
            return _subject_of(head, depth + 1)
        if verb.tag_ == "VBG" and dep in ("advcl", "xcomp", "ccomp", "conj", "pcomp"):
            # "…, saying", "before asking her"
            up = head
            if dep == "pcomp" and up.dep_ == "prep":
                up = up.head
            if up.pos_ in ("VERB", "AUX"):
                return _subject_of(up, depth + 1)
        if dep == "xcomp":
            return _subject_of(head, depth + 1)  # "declined to say", "went on to say"
        if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            return head  # "officials who said", "a statement saying"
    # Inverted order: "…,” said Petr Topychkanov" / "says Mr. Trigunayat".
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None
    if prev is not None and (prev.is_punct or prev.is_quote):
        for c in verb.rights:
            if c.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dative", "nsubj", "appos") and (
                c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "NORP")
            ):
                return c
    return None


def _np_bounds(head: "Token") -> tuple[int, int]:
    """Token range [i, j) of the noun phrase headed by ``head``, without relative
    clauses and appositions (but always with the whole name the head is part of)."""
    left = head.left_edge.i
    right = head.i
    for c in head.rights:
        if c.dep_ in ("relcl", "acl", "appos", "punct", "advcl", "parataxis", "ccomp"):
            break
        right = max(right, c.right_edge.i)
    doc = head.doc
    if head.ent_type_:
        i = head.i
        while i > 0 and doc[i].ent_iob_ == "I":
            i -= 1
        left = min(left, i)
        right = max(right, _entity_last(head).i)
    for k in range(head.i + 1, right + 1):  # never run into a quotation
        if doc[k].is_quote:
            right = k - 1
            break
    for k in range(head.i - 1, left - 1, -1):
        if doc[k].is_quote:
            left = k + 1
            break
    while left < head.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > head.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return left, right + 1


def _char_bounds(doc: "Doc", i: int, j: int) -> tuple[int, int]:
    return doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)


def _clean_phrase(doc: "Doc", i: int, j: int) -> str:
    toks = list(doc[i:j])
    while toks and toks[0].lower_ in ("the", "a", "an", "this", "that", "these", "those"):
        toks = toks[1:]
    while toks and toks[-1].lower_ in ("'s", "’s", "'", "’"):
        toks = toks[:-1]
    if not toks:
        return ""
    text = doc.text[toks[0].idx: toks[-1].idx + len(toks[-1].text)]
    text = _SPACE_RE.sub(" ", text).strip()
    if text.isupper() and len(text) > 3:  # transcript labels: "WALLACE" -> "Wallace"
        text = text.title()
    return text


# --------------------------------------------------------------------------
# People: names, titles, gender, and speaker resolution
# --------------------------------------------------------------------------


class _PeopleRegistry:
    def __init__(self, ex: _Extraction) -> None:
        self.ex = ex
        self.doc = ex.doc
        self.people: list[_Person] = []
        self.mentions: list[_Mention] = []
        self.by_token: dict[int, _Person] = {}
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                self._add(ent)
        self.mentions.sort(key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self._pronoun_votes()

    # -- building ------------------------------------------------------------

    def _name_tokens(self, ent: "SpacySpan") -> list["Token"]:
        toks = [t for t in ent if not t.is_space]
        cuts = [i for i, t in enumerate(toks) if t.text in (":", ";", "|", "(", ")", "“", "”", '"')]
        if cuts:  # "RAMOS: Secretary Clinton" is two mentions, keep the name after the break
            toks = toks[cuts[-1] + 1:]
        while toks and (toks[0].lower_ in _TITLE_WORDS or toks[0].is_punct):
            toks = toks[1:]
        while toks and (toks[-1].lower_ in ("'s", "’s", "'", "’") or toks[-1].is_punct):
            toks = toks[:-1]
        return toks

    def _add(self, ent: "SpacySpan") -> None:
        toks = self._name_tokens(ent)
        if not toks or not toks[-1].is_alpha or toks[-1].is_lower:
            return
        surname = toks[-1].lower_
        first = toks[0].lower_ if len(toks) > 1 else None
        name = _SPACE_RE.sub(" ", self.doc.text[toks[0].idx: toks[-1].idx + len(toks[-1].text)])
        if name.isupper() and len(name) > 3:
            name = name.title()
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        before = self.doc[toks[0].i - 1] if toks[0].i > 0 else None
        honorific = _HONORIFICS.get(before.lower_) if before is not None else None
        person = None
        if first is not None:
            for p in reversed(self.people):
                if p.surname == surname and (p.first is None or p.first == first):
                    person = p
                    if p.first is None:  # "Kwatra" first, "Vinay Kwatra" later
                        p.first, p.name, p.start, p.end = first, name, start, end
                    break
        else:
            person = self.lookup(surname, start, honorific) or self._by_first(surname)
        if person is None:
            person = _Person(name, surname, first, start, end)
            self.people.append(person)
        person.count += 1
        if honorific:
            person.votes[honorific] += 3
        if first in _MALE_NAMES:
            person.votes["m"] += 2
        if first in _FEMALE_NAMES:
            person.votes["f"] += 2
        root = ent.root
        # Titles: pre-name modifiers ("former Indian Foreign Secretary Kanwal Sibal"),
        # appositions ("Vinay Kwatra, permanent secretary to ..."), and the role noun a
        # name is in apposition to ("the foreign secretary, Vinay Kwatra").
        for t in self.doc[root.left_edge.i: toks[0].i]:
            if t.pos_ in ("NOUN", "PROPN"):
                person.titles.add(t.lemma_.lower())
        for c in root.children:
            if c.dep_ == "appos":
                person.titles.update(t.lemma_.lower() for t in c.subtree if t.pos_ in ("NOUN", "PROPN"))
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            person.titles.add(root.head.lemma_.lower())
        for t in toks:
            self.by_token[t.i] = person
        if not self.ex.in_quote(ent.start_char):
            self.mentions.append(_Mention(ent.start_char, ent.end_char, person, root.dep_ in _SUBJECT_DEPS))

    def _by_first(self, token: str) -> _Person | None:
        for p in reversed(self.people):
            if p.first == token:
                return p
        return None

    def by_name(self, word: str) -> _Person | None:
        """A person known by this surname (or, failing that, first name)."""
        return self.lookup(word, len(self.ex.text)) or self._by_first(word)

    def lookup(self, surname: str, before: int, gender: str | None = None) -> _Person | None:
        """The person a bare surname means: among people with that surname, the one of
        compatible gender mentioned most often so far, the latest on a tie."""
        candidates = [p for p in self.people if p.surname == surname]
        if gender is not None:
            compatible = [p for p in candidates if p.gender in (None, gender)]
            candidates = compatible or candidates
        if not candidates:
            return None
        earlier = [p for p in candidates if p.start <= before] or candidates
        return max(earlier, key=lambda p: (p.count, p.start))

    def _pronoun_votes(self) -> None:
        """he/she in a sentence that mentions exactly one person vote for their gender."""
        ex = self.ex
        by_sent: dict[int, set[int]] = {}
        for m in self.mentions:
            by_sent.setdefault(ex.sent_of(m.start), set()).add(id(m.person))
        persons = {id(p): p for p in self.people}
        for tok in self.doc:
            low = tok.lower_
            if low not in ("he", "she", "his", "her", "him") or ex.in_quote(tok.idx):
                continue
            ids = by_sent.get(ex.sent_of(tok.idx))
            if ids and len(ids) == 1:
                persons[next(iter(ids))].votes["m" if low in _MALE_PRON else "f"] += 1

    # -- resolving one attribution -----------------------------------------------

    def resolve(self, attr: _Attr, attrs: list[_Attr]) -> None:
        head = attr.mention
        if head is None:
            return
        doc = self.doc
        i, j = _np_bounds(head)
        attr.mention_span = _char_bounds(doc, i, j)
        attr.speaker_span = attr.mention_span
        low = head.lower_
        attr.plural = head.tag_ in ("NNS", "NNPS") or low in _PLURAL_PRON
        if low in _RELATIVE and head.tag_ in ("WP", "WDT", "WP$"):  # "officials who said"
            verb = head.head
            antecedent = verb.head if verb.dep_ == "relcl" else None
            if antecedent is not None and antecedent is not head:
                self._from_token(attr, antecedent, how="relative")
                return
        if low in _PERSONAL_PRON:
            self._pronoun(attr, head, attrs)
            return
        self._from_token(attr, head, how=None, attrs=attrs)

    def _person_for(self, tok: "Token") -> _Person | None:
        person = self.by_token.get(tok.i)
        if person is None and tok.pos_ in ("PROPN", "NOUN") and tok.is_alpha and tok.text[:1].isupper():
            prev = tok.doc[tok.i - 1] if tok.i > 0 else None
            gender = _HONORIFICS.get(prev.lower_) if prev is not None else None
            person = self.lookup(tok.lower_, tok.idx, gender)
        return person

    def _from_token(self, attr: _Attr, head: "Token", how: str | None, attrs: list[_Attr] | None = None) -> None:
        doc = self.doc
        i, j = _np_bounds(head)
        person = self._person_for(head)
        if person is None:
            for c in head.children:  # "the foreign secretary, Vinay Kwatra"
                if c.dep_ == "appos":
                    person = self._person_for(c)
                    if person is not None:
                        break
        if how is None and person is None and attrs is not None:
            if self._description(attr, head, i, j, attrs):
                return
        if person is not None:
            attr.speaker = person.name
            attr.speaker_span = _char_bounds(doc, i, j)
            attr.speaker_how = how or "name"
            attr.is_person, attr.gender = True, person.gender
            return
        attr.speaker = _clean_phrase(doc, i, j) or head.text
        attr.speaker_span = _char_bounds(doc, i, j)
        attr.speaker_how = how or "phrase"
        attr.plural = head.tag_ in ("NNS", "NNPS")

    def _description(self, attr: _Attr, head: "Token", i: int, j: int, attrs: list[_Attr]) -> bool:
        """Definite role descriptions and metonyms that point back to an earlier speaker."""
        doc = self.doc
        pos = head.idx
        lemma = head.lemma_.lower()
        definite = doc[i].lower_ in ("the", "this", "that") or any(t.dep_ == "poss" for t in head.children)
        # "the Lowy report": a proper name shared with an earlier speaker's phrase
        names = {t.lower_ for t in doc[i:j] if t.pos_ == "PROPN" and t.i != head.i}
        if definite and names and head.pos_ == "NOUN" and lemma not in _ROLE_NOUNS:
            for prior in reversed([a for a in attrs if a.cue_pos < pos and a.speaker and a.mention_span[0] >= 0]):
                words = {t.lower_ for t in self.ex.tokens_between(*prior.mention_span)}
                if names & words:
                    self._copy(attr, prior, "description")
                    return True
        if not definite or lemma not in _ROLE_NOUNS or head.tag_ in ("NNS", "NNPS"):
            return False
        best: _Mention | None = None  # the latest person holding that title
        for m in self.mentions:
            if m.start >= pos:
                break
            if lemma in m.person.titles:
                best = m
        if best is not None:
            p = best.person
            attr.speaker, attr.speaker_span = p.name, (best.start, best.end)
            attr.speaker_how, attr.is_person, attr.gender = "description", True, p.gender
            return True
        sent = self.ex.sent_of(pos)  # else the latest person speaker of the last two sentences
        for prior in reversed([a for a in attrs if a.cue_pos < pos and a.speaker and a.is_person]):
            if sent - self.ex.sent_of(prior.cue_pos) <= 2:
                self._copy(attr, prior, "description")
                return True
            break
        return False

    def _copy(self, attr: _Attr, prior: _Attr, how: str) -> None:
        attr.speaker, attr.speaker_span = prior.speaker, prior.speaker_span
        attr.speaker_how, attr.is_person, attr.gender = how, prior.is_person, prior.gender
        attr.plural = prior.plural

    def _pronoun(self, attr: _Attr, head: "Token", attrs: list[_Attr]) -> None:
        low = head.lower_
        attr.speaker, attr.speaker_how = head.text, "unresolved"
        if low in ("i", "we", "you", "me", "us"):
            return
        gender = "m" if low in _MALE_PRON else "f" if low in _FEMALE_PRON else None
        plural = low in _PLURAL_PRON
        neuter = low == "it"
        pos = head.idx
        ex = self.ex
        sent = ex.sent_of(pos)
        para = ex.para_of(pos)
        prior_attrs = [a for a in attrs if a.cue_pos < pos and a.speaker and a.speaker_how != "unresolved"
                       and 0 <= a.mention_span[0] < pos]
        for s in range(sent, max(-1, sent - 6), -1):
            if s < len(ex.sent_starts) and para - ex.para_of(ex.sent_starts[s]) > 3:
                break
            for a in reversed([a for a in prior_attrs if ex.sent_of(a.cue_pos) == s]):
                if plural or neuter:
                    if (plural and a.plural) or (neuter and not a.is_person and not a.plural):
                        self._copy(attr, a, "pronoun")
                        return
                elif a.is_person and (gender is None or a.gender in (None, gender)):
                    self._copy(attr, a, "pronoun")
                    return
            if plural or neuter:
                found = self._group_subject(s, pos, plural)
                if found is not None:
                    self._from_token(attr, found, how="pronoun")
                    return
                continue
            in_sent = [m for m in self._mentions_in_sentence(s) if m.start < pos]
            ordered = [m for m in in_sent if m.subject] + [m for m in reversed(in_sent) if not m.subject]
            for m in ordered:
                if gender is None or m.person.gender in (None, gender):
                    p = m.person
                    attr.speaker, attr.speaker_span = p.name, (m.start, m.end)
                    attr.speaker_how, attr.is_person, attr.gender = "pronoun", True, p.gender
                    return

    def _group_subject(self, s: int, before: int, plural: bool) -> "Token | None":
        """A plural noun subject ("US prosecutors") or organisation subject of sentence ``s``."""
        ex = self.ex
        start = ex.sent_starts[s] if s < len(ex.sent_starts) else 0
        for tok in reversed(list(ex.tokens_between(start, before))):
            if tok.dep_ not in _SUBJECT_DEPS or ex.in_quote(tok.idx):
                continue
            if plural and (tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)):
                return tok
            if not plural and tok.ent_type_ in ("ORG", "GPE", "NORP") and tok.tag_ not in ("NNS", "NNPS"):
                return tok
        return None

    def _mentions_in_sentence(self, s: int) -> list[_Mention]:
        ex = self.ex
        start = ex.sent_starts[s] if s < len(ex.sent_starts) else 0
        end = ex.sent_starts[s + 1] if s + 1 < len(ex.sent_starts) else len(ex.text)
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        return self.mentions[lo:hi]


# --------------------------------------------------------------------------
# Evaluation on brat stand-off attributions (PolNeAR layout)
# --------------------------------------------------------------------------

_EVAL_DOC = """Scoring of predicted quotes against gold attributions.

Gold: every ``E`` line of type ``Attribution`` or ``Attribution-no-source``
(its ``Content`` fragments, ``Source`` fragments, ``Cue``). Offsets are mapped
from the raw text to ``Article.text``; a gold span the cleaner dropped entirely
(e.g. the headline) stays in the gold set and counts as missed.

A predicted quote *matches* a gold attribution when its ``[start, end)``
overlaps one of the gold Content fragments by at least one character. When
several gold attributions overlap a prediction (nested attributions), the
prediction is paired with the one whose source it gets right, else with the
largest overlap.

* content overlap P/R/F1: P = predictions matching some gold attribution /
  predictions; R = gold attributions matched by some prediction / gold.
* content exact P/R/F1: as above, but the prediction's text must equal a gold
  Content fragment, or the whole gold Content, after stripping whitespace,
  quote marks and outer punctuation (.,;:!?) from both ends.
* speaker P/R/F1 (the headline ``precision``/``recall``/``speaker_f1``):
  a prediction is correct when it matches a gold attribution that has a
  Source and the speaker agrees: the gold Source span overlaps the predicted
  local mention (``mention_start:mention_end``) or the resolved speaker
  mention (``speaker_start:speaker_end``), or the gold Source's head word
  (last word before any comma, possessive stripped; never a pronoun)
  equals the last word of ``Quote.speaker``. P = correct predictions / all
  predictions; R = gold attributions with a Source that have a correct
  prediction / gold attributions with a Source.
* speaker accuracy: correct predictions / predictions matching a gold
  attribution with a Source (how often the speaker is right when the content
  was found).
* direct recall / speech recall (diagnostics): speaker recall over gold
  attributions (with a Source) whose Content opens with a quote mark / whose
  Cue holds a reporting verb of ``CUE_LEXICON`` (speech or written) or
  "according to". PolNeAR also annotates stances and actions ("supports",
  "cited", "attacked", "plans"), which a quote extractor does not target;
  these two numbers show recall on what it does target.
"""


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution, with offsets into the text it was read against."""

    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    content_text: str
    source_text: str
    cue_text: str


def read_brat_attributions(ann_text: str) -> list[GoldAttribution]:
    """Parse a brat ``.ann`` file's attributions (``T`` + ``E`` lines)."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...], str]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann_text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, offsets = parts[1].partition(" ")
            frags = tuple(tuple(int(x) for x in frag.split()) for frag in offsets.split(";"))
            spans[parts[0]] = (kind, frags, parts[2] if len(parts) > 2 else "")  # type: ignore[assignment]
        elif parts[0].startswith("E"):
            args = [tuple(a.split(":", 1)) for a in parts[1].split()]
            events.append((args[0][0], args[1:]))  # type: ignore[arg-type]
    out = []
    for etype, args in events:
        if not etype.startswith("Attribution"):
            continue
        roles: dict[str, list[str]] = {"Content": [], "Source": [], "Cue": []}
        for role, ref in args:
            base = role.rstrip("0123456789")
            if base in roles and ref in spans:
                roles[base].append(ref)
        content = tuple(f for ref in roles["Content"] for f in spans[ref][1])
        if not content:
            continue
        source = tuple(f for ref in roles["Source"] for f in spans[ref][1])
        cue = tuple(f for ref in roles["Cue"] for f in spans[ref][1])
        out.append(GoldAttribution(
            content, source, cue,
            " ".join(spans[r][2] for r in roles["Content"]),
            " ".join(spans[r][2] for r in roles["Source"]),
            " ".join(spans[r][2] for r in roles["Cue"]),
        ))
    return out


def offset_map(raw: str, article: Article) -> list[int]:
    """For each character of ``raw``, its offset in ``article.text`` (-1 if dropped).

    Paragraphs of a text article remember their source line; each is aligned
    to that line with difflib (the cleaner collapses spaces and may cut a
    header prefix or a dateline), so the alignment is local and exact.
    """
    from difflib import SequenceMatcher

    mapping = [-1] * (len(raw) + 1)
    line_starts = []
    pos = 0
    for line in raw.splitlines(keepends=True):
        line_starts.append(pos)
        pos += len(line)
    lines = raw.splitlines()
    for p in article.paragraphs:
        if not 1 <= p.line <= len(lines):
            continue
        src = lines[p.line - 1]
        base = line_starts[p.line - 1]
        para = article.text[p.start:p.end]
        matcher = SequenceMatcher(None, src, para, autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                mapping[base + a + k] = p.start + b + k
    mapping[len(raw)] = len(article.text)
    return mapping


def _map_span(mapping: list[int], start: int, end: int) -> tuple[int, int] | None:
    s = start
    while s < end and mapping[s] < 0:
        s += 1
    e = end - 1
    while e >= s and mapping[e] < 0:
        e -= 1
    if s > e:
        return None
    return mapping[s], mapping[e] + 1


def map_gold(gold: GoldAttribution, mapping: list[int]) -> GoldAttribution:
    """The attribution with offsets mapped through :func:`offset_map` (dropped fragments removed)."""

    def conv(frags: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
        return tuple(m for m in (_map_span(mapping, s, e) for s, e in frags) if m is not None)

    return replace(gold, content=conv(gold.content), source=conv(gold.source), cue=conv(gold.cue))


_EDGE_STRIP = " \t\n\"'“”‘’„«».,;:!?"


def _norm_content(text: str) -> str:
    return _SPACE_RE.sub(" ", text.strip(_EDGE_STRIP)).lower()


def _head_word(text: str) -> str:
    text = text.split(",")[0]
    words = re.findall(r"[A-Za-z][A-Za-z.\-']*", text.replace("’", "'"))
    if not words:
        return ""
    word = words[-1].lower()
    if word.endswith("'s"):
        word = word[:-2]
    return word.strip(".'")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def speaker_agrees(quote: Quote, gold: GoldAttribution, text: str) -> bool:
    """Does the predicted speaker agree with the gold Source? (see the metric definitions)."""
    if not gold.source:
        return False
    for frag in gold.source:
        if quote.mention_start >= 0 and _overlap(frag, (quote.mention_start, quote.mention_end)) > 0:
            return True
        if quote.speaker_start >= 0 and _overlap(frag, (quote.speaker_start, quote.speaker_end)) > 0:
            return True
    gold_head = _head_word(" ".join(text[s:e] for s, e in gold.source))
    if not gold_head or gold_head in _PERSONAL_PRON | _RELATIVE | {"his", "her", "their", "its"}:
        return False  # a pronoun only agrees where it stands (span overlap above)
    return gold_head == _head_word(quote.speaker)


@dataclass
class _Counts:
    predicted: int = 0
    gold: int = 0
    gold_with_source: int = 0
    content_tp_pred: int = 0
    content_tp_gold: int = 0
    exact_tp_pred: int = 0
    exact_tp_gold: int = 0
    speaker_tp_pred: int = 0
    speaker_tp_gold: int = 0
    matched_with_source: int = 0
    lost_in_cleaning: int = 0
    by_kind: dict = field(default_factory=dict)
    gold_direct: int = 0
    gold_direct_found: int = 0
    gold_speech: int = 0
    gold_speech_found: int = 0


def _speech_cue(gold: GoldAttribution, doc: "Doc | None") -> bool:
    """Is the gold cue a reporting verb of :data:`CUE_LEXICON` (speech/written) or "according to"?"""
    if doc is None or not gold.cue:
        return False
    for s, e in gold.cue:
        span = doc.char_span(s, e, alignment_mode="expand")
        for tok in span or ():
            if tok.lower_ == "according" or CUE_LEXICON.get(tok.lemma_.lower()) in ("speech", "written") \
                    or CUE_LEXICON.get(_FORCED_CUE_FORMS.get(tok.lower_, "")) in ("speech", "written"):
                return True
    return False


def score_article(quotes: Sequence[Quote], golds: Sequence[GoldAttribution], text: str,
                  counts: _Counts, examples: list | None = None, article_id: str = "",
                  doc: "Doc | None" = None) -> None:
    """Add one article's predictions and (mapped) gold attributions to ``counts``.

    ``doc`` (the parse of ``text``) is only used to tell gold attributions with
    a reporting-verb cue apart, for the ``speech_recall`` diagnostic."""
    counts.predicted += len(quotes)
    counts.gold += len(golds)
    counts.gold_with_source += sum(1 for g in golds if g.source)
    counts.lost_in_cleaning += sum(1 for g in golds if not g.content)
    content_hit = [False] * len(golds)
    exact_hit = [False] * len(golds)
    speaker_hit = [False] * len(golds)
    gold_norms = []
    for g in golds:
        norms = {_norm_content(text[s:e]) for s, e in g.content}
        if g.content:
            norms.add(_norm_content(text[min(s for s, _ in g.content):max(e for _, e in g.content)]))
        gold_norms.append(norms)
    for q in quotes:
        kind = counts.by_kind.setdefault(q.kind, {"predicted": 0, "content": 0, "speaker": 0})
        kind["predicted"] += 1
        best = None
        exact = False
        qnorm = _norm_content(q.text)
        for gi, g in enumerate(golds):
            ov = sum(_overlap((q.start, q.end), frag) for frag in g.content)
            if ov <= 0:
                continue
            content_hit[gi] = True
            if qnorm in gold_norms[gi]:
                exact = True
                exact_hit[gi] = True
            agrees = speaker_agrees(q, g, text)
            if agrees:
                speaker_hit[gi] = True
            key = (agrees, ov)
            if best is None or key > best[0]:
                best = (key, gi)
        if best is None:
            if examples is not None:
                examples.append({"article": article_id, "error": "no gold content", "kind": q.kind,
                                 "text": q.text[:120], "speaker": q.speaker, "cue": q.cue})
            continue
        counts.content_tp_pred += 1
        kind["content"] += 1
        counts.exact_tp_pred += exact
        (agrees, _), gi = best
        if golds[gi].source:
            counts.matched_with_source += 1
        if agrees:
            counts.speaker_tp_pred += 1
            kind["speaker"] += 1
        elif examples is not None and golds[gi].source:
            examples.append({"article": article_id, "error": "wrong speaker", "kind": q.kind,
                             "text": q.text[:120], "speaker": q.speaker,
                             "mention": text[q.mention_start:q.mention_end],
                             "gold_source": golds[gi].source_text})
    counts.content_tp_gold += sum(content_hit)
    counts.exact_tp_gold += sum(exact_hit)
    counts.speaker_tp_gold += sum(1 for g, hit in zip(golds, speaker_hit) if hit and g.source)
    for g, hit in zip(golds, speaker_hit):
        if g.source and _speech_cue(g, doc):
            counts.gold_speech += 1
            counts.gold_speech_found += hit
        direct = g.content and (g.content_text.lstrip()[:1] in "\"“" or g.content_text.lstrip().startswith("''"))
        if direct and g.source:
            counts.gold_direct += 1
            counts.gold_direct_found += hit
        if examples is not None and not hit and g.content and g.source:
            examples.append({"article": article_id, "error": "missed", "direct": bool(direct),
                             "text": g.content_text[:120], "gold_source": g.source_text, "gold_cue": g.cue_text})


def _prf(tp_pred: int, pred: int, tp_gold: int, gold: int) -> tuple[float, float, float]:
    p = tp_pred / pred if pred else 0.0
    r = tp_gold / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def find_brat_pairs(folder: "str | Path") -> list[tuple["Path", "Path", list[str]]]:
    """``(text file, chosen .ann file, all annotators)`` for each text with attributions.

    When an article has several annotators' files, the first in alphabetical
    order is used (consistently, for every article)."""
    from pathlib import Path

    folder = Path(folder)
    anns: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem, _, _annotator = ann.stem.rpartition("_")
        anns.setdefault(stem, []).append(ann)
    out = []
    for txt in sorted((folder / "text").glob("*.txt")):
        files = anns.get(txt.stem)
        if files:
            out.append((txt, files[0], [f.stem.rpartition("_")[2] for f in files]))
    return out


def raw_article(article_id: str, text: str) -> Article:
    """An Article over ``text`` as-is (no cleaning): one paragraph per non-blank line."""
    from ..segment import SentenceSplitter

    paragraphs = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            paragraphs.append(Paragraph(pos + lead, pos + lead + len(stripped), line=len(paragraphs) + 1))
        pos += len(line)
    splitter = SentenceSplitter()
    sentences = [s for p in paragraphs for s in splitter.spans(text, p.start, p.end)]
    return Article(id=article_id, text=text, title=None, date=None, outlet=None, url=None,
                   origin=article_id, raw_sha256="", paragraphs=tuple(paragraphs), sentences=tuple(sentences))


def evaluate_quotes(
    folder: "str | Path",
    limit: int | None = None,
    *,
    nlp: "Language | None" = None,
    config: QuoteConfig = QuoteConfig(),
    clean: bool = True,
    examples: list | None = None,
) -> dict:
    """Score :func:`extract_quotes` on a folder laid out like PolNeAR (``text/`` + ``attributions/``).

    Args:
        folder: the folder (e.g. ``polnear/dev``).
        limit: use only the first ``limit`` articles (sorted by file name).
        nlp: a loaded spaCy pipeline (default: :func:`newsfuse.facts.nlp.load_nlp`).
        config: extractor switches.
        clean: run the texts through :class:`newsfuse.clean.Cleaner` (the real
            pipeline) and map gold offsets onto the cleaned text; ``False``
            extracts from the raw text as-is.
        examples: if a list is given, error examples are appended to it.

    Returns a dict with ``speaker_f1``, ``precision``, ``recall`` (speaker
    attribution; see the metric definitions in ``METRICS``), ``content_f1``,
    ``content_precision``, ``content_recall``, ``exact_f1``,
    ``exact_precision``, ``exact_recall``, ``speaker_accuracy``,
    ``direct_recall`` (speaker recall over gold contents that open with a
    quote mark), ``speech_recall`` (over gold cues that are reporting verbs),
    ``articles``, ``words``, ``gold``, ``predicted``,
    ``seconds``, ``articles_per_s``, ``words_per_s``, ``by_kind`` and
    ``lost_in_cleaning``.
    """
    import time

    from ..clean import Cleaner
    from ..model import Format, RawDoc

    pairs = find_brat_pairs(folder)
    if limit is not None:
        pairs = pairs[:limit]
    if not pairs:
        raise FileNotFoundError(f"no text/*.txt with attributions/*.ann under {folder}")
    if nlp is None:
        from .nlp import load_nlp

        nlp = load_nlp()
    extractor = QuoteExtractor(nlp, config)
    raws = [p[0].read_text(encoding="utf-8") for p in pairs]
    two_annotators = sum(1 for p in pairs if len(p[2]) > 1)
    started = time.perf_counter()
    if clean:
        docs = [RawDoc(id=p[0].stem, origin=str(p[0]), data=raw.encode("utf-8"), format=Format.TEXT, text=raw)
                for p, raw in zip(pairs, raws)]
        articles = list(Cleaner().clean_batch(docs))
    else:
        articles = [raw_article(p[0].stem, raw) for p, raw in zip(pairs, raws)]
    counts = _Counts()
    words = 0
    failed = 0
    good = [a for a in articles if isinstance(a, Article)]
    docs = iter(nlp.pipe((a.text for a in good), batch_size=16))
    for (txt, ann, _), raw, article in zip(pairs, raws, articles):
        golds = read_brat_attributions(ann.read_text(encoding="utf-8"))
        if not isinstance(article, Article):
            failed += 1
            score_article([], [replace(g, content=(), source=(), cue=()) for g in golds], "", counts)
            continue
        doc = next(docs)
        quotes = extractor.extract(article, doc)
        words += article.word_count
        if clean:
            mapping = offset_map(raw, article)
            golds = [map_gold(g, mapping) for g in golds]
        score_article(quotes, golds, article.text, counts, examples, txt.stem, doc)
    seconds = time.perf_counter() - started
    sp = _prf(counts.speaker_tp_pred, counts.predicted, counts.speaker_tp_gold, counts.gold_with_source)
    cp = _prf(counts.content_tp_pred, counts.predicted, counts.content_tp_gold, counts.gold)
    ep = _prf(counts.exact_tp_pred, counts.predicted, counts.exact_tp_gold, counts.gold)
    return {
        "speaker_f1": sp[2], "precision": sp[0], "recall": sp[1],
        "content_f1": cp[2], "content_precision": cp[0], "content_recall": cp[1],
        "exact_f1": ep[2], "exact_precision": ep[0], "exact_recall": ep[1],
        "speaker_accuracy": round(counts.speaker_tp_pred / counts.matched_with_source, 4)
        if counts.matched_with_source else 0.0,
        "direct_recall": round(counts.gold_direct_found / counts.gold_direct, 4) if counts.gold_direct else 0.0,
        "gold_direct": counts.gold_direct,
        "speech_recall": round(counts.gold_speech_found / counts.gold_speech, 4) if counts.gold_speech else 0.0,
        "gold_speech": counts.gold_speech,
        "articles": len(pairs), "articles_two_annotators": two_annotators, "failed_articles": failed,
        "words": words, "gold": counts.gold, "gold_with_source": counts.gold_with_source,
        "predicted": counts.predicted, "lost_in_cleaning": counts.lost_in_cleaning,
        "by_kind": counts.by_kind,
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(pairs) / seconds, 2) if seconds else 0.0,
        "words_per_s": round(words / seconds, 1) if seconds else 0.0,
        "cleaned": clean,
    }


METRICS = _EVAL_DOC
