"""bridge/workshop/spreadsheets.py: a CSV or XLSX registration export as a header and rows
of text, each row with the number a spreadsheet shows; every unreadable file refused with
a message that names it (and the row, where there is one)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bridge.errors import Problem, TableError
from bridge.workshop.spreadsheets import (
    MAX_BYTES,
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED,
    Sheet,
    SheetRow,
    cell_text,
    column_letter,
    read_sheet,
)

DATA = Path(__file__).resolve().parent / "data" / "registration"
GOOGLE_HEADERS = (
    "Timestamp",
    "Email address",
    "Full name",
    "Organisation",
    "Job title",
    "Country",
    "Which topics are you most interested in?",
    "Phone number (optional)",
)


def problems(raw: bytes, name: str = "room.csv") -> list[Problem]:
    with pytest.raises(TableError) as caught:
        read_sheet(raw, name)
    return list(caught.value.problems)


def workbook(*rows: list[object], sheets: int = 1) -> bytes:
    """An XLSX file holding the rows on its first sheet (and empty further sheets)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for number in range(1, sheets):
        book.create_sheet(f"Other {number}").append(["not", "read"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# CSV


def test_a_csv_keeps_headers_and_row_numbers() -> None:
    """A comma CSV: headers trimmed, each row numbered as a spreadsheet shows it."""
    sheet = read_sheet(b" Name ,Country\nAna,Kenya\nBen,UK\n", "room.csv")
    assert sheet == Sheet(
        "room.csv",
        "csv",
        1,
        ("Name", "Country"),
        (SheetRow(2, ("Ana", "Kenya")), SheetRow(3, ("Ben", "UK"))),
    )


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("\ufeffName;Country\r\nAna;Kenya\r\n".encode(), id="semicolons-and-bom"),
        pytest.param(b"Name\tCountry\nAna\tKenya\n", id="tabs"),
        pytest.param(b'"Name";"Country"\n"Ana";"Kenya"\n', id="quoted-semicolons"),
    ],
)
def test_delimiters_that_excel_writes_are_found(raw: bytes) -> None:
    """Excel in some locales writes `;`, its 'Unicode text' tabs; a BOM is not a header."""
    sheet = read_sheet(raw, "room.csv")
    assert (sheet.headers, sheet.rows) == (("Name", "Country"), (SheetRow(2, ("Ana", "Kenya")),))


def test_a_cell_over_several_lines_is_one_row() -> None:
    """A quoted cell with line breaks is one spreadsheet row; the next row is numbered on."""
    sheet = read_sheet(b'Name,Hopes\nAna,"first\nsecond"\nBen,x\n', "room.csv")
    assert sheet.rows == (SheetRow(2, ("Ana", "first\nsecond")), SheetRow(3, ("Ben", "x")))


def test_blank_rows_are_skipped_but_counted() -> None:
    """Empty lines (and rows of empty cells) are no participants; later rows keep their
    numbers; a header below blank lines is found."""
    sheet = read_sheet(b"\n\nName,Country\nAna,Kenya\n,\n\nBen,UK\n", "room.csv")
    assert sheet.header_row == 3
    assert sheet.rows == (SheetRow(4, ("Ana", "Kenya")), SheetRow(7, ("Ben", "UK")))


def test_trailing_empty_cells_and_unnamed_columns() -> None:
    """Trailing commas are not a shape problem; a column without a header is named by its
    letter; short rows are padded to the header's width."""
    sheet = read_sheet(b"Name,,Country\nAna,x,Kenya,,\nBen,y,UK\n", "room.csv")
    assert sheet.headers == ("Name", "column B", "Country")
    assert sheet.rows == (SheetRow(2, ("Ana", "x", "Kenya")), SheetRow(3, ("Ben", "y", "UK")))


def test_control_characters_are_dropped() -> None:
    """A terminal escape or a bell in a cell is not text; tabs and line breaks are kept."""
    sheet = read_sheet(b'Name\x1b[2J,Hopes\nAna\x1b[31m\x07,"a\tb\nc"\n', "room.csv")
    assert (sheet.headers, sheet.rows) == (
        ("Name[2J", "Hopes"),
        (SheetRow(2, ("Ana[31m", "a\tb\nc")),),
    )


def test_the_google_forms_export_reads_as_40_rows() -> None:
    """The Google Forms fixture: its eight headers and 40 rows, numbered 2 to 41."""
    sheet = read_sheet((DATA / "google-forms.csv").read_bytes(), "google-forms.csv")
    assert sheet.headers == GOOGLE_HEADERS
    assert [row.number for row in sheet.rows] == list(range(2, 42))
    assert sheet.rows[0].cells[2:6] == (
        "Amara Okafor",
        "Lumen Social Inc.",
        "Senior Trust & Safety Policy Manager",
        "United Kingdom of Great Britain and Northern Ireland",
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "Name\nZoë\n".encode("latin-1"),
            Problem("room.csv", None, "", "the file is not UTF-8 text; save it as 'CSV UTF-8'"),
            id="latin-1",
        ),
        pytest.param(
            b"",
            Problem("room.csv", 1, "", "the file is empty; the first row should name the columns"),
            id="empty",
        ),
        pytest.param(
            b"\n ,\n",
            Problem("room.csv", 1, "", "the file is empty; the first row should name the columns"),
            id="blank",
        ),
        pytest.param(
            b"Name,Country\n",
            Problem("room.csv", 2, "", "there are no participants below the header"),
            id="header-only",
        ),
        pytest.param(
            b"Name,Country\nAna,Kenya,extra\n",
            Problem("room.csv", 2, "", "this row has 3 cells; the header has 2"),
            id="row-too-long",
        ),
        pytest.param(
            b"Name,Country,Hopes\nAna,Kenya,x\nBen\n",
            Problem("room.csv", 3, "", "this row has 1 cells; the header has 3"),
            id="row-too-short",
        ),
        pytest.param(
            b"Name\x00,Country\nAna,Kenya\n",
            Problem(
                "room.csv",
                None,
                "",
                "this file is not a spreadsheet; save it as .xlsx (without a password) or as "
                "'CSV UTF-8'",
            ),
            id="nul-bytes",
        ),
        pytest.param(
            b"Name\n" + b"".join(b"P%d\n" % i for i in range(MAX_ROWS + 1)),
            Problem("room.csv", None, "", f"{MAX_ROWS + 1} rows; the limit is {MAX_ROWS}"),
            id="too-many-rows",
        ),
        pytest.param(
            ",".join(f"h{i}" for i in range(MAX_COLUMNS + 1)).encode()
            + b"\nx"
            + b"," * MAX_COLUMNS,
            Problem("room.csv", 1, "", f"{MAX_COLUMNS + 1} columns; the limit is {MAX_COLUMNS}"),
            id="too-many-columns",
        ),
        pytest.param(
            b"Name,Hopes\nAna," + b"x" * (MAX_CELL + 1) + b"\n",
            Problem(
                "room.csv",
                2,
                "",
                f"the cell in column B holds {MAX_CELL + 1:,} characters; the limit is 5,000",
            ),
            id="cell-too-long",
        ),
    ],
)
def test_unreadable_csv_files_are_refused_with_their_place(raw: bytes, expected: Problem) -> None:
    """Each kind of bad CSV gives one problem, at the row where one applies."""
    assert problems(raw) == [expected]


def test_the_row_limit_is_inclusive() -> None:
    """Exactly MAX_ROWS rows below the header are read."""
    raw = b"Name\n" + b"".join(b"P%d\n" % i for i in range(MAX_ROWS))
    assert len(read_sheet(raw, "room.csv").rows) == MAX_ROWS


def test_an_oversized_file_is_refused_before_reading() -> None:
    raw = b"Name\n" + b"x" * MAX_BYTES
    assert problems(raw) == [
        Problem("room.csv", None, "", f"the file is {len(raw):,} bytes; the limit is 1,000,000")
    ]


# XLSX


def test_the_microsoft_forms_export_reads_as_40_rows() -> None:
    """The Microsoft Forms fixture: its headers, 40 rows, dates and ids as text."""
    raw = (DATA / "microsoft-forms.xlsx").read_bytes()
    sheet = read_sheet(raw, "microsoft-forms.xlsx")
    assert sheet.kind == "xlsx"
    assert sheet.headers[:7] == (
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
        "Organisation name",
    )
    assert len(sheet.headers) == 12
    assert [row.number for row in sheet.rows] == list(range(2, 42))
    assert sheet.rows[0].cells[:8] == (
        "1",
        "2025-04-07 14:07:00",
        "2025-04-07 14:10:11",
        "aroha.ngata@example.net",
        "Aroha Ngata",
        "2025-04-07 14:10:11",
        "Tuatara Apps Ltd",
        "Head of Trust & Safety",
    )


def test_xlsx_cells_become_the_text_a_spreadsheet_shows() -> None:
    """Numbers, booleans, dates and times as text; the first sheet only; empty cells ''."""
    raw = workbook(
        ["Name", "Joined", "At", "Count", "Share", "Yes"],
        ["Ana", dt.date(2025, 3, 14), dt.time(9, 30), 3, 0.25, True],
        ["Ben", dt.datetime(2025, 3, 14, 0, 0), None, 2.0, None, False],
        sheets=2,
    )
    sheet = read_sheet(raw, "room.xlsx")
    assert sheet.headers == ("Name", "Joined", "At", "Count", "Share", "Yes")
    assert sheet.rows == (
        SheetRow(2, ("Ana", "2025-03-14", "09:30:00", "3", "0.25", "TRUE")),
        SheetRow(3, ("Ben", "2025-03-14", "", "2", "", "FALSE")),
    )


def test_a_formula_is_not_run() -> None:
    """A formula cell gives its cached value, which a workbook written by a program lacks:
    the cell is empty, and nothing is evaluated."""
    raw = workbook(["Name", "Sum"], ["Ana", "=1+1"])
    assert read_sheet(raw, "room.xlsx").rows == (SheetRow(2, ("Ana", "")),)


def test_xlsx_blank_rows_keep_the_numbering() -> None:
    raw = workbook([], [], ["Name", "Country"], ["Ana", "Kenya"], [], ["Ben", "UK"])
    sheet = read_sheet(raw, "room.xlsx")
    assert sheet.header_row == 3
    assert sheet.rows == (SheetRow(4, ("Ana", "Kenya")), SheetRow(6, ("Ben", "UK")))


UNREADABLE = (
    "this file is not a readable XLSX workbook; save it as .xlsx (without a password) or as "
    "'CSV UTF-8'"
)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "room.xlsx",
            "this is a password-protected workbook or an old .xls file; save it as .xlsx "
            "(without a password) or as 'CSV UTF-8'",
            id="encrypted-or-xls",
        ),
        pytest.param(b"PK\x03\x04 broken", "room.xlsx", UNREADABLE, id="damaged-zip"),
        pytest.param(_zip({"notes.txt": b"hello"}), "room.xlsx", UNREADABLE, id="other-zip"),
        pytest.param(b"Name,Country\nAna,Kenya\n", "room.xlsx", UNREADABLE, id="text-named-xlsx"),
        pytest.param(
            _zip({"huge.xml": b"\0" * (MAX_UNPACKED + 1)}),
            "room.xlsx",
            f"the workbook expands to {MAX_UNPACKED + 1:,} bytes; the limit is 30,000,000",
            id="zip-bomb",
        ),
    ],
)
def test_unreadable_workbooks_are_refused(raw: bytes, name: str, message: str) -> None:
    """Encrypted, damaged, foreign and expanding files are refused with what to do."""
    assert problems(raw, name) == [Problem(name, None, "", message)]


def test_too_many_xlsx_rows_are_refused() -> None:
    raw = workbook(["Name"], *([f"P{i}"] for i in range(MAX_ROWS + 1)))
    assert problems(raw, "room.xlsx") == [
        Problem("room.xlsx", None, "", f"more than {MAX_ROWS} rows; the limit is {MAX_ROWS}")
    ]


# Helpers


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ")]
)
def test_column_letters(index: int, letters: str) -> None:
    assert column_letter(index) == letters


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("text", "text"),
        (7, "7"),
        (5550123.0, "5550123"),
        (1.5, "1.5"),
        (False, "FALSE"),
        (dt.datetime(2025, 1, 2, 3, 4, 5, 678), "2025-01-02 03:04:05"),
        (dt.datetime(2025, 1, 2), "2025-01-02"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text
