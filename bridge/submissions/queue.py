"""The review queue's operations: file a checked record, list and show what waits, approve
(validate again against the catalogue as it is now, then write the record into it, whole or
not at all) and reject with a reason.

Nothing about a visitor is stored: only the record they typed and when they sent it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa

from bridge.catalogue.curation import RECORDS_FOLDER, check_record, save_record
from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.record_yaml import resource_yaml
from bridge.catalogue.yamlfile import parse_yaml
from bridge.errors import BridgeError, CatalogueError, Problem, RecordExists
from bridge.model import Resource
from bridge.submissions.database import DatabaseUnavailable, database
from bridge.submissions.tables import submissions

Status = Literal["pending", "approved", "rejected"]
STATUSES: tuple[Status, ...] = ("pending", "approved", "rejected")
MAX_REASON = 2000


class NoSuchSubmission(BridgeError):
    """No submission has this id."""


class AlreadyDecided(BridgeError):
    """The submission was approved or rejected before."""


@dataclass(frozen=True, slots=True)
class Submission:
    """A submitted record and what became of it."""

    id: int
    record_id: str
    title: str
    record: str  # the record's YAML
    submitted_at: dt.datetime
    status: Status
    decided_at: dt.datetime | None = None
    reason: str | None = None
    path: str | None = None  # where approval wrote it, relative to the catalogue

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "record_id": self.record_id,
            "title": self.title,
            "submitted_at": self.submitted_at.isoformat(),
            "status": self.status,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "reason": self.reason,
            "path": self.path,
            "record": self.record,
        }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """Times in UTC, whether the database hands them back without a zone (SQLite) or in
    its own (PostgreSQL)."""
    if value is None:
        return None
    return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _submission(row: Any) -> Submission:
    return Submission(
        id=row.id,
        record_id=row.record_id,
        title=row.title,
        record=row.record,
        submitted_at=_utc(row.submitted_at) or _now(),
        status=row.status,
        decided_at=_utc(row.decided_at),
        reason=row.reason,
        path=row.path,
    )


class Queue:
    """The review queue in one database (see `bridge.submissions.database`)."""

    def __init__(self, url: str | None = None) -> None:
        self.engine = database(url)

    def submit(self, resource: Resource) -> Submission:
        """File a checked record for review; its YAML is what a curator will read."""
        values = {
            "record_id": resource.id,
            "title": resource.title,
            "record": resource_yaml(resource),
            "submitted_at": _now(),
            "status": "pending",
        }
        with self._connected() as connection:
            found = connection.execute(sa.insert(submissions).values(**values))
            key = found.inserted_primary_key
            assert key is not None
            return self._get(connection, int(key[0]))

    def list(self, status: Status | None = "pending") -> tuple[Submission, ...]:
        """Submissions, oldest first: those with `status`, or all of them for None."""
        query = sa.select(submissions).order_by(submissions.c.id)
        if status is not None:
            query = query.where(submissions.c.status == status)
        with self._connected() as connection:
            return tuple(_submission(row) for row in connection.execute(query))

    def get(self, submission_id: int) -> Submission:
        with self._connected() as connection:
            return self._get(connection, submission_id)

    def approve(self, submission_id: int, catalogue: str | Path) -> Submission:
        """Write the record into the catalogue in `catalogue` (checked again against it, under
        its lock, whole or not at all) and mark the submission approved."""
        root = Path(catalogue)
        with self._connected() as connection:
            found = self._pending(connection, submission_id)
            resource = _checked(found, root)
            path = _published(resource, found, root)
            self._decide(connection, submission_id, "approved", path=path)
            return self._get(connection, submission_id)

    def reject(self, submission_id: int, reason: str) -> Submission:
        """Mark the submission rejected, with the curator's reason."""
        reason = " ".join(reason.split())
        if not reason:
            raise BridgeError("give a reason for the rejection")
        if len(reason) > MAX_REASON:
            raise BridgeError(f"the reason is longer than {MAX_REASON} characters")
        with self._connected() as connection:
            self._pending(connection, submission_id)
            self._decide(connection, submission_id, "rejected", reason=reason)
            return self._get(connection, submission_id)

    @contextlib.contextmanager
    def _connected(self) -> Iterator[sa.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except sa.exc.OperationalError as error:
            raise DatabaseUnavailable("the submissions database cannot be reached") from error

    def _get(self, connection: sa.Connection, submission_id: int) -> Submission:
        row = connection.execute(
            sa.select(submissions).where(submissions.c.id == submission_id)
        ).first()
        if row is None:
            raise NoSuchSubmission(f"no submission has id {submission_id}")
        return _submission(row)

    def _pending(self, connection: sa.Connection, submission_id: int) -> Submission:
        """The submission, locked for this transaction where the database can; it must still
        wait for review."""
        query = sa.select(submissions).where(submissions.c.id == submission_id)
        if connection.dialect.name == "postgresql":
            query = query.with_for_update()
        row = connection.execute(query).first()
        if row is None:
            raise NoSuchSubmission(f"no submission has id {submission_id}")
        found = _submission(row)
        if found.status != "pending":
            raise AlreadyDecided(f"submission {submission_id} was {found.status} already")
        return found

    def _decide(
        self,
        connection: sa.Connection,
        submission_id: int,
        status: Status,
        *,
        reason: str | None = None,
        path: str | None = None,
    ) -> None:
        connection.execute(
            sa.update(submissions)
            .where(submissions.c.id == submission_id)
            .values(status=status, decided_at=_now(), reason=reason, path=path)
        )


def _checked(found: Submission, root: Path) -> Resource:
    """The submitted record, valid against the catalogue as it is now."""
    name = f"submission {found.id}"
    document = parse_yaml(found.record.encode("utf-8"), name)
    if isinstance(document, Problem):
        raise CatalogueError((document,))
    if not isinstance(document.data, dict):
        raise CatalogueError((Problem(name, None, "", "the record is not a mapping"),))
    catalogue = read_catalogue(root).catalogue
    resource, problems = check_record(document.data, catalogue, file=name)
    if resource is None:
        if _already_published(found, root):
            return _same(found, root)
        raise CatalogueError(problems)
    return resource


def _published(resource: Resource, found: Submission, root: Path) -> str:
    """Write the record into the catalogue; an approval killed after the write and before
    the database heard of it left the very same file, which counts as written."""
    target = root / RECORDS_FOLDER / f"{resource.id}.yaml"
    if not _already_published(found, root):
        try:
            save_record(resource, root)
        except RecordExists:
            if not _already_published(found, root):
                raise
    return target.relative_to(root).as_posix()


def _already_published(found: Submission, root: Path) -> bool:
    target = root / RECORDS_FOLDER / f"{found.record_id}.yaml"
    try:
        return target.read_text(encoding="utf-8") == found.record
    except OSError:
        return False


def _same(found: Submission, root: Path) -> Resource:
    """The record of a file an earlier, interrupted approval wrote (it is the submission)."""
    catalogue = read_catalogue(root).catalogue
    return catalogue.resource(found.record_id)
