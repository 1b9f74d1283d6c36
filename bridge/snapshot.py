"""Frozen values written to disk and read back: JSON for everything but numpy arrays, which go
to one `.npz` file beside it. Never pickle: reading a snapshot runs no code of its own.

The JSON shape follows the value's declared types (a dataclass is a list of its fields in
order; a tuple of dataclasses, such as a catalogue's records, is a list per field), and
reading is guided by the same types, so no type names are stored and nothing else is
trusted. Columns let reading check each field of every record in one pass. An encoder and
a decoder are made once per type and reused.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from itertools import accumulate, chain, pairwise
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

Value = TypeVar("Value")
Arrays = Mapping[str, np.ndarray]
Encoder = Callable[[Any, dict[str, np.ndarray]], Any]
Decoder = Callable[[Any, Arrays], Any]
ColumnDecoder = Callable[[Any, Arrays], list[Any]]  # a list of values of one type
_ARRAY = "$array"
_COLUMNS = "$columns"
_LENGTHS = "$lengths"  # a field holding a tuple of dataclasses: how many each record has
_TEXT = "$text"  # a text field of many records: UTF-8 bytes and where each value ends
_NONE = "$none"  # beside an optional text field's text: which records have none
_DISTINCT = "$distinct"  # a field of tuples of text: each distinct tuple once ...
_CODES = "$codes"  # ... and which one each record has
_PLAIN = (str, int, float, bool)


class SnapshotError(ValueError):
    """A snapshot that does not match the types it is read as."""


def write_snapshot(value: object, json_path: Path, arrays_path: Path | None = None) -> None:
    """Write `value` as JSON to `json_path` and its arrays, if it holds any, to `arrays_path`
    (.npz)."""
    arrays: dict[str, np.ndarray] = {}
    document = _encoder_of(typing.cast(Any, type(value)))(value, arrays)
    if arrays:
        if arrays_path is None:
            raise TypeError("the value holds arrays: name a file for them")
        with arrays_path.open("wb") as handle:
            np.savez(handle, allow_pickle=False, **arrays)
    json_path.write_text(json.dumps(document, separators=(",", ":")))


def read_snapshot(kind: type[Value], json_path: Path, arrays_path: Path | None = None) -> Value:
    """The value of type `kind` written by `write_snapshot`; SnapshotError if it does not fit."""
    arrays: Arrays = {}
    if arrays_path is not None:
        with np.load(arrays_path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
    document = json.loads(json_path.read_bytes())
    try:
        value = _decoder_of(typing.cast(Any, kind))(document, arrays)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as error:
        raise SnapshotError(f"{json_path.name} does not fit {kind.__name__}: {error}") from error
    return typing.cast(Value, value)


@cache
def _fields(kind: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields a dataclass is made from (those set in `__post_init__` are left out)."""
    return tuple(f for f in dataclasses.fields(kind) if f.init)


@cache
def _hints(kind: type) -> tuple[tuple[str, Any], ...]:
    """Each field a dataclass is made from, with its declared type."""
    hints = typing.get_type_hints(kind)
    return tuple((f.name, hints[f.name]) for f in _fields(kind))


def _is_dataclass(kind: Any) -> bool:
    return isinstance(kind, type) and dataclasses.is_dataclass(kind)


def _is_mapping(origin: Any) -> bool:
    return isinstance(origin, type) and issubclass(origin, Mapping)


def _optional(kind: Any) -> Any:
    """The one type a union with None holds besides None; TypeError for any other union."""
    inner = [a for a in typing.get_args(kind) if a is not type(None)]
    if len(inner) != 1:
        raise TypeError(f"cannot store the union {kind}")
    return inner[0]


def _as_is(value: Any, arrays: Any) -> Any:
    return value


# --------------------------------------------------------------------------- writing


@cache
def _encoder_of(kind: Any) -> Encoder:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is np.ndarray:
        return _array_out
    if _is_dataclass(kind):
        parts = [(attrgetter(name), _encoder_of(hint)) for name, hint in _hints(kind)]
        return lambda value, arrays: [encode(get(value), arrays) for get, encode in parts]
    if origin in (types.UnionType, typing.Union):
        inner = _encoder_of(_optional(kind))
        if inner is _as_is:  # None, or a plain value, is written as it is
            return _as_is
        return lambda value, arrays: None if value is None else inner(value, arrays)
    if origin is typing.Literal or kind in _PLAIN:
        return _as_is
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _columns_out(args[0]) if _is_dataclass(args[0]) else _items_out(args[0])
    if origin is tuple:
        fixed = [_encoder_of(a) for a in args]
        return lambda value, arrays: [e(v, arrays) for e, v in zip(fixed, value, strict=True)]
    if origin in (frozenset, set):
        item = _encoder_of(args[0])
        return lambda value, arrays: sorted(item(v, arrays) for v in value)
    if _is_mapping(origin):
        key, item = _encoder_of(args[0]), _encoder_of(args[1])
        return lambda value, arrays: {
            str(key(k, arrays)): item(v, arrays) for k, v in value.items()
        }
    raise TypeError(f"cannot store a {kind} in a snapshot")


def _array_out(value: np.ndarray, arrays: dict[str, np.ndarray]) -> dict[str, str]:
    name = f"a{len(arrays)}"
    arrays[name] = value
    return {_ARRAY: name}


def _items_out(kind: Any) -> Encoder:
    """A tuple of values of one type, as a list."""
    item = _encoder_of(kind)
    if item is _as_is:
        return _listed
    if item is _listed:  # a column of tuples of plain values: no call per record
        return lambda value, arrays: list(map(list, value))
    return lambda value, arrays: [item(v, arrays) for v in value]


def _listed(value: Any, arrays: Any) -> list[Any]:
    """A tuple of plain values, as a list."""
    return list(value)


def _columns_out(kind: type) -> Encoder:
    """A tuple of dataclasses, as one list per field."""
    parts = [(attrgetter(name), _column_out(hint)) for name, hint in _hints(kind)]
    return lambda values, arrays: {
        _COLUMNS: [column(list(map(get, values)), arrays) for get, column in parts]
    }


def _column_out(kind: Any) -> Encoder:
    """One field of many records: text as one array of UTF-8 bytes with where each value
    ends (and, when it is optional, which records have none); tuples of text (a record's
    tags) as each distinct tuple once and an array of which one each record has; a field
    holding a tuple of dataclasses (a record's sources) as the columns of all of them, with
    how many each record has."""
    if kind is str:
        return _text_out
    if _is_optional_text(kind):
        return _optional_text_out
    args = typing.get_args(kind)
    if args == (str, Ellipsis) and typing.get_origin(kind) is tuple:
        return _distinct_out
    if typing.get_origin(kind) is tuple and len(args) == 2 and _is_dataclass(args[0]):
        columns = _columns_out(args[0])
        return lambda values, arrays: {
            **columns(tuple(chain.from_iterable(values)), arrays),
            _LENGTHS: [len(v) for v in values],
        }
    return _items_out(kind)


def _text_out(values: list[str], arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    joined = "".join(values).encode("utf-8")
    ends = np.fromiter(accumulate(map(len, values)), np.int64, count=len(values))
    text = np.frombuffer(joined, np.uint8)
    return {_TEXT: [_array_out(text, arrays)[_ARRAY], _array_out(ends, arrays)[_ARRAY]]}


def _is_optional_text(kind: Any) -> bool:
    return typing.get_origin(kind) in (types.UnionType, typing.Union) and set(
        typing.get_args(kind)
    ) == {str, type(None)}


def _optional_text_out(values: list[str | None], arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """Text or None: a text column (empty text for None) and, if any is None, a flag per
    record."""
    if None not in values:
        return _text_out(typing.cast(list[str], values), arrays)
    column = _text_out(["" if v is None else v for v in values], arrays)
    missing = np.fromiter((v is None for v in values), bool, count=len(values))
    return column | {_NONE: _array_out(missing, arrays)[_ARRAY]}


def _distinct_out(values: list[tuple[str, ...]], arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """Tuples of text, as records repeat a few: each distinct one once, and its number for
    each record."""
    distinct = dict.fromkeys(values)  # in the order first met
    number = {v: i for i, v in enumerate(distinct)}
    codes = np.fromiter(map(number.__getitem__, values), np.int32, count=len(values))
    return {_DISTINCT: list(map(list, distinct)), _CODES: _array_out(codes, arrays)[_ARRAY]}


# --------------------------------------------------------------------------- reading


@cache
def _decoder_of(kind: Any) -> Decoder:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is np.ndarray:
        return _array_in
    if _is_dataclass(kind):
        return _dataclass_in(kind)
    if origin in (types.UnionType, typing.Union):
        inner = _decoder_of(_optional(kind))
        return lambda data, arrays: None if data is None else inner(data, arrays)
    if origin is typing.Literal:
        return _decoder_of(str)
    if kind in _PLAIN:
        return lambda data, arrays: _column_of(kind)([data], arrays)[0]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if _is_dataclass(args[0]):
            return _columns_in(args[0])
        items = _column_of(args[0])
        return lambda data, arrays: tuple(items(_list(data), arrays))
    if origin is tuple:
        return _fixed_tuple_in(args)
    if origin in (frozenset, set):
        members = _column_of(args[0])
        return lambda data, arrays: frozenset(members(_list(data), arrays))
    if _is_mapping(origin):
        return _mapping_in(args[0], args[1])
    raise TypeError(f"cannot read a {kind} from a snapshot")


@cache
def _column_of(kind: Any) -> ColumnDecoder:
    """Decodes a list of values of one type, checking plain values in one pass."""
    if kind in (str, int, bool):
        return lambda data, arrays: _checked(data, kind)
    if kind is float:
        return lambda data, arrays: [_float(v) for v in data]
    if typing.get_origin(kind) is typing.Literal:
        return _column_of(str)
    if typing.get_origin(kind) in (types.UnionType, typing.Union) and _optional(kind) in _PLAIN:
        return _optional_column(_optional(kind))
    one = _decoder_of(kind)
    return lambda data, arrays: [one(v, arrays) for v in data]


def _optional_column(kind: type) -> ColumnDecoder:
    """Plain values of one type or None, checked in one pass."""
    if kind is float:
        return lambda data, arrays: [None if v is None else _float(v) for v in data]

    def optional(data: list[Any], arrays: Arrays) -> list[Any]:
        _checked([v for v in data if v is not None], kind)
        return data

    return optional


def _checked(data: list[Any], kind: type) -> list[Any]:
    """The values, if every one is exactly of the type (never a bool for an int)."""
    found = set(map(type, data))
    if not found <= {kind}:
        wrong = ", ".join(sorted(t.__name__ for t in found - {kind}))
        raise TypeError(f"expected {kind.__name__}, found {wrong}")
    return data


def _float(value: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise TypeError(f"expected float, found {type(value).__name__}")


def _list(data: Any) -> list[Any]:
    if type(data) is not list:
        raise TypeError(f"expected a list, found {type(data).__name__}")
    return data


def _array_in(data: Any, arrays: Arrays) -> np.ndarray:
    if type(data) is not dict:
        raise TypeError(f"expected an array, found {type(data).__name__}")
    array = arrays[data[_ARRAY]]
    array.setflags(write=False)
    return array


def _dataclass_in(kind: type) -> Decoder:
    decoders = [_decoder_of(hint) for _, hint in _hints(kind)]

    def decode(data: Any, arrays: Arrays) -> Any:
        values = _list(data)
        if len(values) != len(decoders):
            raise ValueError(f"{kind.__name__} has {len(decoders)} fields, found {len(values)}")
        return kind(*[d(v, arrays) for d, v in zip(decoders, values, strict=True)])

    return decode


def _columns_in(kind: type) -> Decoder:
    """A tuple of dataclasses from one list per field, each checked in one pass."""
    columns = [_column_in(hint) for _, hint in _hints(kind)]

    def decode(data: Any, arrays: Arrays) -> tuple[Any, ...]:
        if type(data) is not dict:
            raise TypeError(f"expected columns of {kind.__name__}, found {type(data).__name__}")
        stored = _list(data[_COLUMNS])
        if len(stored) != len(columns):
            raise ValueError(f"{kind.__name__} has {len(columns)} fields, found {len(stored)}")
        decoded = [c(s, arrays) for c, s in zip(columns, stored, strict=True)]
        if len({len(c) for c in decoded}) > 1:
            raise ValueError(f"the columns of {kind.__name__} differ in length")
        return tuple(map(kind, *decoded))

    return decode


@cache
def _column_in(kind: Any) -> ColumnDecoder:
    """One field of many records: its values checked, and made, in one pass."""
    if kind is str:
        return _text_in
    if _is_optional_text(kind):
        return _optional_text_in
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple and args == (str, Ellipsis):
        return _distinct_in
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] in _PLAIN:
        plain = args[0]

        def tuples(data: Any, arrays: Arrays) -> list[Any]:
            _checked(_list(data), list)
            if plain is float:
                return [tuple(map(_float, v)) for v in data]
            _checked(list(chain.from_iterable(data)), plain)
            return list(map(tuple, data))

        return tuples
    if origin is tuple and len(args) == 2 and _is_dataclass(args[0]):
        flat = _columns_in(args[0])

        def ragged(data: Any, arrays: Arrays) -> list[Any]:
            if type(data) is not dict:
                raise TypeError(f"expected columns of {args[0].__name__}")
            values = flat(data, arrays)
            ends = list(accumulate(_checked(_list(data[_LENGTHS]), int), initial=0))
            if ends[-1] != len(values):
                raise ValueError(f"the lengths do not add up to the {args[0].__name__} values")
            return [values[a:b] for a, b in pairwise(ends)]

        return ragged
    values = _column_of(kind)
    return lambda data, arrays: values(_list(data), arrays)


def _text_in(data: Any, arrays: Arrays) -> list[str]:
    """Text values cut out of their UTF-8 bytes (which must decode) where each one ends."""
    if type(data) is not dict:
        raise TypeError(f"expected a text column, found {type(data).__name__}")
    text_name, ends_name = _checked(_list(data[_TEXT]), str)
    text = arrays[text_name].tobytes().decode("utf-8")
    ends = arrays[ends_name]
    if ends.dtype != np.int64 or ends.ndim != 1 or (ends.size and ends[-1] != len(text)):
        raise ValueError("the text column's ends do not fit its text")
    bounds = np.concatenate([np.zeros(1, np.int64), ends])
    if (np.diff(bounds) < 0).any():
        raise ValueError("the text column's ends go backwards")
    return [text[a:b] for a, b in pairwise(bounds.tolist())]


def _optional_text_in(data: Any, arrays: Arrays) -> list[str | None]:
    """Text values, None where the record's flag says it has none."""
    if type(data) is not dict or _NONE not in data:
        return list(_text_in(data, arrays))
    text = _text_in({_TEXT: data[_TEXT]}, arrays)
    missing = arrays[_checked([data[_NONE]], str)[0]]
    if set(data) != {_TEXT, _NONE} or missing.dtype != np.bool_ or missing.shape != (len(text),):
        raise ValueError("the optional text column's flags do not fit its text")
    return [None if gone else value for value, gone in zip(text, missing.tolist(), strict=True)]


def _distinct_in(data: Any, arrays: Arrays) -> list[tuple[str, ...]]:
    """Tuples of text from each distinct one and the number of each record's."""
    if type(data) is not dict or set(data) != {_DISTINCT, _CODES}:
        raise TypeError(f"expected distinct tuples of text, found {_shape(data)}")
    distinct = [tuple(_checked(_list(v), str)) for v in _list(data[_DISTINCT])]
    codes = arrays[_checked([data[_CODES]], str)[0]]
    if codes.dtype != np.int32 or codes.ndim != 1:
        raise ValueError("the codes of distinct tuples are not one array of int32")
    if codes.size and (codes.min() < 0 or codes.max() >= len(distinct)):
        raise ValueError("a code of the distinct tuples names none of them")
    return list(map(distinct.__getitem__, codes.tolist()))


def _shape(data: Any) -> str:
    """What a JSON value is, for a message: its type, and a mapping's keys."""
    return f"keys {sorted(map(str, data))}" if type(data) is dict else type(data).__name__


def _fixed_tuple_in(args: tuple[Any, ...]) -> Decoder:
    parts = [_decoder_of(a) for a in args]

    def decode(data: Any, arrays: Arrays) -> tuple[Any, ...]:
        values = _list(data)
        if len(values) != len(parts):
            raise ValueError(f"expected {len(parts)} values, found {len(values)}")
        return tuple(p(v, arrays) for p, v in zip(parts, values, strict=True))

    return decode


def _mapping_in(key_kind: Any, value_kind: Any) -> Decoder:
    """A read-only mapping; JSON keys are text, so an int key is read back from it."""
    values = _column_of(value_kind)

    def decode(data: Any, arrays: Arrays) -> Mapping[Any, Any]:
        if type(data) is not dict:
            raise TypeError(f"expected a mapping, found {type(data).__name__}")
        keys: list[Any] = list(data)
        if key_kind is int:
            keys = [int(k) for k in keys]
        elif key_kind is not str:
            raise TypeError(f"cannot read mapping keys of {key_kind}")
        decoded = values(list(data.values()), arrays)
        return types.MappingProxyType(dict(zip(keys, decoded, strict=True)))

    return decode
