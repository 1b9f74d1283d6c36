"""`bridge import`: spreadsheet rows to validated YAML records, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bridge.catalogue.importing import import_table
from bridge.catalogue.location import default_catalogue_dir
from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.record_yaml import resource_yaml
from bridge.catalogue.writing import write_new_files
from bridge.cli.common import catalogue_option, fail_cleanly, warn


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
    """Spreadsheet rows to validated YAML records; nothing is written unless every row is valid."""
    report = read_catalogue(catalogue_dir)
    warn(report.problems)
    catalogue = report.catalogue
    root = (catalogue_dir or default_catalogue_dir()).resolve()
    inside = out.resolve().is_relative_to(root)
    taken = {r.id: r.origin for r in catalogue.resources} if inside else None
    resources = import_table(table, catalogue, taken=taken)
    try:
        written = write_new_files({f"{r.id}.yaml": resource_yaml(r) for r in resources}, out)
    except OSError as error:
        click.echo(f"Error: cannot write to {out}: {error.strerror}; nothing was written", err=True)
        sys.exit(1)
    click.echo(f"wrote {len(written)} records to {out}", err=True)
