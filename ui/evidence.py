"""Evidence map: record counts by harm x region (and other axes), gaps highlighted; choosing
a cell lists its records."""

from __future__ import annotations

import streamlit as st

import bridge
from ui.cards import resource_line
from ui.engine import current_engine
from ui.sidebar import current_state, profile_sidebar, show_link_notice, sync_url

AXES_LABELS = {
    "harm-region": "Harm × M49 region",
    "harm-unicef": "Harm × UNICEF region",
    "role-harm": "Role × harm",
    "kind-harm": "Kind × harm",
}


def _downloads(table: bridge.GapTable) -> None:
    left, middle, right = st.columns(3)
    files = (
        (left, "Chart as PNG", lambda: bridge.chart_png(table), "png", "image/png"),
        (middle, "Chart as SVG", lambda: bridge.chart_svg(table), "svg", "image/svg+xml"),
        (right, "Table as CSV", lambda: bridge.gaps_csv(table), "csv", "text/csv"),
    )
    for column, label, data, suffix, mime in files:
        column.download_button(
            label, data, f"evidence-map.{suffix}", mime, on_click="ignore", key=f"gap-{suffix}"
        )


def _cell(engine: bridge.Engine, query: bridge.Query, table: bridge.GapTable) -> None:
    st.header("Records in a cell")
    left, right = st.columns(2)
    row = left.selectbox(
        table.rows.facet.title(),
        table.rows.values,
        key="gap_row",
        format_func=dict(zip(table.rows.values, table.rows.labels, strict=True)).get,
    )
    column = right.selectbox(
        table.columns.facet.title(),
        table.columns.values,
        key="gap_column",
        format_func=dict(zip(table.columns.values, table.columns.labels, strict=True)).get,
    )
    records = bridge.cell_records(engine, query, table, row, column)
    st.markdown(f"{len(records)} records.")
    lines = [resource_line(r, engine.catalogue) for r in records]
    st.markdown("\n".join(lines) or "No records: a gap.")


def evidence_map() -> None:
    engine = current_engine()
    profile_sidebar(engine)
    st.title("Evidence map")
    show_link_notice()
    st.segmented_control(
        "View",
        list(AXES_LABELS),
        format_func=AXES_LABELS.get,
        key="gap_view",
        persist_state="session",
    )
    state = current_state()
    sync_url(state, page="evidence")
    try:
        table = bridge.gap_table(engine, state.query, axes=state.axes)
    except bridge.BridgeError as error:
        st.error(bridge.plain_markdown(str(error)))
        return
    cells = len(table.rows.values) * len(table.columns.values)
    st.markdown(
        f"{table.total} records pass your filters. **{table.empty_cells}** of {cells} cells "
        "have no record tagged specifically for them: those are the gaps, shaded red."
    )
    st.altair_chart(bridge.gap_chart(table), key="gap-chart")
    st.markdown(table.note)
    _downloads(table)
    st.header("Counts")
    st.dataframe(bridge.gap_frame(table), key="gap-table")
    _cell(engine, state.query, table)
