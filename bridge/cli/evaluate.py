"""`bridge eval`: nDCG@10 and must-see@3 of judged profiles, a BM25 baseline beside."""

from __future__ import annotations

from pathlib import Path

import click

from bridge.cli.common import catalogue_option, fail_cleanly, opened
from bridge.formats.evaluation import evaluation_json, evaluation_table
from bridge.quality.evaluation import evaluate
from bridge.quality.judged import read_judged


@click.command(name="eval")
@click.argument("profiles", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@catalogue_option
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True
)
@click.option(
    "--baseline",
    type=click.Choice(("bm25",)),
    default=None,
    help="Also score a plain BM25 ranking of the profile text, side by side.",
)
@fail_cleanly
def command(profiles: Path, catalogue_dir: Path | None, fmt: str, baseline: str | None) -> None:
    """nDCG@10 and must-see@3 per judged profile, and their means."""
    engine = opened(catalogue_dir)
    catalogue = engine.catalogue
    judged = read_judged(profiles)
    ours = evaluate(judged, lambda q: [m.record for m in engine.search(q).matches], catalogue)
    other = None
    if baseline == "bm25":
        from bridge.quality.baseline import BM25

        other = evaluate(judged, BM25(catalogue).rank, catalogue)
    render = evaluation_json if fmt == "json" else evaluation_table
    click.echo(render(ours, other), nl=False)
