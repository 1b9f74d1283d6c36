"""Facet membership arrays over the index's rows, and the facet points a query earns.

Each facet value keeps the rows tagged with it, so a filter costs the rows it touches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from bridge.filters import Filters, harm_relation
from bridge.model import Catalogue


@dataclass(frozen=True, slots=True)
class FacetPoints:
    """Points for how well a record fits each facet; exact above narrower above broader."""

    harm: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"exact": 0.12, "narrower": 0.09, "broader": 0.05})
    )
    region: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"exact": 0.10, "narrower": 0.08, "overlap": 0.06, "broader": 0.05, "global": 0.03}
        )
    )
    role: float = 0.15


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def _rows_by_value(values_per_row: list[tuple[str, ...]]) -> Mapping[str, np.ndarray]:
    rows: dict[str, list[int]] = {}
    for row, values in enumerate(values_per_row):
        for value in values:
            rows.setdefault(value, []).append(row)
    return MappingProxyType({v: _frozen(np.asarray(r, dtype=np.int32)) for v, r in rows.items()})


@dataclass(frozen=True, slots=True)
class FacetIndex:
    """Per-row facet values of the indexed records, built once and only read after."""

    roles: Mapping[str, np.ndarray]  # role id -> bool per row
    harms: Mapping[str, np.ndarray]  # harm id -> rows tagged with it
    regions: Mapping[str, np.ndarray]  # canonical region -> rows tagged with it
    kinds: np.ndarray  # kind id per row (object array)
    years: np.ndarray  # year per row, 0 when unknown
    organisations: np.ndarray  # organisation code per row
    newest_first: np.ndarray  # rank of each row when sorted newest first, then title, then id

    @classmethod
    def build(cls, catalogue: Catalogue) -> FacetIndex:
        records = catalogue.resources
        roles = {
            role: _frozen(np.fromiter((role in r.roles for r in records), bool, len(records)))
            for role in catalogue.taxonomy.roles.ids
        }
        codes = {o: i for i, o in enumerate(sorted({r.organisation for r in records}))}
        order = sorted(
            range(len(records)),
            key=lambda i: (-(records[i].year or 0), records[i].title.casefold(), records[i].id),
        )
        rank = np.empty(len(records), dtype=np.int32)
        rank[np.asarray(order, dtype=np.int64)] = np.arange(len(records), dtype=np.int32)
        return cls(
            roles=MappingProxyType(roles),
            harms=_rows_by_value([r.harms for r in records]),
            regions=_rows_by_value([r.regions for r in records]),
            kinds=_frozen(np.asarray([r.kind for r in records], dtype=object)),
            years=_frozen(np.asarray([r.year or 0 for r in records], dtype=np.int32)),
            organisations=_frozen(np.asarray([codes[r.organisation] for r in records], np.int32)),
            newest_first=_frozen(rank),
        )

    def harm_points(
        self, filters: Filters, catalogue: Catalogue, points: FacetPoints
    ) -> np.ndarray:
        """Best harm points per row (0 where no harm of the row meets the filter)."""
        vocabulary = catalogue.taxonomy.harms
        best = np.zeros(len(self.years), dtype=np.float32)
        for tagged, rows in self.harms.items():
            relations = (harm_relation(vocabulary, tagged, wanted) for wanted in filters.harms)
            value = max((points.harm[r] for r in relations if r), default=0.0)
            if value:
                best[rows] = np.maximum(best[rows], value)
        return best

    def region_points(
        self, filters: Filters, catalogue: Catalogue, points: FacetPoints
    ) -> np.ndarray:
        """Best region points per row (0 where no region of the row meets the filter)."""
        regions = catalogue.taxonomy.regions
        best = np.zeros(len(self.years), dtype=np.float32)
        for tagged, rows in self.regions.items():
            relations = (regions.relation(tagged, wanted) for wanted in filters.regions)
            value = max((points.region[r] for r in relations if r), default=0.0)
            if value:
                best[rows] = np.maximum(best[rows], value)
        return best

    def plain_mask(self, filters: Filters) -> np.ndarray:
        """Rows passing the kind, year and strict-role filters."""
        mask = np.ones(len(self.years), dtype=bool)
        if filters.kinds:
            mask &= np.isin(self.kinds, filters.kinds)
        if filters.year_from or filters.year_to:
            known = self.years > 0
            mask &= known & (self.years >= (filters.year_from or 0))
            mask &= self.years <= (filters.year_to or 10_000)
        if filters.strict_role and filters.role:
            mask &= self.roles[filters.role]
        return mask
