"""`bridge submissions` through click's runner, and once as a subprocess: list, show,
approve, reject and hash-password, with their errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from literal import Invoke, RunBridge
from test_queue import RECORD, checked

from bridge.submissions.curators import verify
from bridge.submissions.queue import Queue, Submission


@pytest.fixture
def queue_file(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'queue.sqlite3'}"


@pytest.fixture
def filed(queue_file: str, catalogue_dir: Path) -> Submission:
    return Queue(queue_file).submit(checked(catalogue_dir))


def test_list_prints_each_waiting_record(
    invoke: Invoke, queue_file: str, filed: Submission
) -> None:
    result = invoke("submissions", "list", "--database", queue_file)
    assert result.exit_code == 0, result.output
    when = filed.submitted_at.strftime("%Y-%m-%d %H:%M")
    assert result.stdout == f"    1  pending   {when}  helpline-guide  A Helpline Guide\n"
    assert result.stderr == "1 pending submission\n"


def test_list_as_json(invoke: Invoke, queue_file: str, filed: Submission) -> None:
    result = invoke("submissions", "list", "--database", queue_file, "--format", "json")
    assert json.loads(result.stdout) == {"submissions": [filed.as_json()]}


def test_show_prints_the_record(invoke: Invoke, queue_file: str, filed: Submission) -> None:
    result = invoke("submissions", "show", "1", "--database", queue_file)
    when = filed.submitted_at.strftime("%Y-%m-%d %H:%M")
    assert result.stdout == f"# submission 1: pending, sent {when} UTC\n" + RECORD


def test_approve_writes_into_the_catalogue(
    invoke: Invoke, queue_file: str, filed: Submission, catalogue_dir: Path
) -> None:
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
    missing = invoke("submissions", "reject", "1", "--database", queue_file)
    assert missing.exit_code == 2 and "Missing option '--reason'" in missing.stderr
    result = invoke("submissions", "reject", "1", "--reason", "no source", "--database", queue_file)
    assert (result.exit_code, result.stderr) == (0, "rejected submission 1\n")
    assert Queue(queue_file).get(1).reason == "no source"


def test_an_unknown_id_exits_1_naming_it(invoke: Invoke, queue_file: str) -> None:
    result = invoke("submissions", "show", "9", "--database", queue_file)
    assert (result.exit_code, result.stderr) == (1, "Error: no submission has id 9\n")


def test_hash_password_reads_stdin_and_refuses_short_ones(invoke: Invoke) -> None:
    from click.testing import CliRunner

    from bridge.cli import main

    made = CliRunner().invoke(main, ["submissions", "hash-password"], input="long enough pass\n")
    assert made.exit_code == 0, made.output
    assert verify("long enough pass", made.stdout.strip())
    short = CliRunner().invoke(main, ["submissions", "hash-password"], input="short\n")
    assert short.exit_code == 2
    assert "at least 12 characters" in short.stderr


def test_submissions_list_as_a_subprocess(
    run_bridge: RunBridge, queue_file: str, filed: Submission
) -> None:
    done = run_bridge("submissions", "list", "--database", queue_file, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [s["record_id"] for s in json.loads(done.stdout)["submissions"]] == ["helpline-guide"]
