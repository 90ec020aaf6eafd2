"""Line-level evidence for telling article text from page chrome.

A page flattened to text keeps its menus, captions, comment widgets and
paywall teasers as lines of their own. None of them reads like prose: they
are short, end without sentence punctuation, carry few function words, sit in
runs before the first paragraph or after the last one, and recur across
pages of the same site. This module scores lines on that evidence. It knows
no particular site's strings; the only vocabularies are the closed classes
every page uses (function words, reader-directed imperatives).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from ..lexicons import words

__all__ = [
    "BlockKind",
    "Block",
    "LineEvidence",
    "normalise_line",
    "evidence",
    "split_fused_control",
    "split_title_teaser",
    "reader_appeal",
    "same_headline",
]


class BlockKind(str, Enum):
    TITLE = "title"
    HEADING = "heading"
    BODY = "body"
    CHROME = "chrome"


@dataclass(slots=True)
class Block:
    """One source line (or HTML block) and what the cleaner decided it is."""

    text: str
    line: int
    kind: BlockKind = BlockKind.BODY
    reason: str = ""
    indent: int = 0
    removed_parts: list[tuple[str, str]] = field(default_factory=list)
    # The HTML extractor's element for this line ("p", "head", "list",
    # "table", "quote", ...); empty for plain text, which has no markup.
    markup: str = ""


# Closed-class English words: prose is full of them, menus and labels are not.
_FUNCTION_WORDS = words("stop_words_clean_blocks")

# Imperatives a page addresses to its reader (calls to action, widgets).
_READER_IMPERATIVES = words("reader_imperatives")

# An imperative stands alone ("Subscribe") or takes a word ("Read more"), not a symbol ("GET / HTTP/1.1").
_IMPERATIVE_CLAUSE = re.compile(r"^\W*\w+(?:\W*$|[\s:,!-]+\W?[^\W\d_])")
_TERMINAL = re.compile(r"""[.!?…:;。！？；：]["'”’)\]」』）]*$""")
# Scripts written without spaces (CJK, Thai, ...) count one word per two characters.
_UNSPACED = r"\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u9fff"
_WORD = re.compile(rf"[{_UNSPACED}]{{1,2}}|[^\W{_UNSPACED}][\w'’.-]*", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_TITLE_SEPARATORS = re.compile(r"\s+(?:[–—|]|-{1,2}|::)\s+")
_CREDIT = re.compile(
    r"""^(?:(?:additional\s+)?reporting\s+by|writing\s+by|editing\s+by|compiled\s+by|
    [\w.'’ -]{3,60}?\s+contributed\s+(?:reporting|research|to\s+this\s+(?:report|article|story)))""",
    re.IGNORECASE | re.VERBOSE,
)
_CAPTION = re.compile(
    r"^(?:(?:file\s+)?photo|image|picture|video|graphic|illustration|credit)s?\s*(?:credit)?\s*[:|/]",
    re.IGNORECASE,
)


def normalise_line(line: str) -> str:
    """Collapse runs of (non-breaking) spaces and strip; keep characters."""
    return _SPACES.sub(" ", line).strip()


@dataclass(frozen=True, slots=True)
class LineEvidence:
    words: int
    terminal: bool
    function_ratio: float
    capital_ratio: float
    reader_imperative: bool
    credit: bool
    caption: bool

    @property
    def prose(self) -> bool:
        """Reads as running text: a sentence, not a label."""
        if self.terminal and self.words >= 4:
            return True
        # Long lines without closing punctuation are prose unless Title Cased.
        return self.words >= 16 and self.function_ratio >= 0.2 and self.capital_ratio < 0.5

    @property
    def label_like(self) -> bool:
        """Reads as a label: a menu item, a widget, a caption, a heading."""
        return not self.prose


def evidence(text: str) -> LineEvidence:
    words = _WORD.findall(text)
    lowered = [w.lower().strip(".'’") for w in words]
    alpha = [w for w in words if w[0].isalpha()]
    capitals = sum(1 for w in alpha if w[0].isupper())
    function = sum(1 for w in lowered if w in _FUNCTION_WORDS)
    first = lowered[0] if lowered else ""
    return LineEvidence(
        words=len(words),
        terminal=bool(_TERMINAL.search(text)),
        function_ratio=function / len(words) if words else 0.0,
        capital_ratio=capitals / len(alpha) if alpha else 0.0,
        reader_imperative=first in _READER_IMPERATIVES and bool(_IMPERATIVE_CLAUSE.match(text)),
        credit=bool(_CREDIT.match(text)),
        caption=bool(_CAPTION.match(text)),
    )


_FUSED_TAIL = re.compile(r"""(?<=[.!?”"’])\s+((?:[A-Z0-9][\w’'-]*)(?:\s+[A-Z0-9][\w’'-]*){0,2}|[A-Z][a-z]+\s+[a-z]+)\s*[»›>]*$""")


def split_fused_control(text: str) -> tuple[str, str | None]:
    """Strip a page control fused onto the end of a paragraph.

    Flattening often glues a link label ("See More", "Read More") onto the
    last line. A tail of one to three capitalised words after the closing
    punctuation of a sentence, with no punctuation of its own, is such a
    label; a real paragraph does not end that way.

    Returns:
        ``(kept, removed)``; ``removed`` is None when nothing was fused.
    """
    match = _FUSED_TAIL.search(text)
    if not match:
        return text, None
    tail = match.group(1)
    tail_words = tail.split()
    if len(tail_words) > 3 or any(w.lower() in _FUNCTION_WORDS for w in tail_words[:1]):
        return text, None
    if not (tail_words[0].lower() in _READER_IMPERATIVES or all(w[0].isupper() for w in tail_words)):
        return text, None
    head = text[: match.start()].rstrip()
    if evidence(head).words < 6:
        return text, None
    return head, text[match.start() :].strip()


def split_title_teaser(title: str) -> tuple[str, list[tuple[str, str]]]:
    """Split a headline from segments fused onto it by the page.

    Segments after a dash or bar separator that open with an imperative to
    the reader ("Unlock ...", "Subscribe ...") are teasers; a short final
    segment in Title Case after a bar is the site's name.

    Returns:
        ``(headline, [(removed_text, reason), ...])``.
    """
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title, []
    separators = _TITLE_SEPARATORS.findall(title)
    kept = [parts[0]]
    removed: list[tuple[str, str]] = []
    for sep, part in zip(separators, parts[1:]):
        ev = evidence(part)
        if ev.reader_imperative:
            removed.append((part, "teaser fused into title"))
        elif removed:
            removed.append((part, "teaser fused into title"))
        else:
            kept.append(sep.strip() and f"{sep}{part}" or part)
    if not removed:
        return title, []
    return "".join([kept[0], *kept[1:]]).strip(), removed


# What a page asks of its reader, as stems: closed vocabulary of the appeal
# itself (support us, donate, subscribe, follow, sign up for the newsletter,
# keep comments civil), never a site's wording.
_APPEAL_ACTS = re.compile(
    r"\b(?:support\w*|donat\w*|contribut\w*|subscri\w*|newsletter\w*|follow|sign(?:ing)?\s+up|"
    r"join|membership|members?|comment\w*|register\w*|share)\b",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
_FIRST_PLURAL = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_FIRST_WORD = re.compile(r"""^\W*(\w+)""")
_APPEAL_OPENERS = _READER_IMPERATIVES | {"please", "help", "become", "keep", "be", "consider"}
# A line that reports speech is the article quoting someone, not the page speaking.
_REPORTED = re.compile(
    r"\b(?:said|says|told|added|according|asked|wrote|tweeted|posted)\b|[“”]|\"[^\"]{3,}\"",
    re.IGNORECASE,
)


def reader_appeal(text: str) -> bool:
    """The page speaking to its reader: asking for support, a subscription, a follow, a comment.

    Evidence, all required: one sentence both asks for one of the acts a page
    asks of its readers and addresses the reader (second person, or opening
    with an imperative such as "Support", "Subscribe", "Please"); the line is
    the publication speaking (first person plural, or a bare imperative) and
    not an article quoting someone (no reporting verb, no quotation).
    """
    if not _APPEAL_ACTS.search(text) or _REPORTED.search(text):
        return False
    for sentence in _SENTENCES.split(text):
        if not _APPEAL_ACTS.search(sentence):
            continue
        opener = _FIRST_WORD.match(sentence)
        imperative = opener is not None and opener.group(1).lower() in _APPEAL_OPENERS
        if imperative or (_SECOND_PERSON.search(sentence) and _FIRST_PLURAL.search(text)):
            return True
    return False


_NOT_WORD = re.compile(r"[\W_]+")


def same_headline(line: str, headline: str | None) -> bool:
    """Whether ``line`` restates ``headline`` (case, spacing and punctuation aside)."""
    if not headline:
        return False
    a, b = _NOT_WORD.sub(" ", line.lower()).strip(), _NOT_WORD.sub(" ", headline.lower()).strip()
    return bool(a) and a == b
