"""bridge/filters.py: facet filters on the literal catalogue follow the taxonomy's trees.

Literal catalogue (id: harms / regions / kind / year / roles):
  africa-helpline-programme: csea / Africa / programme / 2022 / helpline, civil-society
  asean-policy-brief: sextortion / ASEAN / policy / 2019 / policymaker
  asia-online-harms-news: online-harms / Asia / news / 2020 / parent
  csam-hash-toolkit: csam / Global / toolkit / 2023 / trust-safety, tech-industry
  grooming-study-ph: grooming / Philippines / research / 2021 / researcher, educator
  kenya-grooming-event: grooming / Kenya / event / no year / educator, young-people
  sea-livestream-dataset: livestreaming / South-eastern Asia / dataset / 2024 / researcher,
    law-enforcement
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from literal import ALL_IDS

from bridge.engine.filters import (
    FacetMatch,
    Filters,
    facet_matches,
    filtered,
    harm_relation,
    resolve_filters,
)
from bridge.errors import UnknownTerm
from bridge.model import Catalogue, Query


def ids(catalogue: Catalogue, **query: Any) -> list[str]:
    """Ids of the records passing the query's filters, in catalogue order."""
    filters = resolve_filters(Query(**query), catalogue.taxonomy)
    return [r.id for r in filtered(catalogue.resources, filters, catalogue.taxonomy)]


def test_no_filter_passes_everything(literal_catalogue: Catalogue) -> None:
    """An empty query filters nothing."""
    assert ids(literal_catalogue) == ALL_IDS


def test_harm_exact_and_ancestor(literal_catalogue: Catalogue) -> None:
    """A grooming filter passes records tagged grooming and those tagged the broader csea."""
    assert ids(literal_catalogue, harms=["grooming"]) == [
        "africa-helpline-programme",
        "grooming-study-ph",
        "kenya-grooming-event",
    ]


def test_harm_descendants(literal_catalogue: Catalogue) -> None:
    """A csea filter passes records tagged any narrower harm, but not online-harms."""
    assert ids(literal_catalogue, harms=["csea"]) == [
        i for i in ALL_IDS if i != "asia-online-harms-news"
    ]


def test_harm_filter_by_deprecated_term(literal_catalogue: Catalogue) -> None:
    """A filter value written as a deprecated term filters by its preferred concept."""
    assert ids(literal_catalogue, harms=["child pornography"]) == [
        "africa-helpline-programme",
        "csam-hash-toolkit",
    ]


def test_separate_harm_branch(literal_catalogue: Catalogue) -> None:
    """online-harms, outside the csea tree, passes only its own records."""
    assert ids(literal_catalogue, harms=["online-harms"]) == ["asia-online-harms-news"]


def test_region_country_passes_broader_groups_and_global(literal_catalogue: Catalogue) -> None:
    """Philippines passes Philippines, South-eastern Asia, Asia, ASEAN and Global; not Kenya."""
    assert ids(literal_catalogue, regions=["Philippines"]) == [
        "asean-policy-brief",
        "asia-online-harms-news",
        "csam-hash-toolkit",
        "grooming-study-ph",
        "sea-livestream-dataset",
    ]


def test_region_continent_passes_its_countries(literal_catalogue: Catalogue) -> None:
    """Africa passes records on Kenya (narrower), Africa and Global."""
    assert ids(literal_catalogue, regions=["Africa"]) == [
        "africa-helpline-programme",
        "csam-hash-toolkit",
        "kenya-grooming-event",
    ]


def test_region_group_overlap(literal_catalogue: Catalogue) -> None:
    """A UNICEF group passes records on regions it overlaps (East Asia and Pacific meets Asia)."""
    assert ids(literal_catalogue, regions=["EAP"]) == [
        "asean-policy-brief",
        "asia-online-harms-news",
        "csam-hash-toolkit",
        "grooming-study-ph",
        "sea-livestream-dataset",
    ]


def test_region_alias_filter(literal_catalogue: Catalogue) -> None:
    """A region filter written as an ISO code works like the name."""
    assert ids(literal_catalogue, regions=["KE"]) == ids(literal_catalogue, regions=["Kenya"])


def test_or_within_a_facet(literal_catalogue: Catalogue) -> None:
    """Several regions are OR: Kenya or Philippines passes the records of either."""
    assert ids(literal_catalogue, regions=["Kenya", "Philippines"]) == [
        "africa-helpline-programme",
        "asean-policy-brief",
        "asia-online-harms-news",
        "csam-hash-toolkit",
        "grooming-study-ph",
        "kenya-grooming-event",
        "sea-livestream-dataset",
    ]
    assert ids(literal_catalogue, harms=["sextortion", "online-harms"]) == [
        "africa-helpline-programme",
        "asean-policy-brief",
        "asia-online-harms-news",
    ]


def test_and_across_facets(literal_catalogue: Catalogue) -> None:
    """Harm and region are AND: grooming in the Philippines leaves one record."""
    assert ids(literal_catalogue, harms=["grooming"], regions=["Philippines"]) == [
        "grooming-study-ph"
    ]


def test_kinds(literal_catalogue: Catalogue) -> None:
    """Kinds filter plainly, by id or synonym, several as OR."""
    assert ids(literal_catalogue, kinds=["study", "dataset"]) == [
        "grooming-study-ph",
        "sea-livestream-dataset",
    ]


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (
            {"year_from": 2021},
            [
                "africa-helpline-programme",
                "csam-hash-toolkit",
                "grooming-study-ph",
                "sea-livestream-dataset",
            ],
        ),
        ({"year_to": 2020}, ["asean-policy-brief", "asia-online-harms-news"]),
        (
            {"year_from": 2020, "year_to": 2022},
            ["africa-helpline-programme", "asia-online-harms-news", "grooming-study-ph"],
        ),
        ({"year_from": 2030}, []),
    ],
)
def test_years(literal_catalogue: Catalogue, years: dict[str, int], expected: list[str]) -> None:
    """Year bounds are inclusive; a record without a year fails any year filter."""
    assert ids(literal_catalogue, **years) == expected


def test_role_is_not_a_filter_unless_strict(literal_catalogue: Catalogue) -> None:
    """A role alone filters nothing; with strict_role only its audience passes."""
    assert ids(literal_catalogue, role="educator") == ALL_IDS
    assert ids(literal_catalogue, role="educator", strict_role=True) == [
        "grooming-study-ph",
        "kenya-grooming-event",
    ]


def test_strict_without_role_filters_nothing(literal_catalogue: Catalogue) -> None:
    """strict_role with no role is no filter."""
    assert ids(literal_catalogue, strict_role=True) == ALL_IDS


def test_resolve_filters(literal_catalogue: Catalogue) -> None:
    """Query values become ids and canonical names, duplicates removed."""
    query = Query(role="T&S", harms=["CSAM", "child pornography"], regions=["VN", "Viet Nam"])
    assert resolve_filters(query, literal_catalogue.taxonomy) == Filters(
        role="trust-safety", harms=("csam",), regions=("Vietnam",)
    )


@pytest.mark.parametrize(
    "query", [Query(harms=["groomng"]), Query(regions=["Narnia"]), Query(role="x")]
)
def test_unknown_filter_value_raises(literal_catalogue: Catalogue, query: Query) -> None:
    """An unknown facet value raises UnknownTerm rather than filtering everything out."""
    with pytest.raises(UnknownTerm):
        resolve_filters(query, literal_catalogue.taxonomy)


def test_facet_matches_explain_how(literal_catalogue: Catalogue) -> None:
    """facet_matches says which value met which, and how."""
    filters = Filters(harms=("grooming",), regions=("Kenya",))
    record = literal_catalogue.resource("africa-helpline-programme")
    assert facet_matches(record, filters, literal_catalogue.taxonomy) == (
        FacetMatch("harm", "grooming", "csea", "broader"),
        FacetMatch("region", "Kenya", "Africa", "broader"),
    )


def test_harm_relation(literal_catalogue: Catalogue) -> None:
    """harm_relation: exact, broader, narrower or None."""
    harms = literal_catalogue.taxonomy.harms
    pairs = [("csam", "csam"), ("csea", "csam"), ("csam", "csea"), ("csam", "grooming")]
    assert [harm_relation(harms, tagged, wanted) for tagged, wanted in pairs] == [
        "exact",
        "broader",
        "narrower",
        None,
    ]


HARMS = ["csea", "grooming", "sextortion", "csam", "livestreaming", "online-harms", "trafficking"]
REGIONS = ["Global", "Philippines", "Kenya", "Africa", "Asia", "ASEAN", "EU", "V4", "Europe"]
KINDS = ["research", "toolkit", "programme", "policy", "dataset", "event", "news", "story"]
FACETS = {"harms": HARMS, "regions": REGIONS, "kinds": KINDS}


@st.composite
def query_and_extra(draw: st.DrawFn) -> tuple[dict[str, list[str]], str, str]:
    """A query whose chosen facet is set, and one more value for that facet."""
    facet = draw(st.sampled_from(sorted(FACETS)))
    query = {
        name: draw(
            st.lists(st.sampled_from(values), min_size=1 if name == facet else 0, max_size=3)
        )
        for name, values in FACETS.items()
    }
    return query, facet, draw(st.sampled_from(FACETS[facet]))


@settings(max_examples=150, deadline=None)
@given(query_and_extra())
def test_adding_an_or_value_never_removes_a_record(
    literal_catalogue: Catalogue, case: tuple[dict[str, list[str]], str, str]
) -> None:
    """Adding a value to a facet that is already set keeps every record that passed."""
    query, facet, extra = case
    before = set(ids(literal_catalogue, **query))
    after = set(ids(literal_catalogue, **{**query, facet: [*query[facet], extra]}))
    assert before <= after


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(REGIONS), min_size=1, max_size=3))
def test_global_records_pass_every_region_filter(
    literal_catalogue: Catalogue, regions: list[str]
) -> None:
    """A record tagged Global passes any region filter."""
    assert "csam-hash-toolkit" in ids(literal_catalogue, regions=regions)
