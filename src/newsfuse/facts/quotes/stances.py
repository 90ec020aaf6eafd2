"""Stances: attributions whose content is a noun phrase, an infinitive or a clause
after a verb of attitude, intention or evaluation.

News attributes much more than speech: "Clinton *cited* his remarks", "the NAACP
*called for* a moratorium", "Trump *wants to* build a wall", "critics *questioned*
the health of Donald Trump", "the poll *shows* her ahead". Annotated corpora
(PolNeAR) count these as attributions with a Source, a Cue and a Content. Here a
verb of :data:`STANCE_VERBS` (or a reporting verb of the cue lexicon) outside
quotes, with an agent-like subject, reports its complements - the direct object
with what follows it ("described the showdown as ominous"), a prepositional object
("commented on Crutcher's death": the preposition joins the cue), an infinitive
("agreed to release ...") or a clause ("worries that ...") - as an ``indirect``
quote with ``via="stance"``. Callers that want speech only can filter on ``via``
or switch it off with ``QuoteConfig.stances``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...lexicons import mapping, reporting_verbs, words
from .context import Attribution
from .cues import CUE_LEXICON, LIGHT_VERBS, REPORT_NOUNS, subject_of
from .indirect import content_span
from .person_words import DOCUMENT_NOUNS, GROUP_NOUNS, PERSONAL_PRON, ROLE_NOUNS

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Token

    from ..token_scan import TokenScan
    from .context import ArticleContext

__all__ = ["HAND_STANCE_VERBS", "LEARNED_STANCE_VERBS", "STANCE_VERBS", "find_stances", "agent_like", "stance_lemma"]

HAND_STANCE_VERBS = reporting_verbs("stance")
"""Verbs that attribute an attitude, an intention, an evaluation or an act of
communication to their subject, with the object as its content (written by hand)."""
LEARNED_STANCE_VERBS = words("learned_stance_verbs")
"""Written by ``eval/cue_lexicon.py --write`` from PolNeAR train."""
STANCE_VERBS = HAND_STANCE_VERBS | LEARNED_STANCE_VERBS
"""The hand-written verbs plus those learnt from PolNeAR train by
``eval/cue_lexicon.py`` (acts it annotates as attributions: "offered", "expressed",
"issued a statement", "voiced concern")."""

# Prepositions that introduce the content ("called for", "commented on", "talked
# about", "referred to", "spoke of", "argued against", "weighed in on").
_CONTENT_PREPS = {"for", "about", "on", "to", "of", "against", "over", "as"}
# Verbs whose object after "to" is the audience ("spoke to reporters"; "spoke on
# condition of anonymity").
_AUDIENCE_TO = reporting_verbs("audience-to")
# Verbs whose direct object is the addressee, not the content ("told reporters").
_ADDRESSEE_VERBS = reporting_verbs("addressee")
# Objects that carry no content of their own.
_EMPTY_OBJECTS = PERSONAL_PRON | {"this", "that", "so", "something", "anything", "nothing", "everything",
                                  "one", "which", "what", "him", "her", "them", "us", "me", "you", "himself",
                                  "herself", "themselves", "itself"}
# Lexicon verbs whose object is rarely a stance ("maintains the largest army",
# "charged a fee", "posted a photo", "continued the tour").
_OTHER_SENSES = reporting_verbs("other-senses")
_LEMMA_FIXES = dict(mapping("lemma_fixes"))
# Nouns of quantity whose "of" phrase names who holds the stance ("a majority of voters").
_PARTITIVE = set(words("partitive_nouns"))
# Quantifier pronouns that stand for people ("some believe", "others vow").
_QUANTIFIER_PRON = set(words("quantifier_pronouns"))
_COMPLEMENT_DEPS = {"dobj", "oprd", "ccomp", "xcomp", "prep"}
# Verbs a document or a work can do to its content: it presents, not only says
# ("the ad references", "the film explains", "the statement cited").
_PRESENTING = reporting_verbs("presenting")
# Works that present their authors' view, beyond the documents of ``DOCUMENT_NOUNS``.
_WORK_NOUNS = set(words("work_nouns"))
_CITING_VERBS = words("citing_verbs")
_CONTACT_VERBS = words("contact_verbs")
_PERSON_OBJECTS = ROLE_NOUNS | words("guest_nouns")


def find_stances(ctx: "ArticleContext") -> None:
    """Add a ``stance`` attribution for each stance verb with an agent-like subject
    and a complement, unless the verb already reported a quote or a clause."""
    reported = sorted((a.start, a.end) for a in ctx.attrs)
    for tok in ctx.scan.tokens(_possible_stance_verbs(ctx.scan)):
        if tok.i in ctx.used_cues or ctx.in_quote(tok.idx) or not _is_stance_verb(tok):
            continue
        if any(s <= tok.idx < e for s, e in reported):
            continue  # inside reported content: a nested stance, rarely the attribution meant
        if _reports_through_noun(tok):
            continue  # "expressed concern about X": the reporting-noun rule takes it
        if _cites_evidence(tok) or _greets_person(tok):
            continue  # "citing court documents", "embracing the guest": no content
        found = _passive(tok) if _is_passive(tok) else None
        if found is None:
            speaker = subject_of(tok)
            if speaker is None or not agent_like(speaker, tok):
                continue
            active = _complement(tok, speaker)
            if active is None:
                continue
            found = (active[0], speaker, active[1])
        cue, speaker, tokens = found
        if ctx.in_quote(speaker.idx):
            continue
        span = content_span(ctx, tokens)
        if span is None or ctx.para_of(span[0]) != ctx.para_of(tok.idx):
            continue
        inside = ctx.in_quote(span[0])
        if inside is not None and inside.close >= span[1] and inside.attr is not None:
            continue  # the content is a quote that already has its speaker
        ctx.attrs.append(Attribution("indirect", span[0], span[1], "stance", "stance", cue, speaker))
        ctx.used_cues.add(tok.i)
        reported.append(span)


def _cites_evidence(verb: "Token") -> bool:
    """"citing court documents": the object of a citing verb is a document, the
    evidence for a claim made elsewhere, not a claim."""
    return stance_lemma(verb) in _CITING_VERBS and any(
        c.dep_ == "dobj" and c.lemma_.lower() in DOCUMENT_NOUNS for c in verb.children)


def _greets_person(verb: "Token") -> bool:
    """"embracing the guest", "welcomed the president": a contact verb with a person as
    object is an act, not an attitude ("embraced the plan" stays a stance)."""
    return stance_lemma(verb) in _CONTACT_VERBS and any(
        c.dep_ == "dobj" and (c.ent_type_ == "PERSON" or c.lower_ in PERSONAL_PRON or c.lemma_.lower() in _PERSON_OBJECTS)
        for c in verb.children)


def _possible_stance_verbs(scan: "TokenScan") -> "np.ndarray":
    """Mask of the tokens :func:`_is_stance_verb` can accept: verbs with a lemma of
    the lexicons, or a form whose lemma is fixed (``_LEMMA_FIXES``)."""
    verbs = scan.among("POS", frozenset({"VERB"}))
    lexical = scan.passing("LEMMA", lambda lemma: lemma.lower() in STANCE_VERBS or lemma.lower() in CUE_LEXICON,
                           within=verbs)
    return lexical | (verbs & scan.among("LOWER", frozenset(_LEMMA_FIXES)))


def stance_lemma(tok: "Token") -> str:
    """The verb's lemma, with the lemmatizer's known slips undone ("hoped" -> "hop")."""
    return _LEMMA_FIXES.get(tok.lower_, tok.lemma_.lower())


def _is_stance_verb(tok: "Token") -> bool:
    """A verb of the lexicons, not passive without a "by" agent, not a bare participle
    modifier, not hearsay ("said to have been")."""
    if tok.pos_ != "VERB" or not tok.tag_.startswith("VB"):
        return False
    lemma = stance_lemma(tok)
    if lemma not in STANCE_VERBS and lemma not in CUE_LEXICON:
        return False
    if lemma in _OTHER_SENSES:
        return False
    if lemma in ("say", "report", "claim", "allege") and any(
            c.dep_ == "xcomp" and c.left_edge.i == tok.i + 1
            and not any(a.dep_ in ("nsubj", "nsubjpass") for a in c.children) for c in tok.children):
        return False  # "nationals, said to have been duped": hearsay, no speaker
    if _is_passive(tok) and not any(c.dep_ == "agent" for c in tok.children):
        return False  # "was criticized": the critic is elsewhere, if anywhere
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and not any(c.dep_ == "aux" for c in tok.children):
        return False  # "the plan proposed by ..."
    return True


def _reports_through_noun(verb: "Token") -> bool:
    """Is ``verb`` a light verb whose object is a reporting noun with its own content
    ("voiced concern about", "offered support for")? The content is the noun's."""
    return stance_lemma(verb) in LIGHT_VERBS and any(
        c.dep_ == "dobj" and c.lemma_.lower() in REPORT_NOUNS and any(
            g.dep_ in ("ccomp", "acl") or (g.dep_ == "prep" and g.lower_ in ("of", "about", "for", "against", "over"))
            for g in c.children) for c in verb.children)


def _is_passive(tok: "Token") -> bool:
    return any(c.dep_ == "auxpass" for c in tok.children)


def _passive(verb: "Token") -> tuple[list["Token"], "Token", list["Token"]] | None:
    """Cue, speaker and content of "the issue was first reported by The Washington
    Post": the agent after "by" holds the stance, the passive subject is the content."""
    agents = [c for c in verb.children if c.dep_ == "agent"]
    objs = [c for a in agents for c in a.children if c.dep_ == "pobj"]
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not objs or not subjects or not agent_like(objs[0], verb):
        return None
    words = [t for t in subjects[0].subtree if t.is_alpha]
    if not words or (len(words) == 1 and words[0].lower_ in _EMPTY_OBJECTS):
        return None
    tokens = list(subjects[0].subtree) + [t for c in verb.children if c.dep_ == "oprd" for t in c.subtree]
    return sorted([verb, agents[0]], key=lambda t: t.i), objs[0], tokens


def agent_like(speaker: "Token", verb: "Token") -> bool:
    """A subject that can hold a stance: a named entity, a person or group noun, a
    personal pronoun other than "it", or a relative pronoun standing for one of these;
    for evidential verbs ("the poll shows") any noun; documents only for verbs of
    saying and writing ("the letter says")."""
    low = speaker.lower_
    if speaker.pos_ == "PRON" and low in ("who", "that", "which") and speaker.head.dep_ == "relcl":
        if low == "who":
            return True  # "who" stands for a person ("partisans who prefer ...")
        speaker = speaker.head.head
        low = speaker.lower_
    if low in _QUANTIFIER_PRON and speaker.dep_ in ("nsubj", "nsubjpass") and speaker.pos_ in ("ADJ", "NOUN", "DET"):
        return True  # "most believe", "others call it ...", "many have expressed interest"
    if speaker.pos_ == "PRON":
        return low in PERSONAL_PRON - {"it"} or low in _QUANTIFIER_PRON
    if speaker.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or speaker.pos_ == "PROPN":
        return True
    category = CUE_LEXICON.get(verb.lemma_.lower())
    if category == "evidential":
        return speaker.pos_ in ("NOUN", "PROPN")
    lemma = speaker.lemma_.lower()
    of = [o for c in speaker.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    if of and (speaker.pos_ == "NUM" or lemma in _PARTITIVE) and agent_like(of[0], verb):
        return True  # "a majority of voters", "one of the attorneys"
    if lemma in DOCUMENT_NOUNS or lemma in _WORK_NOUNS:
        # "the letter says", "the ad references", "the research documented"; not "the video called"
        return category in ("speech", "written") or stance_lemma(verb) in _PRESENTING
    return speaker.pos_ in ("NOUN", "PROPN") and (lemma in ROLE_NOUNS or lemma in GROUP_NOUNS)


def _topic_on(prep: "Token") -> bool:
    """Does "on" name a topic ("commented on Crutcher's death"), not a medium or
    a condition ("spoke on condition of anonymity", "said on Twitter", "on CNN")?"""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objs) and objs[0].lower_ not in ("condition", "camera", "air", "television", "radio") \
        and objs[0].pos_ != "PROPN" and not objs[0].ent_type_


def _complement(verb: "Token", speaker: "Token") -> tuple[list["Token"], list["Token"]] | None:
    """Cue tokens and content tokens of ``verb``: its complements to the right, from
    the first one to the last contiguous one; a leading preposition joins the cue."""
    cue = [verb] + [c for c in verb.children if c.dep_ == "prt"]
    lemma = stance_lemma(verb)
    for child in verb.rights:  # "called for the United States to step up ...": a for-to clause
        if child.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children):
            marks = [a for a in child.children if a.dep_ == "mark" and a.lower_ == "for" and a.i == child.left_edge.i]
            if marks and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
                return sorted(cue + marks, key=lambda t: t.i), [t for t in child.subtree if t.i != marks[0].i]
    parts: list["Token"] = []
    for child in verb.rights:
        dep = child.dep_
        if dep in ("prt", "neg", "advmod", "aux", "npadvmod") and not parts:
            continue
        if dep == "dobj" and lemma in _ADDRESSEE_VERBS and not parts:
            continue  # "told reporters ...": the object is the addressee
        if dep == "dative" and not parts:
            continue
        if dep == "prep" and (child.lower_ not in _CONTENT_PREPS
                              or (child.lower_ == "to" and lemma in _AUDIENCE_TO)
                              or (child.lower_ == "on" and lemma in _AUDIENCE_TO and not _topic_on(child))
                              or any(
                g.ent_type_ in ("DATE", "TIME") for g in child.children)):
            if parts:
                break
            continue  # "in a statement", "on Monday": circumstances, not content
        if dep not in _COMPLEMENT_DEPS:
            break
        if dep == "xcomp" and child.tag_ != "VBG" and not any(a.dep_ == "aux" and a.lower_ == "to"
                                                              for a in child.children):
            break  # "wants to build", "admitted using": an infinitive or a gerund
        parts.append(child)
    if not parts:
        return None
    first = parts[0]
    tokens: list["Token"] = []
    for k, part in enumerate(parts):
        if k == 0 and part.dep_ == "prep":
            objs = [c for c in part.children if c.dep_ in ("pobj", "pcomp")]
            if not objs:
                return None
            cue.append(part)
            tokens.extend(t for o in objs for t in o.subtree)
        else:
            tokens.extend(part.subtree)
    if any(t.i == speaker.i for t in tokens) or speaker.i > verb.i and first.i > speaker.i:
        return None  # inverted "says Mr. Trigunayat": the object is the speaker
    words = [t for t in tokens if t.is_alpha]
    if not words or (len(words) == 1 and words[0].lower_ in _EMPTY_OBJECTS):
        return None
    return sorted(cue, key=lambda t: t.i), tokens
