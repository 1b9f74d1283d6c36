"""Raw records from catalogue files: one YAML mapping per file, or JSON Lines / CSV tables.

Every raw record keeps its file and a way to find the line of any of its fields.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bridge.catalogue.yamlfile import YamlDocument, parse_yaml
from bridge.errors import Problem

MAX_TABLE_BYTES = 50_000_000
LIST_FIELDS = frozenset(
    {
        "partners",
        "languages",
        "roles",
        "harms",
        "regions",
        "evidence",
        "outcomes",
        "sources",
        "people",
        "members",
    }
)

FieldPath = Sequence[str | int]


@dataclass(frozen=True, slots=True)
class RawRecord:
    """A record as read, before validation, with its place in its file."""

    file: str
    data: Any
    line_of: Callable[[FieldPath], int | None]
    written: Callable[[FieldPath], tuple[str, bool] | None] = lambda _: None

    @property
    def line(self) -> int | None:
        return self.line_of(())


def read_records(path: Path, name: str) -> tuple[list[RawRecord], list[Problem]]:
    """The raw records of one catalogue file, chosen by its suffix, and the problems that
    kept any part of it from being read (a bad line of a table loses only that line)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return [], [Problem(name, None, "", f"cannot read: {error.strerror}")]
    if path.suffix in (".yaml", ".yml"):
        document = parse_yaml(raw, name)
        if isinstance(document, Problem):
            return [], [document]
        return [_from_yaml(document)], []
    if len(raw) > MAX_TABLE_BYTES:
        message = f"file is {len(raw):,} bytes; the limit is {MAX_TABLE_BYTES:,}"
        return [], [Problem(name, None, "", message)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte {error.start}); save it as UTF-8"
        return [], [Problem(name, line, "", message)]
    if path.suffix == ".jsonl":
        return _from_json_lines(text, name)
    rows = read_csv_rows(text, name)
    return ([], [rows]) if isinstance(rows, Problem) else (rows, [])


def _from_yaml(document: YamlDocument) -> RawRecord:
    return RawRecord(document.name, document.data, document.line_of, document.source_text)


def _from_json_lines(text: str, name: str) -> tuple[list[RawRecord], list[Problem]]:
    records, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = _json(line)
        except json.JSONDecodeError as error:
            message = f"not valid JSON: {error.msg} (column {error.colno})"
            problems.append(Problem(name, number, "", message))
            continue
        except UnholdableNumber as error:
            problems.append(Problem(name, number, "", str(error)))
            continue
        except RecursionError:
            problems.append(Problem(name, number, "", "JSON nested too deeply"))
            continue
        records.append(RawRecord(name, data, _on_line(number)))
    return records, problems


MAX_DIGITS = 18  # far beyond any year or count a record holds


class UnholdableNumber(ValueError):
    """A JSON number no record field can hold: NaN, Infinity, or thousands of digits."""


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise UnholdableNumber(f"a number of {digits:,} digits; the limit is {MAX_DIGITS}")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 2 * MAX_DIGITS + 8:
        raise UnholdableNumber(f"a number of {len(text):,} characters is not one a record holds")
    return float(text)


def _constant(text: str) -> object:
    raise UnholdableNumber(f"{text} is not a number a record can hold")


_DECODER = json.JSONDecoder(parse_int=_int, parse_float=_float, parse_constant=_constant)


def _json(text: str) -> Any:
    """JSON whose numbers are ones Python and the records can hold (never NaN or a number
    of thousands of digits, which `int()` refuses with a traceback). Text that is one value
    from its first character to its last (a table's line, as written) is read without
    looking for spaces around it; any other is read, or refused, as `decode` reads it."""
    try:
        value, end = _DECODER.raw_decode(text)
    except json.JSONDecodeError:
        return _DECODER.decode(text)
    return value if end == len(text) else _DECODER.decode(text)


def _on_line(number: int) -> Callable[[FieldPath], int | None]:
    """A record's line finder for a table: every field of a row is on the row's line."""
    return lambda _path: number


def read_csv_rows(text: str, name: str) -> list[RawRecord] | Problem:
    """CSV rows as records; a row's line is its row number in a spreadsheet (header = 1)."""
    ragged = _ragged_rows(text, name)
    if ragged:
        return ragged
    rows = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(rows, [])]
    if not header:
        return Problem(name, None, "", "not a readable CSV table: no header row")
    records = []
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        data = {
            key: cell_value(key, value)
            for key, value in zip(header, row, strict=True)
            if value.strip() != "" or key in LIST_FIELDS  # an empty list cell is []
        }
        records.append(RawRecord(name, data, _on_line(number)))
    return records


def _ragged_rows(text: str, name: str) -> Problem | None:
    """The first row whose number of cells differs from the header's, as a problem."""
    reader = csv.reader(io.StringIO(text))
    row_number = 1
    try:
        header = next(reader, None)
        if header is None:
            return None
        for row_number, row in enumerate(reader, start=2):
            if row and len(row) != len(header):
                message = f"this row has {len(row)} cells; the header has {len(header)}"
                return Problem(name, row_number, "", message)
    except csv.Error as error:
        return Problem(name, row_number + 1, "", f"not a readable CSV row: {error}")
    return None


def cell_value(column: str, cell: str) -> Any:
    """A CSV cell as a field value: lists from `;`-separated cells or JSON arrays."""
    cell = cell.strip()
    if column not in LIST_FIELDS:
        return cell
    if cell.startswith("["):
        try:
            return _json(cell)
        except (json.JSONDecodeError, UnholdableNumber):
            pass
        except RecursionError:
            return cell  # not a list: the schema reports it
    return [part.strip() for part in cell.split(";") if part.strip()]
