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


@pytest.mark.parametrize("target", ["run", "test", "bench"])
def test_an_edited_module_is_byte_compiled_before_the_target_runs(target: str) -> None:
    """A command then reads bridge's bytecode instead of compiling its modules, even where
    PYTHONDONTWRITEBYTECODE keeps Python from writing it."""
    lines = dry_run("-W", "bridge/model.py", target).splitlines()
    [compiled] = [
        at for at, line in enumerate(lines) if "-m compileall -q app.py bridge ui" in line
    ]
    first_use = next(
        at
        for at, line in enumerate(lines)
        if "streamlit run" in line or "-m pytest" in line or "-m bench" in line
    )
    assert compiled < first_use
