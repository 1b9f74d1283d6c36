"""Spreadsheet rows to validated records: every row checked, every problem named by row."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bridge.catalogue import build_resource, references_ok, unique_records
from bridge.errors import CatalogueError, Problem
from bridge.exports import restore_cell
from bridge.model import Catalogue, Resource
from bridge.tables import read_records


def import_table(path: Path, catalogue: Catalogue) -> tuple[Resource, ...]:
    """The rows of a CSV table as records, or `CatalogueError` naming every bad row."""
    name = str(path)
    if path.suffix.lower() != ".csv":
        raise CatalogueError((Problem(name, None, "", "the import file must be a .csv table"),))
    raws = read_records(path, name)
    if isinstance(raws, Problem):
        raise CatalogueError((raws,))
    if not raws:
        raise CatalogueError((Problem(name, None, "", "the table has no rows"),))
    problems: list[Problem] = []
    restored = [replace(raw, data=_restored(raw.data)) for raw in raws]
    built = unique_records(restored, catalogue.taxonomy, build_resource, problems)
    known = {o.id for o in catalogue.organisations}
    resources = [r for r, raw in built if references_ok(r, raw, known, problems)]
    if problems:
        raise CatalogueError(tuple(sorted(problems, key=lambda p: (p.line or 0, p.field))))
    return tuple(replace(r, origin="") for r in resources)


def _restored(data: object) -> object:
    if not isinstance(data, dict):
        return data
    return {
        k: [restore_cell(v) for v in value] if isinstance(value, list) else restore_cell(value)
        for k, value in data.items()
    }
