"""The one error root of bridge, and the place-named problem it reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the input, named by its place: file, line and field."""

    file: str
    line: int | None
    field: str
    message: str

    def relative_to(self, root: str) -> Problem:
        """The problem with its file, and any path in its message, named from `root` (a
        visitor sees no server paths)."""
        prefix = root.rstrip("/") + "/"
        file = self.file[len(prefix) :] if self.file.startswith(prefix) else self.file
        return Problem(file, self.line, self.field, self.message.replace(prefix, ""))

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )


class BridgeError(Exception):
    """An expected, user-facing error; the CLI and the app turn it into a message."""


class ProblemsFound(BridgeError):
    """Input with problems, every one of them listed with its place."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class CatalogueError(ProblemsFound):
    """The catalogue (or an import table of records) holds problems."""


class TableError(ProblemsFound):
    """A participants table holds problems; each names its row and column."""


class OutputExists(ProblemsFound):
    """An output would overwrite files or a folder that exist; nothing was written."""


class UnknownTerm(BridgeError):
    """A value that is not in a vocabulary, with the closest known values."""

    def __init__(self, facet: str, value: str, suggestions: tuple[str, ...]) -> None:
        self.facet = facet
        self.value = value
        self.suggestions = suggestions
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"{value!r} is not a known {facet}{hint}")


class WriteConflict(BridgeError):
    """Someone else holds the catalogue or output for writing; try again shortly."""


class RecordExists(BridgeError):
    """A record with this id is already in the catalogue; a save never overwrites one."""

    def __init__(self, record_id: str) -> None:
        self.record_id = record_id
        super().__init__(f"refused: a record with id {record_id!r} already exists")


class SaveFailed(BridgeError):
    """The file system refused the write (disk full, read-only folder); nothing was written."""


SKIPPED = "skipped the records above; `bridge validate` lists every problem"


def load_warnings(problems: Iterable[Problem]) -> tuple[str, ...]:
    """What a user of the catalogue is told about records that were skipped: each problem,
    then how to see them all."""
    found = tuple(str(p) for p in problems)
    return (*found, SKIPPED) if found else ()
