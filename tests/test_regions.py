"""bridge/regions.py: every way of naming a place resolves to one canonical region."""

from __future__ import annotations

import csv

import pytest
from literal import TAXONOMY

from bridge.errors import UnknownTerm
from bridge.regions import Regions
from bridge.taxonomy import Taxonomy

with (TAXONOMY / "m49.csv").open(encoding="utf-8") as handle:
    M49_ROWS = list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def regions(taxonomy: Taxonomy) -> Regions:
    """The real region vocabulary."""
    return taxonomy.regions


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Viet Nam", "Vietnam"),
        ("Vietnam", "Vietnam"),
        ("VN", "Vietnam"),
        ("VNM", "Vietnam"),
        ("Moldova (the Republic of)", "Moldova"),
        ("Republic of Moldova", "Moldova"),
        ("Moldova", "Moldova"),
        ("United Kingdom of Great Britain and Northern Ireland", "United Kingdom"),
        ("UK", "United Kingdom"),
        ("GB", "United Kingdom"),
        ("United Kingdom", "United Kingdom"),
        ("Ivory Coast", "Côte d'Ivoire"),
        ("Cote d'Ivoire", "Côte d'Ivoire"),
        ("Czech Republic", "Czechia"),
        ("USA", "United States"),
        ("Southeast Asia", "South-eastern Asia"),
        ("worldwide", "Global"),
    ],
)
def test_aliases_resolve(regions: Regions, value: str, name: str) -> None:
    """Official names, short names, ISO codes and everyday aliases name one region."""
    assert regions.resolve(value) == name


@pytest.mark.parametrize("value", ["viet nam", "VIETNAM", "uk", "united KINGDOM", "asean", "eu"])
def test_resolve_ignores_case(regions: Regions, value: str) -> None:
    """Lookups are case-insensitive."""
    assert regions.resolve(value) == regions.resolve(value.upper())


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("150", "Europe"),
        ("002", "Africa"),
        ("001", "Global"),
        ("035", "South-eastern Asia"),
        ("014", "Eastern Africa"),
        ("704", "Vietnam"),
    ],
)
def test_m49_codes_resolve(regions: Regions, code: str, name: str) -> None:
    """M49 numeric codes name their region or country."""
    assert regions.resolve(code) == name


@pytest.mark.parametrize(
    ("alias", "group"),
    [
        ("Association of Southeast Asian Nations", "ASEAN"),
        ("European Union", "EU"),
        ("Visegrad Group", "V4"),
        ("Visegrád Four", "V4"),
        ("ESAR", "Eastern and Southern Africa"),
        ("WCA", "West and Central Africa"),
        ("Latin America and Caribbean", "Latin America and the Caribbean"),
    ],
)
def test_group_aliases_resolve(regions: Regions, alias: str, group: str) -> None:
    """Named groups resolve from their aliases."""
    assert regions.resolve(alias) == group


def test_v4_members_exactly(regions: Regions) -> None:
    """V4 is Czechia, Hungary, Poland and Slovakia, nothing else."""
    assert regions["V4"].countries == {"CZ", "HU", "PL", "SK"}


def test_asean_and_eu_members(regions: Regions) -> None:
    """ASEAN is its eleven members; the EU its twenty-seven."""
    assert sorted(regions["ASEAN"].countries) == [
        "BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN",
    ]  # fmt: skip
    assert len(regions["EU"].countries) == 27
    assert {"CZ", "FR", "IE"} <= regions["EU"].countries
    assert not {"GB", "CH", "NO"} & regions["EU"].countries


@pytest.mark.parametrize(
    ("country", "group"),
    [
        ("Kenya", "Eastern and Southern Africa"),
        ("Senegal", "West and Central Africa"),
        ("Philippines", "East Asia and Pacific"),
        ("Brazil", "Latin America and the Caribbean"),
        ("Egypt", "Middle East and North Africa"),
        ("Kazakhstan", "Europe and Central Asia"),
        ("Nepal", "South Asia"),
    ],
)
def test_unicef_regions_contain_their_countries(regions: Regions, country: str, group: str) -> None:
    """A UNICEF programme region is broader than its member countries."""
    assert regions.relation(group, regions.resolve(country)) == "broader"


def test_unicef_regions_exclude_others(regions: Regions) -> None:
    """Kenya is not in West and Central Africa, nor Senegal in Eastern and Southern Africa."""
    assert regions.relation("West and Central Africa", "Kenya") is None
    assert regions.relation("Eastern and Southern Africa", "Senegal") is None


def test_kinds_and_parents(regions: Regions) -> None:
    """Countries hang from the M49 tree up to Global; groups hang directly from Global."""
    assert regions.ancestors("Kenya") == (
        "Eastern Africa",
        "Sub-Saharan Africa",
        "Africa",
        "Global",
    )
    assert regions.ancestors("Philippines") == ("South-eastern Asia", "Asia", "Global")
    assert regions.ancestors("ASEAN") == ("Global",)
    assert regions.ancestors("Global") == ()
    kinds = [regions[n].kind for n in ("Global", "Africa", "Sub-Saharan Africa", "Eastern Africa")]
    assert kinds == ["global", "region", "sub-region", "intermediate-region"]
    assert (regions["Kenya"].kind, regions["EU"].kind) == ("country", "group")


@pytest.mark.parametrize(
    ("tagged", "wanted", "relation"),
    [
        ("Kenya", "Kenya", "exact"),
        ("Africa", "Kenya", "broader"),
        ("Kenya", "Africa", "narrower"),
        ("ASEAN", "Philippines", "broader"),
        ("V4", "EU", "narrower"),
        ("EU", "Western Europe", "overlap"),
        ("Global", "Kenya", "global"),
        ("Global", "Global", "exact"),
        ("Kenya", "Philippines", None),
        ("Africa", "ASEAN", None),
    ],
)
def test_relation(regions: Regions, tagged: str, wanted: str, relation: str | None) -> None:
    """relation() says how a record's region meets a wanted region, or None."""
    assert regions.relation(tagged, wanted) == relation


def test_unknown_region_suggests(regions: Regions) -> None:
    """A misspelt country raises UnknownTerm with the closest name."""
    with pytest.raises(UnknownTerm) as caught:
        regions.resolve("Phillipines")
    assert str(caught.value) == "'Phillipines' is not a known region; did you mean 'Philippines'?"


def test_unknown_region_without_suggestion(regions: Regions) -> None:
    """A made-up place gets no suggestion."""
    with pytest.raises(UnknownTerm) as caught:
        regions.resolve("Narnia")
    assert caught.value.suggestions == ()


def test_every_alpha2_code_resolves_to_its_own_row(regions: Regions) -> None:
    """No ISO alpha-2 code is taken by another country: each resolves to its row's name."""
    resolved = {row["iso2"]: regions.resolve(row["iso2"]) for row in M49_ROWS}
    assert resolved == {row["iso2"]: row["name"] for row in M49_ROWS}


@pytest.mark.parametrize("column", ["name", "iso2", "iso3", "official_name", "m49"])
def test_every_country_resolves_by_each_column(regions: Regions, column: str) -> None:
    """Every m49.csv country resolves by its name, alpha-2, alpha-3, official name and code."""
    rows = [row for row in M49_ROWS if row[column]]
    assert {row[column]: regions.resolve(row[column]) for row in rows} == {
        row[column]: row["name"] for row in rows
    }


def test_no_alias_is_shared_by_two_countries(regions: Regions) -> None:
    """Every alias of every country resolves back to that country."""
    wrong = {}
    for region in regions.regions.values():
        for alias in (region.name, region.code, *region.aliases):
            try:
                found = regions.resolve(alias) if alias else region.name
            except UnknownTerm:
                found = None
            if found != region.name:
                wrong[(region.name, alias)] = found
    assert wrong == {}


def test_every_country_of_the_table_is_a_region(regions: Regions) -> None:
    """The region vocabulary holds each row of m49.csv as a country, and Global holds them all."""
    countries = {n for n, r in regions.regions.items() if r.kind == "country"}
    assert countries == {row["name"] for row in M49_ROWS}
    assert regions["Global"].countries == {row["iso2"] for row in M49_ROWS}
