"""Events of one article: :func:`extract_events` finds the predicates and their
:data:`ACTIONS`, and assembles :class:`~newsfuse.facts.records.Event` records
from the parts in the sibling modules (see :mod:`newsfuse.facts.events`)."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Sequence

from ...lexicons import mapping, words
from ..records import DateMention, Entity, Event, Modality
from ..token_scan import TokenScan
from .arguments import find_actors, find_place, find_target
from .dates import event_date
from .merge import merge_repeats
from .modality import modality_of
from .names import EntityNames, entity_name, is_place

if TYPE_CHECKING:  # spaCy is imported lazily by the caller
    import numpy as np
    from spacy.tokens import Doc, Token

    from ...model import Article

__all__ = ["ACTIONS", "EVENT_NOUNS", "extract_events"]


# Verb lemma -> action class (PLOVER-style). One table: extend lexicons/en/event_actions.tsv.
ACTIONS: dict[str, str] = dict(mapping("event_actions"))
# Event nouns: after a light verb ("held talks") or with a possessor ("Modi's visit").
EVENT_NOUNS: dict[str, str] = dict(mapping("event_nouns"))
# Verbs that only carry an event noun ("hold talks", "pay a visit", "impose sanctions").
_LIGHT_VERBS = words("light_verbs_events")
# Nouns that need a possessor to be an event of their own ("Modi's visit").
_POSSESSED_EVENT_NOUNS = words("possessed_event_nouns")
# Matrix verbs that negate the action they govern ("declined to condemn", "refrained from criticism").
_NEGATING = words("negating_verbs")
_OPEN = "“„«"
_CLOSE = "”»"
_QUOTE_MARK = re.compile("[" + re.escape(_OPEN + _CLOSE + '"') + "]")


def extract_events(
    article: "Article",
    doc: "Doc",
    entities: Sequence[Entity] = (),
    dates: Sequence[DateMention] = (),
    *,
    scan: TokenScan | None = None,
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
        scan: a :class:`~newsfuse.facts.token_scan.TokenScan` of ``doc`` to share.

    Returns:
        One :class:`Event` per classified verb or event noun and actor, with its
        modality and entity ids; repeated event nouns merged
        (:mod:`~newsfuse.facts.events.merge`).
    """
    names = EntityNames(article, doc, entities)
    quoted = _quoted_spans(article.text)
    sent_starts = [s.start for s in article.sentences]
    out: list[tuple[Event, bool]] = []
    scan = TokenScan(doc) if scan is None else scan
    for tok in scan.tokens(_possible_events(scan)):
        if _inside(quoted, tok.idx):
            continue
        found = _verb_event(tok) or _noun_event(tok)
        if found is None:
            continue
        action, verb, head, noun = found
        nominal = noun is not None and noun.i == head.i
        sent = _sentence(article, doc, sent_starts, tok)
        actors = find_actors(head, noun)
        negated = _negated(head)
        target_tok = find_target(head, noun, action)
        place, place_id = find_place(head, noun, names)
        target, target_id = entity_name(target_tok, names, sent[0], possessor=True) if target_tok is not None else ("", "")
        if action == "visit" and not place and target_tok is not None and is_place(target_tok, names):
            place = target
        if action == "visit" and not target:  # "arrived in Paris": the destination
            target, target_id = place, place_id
        when = event_date(head, sent, dates, doc)
        modality = modality_of(head, nominal, when)
        seen: set[str] = set()
        for actor_tok in actors or [None]:
            actor, actor_id = entity_name(actor_tok, names, sent[0]) if actor_tok is not None else ("", "")
            if actor in seen or (not actor and not target):
                continue
            seen.add(actor)
            event = Event(
                article=article.id, action=action, verb=verb, actor=actor, target=target,
                place=place, date=when.shown if when else "", text=article.text[sent[0] : sent[1]],
                sentence_start=sent[0], sentence_end=sent[1], negated=negated,
                modality=Modality(modality), actor_id=actor_id, target_id=target_id,
            )
            out.append((event, nominal))
    return merge_repeats(out)


def _possible_events(scan: TokenScan) -> "np.ndarray":
    """Mask of the tokens :func:`_verb_event` or :func:`_noun_event` can accept: verbs
    with a lemma of ``ACTIONS`` or ``_LIGHT_VERBS``, nouns that may be possessed events."""
    verbs = scan.among("POS", frozenset({"VERB"}))
    nouns = scan.among("POS", frozenset({"NOUN"}))
    verb_events = scan.passing("LEMMA", lambda lemma: lemma.lower() in ACTIONS or lemma.lower() in _LIGHT_VERBS,
                               within=verbs)
    noun_events = scan.passing("LEMMA", lambda lemma: lemma.lower() in _POSSESSED_EVENT_NOUNS, within=nouns)
    return verb_events | noun_events | (nouns & scan.among("LOWER", _POSSESSED_EVENT_NOUNS))


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


def _sentence(article: "Article", doc: "Doc", starts: list[int], tok: "Token") -> tuple[int, int]:
    """The article sentence holding the token (the parser's sentence when none fits)."""
    i = bisect.bisect_right(starts, tok.idx) - 1
    if i >= 0 and article.sentences[i].start <= tok.idx < article.sentences[i].end:
        return article.sentences[i].start, article.sentences[i].end
    sent = tok.sent
    return sent.start_char, sent.end_char


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges between quotation marks (curly pairs, or straight quotes paired per paragraph)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        open_at = -1
        straight = -1
        for m in _QUOTE_MARK.finditer(para):  # the other characters change nothing
            i, ch = m.start(), m.group()
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
