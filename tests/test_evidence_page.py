"""The Evidence map page (ui/evidence.py) through Streamlit's AppTest, on the bundled catalogue:
its views and their URL parameter, the shared sidebar's filters, the records of a cell, the
downloads and the counts table.

AppTest renders nothing: the chart is checked as the Vega-Lite spec the page sends, downloads
by their buttons (the renderers have their own tests in test_gapchart.py and test_gaps.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from apprun import opened, rerun, url
from literal import REPO, RESOURCES, build_catalogue
from streamlit.testing.v1 import AppTest

import bridge
from bridge.engine.gaps import AXES, GapTable, gap_table

LABELS = {
    "harm-region": "Harm × M49 region",
    "harm-unicef": "Harm × UNICEF region",
    "role-harm": "Role × harm",
    "kind-harm": "Kind × harm",
}


def evidence_page() -> None:
    """The page alone, as app.py's navigation runs it."""
    from ui.evidence import evidence_map

    evidence_map()


@pytest.fixture(autouse=True)
def bundled_catalogue_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test reads the bundled catalogue, and can import the app's ui package."""
    monkeypatch.delenv("BRIDGE_CATALOGUE", raising=False)
    monkeypatch.syspath_prepend(str(REPO))


@pytest.fixture(scope="module")
def engine() -> bridge.Engine:
    """The engine on the catalogue the page shows."""
    return bridge.Engine(bridge.read_catalogue(RESOURCES).catalogue)


def open_page(params: dict[str, str | list[str]] | None = None) -> AppTest:
    """The page run once, opened with these query parameters; it must not raise."""
    return opened(AppTest.from_function(evidence_page, default_timeout=30), params)


def counts(at: AppTest) -> pd.DataFrame:
    """The counts table the page shows."""
    [table] = at.dataframe
    return table.value


def summary(table: GapTable) -> str:
    cells = len(table.rows.values) * len(table.columns.values)
    return (
        f"{table.total} records pass your filters. **{table.empty_cells}** of {cells} cells "
        "have no record tagged specifically for them: those are the gaps, shaded red."
    )


def chart_spec(at: AppTest) -> dict:
    [chart] = at.get("vega_lite_chart")
    return json.loads(chart.proto.spec)


def cell_listing(
    engine: bridge.Engine, query: bridge.Query, table: GapTable, row: str, column: str
) -> tuple[str, str]:
    """The page's 'N records.' line and the list it should show for one cell."""
    from ui.cards import resource_line

    records = bridge.cell_records(engine, query, table, row, column)
    lines = [resource_line(r, engine.catalogue) for r in records]
    return f"{len(records)} records.", "\n".join(lines) or "No records: a gap."


def shown_cell(at: AppTest) -> tuple[str, str]:
    """The page's last two Markdown blocks: the cell's record count and its list."""
    return at.markdown[-2].value, at.markdown[-1].value


def assert_frame_is(at: AppTest, table: GapTable) -> None:
    pd.testing.assert_frame_equal(counts(at), bridge.gap_frame(table), check_dtype=False)


# The default view


def test_default_view_is_harm_by_m49_region(engine: bridge.Engine) -> None:
    """Opened bare: the title, harm x M49 region chosen, its summary, chart, note and table;
    the URL stays empty."""
    at = open_page()
    table = gap_table(engine)
    assert [t.value for t in at.title] == ["Evidence map"]
    [control] = at.segmented_control
    assert (control.key, control.value, control.options) == (
        "gap_view",
        "harm-region",
        list(LABELS.values()),
    )
    assert at.markdown[0].value == summary(table)
    assert at.markdown[1].value == table.note
    assert_frame_is(at, table)
    assert list(counts(at).columns) == ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    assert url(at) == {}
    assert not at.warning and not at.error


def test_the_chart_is_the_gap_chart_of_the_view(engine: bridge.Engine) -> None:
    """The page sends the library's chart: its layers, with the gap colour, and its title."""
    at = open_page()
    spec = chart_spec(at)
    expected = bridge.gap_chart(gap_table(engine)).to_dict()
    assert spec["layer"] == expected["layer"]
    assert spec["title"] == expected["title"]
    assert spec["layer"][0]["encoding"]["color"]["condition"]["test"] == "(datum.specific === 0)"


def test_download_buttons_for_png_svg_and_csv() -> None:
    """Three downloads: the chart as PNG and SVG, the table as CSV, each enabled."""
    at = open_page()
    buttons = [(d.key, d.label) for d in at.get("download_button")]
    assert buttons == [
        ("gap-png", "Chart as PNG"),
        ("gap-svg", "Chart as SVG"),
        ("gap-csv", "Table as CSV"),
    ]
    assert not any(at.get_by_key(key).disabled for key, _ in buttons)


# Views and the URL


@pytest.mark.parametrize("view", AXES)
def test_choosing_a_view_shows_it_and_writes_it_to_the_url(
    engine: bridge.Engine, view: str
) -> None:
    """Each view, chosen in the control, shows its table and summary; the URL carries
    view=<id>, except for the default view."""
    at = open_page()
    if view == "harm-region":
        at.segmented_control(key="gap_view").set_value("kind-harm")
        rerun(at)
        assert url(at) == {"view": ["kind-harm"]}
    at.segmented_control(key="gap_view").set_value(view)
    rerun(at)
    table = gap_table(engine, axes=view)
    assert at.segmented_control(key="gap_view").value == view
    assert at.markdown[0].value == summary(table)
    assert_frame_is(at, table)
    assert chart_spec(at)["title"] == bridge.gap_chart(table).to_dict()["title"]
    assert url(at) == ({} if view == "harm-region" else {"view": [view]})


def test_a_link_with_a_view_opens_that_view(engine: bridge.Engine) -> None:
    """?view=harm-unicef opens harm x UNICEF region and keeps the parameter."""
    at = open_page({"view": "harm-unicef"})
    table = gap_table(engine, axes="harm-unicef")
    assert at.segmented_control(key="gap_view").value == "harm-unicef"
    assert list(counts(at).columns) == list(table.columns.labels)
    assert "Eastern and Southern Africa" in counts(at).columns
    assert_frame_is(at, table)
    assert url(at) == {"view": ["harm-unicef"]}


def test_a_link_with_an_unknown_view_opens_the_default() -> None:
    """?view=bogus opens the default view and drops the parameter."""
    at = open_page({"view": "bogus"})
    assert at.segmented_control(key="gap_view").value == "harm-region"
    assert url(at) == {}


def test_a_link_with_an_unknown_view_says_it_was_dropped() -> None:
    """?view=bogus is dropped with the usual link notice naming the parameter."""
    at = open_page({"view": "bogus"})
    assert [w.value for w in at.warning] == [
        "1 value in this link was not recognised and dropped (view)."
    ]


def test_a_link_with_filters_and_a_view_opens_both(engine: bridge.Engine) -> None:
    """?view=kind-harm&region=Asia: the view, counted under the region filter."""
    at = open_page({"view": "kind-harm", "region": "Asia"})
    table = gap_table(engine, bridge.Query(regions=["Asia"]), axes="kind-harm")
    assert at.sidebar.multiselect(key="region").value == ["Asia"]
    assert_frame_is(at, table)
    assert at.markdown[0].value == summary(table)
    assert url(at) == {"region": ["Asia"], "view": ["kind-harm"]}


# The sidebar's filters


@pytest.mark.parametrize(
    ("control", "value", "query", "written"),
    [
        ("harm", "grooming", bridge.Query(harms=["grooming"]), {"harm": ["grooming"]}),
        ("region", "Kenya", bridge.Query(regions=["Kenya"]), {"region": ["Kenya"]}),
        ("kind", "research", bridge.Query(kinds=["research"]), {"kind": ["research"]}),
    ],
    ids=["harm", "region", "kind"],
)
def test_sidebar_filters_change_the_counts(
    engine: bridge.Engine,
    control: str,
    value: str,
    query: bridge.Query,
    written: dict[str, list[str]],
) -> None:
    """A harm, region or kind chosen in the sidebar restricts every cell and the summary."""
    at = open_page()
    before = counts(at)
    at.sidebar.multiselect(key=control).select(value)
    rerun(at)
    table = gap_table(engine, query)
    assert table.total < len(engine.catalogue.resources)
    assert at.markdown[0].value == summary(table)
    assert_frame_is(at, table)
    assert not counts(at).equals(before)
    assert url(at) == written


def test_a_strict_role_restricts_the_counts(engine: bridge.Engine) -> None:
    """A role alone changes no count; 'Only resources for my role' does."""
    at = open_page()
    at.sidebar.selectbox(key="role").select("parent")
    rerun(at)
    assert_frame_is(at, gap_table(engine))
    at.sidebar.checkbox(key="strict_role").check()
    rerun(at)
    table = gap_table(engine, bridge.Query(role="parent", strict_role=True))
    assert 0 < table.total < len(engine.catalogue.resources)
    assert_frame_is(at, table)
    assert url(at) == {"role": ["parent"], "strict_role": ["true"]}


def test_words_in_the_sidebar_change_no_count(engine: bridge.Engine) -> None:
    """The profile's text is not a filter: the counts stay those of the whole catalogue."""
    at = open_page()
    at.sidebar.text_input(key="text").input("sextortion helplines")
    rerun(at)
    assert_frame_is(at, gap_table(engine))
    assert at.markdown[0].value == summary(gap_table(engine))


# The records of a cell


def test_the_first_cell_is_listed_by_default(engine: bridge.Engine) -> None:
    """Before any choice, the first row and column's records are listed, newest first."""
    at = open_page()
    table = gap_table(engine)
    assert at.selectbox(key="gap_row").value == "csea"
    assert at.selectbox(key="gap_column").value == "Africa"
    assert shown_cell(at) == cell_listing(engine, bridge.Query(), table, "csea", "Africa")


def test_choosing_a_row_and_column_lists_that_cells_records(engine: bridge.Engine) -> None:
    """Choosing grooming x Asia lists its records; their number is the cell's count."""
    at = open_page()
    at.selectbox(key="gap_row").set_value("grooming")
    at.selectbox(key="gap_column").set_value("Asia")
    rerun(at)
    table = gap_table(engine)
    count = table.counts[table.rows.values.index("grooming")][table.columns.values.index("Asia")]
    records = bridge.cell_records(engine, bridge.Query(), table, "grooming", "Asia")
    assert len(records) == count > 0
    assert shown_cell(at) == cell_listing(engine, bridge.Query(), table, "grooming", "Asia")
    assert shown_cell(at)[0] == f"{count} records."
    assert len(shown_cell(at)[1].splitlines()) == count


def test_cell_records_follow_the_sidebar_filters(engine: bridge.Engine) -> None:
    """Under a kind filter the chosen cell lists only the records of that kind."""
    at = open_page({"kind": "research"})
    at.selectbox(key="gap_row").set_value("csam")
    at.selectbox(key="gap_column").set_value("Europe")
    rerun(at)
    query = bridge.Query(kinds=["research"])
    table = gap_table(engine, query)
    listed = bridge.cell_records(engine, query, table, "csam", "Europe")
    assert {r.kind for r in listed} == {"research"}
    assert shown_cell(at) == cell_listing(engine, query, table, "csam", "Europe")


def test_an_empty_cell_says_it_is_a_gap() -> None:
    """A cell with no records says so: 0 records, 'No records: a gap.'"""
    at = open_page({"view": "kind-harm"})
    at.selectbox(key="gap_row").set_value("dataset")
    at.selectbox(key="gap_column").set_value("online-harms")
    rerun(at)
    assert shown_cell(at) == ("0 records.", "No records: a gap.")


def test_the_cell_choosers_follow_the_view(engine: bridge.Engine) -> None:
    """After a change of view the row and column choosers offer the new axes and list a cell
    of the new view."""
    at = open_page()
    at.segmented_control(key="gap_view").set_value("role-harm")
    rerun(at)
    table = gap_table(engine, axes="role-harm")
    row, column = at.selectbox(key="gap_row"), at.selectbox(key="gap_column")
    assert (row.label, column.label) == ("Role", "Harm")
    assert row.options == list(table.rows.labels)
    assert column.options == list(table.columns.labels)
    assert (row.value, column.value) == ("trust-safety", "csea")
    assert shown_cell(at) == cell_listing(engine, bridge.Query(), table, row.value, column.value)
    at.selectbox(key="gap_row").set_value("helpline")
    rerun(at)
    assert shown_cell(at) == cell_listing(engine, bridge.Query(), table, "helpline", "csea")


def test_every_row_of_a_view_lists_as_many_records_as_it_counts(engine: bridge.Engine) -> None:
    """For each harm in the Asia column the page's 'N records.' is the table's count."""
    at = open_page()
    at.selectbox(key="gap_column").set_value("Asia")
    table = gap_table(engine)
    column = table.columns.values.index("Asia")
    for harm, row in zip(table.rows.values, table.counts, strict=True):
        at.selectbox(key="gap_row").set_value(harm)
        rerun(at)
        assert shown_cell(at)[0] == f"{row[column]} records.", harm


# A taxonomy without the evidence map's column sets


@pytest.fixture
def schemeless_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app reading the literal catalogue whose regions.yaml has no `schemes:`."""
    import importlib

    root = build_catalogue(tmp_path / "catalogue")
    regions = root / "taxonomy" / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    regions.write_text(text[: text.index("\nschemes:")] + "\n", encoding="utf-8")
    assert bridge.read_catalogue(root).problems == ()
    monkeypatch.setenv("BRIDGE_CATALOGUE", str(root))
    ui_engine = importlib.import_module("ui.engine")
    yield root
    ui_engine._opened.clear(str(root), bridge.fingerprint(root))


def test_the_page_on_a_taxonomy_without_schemes_shows_the_continents(
    schemeless_catalogue: Path,
) -> None:
    """Without column sets the default view counts by the five M49 regions, in the order of
    m49.csv, and says nothing is wrong."""
    at = open_page()
    table = gap_table(bridge.Engine(bridge.read_catalogue(schemeless_catalogue).catalogue))
    assert [t.value for t in at.title] == ["Evidence map"]
    assert at.markdown[0].value == summary(table)
    assert_frame_is(at, table)
    assert list(counts(at).columns) == ["Asia", "Europe", "Africa", "Oceania", "Americas"]
    assert ([w.value for w in at.warning], [e.value for e in at.error]) == ([], [])


def test_the_unicef_view_without_its_column_set_says_what_to_add(
    schemeless_catalogue: Path,
) -> None:
    """Choosing the UNICEF view on that taxonomy: one error naming the fix, no table."""
    at = open_page()
    at.segmented_control(key="gap_view").set_value("harm-unicef")
    rerun(at)
    assert [e.value for e in at.error] == [
        "the taxonomy names no 'unicef' regions\\: add \\`unicef\\:\\` under \\`schemes\\:\\` in "
        "regions.yaml"
    ]
    assert len(at.dataframe) == 0
