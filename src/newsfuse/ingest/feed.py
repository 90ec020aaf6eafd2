"""RSS and Atom feeds with embedded article content (via feedparser)."""

from __future__ import annotations

from typing import Iterator

from ..errors import InputError
from ..model import Format, RawDoc
from .dates import normalise_date
from .html import as_document

__all__ = ["read_feed"]


def read_feed(data: bytes, where: str) -> Iterator[RawDoc | InputError]:
    import feedparser

    parsed = feedparser.parse(data)
    version = parsed.get("version") or ""
    problem = parsed.get("bozo_exception")
    detail = f" ({_first_line(problem)})" if problem else ""
    if not version:
        # feedparser finds "entries" in any XML with <item> or <entry> tags; without
        # an RSS/Atom root it is not a feed, whatever it holds.
        raise InputError(where, f"not a valid RSS/Atom feed{detail}")
    if not parsed.entries:
        raise InputError(where, f"feed ({version}) has no entries{detail}")
    # Broken XML (cut off, mismatched tags) is read leniently, but the run must say
    # so: entries may be missing or cut. HTML entities such as &nbsp; are not XML
    # but are everywhere in feeds and harmless, so they do not count.
    broken = _is_xml_error(problem) and "undefined entity" not in str(problem)
    outlet = (parsed.feed.get("title") or "").strip() or None
    read = 0
    for number, entry in enumerate(parsed.entries, start=1):
        at = f"{where}#{number}"
        content = _content(entry)
        if not content:
            if not broken:  # when broken, the one error below covers it
                yield InputError(at, "feed entry has no embedded content or summary")
            continue
        read += 1
        link = (entry.get("link") or "").strip() or None
        ident = link or (entry.get("id") or "").strip() or at
        date = normalise_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        yield RawDoc(
            id=ident,
            origin=at,
            data=content.encode("utf-8"),
            format=Format.HTML,
            text=as_document(content),
            title=(entry.get("title") or "").strip() or None,
            date=date,
            outlet=outlet,
            url=link,
            encoding="utf-8",
            extra={"feed_entry_id": entry.get("id")} if entry.get("id") else {},
        )
    if broken:
        yield InputError(where, f"feed XML is broken or truncated ({_first_line(problem)}); "
                                f"{read} entries were read, others may be missing")


def _content(entry) -> str:
    for item in entry.get("content") or []:
        value = (item.get("value") or "").strip()
        if value:
            return value
    return (entry.get("summary") or "").strip()


def _first_line(exc: object) -> str:
    return str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__


def _is_xml_error(exc: object) -> bool:
    from xml.sax import SAXException

    return isinstance(exc, SAXException)
