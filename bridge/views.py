"""Renderers of ranked results: the JSON document of SPEC section 5, a terminal table,
and Markdown with each record's reasons. Pure: results in, text out."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from dataclasses import asdict
from typing import Any

from bridge.contacts import ContactMatch, ContactResults
from bridge.evaluation import Evaluation
from bridge.exports import escape_markdown, neutralise_cell, render, resource_markdown
from bridge.model import Catalogue, Organisation, Query
from bridge.rank import Match, Results

SEARCH_FORMATS = ("table", "json", "markdown", "csv", "bibtex", "ris")


def why_summary(match: Match) -> str:
    """The reasons of a match in one line of plain words."""
    return "; ".join(reason.text for reason in match.why) or "newest first"


def why_json(match: Match) -> dict[str, Any]:
    return {
        "summary": why_summary(match),
        "terms": list(match.terms),
        "facets": [asdict(f) for f in match.facets],
        "reasons": [asdict(r) for r in match.why],
    }


def query_json(results: Results) -> dict[str, Any]:
    query = asdict(results.query)
    query["resolved"] = asdict(results.filters)
    return query


def results_json(results: Results, catalogue: Catalogue) -> str:
    rows = []
    for rank, match in enumerate(results.matches, start=1):
        r = match.record
        rows.append(
            {
                "rank": rank,
                "id": r.id,
                "kind": r.kind,
                "title": r.title,
                "organisation": catalogue.organisation_name(r.organisation),
                "year": r.year,
                "url": r.url,
                "roles": list(r.roles),
                "harms": list(r.harms),
                "regions": list(r.regions),
                "score": round(match.score, 6),
                "why": why_json(match),
            }
        )
    document = {
        "query": query_json(results),
        "total": results.total,
        "results": rows,
        "notices": list(results.notices),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def results_table(results: Results, catalogue: Catalogue, *, width: int = 100) -> str:
    """A readable listing: rank, score, title, organisation, kind and year, then why."""
    lines = [f"{results.total} records match; showing {len(results.matches)}."]
    lines += [f"note: {notice}" for notice in results.notices]
    for rank, match in enumerate(results.matches, start=1):
        r = match.record
        facts = " · ".join(
            x for x in (catalogue.organisation_name(r.organisation), r.kind, str(r.year or "")) if x
        )
        lines.append("")
        lines.append(f"{rank:>3}. {match.score:5.3f}  " + _fit(r.title, width - 12))
        lines += _labelled("", facts, width)
        lines += _labelled("why", why_summary(match), width)
    return "\n".join(lines) + "\n"


INDENT = " " * 11  # under the title, past the rank and score


def _labelled(label: str, text: str, width: int) -> list[str]:
    """`label: text` wrapped under a result's title, continuation lines under the text."""
    head = f"{label}: " if label else ""
    return textwrap.wrap(
        head + text, width, initial_indent=INDENT, subsequent_indent=INDENT + " " * len(head)
    )


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def results_markdown(results: Results, catalogue: Catalogue) -> str:
    header = f"# Resources\n\n{results.total} records match; the top {len(results.matches)}.\n"
    notices = "".join(f"\n> {escape_markdown(n)}\n" for n in results.notices)
    sections = [
        resource_markdown(m.record, catalogue) + f"- Why: {escape_markdown(why_summary(m))}\n"
        for m in results.matches
    ]
    return header + notices + "\n" + "\n".join(sections)


def render_results(fmt: str, results: Results, catalogue: Catalogue, *, width: int = 100) -> str:
    """The results in `fmt` (one of `SEARCH_FORMATS`); record formats reuse the exporters."""
    if fmt == "table":
        return results_table(results, catalogue, width=width)
    if fmt == "json":
        return results_json(results, catalogue)
    if fmt == "markdown":
        return results_markdown(results, catalogue)
    return render(fmt, [m.record for m in results.matches], catalogue)


def evaluation_json(engine: Evaluation, baseline: Evaluation | None) -> str:
    def block(evaluation: Evaluation) -> dict[str, Any]:
        return {
            "mean_ndcg@10": round(evaluation.mean_ndcg, 4),
            "mean_must_see@3": round(evaluation.mean_must_see, 4),
            "profiles": [
                {
                    "name": s.name,
                    "ndcg@10": round(s.ndcg, 4),
                    "must_see@3": s.must_see,
                    "found": [{"match": p, "rank": r} for p, r in s.found],
                }
                for s in evaluation.scores
            ],
        }

    document: dict[str, Any] = {"bridge": block(engine)}
    if baseline is not None:
        document["bm25"] = block(baseline)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def evaluation_table(engine: Evaluation, baseline: Evaluation | None) -> str:
    def cell(value: float | None) -> str:
        return "   –  " if value is None else f"{value:6.3f}"

    head = f"{'profile':<52} {'nDCG@10':>7} {'must@3':>6}"
    head += f"  {'bm25 nDCG':>9} {'must@3':>6}" if baseline else ""
    lines = [head, "-" * len(head)]
    for i, score in enumerate(engine.scores):
        line = f"{_fit(score.name, 52):<52} {cell(score.ndcg):>7} {cell(score.must_see):>6}"
        if baseline:
            other = baseline.scores[i]
            line += f"  {cell(other.ndcg):>9} {cell(other.must_see):>6}"
        lines.append(line)
    lines.append("-" * len(head))
    mean = f"{'mean':<52} {cell(engine.mean_ndcg):>7} {cell(engine.mean_must_see):>6}"
    if baseline:
        mean += f"  {cell(baseline.mean_ndcg):>9} {cell(baseline.mean_must_see):>6}"
    lines.append(mean)
    return "\n".join(lines) + "\n"


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
    """The public organisational channel in words: the contact address, else the website."""
    if organisation.contact:
        return f"contact: {organisation.contact}"
    if organisation.url:
        return f"website: {organisation.url}"
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


def contact_why(match: ContactMatch) -> str:
    return "; ".join(r.text for r in match.why) or "listed by name"


def contacts_table(results: ContactResults, catalogue: Catalogue, *, width: int = 100) -> str:
    noun = "organisation matches" if results.total == 1 else "organisations match"
    lines = [f"{results.total} {noun}; showing {len(results.matches)}."]
    lines += [f"note: {notice}" for notice in results.notices]
    for rank, match in enumerate(results.matches, start=1):
        o = match.organisation
        sector = catalogue.taxonomy.sectors.label(o.sector)
        lines += ["", f"{rank:>3}. {match.score:5.3f}  {_fit(o.name, width - 12)}"]
        facts = [sector, contact_channel(o)]
        lines += _labelled("", " · ".join(facts), width)
        lines += [f"{INDENT}person: {p.name}, {p.role} (source: {p.source})" for p in o.people]
        titles = "; ".join(r.title for r in match.resources[:3])
        if titles:
            lines += _labelled("work", titles, width)
        lines += _labelled("why", contact_why(match), width)
    return "\n".join(lines) + "\n"


def contact_markdown(match: ContactMatch, catalogue: Catalogue) -> str:
    o = match.organisation
    name = escape_markdown(o.name)
    lines = [f"## [{name}](<{o.url}>)" if o.url else f"## {name}", ""]
    lines.append(escape_markdown(catalogue.taxonomy.sectors.label(o.sector)))
    lines += ["", escape_markdown(o.description), ""]
    link = o.contact or o.url
    lines.append(
        f"- {'Contact' if o.contact else 'Website'}: <{link}>" if link else "- Contact: none listed"
    )
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
