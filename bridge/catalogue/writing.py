"""The one way bridge writes files: each file written beside its place, synced and renamed
into it; a set of new files published all at once or not at all, under a lock; a folder of
output staged and renamed into place. Nothing existing is ever overwritten.

A published set is listed in a manifest (`.bridge-pending.json`) in its root while its files
are being written; readers of a catalogue leave the files a manifest lists out, so they see
all of a set or none of it. A manifest left by a killed writer is rolled back (its files
removed) by the next writer, which says so.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from bridge.catalogue.location import MANIFEST, TAXONOMY_FOLDER, pending
from bridge.errors import OutputExists, Problem, SaveFailed, WriteConflict

LOCK_FILE = ".bridge.lock"
STAGING = ".bridge-staging-"
TEMPORARY = ".tmp"  # the suffix of a file being written, before its rename into place
_TEMPORARY_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # as tempfile.mkstemp names them
BUSY = "{what} is being edited elsewhere; try again in a moment"
_READ_ONLY = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def lock_path(root: Path) -> Path:
    """The lock of a folder: `.bridge.lock` inside a catalogue, else a file in the system's
    temporary folder named after the folder (so no file is added to someone's output)."""
    if _is_catalogue(root):
        return root / LOCK_FILE
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"bridge-{name}.lock"


@contextlib.contextmanager
def locked(root: Path, *, timeout: float = 2.0) -> Iterator[None]:
    """Hold the folder's lock; `WriteConflict` if another writer keeps it past `timeout`."""
    import filelock  # it imports asyncio: read-only commands, which never lock, skip it

    try:
        with filelock.FileLock(lock_path(root), timeout=timeout):
            yield
    except filelock.Timeout as error:
        what = "the catalogue" if _is_catalogue(root) else f"the folder {root.name}"
        raise WriteConflict(BUSY.format(what=what)) from error


def roll_back(root: Path) -> tuple[Path, ...]:
    """Remove what an interrupted publish left in `root` (its files, its manifest and the
    temporary files of writes cut short); the files removed. Call with the lock held."""
    left = tuple(sorted(p for p in pending(root) if p.exists()))
    for path in (*left, *_temporaries(root)):
        path.unlink(missing_ok=True)
    (root / MANIFEST).unlink(missing_ok=True)
    return left


def _temporaries(root: Path) -> list[Path]:
    """Temporary files `write_atomically` leaves when killed: anywhere in a catalogue, in
    the folder itself otherwise."""
    found = root.rglob(f".*{TEMPORARY}") if _is_catalogue(root) else root.glob(f".*{TEMPORARY}")
    return [p for p in found if _TEMPORARY_NAME.fullmatch(p.name)]


def write_atomically(target: Path, text: str) -> None:
    """Write `text` to a temporary file beside `target`, sync it, give it the permissions a
    new file gets here (the umask's), rename it into place and sync the folder; on any
    failure the temporary file is removed and the error re-raised."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def publish(
    root: Path,
    files: Mapping[Path, str],
    *,
    check: Callable[[], None] | None = None,
    lock_timeout: float = 2.0,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """Write new files under `root` so they become visible together or not at all, holding
    the lock of `root`. `check` runs under the lock first (it may raise to refuse). Returns
    the files written and the files of an interrupted earlier publish that were removed.

    Any file that exists already refuses the whole set (`OutputExists`); a file-system
    failure (`SaveFailed`) leaves nothing of the set behind. `progress(done, total)` hears
    of each file written.
    """
    root.mkdir(parents=True, exist_ok=True)
    with locked(root, timeout=lock_timeout):
        removed = roll_back(root)
        if check is not None:
            check()
        clashes = sorted(p for p in files if p.exists())
        if clashes:
            raise OutputExists(
                tuple(Problem(str(p), None, "", "already exists; not overwritten") for p in clashes)
            )
        names = [str(p.relative_to(root)) for p in files]
        written: list[Path] = []
        current = next(iter(files), root / MANIFEST)  # named in a failure: the set's first file
        try:
            write_atomically(root / MANIFEST, json.dumps({"files": names}, indent=1))
            for path, text in files.items():
                current = path
                write_atomically(path, text)
                written.append(path)
                if progress is not None:
                    progress(len(written), len(files))
            (root / MANIFEST).unlink()
            _sync_folder(root)
        except OSError as error:
            for path in written:
                path.unlink(missing_ok=True)
            (root / MANIFEST).unlink(missing_ok=True)
            raise SaveFailed(failure(error, current, root)) from error
    return tuple(files), removed


def write_new_files(files: Mapping[str, str], out: Path) -> list[Path]:
    """Add `name -> text` files to the folder `out` (made if missing), all or none."""
    written, _ = publish(out, {out / name: text for name, text in files.items()})
    return list(written)


def write_new_folder(files: Mapping[str, str], out: Path) -> list[Path]:
    """Create `out` holding the files: staged in a hidden folder beside it, then renamed into
    place, so `out` appears complete or not at all. Refuses a folder that exists and is not
    empty. Staging folders left by killed runs beside `out` are removed first."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        message = "already exists and is not empty; choose a new folder"
        raise OutputExists((Problem(str(out), None, "", message),))
    out.parent.mkdir(parents=True, exist_ok=True)
    with locked(out):
        remove_stale_staging(out)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{out.name}{STAGING}{os.getpid()}-", dir=out.parent)
        )
        try:
            for name, text in files.items():
                write_atomically(staging / name, text)
            if out.is_dir():
                out.rmdir()
            staging.rename(out)
        except OSError as error:
            raise SaveFailed(failure(error, out, out.parent)) from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in files]


def remove_stale_staging(out: Path) -> tuple[Path, ...]:
    """Remove the staging folders beside `out` whose writer is no longer running."""
    removed = []
    for folder in out.parent.glob(f".{out.name}{STAGING}*"):
        owner = folder.name.removeprefix(f".{out.name}{STAGING}").split("-", 1)[0]
        if owner.isdigit() and not _running(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return tuple(removed)


def failure(error: OSError, target: Path, root: Path) -> str:
    """A message for a failed write that says why and that nothing was written, naming the
    file relative to `root` (a visitor is never shown a server path)."""
    reason = error.strerror or str(error)
    folder = "the catalogue folder" if _is_catalogue(root) else "the folder"
    if error.errno == errno.ENOSPC:
        why = f"the disk is full ({reason})"
    elif error.errno in _READ_ONLY:
        why = f"{folder} is read-only here ({reason})"
    else:
        why = reason
    where = target.relative_to(root).as_posix() if target.is_relative_to(root) else target.name
    return f"could not save {where}: {why}; nothing was written"


def _is_catalogue(root: Path) -> bool:
    return (root / TAXONOMY_FOLDER).is_dir()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _umask() -> int:
    """The process's umask, read without changing it (os.umask would, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _sync_folder(folder: Path) -> None:
    """Persist renames in the folder (a no-op where folders cannot be opened for syncing)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
