"""The bundled catalogue in resources/: valid, complete, and every file checked on its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from literal import RESOURCES

from bridge.catalogue.location import catalogue_files
from bridge.catalogue.reading import (
    ORGANISATIONS_FOLDER,
    build_organisation,
    build_resource,
    read_catalogue,
    references_ok,
)
from bridge.catalogue.recordfiles import read_records
from bridge.errors import Problem
from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy

SHARED = Path(__file__).resolve().parents[2] / "shared"
PROFILES = SHARED / "eval" / "profiles.yaml"
RECORD_FILES = catalogue_files(RESOURCES)
ORGANISATION_IDS = {
    p.stem for p in RECORD_FILES if p.relative_to(RESOURCES).parts[0] == ORGANISATIONS_FOLDER
}


@pytest.fixture(scope="module")
def bundled() -> Catalogue:
    """The bundled catalogue, which must load without a single problem."""
    report = read_catalogue(RESOURCES)
    assert [str(p) for p in report.problems] == []
    return report.catalogue


def test_bundled_catalogue_has_no_problems(bundled: Catalogue) -> None:
    """resources/ validates cleanly."""
    assert bundled.resources


def test_bundled_catalogue_size(bundled: Catalogue) -> None:
    """At least 70 resources and 50 organisations."""
    assert (len(bundled.resources) >= 70, len(bundled.organisations) >= 50) == (True, True)


def test_every_reference_is_an_organisation(bundled: Catalogue) -> None:
    """Every resource's organisation and partners are records of the catalogue."""
    known = {o.id for o in bundled.organisations}
    used = {r.organisation for r in bundled.resources} | {
        p for r in bundled.resources for p in r.partners
    }
    assert used - known == set()


def judged_patterns() -> list[str]:
    """Every `relevant[].match` of the evaluation profiles (empty if shared/ is absent)."""
    if not PROFILES.exists():
        return []
    profiles = yaml.safe_load(PROFILES.read_text(encoding="utf-8"))["profiles"]
    return sorted({j["match"] for p in profiles for j in p.get("relevant", [])})


@pytest.mark.skipif(not PROFILES.exists(), reason=f"no evaluation profiles at {PROFILES}")
@pytest.mark.parametrize("pattern", judged_patterns() or ["-"])
def test_every_judged_record_is_present(bundled: Catalogue, pattern: str) -> None:
    """Each judged record of shared/eval/profiles.yaml matches '<title> | <organisation name>'."""
    labels = [f"{r.title} | {bundled.organisation_name(r.organisation)}" for r in bundled.resources]
    assert [label for label in labels if re.search(pattern, label, re.IGNORECASE)] != []


def test_record_files_are_found() -> None:
    """Every YAML file under records/ and organisations/ is among the files checked below."""
    yaml_files = sorted(RESOURCES.glob("records/*.yaml")) + sorted(
        RESOURCES.glob("organisations/*.yaml")
    )
    assert set(yaml_files) <= set(RECORD_FILES)


def file_problems(path: Path, taxonomy: Taxonomy) -> list[str]:
    """The problems of one catalogue file checked on its own against the real taxonomy."""
    raws, unreadable = read_records(path, str(path))
    problems: list[Problem] = list(unreadable)
    is_organisation = path.relative_to(RESOURCES).parts[0] == ORGANISATIONS_FOLDER
    for raw in raws:
        if is_organisation:
            build_organisation(raw, taxonomy, problems)
        else:
            build_resource(raw, taxonomy, problems)
            references_ok(raw, ORGANISATION_IDS, problems)
    return [str(p) for p in problems]


@pytest.mark.parametrize(
    "path", RECORD_FILES, ids=[p.relative_to(RESOURCES).as_posix() for p in RECORD_FILES]
)
def test_catalogue_file_is_valid(path: Path, taxonomy: Taxonomy) -> None:
    """This catalogue file validates on its own, its organisation references included."""
    assert file_problems(path, taxonomy) == []
