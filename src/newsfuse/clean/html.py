"""HTML to blocks: trafilatura finds the article and its metadata.

Comments are off, so reader comments never enter the text. Each element of
the extracted body is rendered as trafilatura renders it (a list item per
line after "- ", a table row per line with cells between " | ") and every
line becomes a block that remembers its element, so the cleaner can trust
the extractor's structure: headings stay headings, and list items and table
rows are article content, not menus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from .blocks import Block, normalise_line

__all__ = ["HtmlExtraction", "extract_html"]

# A table's header separator ("|---|---|") carries no text.
_HAS_TEXT = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    blocks: list[Block]
    heading_hints: frozenset[int]
    title: str | None
    date: str | None
    outlet: str | None
    url: str | None


def extract_html(html: str, where: str, url: str | None = None) -> HtmlExtraction:
    """Main text blocks and metadata of one page.

    Raises:
        InputError: trafilatura finds no article text in the page.
    """
    import trafilatura
    from trafilatura.xml import xmltotxt

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=False, with_metadata=True, favor_precision=False
        )
    except Exception as exc:  # trafilatura raises many parser-specific errors
        raise InputError(where, f"HTML could not be parsed ({type(exc).__name__})") from None
    if doc is None or doc.body is None or not (doc.text or "").strip():
        raise InputError(where, "HTML page has no article text")
    blocks: list[Block] = []
    hints: set[int] = set()
    for element in doc.body:
        for line in xmltotxt(element, False).split("\n"):
            text = normalise_line(line)
            if not text or not _HAS_TEXT.search(text):
                continue
            if element.tag == "head":
                hints.add(len(blocks))
            blocks.append(Block(text=text, line=0, markup=str(element.tag)))
    if not blocks:
        raise InputError(where, "HTML page has no article text")
    return HtmlExtraction(
        blocks=blocks,
        heading_hints=frozenset(hints),
        title=(doc.title or "").strip() or None,
        date=doc.date or None,
        outlet=(doc.sitename or "").strip() or None,
        url=doc.url or url,
    )
