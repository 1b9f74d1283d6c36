"""The evidence map as a chart: a heatmap whose empty cells stand out, as Vega-Lite for the
app and as SVG or PNG files (rendered offline by vl-convert)."""

from __future__ import annotations

import altair as alt
import vl_convert as vlc

from bridge.engine.gaps import GapTable
from bridge.formats.gaps import long_frame

GAP_COLOUR = "#f2c4c4"


def gap_chart(table: GapTable) -> alt.LayerChart:
    """Cells coloured by how many records speak to them specifically; gaps in a warning
    colour and labelled 'gap', every cell labelled with its numbers."""
    frame = long_frame(table)
    row_label, column_label = f"{table.rows.facet}_label", f"{table.columns.facet}_label"
    frame["label"] = [
        f"{n} ({k})" if k else "gap" for n, k in zip(frame["count"], frame["specific"], strict=True)
    ]
    base = alt.Chart(frame).encode(
        x=alt.X(
            f"{column_label}:N",
            title=table.columns.facet.title(),
            sort=list(table.columns.labels),
            axis=alt.Axis(labelAngle=-30, labelLimit=220),
        ),
        y=alt.Y(
            f"{row_label}:N",
            title=table.rows.facet.title(),
            sort=list(table.rows.labels),
            axis=alt.Axis(labelLimit=260),
        ),
        tooltip=[
            alt.Tooltip(f"{row_label}:N", title=table.rows.facet.title()),
            alt.Tooltip(f"{column_label}:N", title=table.columns.facet.title()),
            alt.Tooltip("count:Q", title="records (search count)"),
            alt.Tooltip("specific:Q", title="specific records"),
        ],
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.condition(
            alt.datum.specific == 0,
            alt.value(GAP_COLOUR),
            alt.Color("specific:Q", title="Specific records", scale=alt.Scale(scheme="blues")),
        )
    )
    text = base.mark_text(fontSize=11).encode(
        text="label:N",
        color=alt.condition(alt.datum.specific > 6, alt.value("white"), alt.value("#1a1a1a")),
    )
    title = f"Evidence map: {table.title} (count, and specific in brackets)"
    chart: alt.LayerChart = (cells + text).properties(
        title=title, width=alt.Step(110), height=alt.Step(34)
    )
    return chart


def chart_svg(table: GapTable) -> str:
    return vlc.vegalite_to_svg(gap_chart(table).to_json())


def chart_png(table: GapTable) -> bytes:
    return vlc.vegalite_to_png(gap_chart(table).to_json(), scale=2)
