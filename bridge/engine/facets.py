"""Facet membership arrays over the index's rows, and the facet points a query earns.

Each facet value keeps the rows tagged with it, so a filter costs the rows it touches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import numpy as np

from bridge.engine import kernels
from bridge.engine.filters import FacetMatch, Filters, harm_relation
from bridge.model import Catalogue
from bridge.regions import Relation

_NONE = np.zeros(0, dtype=np.int32)
RELATIONS: tuple[Relation, ...] = ("exact", "narrower", "overlap", "broader", "global")


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


def _stable_order(rows: Iterable[int], keys: list[str]) -> list[int]:
    """The rows sorted by their key, keeping the given order among equal keys. Sorting
    strings, not per-row tuples, leaves nothing for the garbage collector to scan."""
    return sorted(rows, key=keys.__getitem__)


def _ranks(order: np.ndarray) -> np.ndarray:
    """Each row's position in `order`."""
    rank = np.empty(order.size, dtype=np.int32)
    rank[order] = np.arange(order.size, dtype=np.int32)
    return rank


@dataclass(frozen=True, slots=True)
class TagCodes:
    """Each row's tags of one facet as codes (padded with a code past the last tag), and how
    every value a query may ask for relates to every tag in use, worked out once at build."""

    names: tuple[str, ...]  # the tags in use
    sets: np.ndarray  # distinct tag sets x widest: tag codes, padded with len(names)
    set_of: np.ndarray  # each row's tag set (a row of `sets`)
    wanted_index: Mapping[str, int]  # a value a query may ask for -> its row in `relations`
    relations: np.ndarray  # values x tags in use: RELATIONS code (0: no match)

    @classmethod
    def build(
        cls,
        values_per_row: list[tuple[str, ...]],
        universe: Sequence[str],
        relate: Callable[[str, str], Relation | None],
    ) -> TagCodes:
        names = tuple(sorted({v for values in values_per_row for v in values}))
        number = {name: i for i, name in enumerate(names)}
        width = max((len(v) for v in values_per_row), default=0) or 1
        distinct: dict[tuple[str, ...], int] = {}
        set_of = np.fromiter(
            (distinct.setdefault(tuple(v), len(distinct)) for v in values_per_row),
            dtype=np.int32,
            count=len(values_per_row),
        )
        if len(distinct) <= np.iinfo(np.uint16).max:  # half the bytes a query reads per row
            set_of = set_of.astype(np.uint16)
        sets = np.full((len(distinct), width), len(names), dtype=np.int32)
        for values, index in distinct.items():
            sets[index, : len(values)] = [number[v] for v in values]
        relations = np.zeros((len(universe), len(names)), dtype=np.int8)
        for w, wanted in enumerate(universe):
            for t, tagged in enumerate(names):
                relation = relate(tagged, wanted)
                relations[w, t] = RELATIONS.index(relation) + 1 if relation else 0
        wanted_index = MappingProxyType({v: i for i, v in enumerate(universe)})
        return cls(
            names,
            _frozen(sets),
            _frozen(set_of),
            wanted_index,
            _frozen(relations),
        )

    def set_points(self, wanted: Sequence[str], points: Mapping[str, float]) -> np.ndarray:
        """Per tag set (a row of `sets`), the most points any of its tags earns against any
        wanted value; rows share tag sets, so a row's points are `result[set_of[row]]`."""
        earned = np.asarray([0.0, *(points.get(r, 0.0) for r in RELATIONS)], dtype=np.float32)
        rows = np.asarray([self.wanted_index[w] for w in wanted], dtype=np.int64)
        best: np.ndarray = kernels.loops(self.set_of.size).points_of_sets(
            earned, self.relations, rows, self.sets
        )
        return best

    def matches(
        self, facet: Literal["harm", "region"], wanted: Sequence[str], codes: Iterable[int]
    ) -> dict[int, tuple[FacetMatch, ...]]:
        """For each distinct tag set among `codes`, how its tags meet the wanted values, as
        `filters.tag_matches` finds for a record holding them (the same matches in the same
        order), read from the relations worked out at build."""
        related = [self.relations[self.wanted_index[w]].tolist() for w in wanted]
        found: dict[int, tuple[FacetMatch, ...]] = {}
        for code in codes:
            if code not in found:
                tags = [t for t in self.sets[code].tolist() if t < len(self.names)]
                found[code] = tuple(
                    FacetMatch(facet, value, self.names[t], RELATIONS[relation[t] - 1])
                    for value, relation in zip(wanted, related, strict=True)
                    for t in tags
                    if relation[t]
                )
        return found


@dataclass(frozen=True, slots=True)
class FacetIndex:
    """Per-row facet values of the indexed records, built once and only read after."""

    roles: Mapping[str, np.ndarray]  # role id -> bool per row
    harms: Mapping[str, np.ndarray]  # harm id -> rows tagged with it
    regions: Mapping[str, np.ndarray]  # canonical region -> rows tagged with it
    harm_codes: TagCodes
    region_codes: TagCodes
    kind_names: tuple[str, ...]
    kinds: np.ndarray  # kind code per row (index into kind_names)
    evidence: Mapping[str, np.ndarray]  # evidence id -> rows tagged with it
    years: np.ndarray  # year per row, 0 when unknown
    organisations: np.ndarray  # organisation code per row
    newest_first: np.ndarray  # rank of each row when sorted newest first, then title, then id
    by_id: np.ndarray  # rank of each row in id order, for deterministic ties
    rows_by_id: np.ndarray  # the rows in id order (the inverse of by_id)

    @classmethod
    def build(cls, catalogue: Catalogue) -> FacetIndex:
        records = catalogue.resources
        taxonomy = catalogue.taxonomy
        roles = {role: np.zeros(len(records), dtype=bool) for role in taxonomy.roles.ids}
        for role, rows in _rows_by_value([r.roles for r in records]).items():
            if role in roles:
                roles[role][rows] = True
        codes = {o: i for i, o in enumerate(sorted({r.organisation for r in records}))}
        kind_codes = {kind: i for i, kind in enumerate(taxonomy.kinds.ids)}
        years = np.asarray([r.year or 0 for r in records], dtype=np.int32)
        id_order = _stable_order(range(len(records)), [r.id for r in records])
        titled = np.asarray(
            _stable_order(id_order, [r.title.casefold() for r in records]), np.int64
        )
        order = titled[np.argsort(-years[titled], kind="stable")]  # year, title, id
        return cls(
            roles=MappingProxyType({role: _frozen(flags) for role, flags in roles.items()}),
            harms=_rows_by_value([r.harms for r in records]),
            regions=_rows_by_value([r.regions for r in records]),
            harm_codes=TagCodes.build(
                [r.harms for r in records],
                taxonomy.harms.ids,
                lambda tagged, wanted: harm_relation(taxonomy.harms, tagged, wanted),
            ),
            region_codes=TagCodes.build(
                [r.regions for r in records], taxonomy.regions.names, taxonomy.regions.relation
            ),
            kind_names=catalogue.taxonomy.kinds.ids,
            kinds=_frozen(np.asarray([kind_codes[r.kind] for r in records], dtype=np.int16)),
            evidence=_rows_by_value([r.evidence for r in records]),
            years=_frozen(years),
            organisations=_frozen(np.asarray([codes[r.organisation] for r in records], np.int32)),
            newest_first=_frozen(_ranks(order)),
            by_id=_frozen(_ranks(np.asarray(id_order, dtype=np.int64))),
            rows_by_id=_frozen(np.asarray(id_order, dtype=np.int64)),
        )

    def harm_points(self, filters: Filters, points: FacetPoints) -> np.ndarray:
        """Best harm points per harm tag set (0 where no harm of the set meets the filter)."""
        return self.harm_codes.set_points(filters.harms, points.harm)

    def region_points(self, filters: Filters, points: FacetPoints) -> np.ndarray:
        """Best region points per region tag set (0 where none meets the filter)."""
        return self.region_codes.set_points(filters.regions, points.region)

    def plain_mask(self, filters: Filters) -> np.ndarray | None:
        """Rows passing the kind, year and strict-role filters; None when none is set."""
        if not (
            filters.kinds
            or filters.year_from
            or filters.year_to
            or filters.evidence
            or (filters.strict_role and filters.role)
        ):
            return None
        mask = np.ones(len(self.years), dtype=bool)
        if filters.kinds:
            wanted = [self.kind_names.index(k) for k in filters.kinds if k in self.kind_names]
            mask &= np.isin(self.kinds, wanted)
        if filters.year_from or filters.year_to:
            known = self.years > 0
            mask &= known & (self.years >= (filters.year_from or 0))
            mask &= self.years <= (filters.year_to or 10_000)
        if filters.strict_role and filters.role:
            mask &= self.roles[filters.role]
        if filters.evidence:
            tagged = np.zeros(len(self.years), dtype=bool)
            for value in filters.evidence:
                tagged[self.evidence.get(value, _NONE)] = True
            mask &= tagged
        return mask
