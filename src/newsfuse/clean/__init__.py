"""RawDoc -> Article: chrome out (and kept aside), metadata in, offsets built.

The cleaner works on batches because one piece of its evidence is
cross-article: a short line that recurs in several articles ("Related Posts",
a site's menu) is chrome even where it looks like a heading. Counts from
earlier batches can be passed in, so a store can carry them across runs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterator, Mapping, Sequence

from ..errors import InputError
from ..model import Article, FieldSource, Format, Paragraph, ParagraphKind, RawDoc, RemovedLine, RemovedReason, Span
from ..segment import SentenceSplitter
from .blocks import Block, BlockKind, evidence, normalise_line
from .classify import classify_blocks, classify_extracted
from .header import read_dateline, read_header
from .html import extract_html

__all__ = ["CleanConfig", "Cleaner", "line_key"]


def line_key(line: str) -> str:
    """The form under which a short line is counted across articles."""
    return " ".join(line.lower().split())


# An extraction in which no line reaches this many words is a menu or a form, not an article.
_MIN_TEXT_WORDS = 4


@dataclass(frozen=True)
class CleanConfig:
    """When a short line counts as recurring chrome.

    A line of at most ``repeat_max_words`` words found in at least
    ``repeat_min_articles`` different articles is treated as page chrome.
    """

    repeat_min_articles: int = 3
    repeat_max_words: int = 12


@dataclass(slots=True)
class _Prepared:
    raw: RawDoc
    blocks: list[Block]
    known_title: str | None
    heading_hints: frozenset[int] = frozenset()
    fields: dict[str, str] = field(default_factory=dict)
    header_removed: tuple[tuple[str, int], ...] = ()
    date: str | None = None
    date_source: FieldSource | None = None
    outlet: str | None = None
    outlet_source: FieldSource | None = None
    url: str | None = None


class Cleaner:
    """Cleans batches of RawDocs into Articles.

    Example (the last line is skipped until issue 19 decides which is wrong,
    the example or the cleaner: today the headline is dropped as "caption or
    menu between headline and text")::

        >>> from newsfuse.model import RawDoc, Format
        >>> text = "Modi visits Moscow\\n\\nMr. Modi met Mr. Putin on Monday. They talked.\\n\\nPost a Comment"
        >>> raw = RawDoc(id="a", origin="a.txt", data=text.encode(), format=Format.TEXT, text=text)
        >>> article = next(Cleaner().clean_batch([raw]))
        >>> article.title, [r.text for r in article.removed], len(article.sentences)  # doctest: +SKIP
        ('Modi visits Moscow', ['Post a Comment'], 2)
    """

    def __init__(self, config: CleanConfig = CleanConfig(), splitter: SentenceSplitter | None = None) -> None:
        self.config = config
        self.splitter = splitter or SentenceSplitter()

    def line_keys(self, article: Article) -> set[str]:
        """The short lines of a cleaned article (kept or removed), keyed for counting."""
        lines = [article.paragraph_text(p) for p in article.paragraphs] + [r.text for r in article.removed]
        limit = self.config.repeat_max_words
        return {line_key(line) for line in lines if len(line.split()) <= limit}

    def clean_batch(
        self,
        raws: Sequence[RawDoc],
        prior_counts: Callable[[set[str]], Mapping[str, int]] | None = None,
    ) -> Iterator[Article | InputError]:
        """Clean a batch; yields an Article or an InputError per RawDoc, in order.

        Args:
            raws: documents to clean.
            prior_counts: looks up how many earlier articles (outside this
                batch) contain each short line, e.g. ``Store.line_counts``.
        """
        prepared = [self._prepare(raw) for raw in raws]
        counts: Counter[str] = Counter()
        for item in prepared:
            if not isinstance(item, InputError):
                counts.update(self._short_keys(item.blocks))
        if prior_counts is not None and counts:
            counts.update(prior_counts(set(counts)))
        threshold = self.config.repeat_min_articles

        def is_repeated(line: str) -> bool:
            return counts.get(line_key(line), 0) >= threshold

        for item in prepared:
            if isinstance(item, InputError):
                yield item
                continue
            try:
                yield self._finish(item, is_repeated)
            except InputError as exc:
                yield exc

    def _short_keys(self, blocks: list[Block]) -> set[str]:
        limit = self.config.repeat_max_words
        return {line_key(b.text) for b in blocks if len(b.text.split()) <= limit}

    def _prepare(self, raw: RawDoc) -> _Prepared | InputError:
        try:
            if raw.format is Format.HTML:
                return self._prepare_html(raw)
            return self._prepare_text(raw)
        except InputError as exc:
            return exc

    def _prepare_text(self, raw: RawDoc) -> _Prepared:
        text = raw.text if raw.text is not None else raw.data.decode("utf-8", "replace")
        lines = text.splitlines()
        header = read_header(lines)
        blocks: list[Block] = []
        for index in range(header.first_line, len(lines)):
            line = lines[index]
            if index == header.first_line and header.prefix_cut:
                line = line[header.prefix_cut :]
            norm = normalise_line(line)
            if not norm:
                continue
            indent = len(line) - len(line.lstrip(" \t\u00a0"))
            blocks.append(Block(text=norm, line=index + 1, indent=indent))
        if not blocks:
            raise InputError(raw.origin, "has no text")
        prepared = _Prepared(
            raw=raw,
            blocks=blocks,
            known_title=raw.title or header.fields.get("title"),
            fields=dict(header.fields),
            header_removed=header.removed,
            url=raw.url or header.fields.get("url"),
        )
        _container_metadata(prepared)
        if prepared.date is None and header.fields.get("date"):
            from ..ingest.dates import normalise_date

            prepared.date, prepared.date_source = normalise_date(header.fields["date"]), FieldSource.TEXT_HEADER
        if prepared.outlet is None and header.fields.get("outlet"):
            prepared.outlet, prepared.outlet_source = header.fields["outlet"], FieldSource.TEXT_HEADER
        return prepared

    def _prepare_html(self, raw: RawDoc) -> _Prepared:
        html = raw.text if raw.text is not None else raw.data.decode("utf-8", "replace")
        extraction = extract_html(html, raw.origin, raw.url)
        prepared = _Prepared(
            raw=raw,
            blocks=extraction.blocks,
            known_title=raw.title or extraction.title,
            heading_hints=extraction.heading_hints,
            url=raw.url or extraction.url,
        )
        _container_metadata(prepared)
        if prepared.date is None and extraction.date:
            prepared.date, prepared.date_source = extraction.date, FieldSource.HTML_METADATA
        if prepared.outlet is None and extraction.outlet:
            prepared.outlet, prepared.outlet_source = extraction.outlet, FieldSource.HTML_METADATA
        return prepared

    def _finish(self, item: _Prepared, is_repeated) -> Article:
        raw = item.raw
        if raw.format is Format.HTML:
            if all(evidence(b.text).words < _MIN_TEXT_WORDS for b in item.blocks):
                raise InputError(raw.origin, "no article text found (the extracted page holds only short labels)")
            title = classify_extracted(item.blocks, item.known_title, is_repeated)
            _keep_what_was_extracted(item.blocks)
        else:
            title = classify_blocks(item.blocks, item.known_title, is_repeated, item.heading_hints)
        if item.known_title is not None:
            title = item.known_title
        removed: list[RemovedLine] = [RemovedLine(text, RemovedReason.METADATA_HEADER, line) for text, line in item.header_removed]
        kept: list[Block] = []
        for block in item.blocks:
            for text, reason in block.removed_parts:
                removed.append(RemovedLine(text, RemovedReason(reason), block.line))
            if block.kind is BlockKind.CHROME:
                removed.append(RemovedLine(block.text, RemovedReason(block.reason), block.line))
            elif block.kind in (BlockKind.BODY, BlockKind.HEADING):
                kept.append(block)
        if not any(b.kind is BlockKind.BODY for b in kept):
            raise InputError(raw.origin, "no article text found (only page chrome or headings)")
        dateline = None
        first_body = next(b for b in kept if b.kind is BlockKind.BODY)
        found = read_dateline(first_body.text, (item.date or "")[:4] or None)
        if found is not None and evidence(first_body.text[found.length :]).words >= 4:
            dateline = found
            removed.append(RemovedLine(found.text, RemovedReason.DATELINE, first_body.line))
            first_body.text = first_body.text[found.length :].lstrip()
            if item.outlet is None and found.outlet:
                item.outlet, item.outlet_source = found.outlet, FieldSource.DATELINE
            if item.date is None and found.date:
                item.date, item.date_source = found.date, FieldSource.DATELINE
        text, paragraphs, sentences = self._assemble(kept)
        extra = dict(raw.extra)
        if raw.encoding:
            extra.setdefault("encoding", raw.encoding)
        if dateline is not None and dateline.place:
            extra["dateline_place"] = dateline.place
        return Article(
            id=raw.id,
            text=text,
            title=title,
            date=item.date,
            outlet=item.outlet,
            url=item.url,
            origin=raw.origin,
            raw_sha256=raw.raw_sha256,
            paragraphs=tuple(paragraphs),
            sentences=tuple(sentences),
            removed=tuple(sorted(removed, key=lambda r: r.line)),
            dateline=dateline.text if dateline else None,
            date_source=item.date_source,
            outlet_source=item.outlet_source,
            extra=extra,
        )

    def _assemble(self, kept: list[Block]) -> tuple[str, list[Paragraph], list[Span]]:
        parts: list[str] = []
        paragraphs: list[Paragraph] = []
        sentences: list[Span] = []
        offset = 0
        for block in kept:
            if parts:
                parts.append("\n\n")
                offset += 2
            start, end = offset, offset + len(block.text)
            parts.append(block.text)
            offset = end
            kind = ParagraphKind.HEADING if block.kind is BlockKind.HEADING else ParagraphKind.BODY
            paragraphs.append(Paragraph(start, end, kind, block.line))
        text = "".join(parts)
        for paragraph in paragraphs:
            if paragraph.kind is ParagraphKind.BODY:
                sentences.extend(self.splitter.spans(text, paragraph.start, paragraph.end))
        return text, paragraphs, sentences


def _keep_what_was_extracted(blocks: list[Block]) -> None:
    """An extraction without a paragraph of prose is still the page's text: its headings become the body."""
    if not any(b.kind is BlockKind.BODY for b in blocks):
        for block in blocks:
            if block.kind is BlockKind.HEADING:
                block.kind = BlockKind.BODY


def _container_metadata(prepared: _Prepared) -> None:
    raw = prepared.raw
    if raw.date:
        prepared.date, prepared.date_source = raw.date, FieldSource.CONTAINER
    if raw.outlet:
        prepared.outlet, prepared.outlet_source = raw.outlet, FieldSource.CONTAINER
