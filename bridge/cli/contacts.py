"""`bridge contacts`: organisations ranked for a profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bridge.cli.common import catalogue_option, fail_cleanly, opened, terminal_width
from bridge.formats.contacts import CONTACT_FORMATS, render_contacts
from bridge.model import Query


@click.command(name="contacts")
@click.argument("text", nargs=-1)
@catalogue_option
@click.option("--role", help="Your role: organisations in the sectors it looks to rank first.")
@click.option("--harm", "harms", multiple=True, help="Harm type; repeat for several (OR).")
@click.option("--region", "regions", multiple=True, help="Country, region or group; repeat (OR).")
@click.option("--sector", "sectors", multiple=True, help="Sector; repeat for several (OR).")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(CONTACT_FORMATS), default="table", show_default=True
)
@fail_cleanly
def command(
    text: tuple[str, ...],
    catalogue_dir: Path | None,
    sectors: tuple[str, ...],
    top: int,
    fmt: str,
    **facets: Any,
) -> None:
    """Organisations ranked for a profile, with sector, focus, contact channel and their work."""
    engine = opened(catalogue_dir, contacts=True)
    query = Query(text=" ".join(text), **facets)
    results = engine.contacts(query, sectors=sectors, top=top)
    if fmt == "csv":
        for notice in results.notices:
            click.echo(f"note: {notice}", err=True)
    rendered = render_contacts(fmt, results, engine.catalogue, query, width=terminal_width())
    click.echo(rendered, nl=False)
