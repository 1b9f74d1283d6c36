"""Spreadsheet rows to validated records: every row checked, every problem named by row."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from bridge.catalogue.building import build_resource, references_ok, unique_records
from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.record_yaml import resource_yaml
from bridge.catalogue.recordfiles import read_records
from bridge.catalogue.writing import publish
from bridge.cells import restore_cell
from bridge.errors import CatalogueError, Problem
from bridge.model import Catalogue, Resource


def import_table(
    path: Path, catalogue: Catalogue, *, taken: Mapping[str, str] | None = None
) -> tuple[Resource, ...]:
    """The rows of a CSV table as records, or `CatalogueError` naming every bad row.

    `taken` maps ids already used where the records will go to the file that uses them."""
    name = str(path)
    if path.suffix.lower() != ".csv":
        raise CatalogueError((Problem(name, None, "", "the import file must be a .csv table"),))
    raws, unreadable = read_records(path, name)
    if unreadable:
        raise CatalogueError(tuple(unreadable))
    if not raws:
        raise CatalogueError((Problem(name, None, "", "the table has no rows"),))
    problems: list[Problem] = []
    restored = [replace(raw, data=_restored(raw.data)) for raw in raws]
    built = unique_records(restored, catalogue.taxonomy, build_resource, problems)
    known = {o.id for o in catalogue.organisations}
    referenced = {id(raw) for raw in restored if references_ok(raw, known, problems)}
    resources = [r for r, raw in built if id(raw) in referenced]
    for resource, raw in built:
        if taken and resource.id in taken:
            message = f"id {resource.id!r} is already used by {taken[resource.id]}"
            problems.append(Problem(name, raw.line, "id", message))
    if problems:
        raise CatalogueError(tuple(sorted(problems, key=lambda p: (p.line or 0, p.field))))
    return tuple(replace(r, origin="") for r in resources)


def _restored(data: object) -> object:
    """Every text in a row as it was before an export neutralised it as a formula."""
    if isinstance(data, str):
        return restore_cell(data)
    if isinstance(data, list):
        return [_restored(v) for v in data]
    if isinstance(data, dict):
        return {k: _restored(v) for k, v in data.items()}
    return data


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import wrote, and what it cleaned up of an import killed before it."""

    written: tuple[Path, ...]
    rolled_back: tuple[Path, ...]


def import_into(
    table: Path, out: Path, root: Path, *, progress: Callable[[int, int], None] | None = None
) -> Imported:
    """The rows of `table` written as YAML files into `out`, all visible at once or none;
    `progress(done, total)` hears of each file written.

    Inside the catalogue in `root` the catalogue's lock is held and the ids are checked
    again under it, so a record another writer added meanwhile is never overwritten; two
    imports at once: one is written whole, the other refused whole.
    """
    inside = out.resolve().is_relative_to(root.resolve())
    catalogue = read_catalogue(root).catalogue
    taken = {r.id: r.origin for r in catalogue.resources} if inside else None
    resources = import_table(table, catalogue, taken=taken)
    files = {out / f"{r.id}.yaml": resource_yaml(r) for r in resources}

    def ids_still_free() -> None:
        if inside:
            import_table(table, read_catalogue(root).catalogue, taken=_taken(root))

    written, rolled_back = publish(
        root if inside else out, files, check=ids_still_free, progress=progress
    )
    return Imported(written, rolled_back)


def _taken(root: Path) -> dict[str, str]:
    return {r.id: r.origin for r in read_catalogue(root).catalogue.resources}
