"""Facet filters with the taxonomy's hierarchy: harms and regions match up and down the tree.

A record passes when, for every facet the query sets, one of its values meets one of the
query's values (OR within a facet, AND across facets).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bridge.model import Query, Resource
from bridge.regions import Relation
from bridge.taxonomy import Taxonomy
from bridge.vocabulary import Vocabulary

Facet = Literal["role", "harm", "region", "kind", "year"]


@dataclass(frozen=True, slots=True)
class Filters:
    """A query's facets resolved to taxonomy ids and canonical region names."""

    role: str | None = None
    strict_role: bool = False
    harms: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    evidence: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.strict_role and self.role) and not (
            self.harms
            or self.regions
            or self.kinds
            or self.year_from
            or self.year_to
            or self.evidence
        )


@dataclass(frozen=True, slots=True)
class FacetMatch:
    """How one of a record's values met one of the query's: 'harm grooming, narrower'."""

    facet: Facet
    wanted: str
    tagged: str
    relation: Relation


def resolve_filters(query: Query, taxonomy: Taxonomy) -> Filters:
    """The query's facet values as ids; an unknown value raises `UnknownTerm`."""
    unique = dict.fromkeys
    return Filters(
        role=taxonomy.roles.resolve(query.role) if query.role else None,
        strict_role=query.strict_role,
        harms=tuple(unique(taxonomy.harms.resolve(h) for h in query.harms)),
        regions=tuple(unique(taxonomy.regions.resolve(r) for r in query.regions)),
        kinds=tuple(unique(taxonomy.kinds.resolve(k) for k in query.kinds)),
        year_from=query.year_from,
        year_to=query.year_to,
        evidence=tuple(unique(taxonomy.evidence.resolve(e) for e in query.evidence)),
    )


def harm_relation(harms: Vocabulary, tagged: str, wanted: str) -> Relation | None:
    """How a record's harm meets a wanted harm in the tree, or None."""
    if tagged == wanted:
        return "exact"
    if tagged in harms.ancestors(wanted):
        return "broader"
    if wanted in harms.ancestors(tagged):
        return "narrower"
    return None


def facet_matches(
    resource: Resource, filters: Filters, taxonomy: Taxonomy
) -> tuple[FacetMatch, ...]:
    """Every way the record's harms and regions meet the filter's."""
    return tag_matches(resource.harms, resource.regions, filters, taxonomy)


def tag_matches(
    harms: Iterable[str], regions: Iterable[str], filters: Filters, taxonomy: Taxonomy
) -> tuple[FacetMatch, ...]:
    """Every way these harm and region tags meet the filter's (a record's, an organisation's)."""
    harms, regions = tuple(harms), tuple(regions)
    found = [
        FacetMatch("harm", wanted, tagged, relation)
        for wanted in filters.harms
        for tagged in harms
        if (relation := harm_relation(taxonomy.harms, tagged, wanted))
    ]
    found += [
        FacetMatch("region", wanted, tagged, relation)
        for wanted in filters.regions
        for tagged in regions
        if (relation := taxonomy.regions.relation(tagged, wanted))
    ]
    return tuple(found)


def passes(resource: Resource, filters: Filters, taxonomy: Taxonomy) -> bool:
    """Whether the record passes every facet the filters set."""
    if filters.strict_role and filters.role and filters.role not in resource.roles:
        return False
    if filters.kinds and resource.kind not in filters.kinds:
        return False
    if (filters.year_from or filters.year_to) and not _in_years(resource.year, filters):
        return False
    if filters.evidence and not set(filters.evidence) & set(resource.evidence):
        return False
    matched = {m.facet for m in facet_matches(resource, filters, taxonomy)}
    return (not filters.harms or "harm" in matched) and (not filters.regions or "region" in matched)


def _in_years(year: int | None, filters: Filters) -> bool:
    if year is None:
        return False
    return (filters.year_from or year) <= year <= (filters.year_to or year)


def filtered(
    resources: tuple[Resource, ...], filters: Filters, taxonomy: Taxonomy
) -> tuple[Resource, ...]:
    """The records that pass, in the order given."""
    return tuple(r for r in resources if passes(r, filters, taxonomy))


RELATION_ORDER: dict[Relation, int] = {
    "exact": 0,
    "narrower": 1,
    "overlap": 2,
    "broader": 3,
    "global": 4,
}
_RELATION_WORDS = {"narrower": "within", "broader": "which includes", "overlap": "overlapping"}


def best_match(matches: Iterable[FacetMatch]) -> FacetMatch | None:
    """The closest of several matches: exact, then narrower, overlapping, broader, Global."""
    return min(matches, key=lambda m: RELATION_ORDER[m.relation], default=None)


def describe_matches(matches: Iterable[FacetMatch]) -> str:
    """The closest match in words: 'region: Kenya, within Africa'."""
    best = best_match(matches)
    if best is None:
        return ""
    if best.relation == "exact":
        return f"{best.facet}: {best.tagged}"
    if best.relation == "global":
        return f"{best.facet}: Global, covers {best.wanted}"
    return f"{best.facet}: {best.tagged}, {_RELATION_WORDS[best.relation]} {best.wanted}"
