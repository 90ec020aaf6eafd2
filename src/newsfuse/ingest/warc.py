"""WARC archives (plain or gzipped): HTML responses go through the HTML path."""

from __future__ import annotations

from typing import BinaryIO, Iterator

from ..decode import decode_bytes
from ..errors import InputError
from ..model import Format, RawDoc
from .dates import normalise_date

__all__ = ["read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, where: str, max_record_bytes: int) -> Iterator[RawDoc | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"{where}#{count + 1}"
            http = record.http_headers
            ctype = (http.get_header("Content-Type") if http else "") or ""
            mime = ctype.split(";")[0].strip().lower()
            if mime not in _HTML_TYPES and mime != "text/plain":
                continue
            status = http.get_statuscode() if http else "200"
            payload = record.content_stream().read(max_record_bytes + 1)
            count += 1
            at = f"{where}#{uri}"
            if status and not str(status).startswith("2"):
                yield InputError(at, f"HTTP status {status}, not an article page")
                continue
            if len(payload) > max_record_bytes:
                yield InputError(at, f"response is over the {max_record_bytes} byte limit for one article")
                continue
            if not payload.strip():
                yield InputError(at, "response body is empty")
                continue
            hint = _charset(ctype)
            try:
                text, encoding = decode_bytes(payload, at, hint)
            except InputError as exc:
                yield exc
                continue
            yield RawDoc(
                id=uri,
                origin=at,
                data=payload,
                format=Format.TEXT if mime == "text/plain" else Format.HTML,
                text=text,
                url=uri,
                encoding=encoding,
                extra={"crawl_date": normalise_date(record.rec_headers.get_header("WARC-Date"))},
            )
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(where, f"WARC is truncated or corrupt after {count} responses ({detail})") from None
    if count == 0:
        raise InputError(where, "WARC holds no HTML or text responses")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
