"""Normalise the publication dates containers give (ISO, RFC 822, struct_time)."""

from __future__ import annotations

import time
from datetime import date, datetime

__all__ = ["normalise_date"]

# Common English layouts, tried before dateparser (which costs ~10 ms a call).
_LAYOUTS = ("%B %d, %Y", "%B %d %Y", "%d %B %Y", "%b %d, %Y", "%b %d %Y", "%d %b %Y", "%A, %B %d, %Y")


def normalise_date(value: object) -> str | None:
    """``YYYY-MM-DD`` for a date-like value, or None if it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    if isinstance(value, (date, datetime)):
        return _ymd(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) > 60 or not any(ch.isdigit() for ch in text):
        return None  # not a date field; dateparser would spend tens of ms to say so
    try:
        return _ymd(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    for layout in _LAYOUTS:
        try:
            return _ymd(datetime.strptime(text.replace(".", ""), layout))
        except ValueError:
            continue
    import dateparser

    # No relative dates ("yesterday", "2 hours ago"): they would resolve against the
    # time of ingest, so the same record would get another date (and version) each day.
    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first",
                                              "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})
    return _ymd(parsed) if parsed else None


def _ymd(value: date) -> str:
    """``YYYY-MM-DD`` with a four-digit year (glibc's ``%Y`` writes year 1 as ``1``)."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
