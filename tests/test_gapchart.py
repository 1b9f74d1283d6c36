"""bridge/gapchart.py: the evidence map as Vega-Lite, and as SVG and PNG rendered offline by
vl-convert (one render of each: they take a moment)."""

from __future__ import annotations

import pytest
from engine_world import world

from bridge.engine.gaps import GapTable, gap_table
from bridge.engine.rank import Engine
from bridge.formats.chart import GAP_COLOUR, chart_png, chart_svg, gap_chart
from bridge.taxonomy import Taxonomy

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def table(taxonomy: Taxonomy) -> GapTable:
    """harm x M49 region on engine_world's seven records."""
    return gap_table(Engine(world(taxonomy)))


def rows_of(spec: dict) -> list[dict]:
    """The chart's inline data rows."""
    [rows] = spec["datasets"].values()
    return rows


def test_the_chart_is_a_layer_of_cells_and_labels(table: GapTable) -> None:
    """to_dict (which validates against the Vega-Lite schema) gives a rect layer and a text
    layer over label axes, sorted as the table, with the view's title."""
    spec = gap_chart(table).to_dict()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rect", "text"]
    for layer in spec["layer"]:
        encoding = layer["encoding"]
        assert encoding["x"]["field"] == "region_label"
        assert encoding["x"]["sort"] == list(table.columns.labels)
        assert encoding["y"]["field"] == "harm_label"
        assert encoding["y"]["sort"] == list(table.rows.labels)
        assert [t["field"] for t in encoding["tooltip"]] == [
            "harm_label",
            "region_label",
            "count",
            "specific",
        ]
    assert spec["title"] == "Evidence map: harm x region (count, and specific in brackets)"


def test_gap_cells_take_the_gap_colour(table: GapTable) -> None:
    """The rect layer colours cells with no specific record in the gap colour, the others on
    a blue scale of their specific count."""
    colour = gap_chart(table).to_dict()["layer"][0]["encoding"]["color"]
    assert colour == {
        "condition": {"test": "(datum.specific === 0)", "value": GAP_COLOUR},
        "field": "specific",
        "scale": {"scheme": "blues"},
        "title": "Specific records",
        "type": "quantitative",
    }


def test_cells_are_labelled_with_count_and_specific_or_gap(table: GapTable) -> None:
    """Each cell's label is 'count (specific)', or 'gap' when no record speaks to it."""
    spec = gap_chart(table).to_dict()
    assert spec["layer"][1]["encoding"]["text"] == {"field": "label", "type": "nominal"}
    labels = {(r["harm"], r["region"]): r["label"] for r in rows_of(spec)}
    assert len(labels) == 45
    assert labels[("csea", "Africa")] == "2 (1)"
    assert labels[("csea", "Asia")] == "4 (3)"
    assert labels[("grooming", "Asia")] == "3 (1)"
    assert labels[("csea", "Oceania")] == "gap"  # counted once (a Global record), never specific
    assert sum(label == "gap" for label in labels.values()) == table.empty_cells == 39


def test_other_views_chart_their_own_facets(taxonomy: Taxonomy) -> None:
    """role x harm charts roles down and harms across, titled for the view."""
    spec = gap_chart(gap_table(Engine(world(taxonomy)), axes="role-harm")).to_dict()
    encoding = spec["layer"][0]["encoding"]
    assert (encoding["y"]["field"], encoding["x"]["field"]) == ("role_label", "harm_label")
    assert encoding["y"]["title"] == "Role"
    assert spec["title"] == "Evidence map: role x harm (count, and specific in brackets)"


def test_chart_svg_is_svg_text_with_the_gap_labels(table: GapTable) -> None:
    """chart_svg renders offline to SVG text that shows the title and the gap labels."""
    svg = chart_svg(table)
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    assert "Evidence map: harm x region" in svg
    assert ">gap<" in svg
    assert GAP_COLOUR in svg


def test_chart_png_is_a_png_image(table: GapTable) -> None:
    """chart_png renders offline to PNG bytes."""
    png = chart_png(table)
    assert isinstance(png, bytes)
    assert png[:8] == PNG_SIGNATURE
    assert len(png) > 1000
