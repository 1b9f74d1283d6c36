"""The evidence map's counts as a terminal grid, JSON, CSV and data frames for charts."""

from __future__ import annotations

import io
import json
import textwrap

import pandas as pd

from bridge.cells import neutralise_cell
from bridge.engine.gaps import GapTable


def gap_frame(table: GapTable) -> pd.DataFrame:
    """The table as a DataFrame: rows by label, a column per column label."""
    return pd.DataFrame(
        list(table.counts), index=list(table.rows.labels), columns=list(table.columns.labels)
    )


def long_frame(table: GapTable) -> pd.DataFrame:
    """One row per cell, for charts and CSV."""
    rows, columns = table.rows, table.columns
    records = []
    for rv, rl, row, specific_row in zip(
        rows.values, rows.labels, table.counts, table.specific, strict=True
    ):
        for cv, cl, n, k in zip(columns.values, columns.labels, row, specific_row, strict=True):
            records.append(
                {
                    rows.facet: rv,
                    f"{rows.facet}_label": rl,
                    columns.facet: cv,
                    f"{columns.facet}_label": cl,
                    "count": n,
                    "specific": k,
                }
            )
    return pd.DataFrame(records)


def gaps_json(table: GapTable) -> str:
    cells = [
        {table.rows.facet: rv, table.columns.facet: cv, "count": n, "specific": k}
        for rv, row, srow in zip(table.rows.values, table.counts, table.specific, strict=True)
        for cv, n, k in zip(table.columns.values, row, srow, strict=True)
    ]
    document = {
        "view": table.axes,
        "rows": table.rows.facet,
        "columns": table.columns.facet,
        "row_values": list(table.rows.values),
        "column_values": list(table.columns.values),
        "total": table.total,
        "empty_cells": table.empty_cells,
        "cells": cells,
        "note": table.note,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def gaps_csv(table: GapTable) -> str:
    frame = long_frame(table).map(lambda v: neutralise_cell(v) if isinstance(v, str) else v)
    out = io.StringIO()
    frame.to_csv(out, index=False, lineterminator="\r\n")
    return out.getvalue()


def gaps_text(table: GapTable) -> str:
    """A terminal grid of 'count (specific)'; a gap, where nothing is specific, is marked ·."""
    cells = [
        [f"{n} ({k})" if k else f"{n} ·" for n, k in zip(row, srow, strict=True)]
        for row, srow in zip(table.counts, table.specific, strict=True)
    ]
    frame = pd.DataFrame(cells, index=list(table.rows.labels), columns=list(table.columns.labels))
    head = (
        f"{table.title}: {table.total} records pass the filters. Each cell: count (specific); "
        f"the {table.empty_cells} cells with nothing specific, the gaps, are marked ·."
    )
    grid: str = frame.to_string()
    return head + "\n\n" + grid + "\n\n" + _wrap(table.note) + "\n"


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, 100))
