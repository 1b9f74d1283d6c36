"""`bridge submissions` through click's runner: list, show, approve, reject and
hash-password, with their errors (the console script is smoked in test_cli_smoke.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from literal import Invoke
from test_queue import RECORD, checked

from bridge.cli import main
from bridge.submissions.curators import verify
from bridge.submissions.queue import Queue, Submission


@pytest.fixture
def queue_file(tmp_path: Path) -> str:
    """An empty queue in a SQLite file of this test."""
    return f"sqlite:///{tmp_path / 'queue.sqlite3'}"


@pytest.fixture
def filed(queue_file: str, catalogue_dir: Path) -> Submission:
    """One record sent for review."""
    return Queue(queue_file).submit(checked(catalogue_dir))


def test_list_prints_each_waiting_record(
    invoke: Invoke, queue_file: str, filed: Submission
) -> None:
    """list: one line per waiting record (number, state, when, id, title), a count on stderr."""
    result = invoke("submissions", "list", "--database", queue_file)
    assert result.exit_code == 0, result.output
    when = filed.submitted_at.strftime("%Y-%m-%d %H:%M")
    assert result.stdout == f"    1  pending   {when}  helpline-guide  A Helpline Guide\n"
    assert result.stderr == "1 pending submission\n"


def test_list_as_json(invoke: Invoke, queue_file: str, filed: Submission) -> None:
    """list --format json: one document holding every submission as the queue gives it, and
    nothing on stderr."""
    result = invoke("submissions", "list", "--database", queue_file, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == {"submissions": [filed.as_json()]}


def test_show_prints_the_record(invoke: Invoke, queue_file: str, filed: Submission) -> None:
    """show: a comment line with the state and time, then the record's YAML as filed."""
    result = invoke("submissions", "show", "1", "--database", queue_file)
    assert (result.exit_code, result.stderr) == (0, "")
    when = filed.submitted_at.strftime("%Y-%m-%d %H:%M")
    assert result.stdout == f"# submission 1: pending, sent {when} UTC\n" + RECORD


def test_approve_writes_into_the_catalogue(
    invoke: Invoke, queue_file: str, filed: Submission, catalogue_dir: Path
) -> None:
    """approve writes the record into the catalogue once; a second approval exits 1."""
    result = invoke(
        "submissions", "approve", "1", "--database", queue_file, "--catalogue", catalogue_dir
    )
    assert result.exit_code == 0, result.output
    target = catalogue_dir / "records" / "helpline-guide.yaml"
    assert result.stderr == f"approved submission 1: wrote {target}\n"
    assert target.read_text() == RECORD
    again = invoke(
        "submissions", "approve", "1", "--database", queue_file, "--catalogue", catalogue_dir
    )
    assert (again.exit_code, again.stderr) == (1, "Error: submission 1 was approved already\n")


def test_reject_needs_a_reason_and_keeps_it(
    invoke: Invoke, queue_file: str, filed: Submission
) -> None:
    """reject without --reason is a usage error; with one, the queue keeps the reason."""
    missing = invoke("submissions", "reject", "1", "--database", queue_file)
    assert (missing.exit_code, missing.stderr.splitlines()[-1]) == (
        2,
        "Error: Missing option '--reason'.",
    )
    result = invoke("submissions", "reject", "1", "--reason", "no source", "--database", queue_file)
    assert (result.exit_code, result.stderr) == (0, "rejected submission 1\n")
    assert Queue(queue_file).get(1).reason == "no source"


def test_an_unknown_id_exits_1_naming_it(invoke: Invoke, queue_file: str) -> None:
    """show of a number the queue does not hold: exit 1, the number named."""
    result = invoke("submissions", "show", "9", "--database", queue_file)
    assert (result.exit_code, result.stderr) == (1, "Error: no submission has id 9\n")


def test_hash_password_reads_stdin_and_refuses_short_ones() -> None:
    """hash-password prints an scrypt hash of the password read from stdin, one that verifies;
    a password under 12 characters is a usage error."""
    made = CliRunner().invoke(main, ["submissions", "hash-password"], input="long enough pass\n")
    assert (made.exit_code, made.stderr) == (0, ""), made.output
    assert re.fullmatch(r"scrypt\$16384\$8\$1\$[\w=-]+\$[\w=-]+\n", made.stdout)
    assert verify("long enough pass", made.stdout.strip())
    short = CliRunner().invoke(main, ["submissions", "hash-password"], input="short\n")
    assert (short.exit_code, short.stdout, short.stderr.splitlines()[-1]) == (
        2,
        "",
        "Error: use a password of at least 12 characters",
    )
