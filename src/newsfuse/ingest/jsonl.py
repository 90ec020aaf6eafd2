"""JSON Lines: one article per line with ``id url title date text outlet``.

Fields beyond those are kept in ``RawDoc.extra``. A line that is not JSON or
has no text is reported with its line number and the rest is still read.
"""

from __future__ import annotations

import json
from typing import BinaryIO, Iterator

from ..decode import decode_bytes
from ..errors import InputError
from ..model import Format, RawDoc
from .dates import normalise_date
from .html import as_document

__all__ = ["read_jsonl", "record_to_rawdoc"]

_KNOWN = {"id", "url", "title", "date", "text", "html", "outlet"}


def read_jsonl(stream: BinaryIO, where: str, max_record_bytes: int) -> Iterator[RawDoc | InputError]:
    seen_any = False
    for number, (line, length) in enumerate(_lines(stream, max_record_bytes), start=1):
        if length > max_record_bytes:
            seen_any = True
            yield InputError(f"{where}:{number}",
                             f"line is {length} bytes, over the {max_record_bytes} byte limit for one article")
            continue
        if not line.strip():
            continue
        seen_any = True
        at = f"{where}:{number}"
        try:
            decoded, _ = decode_bytes(line, at)
            record = _loads(decoded, at)
        except InputError as exc:
            yield exc
            continue
        if not _valid_unicode(record):
            yield InputError(at, "holds a \\u escape that is not valid Unicode (a lone surrogate) or cannot be stored")
            continue
        try:
            yield record_to_rawdoc(record, at, line.rstrip(b"\r\n"))
        except InputError as exc:
            yield exc
    if not seen_any:
        yield InputError(where, "is empty")


def _loads(text: str, at: str) -> object:
    """One JSON value; every way ``json.loads`` can fail becomes one InputError.

    ``NaN``/``Infinity`` (not JSON, but Python reads them) become null, so what
    is stored can be printed back as valid JSON.
    """
    try:
        return json.loads(text, parse_constant=lambda _name: None)
    except json.JSONDecodeError as exc:
        raise InputError(at, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(at, "not valid JSON (nested too deeply)") from None
    except ValueError as exc:  # an integer over Python's 4,300-digit conversion limit
        detail = "integer too large" if "digits" in str(exc) else str(exc).splitlines()[0][:120]
        raise InputError(at, f"not valid JSON ({detail})") from None


def _valid_unicode(record: object) -> bool:
    """JSON may escape lone surrogates ("\\ud800"); such text cannot be stored or printed."""
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError, ValueError):
        return False
    return True


def _lines(stream: BinaryIO, limit: int, chunk: int = 1 << 20) -> Iterator[tuple[bytes, int]]:
    """``(line, length)`` per line; a line over ``limit`` bytes is skipped
    through in chunks (never held whole) and comes back empty with its length."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line, len(line)
            continue
        length = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(chunk)
            if not line:
                break
            length += len(line)
        yield b"", length


def record_to_rawdoc(record: object, at: str, data: bytes) -> RawDoc:
    if not isinstance(record, dict):
        raise InputError(at, f"expected a JSON object, got {type(record).__name__}")
    body = record.get("text")
    html = record.get("html")
    if not (isinstance(body, str) and body.strip()) and not (isinstance(html, str) and html.strip()):
        raise InputError(at, "has no 'text' (or 'html') field with content")
    url = _str(record.get("url"))
    ident = _str(record.get("id")) or url or at
    extra = {k: v for k, v in record.items() if k not in _KNOWN}
    raw_date = record.get("date")
    date = normalise_date(raw_date)
    if raw_date is not None and date is None:
        extra["date_unparsed"] = raw_date
    is_text = isinstance(body, str) and body.strip()
    return RawDoc(
        id=ident,
        origin=at,
        data=data,
        format=Format.TEXT if is_text else Format.HTML,
        text=body if is_text else as_document(html),
        title=_str(record.get("title")),
        date=date,
        outlet=_str(record.get("outlet")),
        url=url,
        encoding="utf-8",
        extra=extra,
    )


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
