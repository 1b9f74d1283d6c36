"""Fixtures: the literal catalogue (a fresh copy, or one loaded per session), the real
taxonomy, and the CLI as a subprocess. Helpers live in literal.py beside this file."""

from __future__ import annotations

import importlib
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result
from literal import REPO, TAXONOMY, Invoke, RunBridge, bridge_command, build_catalogue
from postgres import postgres_server

from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.taxonomy_files import load_taxonomy
from bridge.cli import main
from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy


@pytest.fixture(scope="session", autouse=True)
def own_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Built indexes and the submissions database go to folders of this test run, for
    every test and every command it starts, never to the user's own."""
    saved = {name: os.environ.get(name) for name in ("BRIDGE_CACHE_DIR", "BRIDGE_DATA_DIR")}
    os.environ["BRIDGE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["BRIDGE_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    """A fresh copy of the literal catalogue, free to add broken files to."""
    return build_catalogue(tmp_path / "catalogue")


@pytest.fixture(scope="session")
def literal_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The literal catalogue, loaded once (its folder is not shared with any test)."""
    root = build_catalogue(tmp_path_factory.mktemp("literal") / "catalogue")
    report = read_catalogue(root)
    assert report.problems == ()
    return report.catalogue


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    """The real taxonomy folder, loaded once."""
    return load_taxonomy(TAXONOMY)


@pytest.fixture
def run_bridge(tmp_path: Path) -> RunBridge:
    """Run the `bridge` console script as a subprocess, from an empty folder."""

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "BRIDGE_CATALOGUE"}
        return subprocess.run(
            [*bridge_command(), *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Invoke:
    """Run the CLI in-process with click's runner (fast); returns the click Result. Tables
    are as wide as a terminal of 100 columns, whatever runs the tests."""
    monkeypatch.delenv("BRIDGE_CATALOGUE", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(tmp_path)

    def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(main, [str(a) for a in args], env=env)

    return run


@pytest.fixture(scope="session")
def postgres_root() -> Iterator[str]:
    """A real PostgreSQL server for this run (skipped, saying why, where there is none)."""
    try:
        with postgres_server() as url:
            yield url
    except LookupError as missing:
        pytest.skip(str(missing))


@pytest.fixture
def postgres_url(postgres_root: str) -> Iterator[str]:
    """A fresh, empty database on that server; dropped after the test."""
    import sqlalchemy as sa

    name = f"bridge_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(
        postgres_root.replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield postgres_root.replace("/postgres?", f"/{name}?")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def queue_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty queue database: a SQLite file, and a PostgreSQL database on a real server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def ui_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The app's ui.engine module, its engine caches empty before and after the test."""
    monkeypatch.syspath_prepend(str(REPO))
    module = importlib.import_module("ui.engine")
    module._opened.clear()
    module._contacts_ready.clear()
    yield module
    module._opened.clear()
    module._contacts_ready.clear()
