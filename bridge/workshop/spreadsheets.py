"""A spreadsheet as a registration tool exports it: CSV (UTF-8, with or without a byte order
mark; comma, semicolon or tab between cells) or an XLSX workbook's first sheet. Every row
keeps the number a spreadsheet shows; every cell becomes text.

Problems name the file and the row; nothing about the file's contents is run or trusted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bridge.errors import Problem, TableError

MAX_BYTES = 1_000_000
MAX_ROWS = 300  # rows of people below the header
MAX_COLUMNS = 100
MAX_CELL = 5_000  # characters in one cell
MAX_UNPACKED = 30_000_000  # bytes an XLSX workbook may expand to
MAX_SCANNED = 20_000  # rows of an XLSX sheet looked at, empty ones included
DELIMITERS = (",", ";", "\t")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted workbooks and old .xls files
SAVE_AS = "save it as .xlsx (without a password) or as 'CSV UTF-8'"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # all but tab and line ends


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row below the header: its number as the spreadsheet shows it, its cells as text."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sheet:
    """A table read from a file: the header row (its number and the column names) and the
    non-empty rows below it, each as wide as the header."""

    file: str
    kind: Literal["csv", "xlsx"]
    header_row: int
    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...]

    def column(self, header: str) -> int:
        """The position of a column, by its header as written."""
        return self.headers.index(header)


def read_sheet(raw: bytes, file: str) -> Sheet:
    """The table in `raw` (CSV or XLSX, told apart by its bytes), or `TableError`."""
    if len(raw) > MAX_BYTES:
        raise _error(file, None, f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    if raw.startswith(_OLE):
        message = "this is a password-protected workbook or an old .xls file; " + SAVE_AS
        raise _error(file, None, message)
    if raw.startswith(_ZIP):
        return _table(file, "xlsx", _xlsx_rows(raw, file))
    if file.lower().endswith((".xlsx", ".xlsm")):
        raise _error(file, None, f"this file is not a readable XLSX workbook; {SAVE_AS}")
    return _table(file, "csv", _csv_rows(raw, file))


def column_letter(index: int) -> str:
    """A spreadsheet's name for the column at `index` (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _error(file: str, row: int | None, message: str) -> TableError:
    return TableError((Problem(file, row, "", message),))


def _table(file: str, kind: Literal["csv", "xlsx"], rows: Iterable[SheetRow]) -> Sheet:
    """Header and rows from numbered rows: the first non-empty row names the columns."""
    numbered = iter(rows)
    header = next((row for row in numbered if any(row.cells)), None)
    if header is None:
        raise _error(file, 1, "the file is empty; the first row should name the columns")
    body = [row for row in numbered if any(row.cells)]
    if not body:
        raise _error(file, header.number + 1, "there are no participants below the header")
    if len(body) > MAX_ROWS:
        raise _error(file, None, f"{len(body)} rows; the limit is {MAX_ROWS}")
    width = max(len(header.cells), *(len(row.cells) for row in body))
    if width > MAX_COLUMNS:
        raise _error(file, header.number, f"{width} columns; the limit is {MAX_COLUMNS}")
    headers = _headers(header.cells, width)
    padded = tuple(SheetRow(r.number, r.cells + ("",) * (width - len(r.cells))) for r in body)
    return Sheet(file, kind, header.number, headers, padded)


def _headers(cells: Sequence[str], width: int) -> tuple[str, ...]:
    """Column names as written (spaces trimmed); a column without one is named by its letter."""
    names = [" ".join(c.split()) for c in cells] + [""] * (width - len(cells))
    return tuple(name or f"column {column_letter(i)}" for i, name in enumerate(names))


def _checked(cells: Sequence[str], number: int, file: str) -> tuple[str, ...]:
    """The row's cells without control characters (a terminal would obey them) and without
    trailing empty cells; too long a cell is a problem."""
    trimmed = [_CONTROL.sub("", cell) for cell in cells]
    while trimmed and not trimmed[-1].strip():
        trimmed.pop()
    for index, cell in enumerate(trimmed):
        if len(cell) > MAX_CELL:
            message = f"the cell in column {column_letter(index)} holds {len(cell):,} characters"
            raise _error(file, number, f"{message}; the limit is {MAX_CELL:,}")
    return tuple(trimmed)


# CSV


def _csv_rows(raw: bytes, file: str) -> list[SheetRow]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _error(file, None, "the file is not UTF-8 text; save it as 'CSV UTF-8'") from None
    if "\0" in text:
        raise _error(file, None, f"this file is not a spreadsheet; {SAVE_AS}")
    delimiter = _delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise _error(file, None, f"the file cannot be read as CSV ({error})") from None
    rows: list[SheetRow] = []
    width = None
    for number, record in enumerate(records, start=1):
        cells = _checked(record, number, file)
        if width is None:
            width = len(record) if cells else None
        elif cells and (len(record) < width or len(cells) > width):
            message = f"this row has {len(record)} cells; the header has {width}"
            raise _error(file, number, message)
        rows.append(SheetRow(number, cells))
    return rows


def _delimiter(text: str) -> str:
    """The delimiter that splits the first record into the most cells (Excel in some locales
    writes `;`, and 'Unicode text' tabs); a comma when they tie."""
    start = text[:65_536]

    def cells(delimiter: str) -> int:
        try:
            return len(next(csv.reader(io.StringIO(start), delimiter=delimiter), []))
        except csv.Error:
            return 0

    return max(DELIMITERS, key=cells)


# XLSX


def _xlsx_rows(raw: bytes, file: str) -> list[SheetRow]:
    """The first sheet's rows, read without running anything: cached values, not formulas."""
    unreadable = f"this file is not a readable XLSX workbook; {SAVE_AS}"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise _error(file, None, unreadable) from None
    if unpacked > MAX_UNPACKED:
        message = f"the workbook expands to {unpacked:,} bytes; the limit is {MAX_UNPACKED:,}"
        raise _error(file, None, message)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise _error(file, None, unreadable) from None
    try:
        if not book.worksheets:
            raise _error(file, None, "the workbook has no sheet of cells")
        return list(_sheet_rows(book.worksheets[0], file))
    except TableError:
        raise
    except Exception:
        raise _error(file, None, unreadable) from None
    finally:
        book.close()


def _sheet_rows(sheet: Any, file: str) -> Iterator[SheetRow]:
    rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1, max_row=MAX_SCANNED)
    found = 0
    for number, values in enumerate(rows, start=1):
        cells = _checked([cell_text(v) for v in values], number, file)
        found += bool(any(cells))
        if found > MAX_ROWS + 1:
            raise _error(file, None, f"more than {MAX_ROWS} rows; the limit is {MAX_ROWS}")
        yield SheetRow(number, cells)


def cell_text(value: object) -> str:
    """A cell's value as the text a spreadsheet shows: dates as ISO dates (with the time when
    there is one), whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
