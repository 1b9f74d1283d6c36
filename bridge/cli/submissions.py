"""`bridge submissions`: the review queue of records submitted in the web app."""

from __future__ import annotations

import json
import sys
import typing
from pathlib import Path

import click

from bridge.catalogue.location import default_catalogue_dir
from bridge.cli.common import catalogue_option, fail_cleanly
from bridge.submissions.curators import password_hash
from bridge.submissions.queue import STATUSES, Queue, Status, Submission

database_option = click.option(
    "--database",
    "database_url",
    envvar="BRIDGE_DATABASE_URL",
    default=None,
    help="The queue's database URL (default: $BRIDGE_DATABASE_URL, else a SQLite file in "
    "the user's data folder).",
)


@click.group(name="submissions")
def command() -> None:
    """The review queue: list, show, approve (writes into the catalogue) or reject."""


def _line(found: Submission) -> str:
    when = found.submitted_at.strftime("%Y-%m-%d %H:%M")
    return f"{found.id:>5}  {found.status:<8}  {when}  {found.record_id}  {found.title}"


@command.command(name="list")
@database_option
@click.option(
    "--status",
    type=click.Choice((*STATUSES, "all")),
    default="pending",
    show_default=True,
    help="Which submissions to list.",
)
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
@fail_cleanly
def list_(database_url: str | None, status: str, fmt: str) -> None:
    """The submissions waiting for review (or those of another status), oldest first."""
    chosen = None if status == "all" else typing.cast(Status, status)
    found = Queue(database_url).list(chosen)
    if fmt == "json":
        click.echo(json.dumps({"submissions": [s.as_json() for s in found]}, indent=2))
        return
    for submission in found:
        click.echo(_line(submission))
    click.echo(f"{len(found)} {status} submission{'' if len(found) == 1 else 's'}", err=True)


@command.command(name="show")
@click.argument("submission_id", type=int)
@database_option
@click.option("--format", "fmt", type=click.Choice(("yaml", "json")), default="yaml")
@fail_cleanly
def show(submission_id: int, database_url: str | None, fmt: str) -> None:
    """One submission: its status and the record's YAML."""
    found = Queue(database_url).get(submission_id)
    if fmt == "json":
        click.echo(json.dumps(found.as_json(), indent=2))
        return
    click.echo(
        f"# submission {found.id}: {found.status}, sent {found.submitted_at:%Y-%m-%d %H:%M} UTC"
    )
    if found.reason:
        click.echo(f"# reason: {found.reason}")
    click.echo(found.record, nl=False)


@command.command(name="approve")
@click.argument("submission_id", type=int)
@database_option
@catalogue_option
@fail_cleanly
def approve(submission_id: int, database_url: str | None, catalogue_dir: Path | None) -> None:
    """Write the record into the catalogue (checked again against it) and mark it approved."""
    root = catalogue_dir or default_catalogue_dir()
    found = Queue(database_url).approve(submission_id, root)
    click.echo(f"approved submission {found.id}: wrote {root / (found.path or '')}", err=True)


@command.command(name="reject")
@click.argument("submission_id", type=int)
@click.option("--reason", required=True, help="Why the record is not taken (kept with it).")
@database_option
@fail_cleanly
def reject(submission_id: int, reason: str, database_url: str | None) -> None:
    """Mark the submission rejected, with the reason; the catalogue is not touched."""
    found = Queue(database_url).reject(submission_id, reason)
    click.echo(f"rejected submission {found.id}", err=True)


@command.command(name="hash-password")
def hash_password() -> None:
    """Print the hash of a curator password (asked for, twice) for the app's configuration."""
    if sys.stdin.isatty():
        password = click.prompt("Curator password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    if len(password) < 12:
        raise click.UsageError("use a password of at least 12 characters")
    click.echo(password_hash(password))
