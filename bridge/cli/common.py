"""What the commands share: the catalogue and filter options, the one way a catalogue is
opened and its skipped records reported, and expected errors turned into exit codes."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from bridge.errors import BridgeError, Problem, ProblemsFound, UnknownTerm, load_warnings


def fail_cleanly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Expected errors become a message and an exit code, never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UnknownTerm as error:
            raise click.UsageError(str(error)) from error
        except ProblemsFound as error:
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
    help="Catalogue folder (default: $BRIDGE_CATALOGUE, else resources/ here or in the "
    "checkout bridge is installed from).",
)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The facet options shared by search, export and gaps."""
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
        click.option(
            "--evidence",
            "evidence",
            multiple=True,
            help="Kind of evidence (survey, evaluation, ...); repeat for several (OR).",
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


def warn(problems: Iterable[Problem]) -> None:
    """The problems of skipped records, as warnings on stderr."""
    for line in load_warnings(problems):
        click.echo(f"warning: {line}", err=True)


BUILDING = (
    "reading and indexing the catalogue (once for this state of its files; "
    "later commands read the index back)..."
)


def opened(catalogue_dir: Path | None, *, contacts: bool = False) -> Any:
    """The engine of the catalogue (read from the cache when it is fresh), its skipped
    records reported on stderr; on a terminal, a first build says it is under way. With
    `contacts`, the organisations' index is read back (or built and stored) as well."""
    from bridge.cli.progress import tell_on_terminal
    from bridge.engine.stored import open_engine

    found = open_engine(
        catalogue_dir, building=lambda: tell_on_terminal(BUILDING), contacts=contacts
    )
    warn(found.problems)
    return found.engine


def terminal_width() -> int:
    """The terminal's width for tables, at most 120 columns."""
    return min(shutil.get_terminal_size((100, 24)).columns, 120)
