"""WARC archives (plain or gzipped): HTML responses go through the HTML path."""

from __future__ import annotations

import contextlib
import io
from typing import BinaryIO, Iterator

from ..decode import decode_bytes
from ..errors import InputError
from ..model import Format, RawDoc
from .dates import normalise_date

__all__ = ["read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# No WARC or HTTP header line is this long in a real crawl; warcio reads header
# lines whole, so a gzip member holding one 1 GiB line would need gigabytes.
MAX_HEADER_LINE = 64 * 1024


def read_warc(stream: BinaryIO, where: str, max_record_bytes: int) -> Iterator[RawDoc | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    peek = getattr(stream, "peek", None)
    head = peek(64)[:64] if peek is not None else b""
    if head and not head.startswith((b"\x1f\x8b", b"WARC/", b"filedesc://")):
        raise InputError(where, "not a WARC file (it does not start with a WARC/ARC record or gzip data)")
    count = 0
    records_end = 0
    warnings = io.StringIO()
    try:
        archive = ArchiveIterator(_KeepOpen(stream))
        _cap_lines(archive.reader, MAX_HEADER_LINE, where)
        records = iter(archive)
        while True:
            # warcio prints its warnings to stderr; they are counted and reported below instead
            with contextlib.redirect_stderr(warnings):
                try:
                    record = next(records)
                except StopIteration:
                    break
                except (AttributeError, TypeError, KeyError) as exc:
                    # warcio trips over some cut-off headers instead of raising its own error
                    raise ValueError(f"unreadable record headers ({type(exc).__name__})") from None
                declared = record.rec_headers.get_header("Content-Length") if record.format == "warc" else "0"
                if record.length is None or not (declared or "").strip().isdigit():
                    raise InputError(where, f"WARC is truncated or corrupt after {count} responses "
                                            "(a record has incomplete headers)")
                item = _read_record(record, where, count, max_record_bytes)
                _check_complete(record, where, count)
                records_end = archive.get_record_offset() + archive.get_record_length()
            if item is not None:
                count += 1
                yield item
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        raise InputError(where, f"WARC is truncated or corrupt after {count} responses ({detail})") from None
    if archive.err_count or warnings.getvalue().strip():
        raise InputError(where, f"WARC is corrupt: a record does not end where its Content-Length says "
                                f"({count} responses read)")
    _check_nothing_left(stream, records_end, where, count)
    if count == 0:
        raise InputError(where, "WARC holds no HTML or text responses")


def _read_record(record, where: str, count: int, max_record_bytes: int) -> RawDoc | InputError | None:
    """The article in one record, the reason it is not one, or None to skip it."""
    if record.rec_type != "response":
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{where}#{count + 1}"
    http = record.http_headers
    ctype = (http.get_header("Content-Type") if http else "") or ""
    mime = ctype.split(";")[0].strip().lower()
    if mime not in _HTML_TYPES and mime != "text/plain":
        return None
    status = http.get_statuscode() if http else "200"
    payload = record.content_stream().read(max_record_bytes + 1)
    at = f"{where}#{uri}"
    if status and not str(status).startswith("2"):
        return InputError(at, f"HTTP status {status}, not an article page")
    if len(payload) > max_record_bytes:
        return InputError(at, f"response is over the {max_record_bytes} byte limit for one article")
    if not payload.strip():
        return InputError(at, "response body is empty")
    hint = _charset(ctype)
    try:
        text, encoding = decode_bytes(payload, at, hint)
    except InputError as exc:
        return exc
    return RawDoc(
        id=uri,
        origin=at,
        data=payload,
        format=Format.TEXT if mime == "text/plain" else Format.HTML,
        text=text,
        url=uri,
        encoding=encoding,
        extra={"crawl_date": normalise_date(record.rec_headers.get_header("WARC-Date"))},
    )


def _cap_lines(reader, cap: int, where: str) -> None:
    """Bound every ``readline`` warcio makes on ``reader`` (this one reader object only).

    warcio reads WARC and HTTP headers, and the blank lines between records,
    with an unbounded ``readline``; the payload is read with ``read``. A line
    over ``cap`` bytes ends the file with one error instead of filling memory.
    """
    unbounded = reader.readline

    def readline(length: int | None = None) -> bytes:
        limit = cap + 1 if length is None else min(length, cap + 1)
        line = unbounded(limit)
        if len(line) > cap and not line.endswith(b"\n"):
            raise InputError(where, f"WARC is corrupt: a header line is over the {cap // 1024} KiB limit")
        return line

    reader.readline = readline


class _KeepOpen:
    """The stream as warcio sees it: warcio closes what it reads at the end,
    but the tail check after the last record still needs the file."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def tell(self) -> int:
        return self._stream.tell()

    def close(self) -> None:
        pass


def _check_complete(record, where: str, count: int) -> None:
    """Read the rest of a record; raise if the file ends before its Content-Length.

    warcio hands a record cut off in its body over as if it were whole, so a
    truncated last response would otherwise be stored with half its text.
    """
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        raise InputError(where, f"WARC is truncated after {count} responses "
                                f"(a record ends {missing} bytes before its stated length)")


def _check_nothing_left(stream: BinaryIO, records_end: int, where: str, count: int) -> None:
    """Raise if bytes other than blank lines follow the last complete record.

    warcio stops without a word at a record whose headers (or gzip member)
    are cut off, so the file's tail is checked here.
    """
    try:
        stream.seek(records_end)
        rest = stream.read(4096)
    except (OSError, ValueError):
        return
    if rest.strip():
        raise InputError(where, f"WARC is truncated or corrupt after {count} responses "
                                f"(an incomplete record starts at byte {records_end})")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
