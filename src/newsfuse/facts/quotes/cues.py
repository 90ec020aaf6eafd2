"""The cue lexicon: which words report speech, and who the speaker of a cue is.

A cue is a reporting verb of :data:`CUE_LEXICON` (matched by lemma through the
parse) or "according to"; its speaker is the verb's subject, found through the
dependency parse by :func:`subject_of`. The words themselves are data: the
categories of ``lexicons/en/reporting_verbs.json`` and the cue nouns and forms
next to it; this module derives the sets the attribution rules read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...lexicons import mapping, reporting_verbs, words

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Token

    from ..token_scan import TokenScan

__all__ = ["CUE_LEXICON", "CUE_CATEGORIES", "FORCED_CUE_FORMS", "SAY_CORE", "DIRECTIVE", "AMBIGUOUS", "REPORT_NOUNS", "LIGHT_VERBS",
           "cue_category", "cue_and_speaker", "possible_cues", "subject_of"]


_CUE_ORDER = ("speech", "written", "naming", "evidential", "cognitive", "directive")
"""Quote-cue categories of the reporting-verb lexicon, strongest first: a verb in
several takes the first (a speech verb that also takes an infinitive stays speech)."""

CUE_LEXICON: dict[str, str] = {
    word: category
    for category in reversed(_CUE_ORDER)
    for word in sorted(reporting_verbs(category))
}
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
CUE_CATEGORIES = ("speech", "written", "naming", "directive", "evidential", "cognitive")

# Verb forms the tagger sometimes mislabels as nouns/adjectives after a quote.
FORCED_CUE_FORMS = dict(mapping("forced_cue_forms"))

# Core verbs of saying: a clause after them is reported even when parsed as ``advcl``.
SAY_CORE = reporting_verbs("say-core")
# Verbs of asking, urging and promising: they report speech with an infinitive too
# ("urged supporters to vote", "called on Congress to act", "promised to raise taxes").
DIRECTIVE = reporting_verbs("directive")
# Verbs of saying with other common senses; they attribute only what sits in their complement.
AMBIGUOUS = reporting_verbs("ambiguous")

REPORT_NOUNS = words("report_nouns")
"""Nouns that report what someone says, wants, plans or thinks."""

# Verbs that turn a reporting noun into a clause: "expressed concern about",
# "raised questions about", "made the case that", "had the same position on".
LIGHT_VERBS = words("light_verbs_report_nouns")


def subject_of(verb: "Token", depth: int = 0) -> "Token | None":
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
            return subject_of(head, depth + 1)
        if verb.tag_ == "VBG" and dep in ("advcl", "xcomp", "ccomp", "conj", "pcomp"):
            # "…, saying", "before asking her"
            up = head
            if dep == "pcomp" and up.dep_ == "prep":
                up = up.head
            if up.pos_ in ("VERB", "AUX"):
                return subject_of(up, depth + 1)
        if dep == "xcomp":
            if head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod") and head.head is not head:
                return subject_of(head.head, depth + 1)  # "was quick to point out", "more likely to say"
            return subject_of(head, depth + 1)  # "declined to say", "went on to say"
        if dep == "advcl" and head.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "aux" and (c.lower_ == "to" or c.lower_ == "having") for c in verb.children):
            return subject_of(head, depth + 1)  # "went on Twitter to applaud", "Having announced ..., X"
        if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            if verb.tag_ == "VBG" and dep == "acl":
                author = _author_of(head)
                if author is not None:
                    return author  # "the Council issued a statement calling ...": the Council's
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


# Documents that carry their author's words ("issued a statement calling", "filed
# papers opposing", "unleashed a series of tweets criticizing").
_AUTHORED = words("authored_nouns")
_AUTHOR_VERBS = set(words("author_verbs"))


def _author_of(noun: "Token") -> "Token | None":
    """The subject of the verb that produced a document ("X issued a statement ...")."""
    if noun.lemma_.lower() not in _AUTHORED:
        return None
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "dobj":
        noun = noun.head.head  # "a series of tweets"
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in _AUTHOR_VERBS:
        return None
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
    return None


def _lost_subject(verb: "Token") -> "Token | None":
    """The subject a finite verb of saying lost in the parse: the last name of a
    PERSON just before it, past appositions and commas only ("In a statement,
    her adviser, Jake Sullivan, said:"; "Col. Steven Warren, a military
    spokesman in Baghdad, said, ..."), no verb or quote mark in between."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
        return None
    doc = verb.doc
    start = verb.sent.start
    commas = 0
    for k in range(verb.i - 1, max(start, verb.i - 16) - 1, -1):
        t = doc[k]
        if t.ent_type_ == "PERSON" and t.pos_ == "PROPN":
            return t if commas or k == verb.i - 1 else None
        if t.pos_ in ("VERB", "AUX") or t.is_quote or t.text in (";", ":", "(", ")") or t.is_space:
            return None
        commas += t.text == ","
    return None


def cue_category(tok: "Token") -> str | None:
    """The lexicon category of ``tok`` as a reporting verb here, else None
    ("point" only as "point out", passives and hearsay "said to have" excluded)."""
    lemma = tok.lemma_.lower()
    category = CUE_LEXICON.get(lemma) if (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) else None
    if category is None and tok.lower_ in FORCED_CUE_FORMS:
        lemma = FORCED_CUE_FORMS[tok.lower_]
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
    if any(c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" and a.i == tok.i + 1 for a in c.children)
           and not any(a.dep_ in ("nsubj", "nsubjpass") for a in c.children) for c in tok.children) \
            and lemma in ("say", "report", "claim", "allege"):
        return None  # "nationals, said to have been duped": hearsay, no speaker
    return category


def possible_cues(scan: "TokenScan") -> "np.ndarray":
    """Mask of the tokens :func:`cue_and_speaker` can accept: verbs (by POS or
    tag) with a lemma of the lexicon, the forced verb forms and "according". It
    returns None for every other token, so a scan for cues looks at these only."""
    verbs = scan.among("POS", _VERB_POS) | scan.among("TAG", _VERB_TAGS) | ~scan.among("TAG", _ENGLISH_TAGS)
    return scan.passing("LEMMA", lambda lemma: lemma.lower() in CUE_LEXICON, within=verbs) \
        | scan.among("LOWER", _CUE_FORMS)


_VERB_POS = frozenset({"VERB", "AUX"})
# The tagger labels of spaCy's English models: a token with any other tag may be a verb too.
_ENGLISH_TAGS = frozenset("""$ '' , -LRB- -RRB- . : ADD AFX CC CD DT EX FW HYPH IN JJ JJR JJS LS MD NFP NN NNP NNPS
    NNS PDT POS PRP PRP$ RB RBR RBS RP SYM TO UH VB VBD VBG VBN VBP VBZ WDT WP WP$ WRB XX _SP ``""".split()) | {""}
_VERB_TAGS = frozenset(tag for tag in _ENGLISH_TAGS if tag.startswith("VB"))
_CUE_FORMS = frozenset(FORCED_CUE_FORMS) | {"according"}


def cue_and_speaker(tok: "Token", cats: set[str]) -> tuple[list["Token"], "Token", str] | None:
    """If ``tok`` is a cue, its tokens, the speaker's head token and its category."""
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        to = tok.doc[tok.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"] + [c for c in tok.children if c.dep_ == "pobj"]
        if not objs:
            return None
        return [tok, to], objs[0], "speech"
    category = cue_category(tok)
    if category is None or category not in cats:
        return None
    speaker = subject_of(tok)
    if speaker is None and category in ("speech", "written") and tok.tag_ in ("VBD", "VBZ", "VBP"):
        speaker = _lost_subject(tok)
    if speaker is None:
        return None
    partitive = speaker.pos_ in ("NUM", "DET") and any(  # "one of the family's attorneys said"
        c.dep_ == "prep" and c.lower_ == "of" for c in speaker.children)
    if speaker.pos_ in ("NUM", "PUNCT", "DET", "ADV") and speaker.lower_ not in ("this", "that") and not partitive:
        return None
    if speaker.lower_ in ("there", "here", "what") or speaker.is_punct:
        return None
    if speaker.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X") and speaker.lower_ not in ("this", "that"):
        return None  # "'s", adjectives: a broken parse
    if speaker.i < tok.i and any(t.text == ":" for t in tok.doc[speaker.i + 1: tok.i]):
        # "The Latest: Trump urges ..." - the subject the parse gave sits across a colon
        colon = max(t.i for t in tok.doc[speaker.i + 1: tok.i] if t.text == ":")
        nominals = [t for t in tok.doc[colon + 1: tok.i] if t.pos_ in ("PROPN", "NOUN", "PRON")]
        if not nominals or tok.i - colon > 6:
            return None
        speaker = nominals[-1]
    cue = [tok] + [c for c in tok.children if c.dep_ == "prt"]
    return sorted(cue, key=lambda t: t.i), speaker, category
