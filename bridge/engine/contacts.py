"""Organisations ranked for a profile, from their own text and the text of their resources.

The profile's harms and regions filter as for resources (see `bridge.engine.filters`) over what the
organisation and its resources are tagged with; sectors filter; the role prefers the
sectors that role looks to for partners (`works_with` in the role vocabulary).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bridge.engine.facets import FacetPoints
from bridge.engine.filters import FacetMatch, Filters, best_match, describe_matches, tag_matches
from bridge.engine.index import Index, TermVector
from bridge.engine.text import Fields, readable
from bridge.model import Catalogue, Organisation, Reason, Resource
from bridge.taxonomy import Taxonomy

SECTOR_POINTS = 0.2


@dataclass(frozen=True, slots=True)
class ContactMatch:
    """A ranked organisation with its reasons and its resources, most relevant first."""

    organisation: Organisation
    score: float
    why: tuple[Reason, ...]
    resources: tuple[Resource, ...]
    terms: tuple[str, ...] = ()
    facets: tuple[FacetMatch, ...] = ()


@dataclass(frozen=True, slots=True)
class ContactResults:
    total: int
    matches: tuple[ContactMatch, ...]
    notices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    """What one organisation is tagged with, its own tags and its resources' together, and
    the rows of its resources."""

    harms: tuple[str, ...]
    regions: tuple[str, ...]
    resources: tuple[int, ...]  # rows of its resources in the catalogue


class ContactIndex:
    """The organisations' text index and tag profiles; made once (by
    `bridge.engine.fitting.fit_contacts`), then only read."""

    __slots__ = ("catalogue", "index", "profiles")

    def __init__(self, catalogue: Catalogue, index: Index, profiles: tuple[Profile, ...]) -> None:
        self.catalogue = catalogue
        self.index = index
        self.profiles = profiles

    def rank(
        self,
        filters: Filters,
        sectors: Sequence[str],
        vector: TermVector,
        resource_scores: np.ndarray | None,
        points: FacetPoints,
        *,
        top: int,
        written_as: Mapping[str, str] | None = None,
    ) -> ContactResults:
        """The organisations that pass the filters, best first; `written_as` maps index terms
        to the words as the person wrote them, for the reasons."""
        text = self.index.text_scores(vector) if vector.ids.size else None
        preferred = self._preferred_sectors(filters.role)
        scored = []
        for row, organisation in enumerate(self.catalogue.organisations):
            if sectors and organisation.sector not in sectors:
                continue
            facets = self._facets(row, filters)
            if (filters.harms and not any(f.facet == "harm" for f in facets)) or (
                filters.regions and not any(f.facet == "region" for f in facets)
            ):
                continue
            why = self._reasons(row, text, facets, preferred, points)
            score = round(sum(r.points for r in why), 6)
            scored.append((-score, organisation.id, row, why, facets))
        scored.sort(key=lambda item: item[:2])
        matches = tuple(
            self._match(row, -negative, why, facets, vector, resource_scores, written_as or {})
            for negative, _, row, why, facets in scored[:top]
        )
        return ContactResults(len(scored), matches)

    def _preferred_sectors(self, role: str | None) -> tuple[str, ...]:
        return self.catalogue.taxonomy.roles.concepts[role].works_with if role else ()

    def _facets(self, row: int, filters: Filters) -> tuple[FacetMatch, ...]:
        profile = self.profiles[row]
        return tag_matches(profile.harms, profile.regions, filters, self.catalogue.taxonomy)

    def _reasons(
        self,
        row: int,
        text: np.ndarray | None,
        facets: tuple[FacetMatch, ...],
        preferred: tuple[str, ...],
        points: FacetPoints,
    ) -> tuple[Reason, ...]:
        why: list[Reason] = []
        if text is not None and text[row] > 0:
            why.append(Reason("text", float(text[row]), "its work matches your words"))
        tables: tuple[tuple[Literal["harm", "region"], Mapping[str, float]], ...] = (
            ("harm", points.harm),
            ("region", points.region),
        )
        for facet, table in tables:
            mine = [f for f in facets if f.facet == facet]
            best = best_match(mine)
            if best is not None:
                why.append(Reason(facet, table[best.relation], describe_matches(mine)))
        sector = self.catalogue.organisations[row].sector
        if sector in preferred:
            label = self.catalogue.taxonomy.sectors.label(sector)
            why.append(Reason("role", SECTOR_POINTS, f"a sector your role looks to: {label}"))
        return tuple(why)

    def _match(
        self,
        row: int,
        score: float,
        why: tuple[Reason, ...],
        facets: tuple[FacetMatch, ...],
        vector: TermVector,
        resource_scores: np.ndarray | None,
        written_as: Mapping[str, str],
    ) -> ContactMatch:
        profile = self.profiles[row]
        ranked = sorted(
            profile.resources,
            key=lambda r: (
                -(float(resource_scores[r]) if resource_scores is not None else 0.0),
                self.catalogue.resources[r].id,
            ),
        )
        terms = self.index.matched_terms(vector, row) if vector.ids.size else ()
        if terms:
            why = tuple(
                Reason("text", r.points, "matches " + readable(terms, written_as))
                if r.kind == "text"
                else r
                for r in why
            )
        return ContactMatch(
            self.catalogue.organisations[row],
            score,
            why,
            tuple(self.catalogue.resources[r] for r in ranked),
            terms,
            facets,
        )


def profiles(catalogue: Catalogue) -> tuple[Profile, ...]:
    """Each organisation's tags with its resources', and its resources' rows."""
    rows: dict[str, list[int]] = {o.id: [] for o in catalogue.organisations}
    for row, resource in enumerate(catalogue.resources):
        for org in dict.fromkeys((resource.organisation, *resource.partners)):
            rows.setdefault(org, []).append(row)
    found = []
    for organisation in catalogue.organisations:
        resources = [catalogue.resources[r] for r in rows[organisation.id]]
        harms = dict.fromkeys((*organisation.harms, *(h for r in resources for h in r.harms)))
        regions = dict.fromkeys((*organisation.regions, *(g for r in resources for g in r.regions)))
        found.append(Profile(tuple(harms), tuple(regions), tuple(rows[organisation.id])))
    return tuple(found)


def own_fields(organisation: Organisation, profile: Profile, taxonomy: Taxonomy) -> Fields:
    """The organisation's own text; its resources' text is added from their counts."""
    tags = [taxonomy.sectors.label(organisation.sector)]
    tags += [taxonomy.harms.label(h) for h in profile.harms] + list(profile.regions)
    roles = " ".join(person.role for person in organisation.people)  # what its people do
    return Fields(organisation.name, "", " ".join(tags), f"{organisation.description} {roles}")
