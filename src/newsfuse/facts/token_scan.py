"""Find the few tokens a rule can fire on without a Python ``Token`` per token.

Several extractors scan a whole Doc for a few words ("said", "he", reporting
nouns). ``for tok in doc`` makes a ``Token`` object for every token and each
``tok.lower_`` or ``tok.lemma_`` is a string lookup; over a story that is most
of what those scans cost. :class:`TokenScan` reads token attributes as arrays
of string ids (``Doc.to_array``, once per attribute) and answers "which tokens
have one of these values" with array operations, so a rule's loop visits only
those tokens, in document order. A scan must only ever narrow a loop to a
superset of the tokens the loop acts on; the loop keeps its own checks.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Callable

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["TokenScan"]


@lru_cache(maxsize=64)
def _string_ids(words: frozenset[str]) -> np.ndarray:
    """The sorted string ids of ``words`` (what ``Doc.to_array`` holds for them)."""
    from spacy.strings import get_string_id

    ids = np.array(sorted({get_string_id(w) for w in words}), dtype=np.uint64)
    ids.flags.writeable = False
    return ids


def _member(values: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``values[k] in ids`` for every k (``ids`` sorted)."""
    if not len(ids) or not len(values):
        return np.zeros(len(values), dtype=bool)
    at = ids.searchsorted(values)  # (the method: np.searchsorted's dispatch costs more than the search)
    at[at == len(ids)] = 0
    return ids[at] == values


class TokenScan:
    """One Doc's token attributes as id arrays, for picking out tokens.

    Example:
        >>> scan = TokenScan(nlp("He said so."))                           # doctest: +SKIP
        >>> [t.text for t in scan.tokens(scan.among("LOWER", frozenset({"said"})))]  # doctest: +SKIP
        ['said']
    """

    def __init__(self, doc: "Doc") -> None:
        self.doc = doc
        self._columns: dict[str, np.ndarray] = {}
        # One scan may serve every extractor of a doc: masks asked for again and the
        # strings of the ids already looked up are kept (the masks read-only).
        self._masks: dict[tuple[str, frozenset[str]], np.ndarray] = {}
        self._strings: dict[int, str] = {}

    def column(self, attr: str) -> np.ndarray:
        """Each token's ``attr`` (``"LOWER"``, ``"LEMMA"``, ``"POS"``, ``"TAG"``...) as a string id."""
        if attr not in self._columns:
            self._columns[attr] = self.doc.to_array(attr) if len(self.doc) else np.zeros(0, dtype=np.uint64)
        return self._columns[attr]

    def among(self, attr: str, words: frozenset[str]) -> np.ndarray:
        """Mask of the tokens whose ``attr`` string is one of ``words`` (``tok.lower_ in words``);
        read-only, combine it into new arrays (``a & b``, ``~a``)."""
        key = (attr, words)
        mask = self._masks.get(key)
        if mask is None:
            mask = self._masks[key] = _member(self.column(attr), _string_ids(words))
            mask.flags.writeable = False
        return mask

    def passing(self, attr: str, accept: Callable[[str], bool], within: np.ndarray | None = None) -> np.ndarray:
        """Mask of the tokens (among ``within``, a mask) whose ``attr`` string passes
        ``accept``, called once per distinct value ("lemma.lower() in LEXICON")."""
        values = self.column(attr)
        distinct = set((values if within is None else values[within]).tolist())
        known = self._strings
        missing = [k for k in distinct if k not in known]
        if missing:
            strings = self.doc.vocab.strings
            known.update((k, strings[k]) for k in missing)
        keep = np.array(sorted(k for k in distinct if accept(known[k])), dtype=np.uint64)
        mask = _member(values, keep)
        return mask if within is None else mask & within

    def tokens(self, mask: np.ndarray) -> "list[Token]":
        """The tokens of a mask, in order."""
        doc = self.doc
        return [doc[i] for i in np.flatnonzero(mask).tolist()]


def doc_text(doc: "Doc") -> str:
    """``doc.text``, built from arrays of the token strings rather than one Python
    ``Token`` per token (``Doc.text`` joins every token's ``text_with_ws``): a
    token's text is its ``ORTH`` string, followed by one space where ``SPACY``."""
    from spacy.attrs import ORTH, SPACY

    if not len(doc):
        return ""
    columns = doc.to_array([ORTH, SPACY])
    distinct, which = np.unique(columns[:, 0], return_inverse=True)
    strings = doc.vocab.strings
    words = [strings[k] for k in distinct.tolist()]
    forms = np.array(words + [w + " " for w in words], dtype=object)
    return "".join(forms[which.reshape(-1) + len(words) * (columns[:, 1] != 0)].tolist())
