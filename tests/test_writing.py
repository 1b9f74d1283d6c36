"""bridge/writing.py: new files appear all at once or not at all, and never overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
from literal import write_file

from bridge.catalogue.writing import write_new_files, write_new_folder
from bridge.errors import CatalogueError, Problem


def test_write_new_files_into_a_new_folder(tmp_path: Path) -> None:
    """All files appear at once in a new folder; no staging folder is left behind."""
    out = tmp_path / "out"
    written = write_new_files({"a.yaml": "a: 1\n", "b.yaml": "b: 2\n"}, out)
    assert written == [out / "a.yaml", out / "b.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
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
    with pytest.raises(CatalogueError) as caught:
        write_new_files({"a.yaml": "a\n", "b.yaml": "b\n"}, out)
    assert caught.value.problems == (
        Problem(str(out / "b.yaml"), None, "", "already exists; not overwritten"),
    )
    assert [p.name for p in out.iterdir()] == ["b.yaml"]
    assert (out / "b.yaml").read_text() == "mine\n"


def test_failure_half_way_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails on the second file (disk full) leaves no output and no staging folder."""
    real_write_text = Path.write_text
    calls: list[Path] = []

    def failing_write_text(self: Path, *args: object, **kwargs: object) -> int:
        calls.append(self)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_write_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing_write_text)
    with pytest.raises(OSError, match="No space left"):
        write_new_files({"a.yaml": "a\n", "b.yaml": "b\n"}, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_write_new_folder_creates_it(tmp_path: Path) -> None:
    """A new folder is created holding the files."""
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
    with pytest.raises(CatalogueError) as caught:
        write_new_folder({"a.md": "a\n"}, out)
    message = "already exists and is not empty; choose a new folder"
    assert caught.value.problems == (Problem(str(out), None, "", message),)
    assert [p.name for p in out.iterdir()] == ["old.md"]
