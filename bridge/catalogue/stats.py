"""The curator's summary: how much of the catalogue links to its own pages and cites its
sources, what it holds by kind, harm, region, year and evidence, and which optional fields
are most often empty."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from bridge.model import Catalogue, Organisation, Resource

_RESOURCE_OPTIONAL = (
    "url",
    "year",
    "languages",
    "partners",
    "pillar",
    "evidence",
    "outcomes",
    "regions",
)
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


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({part / whole:.0%})" if whole else "0 of 0"


def _cited(records: Sequence[Resource | Organisation]) -> int:
    return sum(1 for r in records if any(s.url for s in r.sources))


def site(url: str) -> str:
    """The site a URL is on: its host, without a leading `www.`."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def coverage(catalogue: Catalogue) -> list[tuple[str, str]]:
    """How much links to its own page and cites a source page, and how many sites that is."""
    resources, organisations = catalogue.resources, catalogue.organisations
    urls = [r.url for r in resources if r.url] + [o.url for o in organisations if o.url]
    return [
        (
            "resources linking to their own page",
            _share(sum(1 for r in resources if r.url), len(resources)),
        ),
        ("resources citing a source page", _share(_cited(resources), len(resources))),
        (
            "organisations linking to their site",
            _share(sum(1 for o in organisations if o.url), len(organisations)),
        ),
        ("organisations citing a source page", _share(_cited(organisations), len(organisations))),
        ("sites linked", str(len({site(u) for u in urls}))),
    ]


def catalogue_stats(catalogue: Catalogue) -> str:
    """A plain-text summary for curators."""
    t = catalogue.taxonomy
    resources = catalogue.resources
    lines = [f"{len(resources)} resources, {len(catalogue.organisations)} organisations", ""]
    lines += ["Links and sources:"]
    lines += [f"  {label:<40} {value:>13}" for label, value in coverage(catalogue)] + [""]
    lines += _section("By kind", _ranked(Counter(t.kinds.label(r.kind) for r in resources)))
    lines += _section(
        "By harm", _ranked(Counter(t.harms.label(h) for r in resources for h in r.harms))
    )
    lines += _section(
        "By region", _ranked(Counter(g for r in resources for g in r.regions)), limit=20
    )
    lines += _section(
        "By evidence",
        _ranked(Counter(t.evidence.label(e) for r in resources for e in r.evidence)),
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
