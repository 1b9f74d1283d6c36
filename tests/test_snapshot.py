"""bridge/snapshot.py: values written as JSON and npz and read back whole, guided by
their types; a snapshot that does not fit its types is refused, and nothing is unpickled."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest

from bridge.engine.rank import Engine
from bridge.engine.stored import LoadedCatalogue
from bridge.errors import Problem
from bridge.model import Catalogue
from bridge.snapshot import SnapshotError, read_snapshot, write_snapshot


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    count: int
    weight: float
    tags: tuple[str, ...]
    pages: tuple[Page, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Shelf:
    entries: tuple[Entry, ...]
    by_length: Mapping[int, tuple[str, ...]]
    kept: frozenset[str]
    scores: np.ndarray
    pair: tuple[str, int]


SHELF = Shelf(
    entries=(
        Entry("Côte d'Ivoire", 3, 0.5, ("a", "b"), (Page("Über", "https://x.example"),)),
        Entry("", 0, 2.0, (), (), note="none"),
        Entry("中文 text", -7, 1e-9, ("c",), (Page("one"), Page("two", "https://y.example"))),
    ),
    by_length=MappingProxyType({3: ("abc", "xyz"), 1: ("q",)}),
    kept=frozenset({"b", "a"}),
    scores=np.asarray([0.25, 0.5], dtype=np.float32),
    pair=("p", 2),
)


def round_trip(value: object, kind: type, tmp_path: Path) -> object:
    write_snapshot(value, tmp_path / "value.json", tmp_path / "value.npz")
    return read_snapshot(kind, tmp_path / "value.json", tmp_path / "value.npz")


def test_every_shape_comes_back_whole(tmp_path: Path) -> None:
    """Tuples of dataclasses (by columns), a field holding a tuple of dataclasses, text in
    any script, optional values, int keys, sets and arrays: the same value back."""
    found = round_trip(SHELF, Shelf, tmp_path)
    assert isinstance(found, Shelf)
    assert found.entries == SHELF.entries
    assert dict(found.by_length) == dict(SHELF.by_length)
    assert (found.kept, found.pair) == (SHELF.kept, SHELF.pair)
    assert found.scores.tolist() == [0.25, 0.5] and found.scores.dtype == np.float32
    assert not found.scores.flags.writeable


def test_a_float_written_as_a_whole_number_is_read_as_a_float(tmp_path: Path) -> None:
    """JSON may hold 2 where a float field was 2.0; it is read back as the float."""
    write_snapshot(SHELF, tmp_path / "value.json", tmp_path / "value.npz")
    edited(tmp_path, lambda d: d[0]["$columns"][2].__setitem__(1, 2))
    found = read_snapshot(Shelf, tmp_path / "value.json", tmp_path / "value.npz")
    assert [e.weight for e in found.entries] == [0.5, 2.0, 1e-9]
    assert [type(e.weight) for e in found.entries] == [float, float, float]


def test_a_catalogue_and_its_fitted_engine_come_back_equal(
    literal_catalogue: Catalogue, tmp_path: Path
) -> None:
    """The stored parts of an engine: the catalogue with its load problems, and the fit."""
    problems = (Problem("records/x.yaml", 3, "kind", "bad"), Problem("y.csv", None, "", "odd"))
    loaded = LoadedCatalogue(literal_catalogue, problems)
    assert round_trip(loaded, LoadedCatalogue, tmp_path) == loaded
    fitted = Engine(literal_catalogue).fitted
    (tmp_path / "fit").mkdir()
    again = round_trip(fitted, type(fitted), tmp_path / "fit")
    assert isinstance(again, type(fitted))
    assert again.index.ids == fitted.index.ids
    assert dict(again.index.vocabulary) == dict(fitted.index.vocabulary)
    assert np.array_equal(again.index.postings.data, fitted.index.postings.data)
    assert again.facets.region_codes.names == fitted.facets.region_codes.names
    assert np.array_equal(again.facets.region_codes.set_of, fitted.facets.region_codes.set_of)


def edited(tmp_path: Path, change: object) -> None:
    """The written JSON document, changed by `change(document)` and written back."""
    path = tmp_path / "value.json"
    document = json.loads(path.read_text())
    change(document)  # type: ignore[operator]
    path.write_text(json.dumps(document))


def text_column(document: list[object]) -> list[str]:
    entries = document[0]
    assert isinstance(entries, dict)
    names = entries["$columns"][0]["$text"]
    assert isinstance(names, list)
    return names


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d.__setitem__(4, ["p", True]), id="a bool for an int"),
        pytest.param(lambda d: d.__setitem__(4, ["p"]), id="too few values"),
        pytest.param(lambda d: d[0]["$columns"].pop(), id="a field missing"),
        pytest.param(lambda d: d[0]["$columns"][1].pop(), id="a column too short"),
        pytest.param(lambda d: d[0]["$columns"][4]["$lengths"].__setitem__(0, 5), id="lengths"),
        pytest.param(lambda d: d[0]["$columns"][3].__setitem__(0, ["a", 1]), id="an int tag"),
        pytest.param(lambda d: d.__setitem__(3, [1, 2]), id="a list for an array"),
        pytest.param(lambda d: d.__setitem__(0, [1, 2]), id="a list for columns"),
        pytest.param(lambda d: text_column(d).reverse(), id="text and ends swapped"),
    ],
)
def test_a_snapshot_that_does_not_fit_its_types_is_refused(tmp_path: Path, change: object) -> None:
    """Each kind of mismatch raises SnapshotError, never a half-made value."""
    write_snapshot(SHELF, tmp_path / "value.json", tmp_path / "value.npz")
    edited(tmp_path, change)
    with pytest.raises(SnapshotError, match="does not fit Shelf"):
        read_snapshot(Shelf, tmp_path / "value.json", tmp_path / "value.npz")


def test_tags_are_stored_once_per_distinct_tuple_and_optional_text_flags_its_nones(
    tmp_path: Path,
) -> None:
    """A column of tuples of text holds each distinct tuple once, in the order first met,
    and a code per record; an optional text column is text with a flag per record, only
    when some record has none."""
    write_snapshot(SHELF, tmp_path / "value.json", tmp_path / "value.npz")
    columns = json.loads((tmp_path / "value.json").read_text())[0]["$columns"]
    with np.load(tmp_path / "value.npz") as stored:
        arrays = {name: stored[name] for name in stored.files}
    tags, pages, notes = columns[3], columns[4]["$columns"], columns[5]
    assert tags["$distinct"] == [["a", "b"], [], ["c"]]
    assert arrays[tags["$codes"]].tolist() == [0, 1, 2]
    assert (sorted(pages[0]), sorted(pages[1])) == (["$text"], ["$none", "$text"])
    assert arrays[pages[1]["$none"]].tolist() == [False, True, False]
    assert arrays[notes["$none"]].tolist() == [True, False, True]


def stored_array(tmp_path: Path, name: str, values: np.ndarray) -> None:
    """The arrays file written again with one array replaced."""
    with np.load(tmp_path / "value.npz") as stored:
        arrays = {n: stored[n] for n in stored.files}
    np.savez(tmp_path / "value.npz", allow_pickle=False, **(arrays | {name: values}))


@pytest.mark.parametrize(
    ("field", "key", "values"),
    [
        pytest.param(3, "$codes", np.asarray([0, 1, 3], np.int32), id="a code past the tuples"),
        pytest.param(3, "$codes", np.asarray([0, 1, 2], np.int64), id="codes not int32"),
        pytest.param(5, "$none", np.asarray([True, False], bool), id="flags too few"),
        pytest.param(5, "$none", np.asarray([1, 0, 1], np.int8), id="flags not bools"),
    ],
)
def test_distinct_codes_and_none_flags_that_do_not_fit_are_refused(
    tmp_path: Path, field: int, key: str, values: np.ndarray
) -> None:
    write_snapshot(SHELF, tmp_path / "value.json", tmp_path / "value.npz")
    name = json.loads((tmp_path / "value.json").read_text())[0]["$columns"][field][key]
    stored_array(tmp_path, name, values)
    with pytest.raises(SnapshotError, match="does not fit Shelf"):
        read_snapshot(Shelf, tmp_path / "value.json", tmp_path / "value.npz")


def test_a_distinct_tuple_holding_a_number_is_refused(tmp_path: Path) -> None:
    write_snapshot(SHELF, tmp_path / "value.json", tmp_path / "value.npz")
    edited(tmp_path, lambda d: d[0]["$columns"][3]["$distinct"].__setitem__(0, ["a", 1]))
    with pytest.raises(SnapshotError, match="does not fit Shelf"):
        read_snapshot(Shelf, tmp_path / "value.json", tmp_path / "value.npz")


def test_text_that_is_not_utf8_or_ends_that_go_backwards_is_refused(tmp_path: Path) -> None:
    """The text column's bytes must decode and its ends must run forward to its length."""
    write_snapshot(SHELF, tmp_path / "value.json", tmp_path / "value.npz")
    document = json.loads((tmp_path / "value.json").read_text())
    text_name, ends_name = text_column(document)
    with np.load(tmp_path / "value.npz") as stored:
        arrays = {name: stored[name] for name in stored.files}
    broken = dict(arrays)
    broken[text_name] = np.frombuffer(b"\xff\xfe" + arrays[text_name].tobytes()[2:], np.uint8)
    backwards = dict(arrays)
    backwards[ends_name] = np.asarray([13, 5, 20], dtype=np.int64)  # the last still fits
    for bad in (broken, backwards):
        np.savez(tmp_path / "value.npz", allow_pickle=False, **bad)
        with pytest.raises(SnapshotError):
            read_snapshot(Shelf, tmp_path / "value.json", tmp_path / "value.npz")


def test_arrays_are_never_unpickled(tmp_path: Path) -> None:
    """An object array (which only pickle could hold) in the arrays file is refused."""
    write_snapshot(SHELF, tmp_path / "value.json", tmp_path / "value.npz")
    document = json.loads((tmp_path / "value.json").read_text())
    name = document[3]["$array"]
    np.savez(tmp_path / "value.npz", **{name: np.asarray([object()], dtype=object)})
    with pytest.raises(ValueError, match="allow_pickle"):
        read_snapshot(Shelf, tmp_path / "value.json", tmp_path / "value.npz")


def test_a_value_with_arrays_needs_a_file_for_them(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="name a file"):
        write_snapshot(SHELF, tmp_path / "value.json")
