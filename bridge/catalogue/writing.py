"""Writing files safely: staged in a temporary folder beside the target, then renamed into
place, so a failed run leaves nothing behind and nothing is overwritten."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from bridge.errors import CatalogueError, Problem


def write_new_files(files: dict[str, str], out: Path) -> list[Path]:
    """Write `name -> text` into `out` all at once: staged in a temporary folder, then moved.

    Refuses (writing nothing) if any file already exists; a failure leaves nothing behind.
    """
    existing = sorted(name for name in files if (out / name).exists())
    if existing:
        problems = tuple(
            Problem(str(out / n), None, "", "already exists; not overwritten") for n in existing
        )
        raise CatalogueError(problems)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        if not out.exists():
            staging.rename(out)
            return [out / name for name in files]
        for name in files:
            os.replace(staging / name, out / name)
        return [out / name for name in files]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_new_folder(files: dict[str, str], out: Path) -> list[Path]:
    """Create `out` holding the files, all at once; refuses a folder that exists and is not
    empty. A failure part-way leaves no `out` and no temporary folder."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CatalogueError(
            (Problem(str(out), None, "", "already exists and is not empty; choose a new folder"),)
        )
    if out.is_dir():
        out.rmdir()
    return write_new_files(files, out)
