"""RSS and Atom feeds with embedded article content (via feedparser)."""

from __future__ import annotations

from typing import Iterator

from ..errors import InputError
from ..model import Format, RawDoc
from .dates import normalise_date

__all__ = ["read_feed"]


def read_feed(data: bytes, where: str) -> Iterator[RawDoc | InputError]:
    import feedparser

    parsed = feedparser.parse(data)
    version = parsed.get("version") or ""
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({_first_line(problem)})" if problem else ""
        if version:
            raise InputError(where, f"feed ({version}) has no entries")
        raise InputError(where, f"not a valid RSS/Atom feed{detail}")
    outlet = (parsed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(parsed.entries, start=1):
        at = f"{where}#{number}"
        content = _content(entry)
        if not content:
            yield InputError(at, "feed entry has no embedded content or summary")
            continue
        link = (entry.get("link") or "").strip() or None
        ident = link or (entry.get("id") or "").strip() or at
        date = normalise_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        yield RawDoc(
            id=ident,
            origin=at,
            data=content.encode("utf-8"),
            format=Format.HTML,
            text=content,
            title=(entry.get("title") or "").strip() or None,
            date=date,
            outlet=outlet,
            url=link,
            encoding="utf-8",
            extra={"feed_entry_id": entry.get("id")} if entry.get("id") else {},
        )


def _content(entry) -> str:
    for item in entry.get("content") or []:
        value = (item.get("value") or "").strip()
        if value:
            return value
    return (entry.get("summary") or "").strip()


def _first_line(exc: object) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
