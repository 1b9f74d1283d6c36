"""The curator's summary: what the catalogue holds by kind, harm, region and year, and
which optional fields are most often empty."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from bridge.model import Catalogue

_RESOURCE_OPTIONAL = ("url", "year", "languages", "partners", "pillar", "outcomes", "regions")
_ORGANISATION_OPTIONAL = ("url", "contact", "people", "regions", "harms")


def _section(title: str, counts: Iterable[tuple[str, int]], *, limit: int = 0) -> list[str]:
    rows = list(counts)
    shown = rows[:limit] if limit else rows
    lines = [f"{title}:"] + [f"  {label:<48} {count:>5}" for label, count in shown]
    if len(rows) > len(shown):
        lines.append(f"  … and {len(rows) - len(shown)} more")
    return lines + [""]


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _empty(records: Iterable[object], names: tuple[str, ...]) -> list[tuple[str, int]]:
    items = list(records)
    empty = Counter({name: sum(1 for r in items if not getattr(r, name)) for name in names})
    return _ranked(empty)


def catalogue_stats(catalogue: Catalogue) -> str:
    """A plain-text summary for curators."""
    t = catalogue.taxonomy
    resources = catalogue.resources
    lines = [f"{len(resources)} resources, {len(catalogue.organisations)} organisations", ""]
    lines += _section("By kind", _ranked(Counter(t.kinds.label(r.kind) for r in resources)))
    lines += _section(
        "By harm", _ranked(Counter(t.harms.label(h) for r in resources for h in r.harms))
    )
    lines += _section(
        "By region", _ranked(Counter(g for r in resources for g in r.regions)), limit=20
    )
    years = Counter(str(r.year) if r.year else "unknown" for r in resources)
    lines += _section(
        "By year",
        sorted(
            years.items(),
            key=lambda item: (item[0] == "unknown", -int(item[0]) if item[0] != "unknown" else 0),
        ),
    )
    lines += _section(
        "By sector", _ranked(Counter(t.sectors.label(o.sector) for o in catalogue.organisations))
    )
    lines += _section("Resource fields most often empty", _empty(resources, _RESOURCE_OPTIONAL))
    lines += _section(
        "Organisation fields most often empty",
        _empty(catalogue.organisations, _ORGANISATION_OPTIONAL),
    )
    return "\n".join(lines).rstrip() + "\n"
