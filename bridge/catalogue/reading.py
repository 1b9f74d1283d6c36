"""The only reader of the catalogue folder: every record validated, every problem placed.

`read_catalogue` returns the valid records and the problems of the others; `validate`
and the loaders of the app and CLI decide what to do with the problems. A large catalogue
read for searching is split by file between this process and a helper (see `helper`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bridge.catalogue import helper
from bridge.catalogue.building import (
    ResourcePart,
    clashing_ids,
    organisations_of,
    read_part,
)
from bridge.catalogue.location import (
    TAXONOMY_FOLDER,
    default_catalogue_dir,
    record_files,
)
from bridge.catalogue.rules import curation_notices
from bridge.catalogue.taxonomy_files import load_taxonomy
from bridge.errors import CatalogueError, Problem, load_warnings
from bridge.garbage import collector_paused
from bridge.model import Catalogue, Resource

log = logging.getLogger("bridge")


@dataclass(frozen=True, slots=True)
class LoadReport:
    """The catalogue of every valid record, and the problems of the rest."""

    catalogue: Catalogue
    problems: tuple[Problem, ...]
    notices: tuple[Problem, ...] = ()  # the curator's rules broken by valid records


def load_catalogue(folder: str | Path | None = None) -> Catalogue:
    """Load a catalogue for use: invalid records are skipped with a warning (logged)."""
    report = read_catalogue(folder)
    for warning in load_warnings(report.problems):
        log.warning("%s", warning)
    return report.catalogue


def read_catalogue(folder: str | Path | None = None, *, notices: bool = True) -> LoadReport:
    """Read and validate every file; a broken taxonomy raises `CatalogueError`. The
    curator's notices are looked for unless `notices` is False (a search needs none)."""
    root = Path(folder) if folder is not None else default_catalogue_dir()
    if not root.is_dir():
        raise CatalogueError((Problem(str(root), None, "", "no such catalogue folder"),))
    with collector_paused():
        return _read(root, notices)


def _read(root: Path, with_notices: bool) -> LoadReport:
    taxonomy = load_taxonomy(root / TAXONOMY_FOLDER)
    organisation_files, resource_files = record_files(root)
    mine, theirs = (resource_files, []) if with_notices else helper.shares(resource_files)
    started = helper.start(root, theirs) if theirs else None
    problems: list[Problem] = []
    try:
        organisations = organisations_of(organisation_files, taxonomy, problems)
        organisation_ids = {o.id for o, _ in organisations}
        part, raws = read_part(mine, taxonomy, organisation_ids)
        done = started.result() if started is not None else None
    finally:
        if started is not None:
            started.close()  # stopped, if this process was interrupted
    parts = [part]
    if theirs:
        parts.append(done if done is not None else read_part(theirs, taxonomy, organisation_ids)[0])
    resources, kept = _unique_and_referenced(parts, problems)
    catalogue = Catalogue(resources, tuple(o for o, _ in organisations), taxonomy)
    notices = (
        curation_notices(
            [(r, raw) for r, raw, ok in zip(part.resources, raws, kept, strict=True) if ok],
            organisations,
            taxonomy,
        )
        if with_notices
        else ()
    )
    return LoadReport(
        catalogue,
        tuple(sorted(problems, key=_problem_order)),
        tuple(sorted(notices, key=_problem_order)),
    )


def _unique_and_referenced(
    parts: list[ResourcePart], problems: list[Problem]
) -> tuple[tuple[Resource, ...], list[bool]]:
    """The resources of the parts, in order, whose ids no other has and whose organisations
    exist, and whether each was kept; every problem of the parts added, those of clashing
    ids after the parts' own and before those of organisations, as a whole read finds them."""
    resources = [r for part in parts for r in part.resources]
    lines = [n for part in parts for n in part.id_lines]
    for part in parts:
        problems += part.problems
    twice = clashing_ids(
        [r.id for r in resources], lambda at: (resources[at].origin, lines[at]), problems
    )
    for part in parts:
        problems += part.reference_problems
    referenced = [ok for part in parts for ok in part.referenced]
    kept = [ok and r.id not in twice for r, ok in zip(resources, referenced, strict=True)]
    return tuple(r for r, ok in zip(resources, kept, strict=True) if ok), kept


def _problem_order(problem: Problem) -> tuple[str, int]:
    return problem.file, problem.line or 0
