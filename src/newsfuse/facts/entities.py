"""Named entities resolved to one canonical entity across the articles of a story.

spaCy's NER finds the spans; this module decides which spans are the same
real-world thing, using only evidence from the story itself:

* people are grouped by surname and compatible first name ("Narendra Modi",
  "Mr. Modi", "PM Modi", "Modi's" are one person; "Bill Clinton" and
  "Hillary Clinton" stay apart because their first names differ); a bare
  surname joins the full name that carries it;
* the model's slips are corrected from the same evidence: a bare span tagged
  GPE/ORG whose text is the surname of a person in the story becomes that
  person (the small English model tags bare "Modi" GPE and "Kwatra" ORG),
  and a bare "PERSON" that the story also tags as a place goes to the place;
* untagged proper nouns equal to a known surname become mentions too;
* organisations and places join their acronyms when the text gives them
  ("North Atlantic Treaty Organization (NATO)", initials "UN" of "United
  Nations") and through a small table of common country abbreviations.

Titles and roles kept with a person come from the noun phrase around the name:
pre-name modifiers ("India's Foreign Secretary Vinay Kwatra"), a following
"of <place>" ("President Xi Jinping of China" -> "President of China"), and
appositions in either order ("Vinay Kwatra, permanent secretary to ...",
"the foreign secretary, Vinay Kwatra").

Example:
    >>> from newsfuse.facts.nlp import load_nlp, parse        # doctest: +SKIP
    >>> entities = resolve_entities([(article, parse(nlp, article))])  # doctest: +SKIP
    >>> [e.name for e in entities if e.label == "PERSON"][:1]  # doctest: +SKIP
    ['Narendra Modi']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from ..lexicons import mapping, words
from .records import Entity, Mention
from .token_scan import TokenScan

if TYPE_CHECKING:  # spaCy is imported lazily by the caller
    from spacy.tokens import Doc, Span as SpacySpan, Token

    from ..model import Article

__all__ = ["ENTITY_LABELS", "resolve_entities"]

# NER labels that name things (numbers, dates and amounts are other extractors' job).
ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
_PLACE_OR_ORG = frozenset({"GPE", "ORG", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})

# Forms of address: part of how a name is written (kept in the mention) but no role.
_HONORIFICS = words("honorifics_entities")
# Abbreviated titles written right before a name: kept in the mention and as a title.
_TITLE_ABBREVS = words("title_abbreviations")
_ADDRESS_WORDS = _HONORIFICS | _TITLE_ABBREVS  # written right before a name
# Title words the model sometimes puts inside a PERSON span ("President Putin").
_TITLE_WORDS = words("title_words_entities") | _HONORIFICS | _TITLE_ABBREVS
_NOT_NAME_POS = frozenset({"ADP", "ADV", "AUX", "CCONJ", "DET", "PRON", "SCONJ", "VERB", "PART"})
_NAME_SUFFIXES = words("name_suffixes")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# Prepositions after which a bare name is a place ("in Washington", not the person).
_LOCATIVE_PREPS = frozenset({"in", "at", "into", "near", "across", "outside", "inside"})
# Role nouns after which "of <ORG>" is part of a title ("Secretary of State").
_PORTFOLIO_HEADS = words("portfolio_heads")
# Words skipped when forming initials ("North Atlantic Treaty Organization" -> NATO).
_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "&", "on", "in", "de", "des", "du", "la", "le"})

# Common country and union abbreviations -> canonical name (data, used when the
# text itself does not spell the abbreviation out).
_ABBREVIATIONS = dict(mapping("country_abbreviations"))

_SPACE_RE = re.compile(r"\s+")


@dataclass(slots=True)
class _Raw:
    """One mention before grouping: where it is, how it is written, what the model said."""

    art: int  # index of the article in the input
    article: str
    start: int
    end: int
    text: str  # the surface as written (honorific kept, possessive stripped)
    name: str  # the name proper (honorific and titles stripped)
    label: str
    tokens: tuple[str, ...]  # lowercased name tokens without suffixes
    titles: tuple[str, ...] = ()
    locative: bool = False  # object of "in"/"at"/... (a place reading)
    honorific: bool = False  # "Mr."/"PM" before the name (a person reading)
    acronym_of: str = ""  # "(NATO)" right after this span names this span's acronym


@dataclass(slots=True)
class _Group:
    """Mentions believed to be one entity, while resolving."""

    label: str
    raws: list[_Raw] = field(default_factory=list)
    first: str = ""  # persons: lowercased first name ("" for a bare name)
    surname: str = ""  # persons: lowercased surname
    key: str = ""  # others: the normalised surface
    canonical: str = ""  # a fixed canonical name (abbreviation table, acronym expansion)

    @property
    def full(self) -> bool:
        return bool(self.first)


def resolve_entities(parsed: Sequence[tuple["Article", "Doc"]],
                     ents: "Sequence[tuple[SpacySpan, ...]] | None" = None,
                     scans: Sequence[TokenScan] | None = None) -> list[Entity]:
    """Named entities of a story's articles, one :class:`Entity` per real-world thing.

    Args:
        parsed: ``(article, doc)`` pairs, ``doc`` parsed from ``article.text``
            (token offsets index that text). Pass all the articles of one story
            so mentions resolve across them.
        ents: each doc's ``doc.ents`` when the caller has them (``Doc.ents``
            makes new spans on every call); ``scans``: a :class:`TokenScan`
            of each doc to share.

    Returns:
        Entities in order of first mention; each carries its canonical name,
        corrected label, titles, every mention (``article.text[start:end] ==
        mention.text``) and its distinct surface forms.
    """
    raws: list[_Raw] = []
    for art, (article, doc) in enumerate(parsed):
        raws.extend(_article_mentions(art, article, doc, None if ents is None else ents[art]))
    persons = _group_persons([r for r in raws if r.label == "PERSON"])
    others = [r for r in raws if r.label != "PERSON"]
    persons, others = _persons_from_places(persons, others)
    # shared by the two scans for known names below
    scans = [TokenScan(doc) for _, doc in parsed] if scans is None else list(scans)
    others = _first_names_read_as_places(parsed, persons, others, scans)
    # untagged proper nouns equal to a known surname (after the corrections above)
    surnames = {g.surname: g for g in persons if g.full}
    seen = {(r.art, r.start) for g in persons for r in g.raws} | {(r.art, r.start) for r in others}
    for art, (article, doc) in enumerate(parsed):
        for raw in _untagged_surnames(art, article, doc, surnames, seen, scans[art]):
            _join_bare(persons, raw)
    groups = persons + _group_others(others)
    return _to_entities(groups)


# -- mentions of one article ------------------------------------------------------


def _article_mentions(art: int, article: "Article", doc: "Doc", ents: "Sequence[SpacySpan] | None" = None) -> list[_Raw]:
    """The article's NER spans as raw mentions, trimmed to the name proper."""
    out: list[_Raw] = []
    ents = list(doc.ents if ents is None else ents)
    skip = -1
    for k, ent in enumerate(ents):
        if k == skip or ent.label_ not in ENTITY_LABELS:
            continue
        nxt = ents[k + 1] if k + 1 < len(ents) else None
        if (  # "Marta/GPE Ruiz/PERSON": a first name the model read as a place
            nxt is not None and nxt.label_ == "PERSON" and len(nxt) == 1
            and ent.label_ != "PERSON" and len(ent) == 1 and nxt.start == ent.end
            and ent[0].whitespace_ == " " and ent[0].pos_ == "PROPN"
        ):
            raw = _raw_mention(art, article, doc, doc[ent.start : nxt.end], "PERSON")
            skip = k + 1
        else:
            raw = _raw_mention(art, article, doc, ent, ent.label_)
        if raw is not None:
            out.append(raw)
    # "Full Name (ABBR)": the acronym is this entity's, whatever its initials
    for a, b in zip(out, out[1:]):
        between = article.text[a.end : b.start]
        closed = article.text[b.end : b.end + 1] == ")"
        if between.strip() in ("(", "’s (", "'s (") and closed and _is_acronym(b.name):
            a.acronym_of = _acronym_key(b.name)
    return out


def _raw_mention(art: int, article: "Article", doc: "Doc", ent: "SpacySpan", label: str) -> _Raw | None:
    toks = list(ent)
    for k in range(len(toks) - 1, -1, -1):  # a span across a line break keeps its last line
        if "\n" in toks[k].text_with_ws:
            toks = toks[k + 1 :]
            break
    toks = [t for t in toks if not t.is_space]
    while toks and (toks[0].lower_ in _DETERMINERS or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].lower_ in _POSSESSIVE or toks[-1].is_punct) and toks[-1].text not in (".",):
        toks = toks[:-1]
    if toks and toks[-1].text == "." and len(toks) > 1:  # sentence-final period, not "U.S."
        toks = toks[:-1]
    if not toks or not any(map(str.isupper, "".join(t.text for t in toks))):
        return None  # "state" tagged ORG: a common noun
    if all(t.pos_ in _NOT_NAME_POS or (t.is_stop and not t.is_upper) for t in toks):
        return None  # "Beyond" opening a sentence after a heading
    if label in ("ORG", "GPE", "NORP") and _titled_name(doc, toks):
        label = "PERSON"  # "Chancellor Olaf Scholz" tagged ORG: the title says person
    if label == "PERSON":
        lead = 0
        while lead < len(toks) - 1 and (_bare(toks[lead].lower_) in _TITLE_WORDS or _portfolio_word(toks[lead])):
            lead += 1
        name_toks = toks[lead:]
    else:
        name_toks = toks
        if label == "ORG" and len(toks) == 1 and _portfolio(toks[0]):
            return None  # "Secretary of State": part of a title
    if label == "PERSON" and (not name_toks[-1].is_alpha and "-" not in name_toks[-1].text):
        return None
    # the surface: the name plus a form of address or title abbreviation right before it
    first_i = name_toks[0].i
    while first_i > 0 and _addressing(doc[first_i - 1]):
        first_i -= 1
    if label != "PERSON":
        first_i = name_toks[0].i
    start = doc[first_i].idx
    end = name_toks[-1].idx + len(name_toks[-1].text)
    name = _SPACE_RE.sub(" ", article.text[name_toks[0].idx : end]).replace("’", "'")
    if name.isupper() and len(name) > 4 and " " in name:
        name = name.title()
    words = [_bare(t.lower_) for t in name_toks]
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    honorific = first_i < name_toks[0].i or any(_bare(t.lower_) in _ADDRESS_WORDS for t in toks[:1])
    titles = _titles(doc, toks, name_toks) if label == "PERSON" else ()
    return _Raw(
        art=art,
        article=article.id,
        start=start,
        end=end,
        text=article.text[start:end],
        name=name,
        label=label,
        tokens=tuple(words),
        titles=titles,
        locative=_locative(name_toks[-1]),
        honorific=honorific,
    )


def _bare(word: str) -> str:
    return word.rstrip(".").replace("’", "'")


def _titled_name(doc: "Doc", toks: list["Token"]) -> bool:
    """A two- or three-word proper name right after a person's title ("Chancellor", "Mr.")."""
    if not 2 <= len(toks) <= 3 or not all(t.pos_ == "PROPN" and t.is_title for t in toks):
        return False
    prev = doc[toks[0].i - 1] if toks[0].i > 0 else None
    return prev is not None and prev.is_title and _bare(prev.lower_) in _TITLE_WORDS


def _addressing(tok: "Token") -> bool:
    """"Mr." / "PM" / "Dr." written right before a name."""
    return _bare(tok.lower_) in _ADDRESS_WORDS and tok.text[:1].isupper()


def _portfolio(tok: "Token") -> bool:
    """``State`` in "Secretary of State": an office, not an organisation mention."""
    head = tok.head
    return (
        tok.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in _PORTFOLIO_HEADS
    )


def _portfolio_word(tok: "Token") -> bool:
    """``State`` inside a PERSON span "State Hillary Clinton" after "Secretary of"."""
    doc = tok.doc
    return (
        tok.i >= 2
        and doc[tok.i - 1].lower_ == "of"
        and doc[tok.i - 2].lemma_.lower() in _PORTFOLIO_HEADS
    )


def _locative(tok: "Token") -> bool:
    """The name is the object of a locative preposition ("in Washington")."""
    return tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE_PREPS


def _clean_title(tokens: Sequence["Token"]) -> str:
    """Title text from tokens: determiners, honorifics and edge punctuation trimmed."""
    toks = list(tokens)
    while toks and (toks[0].lower_ in _DETERMINERS or toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]
    while toks and (
        toks[-1].is_punct or toks[-1].is_space or toks[-1].pos_ in ("ADP", "CCONJ", "DET", "PART")
        or _bare(toks[-1].lower_) in _HONORIFICS
    ):
        toks = toks[:-1]
    if not toks or not any(t.pos_ in ("NOUN", "PROPN") and _bare(t.lower_) not in _HONORIFICS for t in toks):
        return ""  # "a beaming Mr. Modi": no role noun
    if any(t.pos_ in ("VERB", "AUX") or "\n" in t.text_with_ws for t in toks[:-1]):
        return ""
    text = "".join(t.text_with_ws for t in toks).strip()
    return _SPACE_RE.sub(" ", text).replace("’", "'")


def _titles(doc: "Doc", ent_toks: list["Token"], name_toks: list["Token"]) -> tuple[str, ...]:
    """Roles written with the name: pre-name modifiers, "of <place>", appositions."""
    last = name_toks[-1]
    found: list[str] = []
    pre_start = min(last.left_edge.i, ent_toks[0].i)
    pre = [t for t in doc[pre_start : name_toks[0].i]]
    title = _clean_title(pre)
    if title:
        # "President Vladimir V. Putin of Russia" -> "President of Russia"
        of = [c for c in last.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == last.i + 1]
        objs = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
        if objs and objs[0].ent_type_ in ("GPE", "ORG", "LOC", "NORP"):
            title += " of " + "".join(t.text_with_ws for t in objs[0].subtree).strip().replace("’", "'")
        found.append(title)
    for c in last.children:  # "Vinay Kwatra, permanent secretary to the Indian foreign ministry"
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            found.append(_appos_text(doc, c))
    # "the foreign secretary, Vinay Kwatra"
    if last.dep_ == "appos" and last.head.pos_ == "NOUN" and last.head.i < last.i:
        head = last.head
        found.append(_clean_title(doc[head.left_edge.i : head.i + 1]))
    return tuple(t for t in dict.fromkeys(found) if t)


def _appos_text(doc: "Doc", head: "Token") -> str:
    """An apposition up to its first comma, dash or relative clause, at most 20 tokens."""
    toks: list[Token] = []
    for t in doc[head.left_edge.i : head.right_edge.i + 1]:
        if t.i > head.i and (t.text in (",", ";", "—", "–", "(", ")") or t.dep_ in ("relcl", "acl")):
            break
        toks.append(t)
    return _clean_title(toks[:20])


# -- people -----------------------------------------------------------------------


def _first_compatible(a: str, b: str) -> bool:
    """First names agree: equal, or one is the other's initial ("V." / "Vladimir")."""
    if a == b:
        return True
    return (len(a) == 1 or len(b) == 1) and a[:1] == b[:1]


def _near(a: str, b: str) -> bool:
    """Spelling variants of one surname ("Zelensky"/"Zelenskyy"): edit distance 1, long names."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a[:3] != b[:3]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _group_persons(raws: list[_Raw]) -> list[_Group]:
    """Full names by surname and compatible first name; bare names join them."""
    groups: list[_Group] = []
    for raw in raws:
        if len(raw.tokens) < 2:
            continue
        first, surname = raw.tokens[0], raw.tokens[-1]
        match = next(
            (g for g in groups if g.surname == surname and _first_compatible(g.first, first)), None
        )
        if match is None:
            match = next((g for g in groups if _near(g.surname, surname) and g.first == first), None)
        if match is None:
            match = _Group(label="PERSON", first=first, surname=surname)
            groups.append(match)
        elif len(match.first) == 1 and len(first) > 1:
            match.first = first
        match.raws.append(raw)
    for raw in raws:
        if len(raw.tokens) < 2:
            _join_bare(groups, raw)
    return groups


def _join_bare(groups: list[_Group], raw: _Raw) -> None:
    """A bare name joins the full name with that surname (or, failing that, first name)."""
    word = raw.tokens[0]
    # (``g.first`` is ``g.full`` without a property call: this runs for every bare name)
    cands = [g for g in groups if g.first and g.surname == word]
    if not cands:
        cands = [g for g in groups if g.first and len(word) >= 6 and _near(g.surname, word)]
    if not cands:
        cands = [g for g in groups if g.first and g.first == word and any(r.art == raw.art for r in g.raws)]
        if len(cands) > 1:
            cands = []
    if not cands:
        cands = [g for g in groups if not g.first and g.surname == word]
    if len(cands) > 1:  # "Clinton" with Bill and Hillary: the latest named in this article
        prior = [
            (r.start, g) for g in cands for r in g.raws
            if r.art == raw.art and r.start < raw.start and len(r.tokens) > 1
        ]
        if prior:
            cands = [max(prior, key=lambda p: p[0])[1]]
        else:
            cands = [max(cands, key=lambda g: len(g.raws))]
    if cands:
        cands[0].raws.append(raw)
    else:
        groups.append(_Group(label="PERSON", surname=word, raws=[raw]))


def _persons_from_places(persons: list[_Group], others: list[_Raw]) -> tuple[list[_Group], list[_Raw]]:
    """Correct the model's label slips with the story's own evidence.

    A bare non-person span whose text is the surname of a named person becomes
    that person ("Modi" tagged GPE), unless it reads as a place ("in Washington").
    A bare PERSON group never addressed as a person ("Mr.") whose text the story
    also tags as something else goes to that reading ("Kyiv" tagged PERSON once).
    """
    surnames = {g.surname for g in persons if g.full}
    kept: list[_Raw] = []
    for raw in others:
        if len(raw.tokens) == 1 and raw.tokens[0] in surnames and not raw.locative and raw.name[:1].isupper():
            raw.label = "PERSON"
            _join_bare(persons, raw)
        else:
            kept.append(raw)
    other_keys = {_key(r.name) for r in kept}
    # "the Lowy report" with "the Lowy Institute" in the story: the bare word is the org
    org_heads = {r.tokens[0]: r for r in kept if r.label in ("ORG", "FAC") and len(r.tokens) > 1}
    result: list[_Group] = []
    for g in persons:
        if not g.full and not any(r.honorific for r in g.raws):
            if _key(g.raws[0].name) in other_keys:
                kept.extend(g.raws)  # relabelled by the majority of its group below
                continue
            org = org_heads.get(g.surname)
            if org is not None:
                for r in g.raws:
                    r.name, r.label = org.name, org.label
                kept.extend(g.raws)
                continue
        result.append(g)
    return result, kept


def _first_names_read_as_places(
    parsed: Sequence[tuple["Article", "Doc"]], persons: list[_Group], others: list[_Raw], scans: list[TokenScan]
) -> list[_Raw]:
    """"Marta/GPE Ruiz": a one-word place or org right before an untagged word that the
    story names as a person elsewhere is that person's first name."""
    words = {g.surname for g in persons}
    by_pos = {(r.art, r.start): r for r in others if len(r.tokens) == 1}
    dropped: set[int] = set()
    for art, (article, doc) in enumerate(parsed):
        scan = scans[art]
        for tok in scan.tokens(scan.among("LOWER", frozenset(words))):  # the others fail the test below
            if tok.i == 0:
                continue
            prev = doc[tok.i - 1]
            raw = by_pos.get((art, prev.idx))
            if (
                raw is None or tok.lower_ not in words or tok.ent_type_ or tok.pos_ != "PROPN"
                or prev.whitespace_ != " " or prev.pos_ != "PROPN" or raw.end != prev.idx + len(prev.text)
            ):
                continue
            end = tok.idx + len(tok.text)
            full = _Raw(art=art, article=article.id, start=prev.idx, end=end, text=article.text[prev.idx:end],
                        name=article.text[prev.idx:end], label="PERSON", tokens=(prev.lower_, tok.lower_),
                        titles=_titles(doc, [prev, tok], [prev, tok]))
            same = [g for g in persons if g.surname == tok.lower_]
            group = next((g for g in same if not g.full or _first_compatible(g.first, prev.lower_)), None)
            if group is None:
                group = _Group(label="PERSON", surname=tok.lower_)
                persons.append(group)
            if not group.full:
                group.first = prev.lower_
            group.raws.append(full)
            dropped.add(id(raw))
    return [r for r in others if id(r) not in dropped]


def _untagged_surnames(
    art: int, article: "Article", doc: "Doc", surnames: dict[str, _Group], seen: set[tuple[int, int]],
    scan: TokenScan,
) -> list[_Raw]:
    """Proper nouns the model missed that equal a named person's surname."""
    out: list[_Raw] = []
    if not surnames:
        return out
    for tok in scan.tokens(scan.among("LOWER", frozenset(surnames))):  # the others fail the test below
        low = tok.lower_
        if low not in surnames or tok.ent_type_ or tok.pos_ not in ("PROPN", "NOUN") or not tok.text[:1].isupper():
            continue
        if (art, tok.idx) in seen or _locative(tok):
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" and doc[tok.i + 1].text[:1].isupper():
            continue  # part of a longer name the model did not tag
        start = tok.idx
        prev = doc[tok.i - 1] if tok.i > 0 else None
        honorific = prev is not None and _addressing(prev)
        if honorific:
            start = prev.idx
        end = tok.idx + len(tok.text)
        out.append(
            _Raw(art=art, article=article.id, start=start, end=end, text=article.text[start:end],
                 name=tok.text, label="PERSON", tokens=(low,), honorific=honorific)
        )
    return out


# -- organisations, places, groups ------------------------------------------------


def _key(name: str) -> str:
    """Normalised surface: case, dots of acronyms ("U.S." = "US") and spacing ignored."""
    if _is_acronym(name):
        return _acronym_key(name).lower()
    return _SPACE_RE.sub(" ", name.replace("’", "'")).strip().lower()


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalnum() and letters.isupper()


def _acronym_key(name: str) -> str:
    return name.replace(".", "").upper()


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _INITIALS_SKIP]
    if len(words) < 2 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return ""
    return "".join(w[0] for w in words).upper()


def _group_others(raws: list[_Raw]) -> list[_Group]:
    """Group non-person mentions by normalised surface, then join acronyms to expansions."""
    by_key: dict[str, _Group] = {}
    for raw in raws:
        key = _key(raw.name)
        group = by_key.get(key)
        if group is None:
            group = by_key[key] = _Group(label=raw.label, key=key)
        group.raws.append(raw)
    # acronyms: "(NATO)" after a name, initials of a name in the story, then the table
    expansions: dict[str, _Group] = {}
    for group in by_key.values():
        for raw in group.raws:
            if raw.acronym_of:
                expansions.setdefault(raw.acronym_of, group)
    for group in by_key.values():
        if not _is_acronym(group.raws[0].name):
            initials = _initials(_canonical_other(group))
            if initials and initials not in expansions:
                expansions[initials] = group
    for key, group in list(by_key.items()):
        if not _is_acronym(group.raws[0].name):
            continue
        acro = _acronym_key(group.raws[0].name)
        target = expansions.get(acro)
        if target is None and acro in _ABBREVIATIONS:
            target = by_key.get(_key(_ABBREVIATIONS[acro]))
            if target is None:
                group.canonical = _ABBREVIATIONS[acro]
                continue
        if target is not None and target is not group:
            target.raws.extend(group.raws)
            if acro in _ABBREVIATIONS:
                target.canonical = _ABBREVIATIONS[acro]
            del by_key[key]
    groups = list(by_key.values())
    for group in groups:  # the majority label, PERSON only if nothing else was said
        votes = Counter(r.label for r in group.raws if r.label != "PERSON") or Counter(r.label for r in group.raws)
        long_form = {r.label for r in group.raws if not _is_acronym(r.name)}  # a tie goes to the spelled-out form
        group.label = max(votes, key=lambda lab: (votes[lab], lab in long_form, lab == "GPE"))
    return groups


def _canonical_other(group: _Group) -> str:
    if group.canonical:
        return group.canonical
    names = Counter(r.name for r in group.raws if not _is_acronym(r.name)) or Counter(
        _acronym_key(r.name) if _is_acronym(r.name) else r.name for r in group.raws
    )
    return max(names, key=lambda n: (names[n], len(n)))


def _canonical_person(group: _Group) -> str:
    """The most frequent full form ("Vladimir Putin" over one "Vladimir V. Putin"), longer on a tie."""
    full = Counter(r.name for r in group.raws if len(r.tokens) > 1 and not _is_acronym(r.name))
    if full:
        return max(full, key=lambda n: (full[n], len(n)))
    names = Counter(r.name for r in group.raws)
    return max(names, key=lambda n: (names[n], len(n)))


# -- output -------------------------------------------------------------------------


def _to_entities(groups: list[_Group]) -> list[Entity]:
    built: list[tuple[tuple[int, int], tuple]] = []  # (first mention, the entity's fields but its id)
    for group in groups:
        raws = sorted({(r.art, r.start, r.end): r for r in group.raws}.values(), key=lambda r: (r.art, r.start))
        if not raws:
            continue
        person = group.label == "PERSON"
        name = _canonical_person(group) if person else _canonical_other(group)
        titles = tuple(dict.fromkeys(t for r in raws for t in r.titles)) if person else ()
        titles = _dedupe_case(titles)
        aliases = tuple(dict.fromkeys(_SPACE_RE.sub(" ", r.text).replace("’", "'") for r in raws))
        mentions = tuple(Mention(r.article, r.start, r.end, r.text) for r in raws)
        built.append(((raws[0].art, raws[0].start), (name, group.label, titles, mentions, aliases)))
    built.sort(key=lambda b: b[0])
    return [Entity(f"e{i}", *fields) for i, (_, fields) in enumerate(built, 1)]


def _dedupe_case(titles: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for t in titles:
        seen.setdefault(t.lower(), t)
    return tuple(seen.values())
