"""HTML page files (one article per file, id = file stem).

Only decoding happens here; extraction of the main text is the cleaner's job
(:mod:`newsfuse.clean.html`), so WARC and feed HTML share one path.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..decode import decode_bytes, printable_name
from ..model import Format, RawDoc

__all__ = ["read_html_file", "read_html_bytes", "as_document"]

_DOCUMENT = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
_BLOCK = re.compile(r"<(?:p|div|article|section|main|h[1-6]|ul|ol|dl|blockquote|table|pre|figure)\b", re.IGNORECASE)
_BREAKS = re.compile(r"(?:<br\s*/?>\s*)+|\n\s*\n", re.IGNORECASE)


def read_html_file(path: Path) -> RawDoc:
    return read_html_bytes(path.read_bytes(), printable_name(str(path)), printable_name(path.stem))


def read_html_bytes(data: bytes, where: str, doc_id: str) -> RawDoc:
    """One page's bytes as a RawDoc (decoded as any HTML file is)."""
    text, encoding = decode_bytes(data, where)
    return RawDoc(id=doc_id, origin=where, data=data, format=Format.HTML, text=text, encoding=encoding)


def as_document(fragment: str) -> str:
    """An HTML fragment (a feed entry's content, a JSONL ``html`` field) as a page.

    trafilatura finds nothing in a fragment with a single root element, nor in
    text that is not inside a block element, so a fragment is put in a body and
    bare text (plain, or split only by ``<br>``) becomes paragraphs.
    """
    if _DOCUMENT.search(fragment[:4096]):
        return fragment
    if not _BLOCK.search(fragment):
        fragment = "".join(f"<p>{part.strip()}</p>" for part in _BREAKS.split(fragment) if part.strip())
    return f"<html><body>{fragment}</body></html>"
