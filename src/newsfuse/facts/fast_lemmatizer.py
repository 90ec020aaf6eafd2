"""spaCy's English rule lemmatizer with the same lemmas at a fraction of the CPU.

spaCy's :class:`~spacy.pipeline.Lemmatizer` walks the doc in Python: for every
token it builds a ``Token``, calls ``rule_lemmatize`` and sets ``token.lemma_``.
``rule_lemmatize`` has a cache keyed by the token's ``ORTH``, ``POS`` and
``MORPH`` but never caches a base form, so for most nouns and verbs
``EnglishLemmatizer.is_base_form`` turns the morphology into a dict every time.
And a word the cache does not know yet costs far more: its suffix rules test
each candidate with ``in`` on the ``lemma_index`` lists (57,528 nouns), a linear
scan, so in a fresh process most of the component's CPU went to the first few
thousand distinct words. That was about a tenth of the facts parse's CPU
(py-spy). What it leaves at a token depends only on those three values, its
tables and its cache, so the answer can be remembered per ``(orth, pos, morph)``.

:class:`FastLemmatizer` is an ``EnglishLemmatizer`` (same mode, tables, cache,
config and serialization) whose ``__call__`` reads ``ORTH``, ``POS``, ``MORPH``
and ``LEMMA`` with one ``Doc.to_array``, looks each token needing a lemma up in
a memo of spaCy's answers, runs spaCy's own ``lemmatize`` (and lemma setter) on
the first token of each unknown key in document order, and writes the ``LEMMA``
column back with one ``Doc.from_array``, which sets nothing else. Its
``rule_lemmatize`` is spaCy's, run on a view of the tables whose index lists
are frozensets (same members, so the same answers; the cache is spaCy's). Tokens
without ``POS`` (spaCy warns for each), other modes, a replaced ``lemmatize``,
docs of another vocab: spaCy's own code, token by token.

The memo holds lemma string ids, so it forgets what it learnt inside a
``Vocab.memory_zone`` (those strings go when the zone closes). It and the index
view start over when the tables or cache are replaced or loaded; after editing
a table in place, call :meth:`FastLemmatizer.forget`.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en import English
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline.lemmatizer import lemmatizer_score
from spacy.tokens import Doc, Token
from spacy.util import SimpleFrozenList
from spacy.vocab import Vocab
from thinc.api import Model

__all__ = ["FACTORY", "FastLemmatizer", "from_lemmatizer"]

FACTORY = "newsfuse_fast_lemmatizer"

_COLUMNS = [ORTH, POS, MORPH, LEMMA]  # a token's memo key is its first three values
_KEY = numpy.dtype((numpy.void, 3 * 8))
_MEMO_LIMIT = 200_000  # distinct (orth, pos, morph) remembered (about 30 MB) before the memo starts over


class FastLemmatizer(EnglishLemmatizer):
    """An EnglishLemmatizer whose ``__call__`` asks spaCy's ``rule_lemmatize`` once per distinct token.

    ``lemmatize``/``is_base_form``, ``initialize``, ``to_disk``/``from_disk`` and
    ``to_bytes``/``from_bytes`` are spaCy's; ``rule_lemmatize`` is spaCy's on the index view.
    """

    def __init__(self, vocab: Vocab, model: Optional[Model], name: str = "lemmatizer", *, mode: str = "lookup",
                 overwrite: bool = False, scorer: Optional[Callable] = lemmatizer_score) -> None:
        super().__init__(vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)
        self.forget()

    def forget(self) -> None:
        """Drop the memo and the index view (done when the tables are loaded or replaced)."""
        self._memo: dict[bytes, int] = {}  # (orth, pos, morph) bytes -> lemma id
        self._memo_of: tuple = ()          # the _state() the memo was learnt from
        self._view: Optional[Lookups] = None
        self._view_of: tuple = ()

    def __reduce__(self) -> tuple:
        """Pickle (``nlp.pipe`` workers when spawned) without the memo and view: they are rebuilt on use."""
        # the state apart (pickle sets it after making the object): it holds ``lemmatize``, bound to self
        return _new, (type(self),), {**self.__dict__, "_memo": {}, "_memo_of": (), "_view": None, "_view_of": ()}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def __call__(self, doc: Doc) -> Doc:
        if not self._fast_path(doc):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        state = self._state()
        if not _same(state, self._memo_of) or len(self._memo) > _MEMO_LIMIT:
            self._memo, self._memo_of = {}, state
        table = doc.to_array(_COLUMNS)
        lemmas = table[:, 3].copy()
        keys: list[bytes] = numpy.ascontiguousarray(table[:, :3]).view(_KEY).ravel().tolist()
        todo = range(len(keys)) if self.overwrite else numpy.flatnonzero(lemmas == 0).tolist()
        memo = self._memo
        found = [memo.get(keys[i]) for i in todo]
        if None in found:
            learnt: dict[bytes, int] = {}
            for n, i in enumerate(todo):
                if found[n] is None:
                    key = keys[i]
                    if key in learnt:
                        found[n] = learnt[key]
                        continue
                    token = doc[i]
                    try:  # spaCy's own step for this token
                        token.lemma_ = self.lemmatize(token)[0]
                    except Exception as e:  # as spaCy: the tokens before keep their lemmas, the handler decides
                        lemmas[todo[:n]] = numpy.array(found[:n], dtype=numpy.uint64)
                        doc.from_array([LEMMA], lemmas)
                        self.get_error_handler()(self.name, self, [doc], e)
                        return None  # type: ignore[return-value]  # what spaCy's __call__ returns then
                    found[n] = token.lemma
                    if table[i, 1]:  # without POS spaCy warns every time: never remembered
                        learnt[key] = token.lemma
            if not self.vocab.in_memory_zone:  # lemma strings added in a zone go when it closes
                memo.update(learnt)
        if found:
            lemmas[todo] = numpy.array(found, dtype=numpy.uint64)
            doc.from_array([LEMMA], lemmas)
        return doc

    def rule_lemmatize(self, token: Token) -> list[str]:
        """spaCy's ``rule_lemmatize`` run on the index view of the tables: the same answers,
        with ``in`` on a set instead of a scan of a list of up to 57,528 words."""
        lookups = self.lookups
        state = self._state()
        if not _same(state, self._view_of):
            self._view, self._view_of = _index_view(lookups), state
        self.lookups = self._view
        try:
            return super().rule_lemmatize(token)
        finally:
            self.lookups = lookups

    def _state(self) -> tuple:
        """What spaCy's answers depend on besides the token: the tables (object and each table), the cache."""
        lookups = self.lookups
        return (lookups, self.cache, *(lookups.get_table(name) for name in lookups.tables))

    def _fast_path(self, doc: Doc) -> bool:
        """The memo stands for spaCy's loop: rule mode, this class's ``rule_lemmatize``, this vocab."""
        method = self.lemmatize
        return (self.mode == "rule" and doc.vocab is self.vocab and getattr(method, "__self__", None) is self
                and getattr(method, "__func__", None) is type(self).rule_lemmatize)

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *,
                   nlp: Optional[Language] = None, lookups: Optional[Lookups] = None) -> None:
        super().initialize(get_examples, nlp=nlp, lookups=lookups)
        self.forget()

    def from_disk(self, path: Any, *, exclude: Iterable[str] = SimpleFrozenList()) -> "FastLemmatizer":
        super().from_disk(path, exclude=exclude)
        self.forget()
        return self

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> "FastLemmatizer":
        super().from_bytes(bytes_data, exclude=exclude)
        self.forget()
        return self


def _new(cls: type) -> FastLemmatizer:
    return cls.__new__(cls)


def _same(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def _index_view(lookups: Lookups) -> Lookups:
    """``lookups`` with its ``lemma_index`` lists as frozensets (the only thing spaCy does with them is ``in``)."""
    view = Lookups()
    for name in lookups.tables:
        view.set_table(name, lookups.get_table(name))
    index = lookups.get_table("lemma_index", None)
    if index is not None:
        try:
            sets = {key: frozenset(words) if isinstance(words, (list, tuple)) else words
                    for key, words in index.items()}
        except TypeError:  # unhashable entries: keep spaCy's lists
            return view
        view.set_table("lemma_index", Table(index.name, sets))
    return view


@English.factory(FACTORY, assigns=["token.lemma"],
                 default_config={"model": None, "mode": "rule", "overwrite": False,
                                 "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
                 default_score_weights={"lemma_acc": 1.0})
def make_fast_lemmatizer(nlp: Language, model: Optional[Model], name: str, mode: str, overwrite: bool,
                         scorer: Optional[Callable]) -> FastLemmatizer:
    """spaCy's factory for the component (config name ``newsfuse_fast_lemmatizer``, English pipelines)."""
    return FastLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


def from_lemmatizer(nlp: Language, name: str = "lemmatizer") -> FastLemmatizer:
    """Replace ``nlp``'s EnglishLemmatizer ``name`` in place by a FastLemmatizer with its tables and cache."""
    old = nlp.get_pipe(name)
    if type(old) is not EnglishLemmatizer:  # a subclass may lemmatize differently
        raise TypeError(f"pipe {name!r} is a {type(old).__name__}, not spaCy's EnglishLemmatizer")
    fast = nlp.replace_pipe(name, FACTORY, config={"mode": old.mode, "overwrite": old.overwrite})
    assert isinstance(fast, FastLemmatizer)
    fast.scorer = old.scorer
    fast.model = old.model
    fast.lookups, fast.cache, fast._validated = old.lookups, old.cache, old._validated
    return fast

