"""bridge/catalogue/writing.py: new files appear all at once or not at all, never overwrite,
follow the umask, and what a killed writer left is rolled back by the next one."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import filelock
import pytest
from literal import fail_writing, write_file

from bridge.catalogue.location import catalogue_files
from bridge.catalogue.writing import (
    LOCK_FILE,
    MANIFEST,
    STAGING,
    lock_path,
    publish,
    remove_stale_staging,
    roll_back,
    write_atomically,
    write_new_files,
    write_new_folder,
)
from bridge.errors import OutputExists, Problem, SaveFailed, WriteConflict


def test_write_new_files_into_a_new_folder(tmp_path: Path) -> None:
    """All files appear at once in a new folder; nothing else is left beside it or in it."""
    out = tmp_path / "out"
    written = write_new_files({"a.yaml": "a: 1\n", "b.yaml": "b: 2\n"}, out)
    assert written == [out / "a.yaml", out / "b.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert sorted(p.name for p in out.iterdir()) == ["a.yaml", "b.yaml"]
    assert (out / "b.yaml").read_text() == "b: 2\n"


def test_write_new_files_into_an_existing_folder(tmp_path: Path) -> None:
    """Files are added beside the ones already there."""
    out = tmp_path / "out"
    write_file(out / "old.yaml", "old: 1\n")
    write_new_files({"new.yaml": "new: 1\n"}, out)
    assert sorted(p.name for p in out.iterdir()) == ["new.yaml", "old.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_write_new_files_refuses_existing(tmp_path: Path) -> None:
    """If any file exists nothing is written, and each clash is named."""
    out = tmp_path / "out"
    write_file(out / "b.yaml", "mine\n")
    with pytest.raises(OutputExists) as caught:
        write_new_files({"a.yaml": "a\n", "b.yaml": "b\n"}, out)
    assert caught.value.problems == (
        Problem(str(out / "b.yaml"), None, "", "already exists; not overwritten"),
    )
    assert [p.name for p in out.iterdir()] == ["b.yaml"]
    assert (out / "b.yaml").read_text() == "mine\n"


def test_a_full_disk_half_way_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second file failing (disk full): a clear error, no file of the set, no temporary
    file, no manifest."""
    out = tmp_path / "out"
    out.mkdir()
    fail_writing(monkeypatch, "b.yaml")
    with pytest.raises(SaveFailed) as caught:
        write_new_files({"a.yaml": "a\n", "b.yaml": "b\n"}, out)
    assert str(caught.value) == (
        "could not save b.yaml: the disk is full (No space left on device); nothing was written"
    )
    assert list(out.iterdir()) == []


def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    """A new file gets the permissions the umask gives (0644 under 022), not 0600."""
    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "x.yaml", "x: 1\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "x.yaml").stat().st_mode) == 0o644


def test_files_being_published_are_not_read_as_part_of_the_catalogue(catalogue_dir: Path) -> None:
    """While a manifest lists files, the catalogue's readers leave them out."""
    record = catalogue_dir / "records" / "kenya-grooming-event.yaml"
    write_file(
        catalogue_dir / MANIFEST, json.dumps({"files": ["records/kenya-grooming-event.yaml"]})
    )
    assert record not in catalogue_files(catalogue_dir)
    (catalogue_dir / MANIFEST).unlink()
    assert record in catalogue_files(catalogue_dir)


def test_the_next_writer_rolls_back_what_a_killed_one_left(catalogue_dir: Path) -> None:
    """A manifest and half of its files (a writer killed part-way): the next publish removes
    them, says which, and then writes its own files."""
    left = catalogue_dir / "records" / "half-written.yaml"
    write_file(left, "id: half-written\n")
    write_file(catalogue_dir / MANIFEST, json.dumps({"files": ["records/half-written.yaml"]}))
    new = catalogue_dir / "records" / "new.yaml"
    written, removed = publish(catalogue_dir, {new: "id: new\n"})
    assert (written, removed) == ((new,), (left,))
    assert (left.exists(), new.exists(), (catalogue_dir / MANIFEST).exists()) == (
        False,
        True,
        False,
    )


def test_roll_back_ignores_a_manifest_that_climbs_out(tmp_path: Path) -> None:
    """A tampered manifest naming '../x' removes nothing outside its folder."""
    outside = write_file(tmp_path / "x.yaml", "keep\n")
    root = tmp_path / "root"
    write_file(root / MANIFEST, json.dumps({"files": ["../x.yaml"]}))
    assert roll_back(root) == ()
    assert outside.read_text() == "keep\n"


def test_a_held_lock_makes_a_writer_wait_then_give_up(catalogue_dir: Path) -> None:
    """With the catalogue's lock held elsewhere, WriteConflict after the timeout; nothing
    written."""
    with (
        filelock.FileLock(catalogue_dir / LOCK_FILE),
        pytest.raises(WriteConflict, match="the catalogue is being edited elsewhere"),
    ):
        publish(catalogue_dir, {catalogue_dir / "records" / "x.yaml": "x\n"}, lock_timeout=0.1)
    assert not (catalogue_dir / "records" / "x.yaml").exists()


def test_the_lock_of_a_plain_folder_is_kept_outside_it(tmp_path: Path) -> None:
    """Only a catalogue holds its lock file; another folder's lock lives in the temp folder."""
    assert lock_path(tmp_path / "out").parent != tmp_path / "out"
    write_new_files({"a.md": "a\n"}, tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.md"]


def test_two_writers_of_the_same_files_one_writes_the_other_writes_nothing(
    tmp_path: Path,
) -> None:
    """Two publishes of one set at once: one succeeds whole, the other is refused whole."""
    out = tmp_path / "out"
    files = {out / f"{n}.yaml": f"{n}\n" for n in "abcdefgh"}
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def write() -> None:
        start.wait()
        try:
            publish(out, files, lock_timeout=30)
            outcomes.append("written")
        except OutputExists:
            outcomes.append("refused")

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "written"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in files)


def test_write_new_folder_creates_it(tmp_path: Path) -> None:
    """A new folder is created holding the files; no staging folder is left."""
    out = tmp_path / "packs"
    assert write_new_folder({"a.md": "a\n"}, out) == [out / "a.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packs"]


def test_write_new_folder_accepts_an_empty_folder(tmp_path: Path) -> None:
    """An existing empty folder is filled."""
    out = tmp_path / "packs"
    out.mkdir()
    write_new_folder({"a.md": "a\n"}, out)
    assert [p.name for p in out.iterdir()] == ["a.md"]


def test_write_new_folder_refuses_a_folder_with_files(tmp_path: Path) -> None:
    """A folder that already holds files is refused and left as it was."""
    out = tmp_path / "packs"
    write_file(out / "old.md", "old\n")
    with pytest.raises(OutputExists) as caught:
        write_new_folder({"a.md": "a\n"}, out)
    message = "already exists and is not empty; choose a new folder"
    assert caught.value.problems == (Problem(str(out), None, "", message),)
    assert [p.name for p in out.iterdir()] == ["old.md"]


def test_staging_left_by_a_killed_run_is_removed_by_the_next(tmp_path: Path) -> None:
    """A staging folder whose writer is gone (pid not running) is removed; one of a running
    writer is kept."""
    out = tmp_path / "packs"
    dead = tmp_path / f".packs{STAGING}999999999-abc"
    alive = tmp_path / f".packs{STAGING}{os.getpid()}-def"
    for folder in (dead, alive):
        write_file(folder / "pack-someone.md", "a participant's name\n")
    assert remove_stale_staging(out) == (dead,)
    assert (dead.exists(), alive.exists()) == (False, True)
