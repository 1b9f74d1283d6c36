"""`bridge pack`: a pack per participant, a group overview and suggested pairs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bridge.catalogue.writing import write_new_folder
from bridge.cli.common import catalogue_option, opened
from bridge.errors import BridgeError, ProblemsFound
from bridge.formats.packs import workshop_files
from bridge.workshop.packs import build_workshop
from bridge.workshop.participants import read_participants


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
@catalogue_option
def command(participants: Path, out: Path, top: int, catalogue_dir: Path | None) -> None:
    """A pack per participant (Markdown and printable HTML), a group overview and pairs."""
    try:
        engine = opened(catalogue_dir)
        catalogue = engine.catalogue
        room = read_participants(participants.read_bytes(), str(participants), catalogue.taxonomy)
        workshop = build_workshop(room, engine, top=top)
        write_new_folder(workshop_files(workshop, catalogue), out)
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
