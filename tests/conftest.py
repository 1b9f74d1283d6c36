"""Fixtures: the literal catalogue (a fresh copy, or one loaded per session), the real
taxonomy, and the CLI as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from literal import TAXONOMY, bridge_command, build_catalogue  # noqa: E402

from bridge.catalogue import read_catalogue  # noqa: E402
from bridge.model import Catalogue, Taxonomy  # noqa: E402
from bridge.vocabfiles import load_taxonomy  # noqa: E402

@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    """A fresh copy of the literal catalogue, free to add broken files to."""
    return build_catalogue(tmp_path / "catalogue")


@pytest.fixture(scope="session")
def literal_catalogue(tmp_path_factory: pytest.TempPathFactory):
    """The literal catalogue, loaded once; tests must not write into its folder."""
    from bridge.catalogue import read_catalogue

    root = build_catalogue(tmp_path_factory.mktemp("literal") / "catalogue")
    report = read_catalogue(root)
    assert report.problems == ()
    return report.catalogue


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    """The real taxonomy folder, loaded once."""
    return load_taxonomy(TAXONOMY)


@pytest.fixture
def run_bridge():
    """Run the CLI as a subprocess; returns the CompletedProcess (text, no check)."""
    import subprocess

    def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "BRIDGE_CATALOGUE"}
        return subprocess.run(
            [*bridge_command(), *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=cwd,
            timeout=120,
        )

    return run
