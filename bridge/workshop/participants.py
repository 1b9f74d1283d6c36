"""A workshop's participants from a spreadsheet: every row checked before anything is made.

Problems name the row as a spreadsheet shows it (the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process

from bridge.catalogue.recordfiles import read_csv_rows
from bridge.errors import Problem, TableError, UnknownTerm
from bridge.model import Query
from bridge.taxonomy import Taxonomy

COLUMNS = ("name", "role", "harms", "regions", "interests")
REQUIRED = ("name", "role")
MAX_BYTES = 1_000_000
MAX_PARTICIPANTS = 300
MAX_NAME = 100
MAX_INTERESTS = 2000
TEMPLATE = (
    "name,role,harms,regions,interests\r\n"
    "Ada Example,researcher,sextortion,Philippines,link between scam call centres and extortion\r\n"
    "Ben Example,helpline,,Kenya; Africa,strengthen child helplines to respond to online abuse\r\n"
)


@dataclass(frozen=True, slots=True)
class Participant:
    """One person in the room: their row, name and profile (values resolved)."""

    row: int
    name: str
    role: str
    harms: tuple[str, ...]
    regions: tuple[str, ...]
    interests: str

    @property
    def query(self) -> Query:
        return Query(text=self.interests, role=self.role, harms=self.harms, regions=self.regions)


def read_participants(raw: bytes, name: str, taxonomy: Taxonomy) -> tuple[Participant, ...]:
    """Every row as a participant, or `TableError` listing every bad row and column."""
    if len(raw) > MAX_BYTES:
        raise _error(name, None, "", f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _error(name, None, "", "the file is not UTF-8 text; save it as 'CSV UTF-8'") from None
    if not text.strip():
        raise _error(
            name, 1, "", f"the file is empty; the first row names the columns: {', '.join(COLUMNS)}"
        )
    rows = read_csv_rows(text, name)
    if isinstance(rows, Problem):
        raise TableError((rows,))
    problems = _column_problems(text, name)
    if problems:
        raise TableError(tuple(problems))
    if not rows:
        raise _error(name, 2, "", "there are no participants below the header")
    if len(rows) > MAX_PARTICIPANTS:
        raise _error(name, None, "", f"{len(rows)} rows; the limit is {MAX_PARTICIPANTS}")
    participants = []
    for raw_row in rows:
        row = raw_row.line or 0
        participant = _participant(raw_row.data, row, name, taxonomy, problems)
        if participant is not None:
            participants.append(participant)
    if problems:
        raise TableError(tuple(problems))
    return tuple(participants)


def _error(name: str, row: int | None, column: str, message: str) -> TableError:
    return TableError((Problem(name, row, column, message),))


def _column_problems(text: str, name: str) -> list[Problem]:
    first = next(csv.reader(io.StringIO(text)), [])
    header = [c.strip().lower() for c in first]
    problems = []
    for column in sorted({c for c in header if header.count(c) > 1}):
        problems.append(Problem(name, 1, column, "this column appears more than once"))
    for column in header:
        if column and column not in COLUMNS:
            close = process.extractOne(column, COLUMNS, score_cutoff=70)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else f"; the columns are {', '.join(COLUMNS)}"
            )
            problems.append(Problem(name, 1, column, f"unknown column{hint}"))
    for column in REQUIRED:
        if column not in header:
            problems.append(Problem(name, 1, column, "this column is missing"))
    return problems


def _participant(
    data: dict[str, object], row: int, name: str, taxonomy: Taxonomy, problems: list[Problem]
) -> Participant | None:
    data = {k.strip().lower(): v for k, v in data.items()}
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(name, row, column, message))

    person = str(data.get("name", "")).strip()
    if not person:
        problem("name", "a name is required")
    elif len(person) > MAX_NAME:
        problem("name", f"longer than {MAX_NAME} characters")
    role = None
    if not data.get("role"):
        problem("role", "a role is required")
    else:
        try:
            role = taxonomy.roles.resolve(str(data["role"]))
        except UnknownTerm as error:
            problem("role", str(error))
    harms = _resolved(data.get("harms"), taxonomy.harms.resolve, "harms", problem)
    regions = _resolved(data.get("regions"), taxonomy.regions.resolve, "regions", problem)
    interests = str(data.get("interests", "")).strip()
    if len(interests) > MAX_INTERESTS:
        problem("interests", f"longer than {MAX_INTERESTS} characters")
    if len(problems) > before or role is None:
        return None
    return Participant(row, person, role, harms, regions, interests)


def _resolved(
    cell: object,
    resolve: Callable[[str], str],
    column: str,
    problem: Callable[[str, str], None],
) -> tuple[str, ...]:
    values = cell if isinstance(cell, list) else ([str(cell)] if cell else [])
    found = []
    for value in values:
        try:
            found.append(resolve(str(value)))
        except UnknownTerm as error:
            problem(column, str(error))
    return tuple(dict.fromkeys(found))
