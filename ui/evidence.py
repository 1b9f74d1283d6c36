"""Evidence map: record counts by harm x region (and other views), gaps highlighted."""

from __future__ import annotations

import streamlit as st

import bridge
from ui.engine import current_engine
from ui.profile import PARAMS, add_link_notice, profile_sidebar, show_link_notice, sync_url

VIEW_LABELS = {
    "harm-region": "Harm × M49 region",
    "harm-unicef": "Harm × UNICEF region",
    "role-harm": "Role × harm",
    "kind-harm": "Kind × harm",
}


def _load_view() -> None:
    if "gap_view" not in st.session_state:
        given = st.query_params.get("view")
        st.session_state.gap_view = given if given in VIEW_LABELS else "harm-region"
        if given is not None and given not in VIEW_LABELS:
            add_link_notice("1 value in this link was not recognised and dropped (view).")


def evidence_map() -> None:
    engine = current_engine()
    catalogue = engine.catalogue
    view = profile_sidebar(engine)
    _load_view()
    st.title("Evidence map")
    show_link_notice()
    chosen = (
        st.segmented_control(
            "View",
            list(VIEW_LABELS),
            format_func=VIEW_LABELS.get,
            key="gap_view",
            persist_state="session",
        )
        or "harm-region"
    )
    params = bridge.to_params(view)
    params.pop("text", None)
    if chosen != "harm-region":
        params["view"] = [chosen]
    sync_url(params, owned=(*PARAMS, "view"))
    try:
        table = bridge.gap_table(engine, view.query, axes=chosen)
    except bridge.BridgeError as error:
        st.error(bridge.plain_markdown(str(error)))
        return
    st.markdown(
        f"{table.total} records pass your filters. **{table.empty_cells}** of "
        f"{len(table.rows.values) * len(table.columns.values)} cells have no record "
        "tagged specifically for them: those are the gaps, shaded red."
    )
    st.altair_chart(bridge.gap_chart(table), key="gap-chart")
    st.markdown(table.note)
    left, middle, right = st.columns(3)
    left.download_button(
        "Chart as PNG",
        lambda: bridge.chart_png(table),
        "evidence-map.png",
        "image/png",
        on_click="ignore",
        key="gap-png",
    )
    middle.download_button(
        "Chart as SVG",
        lambda: bridge.chart_svg(table),
        "evidence-map.svg",
        "image/svg+xml",
        on_click="ignore",
        key="gap-svg",
    )
    right.download_button(
        "Table as CSV",
        bridge.gaps_csv(table),
        "evidence-map.csv",
        "text/csv",
        on_click="ignore",
        key="gap-csv",
    )
    st.header("Counts")
    st.dataframe(bridge.gap_frame(table), key="gap-table")
    st.header("Records in a cell")
    left, right = st.columns(2)
    row = left.selectbox(
        table.rows.facet.title(),
        table.rows.values,
        key="gap_row",
        format_func=dict(zip(table.rows.values, table.rows.labels, strict=False)).get,
    )
    column = right.selectbox(
        table.columns.facet.title(),
        table.columns.values,
        key="gap_column",
        format_func=dict(zip(table.columns.values, table.columns.labels, strict=False)).get,
    )
    records = bridge.cell_records(engine, view.query, table, row, column)
    st.markdown(f"{len(records)} records.")
    lines = []
    for r in records:
        organisation = catalogue.organisation_name(r.organisation)
        year = f", {r.year}" if r.year else ""
        lines.append(
            f"- {bridge.plain_markdown(r.title)} ({bridge.plain_markdown(organisation)}{year})"
        )
    st.markdown("\n".join(lines) or "No records: a gap.")
