"""One JSON serializer for the typed records, and its inverse.

:func:`to_json` turns a record (a dataclass) into JSON-ready dicts and lists
by the record's own fields, in field order: enums become their values,
tuples and lists become lists, mappings become dicts with string keys.
:func:`from_json` reads such a value back into the type named by the
record's type hints (nested dataclasses, enums, ``tuple[X, ...]``, fixed
tuples, ``X | None``, mappings), so ``from_json(type(x), to_json(x)) == x``
for every record: the JSON contract is written once, by the record.

Example:
    >>> from newsfuse.model import Span
    >>> to_json(Span(3, 9))
    {'start': 3, 'end': 9}
    >>> from_json(Span, {'start': 3, 'end': 9})
    Span(start=3, end=9)
"""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import types
import typing
from enum import Enum
from typing import Any, Mapping, TypeVar, Union, cast

__all__ = ["to_json", "from_json", "field_types", "RecordError"]

T = TypeVar("T")

_SCALARS = frozenset({str, int, float, bool, type(None)})


class RecordError(ValueError):
    """A JSON value does not fit the record type it is read as (names the path)."""


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names (``dataclasses.fields`` is slow to call once per record)."""
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.lru_cache(maxsize=None)
def field_types(cls: type) -> tuple[tuple[str, Any], ...]:
    """``(name, resolved type)`` of a dataclass's fields, in order."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def to_json(value: Any) -> Any:
    """A record (or any nesting of records, tuples, mappings, enums) as plain JSON values."""
    if type(value) in _SCALARS:  # most values: answered before the slower checks
        return value
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: item if type(item) in _SCALARS else to_json(item)
                for name in _field_names(type(value)) for item in (getattr(value, name),)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def from_json(tp: type[T], data: Any) -> T:
    """``data`` (as :func:`to_json` wrote it, or parsed from that JSON) read back as ``tp``.

    Raises :class:`RecordError` naming the path of the first value that does
    not fit (``Brief.points[2].citations[0].start: expected int, got 'x'``).
    """
    return cast(T, _read(tp, data, getattr(tp, "__name__", str(tp))))


def _read(tp: Any, data: Any, path: str) -> Any:
    if tp is Any:
        return data
    if tp in (str, bool):
        if type(data) is not tp:
            raise RecordError(f"{path}: expected {tp.__name__}, got {data!r}")
        return data
    if tp is int:
        if type(data) is not int:
            raise RecordError(f"{path}: expected int, got {data!r}")
        return data
    if tp is float:  # an int stays an int, so the JSON written back is byte-identical ("20", not "20.0")
        if type(data) not in (int, float):
            raise RecordError(f"{path}: expected number, got {data!r}")
        return data
    if tp is type(None):
        if data is not None:
            raise RecordError(f"{path}: expected null, got {data!r}")
        return None
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError:
            raise RecordError(f"{path}: {data!r} is not a {tp.__name__}") from None
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, Mapping):
            raise RecordError(f"{path}: expected an object, got {type(data).__name__}")
        kwargs = {}
        for name, ftype in field_types(tp):
            if name in data:
                kwargs[name] = _read(ftype, data[name], f"{path}.{name}")
        try:
            return tp(**kwargs)
        except TypeError as exc:
            raise RecordError(f"{path}: {exc}") from None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        errors = []
        for arm in args:
            if arm is type(None):
                continue
            try:
                return _read(arm, data, path)
            except RecordError as exc:
                errors.append(str(exc))
        raise RecordError(errors[0] if len(errors) == 1 else f"{path}: {data!r} fits none of {tp}")
    if origin is typing.Literal:
        if data not in args:
            raise RecordError(f"{path}: {data!r} is not one of {args}")
        return data
    if origin in (tuple, list) or tp in (tuple, list):
        if not isinstance(data, (list, tuple)):
            raise RecordError(f"{path}: expected a list, got {type(data).__name__}")
        if origin is tuple and args and args[-1] is not Ellipsis:
            if len(args) != len(data):
                raise RecordError(f"{path}: expected {len(args)} items, got {len(data)}")
            return tuple(_read(a, v, f"{path}[{k}]") for k, (a, v) in enumerate(zip(args, data)))
        item = args[0] if args else Any
        items = [_read(item, v, f"{path}[{k}]") for k, v in enumerate(data)]
        return tuple(items) if (origin or tp) is tuple else items
    if origin in (dict, collections.abc.Mapping) or tp in (dict, collections.abc.Mapping):
        if not isinstance(data, Mapping):
            raise RecordError(f"{path}: expected an object, got {type(data).__name__}")
        key, val = args if args else (Any, Any)
        return {_read(key, k, path): _read(val, v, f"{path}[{k!r}]") for k, v in data.items()}
    raise RecordError(f"{path}: cannot read a {tp!r}")
