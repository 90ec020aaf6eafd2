"""Who did what to whom: events from one article's dependency parse.

An event is a verb (or a light verb with an event noun: "held talks with",
"paid a visit to", "imposed sanctions on"; or an event noun with a possessor:
"Modi's visit to Moscow") whose lemma maps to a small PLOVER-style action
class in :data:`ACTIONS`. The actor is its subject (the agent of a passive,
the controller of "is set to meet" / "urged Modi to ..."), the target its
object or a prepositional object ("met with Putin", "visit to Moscow"), the
place a GPE/LOC/FAC in a locative phrase, the date the sentence's date.

Verbs inside quotation marks are skipped on purpose: a quote is the
speaker's words, so an event in it is a claim by the speaker, not a report;
:mod:`newsfuse.facts.quotes` keeps it attributed to the speaker instead.

Every event carries a ``modality`` read from the parse, so a reader can tell
what happened from what is announced, intended, possible or only claimed:

* ``hypothetical``: a modal ("might", "could", "may", "would", "should",
  "can", "must"), a conditional ("if Iran attacks", and the clause it
  conditions), "is likely to", or a request of someone else ("urged Modi to
  press ..."): nobody says it happens.
* ``planned``: the doer's intention ("plans/intends/aims/wants/vows to").
* ``future``: "will", "is set/due/expected/scheduled/to ...", "is going to",
  "upcoming visit", or a present-tense verb whose resolved date lies after
  the article's anchor date ("the talks begin on Tuesday", "is meeting him next week").
* ``reported``: the event is only the content of someone's claim: a clause
  under a reporting verb ("said that X attacked Y", "X attacked Y, officials
  said"), "accused/blamed X of/for attacking", "is alleged/said to have",
  "reportedly", "according to".
* ``asserted`` otherwise.

When several apply, the least certain wins (hypothetical > planned > future >
reported): "officials said the army will attack" is ``future``, because the
clause's own modality says whether the event has happened at all, and
``reported`` marks a happening someone claims. A possessed event noun
("Modi's visit") takes "will" from the verb it is the subject of ("Modi's
visit will be ...") and ``reported`` from its clause, not the other modals
("Modi's visit could anger the West" does not make the visit hypothetical).

``actor_id``/``target_id`` are the :class:`~newsfuse.facts.records.Entity`
ids the names resolved to through ``entities`` (directly, through an
apposition, a title or a pronoun), ``""`` for noun phrases and NER-only names.

Repeated event nouns are merged per article: a possessed event noun ("Modi's
visit") is a reference back to an event, so it is dropped when an earlier event
of the article has the same (actor, action, target, place, modality, negated)
and the same or no date; and a target-less one ("his first trip") is dropped
when another event of its sentence has the same actor, action and modality
("Modi's visit to Russia, his first trip ..."). The first mention is kept, so
its sentence is the evidence. Verbal events are never merged: "the two met in
2019 ... the two met annually" may be different meetings.

Example:
    >>> events = extract_events(article, doc, entities)   # doctest: +SKIP
    >>> [(e.actor, e.action, e.target) for e in events][:1]  # doctest: +SKIP
    [('Narendra Modi', 'visit', 'Russia')]
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .records import DateMention, Entity, Event

if TYPE_CHECKING:  # spaCy is imported lazily by the caller
    from spacy.tokens import Doc, Token

    from ..model import Article

__all__ = ["ACTIONS", "EVENT_NOUNS", "extract_events"]

# Verb lemma -> action class (PLOVER-style). One table: extend here.
ACTIONS: dict[str, str] = {
    **dict.fromkeys("visit tour travel arrive land fly".split(), "visit"),
    **dict.fromkeys("meet host receive hug embrace".split(), "meet"),
    **dict.fromkeys("consult discuss negotiate confer talk".split(), "consult"),
    **dict.fromkeys(
        "criticize criticise condemn denounce slam blast rebuke decry censure chastise".split(), "criticise"
    ),
    **dict.fromkeys("urge demand press".split(), "demand"),
    **dict.fromkeys("praise hail laud commend applaud welcome tout".split(), "praise"),
    **dict.fromkeys("agree sign".split(), "agree"),
    **dict.fromkeys("accuse blame".split(), "accuse"),
    **dict.fromkeys("attack bomb shell invade kill raid assault bombard".split(), "attack"),
    **dict.fromkeys("sanction embargo".split(), "sanction"),
    **dict.fromkeys("aid assist supply fund arm".split(), "aid"),
    **dict.fromkeys("threaten".split(), "threaten"),
    **dict.fromkeys("protest demonstrate".split(), "protest"),
    **dict.fromkeys("reject rebuff dismiss deny veto".split(), "reject"),
    **dict.fromkeys("cooperate collaborate partner".split(), "cooperate"),
}
# Event nouns: after a light verb ("held talks") or with a possessor ("Modi's visit").
EVENT_NOUNS: dict[str, str] = {
    **dict.fromkeys("visit trip".split(), "visit"),
    **dict.fromkeys("meeting summit".split(), "meet"),
    **dict.fromkeys("talk talks discussion negotiation consultation".split(), "consult"),
    **dict.fromkeys("criticism condemnation concern".split(), "criticise"),
    **dict.fromkeys("sanction sanctions embargo".split(), "sanction"),
    **dict.fromkeys("attack strike invasion".split(), "attack"),
    **dict.fromkeys("aid assistance".split(), "aid"),
    **dict.fromkeys("agreement deal".split(), "agree"),
    **dict.fromkeys("protest".split(), "protest"),
    **dict.fromkeys("threat".split(), "threaten"),
}
# Verbs that only carry an event noun ("hold talks", "pay a visit", "impose sanctions").
_LIGHT_VERBS = frozenset(
    """hold have conduct engage pay make impose raise express voice launch carry stage sign reach
    give offer provide extend issue level pledge announce""".split()
)
# Nouns that need a possessor to be an event of their own ("Modi's visit").
_POSSESSED_EVENT_NOUNS = frozenset({"visit", "trip", "meeting", "talks", "criticism", "invasion"})
# Matrix verbs that negate the action they govern ("declined to condemn", "refrained from criticism").
_NEGATING = frozenset({"decline", "refuse", "fail", "refrain", "avoid", "stop"})
# Who an action is done to, beyond the direct object: prepositions by class.
_TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "visit": ("to",),
    "meet": ("with",),
    "consult": ("with", "to"),
    "criticise": ("of", "against", "over", "with", "about"),
    "demand": ("on",),
    "agree": ("with",),
    "attack": ("on", "against", "of"),
    "sanction": ("on", "against"),
    "aid": ("to", "for"),
    "protest": ("against",),
    "cooperate": ("with",),
    "accuse": (),
    "praise": ("of",),
    "threaten": (),
    "reject": (),
}
# Words whose phrase bounds another time, not the event's ("since", "after ...").
_BOUNDING = frozenset({"since", "after", "before", "until", "till", "following", "ahead"})
_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_SUBJ = frozenset({"nsubj", "csubj"})
_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"})
_OPEN = "“„«"
_CLOSE = "”»"


@dataclass(frozen=True, slots=True)
class _Named:
    """A named span of the article and the entity name it resolves to."""

    start: int
    end: int
    name: str
    label: str
    id: str = ""


class _Names:
    """Token -> canonical entity name, from resolved entities or, failing that, the NER spans."""

    def __init__(self, article: "Article", doc: "Doc", entities: Sequence[Entity]) -> None:
        spans: list[_Named] = []
        for ent in entities:
            for m in ent.mentions:
                if m.article == article.id:
                    spans.append(_Named(m.start, m.end, ent.name, ent.label, ent.id))
        if not entities:
            for e in doc.ents:
                if e.label_ in ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"):
                    continue
                toks = [t for t in e if t.lower_ not in ("the", "'s", "’s")]
                if toks:
                    name = article.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
                    spans.append(_Named(e.start_char, e.end_char, name, e.label_))
        spans.sort(key=lambda s: s.start)
        self.spans = spans
        self.starts = [s.start for s in spans]
        self.titles: dict[str, _Named] = {}
        ambiguous: set[str] = set()
        for ent in entities:  # "the Russian president" -> the one person with that title
            if ent.label != "PERSON" or not any(m.article == article.id for m in ent.mentions):
                continue
            for title in ent.titles:
                key = title.lower()
                if key in self.titles and self.titles[key].name != ent.name:
                    ambiguous.add(key)
                self.titles[key] = _Named(-1, -1, ent.name, ent.label, ent.id)
        for key in ambiguous:
            del self.titles[key]

    def at(self, offset: int) -> _Named | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.spans[i].start <= offset < self.spans[i].end:
            return self.spans[i]
        return None

    def before(self, offset: int, floor: int, label: str) -> _Named | None:
        """The latest ``label`` span starting in ``[floor, offset)``."""
        i = bisect.bisect_left(self.starts, offset) - 1
        while i >= 0 and self.spans[i].start >= floor:
            if self.spans[i].label == label:
                return self.spans[i]
            i -= 1
        return None


def extract_events(
    article: "Article",
    doc: "Doc",
    entities: Sequence[Entity] = (),
    dates: Sequence[DateMention] = (),
) -> list[Event]:
    """Events of one article, in text order.

    Args:
        article: the cleaned article; ``doc`` must be parsed from ``article.text``.
        entities: resolved entities (:func:`newsfuse.facts.entities.resolve_entities`);
            actor, target and place then carry canonical names. Without them the
            NER span text is used.
        dates: date mentions of the article; an event takes the resolved value of
            the one inside its clause, else the first in its sentence. Without
            them, the DATE entity text.

    Returns:
        One :class:`Event` per classified verb or event noun and actor, with its
        modality and entity ids; repeated event nouns merged (see the module doc).
    """
    names = _Names(article, doc, entities)
    quoted = _quoted_spans(article.text)
    sent_starts = [s.start for s in article.sentences]
    out: list[tuple[Event, bool]] = []
    for tok in doc:
        if _inside(quoted, tok.idx):
            continue
        found = _verb_event(tok) or _noun_event(tok)
        if found is None:
            continue
        action, verb, head, noun = found
        nominal = noun is not None and noun.i == head.i
        sent = _sentence(article, doc, sent_starts, tok)
        actors = _actors(head, noun)
        negated = _negated(head)
        target_tok = _target(head, noun, action)
        place, place_id = _place(head, noun, names)
        target, target_id = _name(target_tok, names, sent[0], possessor=True) if target_tok is not None else ("", "")
        if action == "visit" and not place and target_tok is not None and _is_place(target_tok, names):
            place = target
        if action == "visit" and not target:  # "arrived in Paris": the destination
            target, target_id = place, place_id
        when = _date(head, sent, dates, doc)
        modality = _modality(head, nominal, when)
        seen: set[str] = set()
        for actor_tok in actors or [None]:
            actor, actor_id = _name(actor_tok, names, sent[0]) if actor_tok is not None else ("", "")
            if actor in seen or (not actor and not target):
                continue
            seen.add(actor)
            event = Event(
                article=article.id, action=action, verb=verb, actor=actor, target=target,
                place=place, date=when.shown if when else "", text=article.text[sent[0] : sent[1]],
                sentence_start=sent[0], sentence_end=sent[1], negated=negated,
                modality=modality, actor_id=actor_id, target_id=target_id,
            )
            out.append((event, nominal))
    return _merge_repeats(out)


# -- finding the predicate ------------------------------------------------------------


def _verb_event(tok: "Token") -> tuple[str, str, "Token", "Token | None"] | None:
    """A classified verb, or a light verb with a classified event noun."""
    if tok.pos_ != "VERB":
        return None
    lemma = tok.lemma_.lower()
    if lemma in _NEGATING and any(c.dep_ == "xcomp" and c.lemma_.lower() in ACTIONS for c in tok.children):
        return None  # "declined to condemn": the governed verb carries the (negated) event
    if lemma in _LIGHT_VERBS:
        noun = _light_noun(tok)
        if noun is not None:
            return EVENT_NOUNS[_noun_key(noun)], f"{lemma} {noun.lower_}", tok, noun
    if lemma in ACTIONS:
        if lemma in ("travel", "fly", "arrive", "land") and not _has_prep(tok, ("to", "in", "at")):
            return None  # "fly" alone is no visit
        if lemma == "talk" and not _has_prep(tok, ("with", "to")):
            return None
        if lemma in ("host", "receive") and not any(c.dep_ == "dobj" and c.ent_type_ == "PERSON" for c in tok.children):
            return None  # "hosted the summit", "received a call": no meeting with someone
        if lemma == "press" and not any(c.dep_ in ("dobj", "xcomp") for c in tok.children):
            return None
        return ACTIONS[lemma], lemma, tok, None
    return None


def _noun_key(noun: "Token") -> str:
    low = noun.lower_
    return low if low in EVENT_NOUNS else noun.lemma_.lower()


def _light_noun(verb: "Token") -> "Token | None":
    """The event noun a light verb carries: "held talks", "engage in discussions"."""
    for c in verb.children:
        if c.dep_ == "dobj" and _noun_key(c) in EVENT_NOUNS:
            return c
        if c.dep_ == "prep" and c.lower_ in ("in", "for"):
            for g in c.children:
                if g.dep_ == "pobj" and _noun_key(g) in EVENT_NOUNS:
                    return g
    return None


def _noun_event(tok: "Token") -> tuple[str, str, "Token", "Token | None"] | None:
    """An event noun with its doer as possessor ("Modi's visit", "India's criticism")."""
    if tok.pos_ != "NOUN" or _noun_key(tok) not in _POSSESSED_EVENT_NOUNS:
        return None
    if tok.head.pos_ == "VERB" and tok.head.lemma_.lower() in _LIGHT_VERBS:
        return None  # the light verb reports it
    if not any(c.dep_ == "poss" for c in tok.children):
        return None
    return EVENT_NOUNS[_noun_key(tok)], tok.lemma_.lower(), tok, tok


def _has_prep(tok: "Token", preps: tuple[str, ...]) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in preps for c in tok.children)


# -- arguments ------------------------------------------------------------------------


def _actors(head: "Token", noun: "Token | None") -> list["Token"]:
    """The doers: subject (or passive agent, or controller), with its conjuncts."""
    if noun is not None and noun.i == head.i:  # "Modi's visit"
        subj = next((c for c in head.children if c.dep_ == "poss"), None)
    else:
        subj = _subject(head)
    if subj is None:
        return []
    return [subj] + [c for c in subj.children if c.dep_ == "conj"][:3]


def _subject(verb: "Token", depth: int = 0) -> "Token | None":
    if depth > 4:
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:  # passive: the agent acts ("a dinner hosted by Mr. Putin")
        return next((g for g in agent.children if g.dep_ == "pobj"), None)
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ in _SUBJ:
            if c.lower_ in _RELATIVE and verb.dep_ == "relcl":  # "Russia, which is buying"
                return verb.head
            return c
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ in ("acl", "advcl") and head.pos_ == "NOUN":  # "his decision to travel"
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss
        by = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        if by is not None:  # "a trip by senior US officials to India to discuss ..."
            return next((g for g in by.children if g.dep_ == "pobj"), None)
        return None
    if verb.dep_ == "xcomp":
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None:  # object control: "urged Modi to press"
            return obj
        if any(c.dep_ == "nsubjpass" for c in head.children):  # "Modi is set to meet"
            return next(c for c in head.children if c.dep_ == "nsubjpass")
        return _subject(head, depth + 1)
    if verb.dep_ == "acomp":  # "Scholz is due to visit": the subject of "is"
        return _subject(head, depth + 1)
    if verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN")):
        if any(c.dep_ == "nsubjpass" for c in head.children) and verb.dep_ == "conj":
            return next(c for c in head.children if c.dep_ == "nsubjpass")
        return _subject(head, depth + 1)
    if verb.dep_ in ("pobj", "pcomp") and head.dep_ == "prep":  # "refrained from criticism"
        up = head.head
        if verb.dep_ == "pcomp" and head.lower_ in ("of", "for") and up.lemma_.lower() in _ACCUSING:
            accused = next((c for c in up.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if accused is not None:  # "accused Russia of attacking", "Russia was blamed for shelling"
                return accused
        for _ in range(3):  # "stopped short of condemning", "since launching ..."
            if up.pos_ in ("VERB", "AUX"):
                return _subject(up, depth + 1)
            if up.head.i == up.i:
                break
            up = up.head
    return None


def _target(head: "Token", noun: "Token | None", action: str) -> "Token | None":
    """Whom the action is done to: the passive subject, the object, or a prepositional object."""
    preps = _TARGET_PREPS.get(action, ())
    if noun is None:
        for c in head.children:
            if c.dep_ == "nsubjpass":
                return c
        for c in head.children:
            if c.dep_ in ("dobj", "dative"):
                return c
    holders = [t for t in (noun, head) if t is not None]
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def _place(head: "Token", noun: "Token | None", names: _Names) -> tuple[str, str]:
    """A GPE/LOC/FAC in a locative phrase of the verb, its object or its event noun."""
    holders = [head] + [t for t in (noun,) if t is not None and t.i != head.i]
    holders += [c for c in head.children if c.dep_ in ("dobj", "xcomp")]
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and _is_place(pobj, names):
                    return _name(pobj, names, 0)
    return "", ""


def _is_place(tok: "Token", names: _Names) -> bool:
    named = names.at(tok.idx)
    if named is not None:
        return named.label in _PLACE_LABELS
    return tok.ent_type_ in _PLACE_LABELS


def _name(tok: "Token", names: _Names, sent_start: int, possessor: bool = False) -> tuple[str, str]:
    """A token's canonical entity name and id, else its noun phrase and ""."""
    named = names.at(tok.idx)
    if named is not None:
        return named.name, named.id
    for c in tok.children:  # "the foreign secretary, Vinay Kwatra"
        named = names.at(c.idx) if c.dep_ == "appos" else None
        if named is not None:
            return named.name, named.id
    low = tok.lower_
    if low in _PERSONAL:
        named = _antecedent(tok, names, sent_start)
        return (named.name, named.id) if named is not None else ("", "")
    if tok.pos_ == "PRON":
        return "", ""  # "they", "it": unresolved, no actor rather than a wrong one
    if possessor:  # "criticized Modi's trip" targets Modi
        for c in tok.children:
            named = names.at(c.idx) if c.dep_ == "poss" else None
            if named is not None:
                return named.name, named.id
    phrase = _phrase(tok)
    titled = names.titles.get(phrase.lower())  # "the Russian president"
    return (titled.name, titled.id) if titled is not None else (phrase, "")


def _antecedent(pron: "Token", names: _Names, sent_start: int, depth: int = 0) -> _Named | None:
    """The person "he"/"his" means: a person subject of a clause holding it (the controller of
    "urged Modi to ... his talks"), else the latest person subject before it, else the latest
    person named, within a few hundred characters."""
    tok = pron
    for _ in range(12):
        for c in tok.children:  # "Modi's visit to Russia, his first trip"
            if c.dep_ == "poss" and c.i != pron.i:
                named = names.at(c.idx)
                if named is not None and named.label == "PERSON":
                    return named
        if tok.pos_ in ("VERB", "AUX"):
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i != pron.i:
                    named = names.at(c.idx)
                    if named is not None and named.label == "PERSON":
                        return named
            if tok.dep_ == "xcomp":
                obj = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
                named = names.at(obj.idx) if obj is not None else None
                if named is not None and named.label == "PERSON":
                    return named
        if tok.head.i == tok.i:
            break
        tok = tok.head
    same = names.before(pron.idx, sent_start, "PERSON")
    if same is not None:
        return same
    floor = max(0, sent_start - 400)
    doc = pron.doc
    for t in reversed(doc[: pron.i]):
        if t.idx < floor:
            break
        if t.dep_ in ("nsubj", "nsubjpass", "poss"):
            named = names.at(t.idx)
            if named is not None and named.label == "PERSON":
                return named
            if t.lower_ in _PERSONAL and depth < 2:  # "he won ...": whom that "he" means
                start = t.sent.start_char
                found = _antecedent(t, names, start, depth + 1)
                if found is not None:
                    return found
    return names.before(pron.idx, floor, "PERSON")


def _phrase(tok: "Token") -> str:
    """A compact noun phrase: modifiers up to the head, plus a short "of ..." phrase."""
    doc = tok.doc
    toks = list(doc[tok.left_edge.i : tok.i + 1])
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and of.right_edge.i - tok.i <= 6:
        toks = list(doc[tok.left_edge.i : of.right_edge.i + 1])
    while toks and (toks[0].lower_ in _DETERMINERS or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or (len(toks) > 1 and toks[-1].pos_ in ("ADJ", "ADV") and toks[-1].i == tok.i)):
        toks = toks[:-1]  # "The two last met": the parser's subject is "last"
    if not toks:
        return tok.text
    return " ".join("".join(t.text_with_ws for t in toks).split()).replace("’", "'")


def _negated(head: "Token") -> bool:
    """"did not condemn", "never met", "declined to condemn", "refrained from criticism"."""
    tok: Token = head
    for _ in range(4):
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        if tok.i != head.i and tok.lemma_.lower() in _NEGATING:
            return True
        if tok.dep_ in ("xcomp", "pobj", "pcomp", "prep", "advmod") and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    return False


# -- modality -------------------------------------------------------------------------

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"might", "could", "may", "would", "should", "can", "ca", "must"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
_REPORTED_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
# "X is set to meet": the governor of an infinitive ("xcomp") -> what it makes of the governed event.
_GOVERNORS: dict[str, str] = {
    **dict.fromkeys("set due expect schedule slate poise".split(), "future"),
    **dict.fromkeys(
        """plan intend aim seek want hope try attempt prepare propose vow pledge promise wish mean
        decide agree offer threaten look""".split(), "planned"
    ),
    **dict.fromkeys(  # likelihood, and requests of someone else ("urged Modi to press")
        """likely unlikely possible urge ask press encourage invite order instruct beg push advise
        recommend call""".split(), "hypothetical"
    ),
    **dict.fromkeys("say allege report believe think rumour rumor claim understand suspect".split(), "reported"),
}
# Nouns whose infinitive is an intention or a chance: "Modi's plan to visit", "the possibility to meet".
_NOUN_GOVERNORS: dict[str, str] = {
    **dict.fromkeys("plan intention bid attempt effort proposal promise pledge vow offer threat".split(), "planned"),
    **dict.fromkeys("chance possibility option".split(), "hypothetical"),
}
# Verbs whose that-clause is someone's claim: "said (that) X attacked Y".
_REPORTING = frozenset(
    """say tell state claim allege report add note insist indicate suggest believe think argue assert deny
    warn write confirm announce reveal acknowledge admit testify contend maintain explain predict tweet post
    show find estimate fear hope expect stress emphasise emphasize reiterate charge""".split()
)
# Nouns whose clause is someone's claim: "claims that X attacked Y".
_REPORT_NOUNS = frozenset(
    "claim allegation report accusation statement assertion suggestion belief denial rumour rumor charge".split()
)
# "accused X of attacking", "blamed X for the attack".
_ACCUSING = frozenset({"accuse", "blame", "charge", "suspect"})
# Adjectives on an event noun: "upcoming visit", "planned trip", "possible talks".
_NOUN_MODIFIERS: dict[str, str] = {
    **dict.fromkeys("upcoming forthcoming coming scheduled expected impending".split(), "future"),
    **dict.fromkeys("planned proposed intended mooted".split(), "planned"),
    **dict.fromkeys("possible potential likely prospective hypothetical".split(), "hypothetical"),
    **dict.fromkeys("alleged reported rumoured rumored purported".split(), "reported"),
}
_ORDER = ("hypothetical", "planned", "future", "reported")  # least certain first
_FUTURE_WORDS = ("next ", "tomorrow", "upcoming", "coming ", "later this")


def _modality(head: "Token", nominal: bool, when: _When | None) -> str:
    """The event's modality: the least certain of the marks its clause chain carries (module doc)."""
    if nominal:
        marks = _noun_marks(head)
        tensed = _clause_verb(head)
    else:
        marks = _chain_marks(head)
        tensed = head
    if not marks - {"reported"} and when is not None and not _past(tensed) and _after_anchor(when):
        marks.add("future")  # "the talks begin on Tuesday", "is meeting him next week"
    return next((m for m in _ORDER if m in marks), "asserted")


def _chain_marks(verb: "Token") -> set[str]:
    """Marks on a verb and on the verbs it is an infinitive or bare conjunct of; "reported" from the top.

    "is set to meet" climbs to "set"; "will visit Moscow and meet Putin" lends "will"
    to "meet"; a finite conjunct ("landed and met") keeps its own.
    """
    marks: set[str] = set()
    tok = verb
    for _ in range(6):
        marks |= _own_marks(tok)
        gov = tok.head
        if gov.i == tok.i:
            break
        if tok.dep_ == "xcomp":
            lemma = gov.lemma_.lower()
            if lemma in _GOVERNORS:
                marks.add(_GOVERNORS[lemma])
            elif lemma == "go" and gov.tag_ == "VBG":
                marks.add("future")  # "is going to visit"
            elif lemma == "be" and gov.pos_ == "AUX":
                marks.add("future")  # "Modi is to visit Moscow"
            tok = gov
        elif tok.dep_ == "acl" and gov.pos_ == "NOUN" and gov.lemma_.lower() in _NOUN_GOVERNORS:
            marks.add(_NOUN_GOVERNORS[gov.lemma_.lower()])  # "Modi's plan to visit Moscow"
            break
        elif tok.dep_ == "acomp" or (
            tok.dep_ == "conj" and tok.tag_ in ("VB", "VBG", "VBN") and not any(c.dep_ in _SUBJ for c in tok.children)
        ):
            tok = gov  # "is due to visit": climb past "due"
        else:
            break
    if _reported(tok):
        marks.add("reported")
    return marks


def _own_marks(tok: "Token") -> set[str]:
    """Marks a verb carries itself: modals, conditionals, "reportedly", "according to"."""
    marks: set[str] = set()
    for c in tok.children:
        low = c.lower_
        if c.dep_ in ("aux", "auxpass") and low in _FUTURE_AUX:
            marks.add("future")
        elif c.dep_ in ("aux", "auxpass") and low in _HYPOTHETICAL_AUX:
            marks.add("hypothetical")
        elif c.dep_ == "mark" and low in _CONDITIONAL_MARKS:
            marks.add("hypothetical")  # "if Iran attacks Israel"
        elif c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children):
            marks.add("hypothetical")  # "..., Washington sanctions Tehran": the clause a condition governs
        elif c.dep_ == "advmod" and low in _REPORTED_ADVERBS:
            marks.add("reported")
        elif c.dep_ == "prep" and low == "according":
            marks.add("reported")
    return marks


def _reported(top: "Token") -> bool:
    """The clause headed by ``top`` is the content of a claim: under a reporting verb or noun,
    "accused X of ...", or with a trailing "officials said"."""
    tok = top
    for _ in range(4):  # "said X attacked Y and killed Z": up through conjuncts
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    gov = tok.head
    if tok.dep_ == "ccomp" and gov.lemma_.lower() in _REPORTING:
        return True
    if tok.dep_ in ("ccomp", "acl") and gov.pos_ == "NOUN" and gov.lemma_.lower() in _REPORT_NOUNS:
        return True
    if tok.dep_ in ("pcomp", "pobj") and gov.lower_ in ("of", "for") and gov.head.lemma_.lower() in _ACCUSING:
        return True
    return any(  # "X attacked Y, officials said": the parser hangs "said" under the event
        c.dep_ in ("ccomp", "parataxis") and c.i > tok.i and c.lemma_.lower() in _REPORTING
        and any(g.dep_ in _SUBJ for g in c.children) and not any(g.dep_ in ("ccomp", "dobj") for g in c.children)
        for c in tok.children
    )


def _noun_marks(noun: "Token") -> set[str]:
    """Marks of an event noun: its adjective ("upcoming visit"), "will" of the verb it is the
    subject of ("Modi's visit will be ..."), and "reported" from its clause."""
    marks = {_NOUN_MODIFIERS[c.lower_] for c in noun.children if c.dep_ == "amod" and c.lower_ in _NOUN_MODIFIERS}
    verb = _clause_verb(noun)
    if verb.i == noun.i:
        return marks
    chain = _chain_marks(verb)
    if noun.dep_ in ("nsubj", "nsubjpass", "attr") and noun.head.i == verb.i and "future" in chain:
        marks.add("future")
    if "reported" in chain:
        marks.add("reported")
    return marks


def _past(verb: "Token") -> bool:
    """The verb is in a past tense ("landed", "has met", "was attacked")."""
    if verb.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and (c.tag_ == "VBD" or c.lemma_ == "have") for c in verb.children)


def _after_anchor(when: _When) -> bool:
    """The date lies after the article's anchor date: resolved values compared by the first day
    they cover ("2024-07-09", "2024-W29", "2024-08"), else the wording ("next week", "tomorrow")."""
    first = _first_day(when.value)
    anchor = _first_day(when.anchor[:10]) if when.anchor else None
    if first is not None and anchor is not None:
        return first > anchor
    if when.value:
        return False
    low = when.text.lower() + " "
    return any(w in low for w in _FUTURE_WORDS)


def _first_day(value: str) -> "_dt.date | None":
    """The first day an ISO date, week, month or year covers; None for anything else."""
    try:
        if len(value) == 10:
            return _dt.date.fromisoformat(value)
        if len(value) == 8 and value[5] == "W":
            return _dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        if len(value) == 7:
            return _dt.date(int(value[:4]), int(value[5:]), 1)
        if len(value) == 4:
            return _dt.date(int(value), 1, 1)
    except ValueError:
        return None
    return None


# -- merging repeats --------------------------------------------------------------------


def _merge_repeats(found: list[tuple[Event, bool]]) -> list[Event]:
    """Drop event nouns that refer back to an event already kept (module doc: "Repeated event nouns").

    ``found`` pairs each event with whether it came from a possessed event noun.
    """
    covered: set[tuple[int, str, str, str]] = set()  # (sentence, actor, action, modality) with a target
    for e, _ in found:
        if e.target or e.place:
            covered.add((e.sentence_start, e.actor, e.action, e.modality))
    kept: list[Event] = []
    dates_of: dict[tuple[str, str, str, str, str, bool], set[str]] = {}
    for e, nominal in found:
        key = (e.actor, e.action, e.target, e.place, e.modality, e.negated)
        if nominal:
            if not e.target and not e.place and (e.sentence_start, e.actor, e.action, e.modality) in covered:
                continue  # "Modi's visit to Russia, his first trip": one visit
            earlier = dates_of.get(key)
            if earlier is not None and (not e.date or e.date in earlier):
                continue  # "Modi's visit" again: the first mention stands
        dates_of.setdefault(key, set()).add(e.date)
        kept.append(e)
    return kept


# -- sentence, date, quotes -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _When:
    """The date an event takes: what ``Event.date`` shows, and what it resolved to against which anchor."""

    start: int
    end: int
    shown: str
    value: str
    anchor: str
    text: str


def _sentence(article: "Article", doc: "Doc", starts: list[int], tok: "Token") -> tuple[int, int]:
    """The article sentence holding the token (the parser's sentence when none fits)."""
    i = bisect.bisect_right(starts, tok.idx) - 1
    if i >= 0 and article.sentences[i].start <= tok.idx < article.sentences[i].end:
        return article.sentences[i].start, article.sentences[i].end
    sent = tok.sent
    return sent.start_char, sent.end_char


def _date(head: "Token", sent: tuple[int, int], dates: Sequence[DateMention], doc: "Doc") -> _When | None:
    """The date of the event's clause: inside the event's phrase, else nearest to its word.

    Durations ("two-day"), dates of other clauses and dates that bound another
    time ("since winning a third term last month", "after the election in June")
    are not the event's date.
    """
    lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    spans: list[_When]
    if dates:
        spans = [
            _When(d.start, d.end, d.value or d.text, d.value, d.anchor, d.text)
            for d in dates if d.kind not in ("duration", "since")
        ]
    else:
        spans = [_When(e.start_char, e.end_char, e.text, "", "", e.text) for e in doc.ents if e.label_ == "DATE"]
    clause = _clause_verb(head)  # a date of the same clause ("Modi landed on Monday"), not of another one
    same = [
        s for s in spans
        if s.start < sent[1] and s.end > sent[0] and not _bounding(doc, s.start, head)
        and _clause_verb(_token_at(doc, s.start, head)).i == clause.i
    ]
    if not same:
        return None
    inside = [s for s in same if s.start >= lo and s.end <= hi]
    return min(inside or same, key=lambda s: abs(s.start - head.idx))


def _clause_verb(tok: "Token") -> "Token":
    """The verb of the clause a token belongs to; "set to meet" is one clause."""
    for _ in range(12):
        if tok.head.i == tok.i or (tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("xcomp", "auxpass", "aux")):
            return tok
        tok = tok.head
    return tok


def _token_at(doc: "Doc", offset: int, default: "Token") -> "Token":
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else default


def _bounding(doc: "Doc", offset: int, head: "Token") -> bool:
    """The date at ``offset`` sits under "since"/"after"/"before"/"until" below the event's word."""
    tok = _token_at(doc, offset, head)
    for _ in range(12):
        if tok.i == head.i:
            return False
        if tok.lower_ in _BOUNDING or any(c.dep_ == "mark" and c.lower_ in _BOUNDING for c in tok.children):
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges between quotation marks (curly pairs, or straight quotes paired per paragraph)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        open_at = -1
        straight = -1
        for i, ch in enumerate(para):
            if ch in _OPEN and open_at < 0:
                open_at = i
            elif ch in _CLOSE and open_at >= 0:
                spans.append((pos + open_at, pos + i + 1))
                open_at = -1
            elif ch == '"':
                if straight < 0:
                    straight = i
                else:
                    spans.append((pos + straight, pos + i + 1))
                    straight = -1
        if open_at >= 0:  # a quote running to the paragraph's end
            spans.append((pos + open_at, pos + len(para)))
        pos += len(para) + 1
    spans.sort()
    return spans


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]
