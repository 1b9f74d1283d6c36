"""Pure renderers: records in, text out, in every export format. One renderer per format,
used by the CLI and the app alike."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import fields

from bridge.cells import neutralise_cell
from bridge.formats.cards import ResourceCard, SourceLine, resource_card
from bridge.formats.markup import escape_markdown
from bridge.model import (
    RESOURCE_FIELDS,
    Catalogue,
    Citation,
    Organisation,
    Resource,
    record_dict,
    split_sources,
)

EXPORT_FORMATS = ("json", "csv", "markdown", "bibtex", "ris")
EXPORT_FILES = {  # format -> file suffix and media type, for downloads
    "json": ("json", "application/json"),
    "csv": ("csv", "text/csv"),
    "markdown": ("md", "text/markdown"),
    "bibtex": ("bib", "application/x-bibtex"),
    "ris": ("ris", "application/x-research-info-systems"),
}
_LIST_FIELDS = frozenset(f.name for f in fields(Resource) if str(f.type).startswith("tuple"))


def to_json(resources: Sequence[Resource], organisations: Sequence[Organisation]) -> str:
    payload = {
        "records": [record_dict(r) for r in resources],
        "organisations": [record_dict(o) for o in organisations],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = tuple(c for f in RESOURCE_FIELDS for c in (("source", f) if f == "sources" else (f,)))


def _list_cell(values: Sequence[str]) -> str:
    """A list as one cell: `;`-separated, or a JSON array where that would be ambiguous (a
    value holding `;` or starting with `[`)."""
    if any(";" in v or v.startswith("[") for v in values):
        return json.dumps(list(values), ensure_ascii=False)
    return "; ".join(values)


def _csv_cells(resource: Resource) -> dict[str, str]:
    cells = {}
    for name in RESOURCE_FIELDS:
        value = getattr(resource, name)
        if name == "sources":
            named, cited = split_sources(value)
            cells["source"] = named
            cells["sources"] = json.dumps(cited, ensure_ascii=False) if cited else ""
        elif name in _LIST_FIELDS:
            cells[name] = _list_cell(value)
        else:
            cells[name] = "" if value is None else str(value)
    return cells


def to_csv(resources: Iterable[Resource]) -> str:
    """One row per record with the record fields as columns (cited pages as a JSON array,
    sources named in words in `source`); formula cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for resource in resources:
        cells = _csv_cells(resource)
        writer.writerow([neutralise_cell(cells[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def resource_markdown(resource: Resource, catalogue: Catalogue) -> str:
    """One record as a Markdown section, from its card; every catalogue string escaped."""
    return card_markdown(resource_card(resource, catalogue))


def card_markdown(card: ResourceCard, *, why: bool = False) -> str:
    """A card as a Markdown section: its title linked to the record's page, the facts, the
    summary, then tags, outcomes and sources as a list (and why it ranks, with `why`)."""
    title = escape_markdown(card.title)
    heading = f"## [{title}](<{card.url}>)" if card.url else f"## {title}"
    lines = [heading, "", escape_markdown(card.facts), "", escape_markdown(card.summary), ""]
    tags = [
        ("Roles", card.roles),
        ("Harms", card.harms),
        ("Regions", card.regions),
        ("Evidence", card.evidence),
    ]
    lines += [f"- {name}: {escape_markdown(', '.join(v))}" for name, v in tags if v]
    lines += [f"- Outcome: {escape_markdown(o)}" for o in card.outcomes]
    lines += [f"- Source: {source_markdown(s)}" for s in card.sources]
    if why and card.why:
        lines.append(f"- Why: {escape_markdown(card.why)}")
    return "\n".join(lines) + "\n"


def source_markdown(source: Citation | SourceLine) -> str:
    """A cited page: its title linked to its address, and the day it was read."""
    title = escape_markdown(source.title)
    linked = f"[{title}](<{source.url}>)" if source.url else title
    return f"{linked} (read {source.accessed})" if source.accessed else linked


def sources_text(sources: Iterable[Citation]) -> str:
    """Cited pages in one line of plain text: title <address>, separated by semicolons."""
    return "; ".join(f"{s.title} <{s.url}>" if s.url else s.title for s in sources)


def to_markdown(
    resources: Sequence[Resource], catalogue: Catalogue, *, title: str = "Resources"
) -> str:
    sections = [resource_markdown(r, catalogue) for r in resources]
    return f"# {escape_markdown(title)}\n\n{len(resources)} records.\n\n" + "\n".join(sections)


_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    """LaTeX specials escaped, so braces always balance and the entry re-parses."""
    return "".join(_BIBTEX_SPECIALS.get(c, c) for c in " ".join(text.split()))


def to_bibtex(resources: Iterable[Resource], catalogue: Catalogue) -> str:
    entries = []
    for r in resources:
        entry_type = "techreport" if r.kind == "research" else "misc"
        author = "author" if entry_type == "misc" else "institution"
        values = {
            "title": r.title,
            author: catalogue.organisation_name(r.organisation),
            "year": str(r.year) if r.year else "",
            "url": r.url or "",
            "abstract": r.summary,
            "keywords": ", ".join((*r.harms, *r.roles, *r.regions)),
            "note": f"{r.kind}; sources: {sources_text(r.sources)}",
        }
        corporate = {author: "{" + bibtex_escape(values.pop(author)) + "}"}
        escaped = corporate | {k: bibtex_escape(v) for k, v in values.items() if v}
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in escaped.items())
        entries.append(f"@{entry_type}{{{r.id},\n{body}\n}}\n")
    return "\n".join(entries)


_RIS_TYPES = {"research": "RPRT", "dataset": "DATA", "policy": "GOVDOC", "news": "NEWS"}


def _ris_value(text: str) -> str:
    return " ".join(text.split())


def to_ris(resources: Iterable[Resource], catalogue: Catalogue) -> str:
    """RIS records; newlines inside values folded so no value can start a tag."""
    blocks = []
    for r in resources:
        lines = [
            ("TY", _RIS_TYPES.get(r.kind, "GEN")),
            ("ID", r.id),
            ("TI", r.title),
            ("AU", catalogue.organisation_name(r.organisation)),
        ]
        lines += [("PY", str(r.year))] if r.year else []
        lines += [("UR", r.url)] if r.url else []
        lines += [("AB", r.summary)]
        lines += [("KW", k) for k in (*r.harms, *r.roles, *r.regions)]
        lines += [("N1", f"Source: {sources_text((s,))}") for s in r.sources]
        lines += [("ER", "")]
        blocks.append("\n".join(f"{tag}  - {_ris_value(v)}".rstrip() for tag, v in lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def render(
    fmt: str,
    resources: Sequence[Resource],
    catalogue: Catalogue,
    organisations: Sequence[Organisation] = (),
) -> str:
    """The records in export format `fmt` (one of `EXPORT_FORMATS`)."""
    if fmt == "json":
        return to_json(resources, organisations)
    if fmt == "csv":
        return to_csv(resources)
    if fmt == "markdown":
        return to_markdown(resources, catalogue)
    if fmt == "bibtex":
        return to_bibtex(resources, catalogue)
    if fmt == "ris":
        return to_ris(resources, catalogue)
    raise ValueError(f"unknown export format {fmt!r}")
