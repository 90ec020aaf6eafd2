"""Numeric claims: a number, what it counts or measures, when, and how sure.

:func:`extract_claims` reads an article's spaCy ``Doc`` and returns
:class:`~newsfuse.facts.records.Claim` records, stand-off over
``Article.text``. :func:`thing_key` gives the content words a reconciler can
group claims on.

How it works (rules over the parse; the model is only asked for entities):

1. **Candidates.** spaCy ``MONEY``/``CARDINAL``/``PERCENT``/``QUANTITY``
   entities, plus a scan of the text for what the small model misses ("$65bn",
   "dozens", "billions of dollars"); a currency mark or hedge just outside the
   entity is taken in ("(£50.76bn)", "amounted near $61.44 billion"). Counts
   the writer leaves open are claims too, with no value: "an unknown number
   of Chinese troops", "multiple casualties" (low bound 2). Durations
   are claims only in the "first ... in five years" / "first ... since 2019"
   construction, where they state the gap since a previous event.
2. **Not claims.** Years as dates, ordinals, times of day, list numbering,
   numbers inside names ("Group of 20", "Room 204", "24 Independent Street"),
   anaphoric counts ("the two leaders"), a bare "one", numbers that modify a
   singular noun ("a 911 caller"), counts of nothing nameable ("a dozen
   more"), and numbers in short lines without a verb (page chrome). Numbers
   inside quotation marks are claims like any other.
3. **Reading.** :func:`newsfuse.facts.numbers.parse_amount` gives value,
   interval, currency and hedge.
4. **The thing.** For counts, the noun the number modifies with its modifiers
   and the clause it is in ("Indian soldiers killed", "Indians residing
   in Russia"). For money and percentages, the clause: the subject of a level
   verb ("India's exports to Russia were $4.26 billion"), or a trade verb
   nominalised ("India imports $60bn from Russia" -> "India's imports from
   Russia"). "A buys/purchases from B" is written as "B's exports to A", so
   one flow has one name whichever side the writer stood on (imports stay
   imports: a set of words cannot tell the two directions of a flow apart,
   the noun can). A percentage on a verb of change ("trade jumped 33%")
   measures the change: unit ``percent``, thing "rise in India's bilateral
   trade with Russia" ("fall in ..." for falls); "15% of the staff voted"
   is a share ("share of staff that voted ..."). In "rose to $5.2bn, up from
   $4.1bn a year earlier" the second figure is the same thing's earlier value.
   Counts are named by their noun ("Indians residing in Russia", with "there"
   resolved to the last place named before), through "including" ("students
   among Indians residing in Russia") and "X, which includes N residents"
   ("residents of Indian community in Russia"); the unit is the noun's lemma
   ("indian", "soldier", "people").
5. **Time.** The date expression in the claim's clause, resolved with
   :func:`newsfuse.facts.dates.resolve_expression` against ``anchor``
   ("the financial year ended March 2024" -> "2023-04/2024-03"); frequencies
   ("annually", "a year") are kept as written with no period. A "first ...
   since 2019" claim holds the gap in years from 2019 to ``anchor`` (no value
   without an anchor).

:func:`thing_key` stems the thing's content words (a small suffix stripper,
no model) so "killed"/"killing" and "imports"/"import" group together.

Example:
    >>> from newsfuse.facts.nlp import load_nlp                        # doctest: +SKIP
    >>> nlp = load_nlp()                                                # doctest: +SKIP
    >>> c = extract_claims(article, nlp(article.text), anchor="2024-07-08")[0]  # doctest: +SKIP
    >>> (c.text, c.value, c.hedge, c.unit, c.thing)                     # doctest: +SKIP
    ('about $60 billion', 60000000000.0, 'about', 'USD', "India's imports from Russia")
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING

from ..model import Article
from .dates import clause_tense, resolve_expression
from .numbers import Amount, hedge_before, parse_amount
from .records import Claim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

__all__ = ["extract_claims", "thing_key", "content_key", "ALGORITHM"]

ALGORITHM = "claims.rules.v1"

_NUMERIC_LABELS = ("MONEY", "CARDINAL", "PERCENT", "QUANTITY")
# Entities a number inside of is part of a name, not a claim.
_NAME_LABELS = ("ORG", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "PERSON", "TIME", "ORDINAL")

# What the small model misses: "$65bn", "dozens of", "billions of dollars", "12 per cent".
_SCAN = re.compile(
    r"(?:US\$|A\$|C\$|\$|£|€|₹|(?<![A-Za-z])R[Ss]\.?\s?)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:trillion|billion|million|crores?|lakhs?|tn|bn|mn|MM|m|k)\b)?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:%|per\s?cent\b|percent\b)"
    r"|\b(?:several |a few )?(?:dozens|hundreds|thousands|millions|billions)(?: of (?:dollars|pounds|euros|rupees))?\b"
    r"|\bseveral dozen\b"
    r"|\ban? (?:unknown|undisclosed|unspecified) number\b"
    r"|\bmultiple\b(?= (?:casualties|deaths|fatalities|injuries|victims|people|dead|wounded)\b)",
    re.I,
)
_DURATION = re.compile(
    r"^(?:the\s+)?(?:past\s+|last\s+)?(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|a|a few)\s+(?P<unit>years?|months?|weeks?|days?|decades?)$",
    re.I,
)
_FREQUENCY = re.compile(r"^\s*(a year|a month|per year|per annum|a day|per day|annually|yearly|monthly)\b(?!\s+(?:earlier|ago|before|later|after))", re.I)

# Verbs whose object is a traded amount -> the noun a thing is named with.
_TRADE_VERBS = {
    "import": "imports", "export": "exports", "buy": "purchases", "purchase": "purchases",
    "sell": "sales", "spend": "spending", "invest": "investment", "pay": "payments",
    "receive": "receipts", "earn": "earnings", "raise": "funds raised", "lend": "loans",
    "borrow": "borrowing", "ship": "shipments", "owe": "debt", "lose": "losses",
}
_INVERSE = {"buy", "purchase"}  # "A buys from B" == "B's exports to A"
_TRADE_NOUNS = {"import", "export", "trade", "purchase", "sale", "shipment", "investment"}
_RISE = {"jump", "rise", "grow", "increase", "climb", "soar", "surge", "gain", "up", "rocket", "double", "expand"}
_FALL = {"fall", "drop", "decline", "decrease", "plunge", "slump", "shrink", "down", "dip", "slide", "tumble", "contract"}
# Verbs that state a level: "X were $4bn", "X stood at $4bn", "X soared to $65bn".
_LEVEL = {"be", "amount", "stand", "total", "reach", "hit", "touch", "come", "top", "exceed", "value", "cross", "remain"}
# Nouns that only say "a figure of": "an all-time high of $65.7 billion" measures the subject.
_LEVEL_NOUNS = {"high", "low", "record", "total", "peak", "level", "figure", "sum", "amount", "value", "worth", "tune", "estimate"}
_CURRENCY_AFTER = re.compile(r"\s+(?:US\s+|Hong Kong\s+)?(?:dollars|euros|pounds sterling|rupees|yuan|yen|roubles|rubles)\b")
_TIME_AFTER = re.compile(r"\s*(?::\s?\d\d|[ap]\.?\s?m\b\.?|o'clock|(?:GMT|UTC|BST|IST|EDT|EST|CET|CEST|PDT|PST|ET|PT)\b)", re.I)
# Verbs a bare count can hang from without its noun: "the bombing killed at least 41".
_COUNT_VERBS = {"kill", "injure", "wound", "arrest", "detain", "die", "evacuate", "displace", "rescue", "hurt",
                "hospitalise", "hospitalize", "affect", "infect", "fire", "dismiss", "hire", "employ", "lay"}
# Singular nouns that are counted as they are: "150 staff", "200 police".
_COLLECTIVE = {"staff", "police", "personnel", "crew", "cattle", "livestock", "military", "clergy", "infantry",
               "artillery", "faculty", "youth", "aircraft", "equipment", "fish", "sheep", "deer", "offspring"}
_VAGUE_WORDS = re.compile(r"^(dozens?|hundreds|thousands|millions|billions|number)$", re.I)
# Verbs an event is named by when a "first ... in N years" counts from a clause.
_EVENT_NOUNS = {"meet": "meeting", "travel": "trip", "win": "win", "hold": "holding", "play": "match",
                "go": "trip", "come": "trip", "fly": "flight", "speak": "speech", "attend": "attendance"}
_DET_BEFORE = {"the", "these", "those", "both", "all", "its", "their", "our", "his", "her", "my", "your", "each"}
_STOP = {
    "the", "a", "an", "of", "to", "from", "in", "on", "at", "by", "for", "with", "and", "or", "its", "his",
    "her", "their", "'s", "’s", "s", "mr", "mrs", "ms", "dr", "this", "that", "these", "those", "there",
    "here", "who", "which", "was", "were", "is", "are", "be", "been", "have", "has", "had", "will",
    "would", "so", "far", "still", "also", "time", "since", "previous", "among", "than",
}


def extract_claims(article: Article, doc: "Doc", *, anchor: str | None = None) -> list[Claim]:
    """Numeric claims of one article, in text order.

    Args:
        article: the article; claims point into ``article.text``.
        doc: ``nlp(article.text)`` (offsets must index ``article.text``).
        anchor: ISO date relative times ("last year") are resolved against;
            defaults to ``article.date``.

    Returns:
        One :class:`Claim` per number phrase that states a fact.
    """
    anchor = anchor or article.date
    claims: list[Claim] = []
    for start, end, kind in _candidates(article.text, doc):
        claim = _claim(article, doc, start, end, kind, anchor)
        if claim is not None:
            claims.append(claim)
    return claims


def thing_key(claim: Claim) -> frozenset[str]:
    """Content-word stems of ``claim.thing``, for grouping claims across articles.

    The reconciler groups claims whose keys overlap (with ``unit`` and
    ``period``): "India's imports from Russia" -> {'import', 'india', 'russia'};
    "Indian soldiers killed" and "Indian soldier killings" share {'indian',
    'soldier', 'kill'}.
    """
    return content_key(claim.thing)


def content_key(text: str) -> frozenset[str]:
    """Stems of the content words of ``text`` (no stop words, digits or possessives)."""
    words = re.findall(r"\w+", text.lower().replace("’s", "").replace("'s", ""))
    return frozenset(_stem(w) for w in words if w not in _STOP and not w.isdigit())


_IRREGULAR = {
    **{w: "die" for w in ("die", "died", "dies", "dying", "dead", "death", "deaths")},
    **{w: "lose" for w in ("lose", "loses", "lost", "losing")},
    **{w: "sell" for w in ("sell", "sells", "sold", "selling")},
    **{w: "buy" for w in ("buy", "buys", "bought", "buying")},
    **{w: "pay" for w in ("pay", "pays", "paid", "paying")},
    **{w: "spend" for w in ("spend", "spends", "spent", "spending")},
    **{w: "fall" for w in ("fall", "falls", "fell", "fallen", "falling")},
    **{w: "rise" for w in ("rise", "rises", "rose", "risen", "rising")},
    **{w: "grow" for w in ("grow", "grows", "grew", "grown", "growing", "growth")},
    "people": "people", "person": "people", "persons": "people",
    "men": "man", "women": "woman", "children": "child",
}


def _stem(word: str) -> str:
    """A small suffix stripper, the same for every form of a word: "killed", "killing",
    "kills" -> "kill"; "residing", "reside" -> "resid"; "imports" -> "import"."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    w = _singular(word)
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # "stopped" -> "stop"
            break
    if w.endswith("ie") and len(w) > 3:
        w = w[:-2] + "y"
    if w.endswith("e") and len(w) > 4 and w[-2] not in "aeiou":
        w = w[:-1]
    return w


# -- candidates --------------------------------------------------------------------


def _candidates(text: str, doc: "Doc") -> list[tuple[int, int, str]]:
    """Character spans of number phrases, widened to their hedge and currency mark."""
    found: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ in _NUMERIC_LABELS:
            found.append((ent.start_char, ent.end_char, ent.label_))
        elif ent.label_ == "DATE" and _DURATION.match(ent.text.strip()):
            found.append((ent.start_char, ent.end_char, "DURATION"))
    for m in _SCAN.finditer(text):
        found.append((m.start(), m.end(), "SCAN"))
    for m in re.finditer(r"\bsince\s+((?:19|20)\d\d)\b", text):
        found.append((m.start(), m.end(), "SINCE"))
    found.sort(key=lambda f: (f[0], -f[1]))
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        start, end = _widen(text, start, end)
        if merged and start < merged[-1][1]:
            ps, pe, pk = merged[-1]
            if kind == "SCAN" and pk in _NUMERIC_LABELS:
                kind = pk
            merged[-1] = (min(ps, start), max(pe, end), pk if pk != "SCAN" else kind)
            continue
        merged.append((start, end, kind))
    return merged


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in a currency mark or hedge just before, drop trailing punctuation."""
    while end > start and text[end - 1] in " ,.;:)":
        end -= 1
    for mark in ("US$", "A$", "C$", "$", "£", "€", "₹", "Rs. ", "Rs "):
        if text[max(0, start - len(mark)):start] == mark and not text[start:end].startswith(mark.strip()):
            start -= len(mark)
            break
    cur = _CURRENCY_AFTER.match(text, end)
    if cur and not re.search(r"[$£€₹]|\b(?:dollars|euros|rupees|pounds|yuan|yen)\b", text[start:end], re.I):
        end = cur.end()  # "30 billion euros"
    before = text[max(0, start - 20):start]
    if before.endswith(" "):
        hedge, length = hedge_before(before.rstrip())
        if hedge and hedge != "exact":
            start -= length + (len(before) - len(before.rstrip()))
    return start, end


# -- one claim ---------------------------------------------------------------------


def _claim(article: Article, doc: "Doc", start: int, end: int, kind: str, anchor: str | None) -> Claim | None:
    text = article.text[start:end]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if _skip(article.text, doc, span, start, end, kind):
        return None
    if kind == "SINCE":
        return _since_claim(article, doc, span, anchor)
    amount = parse_amount(text)
    if amount is None:
        return None
    root = _number_root(span)
    if kind == "DURATION":
        return _duration_claim(article, span, root, amount, anchor)
    if amount.value is not None and not amount.unit and not amount.scale and _is_year(text):
        return None
    thing, noun_unit, clause = _thing(doc, span, root, amount)
    unit = amount.unit or noun_unit
    if not thing and not unit:
        return None
    time, period = _time(article, doc, span, clause, anchor)
    sent_start, sent_end = _sentence(article, span)
    return Claim(
        article=article.id, text=text, start=start, end=end, value=amount.value,
        low=amount.low, high=amount.high, unit=unit, scale=amount.scale, hedge=amount.hedge,
        thing=thing, time=time, period=period, sentence_start=sent_start, sentence_end=sent_end,
    )


def _skip(text: str, doc: "Doc", span: "SpacySpan", start: int, end: int, kind: str) -> bool:
    """Numbers that are not claims: names, dates, list numbers, anaphora, chrome."""
    phrase = text[start:end].strip()
    if kind in ("DURATION", "SINCE"):
        return False
    for ent in doc.ents:
        if ent.label_ in _NAME_LABELS and ent.start_char < end and start < ent.end_char:
            return True
    first = span[0]
    vague = re.search(r"dozens|hundreds|thousands|millions|billions", phrase, re.I)
    if first.i > 0 and doc[first.i - 1].lower_ in _DET_BEFORE and not vague and not re.search(r"[$£€₹%]", phrase):
        return True  # "the two leaders", "both"
    if phrase.lower() in ("one", "a") or re.search(r"\d(?:st|nd|rd|th)\b", phrase):
        return True  # a bare "one"; ordinals "2,292nd"
    if re.search(r"\d:\d\d", phrase) or _TIME_AFTER.match(text[end:end + 8]) or re.search(r"\d:\s?$", text[max(0, start - 4):start]):
        return True  # times of day: "10:30", "about 7 p.m.", "9 EDT"
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and re.match(r"\d+[.)]\s", text[start:end + 2]):
        return True  # list numbering "1. ..."
    if text[max(0, start - 1):start] in ("#",) or text[max(0, start - 4):start].lower() in ("no. ",):
        return True
    root = _number_root(span)
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "PROPN" and head.head.is_title:
        return True  # "the Group of 20"
    if first.i > 0 and re.fullmatch(r"\d+", phrase):
        prev = doc[first.i - 1]
        if prev.is_title and prev.pos_ in ("NOUN", "PROPN") and root.head.i == prev.i or root.dep_ == "npadvmod" and prev.is_title:
            return True  # identifiers: "Room 204", "Flight 370", "Article 370"
    sent = span.sent
    if not any(t.pos_ in ("VERB", "AUX") for t in sent) and sum(t.is_alpha for t in sent) < 5:
        return True  # page chrome: "12 comments", "Share 3"
    return False


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:1[5-9]|20)\d\d", text.strip()))


def _number_root(span: "SpacySpan") -> "Token":
    """The token of ``span`` that attaches it to the sentence ("worth" in "$4bn worth")."""
    root = span.root
    if root.head.lower_ == "worth" and root.head.i not in range(span.start, span.end):
        return root.head
    return root


# -- what is counted or measured ---------------------------------------------------


def _thing(doc: "Doc", span: "SpacySpan", root: "Token", amount: Amount) -> tuple[str, str, "Token | None"]:
    """(thing, unit noun lemma, clause head) for a number phrase."""
    inside = set(range(span.start, span.end))
    measure = bool(amount.unit) or bool(re.search(r"dollars|euros|rupees", span.text, re.I))
    if root.dep_ == "appos" and root.head.i not in inside:
        # "$65bn (£50.76bn)": the same figure in another currency
        head_span = _ent_span(doc, root.head)
        thing, _, clause = _thing(doc, head_span, _number_root(head_span), parse_amount(head_span.text) or amount)
        return thing, "", clause
    earlier = _earlier_level(root)
    if earlier is not None:
        # "rose to $5bn, up from $4bn a year earlier": the earlier value of the same thing
        now_span = _ent_span(doc, earlier)
        thing, unit, _ = _thing(doc, now_span, _number_root(now_span), parse_amount(now_span.text) or amount)
        return thing, unit if not amount.unit else "", root.head.head
    if not measure and root.i in inside and root.pos_ == "NOUN" and not _VAGUE_WORDS.search(root.text):
        # a measure with its unit: "about 40,000 tonnes of wheat", "12 km of road"
        goods = _goods(root, inside).removeprefix("of ")
        verb = root.head if root.head.pos_ in ("VERB", "AUX") and root.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") else None
        action = _verb_phrase(doc, verb, root, inside) if verb is not None else ""
        return _join(goods, action), _lemma(root), verb
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
            return _join(_phrase(noun, inside), action), _lemma(noun), verb
        if noun is not None:
            thing, clause = _count_thing(doc, noun, inside)
            return thing, _lemma(noun), clause
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


def _ent_span(doc: "Doc", token: "Token") -> "SpacySpan":
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return doc[token.left_edge.i : token.i + 1]


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
        subj = _subject(verb)
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
    np = _phrase(noun, inside | _conj_exclusions(noun, inside))
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
            owner = _subject(verb)
            if owner is not None and verb.dep_ == "relcl":
                owner = _np_head(owner)
            if owner is not None:
                return f"{np} of {_phrase(owner, inside)}", verb
        if role.dep_ in ("nsubj", "nsubjpass"):
            return f"{np} {_verb_phrase(doc, verb, role, inside)}".strip(), verb
        if role.dep_ == "dobj" and verb.lemma_ in ("have", "be", "get"):
            return np, verb
        if role.dep_ == "dobj":  # "killed at least 41 people in Ukraine" -> "people killed in Ukraine"
            pre, post = _split_phrase(np, noun)
            return _join(pre, _verb_phrase(doc, verb, role, inside), post), verb
    if role.dep_ == "pobj" and verb.head.lemma_ in ("result", "end", "leave", "cause") and verb.head.pos_ == "VERB":
        cause, _ = _subject_up(verb.head)  # "an attack ... resulted in multiple casualties"
        if cause is not None:
            return f"{np} of {_phrase(cause, inside)}", verb.head
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
            words.append(_phrase(child, inside))
        elif child.dep_ == "prep" and child.i > verb.i and child.lower_ in ("in", "to", "into", "from", "at", "for", "on"):
            phrase = _phrase_tokens(child, inside)
            if phrase and not _is_date_phrase(doc, child):
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
            return f"share of {_phrase(pobj, inside)} that {_verb_phrase(doc, root.head, root, inside)}", "", root.head
    node, path = root, []
    while node.dep_ in ("pobj", "prep", "dobj", "attr", "npadvmod", "nummod", "quantmod", "advmod", "appos", "compound", "nmod", "acomp", "oprd") and node.head.i != node.i:
        path.append(node)
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            break
        if node.pos_ == "NOUN" and node.i not in inside and path[-1].lower_ == "of" and node.lemma_.lower() not in _LEVEL_NOUNS:
            # "a budget of €1.2 billion": the noun names the figure; its owner is the clause subject
            owner = _subject(node.head) if node.dep_ in ("dobj", "attr") and node.head.pos_ == "VERB" else None
            name = _phrase(node, inside | {path[-1].i})
            return (f"{_possessive(_phrase(owner, inside))} {name}" if owner is not None else name), "", node.head
    if node.pos_ not in ("VERB", "AUX"):
        if node.pos_ in ("NOUN", "PROPN") and node.i not in inside:
            return _phrase(node, inside), "", None  # "a $5 billion deal"
        return "", "", None
    verb = node
    lemma = verb.lemma_.lower()
    direct = path[-1] if path else root
    goods = _goods(root, inside)
    if lemma in _TRADE_VERBS and direct.dep_ in ("dobj", "npadvmod", "attr"):
        subj = _subject(verb)
        actor = _phrase(subj, inside) if subj is not None else ""
        partners = _partners(doc, verb, inside)
        if lemma in _INVERSE and "from" in partners and actor:
            return _join(f"{_possessive(partners['from'])} exports", goods, f"to {actor}"), "", verb
        noun = _TRADE_VERBS[lemma]
        head = f"{_possessive(actor)} {noun}" if actor else noun
        extras = [f"{p} {w}" for p, w in partners.items()]
        return _join(head, goods, *extras), "", verb
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
        objs = [_phrase(c, inside) for c in verb.children if c.dep_ in ("dative", "dobj") and c.i not in inside and c.i != direct.i]
        return _join(subject, verb.text, *objs, goods), "", verb
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
                phrase = _phrase_tokens(child, inside)
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
            if not pobj or _is_date_phrase(doc, child):
                continue
            prep = "to" if child.lower_ == "into" else child.lower_
            if flip:
                prep = {"to": "from", "from": "to"}.get(prep, prep)
            if _direction(verb) == "in" and prep == "to" or _direction(verb) == "out" and prep == "from":
                continue
            if prep not in out:
                out[prep] = _phrase(pobj[0], inside)
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


def _subject(verb: "Token") -> "Token | None":
    """The subject of a verb, through conjunction ("India exports ... and imports ...")."""
    v = verb
    for _ in range(4):
        for child in v.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                if child.tag_ in ("WDT", "WP") and v.dep_ == "relcl":
                    return v.head
                return child
        if v.dep_ in ("conj", "xcomp") and v.head.i != v.i:
            v = v.head
        else:
            return None
    return None


def _subject_up(verb: "Token") -> tuple["Token | None", "Token"]:
    """The subject of ``verb`` or of the clause it hangs from ("hitting" -> "jumped")."""
    v = verb
    for _ in range(4):
        subj = _subject(v)
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
    phrase = _phrase(subj, inside)
    if _lemma(subj) in _TRADE_NOUNS and not any(c.dep_ == "poss" for c in subj.children):
        for t in subj.sent:
            if t.i != subj.i and _lemma(t) in _TRADE_NOUNS:
                poss = [c for c in t.children if c.dep_ == "poss"]
                if poss:
                    return f"{_phrase_tokens(poss[0], inside)} {phrase}"
    return phrase


def _possessive(name: str) -> str:
    if not name:
        return ""
    return name + ("'" if name.endswith("s") else "'s")


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p).strip()


def _is_date_phrase(doc: "Doc", prep: "Token") -> bool:
    """A prepositional phrase that is only a date or duration ("in 2022", "in the last few years")."""
    toks = [t for t in prep.subtree if t.i != prep.i]
    return bool(toks) and all(t.ent_type_ in ("DATE", "TIME") or not t.is_alpha or t.is_stop for t in toks)


_SKIP_DEPS = {"relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "det", "predet", "parataxis", "nummod", "quantmod"}
_SKIP_DEEP = {"relcl", "acl", "advcl", "parataxis", "nummod", "quantmod"}


def _phrase(token: "Token", inside: set[int]) -> str:
    """A noun phrase: the head with its modifiers and prepositional phrases, no clauses, numbers or dates."""
    keep: set[int] = set()

    def walk(tok: "Token", depth: int) -> None:
        keep.add(tok.i)
        for child in tok.children:
            if child.i in inside or child.like_num:
                continue
            if child.dep_ in (_SKIP_DEPS if depth == 0 else _SKIP_DEEP):
                continue
            if child.dep_ == "prep" and (_is_date_phrase(tok.doc, child) or child.lower_ in ("including", "because", "like", "such")):
                continue
            if child.ent_type_ in ("DATE", "TIME") and child.dep_ != "prep":
                continue
            walk(child, depth + 1)

    walk(token, 0)
    return _render(token.doc, keep, inside)


def _phrase_tokens(token: "Token", inside: set[int]) -> str:
    keep = {t.i for t in token.subtree if t.i not in inside and t.dep_ != "relcl"}
    return _render(token.doc, keep, inside)


def _render(doc: "Doc", keep: set[int], inside: set[int]) -> str:
    """Join kept tokens in text order; drop leading determiners and edge punctuation."""
    idx = sorted(i for i in keep if i not in inside)
    while idx and (doc[idx[0]].dep_ in ("det", "punct", "cc") or doc[idx[0]].lower_ in ("the", "a", "an")):
        idx = idx[1:]
    while idx and doc[idx[-1]].is_punct:
        idx = idx[:-1]
    out = ""
    for n, i in enumerate(idx):
        tok = doc[i]
        out += tok.text
        if n + 1 < len(idx):
            out += tok.whitespace_ if idx[n + 1] == i + 1 else " "
    return re.sub(r"\s+", " ", out).replace("’s", "'s").strip(" ,;:–—-")


def _lemma(token: "Token") -> str:
    """The counted noun's lemma, lower case ("Indians" -> "indian", "soldiers" -> "soldier")."""
    if token.pos_ == "PROPN" or token.lemma_ == token.text:
        return _singular(token.lower_)
    return token.lemma_.lower()


def _singular(word: str) -> str:
    if word in ("people", "news", "series", "species", "us", "russia", "india"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "as")) and len(word) > 3:
        return word[:-1]
    return word


# -- durations: "first time in five years", "first since 2019" ------------------------


def _first_event(root: "Token") -> tuple["Token | None", "Token | None"]:
    """The "first" the duration belongs to and the event noun or verb it counts from."""
    node = root
    for _ in range(5):
        if node.lower_ == "first":
            head = node.head
            return node, head if head.pos_ in ("NOUN", "VERB") else None
        for child in node.children:
            if child.lower_ == "first" and child.dep_ in ("amod", "advmod"):
                if node.lower_ == "time" and node.head.dep_ == "prep":
                    return child, node.head.head  # "visit ... for the first time"
                return child, node
        if node.head.i == node.i:
            break
        node = node.head
    return None, None


def _event_phrase(doc: "Doc", first: "Token", event: "Token", inside: set[int]) -> str:
    """ "visit to Russia by Narendra Modi" for the event a "first" counts from."""
    skip = set(inside) | {first.i}
    for t in first.subtree:
        if t.dep_ == "prep" and t.lower_ in ("in", "since") and t.head.i in (first.i, event.i, first.head.i):
            skip.update(x.i for x in t.subtree)
    if event.pos_ == "VERB":
        agent_tok = _subject(event)
        noun = _EVENT_NOUNS.get(event.lemma_, event.lemma_)
        dests = [f"to {_phrase(c, skip)}" for c in event.children if c.dep_ == "dobj" and c.i not in skip]
        dests += [_phrase_tokens(c, skip) for c in event.children if c.dep_ == "prep" and c.lower_ in ("to", "in") and c.i not in skip and not _is_date_phrase(doc, c)]
    else:
        noun = event.lemma_
        agent_tok = next((c for c in event.children if c.dep_ == "poss"), None)
        if agent_tok is not None and agent_tok.pos_ == "PRON":
            agent_tok = next((c for c in first.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
        dests = []
        for owner in (event, first):
            for c in owner.children:
                if c.dep_ == "prep" and c.i not in skip and c.lower_ in ("to", "by", "of", "with"):
                    if c.lower_ == "by":
                        agent_tok = next((p for p in c.children if p.dep_ == "pobj"), agent_tok)
                    else:
                        dests.append(_phrase_tokens(c, skip))
    if not any(d.startswith("to ") for d in dests):
        dests += _destination(doc, event, skip)
    agent = _agent_name(doc, agent_tok, skip) if agent_tok is not None else ""
    return _join(noun, *dests, f"by {agent}" if agent else "")


def _destination(doc: "Doc", event: "Token", skip: set[int]) -> list[str]:
    """ "to Vienna, Austria" from the verb of motion an event noun hangs from
    ("will head to Vienna ... in what would be the first visit")."""
    node = event
    for _ in range(4):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ == "VERB":
            for c in node.children:
                if c.dep_ == "prep" and c.lower_ == "to" and not _is_date_phrase(doc, c):
                    return [_phrase_tokens(c, skip)]
    return []


def _agent_name(doc: "Doc", token: "Token", skip: set[int]) -> str:
    """A person's name from a subject like "Indian Prime Minister Narendra Modi"."""
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start <= token.i < ent.end:
            return ent.text
    return _phrase(token, skip)


def _duration_claim(article: Article, span: "SpacySpan", root: "Token", amount: Amount, anchor: str | None) -> Claim | None:
    m = _DURATION.match(span.text.strip())
    if m is None or amount.value is None:
        return None
    first, event = _first_event(root)
    if first is None or event is None:
        return None
    unit = m.group("unit").lower().rstrip("s") + "s"
    thing = "time since previous " + _event_phrase(span.doc, first, event, set(range(span.start, span.end)))
    sent_start, sent_end = _sentence(article, span)
    return Claim(
        article=article.id, text=span.text, start=span.start_char, end=span.end_char, value=amount.value,
        low=amount.value - 0.5, high=amount.value + 0.5, unit=unit, scale="", hedge=amount.hedge,
        thing=thing, time="", period="", sentence_start=sent_start, sentence_end=sent_end,
    )


def _since_claim(article: Article, doc: "Doc", span: "SpacySpan", anchor: str | None) -> Claim | None:
    """ "his first to the Kremlin since 2019": the gap since 2019, in years (needs ``anchor`` for a value)."""
    year_tok = span[-1]
    first, event = _first_event(year_tok)
    if first is None or event is None:
        return None
    year = int(year_tok.text)
    day0 = _anchor_date(anchor)
    value = low = high = None
    hedge = "vague"
    if day0 is not None and day0.year > year:
        value = float(day0.year - year)
        low = round((day0 - _dt.date(year, 12, 31)).days / 365.25, 2)
        high = round((day0 - _dt.date(year, 1, 1)).days / 365.25, 2)
        hedge = "about"
    thing = "time since previous " + _event_phrase(doc, first, event, set(range(span.start, span.end)))
    sent_start, sent_end = _sentence(article, span)
    return Claim(
        article=article.id, text=span.text, start=span.start_char, end=span.end_char, value=value,
        low=low, high=high, unit="years", scale="", hedge=hedge, thing=thing, time=span.text,
        period=str(year), sentence_start=sent_start, sentence_end=sent_end,
    )


def _anchor_date(anchor: str | None) -> _dt.date | None:
    if not anchor:
        return None
    try:
        return _dt.date.fromisoformat(anchor[:10])
    except ValueError:
        return None


# -- when, and where in the text ------------------------------------------------------

_FISCAL = re.compile(r"(?:financial|fiscal) year (?:that |which )?end(?:ed|ing|s)? (?:in |on )?(?P<month>[A-Z][a-z]+),? (?P<year>\d{4})")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")


def _time(article: Article, doc: "Doc", span: "SpacySpan", clause: "Token | None", anchor: str | None) -> tuple[str, str]:
    """The time a claim holds for: a frequency right after it, else a date in its clause."""
    after = article.text[span.end_char : span.end_char + 20]
    fm = _FREQUENCY.match(after)
    if fm:
        return fm.group(1), ""
    if clause is None:
        return "", ""
    region = {t.i for t in clause.subtree}
    for tok in clause.subtree:  # an "up from X a year earlier" phrase dates X, not the main figure
        if tok.lower_ in ("up", "down") and any(c.lower_ == "from" for c in tok.children) and span.start not in {t.i for t in tok.subtree}:
            region -= {t.i for t in tok.subtree}
    best: "SpacySpan | None" = None
    for ent in span.sent.ents:
        if ent.label_ != "DATE" or ent.start not in region or _DURATION.match(ent.text):
            continue
        if ent.text.lower() in ("annual", "annually", "yearly"):
            return ent.text, ""
        if best is None or abs(ent.start - span.start) < abs(best.start - span.start):
            best = ent
    when = next((c for c in clause.children if c.lower_ == "when"), None)
    if best is None and when is not None and clause.dep_ in ("relcl", "advcl"):
        # "in 2022 and 2020, when 20 Indian soldiers ... were killed": the date before "when"
        before = [e for e in span.sent.ents if e.label_ == "DATE" and e.end <= when.i and when.i - e.end <= 2]
        best = before[-1] if before else None
    if best is None:
        return "", ""
    text = best.text
    more = re.match(r"\s+(?:that |which )?end(?:ed|ing|s)?\s+(?:in\s+|on\s+)?[A-Z][a-z]+,?\s+\d{4}", article.text[best.end_char : best.end_char + 40])
    if more and re.search(r"(?:fiscal|financial) year$", text):
        text = article.text[best.start_char : best.end_char + more.end()]  # "the fiscal year that ended in June 2024"
    fiscal = _FISCAL.search(text)
    if fiscal and fiscal.group("month").lower() in _MONTHS:
        month, year = _MONTHS.index(fiscal.group("month").lower()) + 1, int(fiscal.group("year"))
        start_y, start_m = (year, 1) if month == 12 else (year - 1, month + 1)
        return text, f"{start_y:04d}-{start_m:02d}/{year:04d}-{month:02d}"
    resolved = resolve_expression(text, anchor, clause_tense(best.root))
    period = resolved[1] if resolved and resolved[0] != "duration" else ""
    return text, period


def _sentence(article: Article, span: "SpacySpan") -> tuple[int, int]:
    """Bounds of the article sentence holding the claim (the parser's when none does)."""
    for s in article.sentences:
        if s.start <= span.start_char < s.end:
            return s.start, s.end
    return span.sent.start_char, span.sent.end_char

