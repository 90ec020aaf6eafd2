"""Parse an Article with its paragraph breaks as sentence breaks.

spaCy's parser segments sentences itself and, on a whole article, often runs a
sentence across a paragraph break (a quote paragraph and the next "X said"
paragraph become one tree), which misattributes quotes. Marking each paragraph's
first token as a sentence start before the pipeline runs keeps every dependency
tree inside one paragraph; the parser respects boundaries set in advance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from .nlp import single_threaded_blas

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..model import Article

__all__ = ["paragraph_doc", "paragraph_docs", "presegmented"]


def presegmented(nlp: "Language", text: str, starts: Iterable[int]) -> "Doc":
    """``text`` tokenised (not parsed yet) with a sentence start at each of ``starts``."""
    doc = nlp.make_doc(text)
    for start in starts:
        span = doc.char_span(start, min(start + 1, len(text)), alignment_mode="expand")
        if span is not None and len(span):
            span[0].is_sent_start = True
    return doc


def paragraph_doc(nlp: "Language", article: "Article") -> "Doc":
    """The parse of ``article.text`` with a sentence break at every paragraph start.

    Example:
        >>> doc = paragraph_doc(nlp, article)                # doctest: +SKIP
        >>> doc.text == article.text                         # doctest: +SKIP
        True
    """
    from .windows import pipe_presegmented

    with single_threaded_blas():
        return next(pipe_presegmented(nlp, [(article.text, [p.start for p in article.paragraphs])], batch_size=1))


def paragraph_docs(nlp: "Language", articles: Iterable["Article"], batch_size: int = 16,
                   n_process: int = 1) -> Iterator["Doc"]:
    """:func:`paragraph_doc` for many articles, in order, with ``nlp.pipe``
    (``n_process`` worker processes, forked with one BLAS thread each)."""
    from .windows import pipe_presegmented

    with single_threaded_blas():
        yield from pipe_presegmented(nlp, ((a.text, [p.start for p in a.paragraphs]) for a in articles),
                                     batch_size=batch_size, n_process=n_process)
