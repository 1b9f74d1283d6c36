"""bridge/tables.py: table rows become raw records placed by line or spreadsheet row."""

from __future__ import annotations

from pathlib import Path

import pytest
from literal import write_file

from bridge.catalogue.recordfiles import cell_value, read_csv_rows, read_records
from bridge.errors import Problem


@pytest.mark.parametrize(
    ("column", "cell", "value"),
    [
        ("harms", "csam; grooming ;", ["csam", "grooming"]),
        ("regions", '["Korea, Republic of", "Kenya"]', ["Korea, Republic of", "Kenya"]),
        ("outcomes", "[not json", ["[not json"]),
        ("roles", "", []),
        ("title", "  A; B  ", "A; B"),
    ],
)
def test_cell_value(column: str, cell: str, value: object) -> None:
    """List columns split on ';' or read JSON arrays; other columns stay text, trimmed."""
    assert cell_value(column, cell) == value


def test_csv_rows_are_numbered_like_a_spreadsheet() -> None:
    """Rows count the header as 1 and a multi-line cell as one row; blank cells are dropped."""
    text = 'id,title,harms\na,"two\nlines",csam\nb,,csam;grooming\n'
    rows = read_csv_rows(text, "t.csv")
    assert isinstance(rows, list)
    assert [(r.line, r.data) for r in rows] == [
        (2, {"id": "a", "title": "two\nlines", "harms": ["csam"]}),
        (3, {"id": "b", "harms": ["csam", "grooming"]}),
    ]


def test_csv_header_names_are_trimmed() -> None:
    """Spaces around column names are ignored."""
    rows = read_csv_rows(" id , title \nx,y\n", "t.csv")
    assert isinstance(rows, list)
    assert rows[0].data == {"id": "x", "title": "y"}


def test_csv_with_bom(tmp_path: Path) -> None:
    """A spreadsheet's UTF-8 byte-order mark does not become part of the first column."""
    path = write_file(tmp_path / "t.csv", b"\xef\xbb\xbfid,title\nx,Caf\xc3\xa9\n")
    rows, problems = read_records(path, "t.csv")
    assert ([r.data for r in rows], problems) == ([{"id": "x", "title": "Café"}], [])


def test_empty_csv_is_one_problem() -> None:
    """A CSV file with nothing in it is reported, not raised."""
    problem = read_csv_rows("", "t.csv")
    assert isinstance(problem, Problem)
    assert (problem.file, problem.line) == ("t.csv", None)


def test_jsonl_blank_lines_keep_numbering(tmp_path: Path) -> None:
    """Blank lines are skipped but counted, so each record keeps its own line number."""
    path = write_file(tmp_path / "t.jsonl", '{"id": "a"}\n\n{"id": "b"}\n')
    rows, problems = read_records(path, "t.jsonl")
    assert ([(r.line, r.data) for r in rows], problems) == (
        [(1, {"id": "a"}), (3, {"id": "b"})],
        [],
    )


def test_jsonl_bad_line_loses_only_that_line(tmp_path: Path) -> None:
    """A line that is not JSON is one placed problem; the lines around it are read."""
    path = write_file(tmp_path / "t.jsonl", '{"id": "a"}\n{oops\n{"id": "c"}\n')
    rows, problems = read_records(path, "t.jsonl")
    assert [r.line for r in rows] == [1, 3]
    assert [(p.line, p.message[:14]) for p in problems] == [(2, "not valid JSON")]


@pytest.mark.parametrize(
    ("line", "data", "problem"),
    [
        ('{"id": "a"}', {"id": "a"}, None),
        ('  {"id": "a"}\t ', {"id": "a"}, None),
        ('{"id": "a"} {"id": "b"}', None, "not valid JSON: Extra data (column 13)"),
        ('  {"id": "a"} x', None, "not valid JSON: Extra data (column 15)"),
        ('  {"id": ', None, "not valid JSON: Expecting value (column 10)"),
        ('{"year": 1e400}', {"year": float("inf")}, None),
        ('  {"year": NaN}', None, "NaN is not a number a record can hold"),
    ],
)
def test_a_jsonl_line_is_read_as_one_value_spaces_around_it_or_not(
    tmp_path: Path, line: str, data: object, problem: str | None
) -> None:
    """Spaces around a line's value are allowed; anything else after it is extra data, its
    column counted from the line's start."""
    path = write_file(tmp_path / "t.jsonl", line + "\n")
    rows, problems = read_records(path, "t.jsonl")
    assert ([r.data for r in rows], [p.message for p in problems]) == (
        [] if data is None else [data],
        [] if problem is None else [problem],
    )


DEEP_JSON = "[" * 100_000 + "]" * 100_000


def test_deeply_nested_json_line_is_one_problem(tmp_path: Path) -> None:
    """A .jsonl line nested 100k deep is one problem on its line; the other lines load."""
    path = write_file(tmp_path / "t.jsonl", '{"id": "a"}\n' + DEEP_JSON + "\n")
    rows, problems = read_records(path, "t.jsonl")
    assert ([r.line for r in rows], [p.line for p in problems]) == ([1], [2])


def test_deeply_nested_json_cell_does_not_crash(tmp_path: Path) -> None:
    """A list cell holding JSON nested 100k deep is reported or kept as text, never raised."""
    path = write_file(tmp_path / "t.csv", f'id,harms\nx,"{DEEP_JSON}"\n')
    rows, problems = read_records(path, "t.csv")
    assert len(rows) + len(problems) == 1


def test_row_with_more_cells_than_the_header_is_reported() -> None:
    """A row with more cells than the header is a problem on that row, not a shifted record."""
    problem = read_csv_rows("id,title\nx,A title,surplus\n", "t.csv")
    assert isinstance(problem, Problem)
    assert problem.line == 2


def test_ragged_rows_among_good_ones_are_refused() -> None:
    """When only some rows have surplus cells the table is refused, naming the line."""
    problem = read_csv_rows("id,title\nx,A\ny,B,surplus\n", "t.csv")
    assert isinstance(problem, Problem)
    assert (problem.line, problem.message) == (3, "this row has 3 cells; the header has 2")
