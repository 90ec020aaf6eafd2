"""Speakers: who a cue's subject is.

A registry of the article's PERSON names (spaCy NER) groups mentions by surname
("Mr. Saran" -> "Pankaj Saran"; "Bill"/"Hillary Clinton" stay apart by first
name) and records each person's titles and gender evidence. Pronouns resolve to
the nearest compatible antecedent outside quotes; "who"/"which" to the noun the
relative clause modifies; definite role descriptions ("the former ambassador")
to the latest person holding that title, else to the latest person speaker of
the previous two sentences. Anything else keeps its own noun phrase.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Protocol, Sequence

from .person_words import (FEMALE_NAMES, FEMALE_PRON, HONORIFICS, MALE_NAMES, MALE_PRON, PERSONAL_PRON,
                           PLURAL_PRON, POSSESSIVE_PRON, RELATIVE, ROLE_NOUNS, SUBJECT_DEPS, TITLE_WORDS)
from .phrases import SPACE_RE, char_bounds, clean_phrase, np_bounds

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

    from ..token_scan import TokenScan
    from .marks import Attribution, QuoteSpan

__all__ = ["Person", "Mention", "PeopleRegistry", "ArticleView"]


class ArticleView(Protocol):
    """What the registry reads of the article under extraction. ``context.ArticleContext``
    is one; it builds the registry, so this module names the view instead of importing it."""

    doc: "Doc"
    ents: "Sequence[SpacySpan]"
    text: str
    sent_starts: list[int]

    @property
    def scan(self) -> "TokenScan": ...

    def in_quote(self, offset: int) -> "QuoteSpan | None": ...

    def sent_of(self, offset: int) -> int: ...

    def para_of(self, offset: int) -> int: ...

    def tokens_between(self, start: int, end: int) -> "Iterable[Token]": ...

_GENDERED_PRON = frozenset({"he", "she", "his", "her", "him"})  # the pronouns that vote for a gender


@dataclass(slots=True)
class Person:
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
class Mention:
    start: int
    end: int
    person: Person
    subject: bool


class PeopleRegistry:
    """The article's PERSON names grouped into people, and the resolution of one
    attribution's speaker mention to a person, an earlier speaker or a phrase."""

    def __init__(self, ex: ArticleView) -> None:
        self.ex = ex
        self.doc = ex.doc
        self.people: list[Person] = []
        self.mentions: list[Mention] = []
        self.by_token: dict[int, Person] = {}
        for ent in ex.ents:
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
        while toks and (toks[0].lower_ in TITLE_WORDS or toks[0].is_punct):
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
        # a slice of the span, not of doc.text: Doc.text rebuilds the whole text on every call
        name = SPACE_RE.sub(" ", self.doc[toks[0].i: toks[-1].i + 1].text)
        if name.isupper() and len(name) > 3:
            name = name.title()
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        before = self.doc[toks[0].i - 1] if toks[0].i > 0 else None
        honorific = HONORIFICS.get(before.lower_) if before is not None else None
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
            person = Person(name, surname, first, start, end)
            self.people.append(person)
        person.count += 1
        if honorific:
            person.votes[honorific] += 3
        if first in MALE_NAMES:
            person.votes["m"] += 2
        if first in FEMALE_NAMES:
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
            self.mentions.append(Mention(ent.start_char, ent.end_char, person, root.dep_ in SUBJECT_DEPS))

    def _by_first(self, token: str) -> Person | None:
        for p in reversed(self.people):
            if p.first == token:
                return p
        return None

    def by_name(self, word: str) -> Person | None:
        """A person known by this surname (or, failing that, first name)."""
        return self.lookup(word, len(self.ex.text)) or self._by_first(word)

    def lookup(self, surname: str, before: int, gender: str | None = None) -> Person | None:
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
        for tok in ex.scan.tokens(ex.scan.among("LOWER", _GENDERED_PRON)):
            low = tok.lower_
            if ex.in_quote(tok.idx):
                continue
            ids = by_sent.get(ex.sent_of(tok.idx))
            if ids and len(ids) == 1:
                persons[next(iter(ids))].votes["m" if low in MALE_PRON else "f"] += 1

    # -- resolving one attribution -----------------------------------------------

    def resolve(self, attr: Attribution, attrs: list[Attribution]) -> None:
        head = attr.mention
        if head is None:
            return
        doc = self.doc
        i, j = np_bounds(head)
        attr.mention_span = char_bounds(doc, i, j)
        attr.speaker_span = attr.mention_span
        low = head.lower_
        attr.plural = head.tag_ in ("NNS", "NNPS") or low in PLURAL_PRON
        if low in RELATIVE and head.tag_ in ("WP", "WDT", "WP$"):  # "officials who said"
            verb = head.head
            antecedent = verb.head if verb.dep_ == "relcl" else None
            if antecedent is not None and antecedent is not head:
                self._from_token(attr, antecedent, how="relative")
                return
        if low in PERSONAL_PRON or low in POSSESSIVE_PRON:  # "his claim that ..."
            self._pronoun(attr, head, attrs)
            return
        self._from_token(attr, head, how=None, attrs=attrs)

    def _person_for(self, tok: "Token") -> Person | None:
        person = self.by_token.get(tok.i)
        if person is None and tok.pos_ in ("PROPN", "NOUN") and tok.is_alpha and tok.text[:1].isupper():
            prev = tok.doc[tok.i - 1] if tok.i > 0 else None
            gender = HONORIFICS.get(prev.lower_) if prev is not None else None
            person = self.lookup(tok.lower_, tok.idx, gender)
        return person

    def _from_token(self, attr: Attribution, head: "Token", how: str | None, attrs: list[Attribution] | None = None) -> None:
        doc = self.doc
        i, j = np_bounds(head)
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
            attr.speaker_span = char_bounds(doc, i, j)
            attr.speaker_how = how or "name"
            attr.is_person, attr.gender = True, person.gender
            return
        attr.speaker = clean_phrase(doc, i, j) or head.text
        attr.speaker_span = char_bounds(doc, i, j)
        attr.speaker_how = how or "phrase"
        attr.plural = head.tag_ in ("NNS", "NNPS")

    def _description(self, attr: Attribution, head: "Token", i: int, j: int, attrs: list[Attribution]) -> bool:
        """Definite role descriptions and metonyms that point back to an earlier speaker."""
        doc = self.doc
        pos = head.idx
        lemma = head.lemma_.lower()
        definite = doc[i].lower_ in ("the", "this", "that") or any(t.dep_ == "poss" for t in head.children)
        # "the Lowy report": a proper name shared with an earlier speaker's phrase
        names = {t.lower_ for t in doc[i:j] if t.pos_ == "PROPN" and t.i != head.i}
        if definite and names and head.pos_ == "NOUN" and lemma not in ROLE_NOUNS:
            for prior in reversed([a for a in attrs if a.cue_pos < pos and a.speaker and a.mention_span[0] >= 0]):
                words = {t.lower_ for t in self.ex.tokens_between(*prior.mention_span)}
                if names & words:
                    self._copy(attr, prior, "description")
                    return True
        if not definite or lemma not in ROLE_NOUNS or head.tag_ in ("NNS", "NNPS"):
            return False
        best: Mention | None = None  # the latest person holding that title
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

    def _copy(self, attr: Attribution, prior: Attribution, how: str) -> None:
        attr.speaker, attr.speaker_span = prior.speaker, prior.speaker_span
        attr.speaker_how, attr.is_person, attr.gender = how, prior.is_person, prior.gender
        attr.plural = prior.plural

    def _pronoun(self, attr: Attribution, head: "Token", attrs: list[Attribution]) -> None:
        low = head.lower_
        attr.speaker, attr.speaker_how = head.text, "unresolved"
        if low in ("i", "we", "you", "me", "us", "my", "our", "your"):
            return
        gender = "m" if low in MALE_PRON else "f" if low in FEMALE_PRON else None
        plural = low in PLURAL_PRON
        neuter = low in ("it", "its")
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
            if tok.dep_ not in SUBJECT_DEPS or ex.in_quote(tok.idx):
                continue
            if plural and (tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)):
                return tok
            if not plural and tok.ent_type_ in ("ORG", "GPE", "NORP") and tok.tag_ not in ("NNS", "NNPS"):
                return tok
        return None

    def _mentions_in_sentence(self, s: int) -> list[Mention]:
        ex = self.ex
        start = ex.sent_starts[s] if s < len(ex.sent_starts) else 0
        end = ex.sent_starts[s + 1] if s + 1 < len(ex.sent_starts) else len(ex.text)
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        return self.mentions[lo:hi]
