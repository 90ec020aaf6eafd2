"""Filler: paragraphs that carry no reportable specifics and no support.

Generated or padded articles end with paragraphs of generic commentary. A
paragraph is filler when it has no numbers, no dates, no direct quotes and
no name beyond the story's common ones (the names most of its articles
share), no sentence of it is supported by any other article of the story (no
close match in meaning), and it belongs to the run of such paragraphs that
closes the article: padding is appended, while a generic sentence inside a
report is usually transition, not filler.

Support is judged on whole sentences and, for the paragraphs that would
otherwise be filler, also on each sentence with one coordinated item left out
(:func:`conjunct_drops`). A sentence that joins two reported points ("Modi is
expected to address issues such as A and B") embeds as neither, so a close
match for A alone in another article is missed on the whole sentence; without
B it is found. A variant must keep most of the sentence (and a few words), so
a bare fragment such as a sentence's subject never stands in for it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from ..lexicons import mapping, month_names
from ..model import Article, ParagraphKind
from .candidates import NeighbourConfig, anchors, story_neighbours

__all__ = ["FillerConfig", "FillerParagraph", "find_filler", "find_filler_among", "find_filler_by_story", "generic_closing", "common_names", "conjunct_drops"]

_DATE_WORDS = re.compile(
    r"\b(?:" + "|".join(w.capitalize() for w in (*mapping("weekdays"), *month_names())) + "|"
    r"yesterday|today|tomorrow|last (?:week|month|year)|"
    r"this (?:week|month|year)|next (?:week|month|year))\b",
    re.I,
)
_DIGIT = re.compile(r"\d")
_QUOTE = re.compile(r"[“”\"]")


@dataclass(frozen=True)
class FillerConfig:
    common_share: float = 0.5
    support_threshold: float = 0.8
    min_words: int = 12
    min_tail_run: int = 2
    # Support also judged on sentences with one coordinated item left out
    # (only for paragraphs that would otherwise be filler; needs an encoder).
    conjunct_support: bool = True
    # A variant keeps at least this many words and this share of the sentence's.
    min_variant_words: int = 6
    min_variant_share: float = 0.5


@dataclass(frozen=True, slots=True)
class FillerParagraph:
    article: str
    paragraph: int
    start: int
    end: int
    best_support: float


_CAPITAL_TOKEN = re.compile(r"\b[A-Z][\w’'.]*(?:-[\w’'.]+)*")


def _name_parts(text: str, known: set[str] | None) -> set[str]:
    """Capitalised words (hyphen parts split, possessives cut) that are names.

    With ``known`` given, a word counts when it is known to be a name (seen
    capitalised mid-sentence somewhere in the story) or is an acronym, so
    sentence-initial "Additionally" is not a name but "NATO" is.
    """
    parts = set()
    for token in _CAPITAL_TOKEN.findall(text):
        for part in token.replace("’", "'").split("-"):
            part = part.removesuffix("'s").strip(".'")
            if len(part) < 2 or not part[0].isupper():
                continue
            if known is None or part in known or (part.isupper() and part.isalpha()):
                parts.add(part)
    return parts


def common_names(articles: Sequence[Article], share: float = 0.5) -> set[str]:
    """Names found in at least ``share`` of the articles (the story's cast)."""
    return _cast([_NameSets.of(a) for a in articles], share)


def _cast(sets: Sequence["_NameSets"], share: float) -> set[str]:
    known = set().union(*(s.anchor_names for s in sets)) if sets else set()
    counts = Counter(name for s in sets for name in s.names(known))
    need = max(2, int(np.ceil(share * len(sets))))
    return {name for name, count in counts.items() if count >= need}


@dataclass(frozen=True, slots=True)
class _NameSets:
    """An article's capitalised words, and those its anchors show to be names.

    Computed once per article, so judging it against many stories' casts
    does not scan its text again.
    """

    capitalised: frozenset[str]
    anchor_names: frozenset[str]

    @classmethod
    def of(cls, article: Article) -> "_NameSets":
        known: set[str] = set()
        for anchor in anchors(article.text):
            if not anchor.startswith("#"):
                known |= _name_parts(anchor, None)
        return cls(frozenset(_name_parts(article.text, None)), frozenset(known))

    def names(self, known: set[str]) -> set[str]:
        """``_name_parts(text, known)`` without the text: the capitalised words known or acronyms."""
        return {p for p in self.capitalised if p in known or (p.isupper() and p.isalpha())}


def _specific(text: str, cast: set[str], known: set[str] | None) -> bool:
    """Numbers, quotes, dates or (with ``known`` given) a name outside the cast."""
    if _DIGIT.search(text) or _QUOTE.search(text) or _DATE_WORDS.search(text):
        return True
    return known is not None and bool(_name_parts(text, known) - cast)


# A coordinator opening a conjunct ("; " joins clauses like ", and" does).
_COORDINATOR = re.compile(r"(?:,\s*|\s)(?:and|but|or|nor|yet|while|whereas)\s+|;\s+", re.I)
# Where a conjunct ends or, looking back, begins: clause punctuation, a dash,
# a bracket, or a list opener. A period is no boundary: inside one sentence it
# ends an abbreviation ("Mr.").
_BOUNDARY = re.compile(r"[,;:!?()]|\s[–—-]+\s|\s(?:such as|including|like)\s", re.I)
_END_PUNCT = re.compile(r"[\s.!?\"”’']*$")


def _word_count(text: str) -> int:
    return len(text.split())


def _join(left: str, right: str) -> str:
    text = left.rstrip() + (" " if right and right[0] not in ",;:.!?)" else "") + right.lstrip()
    return re.sub(r"\s+", " ", text).strip()


def conjunct_drops(sentence: str, min_words: int = 6, min_share: float = 0.5) -> list[str]:
    """Variants of ``sentence`` with one coordinated item left out.

    At each coordinator ("and", "but", "or", "while", ";", ...) two variants
    are made: without the item it opens (up to the next clause boundary or
    coordinator, else the sentence end) and without the item before it (from
    the previous boundary, when there is one: the sentence's opening words are
    its main clause, never dropped). A variant keeps at least ``min_words``
    words and ``min_share`` of the sentence's words.

        >>> conjunct_drops("Modi will raise issues such as Indians fighting for the Russian army "
        ...                "and Moscow's reliance on Chinese supplies.")  # doctest: +NORMALIZE_WHITESPACE
        ['Modi will raise issues such as Indians fighting for the Russian army.',
         "Modi will raise issues such as Moscow's reliance on Chinese supplies."]
    """
    body_end = _END_PUNCT.search(sentence).start()
    body, tail = sentence[:body_end], sentence[body_end:]
    stops = [(m.start(), m.end()) for m in _BOUNDARY.finditer(body)]
    joints = [(m.start(), m.end()) for m in _COORDINATOR.finditer(body)]
    need = max(min_words, min_share * _word_count(sentence))
    found: dict[str, None] = {}
    for start, end in joints:
        after = [s for s, _ in stops if s >= end] + [s for s, _ in joints if s >= end] + [len(body)]
        found[_join(body[:start], body[min(after):]) + tail.strip()] = None
        before = [e for _, e in stops if e <= start] + [e for _, e in joints if e <= start]
        if before:
            found[_join(body[: max(before)], body[end:]) + tail.strip()] = None
    whole = _join(sentence, "")
    return [v for v in found if v != whole and _word_count(v) >= need]


def find_filler(articles: Sequence[Article], similarity, config: FillerConfig = FillerConfig()) -> list[FillerParagraph]:
    """Filler paragraphs of each article, judged against the other articles.

    Args:
        articles: the articles of one story.
        similarity: a model with ``embeddings(article) -> ndarray`` (one row
            per sentence, unit length), e.g. ``EmbeddingSimilarity``.
    """
    if len(articles) < 2:
        return []
    ids = [a.id for a in articles]
    return find_filler_among(articles, lambda i: [o for o in ids if o != i], similarity, config)


def find_filler_by_story(articles: Sequence[Article], similarity, config: FillerConfig = FillerConfig(),
                         neighbours: NeighbourConfig = NeighbourConfig()) -> list[FillerParagraph]:
    """Filler of any set of articles (a whole store), each judged against its own story.

    An article's story is the articles that share enough of its names
    (:func:`story_neighbours`, which scores each pair on the pair alone), so
    the answer does not depend on unrelated articles in the set. Stories are
    looked up only for the articles ending in generic paragraphs (the few that
    can hold filler), in one batch; only their sentences and their stories'
    are embedded.
    """
    memo: dict[str, list[str]] = {}

    def story_of(article_id: str) -> list[str]:
        if not memo:
            closing = [a.id for a in articles if len(generic_closing(a, config)) >= config.min_tail_run]
            memo.update(story_neighbours(articles, closing, neighbours))
        return memo.get(article_id, [])

    return find_filler_among(articles, story_of, similarity, config)


def find_filler_among(
    articles: Sequence[Article], story_of, similarity, config: FillerConfig = FillerConfig()
) -> list[FillerParagraph]:
    """Filler of each article, judged against the articles of its own story only.

    ``story_of`` maps an article id to the ids of the other articles of its
    story (e.g. :func:`newsfuse.provenance.candidates.story_neighbours`); it is
    asked only for articles that end in a run of generic paragraphs, and only
    those articles' sentences and their story's are embedded. The answer for an
    article depends on it and its story alone, not on what else is judged.
    """
    by_id = {a.id: a for a in articles}
    names: dict[str, _NameSets] = {}

    def name_sets(article: Article) -> _NameSets:
        found = names.get(article.id)
        if found is None:
            found = names[article.id] = _NameSets.of(article)
        return found

    runs: list[tuple[Article, list[FillerParagraph]]] = []
    pools: dict[str, np.ndarray] = {}
    for article in articles:
        closing = generic_closing(article, config)
        if len(closing) < config.min_tail_run:
            continue
        others = [by_id[i] for i in story_of(article.id) if i in by_id and i != article.id]
        if not others:
            continue
        story = [name_sets(a) for a in (article, *others)]
        known = set().union(*(s.anchor_names for s in story))
        cast = _cast(story, config.common_share)
        tail = _unsupported_run(article, closing, others, cast, known, similarity, config, pools)
        if len(tail) >= config.min_tail_run:
            runs.append((article, tail))
        else:
            pools.pop(article.id, None)  # kept only for the runs still to re-judge: memory stays bounded
    encode = getattr(similarity, "encode_texts", None)
    if encode is None and getattr(similarity, "encoder", None) is not None:
        encode = similarity.encoder.encode
    if config.conjunct_support and runs and encode is not None:
        runs = _cut_at_conjunct_support(runs, pools, encode, config)
    found: list[FillerParagraph] = []
    for article, tail in runs:
        if len(tail) >= config.min_tail_run:
            found.extend(reversed(tail))
    return found


def generic_closing(article: Article, config: FillerConfig) -> list[int]:
    """The closing run of long body paragraphs without numbers, quotes or dates (last first).

    Whether a paragraph names someone outside the story's cast is judged
    later: this screen needs no other article.
    """
    closing: list[int] = []
    for index in range(len(article.paragraphs) - 1, -1, -1):
        paragraph = article.paragraphs[index]
        if paragraph.kind is not ParagraphKind.BODY:
            continue
        text = article.paragraph_text(paragraph)
        if len(text.split()) < config.min_words or _specific(text, set(), None):
            break
        closing.append(index)
    return closing


def _unsupported_run(article: Article, closing: list[int], others: list[Article], cast: set[str], known: set[str],
                     similarity, config: FillerConfig, pools: dict[str, np.ndarray]) -> list[FillerParagraph]:
    """The paragraphs of ``closing`` (last first) up to the first that names an outsider or is supported."""
    tail: list[FillerParagraph] = []
    for index in closing:
        paragraph = article.paragraphs[index]
        if bool(_name_parts(article.paragraph_text(paragraph), known) - cast):
            break
        rows = _rows(article, paragraph)
        if not rows:
            break
        pool = pools.get(article.id)
        if pool is None:
            vectors = [v for v in (similarity.embeddings(o) for o in others) if len(v)]
            if not vectors:
                break
            pool = pools[article.id] = np.vstack(vectors)
        own = similarity.rows(article, rows) if hasattr(similarity, "rows") else similarity.embeddings(article)[rows]
        support = float((own @ pool.T).max())
        if support >= config.support_threshold:
            break
        tail.append(FillerParagraph(article.id, index, paragraph.start, paragraph.end, round(support, 3)))
    return tail


def _rows(article: Article, paragraph) -> list[int]:
    return [k for k, s in enumerate(article.sentences) if paragraph.start <= s.start < paragraph.end]


def _cut_at_conjunct_support(
    runs: list[tuple[Article, list[FillerParagraph]]], pools: dict[str, np.ndarray], encode, config: FillerConfig
) -> list[tuple[Article, list[FillerParagraph]]]:
    """Re-judge the closing runs with sentence variants (one batch for all).

    A run (last paragraph first) ends at its first paragraph with a supported
    variant: that paragraph and those before it no longer close the article.
    """
    texts: list[str] = []
    spans: dict[tuple[str, int], tuple[int, int]] = {}
    for article, tail in runs:
        for item in tail:
            paragraph = article.paragraphs[item.paragraph]
            begin = len(texts)
            for row in _rows(article, paragraph):
                sentence = article.sentences[row].slice(article.text)
                texts.extend(conjunct_drops(sentence, config.min_variant_words, config.min_variant_share))
            spans[(article.id, item.paragraph)] = (begin, len(texts))
    if not texts:
        return runs
    embedded = np.asarray(encode(texts))
    judged: list[tuple[Article, list[FillerParagraph]]] = []
    for article, tail in runs:
        kept: list[FillerParagraph] = []
        for item in tail:
            begin, end = spans[(article.id, item.paragraph)]
            if end > begin:
                support = float((embedded[begin:end] @ pools[article.id].T).max())
                if support >= config.support_threshold:
                    break
                if support > item.best_support:
                    item = replace(item, best_support=round(support, 3))
            kept.append(item)
        judged.append((article, kept))
    return judged
