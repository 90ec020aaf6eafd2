"""One serializer for every record: ``from_json(T, to_json(x)) == x``, also through JSON text."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum
from typing import Any, Union

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.brief.document import BriefDoc
from newsfuse.brief.model import Brief
from newsfuse.facts.records import Claim, DateMention, Entity, Event, FactsDoc, Mention, Quote, StoryFacts
from newsfuse.model import Article, Paragraph, RemovedLine, Span, Story
from newsfuse.provenance.document import ProvenanceDoc
from newsfuse.reconcile.document import ClaimGroupDoc, LedgerEntryDoc
from newsfuse.reconcile.groups import ClaimGroup
from newsfuse.serialize import RecordError, field_types, from_json, to_json
from newsfuse.views import ArticlePage, StoryPage, StoryRow, StoryGraph

_JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=8))


def strategy(tp: Any) -> st.SearchStrategy[Any]:
    """Values of a record type, built from its type hints (finite floats: NaN is not equal to itself)."""
    if tp is Any:
        return st.recursive(_JSON_SCALAR, lambda inner: st.lists(inner, max_size=3)
                            | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
    if tp is str:
        return st.text(max_size=12)
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(-10**9, 10**9)
    if tp is float:
        return st.floats(allow_nan=False, allow_infinity=False)
    if tp is type(None):
        return st.none()
    if isinstance(tp, type) and issubclass(tp, Enum):
        return st.sampled_from(list(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return st.builds(tp, **{name: strategy(ftype) for name, ftype in field_types(tp)})
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (Union, types.UnionType):
        return st.one_of(*(strategy(a) for a in args))
    if origin is tuple:
        if args and args[-1] is Ellipsis:
            return st.lists(strategy(args[0]), max_size=3).map(tuple)
        return st.tuples(*(strategy(a) for a in args))
    if origin is list:
        return st.lists(strategy(args[0]), max_size=3)
    if origin in (dict, typing.Mapping, __import__("collections.abc").abc.Mapping):
        return st.dictionaries(st.text(max_size=6), strategy(args[1]), max_size=3)
    raise TypeError(f"no strategy for {tp!r}")


RECORDS = [Span, Paragraph, RemovedLine, Article, Story, Mention, Entity, Claim, DateMention, Event, Quote,
           StoryFacts, FactsDoc, ClaimGroup, ClaimGroupDoc, LedgerEntryDoc, ProvenanceDoc, Brief, BriefDoc,
           StoryRow, StoryGraph, StoryPage, ArticlePage]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_round_trip(record: type) -> None:
    @settings(max_examples=20, deadline=None)
    @given(strategy(record))
    def check(value: Any) -> None:
        assert from_json(record, to_json(value)) == value
        assert from_json(record, json.loads(json.dumps(to_json(value)))) == value

    check()


def test_enums_are_written_as_their_values() -> None:
    line = RemovedLine("Advertisement", "call to action", 3)  # type: ignore[arg-type]
    assert to_json(line) == {"text": "Advertisement", "reason": "call to action", "line": 3}
    back = from_json(RemovedLine, to_json(line))
    assert type(back.reason).__name__ == "RemovedReason"


def test_a_value_that_does_not_fit_names_its_path() -> None:
    with pytest.raises(RecordError, match=r"Entity\.mentions\[0\]\.start: expected int"):
        from_json(Entity, {"id": "e1", "name": "X", "label": "PERSON", "mentions": [{"article": "a", "start": "0",
                                                                                    "end": 1, "text": "X"}]})
    with pytest.raises(RecordError, match="is not a Hedge"):
        from_json(Claim, {"article": "a", "text": "5", "start": 0, "end": 1, "value": 5, "low": 5, "high": 5,
                          "unit": "", "scale": "", "hedge": "roughly", "thing": ""})


def test_ints_in_float_fields_stay_ints() -> None:
    """So a stored document read back and written again is byte-identical."""
    span = from_json(Claim, {"article": "a", "text": "20", "start": 0, "end": 2, "value": 20, "low": 20, "high": 20,
                             "unit": "", "scale": "", "hedge": "exact", "thing": ""})
    assert json.dumps(to_json(span)["value"]) == "20"
