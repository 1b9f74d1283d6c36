"""Frozen values written to disk and read back: JSON for everything but numpy arrays, which go
to one `.npz` file beside it. Never pickle: reading a snapshot runs no code of its own.

The JSON shape follows the value's types (a dataclass is a list of its fields in order), and
reading is guided by the same types, so no type names are stored and nothing else is
trusted. A decoder is made once per type and reused.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

Value = TypeVar("Value")
Encoder = Callable[[Any], Any]
Arrays = Mapping[str, np.ndarray]
Decoder = Callable[[Any, Arrays], Any]
_ARRAY = "$array"


class SnapshotError(ValueError):
    """A snapshot that does not match the types it is read as."""


def write_snapshot(value: object, json_path: Path, arrays_path: Path | None = None) -> None:
    """Write `value` as JSON to `json_path` and its arrays, if it holds any, to `arrays_path`
    (.npz)."""
    arrays: dict[str, np.ndarray] = {}
    document = _encode(value, arrays)
    if arrays:
        if arrays_path is None:
            raise TypeError("the value holds arrays: name a file for them")
        with arrays_path.open("wb") as handle:
            np.savez(handle, allow_pickle=False, **arrays)
    json_path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")))


def read_snapshot(kind: type[Value], json_path: Path, arrays_path: Path | None = None) -> Value:
    """The value of type `kind` written by `write_snapshot`; SnapshotError if it does not fit."""
    arrays: Arrays = {}
    if arrays_path is not None:
        with np.load(arrays_path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
    document = json.loads(json_path.read_text())
    try:
        value = _decoder_of(typing.cast(Any, kind))(document, arrays)
    except (TypeError, ValueError, KeyError, IndexError) as error:
        raise SnapshotError(f"{json_path.name} does not fit {kind.__name__}: {error}") from error
    return typing.cast(Value, value)


def _encode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(value, np.ndarray):
        name = f"a{len(arrays)}"
        arrays[name] = value
        return {_ARRAY: name}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_encode(getattr(value, f.name), arrays) for f in _fields(type(value))]
    if isinstance(value, Mapping):
        return {str(k): _encode(v, arrays) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_encode(v, arrays) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_encode(v, arrays) for v in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot write a {type(value).__name__} to a snapshot")


@cache
def _fields(kind: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields a dataclass is made from (those set in `__post_init__` are left out)."""
    return tuple(f for f in dataclasses.fields(kind) if f.init)


@cache
def _decoder_of(kind: Any) -> Decoder:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if kind is np.ndarray:
        return _array
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _dataclass_decoder(kind)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"cannot read the union {kind}")
        decode = _decoder_of(inner[0])
        return lambda data, arrays: None if data is None else decode(data, arrays)
    if origin is typing.Literal:
        return _plain(str)
    if origin is tuple:
        return _tuple_decoder(args)
    if origin in (frozenset, set):
        item = _decoder_of(args[0])
        return lambda data, arrays: frozenset(item(v, arrays) for v in data)
    if origin in (Mapping, dict, typing.Mapping) or (
        isinstance(origin, type) and issubclass(origin, Mapping)
    ):
        key, value = _decoder_of(args[0]), _decoder_of(args[1])
        return lambda data, arrays: types.MappingProxyType(
            {key(k, arrays): value(v, arrays) for k, v in data.items()}
        )
    if kind in (str, int, float, bool):
        return _plain(kind)
    raise TypeError(f"cannot read a {kind} from a snapshot")


def _array(data: Any, arrays: Arrays) -> np.ndarray:
    array = arrays[data[_ARRAY]]
    array.setflags(write=False)
    return array


def _plain(kind: type) -> Decoder:
    def decode(data: Any, arrays: Arrays) -> Any:
        if kind is float and isinstance(data, int) and not isinstance(data, bool):
            return float(data)
        if kind is int and isinstance(data, str):  # a mapping's key
            return int(data)
        if not isinstance(data, kind):
            raise TypeError(f"expected {kind.__name__}, found {type(data).__name__}")
        return data

    return decode


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder_of(args[0])
        return lambda data, arrays: tuple([item(v, arrays) for v in data])
    parts = [_decoder_of(a) for a in args]

    def decode(data: Any, arrays: Arrays) -> tuple[Any, ...]:
        if len(data) != len(parts):
            raise ValueError(f"expected {len(parts)} values, found {len(data)}")
        return tuple(p(v, arrays) for p, v in zip(parts, data, strict=True))

    return decode


def _dataclass_decoder(kind: type) -> Decoder:
    hints = typing.get_type_hints(kind)
    fields = _fields(kind)
    decoders = [_decoder_of(hints[f.name]) for f in fields]

    def decode(data: Any, arrays: Arrays) -> Any:
        if len(data) != len(decoders):
            raise ValueError(f"{kind.__name__} has {len(decoders)} fields, found {len(data)}")
        return kind(*[d(v, arrays) for d, v in zip(decoders, data, strict=True)])

    return decode
