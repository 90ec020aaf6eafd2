"""Metadata the text itself states: header fields and the dateline.

Exports and scrapers often prefix the body with ``date 2024-07-08`` or
``Title: ...`` lines, and wire copy opens with a dateline such as
``MOSCOW, July 8 (Reuters) —`` or ``(Bloomberg) —``. Both are read into
fields and taken out of the text, so sentences start where the prose does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest.dates import normalise_date
from ..lexicons import month_names

__all__ = ["Header", "read_header", "Dateline", "read_dateline"]

_HEADER_FIELD = re.compile(
    r"""^\s*(?P<key>date|published|updated|posted|title|headline|source|outlet|publisher|url|link|author|byline)
    \s*(?::|=|\s)\s*(?P<value>.+?)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_ISO_DATE = re.compile(r"^\s*(?P<key>date|published|updated|posted)\s*:?\s*(?P<date>\d{4}-\d{2}-\d{2})(?:[T ][\d:.+Z-]+)?\s+", re.I)


@dataclass(frozen=True, slots=True)
class Header:
    fields: dict[str, str]
    removed: tuple[tuple[str, int], ...]
    first_line: int
    prefix_cut: int


def read_header(lines: list[str]) -> Header:
    """Read ``key: value`` header lines and an ISO date fused onto line 1.

    Returns the fields found, the removed lines with their 1-based numbers,
    the index of the first line that is not header, and how many characters
    of that line a fused date prefix takes.
    """
    fields: dict[str, str] = {}
    removed: list[tuple[str, int]] = []
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        match = _HEADER_FIELD.match(line)
        if not match or len(line) > 300:
            break
        key = _canonical_key(match.group("key"))
        value = match.group("value").strip()
        if key == "date" and normalise_date(value) is None:
            break
        if key == "date" and fields.get("date"):
            break
        if key in ("date", "title", "outlet", "url", "author"):
            fields.setdefault(key, value)
            removed.append((line.strip(), index + 1))
            index += 1
            continue
        break
    cut = 0
    if index < len(lines) and "date" not in fields:
        fused = _ISO_DATE.match(lines[index])
        if fused:
            fields["date"] = fused.group("date")
            cut = fused.end()
            removed.append((lines[index][: cut].strip(), index + 1))
    return Header(fields=fields, removed=tuple(removed), first_line=index, prefix_cut=cut)


def _canonical_key(key: str) -> str:
    key = key.lower()
    return {
        "published": "date",
        "updated": "date",
        "posted": "date",
        "headline": "title",
        "source": "outlet",
        "publisher": "outlet",
        "link": "url",
        "byline": "author",
    }.get(key, key)


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str
    place: str | None
    outlet: str | None
    date: str | None
    length: int


_CAPWORD = r"[A-Z][\w.'’-]*"
_PLACE = rf"(?P<place>{_CAPWORD}(?:\s+{_CAPWORD}){{0,3}}(?:,\s*{_CAPWORD}(?:\s+{_CAPWORD}){{0,2}})?)"
_MONTH_PREFIX = "|".join(name[:3].capitalize() for name in month_names())  # Jan ... Dec ("Sept" is Sep + t)
_DATE_PART = rf"(?:,?\s*(?P<date>(?:{_MONTH_PREFIX})[a-z]*\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?))"
_OUTLET = r"(?:\s*\((?P<outlet>[A-Z][\w&.'’ -]{1,40})\))"
_DASH = r"\s*(?:—|–|--|-)\s+(?=[A-Z“\"‘'])"
_OUTLET_ONLY = r"(?:\s*\((?P<outlet_only>[A-Z][\w&.'’ -]{1,40})\))"
_DATELINE = re.compile(rf"^(?:{_PLACE}{_DATE_PART}?{_OUTLET}?|{_OUTLET_ONLY}){_DASH}")


def read_dateline(paragraph: str, year_hint: str | None = None) -> Dateline | None:
    """Read a wire dateline at the start of the first paragraph, if any.

    A bare capitalised word before a dash is not enough ("India – a key
    economy – ..."): a dateline needs an outlet in parentheses, a place in
    capitals, or a ``City, Region`` pair.
    """
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place")
    outlet = match.group("outlet") or match.group("outlet_only")
    if place and not outlet:
        if not (place.isupper() or "," in place):
            return None
    if place and len(place) > 60:
        return None
    date = None
    stated = match.groupdict().get("date")
    if stated:
        if re.search(r"\d{4}", stated):
            date = normalise_date(stated)
        elif year_hint:
            date = normalise_date(f"{stated} {year_hint}")
    text = paragraph[: match.end()].strip()
    return Dateline(
        text=text,
        place=place.strip().rstrip(",") if place else None,
        outlet=outlet.strip() if outlet else None,
        date=date,
        length=match.end(),
    )
