"""spaCy's ``attribute_ruler`` with the same annotations at a fraction of the CPU.

spaCy's :class:`~spacy.pipeline.AttributeRuler` runs a Matcher with every pattern
(179 in ``en_core_web_sm``) over every token, then builds a ``Span`` and calls
``set_token_attrs`` per match: on the facts parse that cost as much as a neural
component. Its patterns test plain token attributes (``TAG``, ``LOWER``,
``DEP``, ``IS_SPACE``) for equality, ``IN``/``NOT_IN`` lists or a ``REGEX``, so
which patterns hold at a token depends only on those values, and what the
ruler leaves there depends only on them and the token's current ``POS``,
``MORPH``, ``LEMMA``, ``TAG`` and ``DEP``.

:class:`FastAttributeRuler` is an ``AttributeRuler`` (same patterns, attrs,
indices, order and serialization) that reads those columns with one
``Doc.to_array``, resolves each distinct row once (patterns indexed by their
equality values; the result is memoized per component), finds the few
multi-token patterns by walking the rows that start them, hands any pattern
form it does not understand (``OP``, extensions, ``FUZZY``, comparisons, ``MORPH``
predicates...) to a small spaCy ``Matcher``, merges everything with spaCy's
rule (matches applied in pattern order, so the last pattern setting an
attribute wins) and writes the five attributes back with one
``Doc.from_array``. If a pattern sets anything else, spaCy's own code runs.
"""

from __future__ import annotations

import re
import struct
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, POS, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.pipeline.attributeruler import attribute_ruler_score
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

__all__ = ["FACTORY", "FastAttributeRuler", "from_ruler"]

FACTORY = "newsfuse_fast_attribute_ruler"

# What set_token_attrs writes with Token.set_struct_attr (its Lexeme.set_struct_attr ignores these).
_OUTPUTS = (POS, MORPH, LEMMA, TAG, DEP)
_STRING_ATTRS = ("ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "TAG", "POS", "DEP", "LEMMA", "ENT_TYPE")
_FLAG_ATTRS = ("IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_TITLE", "IS_UPPER",
               "LIKE_NUM", "IS_STOP")
# Attributes whose Matcher value is Doc.to_array's (both read spaCy's get_token_attr) and whose pattern
# values the Matcher converts with the plain string store (not ENT_IOB, SENT_START, MORPH).
_MATCHABLE = frozenset(IDS[name] for name in _STRING_ATTRS + _FLAG_ATTRS)
_REGEXABLE = frozenset(IDS[name] for name in _STRING_ATTRS)
_OUT_ROW = struct.Struct(f"={len(_OUTPUTS) + 1}Q")  # a memo value: the outputs, then 1 if it may start a sequence
_MEMO_LIMIT = 100_000  # distinct token rows remembered (about 20 MB) before the memo starts over

# One test on one token: (column, kind, value); kind "eq" (a hash), "in"/"not_in" (a frozenset
# of hashes) or "regex" (a compiled pattern searched in the value's string).
_Check = tuple[int, str, Any]


@dataclass
class _Compiled:
    """The ruler's patterns as indexed one-token specs, fast sequences and a fallback Matcher."""

    columns: list[int]                      # attribute ids read with Doc.to_array: a memo row
    row: struct.Struct                      # a row's bytes <-> its values
    out_cols: tuple[int, ...]               # where each of _OUTPUTS sits in a row
    index: list[tuple[int, dict[int, list[int]]]]  # column -> value -> specs testing value there
    unindexed: list[int]                    # specs with no eq/IN test to index
    checks: list[list[_Check]]              # per spec: the tests left after the indexed one
    owner: list[int]                        # per spec: the pattern it applies alone, or -1
    sequences: list[tuple[int, tuple[int, ...]]]  # (pattern, specs) matched token after token
    first_of: dict[int, tuple[int, ...]]    # spec -> the sequences it starts
    sets: list[tuple[tuple[int, int], ...]]  # per pattern: (output slot, value) it writes
    fallback: Optional[Matcher]             # alternatives the fast path cannot express
    fallback_ids: dict[int, int]            # fallback Matcher key -> pattern
    uses_spacy: bool                        # some pattern sets more than _OUTPUTS
    memo: dict[bytes, bytes] = field(default_factory=dict)  # row -> _OUT_ROW: outputs left, starts flag


class FastAttributeRuler(AttributeRuler):
    """An AttributeRuler whose ``__call__`` leaves spaCy's annotations without matching every pattern.

    ``add``/``clear``/``initialize``/``from_disk``/``from_bytes`` work as in spaCy (the
    fast form is rebuilt on the next call); ``match`` still runs spaCy's full Matcher.
    """

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", *, validate: bool = False,
                 scorer: Optional[Callable] = attribute_ruler_score) -> None:
        super().__init__(vocab, name, validate=validate, scorer=scorer)
        self._compiled: Optional[_Compiled] = None

    def add(self, patterns: Iterable[list[dict]], attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._compiled = None

    def clear(self) -> None:
        super().clear()
        self._compiled = None

    def __reduce__(self) -> tuple:
        """Pickle (``nlp.pipe`` workers when spawned) without the fast form: it is rebuilt on first use."""
        return _unpickle, (type(self), self.name, {**self.__dict__, "_compiled": None})

    @property
    def fallback_patterns(self) -> list[int]:
        """Numbers of the patterns with an alternative left to the small spaCy Matcher."""
        return sorted(set(self._compile().fallback_ids.values()))

    @property
    def uses_spacy(self) -> bool:
        """True when a pattern sets more than POS/MORPH/LEMMA/TAG/DEP, so spaCy's own code runs."""
        return self._compile().uses_spacy

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            compiled = self._compile()
            if compiled.uses_spacy:
                self.set_annotations(doc, self.match(doc))
            elif len(doc):
                self._annotate(compiled, doc)
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)

    def _annotate(self, compiled: _Compiled, doc: Doc) -> None:
        table = numpy.ascontiguousarray(doc.to_array(compiled.columns))
        rows: list[bytes] = table.view(numpy.dtype((numpy.void, compiled.row.size))).ravel().tolist()
        memo = compiled.memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        values = [memo[row] if row in memo else self._resolve(compiled, row) for row in rows]
        result = numpy.frombuffer(b"".join(values), dtype=numpy.uint64).reshape(len(rows), _OUT_ROW.size // 8)
        extra = self._sequence_matches(compiled, doc, rows, numpy.flatnonzero(result[:, -1]).tolist())
        if compiled.fallback is not None:
            extra += self._fallback_matches(compiled, doc)
        if extra:
            result = result.copy()
            self._merge(compiled, rows, result, extra)
        doc.from_array(list(_OUTPUTS), result[:, :len(_OUTPUTS)])

    def _passed(self, compiled: _Compiled, key: tuple[int, ...]) -> list[int]:
        """The specs a row passes."""
        strings = self.vocab.strings
        checks = compiled.checks
        passed = [spec for col, table in compiled.index for spec in table.get(key[col], ())
                  if not checks[spec] or _passes(checks[spec], key, strings)]
        return passed + [spec for spec in compiled.unindexed if _passes(checks[spec], key, strings)]

    def _winners(self, compiled: _Compiled, key: tuple[int, ...], passed: list[int]) -> list[int]:
        """Per output, the last one-token pattern holding for the row that sets it (-1: none)."""
        winners = [-1] * len(_OUTPUTS)
        for pid in sorted({compiled.owner[spec] for spec in passed} - {-1}):
            for slot, _ in compiled.sets[pid]:
                winners[slot] = pid
        return winners

    def _resolve(self, compiled: _Compiled, row: bytes) -> bytes:
        """Apply every one-token pattern holding for this row, in pattern order; memoize the outcome."""
        key = compiled.row.unpack(row)
        passed = self._passed(compiled, key)
        values = _values(compiled, key, self._winners(compiled, key, passed))
        starts = any(spec in compiled.first_of for spec in passed)
        compiled.memo[row] = packed = _OUT_ROW.pack(*values, starts)
        return packed

    def _sequence_matches(self, compiled: _Compiled, doc: Doc, rows: list[bytes],
                          starts: list[int]) -> list[tuple[int, int]]:
        """(pattern, token it writes) of every match of a fast multi-token pattern starting at ``starts``."""
        passed: dict[int, set[int]] = {}

        def passes(i: int, spec: int) -> bool:
            if i not in passed:
                passed[i] = set(self._passed(compiled, compiled.row.unpack(rows[i])))
            return spec in passed[i]

        found = []
        for start in starts:
            for first in [spec for spec in self._passed(compiled, compiled.row.unpack(rows[start]))
                          if spec in compiled.first_of]:
                for n in compiled.first_of[first]:
                    pid, specs = compiled.sequences[n]
                    end = start + len(specs)
                    if end <= len(rows) and all(passes(start + k, spec) for k, spec in enumerate(specs) if k):
                        found.append((pid, _target(self, pid, start, end, doc)))
        return found

    def _fallback_matches(self, compiled: _Compiled, doc: Doc) -> list[tuple[int, int]]:
        """(pattern, token it writes) of every match of the patterns only spaCy's Matcher can run."""
        assert compiled.fallback is not None
        matches = compiled.fallback(doc, allow_missing=True)
        return [(pid, _target(self, pid, start, end, doc))
                for pid, start, end in ((compiled.fallback_ids[m], s, e) for m, s, e in matches)]

    def _merge(self, compiled: _Compiled, rows: list[bytes], result: numpy.ndarray,
               extra: list[tuple[int, int]]) -> None:
        """Redo the tokens that longer or fallback matches also write: the latest pattern wins per output."""
        merged: dict[int, list[int]] = {}
        for pid, i in extra:
            if i not in merged:
                key = compiled.row.unpack(rows[i])
                merged[i] = self._winners(compiled, key, self._passed(compiled, key))
            for slot, _ in compiled.sets[pid]:
                merged[i][slot] = max(merged[i][slot], pid)
        for i, winners in merged.items():
            result[i, :len(_OUTPUTS)] = _values(compiled, compiled.row.unpack(rows[i]), winners)

    def _compile(self) -> _Compiled:
        if self._compiled is None:
            self._compiled = _compile(self)
        return self._compiled


def _unpickle(cls: type, name: str, state: dict) -> FastAttributeRuler:
    ruler = cls(state["vocab"], name)
    ruler.__dict__.update(state)
    return ruler


def _values(compiled: _Compiled, key: tuple[int, ...], winners: list[int]) -> list[int]:
    """The outputs a row is left with: each winner's value, or the row's own where none."""
    return [key[col] if pid < 0 else dict(compiled.sets[pid])[slot]
            for slot, (col, pid) in enumerate(zip(compiled.out_cols, winners))]


def _target(ruler: AttributeRuler, pid: int, start: int, end: int, doc: Doc) -> int:
    """The token a match writes (``index`` into the match), with spaCy's error when out of range."""
    index = ruler.indices[pid]
    if -(end - start) <= index < end - start:
        return start + index if index >= 0 else end + index
    raise ValueError(Errors.E1001.format(patterns=ruler.matcher.get(str(pid)),
                                         span=[t.text for t in Span(doc, start, end)], index=index))


def _passes(checks: list[_Check], key: tuple[int, ...], strings: StringStore) -> bool:
    for col, kind, value in checks:
        got = key[col]
        if kind == "eq":
            ok = got == value
        elif kind == "regex":
            ok = bool(value.search(strings[got]))
        else:
            ok = (got in value) == (kind == "in")
        if not ok:
            return False
    return True


def _token_checks(spec: Any, vocab: Vocab) -> Optional[list[tuple[int, str, Any]]]:
    """A one-token Matcher spec as (attr, kind, value) tests converted as the Matcher does, or None."""
    if not isinstance(spec, dict) or not spec:
        return None
    checks: list[tuple[int, str, Any]] = []
    for name, value in spec.items():
        if not isinstance(name, str):
            return None
        attr = IDS.get("ORTH" if name.upper() == "TEXT" else name.upper())
        if attr not in _MATCHABLE:
            return None  # OP, "_", MORPH, ENT_IOB, SENT_START, unknown names...
        if isinstance(value, bool):
            checks.append((attr, "eq", int(value)))
        elif isinstance(value, str):
            checks.append((attr, "eq", vocab.strings.add(value)))
        elif isinstance(value, int) and 0 <= value < 2 ** 64:
            checks.append((attr, "eq", value))
        elif isinstance(value, dict) and value:
            for op, items in value.items():
                op = op.upper() if isinstance(op, str) else None
                if op == "REGEX" and isinstance(items, str) and attr in _REGEXABLE:
                    checks.append((attr, "regex", re.compile(items)))
                elif op in ("IN", "NOT_IN") and isinstance(items, (list, tuple)) and all(
                        isinstance(v, str) or (isinstance(v, int) and not isinstance(v, bool)) for v in items):
                    checks.append((attr, op.lower(), frozenset(get_string_id(v) for v in items)))
                else:
                    return None  # FUZZY, comparisons, set operators, nested REGEX...
        else:
            return None
    return checks


def _compile(ruler: AttributeRuler) -> _Compiled:
    """Split the ruler's patterns into indexed one-token specs, sequences of them and a fallback Matcher."""
    specs: list[list[tuple[int, str, Any]]] = []
    owner: list[int] = []
    sequences: list[tuple[int, tuple[int, ...]]] = []
    fallback = Matcher(ruler.vocab, validate=ruler.validate)
    fallback_ids: dict[int, int] = {}
    for pid, pattern in enumerate(ruler.patterns):
        for alternative in pattern["patterns"]:
            tokens = [_token_checks(spec, ruler.vocab) for spec in alternative]
            if not tokens or any(checks is None for checks in tokens):
                fallback.add(str(pid), [alternative])
                fallback_ids[ruler.vocab.strings.add(str(pid))] = pid
            elif len(tokens) == 1 and ruler.indices[pid] in (0, -1):
                specs.append(tokens[0])
                owner.append(pid)
            else:
                sequences.append((pid, tuple(range(len(specs), len(specs) + len(tokens)))))
                specs.extend(tokens)
                owner.extend([-1] * len(tokens))
    columns = sorted({attr for checks in specs for attr, _, _ in checks} | set(_OUTPUTS))
    col = {attr: i for i, attr in enumerate(columns)}
    tables: dict[int, dict[int, list[int]]] = {}
    unindexed: list[int] = []
    rests: list[list[_Check]] = []
    named = Counter((col[attr], v) for checks in specs for attr, kind, value in checks if kind in ("eq", "in")
                    for v in ([value] if kind == "eq" else value))

    def crowd(check: _Check) -> int:  # how many specs name the value(s) this check names
        return max(named[check[0], v] for v in ([check[2]] if check[1] == "eq" else check[2]))

    for spec, checks in enumerate(specs):
        keyed = [(col[attr], kind, value) for attr, kind, value in checks]
        # index by the equality (else IN list) fewest specs share: a row tests only the specs its values name
        pick = min((c for c in keyed if c[1] == "eq"), key=crowd, default=None) or min(
            (c for c in keyed if c[1] == "in"), key=crowd, default=None)
        rests.append([c for c in keyed if c is not pick])
        if pick is None:
            unindexed.append(spec)
            continue
        table = tables.setdefault(pick[0], {})
        for value in ([pick[2]] if pick[1] == "eq" else sorted(pick[2])):
            table.setdefault(value, []).append(spec)
    sets = [tuple((_OUTPUTS.index(a), v) for a, v in attrs.items() if a in _OUTPUTS) for attrs in ruler.attrs]
    first_of: dict[int, tuple[int, ...]] = {}
    for n, (_, seq) in enumerate(sequences):
        first_of[seq[0]] = first_of.get(seq[0], ()) + (n,)
    return _Compiled(columns=columns, row=struct.Struct(f"={len(columns)}Q"), out_cols=tuple(col[a] for a in _OUTPUTS),
                     index=list(tables.items()), unindexed=unindexed, checks=rests, owner=owner,
                     sequences=sequences, first_of=first_of, sets=sets,
                     fallback=fallback if fallback_ids else None,
                     fallback_ids=fallback_ids, uses_spacy=any(set(a) - set(_OUTPUTS) for a in ruler.attrs))


@Language.factory(FACTORY, default_config={"validate": False,
                                           "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}})
def make_fast_attribute_ruler(nlp: Language, name: str, validate: bool,
                              scorer: Optional[Callable]) -> FastAttributeRuler:
    """spaCy's factory for the component (config name ``newsfuse_fast_attribute_ruler``)."""
    return FastAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def from_ruler(nlp: Language, name: str = "attribute_ruler") -> FastAttributeRuler:
    """Replace ``nlp``'s AttributeRuler ``name`` in place by a FastAttributeRuler with its patterns."""
    old = nlp.get_pipe(name)
    if not isinstance(old, AttributeRuler):
        raise TypeError(f"pipe {name!r} is a {type(old).__name__}, not an AttributeRuler")
    patterns = old.patterns
    fast = nlp.replace_pipe(name, FACTORY, config={"validate": old.validate})
    assert isinstance(fast, FastAttributeRuler)
    fast.scorer = old.scorer
    fast.add_patterns(patterns)
    return fast
