"""`bridge pack`: a pack per participant, a group overview and suggested pairs, from a CSV
or XLSX registration export. The columns used and every inferred value are printed to
stderr first; a progress bar follows when stderr is a terminal."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

import click

from bridge.catalogue.writing import write_new_folder
from bridge.cli.common import catalogue_option, opened
from bridge.engine.rank import Engine
from bridge.errors import BridgeError, ProblemsFound
from bridge.formats.packs import workshop_files
from bridge.formats.room import inference_lines, mapping_lines
from bridge.workshop.columns import FIELDS, ColumnChoiceError
from bridge.workshop.packs import Workshop, build_workshop
from bridge.workshop.participants import Participant
from bridge.workshop.registration import read_room

COLUMN_HELP = (
    "Read FIELD from the column headed HEADER instead of the guess; FIELD is one of "
    f"{', '.join(FIELDS)}. Repeat it: name, harms, regions and interests may join several "
    "columns; FIELD= reads it from no column."
)


@click.command(name="pack")
@click.argument("participants", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="New folder for the packs (must not exist, or be empty).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1, max=50),
    default=10,
    show_default=True,
    help="Resources per pack.",
)
@click.option("--column", "columns", multiple=True, metavar="FIELD=HEADER", help=COLUMN_HELP)
@catalogue_option
def command(
    participants: Path, out: Path, top: int, columns: tuple[str, ...], catalogue_dir: Path | None
) -> None:
    """A pack per participant (Markdown and printable HTML), a group overview and pairs.

    PARTICIPANTS is a CSV or XLSX file, such as a registration form's export, with any
    headers: the columns for each field are guessed and printed, and the role, harms and
    regions are read from the job title, organisation and interests where no column
    gives them. Email and phone columns are never read."""
    chosen = _chosen_columns(columns)
    try:
        with _terminated_cleanly():
            workshop = _run(participants, out, top, chosen, catalogue_dir)
    except ProblemsFound as error:
        for problem in error.problems:
            where = f"row {problem.line}, " if problem.line else ""
            column = f"column {problem.field}: " if problem.field else ""
            click.echo(f"{problem.file}: {where}{column}{problem.message}", err=True)
        click.echo("nothing was written", err=True)
        sys.exit(1)
    except BridgeError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    click.echo(
        f"wrote {len(workshop.packs)} packs, the overview and "
        f"{len(workshop.pairs)} suggested pairs to {out}",
        err=True,
    )


def _run(
    participants: Path,
    out: Path,
    top: int,
    chosen: dict[str, list[str]],
    catalogue_dir: Path | None,
) -> Workshop:
    """Read the room, say how it was read, make the packs and write them, all or nothing."""
    engine = opened(catalogue_dir, contacts=True)
    catalogue = engine.catalogue
    try:
        _, registration = read_room(
            participants.read_bytes(),
            str(participants),
            catalogue.taxonomy,
            organisations=catalogue.organisations,
            columns=chosen,
        )
    except ColumnChoiceError as error:
        raise click.BadParameter(str(error), param_hint="'--column'") from error
    click.echo("columns (change one with --column FIELD=HEADER):", err=True)
    for line in mapping_lines(registration.mapping):
        click.echo(line, err=True)
    if not registration.column_problems:
        for line in inference_lines(registration, catalogue.taxonomy):
            click.echo(line, err=True)
    room = registration.participants()
    workshop = _build(room, engine, top)
    write_new_folder(workshop_files(workshop, catalogue), out)
    return workshop


def _chosen_columns(options: Sequence[str]) -> dict[str, list[str]]:
    """`--column FIELD=HEADER` options as field -> headers, in the order given."""
    chosen: dict[str, list[str]] = {}
    for option in options:
        field, equals, header = option.partition("=")
        if not equals:
            message = f"{option!r} is not FIELD=HEADER (for example job_title='Job title')"
            raise click.BadParameter(message, param_hint="'--column'")
        name = field.strip().lower().replace("-", "_").replace(" ", "_")
        headers = chosen.setdefault(name, [])
        if header.strip():
            headers.append(header.strip())
    return chosen


def _build(room: Sequence[Participant], engine: Engine, top: int) -> Workshop:
    """The workshop, with a progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        return build_workshop(room, engine, top=top)
    with click.progressbar(length=len(room), label="making packs", file=sys.stderr) as bar:
        return build_workshop(room, engine, top=top, progress=lambda done, total: bar.update(1))


@contextlib.contextmanager
def _terminated_cleanly() -> Iterator[None]:
    """A terminate signal (`kill`) ends the run as Ctrl-C does: the writer's clean-up runs,
    so no staging folder with participants' names is left behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
