"""Ranked organisations in every contacts format: table, JSON, Markdown and CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from bridge.cells import neutralise_cell
from bridge.engine.contacts import ContactMatch, ContactResults
from bridge.formats.markup import escape_markdown
from bridge.formats.terminal import fit, labelled
from bridge.formats.why import contact_why
from bridge.model import Catalogue, Organisation, Query

CONTACT_FORMATS = ("table", "json", "markdown", "csv")
CONTACT_COLUMNS = (
    "rank",
    "id",
    "name",
    "sector",
    "url",
    "contact",
    "regions",
    "harms",
    "score",
    "why",
    "resources",
    "people",
)


def contact_channel(organisation: Organisation) -> str:
    """The public organisational channel in words: the contact address, else its web page (most
    are a page about the organisation or its work, not a home page)."""
    if organisation.contact:
        return f"contact: {organisation.contact}"
    if organisation.url:
        return f"web page: {organisation.url}"
    return "no public contact listed"


def _people(organisation: Organisation) -> list[dict[str, str]]:
    return [{"name": p.name, "role": p.role, "source": p.source} for p in organisation.people]


def contacts_json(results: ContactResults, query: Query) -> str:
    rows = []
    for rank, match in enumerate(results.matches, start=1):
        o = match.organisation
        rows.append(
            {
                "rank": rank,
                "id": o.id,
                "name": o.name,
                "sector": o.sector,
                "url": o.url,
                "contact": o.contact,
                "regions": list(o.regions),
                "harms": list(o.harms),
                "score": round(match.score, 6),
                "why": {
                    "summary": contact_why(match),
                    "terms": list(match.terms),
                    "facets": [asdict(f) for f in match.facets],
                    "reasons": [asdict(r) for r in match.why],
                },
                "resources": [{"id": r.id, "title": r.title} for r in match.resources],
                "people": _people(o),
            }
        )
    document = {
        "query": asdict(query),
        "total": results.total,
        "results": rows,
        "notices": list(results.notices),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def contacts_table(results: ContactResults, catalogue: Catalogue, *, width: int = 100) -> str:
    noun = "organisation matches" if results.total == 1 else "organisations match"
    lines = [f"{results.total} {noun}; showing {len(results.matches)}."]
    lines += [f"note: {notice}" for notice in results.notices]
    for rank, match in enumerate(results.matches, start=1):
        o = match.organisation
        sector = catalogue.taxonomy.sectors.label(o.sector)
        lines += ["", f"{rank:>3}. {match.score:5.3f}  {fit(o.name, width - 12)}"]
        facts = [sector, contact_channel(o)]
        lines += labelled("", " · ".join(facts), width)
        for person in o.people:
            lines += labelled(
                "person", f"{person.name}, {person.role} (source: {person.source})", width
            )
        titles = "; ".join(r.title for r in match.resources[:3])
        if titles:
            lines += labelled("work", titles, width)
        lines += labelled("why", contact_why(match), width)
    return "\n".join(lines) + "\n"


def contact_markdown(match: ContactMatch, catalogue: Catalogue) -> str:
    o = match.organisation
    name = escape_markdown(o.name)
    lines = [f"## [{name}](<{o.url}>)" if o.url else f"## {name}", ""]
    lines.append(escape_markdown(catalogue.taxonomy.sectors.label(o.sector)))
    lines += ["", escape_markdown(o.description), ""]
    link = o.contact or o.url
    channel = "Contact" if o.contact else "Web page"
    lines.append(f"- {channel}: <{link}>" if link else "- Contact: none listed")
    lines += [
        f"- Person: {escape_markdown(f'{p.name}, {p.role}')} (source: {escape_markdown(p.source)})"
        for p in o.people
    ]
    lines += [f"- Work: {escape_markdown(r.title)}" for r in match.resources]
    lines.append(f"- Why: {escape_markdown(contact_why(match))}")
    return "\n".join(lines) + "\n"


def contacts_markdown(results: ContactResults, catalogue: Catalogue) -> str:
    header = (
        f"# Contacts\n\n{results.total} organisations match; the top {len(results.matches)}.\n\n"
    )
    return header + "\n".join(contact_markdown(m, catalogue) for m in results.matches)


def contacts_csv(results: ContactResults) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CONTACT_COLUMNS)
    for rank, match in enumerate(results.matches, start=1):
        o = match.organisation
        people = "; ".join(f"{p.name} ({p.role})" for p in o.people)
        row = [
            str(rank),
            o.id,
            o.name,
            o.sector,
            o.url or "",
            o.contact or "",
            "; ".join(o.regions),
            "; ".join(o.harms),
            f"{match.score:.6f}",
            contact_why(match),
            "; ".join(r.id for r in match.resources),
            people,
        ]
        writer.writerow([neutralise_cell(cell) for cell in row])
    return out.getvalue()


def render_contacts(
    fmt: str, results: ContactResults, catalogue: Catalogue, query: Query, *, width: int = 100
) -> str:
    if fmt == "json":
        return contacts_json(results, query)
    if fmt == "markdown":
        return contacts_markdown(results, catalogue)
    if fmt == "csv":
        return contacts_csv(results)
    return contacts_table(results, catalogue, width=width)
