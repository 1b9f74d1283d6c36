"""Pure renderers: records in, text out, in every export format. One renderer per format,
used by the CLI and the app alike."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, fields
from typing import Any

from bridge.model import RESOURCE_FIELDS, Catalogue, Organisation, Resource

FORMULA_TRIGGERS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\0",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)
EXPORT_FORMATS = ("json", "csv", "markdown", "bibtex", "ris")
_LIST_FIELDS = frozenset(
    f.name
    for f in fields(Resource)
    if f.type.startswith("tuple")  # type: ignore[union-attr]
)


def _starts_formula(value: str) -> bool:
    """Whether the text after any leading apostrophes and spaces starts a formula."""
    return value.lstrip("'").lstrip(" \u00a0")[:1] in FORMULA_TRIGGERS


def neutralise_cell(value: str) -> str:
    """Prefix `'` to a cell a spreadsheet would run as a formula. A cell that already starts
    with apostrophes before a formula sign gets one more, so `restore_cell` is its exact
    inverse and exported tables import to the same records."""
    starts = value.lstrip(" \u00a0")[:1] in FORMULA_TRIGGERS
    return "'" + value if starts or (value.startswith("'") and _starts_formula(value)) else value


def restore_cell(value: str) -> str:
    """Undo `neutralise_cell`."""
    return value[1:] if value.startswith("'") and _starts_formula(value) else value


def record_dict(record: Resource | Organisation) -> dict[str, Any]:
    """Every field of a record as plain JSON-ready values."""
    data = asdict(record)
    data.pop("origin", None)
    return data


def to_json(resources: Sequence[Resource], organisations: Sequence[Organisation]) -> str:
    payload = {
        "records": [record_dict(r) for r in resources],
        "organisations": [record_dict(o) for o in organisations],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _list_cell(values: Sequence[str]) -> str:
    if any(";" in v or v.startswith("[") for v in values):
        return json.dumps(list(values), ensure_ascii=False)
    return "; ".join(values)


def to_csv(resources: Iterable[Resource]) -> str:
    """One row per record with the record fields as columns; formula cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(RESOURCE_FIELDS)
    for resource in resources:
        row = []
        for name in RESOURCE_FIELDS:
            value = getattr(resource, name)
            cell = (
                _list_cell(value) if name in _LIST_FIELDS else ("" if value is None else str(value))
            )
            row.append(neutralise_cell(cell))
        writer.writerow(row)
    return out.getvalue()


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape_markdown(text: str) -> str:
    """Text that renders as itself: no links, images, HTML or emphasis of its own."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


_APP_SPECIALS = re.compile(r"([$:])")


def plain_markdown(text: str) -> str:
    """Text for a Markdown renderer with extensions (maths, emoji and colour directives),
    such as the app's: shown exactly as written, nothing of its own rendered."""
    return _APP_SPECIALS.sub(r"\\\1", escape_markdown(text))


def resource_markdown(resource: Resource, catalogue: Catalogue) -> str:
    """One record as a Markdown section; every catalogue string escaped."""
    title = escape_markdown(resource.title)
    heading = f"## [{title}](<{resource.url}>)" if resource.url else f"## {title}"
    facts = [catalogue.organisation_name(resource.organisation), resource.kind]
    if resource.year:
        facts.append(str(resource.year))
    lines = [heading, "", escape_markdown(" · ".join(facts)), "", escape_markdown(resource.summary)]
    tags = [("Roles", resource.roles), ("Harms", resource.harms), ("Regions", resource.regions)]
    lines.append("")
    lines += [f"- {name}: {escape_markdown(', '.join(v))}" for name, v in tags if v]
    lines += [f"- Outcome: {escape_markdown(o)}" for o in resource.outcomes]
    lines.append(f"- Source: {escape_markdown(resource.source)}")
    return "\n".join(lines) + "\n"


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
            "note": f"{r.kind}; source: {r.source}",
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
        lines += [("N1", f"Source: {r.source}"), ("ER", "")]
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
