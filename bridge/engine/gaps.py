"""The evidence map: how many records meet each harm x region (or role x harm, kind x harm)
cell, counted exactly as `bridge search` filters, so empty cells show where evidence is thin."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from bridge.engine.rank import Engine
from bridge.errors import BridgeError
from bridge.model import Query, Resource

Axes = Literal["harm-region", "harm-unicef", "role-harm", "kind-harm"]
AXES: tuple[Axes, ...] = ("harm-region", "harm-unicef", "role-harm", "kind-harm")
NOTE = (
    "count: the records that pass both of the cell's filters, exactly as `bridge search` "
    "filters: a harm matches itself, broader and narrower harms (a record tagged 'csea' counts "
    "for every harm under it) and a region matches itself, what contains it, what it contains "
    "and Global. specific: only the records tagged with the cell's harm or one under it, and "
    "with its region or a place inside it; an empty specific cell is a gap in the evidence. "
    "A record can count in several cells, so totals are not sums. The current filters apply "
    "to every cell."
)


@dataclass(frozen=True, slots=True)
class Axis:
    facet: str  # harm, region, role or kind
    values: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GapTable:
    axes: Axes
    rows: Axis
    columns: Axis
    counts: tuple[tuple[int, ...], ...]
    specific: tuple[tuple[int, ...], ...]  # only records tagged with the cell or inside it
    total: int  # records passing the current filters
    note: str = NOTE

    @property
    def title(self) -> str:
        scheme = " (UNICEF regions)" if self.axes == "harm-unicef" else ""
        return f"{self.rows.facet} x {self.columns.facet}{scheme}"

    @property
    def empty_cells(self) -> int:
        """Cells that no record speaks to specifically: the gaps."""
        return sum(1 for row in self.specific for n in row if n == 0)


def _axis(engine: Engine, facet: str, scheme: str = "m49") -> Axis:
    t = engine.catalogue.taxonomy
    if facet == "region":
        names = t.region_schemes.get(scheme)
        if not names:
            raise BridgeError(
                f"the taxonomy names no {scheme!r} regions: add `{scheme}:` "
                "under `schemes:` in regions.yaml"
            )
        return Axis("region", names, names)
    vocabulary = {"harm": t.harms, "role": t.roles, "kind": t.kinds}[facet]
    return Axis(facet, vocabulary.ids, tuple(vocabulary.label(i) for i in vocabulary.ids))


def _cell_query(facet: str, value: str) -> Query:
    if facet == "role":
        return Query(role=value, strict_role=True)
    if facet == "harm":
        return Query(harms=(value,))
    if facet == "region":
        return Query(regions=(value,))
    return Query(kinds=(value,))


def _specific(engine: Engine, facet: str, value: str) -> np.ndarray:
    """Records tagged with the value itself or something inside it (no broader, no Global)."""
    facets, taxonomy = engine.facets, engine.catalogue.taxonomy
    if facet == "harm":
        wanted = {value, *taxonomy.harms.descendants(value)}
        tagged = facets.harms
    elif facet == "region":
        wanted = {
            t
            for t in facets.regions
            if taxonomy.regions.relation(t, value) in ("exact", "narrower")
        }
        tagged = facets.regions
    else:
        return engine.mask(_cell_query(facet, value))
    mask = np.zeros(len(facets.years), dtype=bool)
    for tag in wanted & set(tagged):
        mask[tagged[tag]] = True
    return mask


def gap_table(engine: Engine, query: Query | None = None, *, axes: str = "harm-region") -> GapTable:
    """Counts for every cell of the axes (rows-columns, one of `AXES`), under the query's
    filters (its text is ignored); unknown axes raise BridgeError."""
    if axes not in AXES:
        raise BridgeError(f"unknown axes {axes!r}; choose one of {', '.join(AXES)}")
    query = query or Query()
    row_facet, column_facet = axes.split("-")
    scheme = "unicef" if column_facet == "unicef" else "m49"
    column_facet = "region" if column_facet in ("region", "unicef") else column_facet
    rows, columns = _axis(engine, row_facet), _axis(engine, column_facet, scheme)
    base = engine.mask(replace(query, text=""))
    row_masks = [base & engine.mask(_cell_query(row_facet, v)) for v in rows.values]
    column_masks = [engine.mask(_cell_query(column_facet, v)) for v in columns.values]
    counts = tuple(tuple(int(np.count_nonzero(r & c)) for c in column_masks) for r in row_masks)
    row_only = [base & _specific(engine, row_facet, v) for v in rows.values]
    column_only = [_specific(engine, column_facet, v) for v in columns.values]
    specific = tuple(tuple(int(np.count_nonzero(r & c)) for c in column_only) for r in row_only)
    return GapTable(axes, rows, columns, counts, specific, int(base.sum()))


def cell_records(
    engine: Engine, query: Query, table: GapTable, row: str, column: str
) -> tuple[Resource, ...]:
    """The records counted in one cell, newest first."""
    mask = engine.mask(replace(query, text=""))
    mask = mask & engine.mask(_cell_query(table.rows.facet, row))
    mask = mask & engine.mask(_cell_query(table.columns.facet, column))
    records = [engine.catalogue.resources[i] for i in np.flatnonzero(mask)]
    return tuple(sorted(records, key=lambda r: (-(r.year or 0), r.title.casefold(), r.id)))
