"""`bridge validate`: every problem of every record and the taxonomy, placed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.stats import catalogue_stats
from bridge.cli.common import catalogue_option, fail_cleanly
from bridge.engine.similarity import near_duplicates
from bridge.formats.terminal import counted


@click.command(name="validate")
@catalogue_option
@click.option(
    "--strict",
    is_flag=True,
    help="Also fail (exit 1) on warnings: a resource without its own url, a record without a "
    "source url, a misspelt tag, two resources sharing a url, near-duplicates.",
)
@click.option(
    "--stats", is_flag=True, help="Print the curator's summary: counts, coverage, empty fields."
)
@fail_cleanly
def command(catalogue_dir: Path | None, strict: bool, stats: bool) -> None:
    """Check every record and the taxonomy; print `path:line: message` per problem."""
    report = read_catalogue(catalogue_dir)
    for problem in report.problems:
        click.echo(str(problem))
    catalogue = report.catalogue
    duplicates = near_duplicates(catalogue)
    warnings = [str(n) for n in report.notices] + [str(pair) for pair in duplicates]
    for warning in warnings:
        click.echo(f"warning: {warning}")
    if stats:
        click.echo(catalogue_stats(catalogue))
    counts = (
        f"{counted(len(catalogue.resources), 'resource')}, "
        f"{counted(len(catalogue.organisations), 'organisation')}"
    )
    if report.problems or (strict and warnings):
        summary = f"{counted(len(report.problems), 'problem')}, {counted(len(warnings), 'warning')}"
        click.echo(f"{summary}; {counts} valid", err=True)
        sys.exit(1)
    warned = f" ({counted(len(warnings), 'warning')})" if warnings else ""
    click.echo(f"ok: {counts}{warned}", err=True)
