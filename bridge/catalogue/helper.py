"""A second process that reads some of a large catalogue's resource files while this one
reads the rest: validating the records is most of a first start, and it splits by file.

The helper is `python -m bridge.catalogue.helper ROOT OUT FILE...`: it reads ROOT's
organisations for their ids, builds the resources of FILE..., and writes that part to the
folder OUT as a snapshot (JSON and npz, never pickle). If the helper cannot help (one CPU,
no start, an exit other than 0, a part that does not read back), this process reads those
files itself: the catalogue is the same either way, only slower.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bridge.catalogue.building import ResourcePart, organisations_of, read_part
from bridge.catalogue.location import TAXONOMY_FOLDER, record_files
from bridge.catalogue.taxonomy_files import load_taxonomy
from bridge.garbage import collector_paused

log = logging.getLogger("bridge")

MIN_BYTES = 16 * 2**20  # resource files smaller than this in all are read by one process
# The helper's share of the bytes: less than half, as it starts, reads the organisations and
# writes its part, and this process reads that back, while this one reads on.
HELPER_SHARE = 0.4
PACKAGE_PARENT = Path(__file__).resolve().parents[2]  # the folder `import bridge` finds
_PART = ("part.json", "part.npz")


def shares(files: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """The files this process reads and those a helper reads: the later files, about
    `HELPER_SHARE` of the bytes, when there are enough and a second CPU to read them;
    else none."""
    if len(files) < 2 or _cpus() < 2:
        return list(files), []
    try:
        sizes = [path.stat().st_size for path in files]
    except OSError:
        return list(files), []
    total = sum(sizes)
    if total < MIN_BYTES:
        return list(files), []
    mine, cut = 0, 0
    while cut < len(files) - 1 and mine + sizes[cut] <= total * (1 - HELPER_SHARE):
        mine += sizes[cut]
        cut += 1
    cut = max(cut, 1)
    return list(files[:cut]), list(files[cut:])


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Started:
    """A helper at work on some files; `result` waits for its part."""

    def __init__(self, root: Path, files: Sequence[Path]) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="bridge-helper-"))
        # -P and PYTHONPATH: the helper imports the bridge this process runs, whatever the
        # folder it is started in holds.
        python_path = os.pathsep.join(
            p for p in (str(PACKAGE_PARENT), os.environ.get("PYTHONPATH", "")) if p
        )
        try:
            with (self.folder / "stderr").open("wb") as stderr:
                self.process = subprocess.Popen(
                    [sys.executable, "-P", "-m", __name__, str(root), str(self.folder)]
                    + [str(f) for f in files],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    env={**os.environ, "PYTHONPATH": python_path},
                )
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def result(self) -> ResourcePart | None:
        """The helper's part once it ends; None if it failed (why is logged)."""
        from bridge.snapshot import SnapshotError, read_snapshot  # numpy: large reads only

        try:
            code = self.process.wait()
            if code != 0:
                why = (self.folder / "stderr").read_text(errors="replace").strip()
                log.debug("the catalogue helper exited with %s: %s", code, why[-2000:])
                return None
            json_path, arrays_path = (self.folder / name for name in _PART)
            return read_snapshot(ResourcePart, json_path, arrays_path)
        except (OSError, SnapshotError, ValueError) as error:
            log.debug("the catalogue helper's part could not be read: %s", error)
            return None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the helper if it still runs and remove its folder (again: nothing)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start(root: Path, files: Sequence[Path]) -> Started | None:
    """A helper started on the files; None if it could not be."""
    try:
        return Started(root, files)
    except OSError as error:
        log.debug("the catalogue helper could not start: %s", error)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """The helper's side: build the resources of the files, write the part."""
    from bridge.snapshot import write_snapshot

    root, out, *files = sys.argv[1:] if argv is None else argv
    with collector_paused():
        taxonomy = load_taxonomy(Path(root) / TAXONOMY_FOLDER)
        organisation_files, _ = record_files(Path(root))
        organisation_ids = {o.id for o, _ in organisations_of(organisation_files, taxonomy, [])}
        part, _ = read_part([Path(f) for f in files], taxonomy, organisation_ids)
        write_snapshot(part, *(Path(out) / name for name in _PART))
    return 0


if __name__ == "__main__":
    sys.exit(main())
