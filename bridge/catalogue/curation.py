"""Adding one resource to the catalogue: checked as `bridge validate` checks a file, and
saved as its own YAML file, whole or not at all, under the catalogue's lock.

A save never overwrites: a record whose id is taken anywhere in the catalogue is refused; a
failure part-way leaves the catalogue as it was, with no temporary file behind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bridge.catalogue.building import build_resource, references_ok
from bridge.catalogue.location import record_files
from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.record_yaml import resource_yaml
from bridge.catalogue.recordfiles import RawRecord
from bridge.catalogue.schema import SLUG
from bridge.catalogue.writing import publish
from bridge.catalogue.yamlfile import parse_yaml
from bridge.errors import (
    CatalogueError,
    Problem,
    RecordExists,
)
from bridge.model import Catalogue, Resource

RECORDS_FOLDER = "records"


def check_record(
    data: dict[str, Any], catalogue: Catalogue, *, file: str = "new record"
) -> tuple[Resource | None, tuple[Problem, ...]]:
    """The record `data` describes, checked as `bridge validate` checks a file: shape,
    vocabularies, organisation references, and an id not taken in `catalogue`. The resource
    when there is no problem, else None; each problem names its field."""
    raw = RawRecord(file, data, lambda _path: None)
    problems: list[Problem] = []
    resource = build_resource(raw, catalogue.taxonomy, problems)
    references_ok(raw, {o.id for o in catalogue.organisations}, problems)
    record_id = data.get("id")
    existing = next((r for r in catalogue.resources if r.id == record_id), None)
    if existing is not None:
        where = f" ({existing.origin})" if existing.origin else ""
        message = f"a record with id {record_id!r} already exists{where}; choose another id"
        problems.append(Problem(file, None, "id", message))
    return (None if problems else resource), tuple(problems)


def save_record(resource: Resource, folder: str | Path, *, lock_timeout: float = 2.0) -> Path:
    """Write the resource to `<folder>/records/<id>.yaml` and return that path.

    Under the catalogue's lock the catalogue is read again, so the record is refused
    (`RecordExists`) if its id was taken meanwhile and rejected (`CatalogueError`) if it no
    longer validates; the file appears whole or not at all. A lock held elsewhere raises
    `WriteConflict`; a file-system failure raises `SaveFailed`.
    """
    if not re.fullmatch(SLUG, resource.id):
        raise CatalogueError((Problem("new record", None, "id", f"{resource.id!r} is not an id"),))
    root = Path(folder)
    target = root / RECORDS_FOLDER / f"{resource.id}.yaml"
    text = resource_yaml(resource)
    if target.exists() or _file_named(root, resource.id):
        raise RecordExists(resource.id)
    publish(
        root,
        {target: text},
        check=lambda: _refuse_unless_new_and_valid(text, target, root),
        lock_timeout=lock_timeout,
    )
    return target


def _refuse_unless_new_and_valid(text: str, target: Path, root: Path) -> None:
    """Raise unless the id is free in the catalogue as it is on disk now and the text, read
    back as the file it will be, is a valid record there."""
    report = read_catalogue(root)
    record_id = target.stem
    if any(r.id == record_id for r in report.catalogue.resources) or _file_named(root, record_id):
        raise RecordExists(record_id)
    document = parse_yaml(text.encode("utf-8"), str(target))
    if isinstance(document, Problem):
        raise CatalogueError((document,))
    raw = RawRecord(document.name, document.data, document.line_of, document.source_text)
    problems: list[Problem] = []
    build_resource(raw, report.catalogue.taxonomy, problems)
    references_ok(raw, {o.id for o in report.catalogue.organisations}, problems)
    if problems:
        raise CatalogueError(tuple(problems))


def _file_named(root: Path, record_id: str) -> bool:
    """Whether any resource file already carries this name (valid or not, so a broken
    record is never overwritten or shadowed)."""
    for name in (f"{record_id}.yaml", f"{record_id}.yml"):
        if (root / RECORDS_FOLDER / name).exists():
            return True
    _, resources = record_files(root)
    return any(path.stem == record_id and path.suffix in (".yaml", ".yml") for path in resources)


FORM_LISTS = ("partners", "roles", "harms", "regions", "evidence")


def record_from_form(values: Mapping[str, object], *, today: dt.date) -> dict[str, Any]:
    """The record a form's values describe, ready for `check_record`: text stripped, empty
    optional fields left out, languages split at commas or spaces, outcomes one per line,
    and source pages one per line as `URL | title` (read `today`)."""
    data: dict[str, Any] = {}
    for name in ("id", "kind", "title", "summary", "organisation", "url", "pillar"):
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            data[name] = value.strip()
    year = values.get("year")
    if isinstance(year, int | float) and not isinstance(year, bool):
        data["year"] = int(year)
    languages = _split(values.get("languages"), r"[,;\s]+")
    outcomes = _split(values.get("outcomes"), r"\n")
    data |= {k: v for k, v in (("languages", languages), ("outcomes", outcomes)) if v}
    for name in FORM_LISTS:
        chosen = values.get(name)
        data[name] = [str(v) for v in chosen] if isinstance(chosen, list | tuple) else []
    for name in ("partners", "evidence"):
        if not data[name]:
            del data[name]
    data["sources"] = [
        {"url": url, "title": title or url, "accessed": today.isoformat()}
        for url, title in _source_lines(values.get("sources"))
    ]
    return data


def _split(value: object, separator: str) -> list[str]:
    text = value if isinstance(value, str) else ""
    return [part.strip() for part in re.split(separator, text) if part.strip()]


def _source_lines(value: object) -> list[tuple[str, str]]:
    """'https://... | A page title' lines as (url, title); a line without '|' is a URL."""
    found = []
    for line in _split(value, r"\n"):
        url, _, title = line.partition("|")
        found.append((url.strip(), title.strip()))
    return found
