"""A room of participants from a registration export: every row read through a column
mapping, roles, harms and regions resolved or inferred, every problem named by its row and
column before anything is made.

A value given in its own column is resolved strictly (an unknown one is a problem with
suggestions); where no column gives it, the role is read from the job title and
organisation, and harms and regions from the interests and job title, each marked as
inferred. Columns of personal contact data are never read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from bridge.errors import Problem, TableError, UnknownTerm
from bridge.model import Organisation
from bridge.taxonomy import Taxonomy
from bridge.workshop.columns import FIELD_LABELS, FIELDS, ColumnMapping, guess_mapping
from bridge.workshop.inference import ProfileReader
from bridge.workshop.participants import Participant
from bridge.workshop.rows import Cells, Entry, read_entry
from bridge.workshop.spreadsheets import Sheet, read_sheet

__all__ = [
    "Cells",
    "Entry",
    "Registration",
    "guess_columns",
    "read_entry",
    "read_participants",
    "read_registration",
    "read_room",
]


@dataclass(frozen=True, slots=True)
class Registration:
    """A room as read from a file through a mapping: each row's entry and every problem."""

    file: str
    mapping: ColumnMapping
    entries: tuple[Entry, ...]
    column_problems: tuple[Problem, ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The file's problems, then each row's, leaving out rows' problems with a field
        that no column gives (said once, at the header)."""
        missing = {FIELD_LABELS[p.field] for p in self.column_problems if p.field in FIELDS}
        rows = (p for e in self.entries for p in e.problems if p.field not in missing)
        return self.column_problems + tuple(rows)

    def participants(self) -> tuple[Participant, ...]:
        """Every row as a participant, or `TableError` listing every problem."""
        if self.problems:
            raise TableError(self.problems)
        return tuple(entry.participant() for entry in self.entries)

    def edited(
        self, changes: Mapping[int, Mapping[str, str]], reader: ProfileReader
    ) -> Registration:
        """The room with the facilitator's changes (row number -> field -> text) read as
        given values; the other values of a changed row are read again from its cells."""
        entries = []
        for entry in self.entries:
            change = {f: v for f, v in changes.get(entry.row, {}).items() if f in FIELDS}
            if change:
                values = dict(entry.cells.values) | change
                cells = Cells(entry.row, tuple(values.items()), entry.cells.chosen | set(change))
                entry = read_entry(cells, self.mapping, reader, self.file)
            entries.append(entry)
        return replace(self, entries=tuple(entries))


def guess_columns(sheet: Sheet, reader: ProfileReader) -> ColumnMapping:
    """The mapping guessed from the headers, checked against the cells: a "Role" column
    that holds job titles is read as the job title, and the other way round."""
    mapping = guess_mapping(sheet.headers)
    role, title = mapping.columns("role"), mapping.columns("job_title")
    if role and not title and not _mostly_roles(sheet, role[0], reader):
        return mapping.with_columns({"job_title": role, "role": ()})
    if title and not role and _mostly_roles(sheet, title[0], reader):
        return mapping.with_columns({"role": title, "job_title": ()})
    return mapping


def _mostly_roles(sheet: Sheet, header: str, reader: ProfileReader) -> bool:
    column = sheet.column(header)
    cells = [row.cells[column] for row in sheet.rows if row.cells[column].strip()]
    roles = reader.taxonomy.roles
    known = sum(1 for cell in cells if _resolves(roles.resolve, cell))
    return bool(cells) and known * 2 >= len(cells)


def _resolves(resolve: Callable[[str], str], value: str) -> bool:
    try:
        resolve(value)
    except UnknownTerm:
        return False
    return True


def read_registration(sheet: Sheet, mapping: ColumnMapping, reader: ProfileReader) -> Registration:
    """Every row of the sheet read through the mapping (no row is dropped; each one's
    problems are kept with it)."""
    entries = tuple(
        read_entry(_cells(sheet, row.number, row.cells, mapping), mapping, reader, sheet.file)
        for row in sheet.rows
    )
    return Registration(sheet.file, mapping, entries, _column_problems(sheet, mapping))


def read_participants(
    raw: bytes,
    file: str,
    taxonomy: Taxonomy,
    *,
    organisations: Iterable[Organisation] = (),
    columns: Mapping[str, Sequence[str]] | None = None,
) -> tuple[Participant, ...]:
    """The participants of a CSV or XLSX file, columns guessed (and `columns` chosen), or
    `TableError` listing every problem with its row and column."""
    return read_room(raw, file, taxonomy, organisations=organisations, columns=columns)[
        1
    ].participants()


def read_room(
    raw: bytes,
    file: str,
    taxonomy: Taxonomy,
    *,
    organisations: Iterable[Organisation] = (),
    columns: Mapping[str, Sequence[str]] | None = None,
) -> tuple[ProfileReader, Registration]:
    """The file read as a room: the reader it was read with, and the registration."""
    sheet = read_sheet(raw, file)
    reader = ProfileReader.build(taxonomy, organisations)
    mapping = guess_columns(sheet, reader).with_columns(columns or {})
    return reader, read_registration(sheet, mapping, reader)


def _cells(sheet: Sheet, row: int, cells: Sequence[str], mapping: ColumnMapping) -> Cells:
    values = []
    for name in FIELDS:
        parts = [cells[sheet.column(h)].strip().strip(";").strip() for h in mapping.columns(name)]
        values.append((name, mapping.joiner(name).join(p for p in parts if p)))
    return Cells(row, tuple(values))


_TWICE = "this column appears more than once; rename one of them"


def _column_problems(sheet: Sheet, mapping: ColumnMapping) -> tuple[Problem, ...]:
    """Fields no column can give: names, and a role with nothing to read it from."""
    problems = []
    for header in dict.fromkeys(h for h in sheet.headers if sheet.headers.count(h) > 1):
        if any(headers for _, headers in guess_mapping((header,)).fields):
            problems.append(Problem(sheet.file, sheet.header_row, header, _TWICE))
    if not mapping.columns("name"):
        message = "this column is missing; no header reads as the participants' names"
        problems.append(Problem(sheet.file, sheet.header_row, "name", message))
    if not any(mapping.columns(f) for f in ("role", "job_title", "organisation")):
        message = "this column is missing; add a role column, or a job title or organisation"
        problems.append(Problem(sheet.file, sheet.header_row, "role", message + " to read it from"))
    return tuple(problems)
