"""One row of a registration export as read: each field's text, the role, harms and regions
resolved where a column gives them and inferred where none does, and the row's problems,
each named by its spreadsheet row and the column's header."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from bridge.errors import Problem, TableError, UnknownTerm
from bridge.workshop.columns import FIELD_LABELS, FIELDS, ColumnMapping
from bridge.workshop.inference import ProfileReader, Reading, quoted
from bridge.workshop.participants import MAX_INTERESTS, MAX_NAME, MAX_TEXT, Participant

BLANKS = frozenset(
    {"n/a", "n.a.", "none", "-", "--", "—", ".", "not applicable", "other", "prefer not to say"}
)
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
