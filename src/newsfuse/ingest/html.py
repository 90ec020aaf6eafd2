"""HTML page files (one article per file, id = file stem).

Only decoding happens here; extraction of the main text is the cleaner's job
(:mod:`newsfuse.clean.html`), so WARC and feed HTML share one path.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..decode import decode_bytes, printable_name
from ..model import Format, RawDoc

__all__ = ["read_html_file", "read_html_bytes", "as_document", "flatten_deep"]

_DOCUMENT = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
_BLOCK = re.compile(r"<(?:p|div|article|section|main|h[1-6]|ul|ol|dl|blockquote|table|pre|figure)\b", re.IGNORECASE)
_BREAKS = re.compile(r"(?:<br\s*/?>\s*)+|\n\s*\n", re.IGNORECASE)


def read_html_file(path: Path, ident: str | None = None) -> RawDoc:
    """``ident``: the article id (default: the file stem; see :class:`newsfuse.ingest.sources.Found`)."""
    return read_html_bytes(path.read_bytes(), printable_name(str(path)), ident or printable_name(path.stem))


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


# libxml2 stops building the tree at depth 255 and drops every later node,
# paragraphs at depth 2 included; markup deeper than this is flattened first.
MAX_DEPTH = 200
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_STRUCTURE = frozenset("html head body title p h1 h2 h3 h4 h5 h6 script style noscript template".split())


def flatten_deep(page: str, limit: int = MAX_DEPTH) -> str:
    """``page`` with the container tags below depth ``limit`` removed.

    Pages never nest that deep on purpose (a broken generator or an attack
    repeating ``<div>``); their text is kept, their deep wrappers are not.
    Pages within the limit come back unchanged.

    Example:
        >>> flatten_deep("<div>" * 300 + "<p>Hi</p>", limit=5).count("<div>")
        5
    """
    if page.count("<") <= limit:
        return page
    depth = peak = 0
    for match in _TAG.finditer(page):
        depth += _step(match)
        depth = max(depth, 0)
        peak = max(peak, depth)
    if peak <= limit:
        return page
    out: list[str] = []
    last = depth = 0
    for match in _TAG.finditer(page):
        step = _step(match)
        deep = (depth if step >= 0 else depth - 1) >= limit
        depth = max(depth + step, 0)
        if deep and step and match.group(2).lower() not in _STRUCTURE:
            out.append(page[last:match.start()])
            out.append(" ")
            last = match.end()
    out.append(page[last:])
    return "".join(out)


def _step(match: re.Match) -> int:
    if match.group(3) or match.group(2).lower() in _VOID:
        return 0
    return -1 if match.group(1) else 1
