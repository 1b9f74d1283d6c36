"""`bridge gaps`: record counts by harm x region, where evidence is thin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bridge.cli.common import catalogue_option, fail_cleanly, filter_options, opened
from bridge.engine.gaps import AXES, gap_table
from bridge.formats.gaps import gaps_csv, gaps_json, gaps_text
from bridge.model import Query


@click.command(name="gaps")
@catalogue_option
@filter_options
@click.option(
    "--view",
    type=click.Choice(AXES),
    default="harm-region",
    show_default=True,
    help="Rows and columns: harm x M49 region, harm x UNICEF region, role x harm, kind x harm.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json", "csv")),
    default="table",
    show_default=True,
)
@fail_cleanly
def command(catalogue_dir: Path | None, view: str, fmt: str, **facets: Any) -> None:
    """Record counts by harm x region (or other axes): where evidence is thin."""
    engine = opened(catalogue_dir)
    table = gap_table(engine, Query(**facets), axes=view)
    render = {"json": gaps_json, "csv": gaps_csv}.get(fmt, gaps_text)
    click.echo(render(table), nl=False)
