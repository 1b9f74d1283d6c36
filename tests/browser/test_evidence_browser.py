"""The Evidence map in a real browser: the chart drawn by vega-embed, the gap explanation, and
the table's CSV download."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

from appserver import ROOT, main_area, open_app, wait_idle
from playwright.sync_api import Page, expect

from bridge import Engine, GapTable, gap_table, gaps_csv, read_catalogue
from bridge.formats.chart import GAP_COLOUR

READY = "those are the gaps, shaded red"
CSV_FIELDS = ["harm", "harm_label", "region", "region_label", "count", "specific"]


def _bundled_table(view: str = "harm-region") -> GapTable:
    """The table the app shows for a view, on the repository's catalogue as the server reads it."""
    engine = Engine(read_catalogue(ROOT / "resources").catalogue)
    return gap_table(engine, axes=view)


def test_evidence_map_draws_the_chart_and_explains_gaps(page: Page, app_url: str) -> None:
    """/evidence shows the title, the chart as drawn by vega-embed, and what a gap is."""
    open_app(page, app_url + "/evidence", READY)

    main = main_area(page)
    expect(main.get_by_role("heading", level=1)).to_have_text("Evidence map")
    chart = main.get_by_test_id("stVegaLiteChart")
    expect(chart).to_have_count(1)
    drawn = chart.locator("canvas, svg.marks")
    expect(drawn.first).to_be_visible()
    box = drawn.first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200, box
    empty = _bundled_table().empty_cells
    if chart.locator("svg.marks").count():  # the SVG renderer: gaps are labelled and shaded
        expect(chart.locator("svg.marks text", has_text=re.compile(r"^gap$"))).to_have_count(empty)
        assert chart.locator(f'svg.marks path[fill="{GAP_COLOUR}"]').count() == empty
    explanation = main.get_by_text(READY)
    expect(explanation).to_contain_text("cells have no record tagged specifically for them")
    expect(main.get_by_text("an empty specific cell is a gap in the evidence")).to_be_visible()
    expect(
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Evidence map")
    ).to_have_attribute("aria-current", "page")


def test_the_table_downloads_as_csv(page: Page, app_url: str) -> None:
    """'Table as CSV' downloads evidence-map.csv: the header and a row per cell, as gaps_csv."""
    open_app(page, app_url + "/evidence", READY)
    button = page.locator(".st-key-gap-csv").get_by_role("button", name="Table as CSV")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "evidence-map.csv"
    with open(download.path(), "rb") as f:
        data = f.read().decode("utf-8-sig")

    assert data == gaps_csv(_bundled_table())
    reader = csv.DictReader(io.StringIO(data, newline=""))
    rows = list(reader)
    assert reader.fieldnames == CSV_FIELDS
    assert len(rows) == 9 * 5
    first = rows[0]
    assert (first["harm"], first["harm_label"], first["region"], first["region_label"]) == (
        "csea",
        "Online child sexual exploitation and abuse",
        "Africa",
        "Africa",
    )
    assert int(first["count"]) >= int(first["specific"]) >= 0


def test_choosing_a_view_updates_the_url_and_the_download(page: Page, app_url: str) -> None:
    """Choosing 'Harm × UNICEF region' writes view=harm-unicef and the CSV follows the view."""
    open_app(page, app_url + "/evidence", READY)
    main_area(page).get_by_role("radio", name="Harm × UNICEF region").click()
    expect(page).to_have_url(re.compile(r"[?&]view=harm-unicef(&|$)"))
    wait_idle(page)
    assert parse_qs(urlsplit(page.url).query) == {"view": ["harm-unicef"]}
    button = page.locator(".st-key-gap-csv").get_by_role("button", name="Table as CSV")
    with page.expect_download() as info:
        button.click()
    with open(info.value.path(), "rb") as f:
        data = f.read().decode("utf-8-sig")
    assert data == gaps_csv(_bundled_table("harm-unicef"))
    assert "Eastern and Southern Africa" in data
