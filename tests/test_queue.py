"""The review queue (bridge.submissions.queue) on SQLite and on a real PostgreSQL server:
filing, listing, approving into a catalogue (checked again, whole or not at all) and
rejecting; its tables made by the migrations; one queue shared by two processes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from literal import RESOURCE_RECORDS

import bridge
from bridge.catalogue.curation import check_record
from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.yamlfile import parse_yaml
from bridge.errors import BridgeError, CatalogueError
from bridge.model import Resource
from bridge.submissions.database import DatabaseUnavailable, _driver_url
from bridge.submissions.queue import AlreadyDecided, NoSuchSubmission, Queue

RECORD = """\
id: helpline-guide
kind: toolkit
title: A Helpline Guide
summary: >-
  An imaginary guide, made up for these tests, on how counsellors at a child helpline answer
  young people who are being blackmailed with intimate images, and what to say first.
organisation: helpline-net
url: https://helpline.example.org/guide
roles: [helpline]
harms: [sextortion]
regions: [Kenya]
sources:
- url: https://helpline.example.org/guide
  title: The guide
  accessed: 2026-11-30
"""


def checked(catalogue_dir: Path, text: str = RECORD) -> Resource:
    """The record as the Add page hands it to the queue: checked against the catalogue."""
    document = parse_yaml(text.encode(), "record")
    assert not isinstance(document, bridge.Problem)
    resource, problems = check_record(document.data, read_catalogue(catalogue_dir).catalogue)
    assert problems == () and resource is not None
    return resource


def record_files(catalogue_dir: Path) -> list[str]:
    return sorted(p.name for p in (catalogue_dir / "records").iterdir())


def test_a_submission_waits_as_its_yaml(queue_url: str, catalogue_dir: Path) -> None:
    queue = Queue(queue_url)
    filed = queue.submit(checked(catalogue_dir))
    assert (filed.record_id, filed.title, filed.record, filed.status) == (
        "helpline-guide",
        "A Helpline Guide",
        RECORD,
        "pending",
    )
    assert filed.submitted_at.tzinfo == dt.UTC
    assert (filed.decided_at, filed.reason, filed.path) == (None, None, None)
    assert queue.list("pending") == (filed,)
    assert queue.list("approved") == ()
    assert queue.get(filed.id) == filed


def test_approval_writes_the_record_into_the_catalogue(queue_url: str, catalogue_dir: Path) -> None:
    queue = Queue(queue_url)
    filed = queue.submit(checked(catalogue_dir))
    done = queue.approve(filed.id, catalogue_dir)
    assert (done.status, done.path) == ("approved", "records/helpline-guide.yaml")
    assert (catalogue_dir / "records" / "helpline-guide.yaml").read_text() == RECORD
    report = read_catalogue(catalogue_dir)
    assert report.problems == ()
    assert report.catalogue.resource("helpline-guide").title == "A Helpline Guide"
    assert queue.list("pending") == ()
    with pytest.raises(AlreadyDecided, match="was approved already"):
        queue.approve(filed.id, catalogue_dir)
    with pytest.raises(AlreadyDecided):
        queue.reject(filed.id, "too late")


def test_rejection_keeps_the_reason_and_writes_nothing(queue_url: str, catalogue_dir: Path) -> None:
    queue = Queue(queue_url)
    before = record_files(catalogue_dir)
    filed = queue.submit(checked(catalogue_dir))
    with pytest.raises(BridgeError, match="give a reason"):
        queue.reject(filed.id, "   ")
    with pytest.raises(BridgeError, match="longer than 2000"):
        queue.reject(filed.id, "x" * 2001)
    done = queue.reject(filed.id, "No  source\nsupports the year.")
    assert (done.status, done.reason, done.path) == (
        "rejected",
        "No source supports the year.",
        None,
    )
    assert record_files(catalogue_dir) == before
    with pytest.raises(AlreadyDecided, match="was rejected already"):
        queue.approve(filed.id, catalogue_dir)
    assert record_files(catalogue_dir) == before


def test_a_record_no_longer_valid_is_not_approved(queue_url: str, catalogue_dir: Path) -> None:
    """The same id written into the catalogue since: approval refuses, names the problem,
    writes nothing and leaves the submission pending."""
    queue = Queue(queue_url)
    filed = queue.submit(checked(catalogue_dir))
    other = RECORD.replace("A Helpline Guide", "Another Guide")
    (catalogue_dir / "records" / "helpline-guide.yaml").write_text(other)
    with pytest.raises(CatalogueError) as refused:
        queue.approve(filed.id, catalogue_dir)
    assert [p.message for p in refused.value.problems] == [
        "a record with id 'helpline-guide' already exists "
        f"({catalogue_dir / 'records' / 'helpline-guide.yaml'}); choose another id"
    ]
    assert (catalogue_dir / "records" / "helpline-guide.yaml").read_text() == other
    assert queue.get(filed.id).status == "pending"


def test_an_unknown_id_is_named(queue_url: str, catalogue_dir: Path) -> None:
    queue = Queue(queue_url)
    for act in (
        lambda: queue.get(41),
        lambda: queue.approve(41, catalogue_dir),
        lambda: queue.reject(41, "no"),
    ):
        with pytest.raises(NoSuchSubmission, match="^no submission has id 41$"):
            act()


def test_the_migrations_make_the_tables_once(queue_url: str, catalogue_dir: Path) -> None:
    """A second engine on the same database finds the tables at the newest revision and the
    rows filed through the first."""
    filed = Queue(queue_url).submit(checked(catalogue_dir))
    engine = sa.create_engine(_driver_url(queue_url))
    try:
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            revision = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            assert {"submissions", "alembic_version"} <= tables
            assert revision.scalars().all() == ["0001"]
            titles = connection.execute(sa.text("SELECT title FROM submissions")).scalars()
            assert titles.all() == [filed.title]
    finally:
        engine.dispose()


def test_two_approvals_at_once_write_the_record_once(
    postgres_url: str, catalogue_dir: Path
) -> None:
    """Two curators approving the same submission at once (PostgreSQL, row lock): one
    approves, the other is told it was decided; the file is written once."""
    queue = Queue(postgres_url)
    filed = queue.submit(checked(catalogue_dir))
    outcomes: list[str] = []

    def approve() -> None:
        try:
            Queue(postgres_url).approve(filed.id, catalogue_dir)
            outcomes.append("approved")
        except AlreadyDecided:
            outcomes.append("already decided")

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already decided", "approved"]
    assert (catalogue_dir / "records" / "helpline-guide.yaml").read_text() == RECORD
    assert sorted(record_files(catalogue_dir)) == sorted(
        [f"{r}.yaml" for r in RESOURCE_RECORDS] + ["helpline-guide.yaml"]
    )


def test_another_process_sees_the_same_queue(queue_url: str, catalogue_dir: Path) -> None:
    """What one process files, another lists and approves (as two app copies and a curator's
    shell share one database)."""
    filed = Queue(queue_url).submit(checked(catalogue_dir))
    env = {"BRIDGE_DATABASE_URL": queue_url, "PATH": "/usr/bin:/bin"}

    def bridge_cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bridge", "submissions", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    listed = json.loads(bridge_cli("list", "--format", "json"))
    assert [s["id"] for s in listed["submissions"]] == [filed.id]
    bridge_cli("approve", str(filed.id), "--catalogue", str(catalogue_dir))
    assert Queue(queue_url).get(filed.id).status == "approved"


def test_a_database_that_cannot_be_reached_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="cannot be opened: OperationalError"):
        Queue("postgresql://nobody@/none?host=/nonexistent-socket-folder&port=1")
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(DatabaseUnavailable, match="cannot be opened: FileExistsError"):
        Queue(f"sqlite:///{tmp_path / 'file' / 'queue.sqlite3'}")
