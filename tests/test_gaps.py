"""bridge/gaps.py: the evidence map's counts, counted on a literal world by hand.

The world is engine_world's seven records. Who counts where (harm x M49 region):
- csea-overview (csea, Global) and parents-guide (online-harms, Global): every region column;
  csea-overview in every harm row under csea, parents-guide only in online-harms.
- kenya-helplines (csea, Kenya): every harm under csea, in Africa.
- asean-plan (csea, ASEAN): every harm under csea, in Asia.
- grooming-study (grooming, Philippines), sextortion-scams (sextortion, Philippines and
  Cambodia): csea and their own harm, in Asia.
- csam-hotlines (csam, Europe): csea and csam, in Europe.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from engine_world import RECORDS, resource, world
from literal import RESOURCES

from bridge.catalogue.reading import read_catalogue
from bridge.engine.filters import filtered, resolve_filters
from bridge.engine.gaps import AXES, NOTE, Axis, GapTable, cell_records, gap_table
from bridge.engine.rank import Engine
from bridge.formats.gaps import gap_frame, gaps_csv, gaps_json, gaps_text, long_frame
from bridge.model import Catalogue, Query, Resource
from bridge.taxonomy import Taxonomy

HARMS = (
    "csea",
    "grooming",
    "sextortion",
    "csam",
    "livestreaming",
    "self-generated",
    "ai-generated",
    "trafficking",
    "online-harms",
)
UNDER_CSEA = HARMS[:-1]
M49 = ("Africa", "Americas", "Asia", "Europe", "Oceania")
UNICEF = (
    "East Asia and Pacific",
    "Eastern and Southern Africa",
    "West and Central Africa",
    "Latin America and the Caribbean",
    "Middle East and North Africa",
    "Europe and Central Asia",
    "South Asia",
)
ROLES = (
    "trust-safety",
    "tech-industry",
    "researcher",
    "civil-society",
    "policymaker",
    "law-enforcement",
    "helpline",
    "educator",
    "parent",
    "young-people",
    "funder",
)
KINDS = ("research", "toolkit", "programme", "policy", "dataset", "event", "story", "news")

# harm x M49 region on the whole world: rows in HARMS order, columns in M49 order.
HARM_REGION_COUNTS = (
    (2, 1, 4, 2, 1),  # csea: overview everywhere; kenya; asean, grooming, sextortion; csam
    (2, 1, 3, 1, 1),  # grooming: overview; kenya; asean and grooming-study
    (2, 1, 3, 1, 1),  # sextortion: overview; kenya; asean and sextortion-scams
    (2, 1, 2, 2, 1),  # csam: overview; kenya; asean; csam-hotlines
    (2, 1, 2, 1, 1),  # livestreaming: only the csea records
    (2, 1, 2, 1, 1),
    (2, 1, 2, 1, 1),
    (2, 1, 2, 1, 1),
    (1, 1, 1, 1, 1),  # online-harms: parents-guide (Global) only
)
HARM_REGION_SPECIFIC = (
    (1, 0, 3, 1, 0),  # csea or under it, in the region or inside it: no Global records
    (0, 0, 1, 0, 0),
    (0, 0, 1, 0, 0),
    (0, 0, 0, 1, 0),
    (0, 0, 0, 0, 0),
    (0, 0, 0, 0, 0),
    (0, 0, 0, 0, 0),
    (0, 0, 0, 0, 0),
    (0, 0, 0, 0, 0),
)
# harm x UNICEF region: Philippines, Cambodia and ASEAN are in East Asia and Pacific, Kenya in
# Eastern and Southern Africa, Europe in Europe and Central Asia.
HARM_UNICEF_COUNTS = (
    (4, 2, 1, 1, 1, 2, 1),
    (3, 2, 1, 1, 1, 1, 1),
    (3, 2, 1, 1, 1, 1, 1),
    (2, 2, 1, 1, 1, 2, 1),
    (2, 2, 1, 1, 1, 1, 1),
    (2, 2, 1, 1, 1, 1, 1),
    (2, 2, 1, 1, 1, 1, 1),
    (2, 2, 1, 1, 1, 1, 1),
    (1, 1, 1, 1, 1, 1, 1),
)
HARM_UNICEF_SPECIFIC = (
    (3, 1, 0, 0, 0, 1, 0),
    (1, 0, 0, 0, 0, 0, 0),
    (1, 0, 0, 0, 0, 0, 0),
    (0, 0, 0, 0, 0, 1, 0),
    *((0,) * 7,) * 5,
)
ZERO_HARMS = (0,) * 9
ALL_UNDER_CSEA = (1, 1, 1, 1, 1, 1, 1, 1, 0)
# role x harm: researcher: grooming-study, sextortion-scams; policymaker: csea-overview,
# asean-plan; helpline: csam-hotlines, kenya-helplines; parent: kenya-helplines, parents-guide.
ROLE_HARM_COUNTS = (
    ZERO_HARMS,
    ZERO_HARMS,
    (2, 1, 1, 0, 0, 0, 0, 0, 0),
    ZERO_HARMS,
    (2, 2, 2, 2, 2, 2, 2, 2, 0),
    ZERO_HARMS,
    (2, 1, 1, 2, 1, 1, 1, 1, 0),
    ZERO_HARMS,
    (1, 1, 1, 1, 1, 1, 1, 1, 1),
    ZERO_HARMS,
    ZERO_HARMS,
)
ROLE_HARM_SPECIFIC = (
    ZERO_HARMS,
    ZERO_HARMS,
    (2, 1, 1, 0, 0, 0, 0, 0, 0),
    ZERO_HARMS,
    (2, 0, 0, 0, 0, 0, 0, 0, 0),
    ZERO_HARMS,
    (2, 0, 0, 1, 0, 0, 0, 0, 0),
    ZERO_HARMS,
    (1, 0, 0, 0, 0, 0, 0, 0, 1),
    ZERO_HARMS,
    ZERO_HARMS,
)
# kind x harm: research: grooming-study, csea-overview, sextortion-scams; toolkit:
# csam-hotlines, parents-guide; programme: kenya-helplines; policy: asean-plan.
KIND_HARM_COUNTS = (
    (3, 2, 2, 1, 1, 1, 1, 1, 0),
    (1, 0, 0, 1, 0, 0, 0, 0, 1),
    ALL_UNDER_CSEA,
    ALL_UNDER_CSEA,
    ZERO_HARMS,
    ZERO_HARMS,
    ZERO_HARMS,
    ZERO_HARMS,
)
KIND_HARM_SPECIFIC = (
    (3, 1, 1, 0, 0, 0, 0, 0, 0),
    (1, 0, 0, 1, 0, 0, 0, 0, 1),
    (1, 0, 0, 0, 0, 0, 0, 0, 0),
    (1, 0, 0, 0, 0, 0, 0, 0, 0),
    ZERO_HARMS,
    ZERO_HARMS,
    ZERO_HARMS,
    ZERO_HARMS,
)


def by_id(rid: str) -> Resource:
    return next(r for r in RECORDS if r.id == rid)


@pytest.fixture(scope="module")
def engine(taxonomy: Taxonomy) -> Engine:
    """The engine on engine_world's seven records."""
    return Engine(world(taxonomy))


@pytest.fixture(scope="module")
def bundled() -> Engine:
    """The engine on the repository's own catalogue."""
    report = read_catalogue(RESOURCES)
    assert report.problems == ()
    return Engine(report.catalogue)


def only(taxonomy: Taxonomy, *ids: str) -> Engine:
    """An engine on just these records of the world."""
    return Engine(world(taxonomy, tuple(by_id(i) for i in ids)))


def rows_of(table: GapTable) -> dict[str, tuple[int, ...]]:
    return dict(zip(table.rows.values, table.counts, strict=True))


def specific_rows_of(table: GapTable) -> dict[str, tuple[int, ...]]:
    return dict(zip(table.rows.values, table.specific, strict=True))


def ids(records: tuple[Resource, ...]) -> list[str]:
    return [r.id for r in records]


# The axes of each view


def test_each_view_has_its_rows_and_columns(engine: Engine) -> None:
    """The four views: harm x M49 region, harm x UNICEF region, role x harm, kind x harm."""
    axes = {}
    for view in AXES:
        table = gap_table(engine, axes=view)
        axes[view] = (
            table.rows.facet,
            table.rows.values,
            table.columns.facet,
            table.columns.values,
        )
    assert axes == {
        "harm-region": ("harm", HARMS, "region", M49),
        "harm-unicef": ("harm", HARMS, "region", UNICEF),
        "role-harm": ("role", ROLES, "harm", HARMS),
        "kind-harm": ("kind", KINDS, "harm", HARMS),
    }


def test_axis_labels_come_from_the_taxonomy(engine: Engine, taxonomy: Taxonomy) -> None:
    """Rows and columns are labelled with the taxonomy's labels; regions by their names."""
    table = gap_table(engine, axes="kind-harm")
    assert table.rows.labels == tuple(taxonomy.kinds.label(k) for k in KINDS)
    assert table.columns.labels == tuple(taxonomy.harms.label(h) for h in HARMS)
    assert table.rows.labels[:2] == ("Research", "Toolkit")
    assert table.columns.labels[:2] == (
        "Online child sexual exploitation and abuse",
        "Online grooming",
    )
    assert gap_table(engine).columns.labels == M49
    assert gap_table(engine, axes="harm-unicef").columns.labels == UNICEF


def test_table_titles_name_the_view(engine: Engine) -> None:
    """Each view's title names its facets; the UNICEF view says so."""
    assert [gap_table(engine, axes=v).title for v in AXES] == [
        "harm x region",
        "harm x region (UNICEF regions)",
        "role x harm",
        "kind x harm",
    ]


# The counting rules, one record at a time


def test_a_csea_record_counts_for_every_harm_under_csea(taxonomy: Taxonomy) -> None:
    """kenya-helplines (csea, Kenya) counts in every harm row under csea, never online-harms."""
    table = gap_table(only(taxonomy, "kenya-helplines"))
    assert rows_of(table) == {h: (1, 0, 0, 0, 0) for h in UNDER_CSEA} | {
        "online-harms": (0, 0, 0, 0, 0)
    }


def test_a_global_record_counts_in_every_region_column(taxonomy: Taxonomy) -> None:
    """csea-overview (csea, Global) counts in every M49 and UNICEF column, never specifically."""
    one = only(taxonomy, "csea-overview")
    m49, unicef = gap_table(one), gap_table(one, axes="harm-unicef")
    assert rows_of(m49) == {h: (1,) * 5 for h in UNDER_CSEA} | {"online-harms": (0,) * 5}
    assert rows_of(unicef) == {h: (1,) * 7 for h in UNDER_CSEA} | {"online-harms": (0,) * 7}
    assert m49.specific == ((0,) * 5,) * 9
    assert unicef.specific == ((0,) * 7,) * 9
    assert (m49.empty_cells, unicef.empty_cells) == (45, 63)


def test_a_kenya_record_counts_in_africa_and_eastern_and_southern_africa(
    taxonomy: Taxonomy,
) -> None:
    """Kenya is in Africa (M49) and Eastern and Southern Africa (UNICEF), not in any Europe."""
    one = only(taxonomy, "kenya-helplines")
    m49, unicef = gap_table(one), gap_table(one, axes="harm-unicef")
    assert m49.counts[0] == m49.specific[0] == (1, 0, 0, 0, 0)
    assert unicef.counts[0] == unicef.specific[0] == (0, 1, 0, 0, 0, 0, 0)
    assert m49.counts[0][M49.index("Europe")] == 0
    assert unicef.counts[0][UNICEF.index("Europe and Central Asia")] == 0
    assert unicef.counts[0][UNICEF.index("West and Central Africa")] == 0


def test_specific_counts_only_the_cell_harm_or_narrower_and_region_or_inside(
    taxonomy: Taxonomy,
) -> None:
    """grooming-study (grooming, Philippines): counts in csea and grooming x Asia, and
    specifically in both; a csea record counts in grooming cells but not specifically."""
    grooming = gap_table(only(taxonomy, "grooming-study"))
    assert rows_of(grooming) == {h: (0,) * 5 for h in HARMS} | {
        "csea": (0, 0, 1, 0, 0),
        "grooming": (0, 0, 1, 0, 0),
    }
    assert grooming.specific == grooming.counts
    asean = gap_table(only(taxonomy, "asean-plan"))
    assert specific_rows_of(asean) == {h: (0,) * 5 for h in HARMS} | {"csea": (0, 0, 1, 0, 0)}
    assert rows_of(asean)["grooming"] == (0, 0, 1, 0, 0)


# The whole world, every view


def test_harm_by_m49_region_counts_and_specific(engine: Engine) -> None:
    """harm x M49 region on the whole world: counts, specific counts, gaps and total."""
    table = gap_table(engine)
    assert (table.axes, table.total) == ("harm-region", 7)
    assert table.counts == HARM_REGION_COUNTS
    assert table.specific == HARM_REGION_SPECIFIC
    assert table.empty_cells == 45 - 6


def test_harm_by_unicef_region_counts_and_specific(engine: Engine) -> None:
    """harm x UNICEF region on the whole world: counts, specific counts and gaps."""
    table = gap_table(engine, axes="harm-unicef")
    assert table.counts == HARM_UNICEF_COUNTS
    assert table.specific == HARM_UNICEF_SPECIFIC
    assert table.empty_cells == 63 - 6


def test_role_by_harm_counts_and_specific(engine: Engine) -> None:
    """role x harm: a record counts under each of its audience roles."""
    table = gap_table(engine, axes="role-harm")
    assert table.counts == ROLE_HARM_COUNTS
    assert table.specific == ROLE_HARM_SPECIFIC
    assert table.empty_cells == 99 - 8


def test_kind_by_harm_counts_and_specific(engine: Engine) -> None:
    """kind x harm: each record counts under its kind only."""
    table = gap_table(engine, axes="kind-harm")
    assert table.counts == KIND_HARM_COUNTS
    assert table.specific == KIND_HARM_SPECIFIC
    assert table.empty_cells == 72 - 8


def test_empty_cells_counts_the_specific_zeros(engine: Engine) -> None:
    """empty_cells is the number of cells whose specific count is 0, whatever their count."""
    for view in AXES:
        table = gap_table(engine, axes=view)
        zeros = sum(n == 0 for row in table.specific for n in row)
        assert table.empty_cells == zeros, view
    table = gap_table(engine)
    assert table.counts[-1] == (1, 1, 1, 1, 1)  # online-harms: Global counts everywhere...
    assert table.specific[-1] == (0, 0, 0, 0, 0)  # ...but speaks to no region: 5 gaps


def test_an_empty_catalogue_is_all_gaps(taxonomy: Taxonomy) -> None:
    """No records: every count 0, every cell a gap, total 0."""
    table = gap_table(Engine(world(taxonomy, ())))
    assert (table.total, table.empty_cells) == (0, 45)
    assert table.counts == table.specific == ((0,) * 5,) * 9


# The sidebar's filters


def test_a_harm_filter_restricts_every_cell(engine: Engine) -> None:
    """harms=[grooming] keeps grooming-study and the csea records (overview, kenya, asean)."""
    table = gap_table(engine, Query(harms=["grooming"]))
    assert table.total == 4
    assert table.counts == (
        (2, 1, 3, 1, 1),
        (2, 1, 3, 1, 1),
        *((2, 1, 2, 1, 1),) * 6,
        (0, 0, 0, 0, 0),
    )
    assert table.specific == (
        (1, 0, 2, 0, 0),
        (0, 0, 1, 0, 0),
        *((0,) * 5,) * 7,
    )


def test_a_region_filter_restricts_every_cell(engine: Engine) -> None:
    """regions=[Asia] keeps the Asian records and the two Global ones."""
    table = gap_table(engine, Query(regions=["Asia"]))
    assert table.total == 5
    assert table.counts == (
        (1, 1, 4, 1, 1),
        (1, 1, 3, 1, 1),
        (1, 1, 3, 1, 1),
        *((1, 1, 2, 1, 1),) * 5,
        (1, 1, 1, 1, 1),
    )
    assert table.specific[0] == (0, 0, 3, 0, 0)


def test_a_kind_filter_restricts_every_cell(engine: Engine) -> None:
    """kinds=[toolkit] keeps csam-hotlines (Europe) and parents-guide (Global)."""
    table = gap_table(engine, Query(kinds=["toolkit"]))
    assert table.total == 2
    assert rows_of(table) == {h: (0, 0, 0, 0, 0) for h in HARMS} | {
        "csea": (0, 0, 0, 1, 0),
        "csam": (0, 0, 0, 1, 0),
        "online-harms": (1, 1, 1, 1, 1),
    }


def test_a_strict_role_restricts_every_cell_and_a_plain_role_does_not(engine: Engine) -> None:
    """role=helpline with strict_role keeps csam-hotlines and kenya-helplines; without it, all."""
    strict = gap_table(engine, Query(role="helpline", strict_role=True))
    assert strict.total == 2
    assert strict.counts == (
        (1, 0, 0, 1, 0),
        (1, 0, 0, 0, 0),
        (1, 0, 0, 0, 0),
        (1, 0, 0, 1, 0),
        *((1, 0, 0, 0, 0),) * 4,
        (0, 0, 0, 0, 0),
    )
    assert gap_table(engine, Query(role="helpline")) == gap_table(engine)


def test_year_filters_restrict_every_cell(engine: Engine) -> None:
    """year_from=2022 keeps sextortion-scams (2024), grooming-study (2023), csam-hotlines (2022)."""
    table = gap_table(engine, Query(year_from=2022))
    assert table.total == 3
    assert rows_of(table) == {h: (0,) * 5 for h in HARMS} | {
        "csea": (0, 0, 2, 1, 0),
        "grooming": (0, 0, 1, 0, 0),
        "sextortion": (0, 0, 1, 0, 0),
        "csam": (0, 0, 0, 1, 0),
    }


def test_filtered_counts_equal_search_with_the_filter_and_the_cell(engine: Engine) -> None:
    """Under kinds and years, each cell equals search's total for those filters plus the cell."""
    filters = Query(kinds=["research", "toolkit"], year_to=2023)
    for view in ("harm-region", "harm-unicef"):
        table = gap_table(engine, filters, axes=view)
        for h, row in zip(table.rows.values, table.counts, strict=True):
            for r, n in zip(table.columns.values, row, strict=True):
                query = Query(kinds=filters.kinds, year_to=2023, harms=[h], regions=[r])
                assert engine.search(query, top=0).total == n, (view, h, r)


def test_the_query_text_is_ignored(engine: Engine) -> None:
    """Words in the query change nothing: the same table as without them, in every view."""
    for view in AXES:
        plain = gap_table(engine, Query(harms=["csea"]), axes=view)
        worded = gap_table(engine, Query(text="grooming teenagers", harms=["csea"]), axes=view)
        assert worded == plain, view
    assert gap_table(engine, Query(text="zzzz nothing matches")).total == 7


def test_an_unknown_filter_value_is_an_error(engine: Engine) -> None:
    """A harm the taxonomy does not know raises UnknownTerm, as in search."""
    from bridge.errors import UnknownTerm

    with pytest.raises(UnknownTerm):
        gap_table(engine, Query(harms=["not-a-harm"]))


# The records of a cell


def test_cell_records_are_the_counted_records_newest_first(engine: Engine) -> None:
    """csea x Asia lists its four records newest first; csea x Africa its two."""
    table = gap_table(engine)
    assert ids(cell_records(engine, Query(), table, "csea", "Asia")) == [
        "sextortion-scams",  # 2024
        "grooming-study",  # 2023
        "csea-overview",  # 2021
        "asean-plan",  # 2019
    ]
    assert ids(cell_records(engine, Query(), table, "csea", "Africa")) == [
        "csea-overview",
        "kenya-helplines",
    ]
    assert ids(cell_records(engine, Query(), table, "online-harms", "Oceania")) == ["parents-guide"]
    assert ids(cell_records(engine, Query(), table, "trafficking", "Americas")) == ["csea-overview"]


def test_cell_records_of_other_views_and_under_filters(engine: Engine) -> None:
    """Role, kind and UNICEF cells list their records; the query's filters (not its text) apply."""
    role = gap_table(engine, axes="role-harm")
    assert ids(cell_records(engine, Query(), role, "helpline", "csam")) == [
        "csam-hotlines",
        "kenya-helplines",
    ]
    kind = gap_table(engine, axes="kind-harm")
    assert ids(cell_records(engine, Query(), kind, "toolkit", "online-harms")) == ["parents-guide"]
    unicef = gap_table(engine, axes="harm-unicef")
    assert ids(cell_records(engine, Query(), unicef, "csea", "Eastern and Southern Africa")) == [
        "csea-overview",
        "kenya-helplines",
    ]
    query = Query(text="teenagers", kinds=["policy"])
    filtered_table = gap_table(engine, query)
    assert ids(cell_records(engine, query, filtered_table, "csea", "Asia")) == ["asean-plan"]


def test_cell_records_order_breaks_ties_by_title_then_unknown_year_last(
    taxonomy: Taxonomy,
) -> None:
    """Same year: by title, case-insensitively; records without a year come last."""
    records = (
        resource("r-none", "Aardvark", year=None),
        resource("r-beta", "beta study", year=2020),
        resource("r-alpha", "Alpha study", year=2020),
        resource("r-new", "Zebra", year=2024),
    )
    one = Engine(world(taxonomy, records))
    table = gap_table(one)
    assert ids(cell_records(one, Query(), table, "grooming", "Europe")) == [
        "r-new",
        "r-alpha",
        "r-beta",
        "r-none",
    ]


def test_cell_records_match_every_count_of_every_view(engine: Engine) -> None:
    """In every view, each cell lists exactly as many records as it counts, each passing both
    of the cell's filters."""
    for view in AXES:
        table = gap_table(engine, axes=view)
        for rv, row in zip(table.rows.values, table.counts, strict=True):
            for cv, n in zip(table.columns.values, row, strict=True):
                found = cell_records(engine, Query(), table, rv, cv)
                assert len(found) == n, (view, rv, cv)
                assert len(set(ids(found))) == n


# The done-when property, on the bundled catalogue


def _cell_query(facet: str, value: str) -> dict[str, object]:
    if facet == "role":
        return {"role": value, "strict_role": True}
    return {{"harm": "harms", "region": "regions", "kind": "kinds"}[facet]: [value]}


def test_every_count_of_the_bundled_catalogue_equals_search(bundled: Engine) -> None:
    """For every cell of every view of the bundled catalogue, the count equals the total of
    Engine.search with the cell's two filters, and the records of cell_records are the
    records search finds."""
    checked = 0
    for view in AXES:
        table = gap_table(bundled, axes=view)
        assert table.total == len(bundled.catalogue.resources)
        for rv, row in zip(table.rows.values, table.counts, strict=True):
            for cv, n in zip(table.columns.values, row, strict=True):
                cell = _cell_query(table.rows.facet, rv) | _cell_query(table.columns.facet, cv)
                query = Query(**cell)  # type: ignore[arg-type]
                results = bundled.search(query, top=1000)
                assert results.total == n, (view, rv, cv)
                listed = cell_records(bundled, Query(), table, rv, cv)
                assert sorted(ids(listed)) == sorted(m.record.id for m in results.matches)
                checked += 1
    assert checked == 45 + 63 + 99 + 72


def test_every_count_of_the_bundled_catalogue_equals_the_plain_filter(bundled: Engine) -> None:
    """A second oracle: the pure-Python filter used by export counts the same for every
    harm x region cell, in both region schemes."""
    catalogue: Catalogue = bundled.catalogue
    for view in ("harm-region", "harm-unicef"):
        table = gap_table(bundled, axes=view)
        expected = tuple(
            tuple(
                len(
                    filtered(
                        catalogue.resources,
                        resolve_filters(Query(harms=[h], regions=[r]), catalogue.taxonomy),
                        catalogue.taxonomy,
                    )
                )
                for r in table.columns.values
            )
            for h in table.rows.values
        )
        assert table.counts == expected, view


def test_specific_never_exceeds_count_on_the_bundled_catalogue(bundled: Engine) -> None:
    """A record specific to a cell always counts in it: specific <= count in every cell."""
    for view in AXES:
        table = gap_table(bundled, axes=view)
        for row, srow in zip(table.counts, table.specific, strict=True):
            assert all(k <= n for n, k in zip(row, srow, strict=True)), view


# Frames and output formats


def test_gap_frame_is_the_counts_by_label(engine: Engine) -> None:
    """gap_frame: a row per row label, a column per column label, the counts as values."""
    table = gap_table(engine)
    frame = gap_frame(table)
    assert list(frame.index) == list(table.rows.labels)
    assert list(frame.columns) == list(M49)
    assert [tuple(int(n) for n in row) for row in frame.to_numpy()] == list(HARM_REGION_COUNTS)


def test_long_frame_has_one_row_per_cell(engine: Engine) -> None:
    """long_frame: ids, labels, count and specific for each cell, rows then columns."""
    frame = long_frame(gap_table(engine, axes="kind-harm"))
    assert list(frame.columns) == ["kind", "kind_label", "harm", "harm_label", "count", "specific"]
    assert len(frame) == 72
    assert frame.iloc[0].to_dict() == {
        "kind": "research",
        "kind_label": "Research",
        "harm": "csea",
        "harm_label": "Online child sexual exploitation and abuse",
        "count": 3,
        "specific": 3,
    }


def test_gaps_json_shape_and_values(engine: Engine) -> None:
    """gaps_json: view, rows, columns, their values, total, empty_cells, every cell, the note."""
    document = json.loads(gaps_json(gap_table(engine)))
    assert list(document) == [
        "view",
        "rows",
        "columns",
        "row_values",
        "column_values",
        "total",
        "empty_cells",
        "cells",
        "note",
    ]
    expected_cells = [
        {"harm": h, "region": r, "count": n, "specific": k}
        for h, row, srow in zip(HARMS, HARM_REGION_COUNTS, HARM_REGION_SPECIFIC, strict=True)
        for r, n, k in zip(M49, row, srow, strict=True)
    ]
    assert document == {
        "view": "harm-region",
        "rows": "harm",
        "columns": "region",
        "row_values": list(HARMS),
        "column_values": list(M49),
        "total": 7,
        "empty_cells": 39,
        "cells": expected_cells,
        "note": NOTE,
    }


def test_gaps_json_of_the_role_view_names_its_facets(engine: Engine) -> None:
    """In role x harm the cells are keyed role and harm."""
    document = json.loads(gaps_json(gap_table(engine, axes="role-harm")))
    assert (document["view"], document["rows"], document["columns"]) == (
        "role-harm",
        "role",
        "harm",
    )
    assert document["cells"][2 * 9] == {
        "role": "researcher",
        "harm": "csea",
        "count": 2,
        "specific": 2,
    }
    assert len(document["cells"]) == 99


def test_the_note_explains_how_cells_are_counted() -> None:
    """The note says count follows search, csea counts under every harm, Global everywhere,
    specific is the gap, and totals are not sums."""
    for phrase in (
        "exactly as `bridge search` filters",
        "a record tagged 'csea' counts for every harm under it",
        "and Global",
        "an empty specific cell is a gap in the evidence",
        "totals are not sums",
        "The current filters apply to every cell",
    ):
        assert phrase in NOTE


def test_gaps_csv_parses_back_to_the_cells(engine: Engine) -> None:
    """gaps_csv: a header and one CRLF-ended row per cell, read back by csv.DictReader."""
    text = gaps_csv(gap_table(engine))
    assert text.startswith("harm,harm_label,region,region_label,count,specific\r\n")
    assert text.count("\r\n") == 46
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0] == {
        "harm": "csea",
        "harm_label": "Online child sexual exploitation and abuse",
        "region": "Africa",
        "region_label": "Africa",
        "count": "2",
        "specific": "1",
    }
    assert [(r["harm"], r["region"], int(r["count"]), int(r["specific"])) for r in rows] == [
        (h, r, n, k)
        for h, row, srow in zip(HARMS, HARM_REGION_COUNTS, HARM_REGION_SPECIFIC, strict=True)
        for r, n, k in zip(M49, row, srow, strict=True)
    ]


def test_gaps_csv_neutralises_formula_cells() -> None:
    """Labels and values a spreadsheet would run (=, +, -, @, tab, full-width ＝) get a quote."""
    table = GapTable(
        axes="harm-region",
        rows=Axis("harm", ("=cmd", "+x"), ("=HYPERLINK(1)", "@SUM(A1)")),
        columns=Axis("region", ("-1", "\tt"), ("＝1+1", "plain")),
        counts=((1, 0), (2, 3)),
        specific=((0, 0), (1, 1)),
        total=3,
    )
    text = gaps_csv(table)
    assert text.splitlines()[1:] == [
        "'=cmd,'=HYPERLINK(1),'-1,'＝1+1,1,0",
        "'=cmd,'=HYPERLINK(1),'\tt,plain,0,0",
        "'+x,'@SUM(A1),'-1,'＝1+1,2,1",
        "'+x,'@SUM(A1),'\tt,plain,3,1",
    ]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["harm_label"] for r in rows] == ["'=HYPERLINK(1)"] * 2 + ["'@SUM(A1)"] * 2
    assert not any(
        cell[:1] in ("=", "+", "-", "@", "\t", "＝") for row in rows for cell in row.values()
    )


CELL = re.compile(r"(\d+) (?:\((\d+)\)|(·))")


def grid(text: str, table: GapTable) -> list[list[str]]:
    """The grid's cells, row by row, as printed ('n (k)' or 'n ·'), found by row label."""
    lines = text.splitlines()
    cells = []
    for label in table.rows.labels:
        [line] = [line for line in lines if line.startswith(label + " ")]
        cells.append([m.group(0) for m in CELL.finditer(line.removeprefix(label))])
    return cells


def test_gaps_text_heading_grid_and_note(engine: Engine) -> None:
    """gaps_text: a heading with the title, total and number of gaps, the grid by label with
    'count (specific)' in each cell, then the note."""
    table = gap_table(engine)
    text = gaps_text(table)
    lines = text.splitlines()
    assert lines[0] == (
        "harm x region: 7 records pass the filters. Each cell: count (specific); the 39 cells "
        "with nothing specific, the gaps, are marked ·."
    )
    assert lines[1] == ""
    assert lines[2].split() == list(M49)
    assert grid(text, table)[:3] == [
        ["2 (1)", "1 ·", "4 (3)", "2 (1)", "1 ·"],
        ["2 ·", "1 ·", "3 (1)", "1 ·", "1 ·"],
        ["2 ·", "1 ·", "3 (1)", "1 ·", "1 ·"],
    ]
    assert lines[12] == ""
    assert " ".join(lines[13:]) == NOTE
    assert text.endswith("\n")


def test_gaps_text_marks_every_gap_the_heading_counts(engine: Engine) -> None:
    """In every view each cell with no specific record (a gap) is marked '·', and only those:
    as many as the heading announces."""
    for view in AXES:
        table = gap_table(engine, axes=view)
        text = gaps_text(table)
        expected = [
            [f"{n} ({k})" if k else f"{n} ·" for n, k in zip(row, srow, strict=True)]
            for row, srow in zip(table.counts, table.specific, strict=True)
        ]
        assert grid(text, table) == expected, view
        assert text.count("·") - 1 == table.empty_cells  # the heading's own '·' once
        assert f"the {table.empty_cells} cells with nothing specific" in text.splitlines()[0]


def test_gaps_text_heading_names_the_unicef_scheme(engine: Engine) -> None:
    """The UNICEF view's heading says its columns are UNICEF regions."""
    text = gaps_text(gap_table(engine, axes="harm-unicef"))
    assert text.startswith("harm x region (UNICEF regions): 7 records pass the filters.")


def test_gaps_text_of_role_by_harm(engine: Engine) -> None:
    """role x harm: a role no record is for is all gaps; parents' row is counts and gaps."""
    table = gap_table(engine, axes="role-harm")
    rows = dict(zip(table.rows.values, grid(gaps_text(table), table), strict=True))
    assert rows["trust-safety"] == ["0 ·"] * 9
    assert rows["parent"] == ["1 (1)", *["1 ·"] * 7, "1 (1)"]
