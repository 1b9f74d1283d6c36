"""Progress on stderr (bridge.cli.progress): a bar on a terminal, nothing in a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from literal import build_catalogue, bulk_table

from bridge.cli.common import BUILDING
from bridge.cli.progress import terminal_progress


def test_off_a_terminal_there_is_no_progress(capsys) -> None:  # type: ignore[no-untyped-def]
    with terminal_progress("writing records") as progress:
        assert progress is None
    assert capsys.readouterr() == ("", "")


def test_an_import_on_a_terminal_draws_its_bar_on_stderr(tmp_path: Path) -> None:
    """`bridge import` with stderr on a pseudo-terminal: the bar's label and the finished
    line reach the terminal; stdout (a pipe) stays empty."""
    root = build_catalogue(tmp_path / "catalogue")
    table = bulk_table(root, tmp_path, count=300)
    command = [sys.executable, "-m", "bridge", "import", str(table),
               "--out", str(root / "records"), "--catalogue", str(root)]  # fmt: skip
    stdout, text = on_a_terminal(command, dict(os.environ))
    assert stdout == b""
    assert "writing records" in text
    assert "writing records  [####" in text and "100%" in text
    assert text.rstrip().endswith(f"wrote 300 records to {root / 'records'}")


def test_an_import_in_a_pipe_says_only_what_it_wrote(tmp_path: Path) -> None:
    root = build_catalogue(tmp_path / "catalogue")
    table = bulk_table(root, tmp_path, count=1)
    done = subprocess.run(
        [sys.executable, "-m", "bridge", "import", str(table), "--out", str(root / "records"),
         "--catalogue", str(root)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == f"wrote 1 record to {root / 'records'}\n"


def test_a_first_build_on_a_terminal_says_it_is_under_way(tmp_path: Path) -> None:
    """`bridge search` on a catalogue not yet indexed, stderr a terminal: the building line
    reaches it; the second run reads the index back and says nothing of it."""
    root = build_catalogue(tmp_path / "catalogue")
    env = {**os.environ, "BRIDGE_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "bridge", "search", "helplines", "--catalogue", str(root)]
    shown = [on_a_terminal(command, env)[1] for _ in range(2)]
    assert [BUILDING in text for text in shown] == [True, False]


def on_a_terminal(command: list[str], env: dict[str, str]) -> tuple[bytes, str]:
    """What a successful command writes to stdout (a pipe) and to stderr when stderr is a
    pseudo-terminal."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            command, stdout=subprocess.PIPE, stderr=follower, env=env, timeout=300, check=False
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    text = shown.decode("utf-8", "replace")
    assert done.returncode == 0, text
    return done.stdout, text
