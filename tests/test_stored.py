"""bridge/engine/stored.py: an engine kept on disk per state of the catalogue and of the code
that makes it, read back instead of built again, and built afresh after any change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from literal import write_file

from bridge.engine import stored
from bridge.engine.rank import Engine
from bridge.engine.stored import code_version, open_engine
from bridge.model import Query

QUERIES = (
    Query(text="helplines online abuse"),
    Query(text="hash matching", role="trust-safety", harms=("csam",), regions=("Global",)),
    Query(role="policymaker", regions=("Asia",)),
)


def entries(cache: Path) -> list[str]:
    return sorted(p.name for p in (cache / "engines").iterdir())


def test_a_second_open_reads_the_engine_back_and_ranks_the_same(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    """The first open builds and stores; the second reads the stored engine, which gives
    the same catalogue, the same load problems and the same results."""
    cache = tmp_path / "cache"
    first = open_engine(catalogue_dir, cache=cache)
    again = open_engine(catalogue_dir, cache=cache)
    assert (first.from_cache, again.from_cache) == (False, True)
    assert again.engine.catalogue == first.engine.catalogue
    assert again.problems == first.problems
    assert [again.engine.search(q) for q in QUERIES] == [first.engine.search(q) for q in QUERIES]
    assert again.engine.contacts(QUERIES[0]) == first.engine.contacts(QUERIES[0])
    assert len(entries(cache)) == 1


def test_building_is_told_before_a_build_and_not_for_a_stored_engine(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    """The `building` callback runs once when the engine is built, never when read back."""
    told: list[str] = []
    cache = tmp_path / "cache"
    open_engine(catalogue_dir, cache=cache, building=lambda: told.append("first"))
    open_engine(catalogue_dir, cache=cache, building=lambda: told.append("second"))
    assert told == ["first"]


def test_the_problems_of_skipped_records_are_kept_with_the_engine(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    """A record that does not load is reported again when the engine is read back."""
    write_file(catalogue_dir / "records" / "broken-record.yaml", "id: broken-record\nkind: x\n")
    first = open_engine(catalogue_dir, cache=tmp_path)
    again = open_engine(catalogue_dir, cache=tmp_path)
    assert again.from_cache and first.problems
    assert again.problems == first.problems


def test_an_edited_catalogue_is_built_again_and_the_old_engine_removed(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    """Any change to a catalogue file gives a new key: built afresh, the old entry gone."""
    open_engine(catalogue_dir, cache=tmp_path)
    before = entries(tmp_path)
    record = next((catalogue_dir / "records").glob("*.yaml"))
    record.write_text(record.read_text().replace("title: ", "title: Revised ", 1))
    rebuilt = open_engine(catalogue_dir, cache=tmp_path)
    assert not rebuilt.from_cache
    assert any(r.title.startswith("Revised ") for r in rebuilt.engine.catalogue.resources)
    assert len(entries(tmp_path)) == 1 and entries(tmp_path) != before


def test_a_damaged_stored_engine_is_built_again(catalogue_dir: Path, tmp_path: Path) -> None:
    """A stored file that cannot be read (cut short) costs a build, never an error."""
    open_engine(catalogue_dir, cache=tmp_path)
    [entry] = (tmp_path / "engines").iterdir()
    (entry / "catalogue.json").write_text('{"cut": ')
    again = open_engine(catalogue_dir, cache=tmp_path)
    assert not again.from_cache
    assert [r.id for r in again.engine.catalogue.resources]


def test_the_organisations_index_is_stored_once_built_and_read_back(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    """An open without `contacts` stores no organisations' index; one with it builds and
    stores it beside the engine; the next reads it back, and all rank organisations as an
    engine built here does."""
    cache = tmp_path / "cache"
    open_engine(catalogue_dir, cache=cache)
    [entry] = (cache / "engines").iterdir()
    engine_parts = ["catalogue.json", "catalogue.npz", "fitted.json", "fitted.npz"]
    assert sorted(p.name for p in entry.iterdir()) == engine_parts
    first = open_engine(catalogue_dir, cache=cache, contacts=True)
    assert sorted(p.name for p in entry.iterdir()) == sorted(
        [*engine_parts, "contacts.json", "contacts.npz"]
    )
    again = open_engine(catalogue_dir, cache=cache, contacts=True)
    fresh = Engine(again.engine.catalogue)
    assert [again.engine.contacts(q) for q in QUERIES] == [fresh.contacts(q) for q in QUERIES]
    assert [first.engine.contacts(q) for q in QUERIES] == [fresh.contacts(q) for q in QUERIES]


def test_a_damaged_stored_organisations_index_is_built_and_stored_again(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    open_engine(catalogue_dir, cache=tmp_path, contacts=True)
    [entry] = (tmp_path / "engines").iterdir()
    (entry / "contacts.json").write_text('{"cut": ')
    again = open_engine(catalogue_dir, cache=tmp_path, contacts=True)
    fresh = Engine(again.engine.catalogue)
    assert again.engine.contacts(QUERIES[0]) == fresh.contacts(QUERIES[0])
    assert (entry / "contacts.json").read_text() != '{"cut": '
    assert sorted(p.name for p in entry.iterdir() if p.name.startswith(".")) == []


def test_where_the_cache_cannot_be_written_the_organisations_index_is_built_in_memory(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    blocked = write_file(tmp_path / "a-file-not-a-folder", "x\n")
    opened = open_engine(catalogue_dir, cache=blocked, contacts=True)
    assert (opened.from_cache, opened.entry) == (False, None)
    fresh = Engine(opened.engine.catalogue)
    assert opened.engine.contacts(QUERIES[0]) == fresh.contacts(QUERIES[0])


IN_A_NEW_PROCESS = """
import json, sys
from click.testing import CliRunner
from bridge.cli import main
done = CliRunner().invoke(main, json.loads(sys.argv[1]))
print(done.exit_code, "sklearn" in sys.modules)
"""
ROOM = Path(__file__).parent / "data" / "registration" / "google-forms.csv"


def command_line(command: str, catalogue: Path, out: Path) -> list[str]:
    """`bridge contacts` or `bridge pack` (of a registration export, into `out`)."""
    where = ["--catalogue", str(catalogue)]
    if command == "contacts":
        return ["contacts", "helplines", *where]
    return ["pack", str(ROOM), "--out", str(out), *where]


@pytest.mark.parametrize("command", ["contacts", "pack"])
def test_a_command_on_a_stored_organisations_index_loads_no_scikit_learn(
    catalogue_dir: Path, tmp_path: Path, command: str
) -> None:
    """The first `bridge contacts` or `bridge pack` builds the organisations' index (with
    scikit-learn); the next, in a new process, reads it back and never imports
    scikit-learn."""
    printed = [
        subprocess.run(
            [sys.executable, "-c", IN_A_NEW_PROCESS,
             json.dumps(command_line(command, catalogue_dir, tmp_path / run))],
            capture_output=True, text=True, check=True, env=os.environ.copy(),
        ).stdout
        for run in ("first", "again")
    ]  # fmt: skip
    assert printed == ["0 True\n", "0 False\n"]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A made-up package tree for code_version to read instead of bridge's own."""
    root = tmp_path / "bridge"
    for name in (
        "__init__.py",
        "model.py",
        "catalogue/reading.py",
        "engine/rank.py",
        "formats/cards.py",
        "cli/search.py",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("# code\n")
    monkeypatch.setattr(stored, "PACKAGE", root)
    return root


def touched(path: Path) -> None:
    """The file changed: new contents and a later modification time."""
    path.write_text(path.read_text() + "# changed\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


@pytest.mark.parametrize("name", ["model.py", "catalogue/reading.py", "engine/rank.py"])
def test_the_code_version_follows_the_code_that_makes_an_engine(package: Path, name: str) -> None:
    """bridge's top modules and its catalogue and engine packages make a stored engine."""
    before = code_version()
    touched(package / name)
    assert code_version() != before


@pytest.mark.parametrize("name", ["__init__.py", "formats/cards.py", "cli/search.py"])
def test_the_code_version_ignores_code_that_does_not(package: Path, name: str) -> None:
    """The public API, the exports and the commands only use an engine: editing them keeps
    the stored one."""
    before = code_version()
    touched(package / name)
    assert code_version() == before
