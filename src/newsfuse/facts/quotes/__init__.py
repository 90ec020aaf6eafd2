"""Quotes with their speakers: direct, partial and indirect speech.

Given an :class:`~newsfuse.model.Article` and a spaCy ``Doc`` of its text,
:func:`extract_quotes` returns :class:`Quote` records. Every offset indexes
``article.text``: ``article.text[q.start:q.end] == q.text``.

How it works (rules over the dependency parse; no trained attribution model):

1. **Quote marks.** Curly (“ ” „ « »), straight (") and typewriter ('')
   double quotes are paired within a paragraph (a straight-opened quote closes
   with the same mark, a curly one with a curly mark; the other style inside is
   an inner quotation). Single quotes, curly (‘…’) and straight ('…'), are
   paired too, telling marks from apostrophes (don't, the '90s, Jones' car,
   rock 'n' roll: ``marks.is_apostrophe``); a single quote inside a double one
   is an inner quotation (US style), a double quote inside a single one gives
   way to it (British style). A quote still open at the end of its paragraph
   runs to the paragraph end (news style for multi-paragraph quotes: the next
   paragraph reopens with its own mark). The content is what lies between the
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
   all-caps label that recurs, or a source such as "Poll", before a colon).
3. **Indirect speech.** A reporting verb outside quotes with a clausal
   complement (``ccomp``: "Kwatra said (that) …", "X told reporters that …",
   and the inverted "…, Kwatra said") or attached as ``parataxis`` to the
   clause it reports, "according to X", and verbs of asking and promising
   with an infinitive ("urged supporters to …", "called on Congress to …")
   give ``indirect`` quotes whose content is that clause; so do gapped "as"
   clauses ("As The Post reported, ...", "..., as critics point out") and
   source phrases ("In the latest CNN/ORC poll, Trump leads ...", "By one
   estimate, ...": ``via="source-phrase"``). The clause around a
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

6. **Stances.** Beyond speech, news attributes attitudes, intentions and
   evaluations: "the NAACP called for a moratorium", "Trump wants to build a
   wall", "critics questioned his health", "the issue was first reported by The
   Washington Post", "Trump's claim that ...", "advocates expressed concern
   about ...". A verb of :data:`newsfuse.facts.quotes.stances.STANCE_VERBS` (or of the
   cue lexicon) with an agent-like subject (a name, a person or group noun, a
   personal pronoun), or a reporting noun with a possessor or light verb, reports
   its object, infinitive or clause as an ``indirect`` quote with ``via`` set to
   ``"stance"`` or ``"report-noun"``; never inside content already reported.
   ``QuoteConfig.stances`` switches this off for speech-only output.

7. **Words said or not.** A cue that is negated ("has not condemned", "did not
   endorse", "never said"), refused ("declined to comment") or has an empty
   object ("showed no emotion") reports no words; a first-person speaker
   outside any quote is the writer's own voice ("We report the facts ...").
   PolNeAR annotates both as attributions, so the extractor keeps them, marked
   ``Quote.act`` = ``negated`` / ``writer`` (:mod:`.polarity`); the facts step
   (:mod:`newsfuse.facts.extract`) stores only ``said`` quotes, so briefs and
   claims never quote them. A first person inside a quote is that quote's
   speaker, never "I". "citing court documents" names evidence, not content,
   and is no stance.

The text is parsed with paragraph breaks as sentence breaks
(:func:`newsfuse.facts.paragraph_parse.paragraph_doc`) when the extractor parses
it itself; a caller passing its own ``Doc`` should parse the same way.

``Quote.confidence`` is a product of how the attribution was found and how
the speaker was resolved (see ``_VIA_CONFIDENCE`` and ``_SPEAKER_CONFIDENCE``);
it is a ranking score, not a calibrated probability.

This package's ``__init__`` is the public entry point; the work is split by
concern into its modules:

=========================  ==================================================
``marks``                  pairing quote marks into spans (step 1)
``cues``                   the cue lexicon, cue verbs and their subjects
``frames``                 attributing quotes within their sentences (step 2)
``transcripts``            "LABEL: ..." transcript lines
``indirect``               indirect speech (step 3)
``continuation``           quotes attributed from neighbouring paragraphs (step 4)
``stances``                stance verbs with noun-phrase / infinitive content (step 6)
``report_nouns``           "Trump's claim that ...", "expressed concern about ..." (step 6)
``sources``                "In the latest poll, ...", "By one estimate, ..." (step 3)
``speakers``               people registry and speaker resolution (step 5)
``polarity``               negated and refused cues: words said or not (step 7)
``person_words``           honorifics, titles, role nouns, first names, pronouns
``phrases``                noun-phrase bounds and speaker phrases
``context``                the per-article state the steps share
``model``                  :class:`Quote`, :class:`QuoteConfig`
``extractor``              :class:`QuoteExtractor`, :func:`extract_quotes`
=========================  ==================================================

Scoring against brat/PolNeAR attributions (``evaluate_quotes``, ``METRICS``)
lives outside the runtime, in :mod:`newsfuse_eval.quotes` and
:mod:`newsfuse_eval.brat`; ``eval/quotes.py`` is its command line.

The parse with paragraph breaks as sentence breaks is shared with the other
extractors and lives one level up, in :mod:`newsfuse.facts.paragraph_parse`.
"""

from __future__ import annotations

from ..paragraph_parse import paragraph_doc, paragraph_docs
from .cues import CUE_CATEGORIES, CUE_LEXICON
from .extractor import QuoteExtractor, extract_quotes
from .model import Quote, QuoteConfig

__all__ = [
    "Quote",
    "QuoteConfig",
    "QuoteExtractor",
    "extract_quotes",
    "paragraph_doc",
    "paragraph_docs",
    "CUE_LEXICON",
    "CUE_CATEGORIES",
]
