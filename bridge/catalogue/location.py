"""Where a catalogue is and what files it holds: the folder, its record files, their state."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

TAXONOMY_FOLDER = "taxonomy"
ORGANISATIONS_FOLDER = "organisations"
RECORD_SUFFIXES = (".yaml", ".yml", ".jsonl", ".csv")
MANIFEST = ".bridge-pending.json"  # files being published: see bridge.catalogue.writing


def default_catalogue_dir() -> Path:
    """The catalogue to use when none is named: `$BRIDGE_CATALOGUE`, else `resources/` in the
    current folder, else the `resources/` of the source checkout bridge is installed from.

    The last is read from the install's own record (PEP 610 `direct_url.json`), not from where
    this file happens to lie, so a copy installed elsewhere never guesses a folder.
    """
    chosen = os.environ.get("BRIDGE_CATALOGUE")
    if chosen:
        return Path(chosen)
    here = Path("resources")
    if (here / TAXONOMY_FOLDER).is_dir():
        return here
    checkout = _installed_from()
    if checkout is not None and (checkout / "resources" / TAXONOMY_FOLDER).is_dir():
        return checkout / "resources"
    return here


def _installed_from() -> Path | None:
    """The local folder the package was installed from in development mode, if it was."""
    from importlib import metadata

    records = (d.read_text("direct_url.json") for d in metadata.distributions(name="bridge"))
    record = next((r for r in records if r), None)
    if record is None:
        return None
    try:
        found = json.loads(record or "{}")
    except json.JSONDecodeError:
        return None
    url = found.get("url", "") if isinstance(found, dict) else ""
    if not url.startswith("file://") or not found.get("dir_info", {}).get("editable"):
        return None
    return Path(unquote(urlsplit(url).path))


def pending(root: Path) -> frozenset[Path]:
    """The files a manifest in `root` lists (being published, or left by a killed run)."""
    try:
        listed = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return frozenset()
    except (OSError, ValueError):
        return frozenset()
    names = listed.get("files", []) if isinstance(listed, dict) else []
    return frozenset(root / n for n in names if isinstance(n, str) and ".." not in Path(n).parts)


def catalogue_files(root: Path) -> list[Path]:
    """Record files under `root`, in a stable order, leaving out the taxonomy, hidden files
    and files still being published (see `pending`)."""
    hidden = pending(root)
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if relative.parts[0] == TAXONOMY_FOLDER or any(p.startswith(".") for p in relative.parts):
            continue
        if path.suffix in RECORD_SUFFIXES and path.is_file() and path not in hidden:
            found.append(path)
    return sorted(found)


def record_files(root: Path) -> tuple[list[Path], list[Path]]:
    """The catalogue's organisation files and its resource files, each in the order of
    `catalogue_files`."""
    organisations: list[Path] = []
    resources: list[Path] = []
    for path in catalogue_files(root):
        is_organisation = path.relative_to(root).parts[0] == ORGANISATIONS_FOLDER
        (organisations if is_organisation else resources).append(path)
    return organisations, resources


def fingerprint(folder: str | Path | None = None) -> str:
    """A short hash of the path, size, inode and change times of every file the catalogue
    is read from (records, organisations, taxonomy): any edit, or a file replaced by
    another, changes it; other files (link checks, the lock) do not."""
    root = Path(folder) if folder is not None else default_catalogue_dir()
    digest = hashlib.sha256(str(root.resolve()).encode())
    taxonomy = root / TAXONOMY_FOLDER
    read = [*catalogue_files(root), *(p for p in taxonomy.rglob("*") if p.is_file())]
    for path in sorted(read):
        stat = path.stat()
        digest.update(
            f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_ino}\0{stat.st_mtime_ns}"
            f"\0{stat.st_ctime_ns}\n".encode()
        )
    return digest.hexdigest()[:16]
