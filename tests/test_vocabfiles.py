"""bridge/vocabfiles.py: a broken taxonomy folder raises CatalogueError naming each place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from literal import TAXONOMY

from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.taxonomy_files import load_taxonomy
from bridge.errors import CatalogueError, Problem


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the real taxonomy folder to break."""
    return shutil.copytree(TAXONOMY, tmp_path / "taxonomy")


def problems_of(folder: Path) -> tuple[Problem, ...]:
    """The problems load_taxonomy raises for `folder`."""
    with pytest.raises(CatalogueError) as caught:
        load_taxonomy(folder)
    return caught.value.problems


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must occur) with `new` in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_real_taxonomy_loads(folder: Path) -> None:
    """The copied taxonomy loads without problems."""
    assert load_taxonomy(folder).harms.facet == "harm"


def test_missing_fixed_id(folder: Path) -> None:
    """A vocabulary file missing one of the contract's ids says which."""
    edit(folder / "kinds.yaml", "  - id: news", "  - id: newsletter")
    assert problems_of(folder) == (
        Problem(str(folder / "kinds.yaml"), 1, "concepts", "the fixed id 'news' is missing"),
    )


def test_broader_must_name_an_id_of_the_file(folder: Path) -> None:
    """A broader that names no concept is placed on its line."""
    path = folder / "harms.yaml"
    edit(path, "    broader: csea\n", "    broader: cesa\n")
    (problem,) = problems_of(folder)
    assert (problem.file, problem.field, problem.message) == (
        str(path),
        "concepts[1].broader",
        "'cesa' is not an id in this file",
    )
    assert path.read_text().splitlines()[problem.line - 1] == "    broader: cesa"


def test_unknown_group_member(folder: Path) -> None:
    """A group member that is no ISO code or M49 region is placed on its item."""
    path = folder / "regions.yaml"
    edit(path, "members: [CZ, HU, PL, SK]", "members: [CZ, HU, PL, XX]")
    (problem,) = problems_of(folder)
    assert (problem.file, problem.field, problem.message) == (
        str(path),
        "groups[2].members",
        "'XX' is not an ISO code or M49 region",
    )
    assert "members: [CZ, HU, PL, XX]" in path.read_text().splitlines()[problem.line - 1]


def test_vocabulary_file_with_unknown_field(folder: Path) -> None:
    """A vocabulary file is checked strictly like a record."""
    edit(folder / "pillars.yaml", "facet:", "facett:")
    fields = [p.field for p in problems_of(folder)]
    assert fields == ["facet", "facett"]


def test_m49_table_missing_columns(folder: Path) -> None:
    """An M49 table without the expected columns is refused with the missing ones named."""
    (folder / "m49.csv").write_text("m49,name\n004,Afghanistan\n", encoding="utf-8")
    (problem,) = problems_of(folder)
    assert (problem.file, problem.line) == (str(folder / "m49.csv"), 1)
    assert problem.message.startswith("missing columns: iso2, iso3, official_name,")


def test_missing_vocabulary_file(folder: Path) -> None:
    """A missing vocabulary file is a problem naming it."""
    (folder / "roles.yaml").unlink()
    (problem,) = problems_of(folder)
    assert (problem.file, problem.line) == (str(folder / "roles.yaml"), None)
    assert problem.message.startswith("cannot read")


def test_every_broken_file_reported_at_once(folder: Path) -> None:
    """Problems in several taxonomy files all come out of one load."""
    edit(folder / "kinds.yaml", "  - id: news", "  - id: newsletter")
    (folder / "sectors.yaml").write_bytes(b"facet: sector\nconcepts: &a []\nx: *a\n")
    files = [Path(p.file).name for p in problems_of(folder)]
    assert files == ["kinds.yaml", "sectors.yaml"]


def test_catalogue_with_broken_taxonomy_raises(tmp_path: Path) -> None:
    """read_catalogue raises for a broken taxonomy rather than loading records against it."""
    folder = shutil.copytree(TAXONOMY, tmp_path / "catalogue" / "taxonomy")
    edit(folder / "kinds.yaml", "  - id: news", "  - id: newsletter")
    with pytest.raises(CatalogueError):
        read_catalogue(tmp_path / "catalogue")
