"""`bridge export`: the filtered catalogue in an export format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bridge.cli.common import catalogue_option, fail_cleanly, filter_options, opened
from bridge.formats.records import EXPORT_FORMATS, render
from bridge.model import Query


@click.command(name="export")
@catalogue_option
@filter_options
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True
)
@fail_cleanly
def command(catalogue_dir: Path | None, fmt: str, **facets: Any) -> None:
    """The filtered catalogue (all of it when no filter is given) in an export format."""
    engine = opened(catalogue_dir)
    resources, organisations = engine.exported(Query(**facets))
    click.echo(render(fmt, resources, engine.catalogue, organisations), nl=False)
