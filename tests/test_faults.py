"""Faults: `bridge import`, `bridge pack` and `bridge submissions approve` killed with
SIGKILL part-way (real subprocesses), two imports at once, and a full disk during each kind
of write. Each asserts that nothing is lost and nothing is half-written: the catalogue shows
all of a run's records or none, and the next run cleans what the killed one left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from literal import RESOURCE_RECORDS, build_catalogue, bulk_table, fail_writing, write_file
from test_queue import RECORD, checked

from bridge.catalogue.importing import import_into
from bridge.catalogue.location import MANIFEST
from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.writing import STAGING
from bridge.errors import SaveFailed
from bridge.submissions.queue import Queue
from bridge.workshop.participants import read_participants

BULK = 300
ROOM = "name,role,harms,regions,interests\n" + "".join(
    f"Person {n},researcher,grooming,Kenya,studies of online grooming {n}\n" for n in range(20)
)
# How far the write has gone when the kill comes: a share of the new files on disk.
SHARES = (0.0, 0.5, 0.9)


def bridge_process(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bridge", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def duration(*args: str | Path, env: dict[str, str] | None = None) -> float:
    """Run the command to its end, which must succeed; how long it took here (to spread
    kills over such a run)."""
    started = time.monotonic()
    done = bridge_process(*args, env=env)
    done.communicate(timeout=300)
    assert done.returncode == 0
    return time.monotonic() - started


def killed_after(seconds: float, *args: str | Path, env: dict[str, str] | None = None) -> None:
    process = bridge_process(*args, env=env)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)


def killed_when(
    reached: Callable[[], bool], *args: str | Path, env: dict[str, str] | None = None
) -> None:
    """Run the command and SIGKILL it as soon as `reached()` holds; a run that ends first
    is left to end."""
    process = bridge_process(*args, env=env)
    while process.poll() is None and not reached():
        time.sleep(0.0005)
    process.send_signal(signal.SIGKILL)  # nothing is sent to a process that has ended
    process.communicate(timeout=60)


def how_many(folder: Path, pattern: str) -> int:
    """How many files in `folder` match `pattern` now (none if it is gone)."""
    return len(list(folder.glob(pattern)))


def visible_ids(root: Path) -> set[str]:
    report = read_catalogue(root)
    assert report.problems == ()
    return {r.id for r in report.catalogue.resources}


def hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*") if p.name != ".bridge.lock")


@pytest.mark.parametrize("share", SHARES)
def test_an_import_killed_at_any_moment_shows_all_or_none(tmp_path: Path, share: float) -> None:
    """After SIGKILL the catalogue holds the literal records and either every imported one
    or none; the next import finishes the job (or refuses the ids it finds) and leaves no
    manifest, temporary or staging file behind."""
    root = build_catalogue(tmp_path / "catalogue")
    table = bulk_table(root, tmp_path, count=BULK)
    literal = set(RESOURCE_RECORDS)
    imported = {f"bulk-{n:05d}" for n in range(BULK)}

    def written() -> bool:  # under way (its manifest is there), and that share on disk
        return (root / MANIFEST).exists() and how_many(root / "records", "bulk-*") >= share * BULK

    killed_when(written, "import", table, "--out", root / "records", "--catalogue", root)
    after_kill = visible_ids(root)
    assert after_kill in (literal, literal | imported)
    again = bridge_process("import", table, "--out", root / "records", "--catalogue", root)
    _, stderr = again.communicate(timeout=300)
    if after_kill == literal:
        assert again.returncode == 0, stderr
    else:
        assert again.returncode == 1 and "is already used by" in stderr
    assert visible_ids(root) == literal | imported
    assert hidden_leftovers(root) == []


def test_two_imports_at_once_one_writes_whole_the_other_nothing(tmp_path: Path) -> None:
    """Two `bridge import` runs of the same ids started together: one succeeds with every
    record, the other fails naming the clash or the busy catalogue and writes nothing."""
    root = build_catalogue(tmp_path / "catalogue")
    table = bulk_table(root, tmp_path, count=BULK)
    runs = [
        bridge_process("import", table, "--out", root / "records", "--catalogue", root)
        for _ in range(2)
    ]
    outcomes = [(run.communicate(timeout=300)[1], run.returncode) for run in runs]
    codes = sorted(code for _, code in outcomes)
    assert codes == [0, 1], outcomes
    [refusal] = [stderr for stderr, code in outcomes if code == 1]
    reasons = ("is already used by", "already exists; not overwritten", "being edited elsewhere")
    assert any(reason in refusal for reason in reasons), refusal
    assert visible_ids(root) == set(RESOURCE_RECORDS) | {f"bulk-{n:05d}" for n in range(BULK)}
    assert len(list((root / "records").glob("*.yaml"))) == len(RESOURCE_RECORDS) + BULK


@pytest.fixture(scope="module")
def pack_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The literal catalogue for the pack runs, which only read it (so its engine and
    organisations' index are built once, by the first run)."""
    return build_catalogue(tmp_path_factory.mktemp("room") / "catalogue")


@pytest.fixture(scope="module")
def pack_names(tmp_path_factory: pytest.TempPathFactory, pack_catalogue: Path) -> list[str]:
    """The files of the room's packs, from a run left to finish."""
    folder = tmp_path_factory.mktemp("whole")
    room = write_file(folder / "room.csv", ROOM)
    duration("pack", room, "--out", folder / "packs", "--catalogue", pack_catalogue)
    return sorted(p.name for p in (folder / "packs").iterdir())


@pytest.mark.parametrize("share", SHARES)
def test_a_pack_run_killed_at_any_moment_leaves_all_or_nothing(
    tmp_path: Path, pack_catalogue: Path, pack_names: list[str], share: float
) -> None:
    """A killed `bridge pack`: its folder is complete or absent; the next run removes the
    staging folder (with the participants' names) and writes the packs."""
    room = write_file(tmp_path / "room.csv", ROOM)
    expected = pack_names
    out = tmp_path / "packs"

    def staged() -> bool:  # under way (its staging folder is there), and that share in it
        return any(
            how_many(folder, "[!.]*") >= share * len(expected)
            for folder in tmp_path.glob(f".packs{STAGING}*")
        )

    killed_when(staged, "pack", room, "--out", out, "--catalogue", pack_catalogue)
    if out.exists():
        assert sorted(p.name for p in out.iterdir()) == expected
    else:
        again = bridge_process("pack", room, "--out", out, "--catalogue", pack_catalogue)
        _, stderr = again.communicate(timeout=300)
        assert again.returncode == 0, stderr
        assert sorted(p.name for p in out.iterdir()) == expected
    assert [p.name for p in tmp_path.iterdir() if STAGING in p.name] == []


@pytest.fixture(scope="module")
def approval_time(tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long an approval of one submission on the literal catalogue takes here."""
    folder = tmp_path_factory.mktemp("approval")
    queue_url = f"sqlite:///{folder / 'queue.sqlite3'}"
    root = build_catalogue(folder / "catalogue")
    filed = Queue(queue_url).submit(checked(root))
    args = ("submissions", "approve", str(filed.id), "--catalogue", root)
    return duration(*args, env={"BRIDGE_DATABASE_URL": queue_url})


@pytest.mark.parametrize("fraction", (0.5, 0.8, 0.9, 0.95, 0.99))
def test_an_approval_killed_at_any_moment_writes_the_record_once(
    tmp_path: Path, approval_time: float, fraction: float
) -> None:
    """A killed approval leaves the record absent (still pending) or whole; approving again
    (or having approved) ends with one complete record file and an approved submission."""
    queue_url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    env = {"BRIDGE_DATABASE_URL": queue_url}
    root = build_catalogue(tmp_path / "catalogue")
    filed = Queue(queue_url).submit(checked(root))
    args = ("submissions", "approve", str(filed.id), "--catalogue", root)
    killed_after(approval_time * fraction, *args, env=env)
    target = root / "records" / "helpline-guide.yaml"
    shown = visible_ids(root)
    assert shown in (set(RESOURCE_RECORDS), set(RESOURCE_RECORDS) | {"helpline-guide"})
    if Queue(queue_url).get(filed.id).status == "pending":
        again = bridge_process(*args, env=env)
        _, stderr = again.communicate(timeout=120)
        assert again.returncode == 0, stderr
    assert Queue(queue_url).get(filed.id).status == "approved"
    assert target.read_text(encoding="utf-8") == RECORD
    assert visible_ids(root) == set(RESOURCE_RECORDS) | {"helpline-guide"}


# A full disk during each kind of write


def test_a_full_disk_during_an_import_writes_none_of_it(
    tmp_path: Path, catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = bulk_table(catalogue_dir, tmp_path, count=BULK)
    fail_writing(monkeypatch, f"bulk-{BULK * 3 // 4:05d}.yaml")
    with pytest.raises(SaveFailed, match="No space left on device"):
        import_into(table, catalogue_dir / "records", catalogue_dir)
    assert visible_ids(catalogue_dir) == set(RESOURCE_RECORDS)
    assert sorted(p.name for p in (catalogue_dir / "records").iterdir()) == sorted(
        f"{r}.yaml" for r in RESOURCE_RECORDS
    )
    assert not (catalogue_dir / "records" / MANIFEST).exists()


def test_a_full_disk_during_an_approval_keeps_it_pending(
    tmp_path: Path, catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = Queue(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    filed = queue.submit(checked(catalogue_dir))
    fail_writing(monkeypatch, "helpline-guide.yaml")
    with pytest.raises(SaveFailed, match="No space left on device"):
        queue.approve(filed.id, catalogue_dir)
    assert queue.get(filed.id).status == "pending"
    assert not (catalogue_dir / "records" / "helpline-guide.yaml").exists()
    assert hidden_leftovers(catalogue_dir) == []
    monkeypatch.undo()
    assert queue.approve(filed.id, catalogue_dir).status == "approved"


def test_a_full_disk_during_a_pack_run_leaves_no_folder(
    tmp_path: Path, catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bridge.catalogue.writing import write_new_folder
    from bridge.engine.rank import Engine
    from bridge.formats.packs import workshop_files
    from bridge.workshop.packs import build_workshop

    catalogue = read_catalogue(catalogue_dir).catalogue
    room = read_participants(ROOM.encode(), "room.csv", catalogue.taxonomy)
    files = workshop_files(build_workshop(room, Engine(catalogue), top=5), catalogue)
    fail_writing(monkeypatch, "overview.html")
    out = tmp_path / "packs"
    with pytest.raises(SaveFailed, match="No space left on device"):
        write_new_folder(files, out)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["catalogue"]
