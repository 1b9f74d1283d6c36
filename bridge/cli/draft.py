"""`bridge draft`: draft records from a page or a reference manager's export, for a curator
to finish; never written into the catalogue."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import click

from bridge.catalogue.location import default_catalogue_dir
from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.writing import write_new_files
from bridge.cli.common import catalogue_option, fail_cleanly, warn
from bridge.errors import BridgeError, Problem, ProblemsFound
from bridge.formats.terminal import counted
from bridge.web.drafts import (
    Draft,
    draft_from_page,
    draft_from_reference,
    draft_yaml,
    file_names,
    read_page,
)
from bridge.web.fetching import FetchPolicy
from bridge.web.references import Reference, read_references
from bridge.web.suggestions import PhraseBook


@click.command(name="draft")
@click.argument("source")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the drafts, one YAML file each (outside the catalogue).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=120),
    default=10.0,
    show_default=True,
    help="Seconds to wait for a page at each step.",
)
@click.option(
    "--learnt",
    is_flag=True,
    help="Also suggest what the catalogue's records like it are tagged with (a classifier "
    "fitted on them now), each value with its chance.",
)
@catalogue_option
@fail_cleanly
def command(
    source: str, out: Path, timeout: float, learnt: bool, catalogue_dir: Path | None
) -> None:
    """Draft records from SOURCE: a page's URL, or a RIS, BibTeX or CSL-JSON export of a
    reference manager (one draft per reference). Each draft has what the source gives
    (title, year, url, source, language) and tags suggested from its words, each with the
    words that led to it; finish it by hand, then `bridge validate`."""
    root = catalogue_dir or default_catalogue_dir()
    if out.resolve().is_relative_to(root.resolve()):
        raise ProblemsFound(
            (
                Problem(
                    str(out),
                    None,
                    "",
                    "drafts are not records yet: write them outside the catalogue and move "
                    "each finished file into its records/ folder",
                ),
            )
        )
    report = read_catalogue(root)
    warn(report.problems)
    catalogue, today = report.catalogue, dt.date.today()
    book = PhraseBook.from_taxonomy(catalogue.taxonomy)
    model = None
    if learnt:
        from bridge.engine.learnt import fit_tag_model

        model = fit_tag_model(catalogue)
    if "://" in source:
        page = read_page(source, policy=FetchPolicy(allow_private=True, timeout=timeout))
        drafts = [draft_from_page(page, catalogue, book=book, today=today, learnt=model)]
    else:
        drafts = [
            draft_from_reference(reference, catalogue, book=book, today=today, learnt=model)
            for reference in _references(Path(source))
        ]
    names = file_names(drafts)
    write_new_files(
        {n: draft_yaml(d, today=today) for n, d in zip(names, drafts, strict=True)}, out
    )
    for name, draft in zip(names, drafts, strict=True):
        click.echo(f"{out / name}: {draft.origin}: {_suggested(draft)}")
    click.echo(
        f"wrote {counted(len(drafts), 'draft')} to {out}; finish each as its header says, "
        "then run `bridge validate`",
        err=True,
    )


def _references(path: Path) -> tuple[Reference, ...]:
    if not path.is_file():
        raise BridgeError(f"{path}: no such file (give a page's http(s) address or a file)")
    logging.getLogger("bibtexparser").addHandler(logging.NullHandler())  # problems are ours to say
    return read_references(path.read_bytes(), str(path))


def _suggested(draft: Draft) -> str:
    parts = [
        f"{field} {', '.join(values)}"
        for field in ("kind", "organisation", "harms", "roles", "regions")
        if (values := draft.suggested(field))
    ]
    return "suggested " + "; ".join(parts) if parts else "nothing suggested"
