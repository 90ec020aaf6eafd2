"""Decide, block by block, what is title, heading, body and chrome.

The decision uses position as much as the line itself: the article is the
span from the first to the last line of prose. Label-like lines before it are
the headline and whatever the page put around it (menus, captions); label-like
lines after it are page furniture (comment widgets, "related" lists, source
links); a lone label-like line between paragraphs is a section heading unless
the evidence says otherwise (it recurs across articles, it addresses the
reader, it is a run of menu items, it is a caption).
"""

from __future__ import annotations

from typing import Callable

from .blocks import (
    Block,
    BlockKind,
    LineEvidence,
    evidence,
    reader_appeal,
    same_headline,
    split_fused_control,
    split_title_teaser,
)

__all__ = ["classify_blocks", "classify_extracted"]

# A run of label lines longer than this between paragraphs is a menu, not a heading.
_MAX_HEADING_WORDS = 15
# Lines indented this much in a flattened page were centred chrome, not prose.
_LAYOUT_INDENT = 16
# Extracted elements whose lines are content by structure, never scored as labels.
_STRUCTURED = frozenset({"list", "table", "code"})
# Longer paragraphs are read, not skimmed as appeals: an appeal is a few sentences.
_MAX_APPEAL_WORDS = 80


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def classify_blocks(
    blocks: list[Block],
    known_title: str | None = None,
    is_repeated: Callable[[str], bool] = lambda line: False,
    heading_hints: frozenset[int] = frozenset(),
) -> str | None:
    """Label every block in place and return the headline found, if any.

    Args:
        blocks: the non-blank lines (or HTML blocks) in order.
        known_title: a title the container already gave (JSONL, feed, HTML
            metadata); a line repeating it is removed, not promoted.
        is_repeated: whether a (normalised) line recurs in other articles.
        heading_hints: indexes of blocks the markup marks as headings.
    """
    if not blocks:
        return None
    ev = [evidence(b.text) for b in blocks]
    main = [e.prose and not e.credit and not e.caption for e in ev]
    body_at = [i for i, is_main in enumerate(main) if is_main]
    if not body_at:
        for block in blocks:
            _chrome(block, "no prose in the page")
        return None
    first, last = body_at[0], body_at[-1]
    title = _lead(blocks, ev, first, known_title)
    for i in range(first, last + 1):
        block, e = blocks[i], ev[i]
        if main[i]:
            _body(block, e, is_repeated, near_end=i >= last - 1)
        else:
            _middle_label(blocks, ev, main, i, is_repeated, heading_hints)
    for block in blocks[last + 1 :]:
        reason = "credit line" if evidence(block.text).credit else "page furniture after the article"
        _chrome(block, reason)
    _repeated_headline(blocks, known_title or title)
    return title


def classify_extracted(
    blocks: list[Block],
    known_title: str | None = None,
    is_repeated: Callable[[str], bool] = lambda line: False,
) -> str | None:
    """Label the blocks an HTML extractor returned as its main text.

    The extractor already chose the article, so its structure is trusted:
    every paragraph, list item, table row and heading between the first and
    the last paragraph of prose is content. Before the first and after the
    last paragraph, line evidence removes a credit, a caption, a call to
    action, an appeal to the reader, a short line recurring across articles
    or the headline restated; inside, a line goes only when it says what it
    is (credit, caption, call to action, appeal), never for being a short
    or recurring label, and list items, table rows and code are never scored
    as labels. A page whose extraction holds no prose keeps what was
    extracted. Without a known title, a heading before the text is the title.
    """
    if not blocks:
        return None
    ev = [evidence(b.text) for b in blocks]
    main = [b.markup in ("p", "quote", "") and e.prose and not e.credit and not e.caption for b, e in zip(blocks, ev)]
    body_at = [i for i, is_main in enumerate(main) if is_main] or [0, len(blocks) - 1]
    first, last = body_at[0], body_at[-1]
    for i, (block, e) in enumerate(zip(blocks, ev)):
        inside = first <= i <= last
        if inside and (main[i] or block.markup not in ("p", "head", "quote", "")):
            _extracted_body(block, e, is_repeated, near_end=i >= last - 1)
        elif inside and block.markup == "head":
            block.kind = BlockKind.HEADING
        else:
            _extracted_edge(block, e, is_repeated if not inside else _never)
    title = known_title
    if title is None:
        lead = next((b for b in blocks[:first] if b.markup == "head" and b.kind is BlockKind.HEADING), None)
        if lead is not None:
            lead.kind, title = BlockKind.TITLE, lead.text
    _repeated_headline(blocks, title)
    return title


def _never(line: str) -> bool:
    """Inside the article a short line is not dropped for recurring: "Conclusion" recurs across sites."""
    return False


def _extracted_body(block: Block, e: LineEvidence, is_repeated: Callable[[str], bool], near_end: bool) -> None:
    if block.markup in _STRUCTURED:
        block.kind = BlockKind.BODY
    elif e.words <= _MAX_APPEAL_WORDS and reader_appeal(block.text):
        _chrome(block, "appeal to the reader")
    else:
        _body(block, e, is_repeated, near_end)


def _extracted_edge(block: Block, e: LineEvidence, is_repeated: Callable[[str], bool]) -> None:
    if block.markup in _STRUCTURED:
        # A list item or table row is scored as a whole line, not as a label.
        if e.words <= 20 and is_repeated(block.text):
            _chrome(block, "line recurs across articles")
        elif e.words <= _MAX_APPEAL_WORDS and reader_appeal(block.text):
            _chrome(block, "appeal to the reader")
        else:
            block.kind = BlockKind.BODY
    elif e.credit:
        _chrome(block, "credit line")
    elif e.caption:
        _chrome(block, "caption")
    elif e.words <= 20 and block.markup != "head" and is_repeated(block.text):
        # An extracted heading ("Conclusion") recurs across sites; it is structure.
        _chrome(block, "line recurs across articles")
    elif e.reader_imperative and e.label_like:
        _chrome(block, "call to action")
    elif e.words <= _MAX_APPEAL_WORDS and reader_appeal(block.text):
        _chrome(block, "appeal to the reader")
    elif block.markup == "head" or (e.label_like and e.words <= _MAX_HEADING_WORDS and block.markup not in _STRUCTURED):
        block.kind = BlockKind.HEADING
    else:
        block.kind = BlockKind.BODY


def _repeated_headline(blocks: list[Block], headline: str | None) -> None:
    """Remove the headline where the text restates it before the article starts."""
    for block in blocks:
        if block.kind is BlockKind.TITLE or block.kind is BlockKind.CHROME:
            continue
        if not same_headline(block.text, headline):
            break
        _chrome(block, "headline repeated in the text")


def _lead(blocks: list[Block], ev: list[LineEvidence], first: int, known_title: str | None) -> str | None:
    """Pick the headline among the lines before the first paragraph."""
    title: str | None = None
    title_at = -1
    if known_title is None:
        for i in range(first):
            e = ev[i]
            if e.words >= 4 and not e.reader_imperative and not e.caption and blocks[i].indent < _LAYOUT_INDENT:
                title_at = i
                break
        if title_at < 0 and first > 0 and _short_headline(blocks[first - 1], ev[first - 1]):
            # No longer candidate: a short headline sits right above the text.
            title_at = first - 1
        if title_at < 0 and first == 0 and len(blocks) > 1:
            e = ev[0]
            # A question or exclamation headline ends in punctuation but is short.
            if blocks[0].text.rstrip("”’\"'").endswith(("?", "!")) and e.words <= 20 and main_follows(ev, 0):
                title_at = 0
    for i in range(max(first, title_at + 1)):
        block = blocks[i]
        if i == title_at:
            headline, removed = split_title_teaser(block.text)
            block.kind = BlockKind.TITLE
            block.removed_parts.extend(removed)
            title = headline
        elif known_title is not None and _same(block.text, known_title):
            _chrome(block, "headline repeated in the text")
        elif i < title_at:
            _chrome(block, "page chrome before the headline")
        else:
            _chrome(block, "caption or menu between headline and text")
    return title


def _short_headline(block: Block, e: LineEvidence) -> bool:
    return 2 <= e.words < 4 and not (e.reader_imperative or e.caption or e.credit) and block.indent < _LAYOUT_INDENT


def main_follows(ev: list[LineEvidence], i: int) -> bool:
    return i + 1 < len(ev) and ev[i + 1].prose


def _body(block: Block, e: LineEvidence, is_repeated: Callable[[str], bool], near_end: bool) -> None:
    if e.words <= 20 and is_repeated(block.text):
        _chrome(block, "line recurs across articles")
        return
    if near_end and e.reader_imperative and e.words <= 12:
        _chrome(block, "call to action")
        return
    if e.words <= _MAX_APPEAL_WORDS and reader_appeal(block.text):
        _chrome(block, "appeal to the reader")
        return
    kept, fused = split_fused_control(block.text)
    if fused:
        block.text = kept
        block.removed_parts.append((fused, "page control fused onto paragraph"))
    block.kind = BlockKind.BODY


def _middle_label(
    blocks: list[Block],
    ev: list[LineEvidence],
    main: list[bool],
    i: int,
    is_repeated: Callable[[str], bool],
    heading_hints: frozenset[int],
) -> None:
    block, e = blocks[i], ev[i]
    if e.credit:
        _chrome(block, "credit line")
    elif e.caption:
        _chrome(block, "caption")
    elif is_repeated(block.text):
        _chrome(block, "line recurs across articles")
    elif e.reader_imperative:
        _chrome(block, "call to action")
    elif block.indent >= _LAYOUT_INDENT:
        _chrome(block, "layout-indented label")
    elif e.words > _MAX_HEADING_WORDS and i not in heading_hints:
        _chrome(block, "label too long for a heading")
    elif i + 1 < len(blocks) and not main[i + 1] and i not in heading_hints:
        _chrome(block, "run of labels (menu)")
    elif i > 0 and not main[i - 1] and blocks[i - 1].kind is not BlockKind.HEADING and i not in heading_hints:
        _chrome(block, "run of labels (menu)")
    else:
        block.kind = BlockKind.HEADING


def _chrome(block: Block, reason: str) -> None:
    block.kind = BlockKind.CHROME
    block.reason = reason
