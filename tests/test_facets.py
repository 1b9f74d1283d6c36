"""bridge/engine/facets.py: the facet membership arrays of an index's rows, the tag codes and
the points a query's facets earn, and the masks of the plain filters."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from engine_world import RECORDS, world

from bridge.engine.facets import RELATIONS, FacetIndex, FacetPoints, TagCodes
from bridge.engine.filters import FacetMatch, Filters, tag_matches
from bridge.regions import Relation
from bridge.taxonomy import Taxonomy

# The rows of engine_world's records, in order.
ROWS = (
    "grooming-study",  # grooming, Philippines, 2023, research, org-a, researcher
    "csea-overview",  # csea, Global, 2021, research, org-b, policymaker
    "sextortion-scams",  # sextortion, Philippines + Cambodia, 2024, research, org-c
    "csam-hotlines",  # csam, Europe, 2022, toolkit, org-d, helpline
    "kenya-helplines",  # csea, Kenya, 2019, programme, org-e, helpline + parent
    "parents-guide",  # online-harms, Global, no year, toolkit, org-f, parent
    "asean-plan",  # csea, ASEAN, 2019, policy, org-b, policymaker
)


@pytest.fixture(scope="module")
def facets(taxonomy: Taxonomy) -> FacetIndex:
    index = FacetIndex.build(world(taxonomy))
    assert [r.id for r in world(taxonomy).resources] == list(ROWS)
    return index


def rows(flags: np.ndarray | None) -> list[str] | None:
    """The records a mask keeps, by id (None stays None: no filter in play)."""
    return None if flags is None else [ROWS[i] for i in np.flatnonzero(flags)]


def per_row(codes: TagCodes, set_points: np.ndarray) -> list[float]:
    """Points per row from points per tag set."""
    return [round(float(p), 6) for p in set_points[codes.set_of]]


def test_each_value_keeps_the_rows_tagged_with_it(facets: FacetIndex) -> None:
    """Harms, regions and evidence map each value to its rows, in row order."""
    assert {h: r.tolist() for h, r in facets.harms.items()} == {
        "grooming": [0],
        "csea": [1, 4, 6],
        "sextortion": [2],
        "csam": [3],
        "online-harms": [5],
    }
    assert {g: r.tolist() for g, r in facets.regions.items()} == {
        "Philippines": [0, 2],
        "Global": [1, 5],
        "Cambodia": [2],
        "Europe": [3],
        "Kenya": [4],
        "ASEAN": [6],
    }
    assert dict(facets.evidence) == {}


def test_every_role_of_the_taxonomy_has_a_flag_per_row(
    facets: FacetIndex, taxonomy: Taxonomy
) -> None:
    """Roles are flags over every row, a role no record holds all False."""
    assert tuple(facets.roles) == taxonomy.roles.ids
    held = {role: rows(flags) for role, flags in facets.roles.items() if flags.any()}
    assert held == {
        "researcher": ["grooming-study", "sextortion-scams"],
        "policymaker": ["csea-overview", "asean-plan"],
        "helpline": ["csam-hotlines", "kenya-helplines"],
        "parent": ["kenya-helplines", "parents-guide"],
    }


def test_plain_values_per_row(facets: FacetIndex, taxonomy: Taxonomy) -> None:
    """Kinds as codes into the taxonomy's kinds, years (0 when unknown), organisation codes
    in id order of the organisations."""
    assert facets.kind_names == taxonomy.kinds.ids
    assert [facets.kind_names[k] for k in facets.kinds] == [
        "research", "research", "research", "toolkit", "programme", "toolkit", "policy",
    ]  # fmt: skip
    assert facets.years.tolist() == [2023, 2021, 2024, 2022, 2019, 0, 2019]
    assert facets.organisations.tolist() == [0, 1, 2, 3, 4, 5, 1]


def test_the_orders_are_newest_first_and_by_id(facets: FacetIndex) -> None:
    """newest_first ranks rows by year (undated last), then title; by_id and rows_by_id are
    the id order and its inverse."""
    newest = sorted(range(len(ROWS)), key=lambda row: facets.newest_first[row])
    assert [ROWS[row] for row in newest] == [
        "sextortion-scams",
        "grooming-study",
        "csam-hotlines",
        "csea-overview",
        "kenya-helplines",
        "asean-plan",
        "parents-guide",
    ]
    assert [ROWS[row] for row in facets.rows_by_id] == sorted(ROWS)
    assert facets.by_id.tolist() == [3, 2, 6, 1, 4, 5, 0]
    assert facets.by_id[facets.rows_by_id].tolist() == list(range(len(ROWS)))


def test_every_array_is_read_only(facets: FacetIndex) -> None:
    """The built arrays refuse writes: an engine shared by every user cannot be changed."""
    arrays = [
        facets.years, facets.kinds, facets.organisations, facets.newest_first, facets.by_id,
        facets.rows_by_id, facets.harms["csea"], facets.regions["Global"], facets.roles["parent"],
        facets.harm_codes.sets, facets.harm_codes.set_of, facets.harm_codes.relations,
    ]  # fmt: skip
    assert [a.flags.writeable for a in arrays] == [False] * len(arrays)
    with pytest.raises(ValueError, match="read-only"):
        facets.years[0] = 1


def test_harm_points_rank_exact_above_narrower_above_broader(facets: FacetIndex) -> None:
    """--harm grooming: the grooming record earns exact points, the csea ones broader; --harm
    csea: csea exact, the harms under it narrower, online-harms nothing."""
    points = FacetPoints()
    grooming = facets.harm_points(Filters(harms=("grooming",)), points)
    csea = facets.harm_points(Filters(harms=("csea",)), points)
    assert per_row(facets.harm_codes, grooming) == [0.12, 0.05, 0.0, 0.0, 0.05, 0.0, 0.05]
    assert per_row(facets.harm_codes, csea) == [0.09, 0.12, 0.09, 0.09, 0.12, 0.0, 0.12]


def test_several_wanted_harms_earn_the_best_of_them(facets: FacetIndex) -> None:
    """--harm grooming --harm csam: each row its best relation to either."""
    both = facets.harm_points(Filters(harms=("grooming", "csam")), FacetPoints())
    assert per_row(facets.harm_codes, both) == [0.12, 0.05, 0.0, 0.12, 0.05, 0.0, 0.05]


def test_region_points_follow_the_region_tree_groups_and_global(facets: FacetIndex) -> None:
    """--region Philippines: the country exact, ASEAN (holding it) broader, Global least;
    --region Asia: its countries and ASEAN narrower."""
    points = FacetPoints()
    philippines = facets.region_points(Filters(regions=("Philippines",)), points)
    asia = facets.region_points(Filters(regions=("Asia",)), points)
    assert per_row(facets.region_codes, philippines) == [0.1, 0.03, 0.1, 0.0, 0.0, 0.03, 0.05]
    assert per_row(facets.region_codes, asia) == [0.08, 0.03, 0.08, 0.0, 0.0, 0.03, 0.08]


def test_points_come_from_the_given_table(facets: FacetIndex) -> None:
    """Other facet points change the points, not which rows earn them."""
    points = FacetPoints(harm={"exact": 1.0, "broader": 0.5})
    grooming = facets.harm_points(Filters(harms=("grooming",)), points)
    assert per_row(facets.harm_codes, grooming) == [1.0, 0.5, 0.0, 0.0, 0.5, 0.0, 0.5]


def test_tag_codes_share_one_set_per_distinct_combination() -> None:
    """Rows with the same tags share a set; sets list tag codes padded past the last tag;
    relations hold each wanted value against each tag as a RELATIONS code (0: none)."""

    def relate(tagged: str, wanted: str) -> Relation | None:
        return "exact" if tagged == wanted else ("global" if tagged == "g" else None)

    codes = TagCodes.build([("b", "a"), ("a",), (), ("b", "a")], ["a", "b", "c"], relate)
    assert codes.names == ("a", "b")
    assert codes.sets.tolist() == [[1, 0], [0, 2], [2, 2]]
    assert codes.set_of.tolist() == [0, 1, 2, 0]
    assert dict(codes.wanted_index) == {"a": 0, "b": 1, "c": 2}
    exact = RELATIONS.index("exact") + 1
    assert codes.relations.tolist() == [[exact, 0], [0, exact], [0, 0]]
    points = {"exact": 0.5}
    assert codes.set_points(["b"], points).tolist() == [0.5, 0.0, 0.0]
    assert codes.set_points(["a", "c"], points).tolist() == [0.5, 0.5, 0.0]


def test_tag_codes_of_no_tags_earn_nothing() -> None:
    """Rows without any tag: one padded set, no points whatever is wanted."""
    codes = TagCodes.build([(), ()], ["a"], lambda tagged, wanted: "exact")
    assert (codes.names, codes.sets.tolist(), codes.set_of.tolist()) == ((), [[0]], [0, 0])
    assert codes.set_points(["a"], {"exact": 1.0}).tolist() == [0.0]


def test_no_plain_filter_gives_no_mask(facets: FacetIndex) -> None:
    """Without a kind, year, evidence or strict-role filter there is no mask; a role alone,
    and harm or region filters, are not plain filters."""
    assert facets.plain_mask(Filters()) is None
    assert facets.plain_mask(Filters(role="parent", harms=("csea",), regions=("Kenya",))) is None


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        (Filters(kinds=("toolkit",)), ["csam-hotlines", "parents-guide"]),
        (Filters(kinds=("policy", "programme")), ["kenya-helplines", "asean-plan"]),
        (Filters(year_from=2022), ["grooming-study", "sextortion-scams", "csam-hotlines"]),
        (Filters(year_to=2019), ["kenya-helplines", "asean-plan"]),
        (Filters(year_from=2021, year_to=2022), ["csea-overview", "csam-hotlines"]),
        (Filters(role="parent", strict_role=True), ["kenya-helplines", "parents-guide"]),
        (Filters(evidence=("survey",)), []),
        (Filters(kinds=("toolkit",), year_from=2020), ["csam-hotlines"]),
    ],
    ids=str,
)
def test_plain_filters_mask_the_rows_that_pass_them_all(
    facets: FacetIndex, filters: Filters, kept: list[str]
) -> None:
    """Kinds are OR, a year range drops undated rows, strict role keeps its audience,
    evidence keeps tagged rows; filters together are AND."""
    assert rows(facets.plain_mask(filters)) == kept


def test_evidence_keeps_the_rows_tagged_with_any_wanted_kind(taxonomy: Taxonomy) -> None:
    """Evidence values are OR: a survey or a review keeps the rows tagged with either."""
    tagged = (
        replace(RECORDS[0], evidence=("survey",)),
        replace(RECORDS[1], evidence=("review", "survey")),
        RECORDS[2],
        replace(RECORDS[3], evidence=("evaluation",)),
    )
    facets = FacetIndex.build(world(taxonomy, tagged))
    assert {e: r.tolist() for e, r in facets.evidence.items()} == {
        "survey": [0, 1],
        "review": [1],
        "evaluation": [3],
    }
    mask = facets.plain_mask(Filters(evidence=("review", "evaluation")))
    assert mask is not None and mask.tolist() == [False, True, False, True]


def test_tag_codes_number_each_rows_tag_set_in_the_order_first_met() -> None:
    """Rows with the same tags share a set number; sets are numbered as first met."""
    codes = TagCodes.build([("b",), ("a",), ("b",), (), ("a",)], ["a", "b"], lambda t, w: None)
    assert codes.set_of.tolist() == [0, 1, 0, 2, 1]
    assert not codes.set_of.flags.writeable


def test_tag_set_matches_are_those_tag_matches_finds(
    facets: FacetIndex, taxonomy: Taxonomy
) -> None:
    """--harm csea --harm grooming, --region Philippines --region Asia: each row's tag set
    meets them as filters.tag_matches finds for the record, match for match, in order."""
    filters = Filters(harms=("csea", "grooming"), regions=("Philippines", "Asia"))
    records = world(taxonomy).resources
    harms = facets.harm_codes.matches("harm", filters.harms, facets.harm_codes.set_of.tolist())
    regions = facets.region_codes.matches(
        "region", filters.regions, facets.region_codes.set_of.tolist()
    )
    assert [harms[int(code)] for code in facets.harm_codes.set_of] == [
        tag_matches(r.harms, (), filters, taxonomy) for r in records
    ]
    assert [regions[int(code)] for code in facets.region_codes.set_of] == [
        tag_matches((), r.regions, filters, taxonomy) for r in records
    ]
    assert regions[int(facets.region_codes.set_of[2])] == (
        FacetMatch("region", "Philippines", "Philippines", "exact"),
        FacetMatch("region", "Asia", "Philippines", "narrower"),
        FacetMatch("region", "Asia", "Cambodia", "narrower"),
    )
