"""The two commands' Makefile: `make run` serves this machine only unless told otherwise."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from literal import REPO


def dry_run(*args: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    done = subprocess.run(
        ["make", "-n", *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_make_run_listens_on_this_machine_only_by_default() -> None:
    [command] = [line for line in dry_run("run").splitlines() if "streamlit run" in line]
    assert command.endswith("streamlit run app.py --server.address 127.0.0.1 --server.port 8501")


def test_make_run_serves_others_when_told() -> None:
    [command] = [
        line
        for line in dry_run("run", "ADDRESS=0.0.0.0", "PORT=9000").splitlines()
        if "streamlit run" in line
    ]
    assert command.endswith("streamlit run app.py --server.address 0.0.0.0 --server.port 9000")
