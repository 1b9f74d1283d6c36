"""`bridge links`: every url and source URL of the catalogue checked; the dead, moved and
slow ones named by file and line."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import click

from bridge.catalogue.location import default_catalogue_dir
from bridge.cli.common import catalogue_option, fail_cleanly
from bridge.errors import CatalogueError, Problem, SaveFailed
from bridge.formats.terminal import counted
from bridge.web.checks import CHECKS_FILE, read_link_checks, write_link_checks
from bridge.web.fetching import FetchPolicy
from bridge.web.links import catalogue_links, check_links, due, report_lines


@click.command(name="links")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=120),
    default=10.0,
    show_default=True,
    help="Seconds a link may take to answer at each step; a link slower than that is slow.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Links checked at once (at most two to any one host).",
)
@click.option(
    "--max-age",
    "max_age",
    type=click.FloatRange(min=0),
    default=None,
    metavar="DAYS",
    help="Skip links checked less than DAYS ago; their earlier result is reported again.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a line per dead, moved or slow link; json: every link and its result.",
)
@catalogue_option
@fail_cleanly
def command(
    timeout: float,
    concurrency: int,
    max_age: float | None,
    output_format: str,
    catalogue_dir: Path | None,
) -> None:
    """Check every url and source URL of the catalogue (HEAD, then GET where HEAD is
    refused; redirects followed). Prints `path:line: url: what happened` for each dead
    (4xx, 5xx, no such host), moved (a permanent redirect, with the new address) and slow
    link; exit 1 if any is dead. Results are kept in the catalogue's link-checks.json."""
    root = catalogue_dir or default_catalogue_dir()
    if not root.is_dir():
        raise CatalogueError((Problem(str(root), None, "", "no such catalogue folder"),))
    places = catalogue_links(root)
    now = dt.datetime.now(dt.UTC)
    to_check, kept = due(
        (p.url for p in places), read_link_checks(root), max_age_days=max_age, now=now
    )
    policy = FetchPolicy(allow_private=True, timeout=timeout)
    results = kept | check_links(to_check, policy=policy, concurrency=concurrency)
    try:
        write_link_checks(root, results)
    except SaveFailed as error:
        click.echo(f"warning: {error}", err=True)
    if output_format == "json":
        links = [
            {"file": p.file, "line": p.line, "field": p.field, "url": p.url}
            | {k: v for k, v in asdict(results[p.url]).items() if k != "url"}
            for p in places
        ]
        click.echo(json.dumps({"links": links}, indent=2, ensure_ascii=False))
    else:
        for line in report_lines(places, results, earlier=kept):
            click.echo(line)
    verdicts: Counter[str] = Counter(results[p.url].verdict for p in places)
    _summary(len(places), len(results), len(to_check), verdicts)
    if verdicts["dead"]:
        sys.exit(1)


def _summary(places: int, addresses: int, asked: int, verdicts: Counter[str]) -> None:
    found = ", ".join(
        f"{verdicts[v]} {v}" for v in ("dead", "moved", "slow", "redirected", "ok") if verdicts[v]
    )
    click.echo(
        f"{counted(places, 'link')} to {addresses} address{'' if addresses == 1 else 'es'} "
        f"({asked} asked now, "
        f"{addresses - asked} from the earlier checks in {CHECKS_FILE}): {found or 'none'}",
        err=True,
    )
