"""Parse long texts in windows, so no article is too long for spaCy.

spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters: error E088)
and its memory grows with the length of one ``Doc``. A text over
``WINDOW_CHARS`` (50,000) is tokenised and parsed in pieces cut at paragraph starts
(already sentence starts, so no parse tree crosses a cut), or at a space when
one paragraph alone is longer, and the pieces are joined back into one ``Doc``
whose text is exactly the article's: offsets and facts are as for any article.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["WINDOW_CHARS", "windows", "pipe_presegmented", "parse_windows"]

WINDOW_CHARS = 50_000


def windows(text: str, starts: Iterable[int], size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``text``, each at most ``size`` characters, cut at
    paragraph ``starts`` where possible, else after a space, else hard.

    Example:
        >>> windows("aaaa\\n\\nbbbb\\n\\ncc", [0, 6, 12], size=7)
        [(0, 6), (6, 12), (12, 14)]
    """
    if len(text) <= size:
        return [(0, len(text))]
    cuts = sorted({s for s in starts if 0 < s < len(text)})
    pieces, pos = [], 0
    while len(text) - pos > size:
        limit = pos + size
        i = bisect_right(cuts, limit) - 1
        if i >= 0 and cuts[i] > pos:
            cut = cuts[i]
        else:
            space = max(text.rfind(". ", pos + size // 2, limit - 1) + 1, text.rfind(" ", pos + size // 2, limit))
            cut = space + 1 if space > pos else limit
        pieces.append((pos, cut))
        pos = cut
    pieces.append((pos, len(text)))
    return pieces


def pipe_presegmented(nlp: "Language", items: Iterable[tuple[str, Sequence[int]]], *, batch_size: int = 16,
                      n_process: int = 1, size: int = WINDOW_CHARS) -> Iterator["Doc"]:
    """The parse of each ``(text, paragraph_starts)``, in order.

    Texts up to ``size`` characters stream through ``nlp.pipe``; a longer one
    holds its place in the stream with an empty Doc and is parsed where it
    comes out, one window at a time (never a whole batch of windows at once,
    which would cost the memory of parsing the whole text as one Doc).
    """
    from .paragraph_parse import presegmented

    long_texts: deque[tuple[str, Sequence[int]] | None] = deque()  # per Doc fed: the long text it stands for

    def feed() -> Iterator["Doc"]:
        for text, starts in items:
            if len(text) <= size:
                long_texts.append(None)
                yield presegmented(nlp, text, starts)
            else:
                long_texts.append((text, list(starts)))
                yield nlp.make_doc("")

    for doc in nlp.pipe(feed(), batch_size=batch_size, n_process=n_process):
        long = long_texts.popleft()
        yield doc if long is None else parse_windows(nlp, *long, size=size)


def parse_windows(nlp: "Language", text: str, starts: Sequence[int], size: int = WINDOW_CHARS) -> "Doc":
    """``text`` parsed window by window (:func:`windows`) and joined into one Doc of exactly ``text``."""
    from spacy.tokens import Doc

    from .paragraph_parse import presegmented

    parts = [nlp(presegmented(nlp, text[lo:hi], [s - lo for s in starts if lo <= s < hi]))
             for lo, hi in windows(text, starts, size)]
    return parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
