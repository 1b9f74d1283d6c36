"""`bridge search`: ranked, explained resources for a profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bridge.cli.common import catalogue_option, fail_cleanly, filter_options, opened, terminal_width
from bridge.formats.results import SEARCH_FORMATS, render_results
from bridge.model import Query


@click.command(name="search")
@click.argument("text", nargs=-1)
@catalogue_option
@filter_options
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many records to show.",
)
@click.option(
    "--format", "fmt", type=click.Choice(SEARCH_FORMATS), default="table", show_default=True
)
@fail_cleanly
def command(
    text: tuple[str, ...], catalogue_dir: Path | None, top: int, fmt: str, **facets: Any
) -> None:
    """Ranked resources for a profile: free TEXT plus role, harms, regions, kinds and years."""
    engine = opened(catalogue_dir)
    results = engine.search(Query(text=" ".join(text), **facets), top=top)
    if fmt not in ("table", "json", "markdown"):
        for notice in results.notices:
            click.echo(f"note: {notice}", err=True)
    click.echo(render_results(fmt, results, engine.catalogue, width=terminal_width()), nl=False)
