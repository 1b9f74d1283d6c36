"""A room of participants from a registration export: every row read through a column
mapping, roles, harms and regions resolved or inferred, every problem named by its row and
column before anything is made.

A value given in its own column is resolved strictly (an unknown one is a problem with
suggestions); where no column gives it, the role is read from the job title and
organisation, and harms and regions from the interests and job title, each marked as
inferred. Columns of personal contact data are never read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bridge.errors import Problem, TableError, UnknownTerm
from bridge.model import Organisation
from bridge.taxonomy import Taxonomy
from bridge.workshop.columns import FIELD_LABELS, FIELDS, ColumnMapping, guess_mapping
from bridge.workshop.inference import ProfileReader, Reading, quoted
from bridge.workshop.participants import MAX_INTERESTS, MAX_NAME, MAX_TEXT, Participant
from bridge.workshop.spreadsheets import Sheet, read_sheet

BLANKS = frozenset({"n/a", "n.a.", "none", "-", "--", "—", ".", "not applicable", "other"})
BLANKS |= {"prefer not to say"}
_LIMITS = {"name": MAX_NAME, "organisation": MAX_TEXT, "job_title": MAX_TEXT}
_LIMITS |= {"interests": MAX_INTERESTS}


@dataclass(frozen=True, slots=True)
class Cells:
    """A row's text for each field, read from its columns or typed by the facilitator
    (`chosen`: those fields are taken as given, nothing inferred for them)."""

    row: int
    values: tuple[tuple[str, str], ...]
    chosen: frozenset[str] = frozenset()

    def text(self, field: str) -> str:
        return dict(self.values).get(field, "")


@dataclass(frozen=True, slots=True)
class Entry:
    """One row as read: the person, their profile with where each value came from, and
    the row's problems (none: it becomes a participant)."""

    cells: Cells
    name: str
    organisation: str
    job_title: str
    role: Reading | None
    harms: tuple[Reading, ...]
    regions: tuple[Reading, ...]
    interests: str
    problems: tuple[Problem, ...] = ()

    @property
    def row(self) -> int:
        return self.cells.row

    @property
    def inferred(self) -> tuple[tuple[str, Reading], ...]:
        """Each inferred value with its field, in field order."""
        readings: list[tuple[str, Reading]] = [("role", self.role)] if self.role else []
        readings += [("harms", r) for r in self.harms] + [("regions", r) for r in self.regions]
        return tuple((name, r) for name, r in readings if r.inferred)

    def participant(self) -> Participant:
        """The participant this row describes (its problems must be resolved first)."""
        if self.role is None or self.problems:
            raise TableError(self.problems)
        return Participant(
            self.row,
            self.name,
            self.role.value,
            tuple(r.value for r in self.harms),
            tuple(r.value for r in self.regions),
            self.interests,
            self.organisation,
            self.job_title,
        )


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


_TWICE = "this column appears more than once; rename one of them"


def read_entry(cells: Cells, mapping: ColumnMapping, reader: ProfileReader, file: str) -> Entry:
    """One row's entry: texts trimmed and checked, the role, harms and regions resolved or
    inferred, each problem placed at the row and the column it comes from."""
    return _RowReader(cells, mapping, reader, file).entry()


@dataclass(frozen=True, slots=True)
class _RowReader:
    """Reads one row, collecting its problems in the order of the fields."""

    cells: Cells
    mapping: ColumnMapping
    reader: ProfileReader
    file: str
    problems: list[Problem] = field(default_factory=list)

    def entry(self) -> Entry:
        text = {f: _tidy(self.cells.text(f), f) for f in FIELDS}
        if not text["name"]:
            self.problem("name", "a name is required")
        for name in ("name", "organisation", "job_title"):
            self.check_length(name, text[name])
        role = self.role(text)
        harms = self.facet("harms", text)
        regions = self.facet("regions", text)
        self.check_length("interests", text["interests"])
        return Entry(
            self.cells,
            text["name"],
            text["organisation"],
            text["job_title"],
            role,
            harms,
            regions,
            text["interests"],
            tuple(self.problems),
        )

    def column(self, name: str) -> str:
        """The column a field's problem is named by: its header, or the field's label when
        the facilitator typed the value or no column gives it."""
        headers = self.mapping.columns(name)
        chosen = name in self.cells.chosen
        return headers[0] if headers and not chosen else FIELD_LABELS[name]

    def problem(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.cells.row, self.column(name), message))

    def check_length(self, name: str, value: str) -> None:
        if len(value) > _LIMITS[name]:
            self.problem(name, f"longer than {_LIMITS[name]} characters")

    def role(self, text: Mapping[str, str]) -> Reading | None:
        given = text["role"]
        found = self.reader.role(given, text["job_title"], text["organisation"])
        if found is not None:
            return replace(found, inferred=False) if "role" in self.cells.chosen else found
        if given:
            try:
                self.reader.taxonomy.roles.resolve(given)
            except UnknownTerm as error:
                self.problem("role", str(error))
            return None
        sources = [f for f in ("job_title", "organisation") if text[f]]
        if not sources:
            mapped = [f for f in ("job_title", "organisation") if self.mapping.columns(f)]
            where = "role" if self.mapping.columns("role") or not mapped else mapped[0]
            self.problem(where, "a role is required")
            return None
        what = " at ".join(quoted(text[f]) for f in sources)
        where = "role" if self.mapping.columns("role") else sources[0]
        self.problem(where, f"cannot tell the role from {what}; add a role column or choose one")
        return None

    def facet(self, name: str, text: Mapping[str, str]) -> tuple[Reading, ...]:
        """Harms or regions: those the field's cell names, else those the interests and
        job title name (inferred)."""
        given = text[name]
        chosen = name in self.cells.chosen
        if not given:
            if chosen:
                return ()
            sources = (("interests", text["interests"]), ("job title", text["job_title"]))
            return self._found(name, sources)
        readings = self._values(name, given, chosen)
        unique: dict[str, Reading] = {}
        for reading in readings:
            unique.setdefault(reading.value, reading)
        return tuple(unique.values())

    def _values(self, name: str, cell: str, chosen: bool) -> list[Reading]:
        """A cell's values: the whole cell when it names one, else its `;`-separated parts,
        else its `,`-separated parts, else the names found among its words (inferred)."""
        try:
            return [Reading(getattr(self.reader.taxonomy, name).resolve(cell))]
        except UnknownTerm as error:
            unknown = error
        for separator in (";", ","):
            if separator in cell:
                parts = (p.strip() for p in cell.split(separator))
                kept = [p for p in parts if p and p.casefold() not in BLANKS]
                return [r for part in kept for r in self._values(name, part, chosen)]
        found = self._found(name, ((self.column(name), cell),))
        if not found:
            self.problem(name, str(unknown))
        return [replace(r, inferred=not chosen) for r in found]

    def _found(self, name: str, sources: Sequence[tuple[str, str]]) -> tuple[Reading, ...]:
        if name == "harms":
            return self.reader.harms(sources)
        return self.reader.regions(sources)


def _tidy(value: str, name: str) -> str:
    """A cell as read: spaces collapsed (interests keep their lines), `;` lists spaced, and
    cells that say nothing ("N/A", "-") empty."""
    if name == "interests":
        value = re.sub(r"[ \t]*;[ \t]*", "; ", value.strip()).strip("; ")
    else:
        value = " ".join(value.split())
    return "" if value.casefold() in BLANKS else value
