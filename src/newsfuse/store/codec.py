"""Article <-> row. Stand-off structure is stored as compact JSON arrays."""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..model import Article, FieldSource, Paragraph, ParagraphKind, RemovedLine, RemovedReason, Span

__all__ = ["article_to_row", "row_to_article"]


def article_to_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "content_hash": article.content_hash,
        "raw_sha256": article.raw_sha256,
        "title": article.title,
        "date": article.date,
        "outlet": article.outlet,
        "url": article.url,
        "origin": article.origin,
        "dateline": article.dateline,
        "date_source": article.date_source,
        "outlet_source": article.outlet_source,
        "text": article.text,
        "paragraphs": json.dumps([[p.start, p.end, p.kind.value, p.line] for p in article.paragraphs]),
        "sentences": json.dumps([[s.start, s.end] for s in article.sentences]),
        "removed": json.dumps([[r.text, r.reason, r.line] for r in article.removed], ensure_ascii=False),
        "extra": json.dumps(dict(article.extra), ensure_ascii=False, default=str),
    }


def row_to_article(row: Mapping[str, Any]) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        date=row["date"],
        outlet=row["outlet"],
        url=row["url"],
        origin=row["origin"],
        raw_sha256=row["raw_sha256"],
        paragraphs=tuple(Paragraph(p[0], p[1], ParagraphKind(p[2]), *p[3:4]) for p in json.loads(row["paragraphs"])),
        sentences=tuple(Span(s, e) for s, e in json.loads(row["sentences"])),
        removed=tuple(RemovedLine(t, RemovedReason(r), n) for t, r, n in json.loads(row["removed"])),
        dateline=row["dateline"],
        date_source=_source(row["date_source"]),
        outlet_source=_source(row["outlet_source"]),
        extra=json.loads(row["extra"]),
    )


def _source(value: str | None) -> FieldSource | None:
    return None if value is None else FieldSource(value)
