"""The central data model: one clean text per article, everything else stand-off.

Paragraphs, sentences and (in later stages) quotes, mentions and claims hold
character offsets into ``Article.text``; they never copy text. An article keeps
the SHA-256 of the raw bytes it was made from, and the store keeps those bytes,
so every answer can be traced back to what was actually published.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Mapping

__all__ = [
    "Format",
    "RawDoc",
    "Span",
    "ParagraphKind",
    "RemovedReason",
    "FieldSource",
    "Paragraph",
    "RemovedLine",
    "Article",
    "Story",
    "sha256_hex",
]


def sha256_hex(data: bytes | str) -> str:
    """Hex SHA-256 of bytes, or of a string's UTF-8 encoding."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


class Format(StrEnum):
    """What kind of payload a RawDoc carries; decides which cleaner reads it."""

    TEXT = "text"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One article as a reader found it, before cleaning.

    ``data`` is the original bytes (a whole .txt/.html file, one JSONL line,
    one WARC response body, one feed entry's content). Metadata the container
    already states (a JSONL ``title``, a feed entry's ``published``) rides
    along in typed fields; anything else the container offered is in ``extra``.
    """

    id: str
    origin: str
    data: bytes
    format: Format
    text: str | None = None
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    encoding: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def raw_sha256(self) -> str:
        return sha256_hex(self.data)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of ``Article.text``."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


class ParagraphKind(StrEnum):
    BODY = "body"
    HEADING = "heading"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph or heading of ``Article.text``.

    ``line`` is the 1-based line of the decoded source it came from (0 when
    the source had no lines, e.g. HTML), so answers can point at the input.
    """

    start: int
    end: int
    kind: ParagraphKind = ParagraphKind.BODY
    line: int = 0


class RemovedReason(StrEnum):
    """Why the cleaner took a line out (the values are the ``removed_detail`` reasons)."""

    METADATA_HEADER = "metadata header"
    DATELINE = "dateline"
    TEASER_FUSED_INTO_TITLE = "teaser fused into title"
    NO_PROSE = "no prose in the page"
    HEADLINE_REPEATED = "headline repeated in the text"
    CHROME_BEFORE_HEADLINE = "page chrome before the headline"
    CAPTION_OR_MENU_AFTER_HEADLINE = "caption or menu between headline and text"
    FURNITURE_AFTER_ARTICLE = "page furniture after the article"
    RECURS_ACROSS_ARTICLES = "line recurs across articles"
    CALL_TO_ACTION = "call to action"
    APPEAL_TO_READER = "appeal to the reader"
    CONTROL_FUSED_ONTO_PARAGRAPH = "page control fused onto paragraph"
    CREDIT_LINE = "credit line"
    CAPTION = "caption"
    LAYOUT_INDENTED_LABEL = "layout-indented label"
    LABEL_TOO_LONG = "label too long for a heading"
    RUN_OF_LABELS = "run of labels (menu)"


class FieldSource(StrEnum):
    """Where an article's date or outlet was found."""

    TEXT_HEADER = "text header"
    HTML_METADATA = "html metadata"
    DATELINE = "dateline"
    CONTAINER = "container"


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line (or fused fragment) the cleaner took out, and why.

    ``line`` is the 1-based line number in the decoded source text (0 when
    the source had no lines, e.g. HTML extracted by trafilatura).
    """

    text: str
    reason: RemovedReason
    line: int = 0


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: one text plus stand-off structure and provenance.

    ``content_hash`` covers everything a reader sees (title, text, date,
    outlet); re-ingesting identical content is a no-op, changed content
    becomes a new version of the same ``id``.
    """

    id: str
    text: str
    title: str | None
    date: str | None
    outlet: str | None
    url: str | None
    origin: str
    raw_sha256: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Span, ...]
    removed: tuple[RemovedLine, ...] = ()
    dateline: str | None = None
    date_source: FieldSource | None = None
    outlet_source: FieldSource | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        parts = [self.title or "", self.date or "", self.outlet or "", self.text]
        return sha256_hex("\x1f".join(parts))

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]

    def sentence_texts(self) -> list[str]:
        return [s.slice(self.text) for s in self.sentences]


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that report one event. ``id`` stays stable as articles join."""

    id: str
    label: str
    articles: tuple[str, ...]
    first_date: str | None = None
    last_date: str | None = None
