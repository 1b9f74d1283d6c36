"""The bundled catalogue in resources/: valid, complete, and every file checked on its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from literal import RESOURCES

from bridge.catalogue.building import build_organisation, build_resource, references_ok
from bridge.catalogue.location import ORGANISATIONS_FOLDER, catalogue_files
from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.recordfiles import read_records
from bridge.catalogue.stats import site
from bridge.errors import Problem
from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy

SHARED = Path(__file__).resolve().parents[2] / "shared"
PROFILES = SHARED / "eval" / "profiles.yaml"
NEWCOMERS = Path(__file__).resolve().parents[1] / "eval" / "newcomers.yaml"
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
    """resources/ validates cleanly: every record file and organisation file is loaded."""
    files = {
        kind: sorted(p.stem for p in (RESOURCES / kind).glob("*.yaml"))
        for kind in ("records", "organisations")
    }
    loaded = {
        "records": sorted(r.id for r in bundled.resources),
        "organisations": sorted(o.id for o in bundled.organisations),
    }
    assert loaded == files


def test_bundled_catalogue_size(bundled: Catalogue) -> None:
    """At least 250 resources and 100 organisations."""
    assert (len(bundled.resources) >= 250, len(bundled.organisations) >= 100) == (True, True)


def test_bundled_catalogue_keeps_the_curators_rules(bundled: Catalogue) -> None:
    """`validate --strict` would pass: no resource without its own url, no record without a
    source url, no misspelt tag, no shared url."""
    assert [str(n) for n in read_catalogue(RESOURCES).notices] == []


def test_bundled_catalogue_links_span_the_field(bundled: Catalogue) -> None:
    """At least 90% of resources and organisations link to their own page, 95% of resources
    cite a source url, and the links span at least 25 sites."""
    resources, organisations = bundled.resources, bundled.organisations
    linked = sum(bool(r.url) for r in resources) / len(resources)
    sites = {site(r.url) for r in (*resources, *organisations) if r.url}
    cited = sum(any(s.url for s in r.sources) for r in resources) / len(resources)
    own = sum(bool(o.url) for o in organisations) / len(organisations)
    assert (linked >= 0.9, own >= 0.9, cited >= 0.95, len(sites) >= 25) == (True,) * 4


def test_every_reference_is_an_organisation(bundled: Catalogue) -> None:
    """Every resource's organisation and partners are records of the catalogue."""
    known = {o.id for o in bundled.organisations}
    used = {r.organisation for r in bundled.resources} | {
        p for r in bundled.resources for p in r.partners
    }
    assert used - known == set()


# Judged records of the shared profiles that no stored public page supports: the catalogue
# holds only what a cited page says, so these stay out until a page of theirs is found.
WITHOUT_A_PUBLIC_PAGE = {
    "CEDAR|Kindred",
    "Sextortion and Online Scams|Nexus of Sextortion",
    "Voice Up Africa",
    "children on the move|crisis",
}


def judged_patterns(path: Path) -> list[str]:
    """Every `relevant[].match` of a file of judged profiles (empty if it is absent)."""
    if not path.exists():
        return []
    profiles = yaml.safe_load(path.read_text(encoding="utf-8"))["profiles"]
    return sorted({j["match"] for p in profiles for j in p.get("relevant", [])})


def labels(bundled: Catalogue, pattern: str) -> list[str]:
    """The '<title> | <organisation name>' of every record the pattern matches."""
    found = [f"{r.title} | {bundled.organisation_name(r.organisation)}" for r in bundled.resources]
    return [label for label in found if re.search(pattern, label, re.IGNORECASE)]


@pytest.mark.parametrize("pattern", judged_patterns(NEWCOMERS))
def test_every_record_the_newcomers_must_see_is_present(bundled: Catalogue, pattern: str) -> None:
    """Each judged record of eval/newcomers.yaml matches a record of the catalogue."""
    assert labels(bundled, pattern) != []


@pytest.mark.skipif(not PROFILES.exists(), reason=f"no evaluation profiles at {PROFILES}")
@pytest.mark.parametrize("pattern", judged_patterns(PROFILES) or ["-"])
def test_every_judged_record_is_present(bundled: Catalogue, pattern: str) -> None:
    """Each judged record of shared/eval/profiles.yaml matches '<title> | <organisation name>',
    unless it is one that no public page supports (then it is absent, as it should be)."""
    assert (labels(bundled, pattern) != []) == (pattern not in WITHOUT_A_PUBLIC_PAGE)


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
