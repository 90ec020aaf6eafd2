"""Filler: paragraphs that carry no reportable specifics and no support.

Generated or padded articles end with paragraphs of generic commentary. A
paragraph is filler when it has no numbers, no dates, no direct quotes and
no name beyond the story's common ones (the names most of its articles
share), no sentence of it is supported by any other article of the story (no
close match in meaning), and it belongs to the run of such paragraphs that
closes the article: padding is appended, while a generic sentence inside a
report is usually transition, not filler.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..model import Article, ParagraphKind
from .candidates import anchors

__all__ = ["FillerConfig", "FillerParagraph", "find_filler", "common_names"]

_DATE_WORDS = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|yesterday|today|tomorrow|last (?:week|month|year)|"
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
    known = _known_names(articles)
    counts = Counter(name for a in articles for name in _name_parts(a.text, known))
    need = max(2, int(np.ceil(share * len(articles))))
    return {name for name, count in counts.items() if count >= need}


def _known_names(articles: Sequence[Article]) -> set[str]:
    known: set[str] = set()
    for article in articles:
        for anchor in anchors(article.text):
            if not anchor.startswith("#"):
                known |= _name_parts(anchor, None)
    return known


def _specific(text: str, cast: set[str], known: set[str]) -> bool:
    if _DIGIT.search(text) or _QUOTE.search(text) or _DATE_WORDS.search(text):
        return True
    return bool(_name_parts(text, known) - cast)


def find_filler(articles: Sequence[Article], similarity, config: FillerConfig = FillerConfig()) -> list[FillerParagraph]:
    """Filler paragraphs of each article, judged against the other articles.

    Args:
        articles: the articles of one story.
        similarity: a model with ``embeddings(article) -> ndarray`` (one row
            per sentence, unit length), e.g. ``EmbeddingSimilarity``.
    """
    if len(articles) < 2:
        return []
    cast = common_names(articles, config.common_share)
    known = _known_names(articles)
    vectors = {a.id: similarity.embeddings(a) for a in articles}
    found: list[FillerParagraph] = []
    for article in articles:
        others = [vectors[o.id] for o in articles if o.id != article.id and len(vectors[o.id])]
        if not others:
            continue
        pool = np.vstack(others)
        own = vectors[article.id]
        tail: list[FillerParagraph] = []
        for index in range(len(article.paragraphs) - 1, -1, -1):
            paragraph = article.paragraphs[index]
            if paragraph.kind is not ParagraphKind.BODY:
                continue
            text = article.paragraph_text(paragraph)
            if len(text.split()) < config.min_words or _specific(text, cast, known):
                break
            rows = [k for k, s in enumerate(article.sentences) if paragraph.start <= s.start < paragraph.end]
            if not rows:
                break
            support = float((own[rows] @ pool.T).max())
            if support >= config.support_threshold:
                break
            tail.append(FillerParagraph(article.id, index, paragraph.start, paragraph.end, round(support, 3)))
        if len(tail) >= config.min_tail_run:
            found.extend(reversed(tail))
    return found
