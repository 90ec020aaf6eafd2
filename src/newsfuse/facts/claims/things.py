"""Naming what a number counts or measures, from the clause around it.

For counts, the noun the number modifies with its modifiers and the clause
it is in ("Indian soldiers killed", "Indians residing in Russia"). For money
and percentages, the clause: the subject of a level verb ("India's exports to
Russia were $4.26 billion"), or a trade verb nominalised ("India imports
$60bn from Russia" -> "India's imports from Russia"). "A buys/purchases from
B" is written as "B's exports to A", so one flow has one name whichever side
the writer stood on (imports stay imports: a set of words cannot tell the two
directions of a flow apart, the noun can). A percentage on a verb of change
("trade jumped 33%") measures the change: unit ``percent``, thing "rise in
India's bilateral trade with Russia" ("fall in ..." for falls); "15% of the
staff voted" is a share ("share of staff that voted ..."). In "rose to
$5.2bn, up from $4.1bn a year earlier" the second figure is the same thing's
earlier value. Counts are named by their noun ("Indians residing in Russia",
with "there" resolved to the last place named before), through "including"
("students among Indians residing in Russia") and "X, which includes N
residents" ("residents of Indian community in Russia"); the unit is the
noun's lemma ("indian", "soldier", "people").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...lexicons import mapping, words
from .numbers import Amount, parse_amount
from .parse import (
    entity_span,
    is_date_phrase,
    join_words,
    noun_lemma,
    noun_phrase,
    number_root,
    possessive,
    subject_of,
    subtree_phrase,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

__all__ = ["name_thing"]


# Verbs whose object is a traded amount -> the noun a thing is named with.
_TRADE_VERBS = dict(mapping("trade_verbs"))
_INVERSE = {"buy", "purchase"}  # "A buys from B" == "B's exports to A"
_TRADE_NOUNS = set(words("trade_nouns"))
_RISE = set(words("change_rise_words"))
_FALL = set(words("change_fall_words"))
# Verbs that state a level: "X were $4bn", "X stood at $4bn", "X soared to $65bn".
_LEVEL = set(words("level_verbs"))
# Nouns that only say "a figure of": "an all-time high of $65.7 billion" measures the subject.
_LEVEL_NOUNS = set(words("level_nouns"))
# Verbs a bare count can hang from without its noun: "the bombing killed at least 41".
_COUNT_VERBS = set(words("count_verbs"))
# Singular nouns that are counted as they are: "150 staff", "200 police".
_COLLECTIVE = set(words("collective_nouns"))
_VAGUE_WORDS = re.compile(r"^(dozens?|hundreds|thousands|millions|billions|number)$", re.I)


def name_thing(doc: "Doc", span: "SpacySpan", root: "Token", amount: Amount) -> tuple[str, str, "Token | None"]:
    """(thing, unit noun lemma, clause head) for a number phrase."""
    inside = set(range(span.start, span.end))
    measure = bool(amount.unit) or bool(re.search(r"dollars|euros|rupees", span.text, re.I))
    if root.dep_ == "appos" and root.head.i not in inside:
        # "$65bn (£50.76bn)": the same figure in another currency
        head_span = entity_span(doc, root.head)
        thing, _, clause = name_thing(doc, head_span, number_root(head_span), parse_amount(head_span.text) or amount)
        return thing, "", clause
    earlier = _earlier_level(root)
    if earlier is not None:
        # "rose to $5bn, up from $4bn a year earlier": the earlier value of the same thing
        now_span = entity_span(doc, earlier)
        thing, unit, _ = name_thing(doc, now_span, number_root(now_span), parse_amount(now_span.text) or amount)
        return thing, unit if not amount.unit else "", root.head.head
    if not measure and root.i in inside and root.pos_ == "NOUN" and not _VAGUE_WORDS.search(root.text):
        # a measure with its unit: "about 40,000 tonnes of wheat", "12 km of road"
        goods = _goods(root, inside).removeprefix("of ")
        verb = root.head if root.head.pos_ in ("VERB", "AUX") and root.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") else None
        action = _verb_phrase(doc, verb, root, inside) if verb is not None else ""
        return join_words(goods, action), noun_lemma(root), verb
    if not measure:
        noun = _counted_noun(root, inside)
        if noun is not None and noun.pos_ == "PROPN" and noun.ent_type_ not in ("NORP", "") and noun.i > root.i:
            return "", "", None  # "24 Independent Street", "2,290 Phil Ford": a name, not a count
        if noun is not None and noun.tag_ == "NN" and (amount.value or 0) > 1 and noun.lower_ not in _COLLECTIVE:
            return "", "", None  # "a 911 caller", "a 5 million contract": a modifier, not a count
        if noun is not None and root.dep_ == "pobj" and root.head.head.lemma_ == "number":
            # "Indians - thought to number in the dozens - still fighting in the war"
            verb = root.head.head
            doing = [c for v in (verb, verb.head) for c in v.children if c.dep_ == "advcl" and c.tag_ == "VBG"]
            action = _verb_phrase(doc, doing[0], noun, inside) if doing else ""
            return join_words(noun_phrase(noun, inside), action), noun_lemma(noun), verb
        if noun is not None:
            thing, clause = _count_thing(doc, noun, inside)
            return thing, noun_lemma(noun), clause
        elided = root.i + 1 < len(doc) and doc[root.i + 1].lower_ in ("more", "other", "others")
        if root.dep_ in ("dobj", "nsubj", "nsubjpass") and root.head.lemma_.lower() in _COUNT_VERBS and not elided:
            # "the bombing killed at least 41": what happened to the uncounted noun
            return _verb_phrase(doc, root.head, root, inside), "", root.head
        if not amount.unit:
            return "", "", None  # a count of nothing we can name ("a dozen more")
    return _measure_thing(doc, root, inside, amount)


def _earlier_level(root: "Token") -> "Token | None":
    """For "up from X": the token of the current figure the sentence compares X with."""
    prep = root.head
    if not (root.dep_ == "pobj" and prep.lower_ == "from" and prep.head.lower_ in ("up", "down")):
        return None
    verb = prep.head.head
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "npadvmod") and child.i != prep.head.i and any(t.like_num for t in child.subtree):
            return child
        if child.dep_ == "prep" and child.lower_ == "to":
            pobj = [c for c in child.children if c.dep_ == "pobj" and any(t.like_num for t in c.subtree)]
            if pobj:
                return pobj[0]
    return None


def _counted_noun(root: "Token", inside: set[int]) -> "Token | None":
    """The noun a count modifies: "14,000 Indians", "20 Indian [and ...] soldiers"."""
    head = root.head
    if root.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") and head.i not in inside:
        if head.pos_ in ("NOUN", "PROPN"):
            return head
        if head.pos_ == "ADJ":  # "20 Indian and at least four Chinese soldiers"
            for t in head.conjuncts:
                if t.pos_ in ("NOUN", "PROPN"):
                    return t
            if head.head.pos_ in ("NOUN", "PROPN"):
                return head.head
    if root.pos_ in ("NOUN", "PROPN") and not _VAGUE_WORDS.match(root.text):
        return None
    # "Indians - thought to number in the dozens": the counted noun is what "number" is about
    if root.dep_ == "pobj" and root.head.head.lemma_ == "number":
        verb = root.head.head
        subj = subject_of(verb)
        if subj is not None:
            return subj
        for t in reversed(list(root.sent)[: verb.i - root.sent.start]):
            if t.pos_ in ("NOUN", "PROPN"):
                return t
    # "dozens of Indians", "hundreds of people"
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    return None


def _count_thing(doc: "Doc", noun: "Token", inside: set[int]) -> tuple[str, "Token | None"]:
    """Name a counted noun with its modifiers and the clause it is in."""
    # "20 Indian and at least four Chinese soldiers": take the adjective the count sits on
    np = noun_phrase(noun, inside | _conj_exclusions(noun, inside))
    adj = [doc[i].head for i in inside if doc[i].head.pos_ == "ADJ" and doc[i].head.i not in inside]
    if adj and adj[0].head.i != noun.i:
        np = f"{adj[0].text} {noun.text}"
    role = noun
    if noun.dep_ == "pobj" and noun.head.head.i in inside:
        role = noun.head.head  # "dozens of homes were destroyed": the count holds the role
    while role.dep_ == "conj" and role.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        role = role.head
    verb = role.head
    if role.dep_ == "pobj" and verb.lower_ == "including" and verb.head.pos_ in ("NOUN", "PROPN"):
        whole, clause = _count_thing(doc, verb.head, inside | {verb.i})
        return f"{np} among {whole}", clause
    if verb.pos_ in ("VERB", "AUX"):
        if role.dep_ in ("dobj", "attr") and verb.lemma_ == "include":
            owner = subject_of(verb)
            if owner is not None and verb.dep_ == "relcl":
                owner = _np_head(owner)
            if owner is not None:
                return f"{np} of {noun_phrase(owner, inside)}", verb
        if role.dep_ in ("nsubj", "nsubjpass"):
            return f"{np} {_verb_phrase(doc, verb, role, inside)}".strip(), verb
        if role.dep_ == "dobj" and verb.lemma_ in ("have", "be", "get"):
            return np, verb
        if role.dep_ == "dobj":  # "killed at least 41 people in Ukraine" -> "people killed in Ukraine"
            pre, post = _split_phrase(np, noun)
            return join_words(pre, _verb_phrase(doc, verb, role, inside), post), verb
    if role.dep_ == "pobj" and verb.head.lemma_ in ("result", "end", "leave", "cause") and verb.head.pos_ == "VERB":
        cause, _ = _subject_up(verb.head)  # "an attack ... resulted in multiple casualties"
        if cause is not None:
            return f"{np} of {noun_phrase(cause, inside)}", verb.head
    return np, verb if verb.pos_ in ("VERB", "AUX") else None


def _split_phrase(np: str, noun: "Token") -> tuple[str, str]:
    """Split a rendered noun phrase after its head noun: ("people", "in Ukraine")."""
    at = np.find(noun.text)
    if at < 0:
        return np, ""
    cut = at + len(noun.text)
    return np[:cut], np[cut:].strip()


def _conj_exclusions(noun: "Token", inside: set[int]) -> set[int]:
    """Tokens of other counts joined to ``noun`` ("4,500 students" next to "Indians")."""
    out: set[int] = set()
    for t in noun.subtree:
        if t.i != noun.i and any(c.like_num for c in t.subtree) and not (set(x.i for x in t.subtree) & inside):
            if t.dep_ in ("conj", "prep", "appos", "nummod"):
                out.update(x.i for x in t.subtree)
    return out


def _np_head(token: "Token") -> "Token":
    """Climb from "Russia" in "the Indian community in Russia" to "community"."""
    while token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in ("NOUN", "PROPN"):
        token = token.head.head
    return token


def _verb_phrase(doc: "Doc", verb: "Token", role: "Token", inside: set[int]) -> str:
    """The verb with its particles, object and place phrases: "killed in Ukraine",
    "residing in Russia" (a present-tense verb after its subject reads as a participle)."""
    words = [_gerund(verb) if role.dep_.startswith("nsubj") and verb.tag_ in ("VBP", "VBZ", "VB") else verb.text]
    for child in verb.children:
        if child.i == role.i or child.i in inside:
            continue
        if child.dep_ == "prt":
            words.append(child.text)
        elif child.dep_ == "dobj" and role.dep_ != "dobj":
            words.append(noun_phrase(child, inside))
        elif child.dep_ == "prep" and child.i > verb.i and child.lower_ in ("in", "to", "into", "from", "at", "for", "on"):
            phrase = subtree_phrase(child, inside)
            if phrase and not is_date_phrase(doc, child):
                words.append(phrase)
        elif child.dep_ == "advmod" and child.lower_ in ("there", "here"):
            place = _antecedent_place(doc, verb) if child.lower_ == "there" else ""
            words.append(f"in {place}" if place else child.text)
    return " ".join(words)


def _gerund(verb: "Token") -> str:
    """ "reside" -> "residing", "live" -> "living", "die" -> "dying", "work" -> "working"."""
    lemma = verb.lemma_.lower()
    if lemma in ("be", "have"):
        return verb.text
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    return lemma + "ing"


def _antecedent_place(doc: "Doc", token: "Token") -> str:
    """The place "there" points back to: the last place named before its sentence."""
    sent = token.sent
    for ent in reversed([e for e in doc.ents if e.end <= sent.start and e.start >= sent.start - 60]):
        if ent.label_ in ("GPE", "LOC"):
            return ent.text
    return ""


def _measure_thing(doc: "Doc", root: "Token", inside: set[int], amount: Amount) -> tuple[str, str, "Token | None"]:
    """Name what money or a percentage measures, from the clause around it."""
    if amount.unit == "percent" and root.dep_ in ("nsubj", "nsubjpass", "dobj") and root.head.pos_ == "VERB":
        of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None:  # "15% of the staff voted for the deal"
            return f"share of {noun_phrase(pobj, inside)} that {_verb_phrase(doc, root.head, root, inside)}", "", root.head
    node, path = root, []
    while node.dep_ in ("pobj", "prep", "dobj", "attr", "npadvmod", "nummod", "quantmod", "advmod", "appos", "compound", "nmod", "acomp", "oprd") and node.head.i != node.i:
        path.append(node)
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            break
        if node.pos_ == "NOUN" and node.i not in inside and path[-1].lower_ == "of" and node.lemma_.lower() not in _LEVEL_NOUNS:
            # "a budget of €1.2 billion": the noun names the figure; its owner is the clause subject
            owner = subject_of(node.head) if node.dep_ in ("dobj", "attr") and node.head.pos_ == "VERB" else None
            name = noun_phrase(node, inside | {path[-1].i})
            return (f"{possessive(noun_phrase(owner, inside))} {name}" if owner is not None else name), "", node.head
    if node.pos_ not in ("VERB", "AUX"):
        if node.pos_ in ("NOUN", "PROPN") and node.i not in inside:
            return noun_phrase(node, inside), "", None  # "a $5 billion deal"
        return "", "", None
    verb = node
    lemma = verb.lemma_.lower()
    direct = path[-1] if path else root
    goods = _goods(root, inside)
    if lemma in _TRADE_VERBS and direct.dep_ in ("dobj", "npadvmod", "attr"):
        subj = subject_of(verb)
        actor = noun_phrase(subj, inside) if subj is not None else ""
        partners = _partners(doc, verb, inside)
        if lemma in _INVERSE and "from" in partners and actor:
            return join_words(f"{possessive(partners['from'])} exports", goods, f"to {actor}"), "", verb
        noun = _TRADE_VERBS[lemma]
        head = f"{possessive(actor)} {noun}" if actor else noun
        extras = [f"{p} {w}" for p, w in partners.items()]
        return join_words(head, goods, *extras), "", verb
    # level or change verbs: the thing is the subject (climbing "hitting" -> "jumped")
    subj, owner_verb = _subject_up(verb)
    subject = _subject_phrase(doc, subj, inside) if subj is not None else ""
    if amount.unit in ("percent", "percentage points"):
        change = _change(verb, root)
        if change and subject:
            return f"{change} in {subject}", "", owner_verb
    if subject and (owner_verb.lemma_.lower() in _LEVEL | _RISE | _FALL or owner_verb is not verb):
        return subject, "", owner_verb
    if subject and subj.pos_ != "PRON":
        # "the Nationals offered Teixeira $160 million": who did what
        objs = [noun_phrase(c, inside) for c in verb.children if c.dep_ in ("dative", "dobj") and c.i not in inside and c.i != direct.i]
        return join_words(subject, verb.text, *objs, goods), "", verb
    if goods:
        return goods.removeprefix("of "), "", verb
    return "", "", verb


def _change(verb: "Token", root: "Token") -> str:
    lemma = verb.lemma_.lower()
    if lemma in _RISE:
        return "rise"
    if lemma in _FALL:
        return "fall"
    for t in root.children:
        if t.lower_ in ("up", "higher"):
            return "rise"
        if t.lower_ in ("down", "lower"):
            return "fall"
    return ""


def _goods(root: "Token", inside: set[int]) -> str:
    """"of goods" in "$4 billion worth of goods", "billions of dollars of oil"."""
    for tok in (root, *[t for t in root.subtree if t.i in inside]):
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i not in inside:
                phrase = subtree_phrase(child, inside)
                if phrase and not re.search(r"\b(dollars|pounds|euros|rupees)\b", phrase):
                    return phrase
    return ""


def _partners(doc: "Doc", verb: "Token", inside: set[int]) -> dict[str, str]:
    """The from/to phrases of a trade verb.

    A verb joined to another ("India exports $4bn to Russia and imports
    $65bn") borrows its partner when it has none, turning "to" into "from"
    when the two verbs run in opposite directions.
    """
    out: dict[str, str] = {}
    sources = [verb] + ([verb.head] if verb.dep_ == "conj" and verb.head.pos_ == "VERB" else [])
    for v in sources:
        flip = v is not verb and _direction(v) and _direction(verb) and _direction(v) != _direction(verb)
        for child in v.children:
            if child.dep_ not in ("prep", "dative") or child.lower_ not in ("from", "to", "into", "with"):
                continue
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if not pobj or is_date_phrase(doc, child):
                continue
            prep = "to" if child.lower_ == "into" else child.lower_
            if flip:
                prep = {"to": "from", "from": "to"}.get(prep, prep)
            if _direction(verb) == "in" and prep == "to" or _direction(verb) == "out" and prep == "from":
                continue
            if prep not in out:
                out[prep] = noun_phrase(pobj[0], inside)
        if out:
            break
    return out


def _direction(verb: "Token") -> str:
    """ "in" for verbs of taking (import, buy), "out" for giving (export, sell)."""
    lemma = verb.lemma_.lower()
    if lemma in ("import", "buy", "purchase", "receive", "borrow"):
        return "in"
    if lemma in ("export", "sell", "ship", "lend", "supply"):
        return "out"
    return ""


def _subject_up(verb: "Token") -> tuple["Token | None", "Token"]:
    """The subject of ``verb`` or of the clause it hangs from ("hitting" -> "jumped")."""
    v = verb
    for _ in range(4):
        subj = subject_of(v)
        if subj is not None:
            return subj, v
        if v.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl") and v.head.i != v.i:
            v = v.head
            while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
                v = v.head
        else:
            break
    return None, verb


def _subject_phrase(doc: "Doc", subj: "Token", inside: set[int]) -> str:
    """The subject, borrowing a possessor from a parallel clause ("imports from the Kremlin")."""
    phrase = noun_phrase(subj, inside)
    if noun_lemma(subj) in _TRADE_NOUNS and not any(c.dep_ == "poss" for c in subj.children):
        for t in subj.sent:
            if t.i != subj.i and noun_lemma(t) in _TRADE_NOUNS:
                poss = [c for c in t.children if c.dep_ == "poss"]
                if poss:
                    return f"{subtree_phrase(poss[0], inside)} {phrase}"
    return phrase
