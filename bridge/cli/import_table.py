"""`bridge import`: spreadsheet rows to validated YAML records, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click

from bridge.catalogue.importing import import_into
from bridge.catalogue.location import default_catalogue_dir
from bridge.cli.common import catalogue_option, fail_cleanly
from bridge.cli.progress import terminal_progress
from bridge.formats.terminal import counted


@click.command(name="import")
@click.argument("table", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write one YAML file per record into.",
)
@catalogue_option
@fail_cleanly
def command(table: Path, out: Path, catalogue_dir: Path | None) -> None:
    """Spreadsheet rows to validated YAML records; nothing is written unless every row is
    valid, and all of them appear at once."""
    with terminal_progress("writing records") as progress:
        done = import_into(table, out, catalogue_dir or default_catalogue_dir(), progress=progress)
    if done.rolled_back:
        click.echo(
            f"removed {counted(len(done.rolled_back), 'file')} that an interrupted import had "
            "left half-published",
            err=True,
        )
    click.echo(f"wrote {counted(len(done.written), 'record')} to {out}", err=True)
