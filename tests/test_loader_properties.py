"""A loader no file can crash (hypothesis): any YAML or JSON document in a record file gives
records or placed problems, never an exception, and the other files still load. Also the
values that once crashed every command: impossible dates and integers of thousands of digits.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from literal import RESOURCE_RECORDS, build_catalogue, record_text, write_file

import bridge

SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FIELDS = ["id", "kind", "title", "summary", "year", "roles", "harms", "regions", "sources", "x"]
# Plain scalars YAML resolves to values Python may not hold, and other awkward ones.
AWKWARD = [
    "2024-02-30",
    "2024-13-45",
    "2024-02-29 25:61:00",
    "9" * 5000,
    "-" + "9" * 4400,
    "0x" + "f" * 4000,
    "0o" + "7" * 4000,
    "1e99999",
    ".nan",
    "-.inf",
    "0b1_0_1",
    "1_000",
    "190:20:30",
    "!!binary aGVsbG8=",
    "!!timestamp 2024-02-30",
    "!!int 12x",
    "!!float nope",
    "!!timestamp nope",
    "!!bool nope",
    "!!map [a]",
    "!!null nope",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "~",
    "[]",
    "{}",
    "[2024-02-30, " + "9" * 5000 + "]",
    "{a: 2024-13-45}",
    '"\\ud800"',
    "'unterminated",
    "&anchor 1",
    "*anchor",
    "? [a]\n: b",
]
scalars = st.sampled_from(AWKWARD) | st.text(max_size=40).map(json.dumps)


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    """A record-like mapping whose values are awkward plain scalars, or arbitrary text."""
    if draw(st.booleans()):
        return draw(st.text(max_size=300))
    keys = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=8))
    lines = []
    for key in keys:
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(scalars)}")
        else:
            items = draw(st.lists(scalars, min_size=1, max_size=3))
            lines.append(f"{key}:\n" + "".join(f"  - {item}\n" for item in items).rstrip("\n"))
    return "\n".join(lines) + "\n"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["2024-02-30", "9" * 5000]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS), children, max_size=6)
    ),
    max_leaves=20,
)
# Raw JSON text json.dumps never writes but a file may hold.
RAW_JSON = ['{"year": ' + "9" * 5000 + "}", '{"year": NaN}', '{"year": -Infinity}', "[1e999999]"]


@st.composite
def json_lines(draw: st.DrawFn) -> str:
    rows = draw(st.lists(json_values.map(json.dumps) | st.sampled_from(RAW_JSON), max_size=5))
    return "\n".join(rows) + "\n"


def load_beside_the_literal_catalogue(name: str, text: str) -> bridge.LoadReport:
    """The literal catalogue with one more file, read; it must not raise."""
    with tempfile.TemporaryDirectory() as folder:
        root = build_catalogue(Path(folder) / "catalogue")
        write_file(root / "records" / name, text.encode("utf-8", "surrogatepass"))
        return bridge.read_catalogue(root)


def assert_the_literal_records_survive(report: bridge.LoadReport) -> None:
    loaded = {r.id for r in report.catalogue.resources}
    assert set(RESOURCE_RECORDS) <= loaded
    for problem in report.problems:
        assert problem.file.endswith(("generated.yaml", "generated.jsonl")), str(problem)


@SETTINGS
@given(yaml_documents())
def test_any_yaml_document_gives_records_or_placed_problems(text: str) -> None:
    assert_the_literal_records_survive(load_beside_the_literal_catalogue("generated.yaml", text))


@SETTINGS
@given(json_lines())
def test_any_json_lines_give_records_or_placed_problems(text: str) -> None:
    assert_the_literal_records_survive(load_beside_the_literal_catalogue("generated.jsonl", text))


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        (
            {"year": "2024-02-30"},
            "5: year: '2024-02-30' is not a valid date; quote it if it is text",
        ),
        (
            {"title": "2024-13-45"},
            "3: title: '2024-13-45' is not a valid date; quote it if it is text",
        ),
        (
            {"year": "9" * 5000},
            "5: year: '" + "9" * 37 + "...' is not a valid number; quote it if it is text",
        ),
    ],
    ids=["impossible-date", "date-like-title", "5000-digit-year"],
)
def test_values_python_cannot_hold_are_placed_by_field(
    catalogue_dir: Path, fields: dict[str, str], problem: str
) -> None:
    write_file(catalogue_dir / "records" / "bad.yaml", record_text("bad", **fields))
    report = bridge.read_catalogue(catalogue_dir)
    assert [str(p.relative_to(str(catalogue_dir))) for p in report.problems] == [
        f"records/bad.yaml:{problem}"
    ]
    assert {r.id for r in report.catalogue.resources} == set(RESOURCE_RECORDS)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "big", "year": ' + "9" * 5000 + "}", "a number of 5,000 digits; the limit is 18"),
        ('{"id": "nan", "year": NaN}', "NaN is not a number a record can hold"),
    ],
    ids=["5000-digit-integer", "nan"],
)
def test_json_numbers_no_record_holds_are_placed_by_line(
    catalogue_dir: Path, line: str, problem: str
) -> None:
    good = json.dumps({"id": "fine-row"})
    write_file(catalogue_dir / "records" / "rows.jsonl", f"{good}\n{line}\n")
    report = bridge.read_catalogue(catalogue_dir)
    found = [str(p.relative_to(str(catalogue_dir))) for p in report.problems]
    assert f"records/rows.jsonl:2: {problem}" in found
    assert {r.id for r in report.catalogue.resources} >= set(RESOURCE_RECORDS)
