"""bridge/stats.py: the curator's summary of a catalogue, as whole text."""

from __future__ import annotations

from engine_world import ORGANISATIONS, resource

from bridge.catalogue.stats import catalogue_stats
from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy

# The literal catalogue (tests/literal.py): seven records of seven kinds, two on grooming,
# seven different regions, years 2019 to 2024 and one without; three organisations.
LITERAL_STATS = """\
7 resources, 3 organisations

Links and sources:
  resources linking to their own page      7 of 7 (100%)
  resources citing a source page           7 of 7 (100%)
  organisations linking to their site       2 of 3 (67%)
  organisations citing a source page       3 of 3 (100%)
  sites linked                                         5

By kind:
  Dataset                                              1
  Event                                                1
  News                                                 1
  Policy                                               1
  Programme                                            1
  Research                                             1
  Toolkit                                              1

By harm:
  Online grooming                                      2
  Child sexual abuse material                          1
  Livestreamed child sexual abuse                      1
  Online child sexual exploitation and abuse           1
  Online harms and safety                              1
  Sextortion                                           1

By region:
  ASEAN                                                1
  Africa                                               1
  Asia                                                 1
  Global                                               1
  Kenya                                                1
  Philippines                                          1
  South-eastern Asia                                   1

By evidence:

By year:
  2024                                                 1
  2023                                                 1
  2022                                                 1
  2021                                                 1
  2020                                                 1
  2019                                                 1
  unknown                                              1

By sector:
  Academia and research                                1
  Helplines and hotlines                               1
  Tech industry                                        1

Resource fields most often empty:
  evidence                                             7
  outcomes                                             6
  partners                                             6
  languages                                            5
  pillar                                               4
  year                                                 1
  regions                                              0
  url                                                  0

Organisation fields most often empty:
  people                                               2
  contact                                              1
  url                                                  1
  harms                                                0
  regions                                              0
"""


def section(text: str, title: str) -> list[str]:
    """The lines of one section, without its title, each with its runs of spaces made one."""
    lines = [*text.splitlines(), ""]
    start = lines.index(f"{title}:") + 1
    end = lines.index("", start)
    return [" ".join(line.split()) for line in lines[start:end]]


def test_literal_catalogue_summary(literal_catalogue: Catalogue) -> None:
    """The whole summary of the literal catalogue: counts by kind, harm, region, year and
    sector, then the optional fields most often empty."""
    assert catalogue_stats(literal_catalogue) == LITERAL_STATS


def test_counts_are_largest_first_then_by_label(taxonomy: Taxonomy) -> None:
    """Within a section, larger counts come first and ties are in label order."""
    records = (
        resource("a", "A", kind="toolkit", harms=("csam",), regions=("Kenya",)),
        resource("b", "B", kind="toolkit", harms=("csam", "grooming"), regions=("Kenya",)),
        resource("c", "C", kind="research", harms=("grooming",), regions=("Global", "Peru")),
        resource("d", "D", kind="event", harms=("sextortion",), regions=("Peru",)),
        resource("e", "E", kind="event", harms=("csam",), regions=("Global",)),
    )
    text = catalogue_stats(Catalogue(records, ORGANISATIONS, taxonomy))
    assert text.splitlines()[0] == "5 resources, 6 organisations"
    assert section(text, "By kind") == ["Event 2", "Toolkit 2", "Research 1"]
    assert section(text, "By harm") == [
        "Child sexual abuse material 3",
        "Online grooming 2",
        "Sextortion 1",
    ]
    assert section(text, "By region") == ["Global 2", "Kenya 2", "Peru 2"]
    assert section(text, "By sector") == ["Civil society 6"]


def test_years_newest_first_and_unknown_last(taxonomy: Taxonomy) -> None:
    """By year: newest first whatever the counts, records without a year last as 'unknown'."""
    records = (
        resource("a", "A", year=None),
        resource("b", "B", year=None),
        resource("c", "C", year=2019),
        resource("d", "D", year=2019),
        resource("e", "E", year=2019),
        resource("f", "F", year=2024),
        resource("g", "G", year=2021),
    )
    text = catalogue_stats(Catalogue(records, ORGANISATIONS, taxonomy))
    assert section(text, "By year") == ["2024 1", "2021 1", "2019 3", "unknown 2"]


def test_long_region_lists_are_cut_at_twenty(taxonomy: Taxonomy) -> None:
    """By region shows the twenty most common regions and says how many more there are."""
    countries = [
        "Kenya", "Peru", "Chile", "India", "Nepal", "Japan", "Mali", "Chad", "Fiji", "Cuba",
        "Iran", "Iraq", "Oman", "Togo", "Niger", "Spain", "Italy", "Malta", "Qatar", "Yemen",
        "Ghana", "Benin",
    ]  # fmt: skip
    records = tuple(
        resource(f"r{i}", f"R{i}", regions=tuple(countries[: i + 1])) for i in range(len(countries))
    )
    text = catalogue_stats(Catalogue(records, ORGANISATIONS, taxonomy))
    shown = section(text, "By region")
    assert len(shown) == 21
    assert shown[0] == "Kenya 22"
    assert shown[19] == "Yemen 3"
    assert shown[20] == "… and 2 more"


def test_empty_fields_are_counted_for_resources_and_organisations(taxonomy: Taxonomy) -> None:
    """Fields most often empty: every optional field with the number of records lacking it."""
    records = (
        resource("a", "A", year=None, regions=()),
        resource("b", "B", year=None),
        resource("c", "C"),
    )
    text = catalogue_stats(Catalogue(records, ORGANISATIONS, taxonomy))
    assert section(text, "Resource fields most often empty") == [
        "evidence 3",
        "languages 3",
        "outcomes 3",
        "partners 3",
        "pillar 3",
        "url 3",
        "year 2",
        "regions 1",
    ]
    assert section(text, "Organisation fields most often empty") == [
        "contact 6",
        "harms 6",
        "people 6",
        "regions 6",
        "url 6",
    ]


def test_an_empty_catalogue_has_empty_sections(taxonomy: Taxonomy) -> None:
    """No records, no organisations: the headings with nothing under the counts."""
    text = catalogue_stats(Catalogue((), (), taxonomy))
    assert text.splitlines()[:9] == [
        "0 resources, 0 organisations",
        "",
        "Links and sources:",
        "  resources linking to their own page             0 of 0",
        "  resources citing a source page                  0 of 0",
        "  organisations linking to their site             0 of 0",
        "  organisations citing a source page              0 of 0",
        "  sites linked                                         0",
        "",
    ]
    assert text.splitlines()[9:11] == ["By kind:", ""]
    assert section(text, "Resource fields most often empty") == [
        f"{name} 0"
        for name in (
            "evidence",
            "languages",
            "outcomes",
            "partners",
            "pillar",
            "regions",
            "url",
            "year",
        )
    ]
