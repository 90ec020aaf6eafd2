"""HTML to blocks: trafilatura finds the article and its metadata.

Comments are off, so reader comments never enter the text. Headings come
from the extracted tree's ``<head>`` elements so they stay headings.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from .blocks import Block, normalise_line

__all__ = ["HtmlExtraction", "extract_html"]

_BLOCK_TAGS = {"p", "head", "quote", "list", "item", "table", "row", "code"}


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
    for element in doc.body.iter():
        if element.tag not in _BLOCK_TAGS or element.tag in ("list", "table"):
            continue
        if element.tag == "item" or element.tag == "row":
            text = normalise_line("".join(element.itertext()))
        elif element.getparent() is not None and element.getparent().tag in ("item", "row", "quote"):
            continue
        else:
            text = normalise_line("".join(element.itertext()))
        if not text:
            continue
        if element.tag == "head":
            hints.add(len(blocks))
        blocks.append(Block(text=text, line=0))
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
