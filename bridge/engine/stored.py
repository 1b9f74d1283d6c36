"""An engine for a catalogue folder, kept on disk per state of the folder's files and of the
code, so a later command or app start reads it back instead of validating and fitting again.

A stored engine lives in one folder of the cache, written beside its final place and renamed
into it, so a reader sees all of it or none. An edited catalogue file or a new version of
bridge gives a new key, and the engine is built afresh; older folders of the same catalogue
are removed then. A cache that cannot be written only costs speed.

The organisations' index (for contacts and packs) is kept in the same folder once a command
that needs it has built it, so the next one reads it back too.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bridge.catalogue.location import default_catalogue_dir, fingerprint
from bridge.engine.contacts import ContactIndex, Profile
from bridge.engine.fitted import Fitted
from bridge.engine.index import Index
from bridge.engine.rank import Engine
from bridge.errors import Problem
from bridge.garbage import collector_paused
from bridge.model import Catalogue
from bridge.places import cache_dir
from bridge.snapshot import SnapshotError, read_snapshot, write_snapshot

PACKAGE = Path(__file__).resolve().parent.parent
ENGINE_MAKERS = ("catalogue", "engine")  # with bridge's top modules: the code a stored
# engine is made by (an edit elsewhere, to the app, the exports or the public API, keeps it)
_NOT_MAKERS = ("__init__.py", "__main__.py")  # the top package's: its lazy API and `python -m`
_PARTS = ("catalogue.json", "catalogue.npz", "fitted.json", "fitted.npz")
_CONTACT_ARRAYS, _CONTACT_DOCUMENT = "contacts.npz", "contacts.json"  # put in place in this order


@dataclass(frozen=True, slots=True)
class LoadedCatalogue:
    """The valid records and the problems of the others, as `read_catalogue` reports them."""

    catalogue: Catalogue
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Opened:
    """An engine ready to query, the load problems of its catalogue, and whether it was read
    back from the cache (else it was built now)."""

    engine: Engine
    problems: tuple[Problem, ...]
    from_cache: bool
    entry: Path | None = None  # where the engine is kept in the cache (None: it is not)


@dataclass(frozen=True, slots=True)
class StoredContacts:
    """An engine's organisations' index as kept beside it (its catalogue is the engine's)."""

    index: Index
    profiles: tuple[Profile, ...]


def code_version() -> str:
    """A short hash of the source files a stored engine is made by (names, sizes,
    modification times): bridge's top modules and its catalogue and engine packages."""
    digest = hashlib.sha256()
    top = [p for p in PACKAGE.glob("*.py") if p.name not in _NOT_MAKERS]
    for path in sorted([*top, *(p for d in ENGINE_MAKERS for p in (PACKAGE / d).rglob("*.py"))]):
        stat = path.stat()
        digest.update(f"{path.relative_to(PACKAGE)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def open_engine(
    folder: str | Path | None = None,
    *,
    cache: Path | None = None,
    building: Callable[[], None] | None = None,
    contacts: bool = False,
) -> Opened:
    """The engine of the catalogue in `folder` (default: the default catalogue), read from the
    cache when the folder and the code are as they were, else built and stored; `building`
    is called once before a build, so a caller can say that this one takes a while. With
    `contacts`, its organisations' index is ready too: read back, or built and stored."""
    root = Path(folder) if folder is not None else default_catalogue_dir()
    place = (cache if cache is not None else cache_dir()) / "engines"
    prefix = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    entry = place / f"{prefix}-{fingerprint(root)}-{code_version()}"
    with collector_paused():
        opened = _read(entry) or _built(root, entry, building)
        if contacts:
            prepare_contacts(opened)
        return opened


def prepare_contacts(opened: Opened) -> None:
    """Ready the opened engine's organisations' index: read back from beside the stored
    engine, or built (and stored there, when the engine is)."""
    with collector_paused():
        _with_contacts(opened.entry, opened.engine)


def _built(root: Path, entry: Path, building: Callable[[], None] | None) -> Opened:
    if building is not None:
        building()
    from bridge.catalogue.reading import read_catalogue  # validation, only when building

    report = read_catalogue(root, notices=False)
    engine = Engine(report.catalogue)
    stored = _write(entry, engine, report.problems)
    return Opened(engine, report.problems, from_cache=False, entry=entry if stored else None)


def _with_contacts(entry: Path | None, engine: Engine) -> None:
    """Give the engine its organisations' index stored in `entry`, or build one (and store
    it there, when the engine has an entry)."""
    stored = None if entry is None else _stored_contacts(entry)
    if stored is not None and len(stored.profiles) == len(engine.catalogue.organisations):
        engine.adopt_organisations(ContactIndex(engine.catalogue, stored.index, stored.profiles))
        return
    built = engine.organisations
    if entry is not None:
        _write_contacts(entry, StoredContacts(built.index, built.profiles))


def _stored_contacts(entry: Path) -> StoredContacts | None:
    try:
        return read_snapshot(StoredContacts, entry / _CONTACT_DOCUMENT, entry / _CONTACT_ARRAYS)
    except (OSError, SnapshotError, ValueError):
        return None


def _write_contacts(entry: Path, contacts: StoredContacts) -> None:
    """Write beside the stored engine under temporary names, then put each in place, the
    JSON last: a reader finds both or is missing one, and then builds."""
    unique = uuid.uuid4().hex[:12]
    parts = (_CONTACT_ARRAYS, _CONTACT_DOCUMENT)
    temporary = {part: entry / f".{part}.{unique}" for part in parts}
    try:
        write_snapshot(contacts, temporary[_CONTACT_DOCUMENT], temporary[_CONTACT_ARRAYS])
        for part in parts:
            os.replace(temporary[part], entry / part)
    except OSError:
        return
    finally:
        for path in temporary.values():
            with contextlib.suppress(OSError):
                path.unlink()


def _read(entry: Path) -> Opened | None:
    if not all((entry / part).is_file() for part in _PARTS):
        return None
    try:
        loaded = read_snapshot(LoadedCatalogue, entry / "catalogue.json", entry / "catalogue.npz")
        fitted = read_snapshot(Fitted, entry / "fitted.json", entry / "fitted.npz")
    except (OSError, SnapshotError, ValueError):
        return None
    engine = Engine(loaded.catalogue, fitted=fitted)
    return Opened(engine, loaded.problems, from_cache=True, entry=entry)


def _write(entry: Path, engine: Engine, problems: tuple[Problem, ...]) -> bool:
    """Store the engine in `entry`; whether it could be."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", dir=entry.parent))
    except OSError:
        return False
    try:
        loaded = LoadedCatalogue(engine.catalogue, problems)
        write_snapshot(loaded, staging / "catalogue.json", staging / "catalogue.npz")
        write_snapshot(engine.fitted, staging / "fitted.json", staging / "fitted.npz")
        staging.rename(entry)
    except OSError:
        return False
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    prefix = entry.name.split("-", 1)[0]
    for older in entry.parent.glob(f"{prefix}-*"):
        if older != entry:
            shutil.rmtree(older, ignore_errors=True)
    return True
