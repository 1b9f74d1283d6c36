"""Renderers of ranked results: the JSON document of `bridge search --format json`, a
terminal table, and Markdown with each record's reasons. Pure: results in, text out."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from bridge.engine.rank import Match, Results
from bridge.formats.cards import resource_card
from bridge.formats.markup import escape_markdown
from bridge.formats.records import card_markdown, render
from bridge.formats.terminal import fit, labelled
from bridge.formats.why import why_summary
from bridge.model import Catalogue

SEARCH_FORMATS = ("table", "json", "markdown", "csv", "bibtex", "ris")


def heading(results: Results) -> str:
    """How many records the results stand for: those matching the words, when there are
    words, else those that pass the filters ('1 record matches' / '12 records match')."""
    words = results.matched != results.total
    count = results.matched if words else results.total
    said = "1 record matches" if count == 1 else f"{count} records match"
    if words:
        return f"{said} your words, of {results.total} that pass the filters"
    return said


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
        "matched": results.matched,
        "results": rows,
        "notices": list(results.notices),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def results_table(results: Results, catalogue: Catalogue, *, width: int = 100) -> str:
    """A readable listing: rank, score, title, organisation, kind and year, then why."""
    lines = [f"{heading(results)}; showing {len(results.matches)}."]
    lines += [f"note: {notice}" for notice in results.notices]
    for rank, match in enumerate(results.matches, start=1):
        r = match.record
        facts = " · ".join(
            x for x in (catalogue.organisation_name(r.organisation), r.kind, str(r.year or "")) if x
        )
        lines.append("")
        lines.append(f"{rank:>3}. {match.score:5.3f}  " + fit(r.title, width - 12))
        lines += labelled("", facts, width)
        lines += labelled("why", why_summary(match), width)
    return "\n".join(lines) + "\n"


def results_markdown(results: Results, catalogue: Catalogue) -> str:
    header = f"# Resources\n\n{heading(results)}; the top {len(results.matches)}.\n"
    notices = "".join(f"\n> {escape_markdown(n)}\n" for n in results.notices)
    sections = [card_markdown(resource_card(m, catalogue), why=True) for m in results.matches]
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
