"""The `bridge` command: parses options, calls the library, prints. Nothing else."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from bridge.catalogue.importing import import_table
from bridge.catalogue.location import default_catalogue_dir
from bridge.catalogue.reading import LoadReport, read_catalogue
from bridge.catalogue.record_yaml import resource_yaml
from bridge.catalogue.stats import catalogue_stats
from bridge.catalogue.writing import write_new_files, write_new_folder
from bridge.engine.filters import filtered, resolve_filters
from bridge.engine.gaps import VIEWS, gap_table
from bridge.engine.rank import Engine
from bridge.engine.similarity import near_duplicates
from bridge.errors import BridgeError, CatalogueError, UnknownTerm
from bridge.formats.contacts import CONTACT_FORMATS, render_contacts
from bridge.formats.evaluation import evaluation_json, evaluation_table
from bridge.formats.gaps import gaps_csv, gaps_json, gaps_text
from bridge.formats.packs import workshop_files
from bridge.formats.records import EXPORT_FORMATS, render
from bridge.formats.results import SEARCH_FORMATS, render_results
from bridge.model import Catalogue, Query
from bridge.quality.baseline import BM25
from bridge.quality.evaluation import evaluate
from bridge.quality.judged import read_profiles
from bridge.workshop.packs import build_workshop
from bridge.workshop.participants import read_participants


def _fail_cleanly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Expected errors become a message and an exit code, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UnknownTerm as error:
            raise click.UsageError(str(error)) from error
        except CatalogueError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            sys.exit(1)
        except BridgeError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)

    return wrapper


catalogue_option = click.option(
    "--catalogue",
    "catalogue_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="BRIDGE_CATALOGUE",
    default=None,
    help="Catalogue folder (default: resources/ at the repository root, or $BRIDGE_CATALOGUE).",
)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The facet options shared by search and export."""
    options = [
        click.option("--role", help="Your role: records for it rank first (see --strict-role)."),
        click.option("--harm", "harms", multiple=True, help="Harm type; repeat for several (OR)."),
        click.option(
            "--region",
            "regions",
            multiple=True,
            help="Country, region or group; repeat for several (OR).",
        ),
        click.option(
            "--kind", "kinds", multiple=True, help="Kind of record; repeat for several (OR)."
        ),
        click.option("--year-from", type=int, help="Earliest year."),
        click.option("--year-to", type=int, help="Latest year."),
        click.option(
            "--strict-role", is_flag=True, help="Only records whose audience includes --role."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _loaded(catalogue_dir: Path | None) -> Catalogue:
    """The catalogue's valid records; the problems of the others as warnings on stderr."""
    report: LoadReport = read_catalogue(catalogue_dir)
    for problem in report.problems:
        click.echo(f"warning: {problem}", err=True)
    if report.problems:
        click.echo(
            "warning: skipped the records above; `bridge validate` lists every problem", err=True
        )
    return report.catalogue


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bridge")
def main() -> None:
    """bridge: the right resources and contacts for each person working against online
    child sexual exploitation and abuse."""


@main.command()
@catalogue_option
@click.option("--strict", is_flag=True, help="Also fail (exit 1) on warnings: near-duplicates.")
@click.option("--stats", is_flag=True, help="Print the curator's summary: counts and empty fields.")
@_fail_cleanly
def validate(catalogue_dir: Path | None, strict: bool, stats: bool) -> None:
    """Check every record and the taxonomy; print `path:line: message` per problem."""
    report = read_catalogue(catalogue_dir)
    for problem in report.problems:
        click.echo(str(problem))
    catalogue = report.catalogue
    duplicates = near_duplicates(catalogue)
    for pair in duplicates:
        click.echo(f"warning: {pair}")
    if stats:
        click.echo(catalogue_stats(catalogue))
    counts = f"{len(catalogue.resources)} resources, {len(catalogue.organisations)} organisations"
    if report.problems or (strict and duplicates):
        click.echo(
            f"{len(report.problems)} problems, {len(duplicates)} warnings; {counts} valid", err=True
        )
        sys.exit(1)
    warned = (
        f" ({len(duplicates)} warning{'s' if len(duplicates) > 1 else ''})" if duplicates else ""
    )
    click.echo(f"ok: {counts}{warned}", err=True)


@main.command()
@catalogue_option
@filter_options
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True
)
@_fail_cleanly
def export(catalogue_dir: Path | None, fmt: str, **facets: Any) -> None:
    """The filtered catalogue (all of it when no filter is given) in an export format."""
    catalogue = _loaded(catalogue_dir)
    filters = resolve_filters(Query(**facets), catalogue.taxonomy)
    resources = filtered(catalogue.resources, filters, catalogue.taxonomy)
    if filters.role and not filters.strict_role:
        resources = tuple(sorted(resources, key=lambda r: filters.role not in r.roles))
    used = {r.organisation for r in resources} | {p for r in resources for p in r.partners}
    organisations = [o for o in catalogue.organisations if filters.is_empty or o.id in used]
    click.echo(render(fmt, resources, catalogue, organisations), nl=False)


@main.command(name="import")
@click.argument("table", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write one YAML file per record into.",
)
@catalogue_option
@_fail_cleanly
def import_(table: Path, out: Path, catalogue_dir: Path | None) -> None:
    """Spreadsheet rows to validated YAML records; nothing is written unless every row is valid."""
    catalogue = _loaded(catalogue_dir)
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


@main.command()
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
@_fail_cleanly
def search(
    text: tuple[str, ...], catalogue_dir: Path | None, top: int, fmt: str, **facets: Any
) -> None:
    """Ranked resources for a profile: free TEXT plus role, harms, regions, kinds and years."""
    catalogue = _loaded(catalogue_dir)
    results = Engine(catalogue).search(Query(text=" ".join(text), **facets), top=top)
    if fmt not in ("table", "json", "markdown"):
        for notice in results.notices:
            click.echo(f"note: {notice}", err=True)
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    click.echo(render_results(fmt, results, catalogue, width=width), nl=False)


@main.command(name="eval")
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
@_fail_cleanly
def eval_(profiles: Path, catalogue_dir: Path | None, fmt: str, baseline: str | None) -> None:
    """nDCG@10 and must-see@3 per judged profile, and their means."""
    catalogue = _loaded(catalogue_dir)
    judged = read_profiles(profiles)
    engine = Engine(catalogue)
    ours = evaluate(judged, lambda q: [m.record for m in engine.search(q).matches], catalogue)
    other = None
    if baseline == "bm25":
        bm25 = BM25(catalogue)
        other = evaluate(judged, bm25.rank, catalogue)
    render = evaluation_json if fmt == "json" else evaluation_table
    click.echo(render(ours, other), nl=False)


@main.command()
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
@_fail_cleanly
def contacts(
    text: tuple[str, ...],
    catalogue_dir: Path | None,
    sectors: tuple[str, ...],
    top: int,
    fmt: str,
    **facets: Any,
) -> None:
    """Organisations ranked for a profile, with sector, focus, contact channel and their work."""
    catalogue = _loaded(catalogue_dir)
    query = Query(text=" ".join(text), **facets)
    results = Engine(catalogue).contacts(query, sectors=sectors, top=top)
    if fmt == "csv":
        for notice in results.notices:
            click.echo(f"note: {notice}", err=True)
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    click.echo(render_contacts(fmt, results, catalogue, query, width=width), nl=False)


@main.command()
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
def pack(participants: Path, out: Path, top: int, catalogue_dir: Path | None) -> None:
    """A pack per participant (Markdown and printable HTML), a group overview and pairs."""
    try:
        catalogue = _loaded(catalogue_dir)
        room = read_participants(participants.read_bytes(), str(participants), catalogue.taxonomy)
        workshop = build_workshop(room, Engine(catalogue), top=top)
        write_new_folder(workshop_files(workshop, catalogue), out)
    except CatalogueError as error:
        for problem in error.problems:
            where = f"row {problem.line}, " if problem.line else ""
            column = f"column {problem.field}: " if problem.field else ""
            click.echo(f"{problem.file}: {where}{column}{problem.message}", err=True)
        click.echo("nothing was written", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"Error: cannot write {out}: {error.strerror}", err=True)
        sys.exit(1)
    click.echo(
        f"wrote {len(workshop.packs)} packs, the overview and "
        f"{len(workshop.pairs)} suggested pairs to {out}",
        err=True,
    )


@main.command()
@catalogue_option
@filter_options
@click.option(
    "--view",
    type=click.Choice(VIEWS),
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
@_fail_cleanly
def gaps(catalogue_dir: Path | None, view: str, fmt: str, **facets: Any) -> None:
    """Record counts by harm x region (or another view): where evidence is thin."""
    catalogue = _loaded(catalogue_dir)
    table = gap_table(Engine(catalogue), Query(**facets), view=view)  # type: ignore[arg-type]
    render = {"json": gaps_json, "csv": gaps_csv}.get(fmt, gaps_text)
    click.echo(render(table), nl=False)
