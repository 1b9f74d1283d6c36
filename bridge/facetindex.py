"""Facet membership arrays over the index's rows, and the facet points a query earns.

Each facet value keeps the rows tagged with it, so a filter costs the rows it touches.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from bridge.filters import Filters, harm_relation
from bridge.model import Catalogue
from bridge.regions import Relation

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


@dataclass(frozen=True, slots=True)
class TagCodes:
    """Each row's tags of one facet as codes (padded with -1), and how every value a query
    may ask for relates to every tag in use, worked out once at build."""

    names: tuple[str, ...]  # the tags in use
    sets: np.ndarray  # distinct tag sets x widest: tag codes, padded with -1
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
        sets = np.full((len(distinct), width), -1, dtype=np.int32)
        for values, index in distinct.items():
            sets[index, : len(values)] = [number[v] for v in values]
        relations = np.zeros((len(universe), len(names)), dtype=np.int8)
        for w, wanted in enumerate(universe):
            for t, tagged in enumerate(names):
                relation = relate(tagged, wanted)
                relations[w, t] = RELATIONS.index(relation) + 1 if relation else 0
        index = MappingProxyType({v: i for i, v in enumerate(universe)})
        sets = np.asfortranarray(sets)  # columns contiguous for best()
        return cls(names, _frozen(sets), _frozen(set_of), index, _frozen(relations))

    def best(self, wanted: Sequence[str], points: Mapping[str, float]) -> np.ndarray:
        """Per row, the most points any of its tags earns against any wanted value."""
        table = np.zeros(len(RELATIONS) + 1, dtype=np.float32)
        for code, relation in enumerate(RELATIONS, start=1):
            table[code] = points.get(relation, 0.0)
        rows = [self.wanted_index[w] for w in wanted]
        values = np.zeros(len(self.names) + 1, dtype=np.float32)  # last slot: the -1 padding
        if self.names:
            values[:-1] = table[self.relations[rows]].max(axis=0)
        per_set = values.take(self.sets[:, 0])
        for column in range(1, self.sets.shape[1]):
            np.maximum(per_set, values.take(self.sets[:, column]), out=per_set)
        return per_set.take(self.set_of)  # rows share tag sets: one look-up per row


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
    years: np.ndarray  # year per row, 0 when unknown
    organisations: np.ndarray  # organisation code per row
    newest_first: np.ndarray  # rank of each row when sorted newest first, then title, then id
    by_id: np.ndarray  # rank of each row in id order, for deterministic ties
    rows_by_id: np.ndarray  # the rows in id order (the inverse of by_id)

    @classmethod
    def build(cls, catalogue: Catalogue) -> FacetIndex:
        records = catalogue.resources
        taxonomy = catalogue.taxonomy
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
        id_order = sorted(range(len(records)), key=lambda i: records[i].id)
        by_id = np.empty(len(records), dtype=np.int32)
        by_id[np.asarray(id_order, dtype=np.int64)] = np.arange(len(records), dtype=np.int32)
        return cls(
            roles=MappingProxyType(roles),
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
            kinds=_frozen(
                np.asarray(
                    [catalogue.taxonomy.kinds.ids.index(r.kind) for r in records], dtype=np.int16
                )
            ),
            years=_frozen(np.asarray([r.year or 0 for r in records], dtype=np.int32)),
            organisations=_frozen(np.asarray([codes[r.organisation] for r in records], np.int32)),
            newest_first=_frozen(rank),
            by_id=_frozen(by_id),
            rows_by_id=_frozen(np.asarray(id_order, dtype=np.int64)),
        )

    def harm_points(self, filters: Filters, points: FacetPoints) -> np.ndarray:
        """Best harm points per row (0 where no harm of the row meets the filter)."""
        return self.harm_codes.best(filters.harms, points.harm)

    def region_points(self, filters: Filters, points: FacetPoints) -> np.ndarray:
        """Best region points per row (0 where no region of the row meets the filter)."""
        return self.region_codes.best(filters.regions, points.region)

    def plain_mask(self, filters: Filters) -> np.ndarray | None:
        """Rows passing the kind, year and strict-role filters; None when none is set."""
        if not (
            filters.kinds
            or filters.year_from
            or filters.year_to
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
        return mask
