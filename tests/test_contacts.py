"""bridge/contacts.py through Engine.contacts: organisations ranked for a profile, sectors as
a filter, harms and regions over the organisation's own tags and its resources' tags, the
role's preferred sectors, and the resources, people and channel each result carries.

A small literal world built in Python (synthetic organisations and records), then the three
searches of the issue's done-when on the bundled catalogue.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from engine_world import resource
from literal import RESOURCES

import bridge
from bridge.engine.contacts import SECTOR_POINTS, ContactResults
from bridge.engine.rank import Engine
from bridge.errors import UnknownTerm
from bridge.formats.contacts import contact_channel, contacts_json
from bridge.model import Catalogue, Citation, Organisation, Person, Query
from bridge.taxonomy import Taxonomy


def organisation(oid: str, name: str, sector: str, **fields: object) -> Organisation:
    return Organisation(
        id=oid,
        name=name,
        sector=sector,
        description="An imaginary organisation, made up for the tests.",
        sources=(Citation("Synthetic test fixture"),),
        **fields,  # type: ignore[arg-type]
    )


DIRECTOR = Person("Dr Imaginary Person", "Director of the imaginary helpline", "Synthetic source")

# Five sectors; own tags on some organisations, tags only through resources on others.
ORGANISATIONS = (
    organisation(
        "a-academy",
        "Academy Test",
        "academia",
        url="https://academy.example.org",
        regions=("Philippines",),
        harms=("grooming",),
    ),
    organisation(
        "b-civic",
        "Civic Test",
        "civil-society",
        contact="mailto:hello@civic.example.org",
        regions=("Kenya",),
    ),
    organisation(
        "c-helpline",
        "Helpline Test",
        "helpline-hotline",
        url="https://helpline.example.org",
        contact="https://helpline.example.org/contact",
        regions=("Global",),
        harms=("csea",),
        people=(DIRECTOR,),
    ),
    organisation("d-platform", "Platform Test", "tech-industry"),
    organisation("e-ministry", "Ministry Test", "government", regions=("France",)),
)
RECORDS = (
    resource(
        "quokka-toolkit",
        "Quokka reporting toolkit",
        org="d-platform",
        harms=("sextortion",),
        regions=("Philippines",),
        summary="Quokka",
    ),
    resource(
        "platform-guide", "Moderation guide", org="d-platform", harms=("csam",), regions=("Global",)
    ),
    resource(
        "civic-study",
        "A study of grooming in Kenya",
        org="b-civic",
        harms=("grooming",),
        regions=("Kenya",),
    ),
    resource(
        "ministry-law",
        "A law on platform duties",
        org="e-ministry",
        harms=("online-harms",),
        regions=("France",),
    ),
)
ALL_ORGS = ["a-academy", "b-civic", "c-helpline", "d-platform", "e-ministry"]


@pytest.fixture(scope="module")
def engine(taxonomy: Taxonomy) -> Engine:
    return Engine(Catalogue(RECORDS, ORGANISATIONS, taxonomy))


@pytest.fixture(scope="module")
def bundled_engine() -> Engine:
    report = bridge.read_catalogue(RESOURCES)
    return Engine(report.catalogue)


def ranked(results: ContactResults) -> list[str]:
    return [m.organisation.id for m in results.matches]


def reasons(results: ContactResults) -> list[tuple[str, list[tuple[str, float, str]]]]:
    return [
        (m.organisation.id, [(r.kind, round(r.points, 6), r.text) for r in m.why])
        for m in results.matches
    ]


# Sectors


def test_empty_profile_lists_every_organisation_ties_broken_by_id(engine: Engine) -> None:
    """No words and no filters: every organisation, all scoring 0, in id order."""
    results = engine.contacts(Query())
    assert (results.total, ranked(results), results.notices) == (5, ALL_ORGS, ())
    assert [m.score for m in results.matches] == [0] * 5
    assert [m.why for m in results.matches] == [()] * 5


@pytest.mark.parametrize(
    ("sectors", "expected"),
    [
        (("academia",), ["a-academy"]),
        (("academia", "government"), ["a-academy", "e-ministry"]),
        (("government", "academia", "tech-industry"), ["a-academy", "d-platform", "e-ministry"]),
        (("university", "NGO"), ["a-academy", "b-civic"]),  # synonyms resolve to sector ids
        (("academia", "academia"), ["a-academy"]),
        (("funder",), []),
    ],
)
def test_sector_filter_is_an_or_of_its_values(
    engine: Engine, sectors: tuple[str, ...], expected: list[str]
) -> None:
    """Several sectors are OR: an organisation in any of them passes; others are left out."""
    results = engine.contacts(Query(), sectors=sectors)
    assert (results.total, ranked(results)) == (len(expected), expected)


def test_adding_a_sector_never_shrinks_the_results(engine: Engine) -> None:
    """Each further sector keeps every organisation the smaller set passed."""
    seen: set[str] = set()
    sectors: tuple[str, ...] = ()
    for sector in ("government", "academia", "tech-industry", "civil-society"):
        sectors += (sector,)
        found = set(ranked(engine.contacts(Query(), sectors=sectors)))
        assert seen <= found
        seen = found
    assert seen == {"a-academy", "b-civic", "d-platform", "e-ministry"}


def test_unknown_sector_raises_unknown_term_with_a_suggestion(engine: Engine) -> None:
    """A misspelt sector raises UnknownTerm naming it, with the close sector as suggestion."""
    with pytest.raises(UnknownTerm) as caught:
        engine.contacts(Query(), sectors=("academia", "acadmia"))
    error = caught.value
    assert (error.facet, error.value, error.suggestions) == ("sector", "acadmia", ("academia",))
    assert str(error) == "'acadmia' is not a known sector; did you mean 'academia'?"


# Harms and regions: the hierarchy over own tags and resources' tags


@pytest.mark.parametrize(
    ("harm", "expected"),
    [
        (
            "csea",
            [
                ("c-helpline", [("harm", 0.12, "harm: csea")]),
                ("a-academy", [("harm", 0.09, "harm: grooming, within csea")]),
                ("b-civic", [("harm", 0.09, "harm: grooming, within csea")]),
                ("d-platform", [("harm", 0.09, "harm: sextortion, within csea")]),
            ],
        ),
        (
            "grooming",
            [
                ("a-academy", [("harm", 0.12, "harm: grooming")]),  # its own tag
                ("b-civic", [("harm", 0.12, "harm: grooming")]),  # its resource's tag
                ("c-helpline", [("harm", 0.05, "harm: csea, which includes grooming")]),
            ],
        ),
        (
            "sextortion",
            [
                ("d-platform", [("harm", 0.12, "harm: sextortion")]),  # only through a resource
                ("c-helpline", [("harm", 0.05, "harm: csea, which includes sextortion")]),
            ],
        ),
        ("online-harms", [("e-ministry", [("harm", 0.12, "harm: online-harms")])]),
    ],
)
def test_harm_filter_uses_the_tree_over_own_and_resource_tags(
    engine: Engine, harm: str, expected: list[tuple[str, list[tuple[str, float, str]]]]
) -> None:
    """An organisation passes a harm when it or one of its resources carries that harm, an
    ancestor or a descendant; exact scores above narrower above broader."""
    results = engine.contacts(Query(harms=(harm,)))
    assert (results.total, reasons(results)) == (len(expected), expected)


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        (
            "Africa",
            [
                ("b-civic", [("region", 0.08, "region: Kenya, within Africa")]),
                ("c-helpline", [("region", 0.03, "region: Global, covers Africa")]),
                ("d-platform", [("region", 0.03, "region: Global, covers Africa")]),
            ],
        ),
        (
            "Asia",
            [
                ("a-academy", [("region", 0.08, "region: Philippines, within Asia")]),
                ("d-platform", [("region", 0.08, "region: Philippines, within Asia")]),
                ("c-helpline", [("region", 0.03, "region: Global, covers Asia")]),
            ],
        ),
        (
            "France",
            [
                ("e-ministry", [("region", 0.1, "region: France")]),
                ("c-helpline", [("region", 0.03, "region: Global, covers France")]),
                ("d-platform", [("region", 0.03, "region: Global, covers France")]),
            ],
        ),
    ],
)
def test_region_filter_uses_the_hierarchy_over_own_and_resource_tags(
    engine: Engine, region: str, expected: list[tuple[str, list[tuple[str, float, str]]]]
) -> None:
    """Regions match within and around the tree, and Global passes every region; a tag on
    a resource counts for its organisation (d-platform is tagged only through resources)."""
    results = engine.contacts(Query(regions=(region,)))
    assert (results.total, reasons(results)) == (len(expected), expected)


def test_harm_and_region_are_anded_and_sector_on_top(engine: Engine) -> None:
    """Different facets are AND; a sector filter narrows the same results further."""
    query = Query(harms=("grooming",), regions=("Africa",))
    assert ranked(engine.contacts(query)) == ["b-civic", "c-helpline"]
    assert ranked(engine.contacts(query, sectors=("helpline",))) == ["c-helpline"]


# The role prefers its works_with sectors


@pytest.fixture(scope="module")
def twins(taxonomy: Taxonomy) -> Engine:
    """Five organisations alike in all but sector, each with one identical resource."""
    sectors = {
        "a-acad": "academia",
        "b-civil": "civil-society",
        "c-help": "helpline-hotline",
        "d-tech": "tech-industry",
        "e-gov": "government",
    }
    organisations = tuple(
        organisation(oid, "Imaginary Test Organisation", sector) for oid, sector in sectors.items()
    )
    records = tuple(resource(f"quokka-{oid}", "A quokka survey", org=oid) for oid in sectors)
    return Engine(Catalogue(records, organisations, taxonomy))


def test_researcher_sees_its_works_with_sectors_before_academia(twins: Engine) -> None:
    """With (near) equal text, a researcher sees tech industry, civil society and helplines
    before academia, each lifted by exactly SECTOR_POINTS with the sector named."""
    plain = twins.contacts(Query(text="quokka"))
    assert ranked(plain)[0] == "a-acad"  # its sector label gives it slightly more text
    researcher = twins.contacts(Query(text="quokka", role="researcher"))
    assert ranked(researcher) == ["b-civil", "c-help", "d-tech", "a-acad", "e-gov"]
    before = {m.organisation.id: m.score for m in plain.matches}
    lift = {
        m.organisation.id: round(m.score - before[m.organisation.id], 6) for m in researcher.matches
    }
    assert lift == {"b-civil": 0.2, "c-help": 0.2, "d-tech": 0.2, "a-acad": 0, "e-gov": 0}
    assert SECTOR_POINTS == 0.2
    assert [r.text for r in researcher.matches[0].why] == [
        "matches quokka",
        "a sector your role looks to: Civil society",
    ]


@pytest.mark.parametrize(
    ("role", "first"),
    [
        ("researcher", ["b-civil", "c-help", "d-tech"]),
        ("civil-society", ["a-acad", "e-gov"]),
        ("policymaker", ["a-acad", "b-civil", "c-help"]),
        ("law-enforcement", ["a-acad", "c-help", "d-tech"]),
    ],
)
def test_each_role_prefers_its_works_with_sectors(
    twins: Engine, taxonomy: Taxonomy, role: str, first: list[str]
) -> None:
    """With no words, the organisations in the role's works_with sectors come first (by id),
    then the rest (by id)."""
    results = twins.contacts(Query(role=role))
    preferred = set(taxonomy.roles.concepts[role].works_with)
    assert {m.organisation.id for m in results.matches[: len(first)]} == set(first)
    assert ranked(results)[: len(first)] == first
    assert [m.organisation.sector in preferred for m in results.matches] == [True] * len(first) + [
        False
    ] * (5 - len(first))


# Text, resources, people and channels


def test_text_of_an_organisations_resources_finds_it(engine: Engine) -> None:
    """'quokka' appears only in a resource of d-platform: the organisation ranks first, and
    its resources are listed most relevant first (not id order)."""
    results = engine.contacts(Query(text="quokka"))
    first = results.matches[0]
    assert first.organisation.id == "d-platform"
    assert [(r.kind, r.text) for r in first.why] == [("text", "matches quokka")]
    assert first.terms == ("quokka",)
    assert [r.id for r in first.resources] == ["quokka-toolkit", "platform-guide"]
    assert [m.score for m in results.matches[1:]] == [0] * 4


def test_the_reason_names_the_words_as_the_person_wrote_them(engine: Engine) -> None:
    """'quokkas' matches the term 'quokka'; the reason says 'quokkas', the terms stay stems."""
    first = engine.contacts(Query(text="Quokkas")).matches[0]
    assert first.terms == ("quokka",)
    assert [(r.kind, r.text) for r in first.why] == [("text", "matches quokkas")]


def test_resources_without_text_are_in_id_order(engine: Engine) -> None:
    """With no words, each organisation's resources (as owner or partner) are in id order."""
    results = engine.contacts(Query())
    assert {m.organisation.id: [r.id for r in m.resources] for m in results.matches} == {
        "a-academy": [],
        "b-civic": ["civic-study"],
        "c-helpline": [],
        "d-platform": ["platform-guide", "quokka-toolkit"],
        "e-ministry": ["ministry-law"],
    }


def test_results_carry_people_and_the_contact_channel(engine: Engine) -> None:
    """Each match carries its organisation: people with role and source, and the public
    channel (the contact address, else its web page, else none)."""
    results = engine.contacts(Query())
    assert [(m.organisation.id, contact_channel(m.organisation)) for m in results.matches] == [
        ("a-academy", "web page: https://academy.example.org"),
        ("b-civic", "contact: mailto:hello@civic.example.org"),
        ("c-helpline", "contact: https://helpline.example.org/contact"),
        ("d-platform", "no public contact listed"),
        ("e-ministry", "no public contact listed"),
    ]
    assert [m.organisation.people for m in results.matches] == [(), (), (DIRECTOR,), (), ()]
    document = json.loads(contacts_json(results, Query()))
    assert [row["people"] for row in document["results"]] == [
        [],
        [],
        [
            {
                "name": "Dr Imaginary Person",
                "role": "Director of the imaginary helpline",
                "source": "Synthetic source",
            }
        ],
        [],
        [],
    ]


def test_top_limits_the_matches_not_the_total(engine: Engine) -> None:
    """`top` cuts the list; `total` still counts every organisation that passed."""
    results = engine.contacts(Query(), top=2)
    assert (results.total, ranked(results)) == (5, ["a-academy", "b-civic"])
    assert engine.contacts(Query(), top=0).matches == ()


def test_contacts_are_deterministic(engine: Engine, taxonomy: Taxonomy) -> None:
    """The same query gives the same results, on this engine and on a fresh one."""
    query = Query(text="platform grooming", role="researcher", regions=("Asia",))
    again = Engine(Catalogue(RECORDS, ORGANISATIONS, taxonomy))
    assert engine.contacts(query) == engine.contacts(query) == again.contacts(query)


@pytest.mark.parametrize(
    ("query", "sectors", "notice"),
    [
        (
            Query(harms=("trafficking",)),
            (),
            "No records pass these filters; try removing the harm filter.",
        ),
        (
            Query(harms=("grooming",), regions=("France",)),
            (),
            "No records pass these filters; try removing the harm or region filter.",
        ),
        (
            Query(harms=("grooming",)),
            ("government",),
            "No records pass these filters; try removing the harm or sector filter.",
        ),
        (
            Query(text="grooming"),
            ("funder",),
            "No records pass these filters; try removing the sector filter.",
        ),
    ],
)
def test_no_result_gives_a_notice_naming_the_filters_to_relax(
    taxonomy: Taxonomy, query: Query, sectors: tuple[str, ...], notice: str
) -> None:
    """When nothing passes, the one notice names each active filter to relax (a world of
    one academic organisation tagged grooming and Philippines)."""
    lone = Engine(Catalogue((), ORGANISATIONS[:1], taxonomy))
    results = lone.contacts(query, sectors=sectors)
    assert results == ContactResults(0, (), (notice,))


def test_empty_catalogue_says_so(taxonomy: Taxonomy) -> None:
    """No organisations at all: no results and a notice, never an error."""
    empty = Engine(Catalogue((), (), taxonomy))
    assert empty.contacts(Query(text="grooming", role="researcher")) == ContactResults(
        0, (), ("The catalogue has no records yet.",)
    )


# The bundled catalogue (the done-when)

BUNDLED = [
    pytest.param(
        "youth safety by design",
        {"role": "researcher"},
        "5rights-foundation",
        id="youth-safety-by-design",
    ),
    pytest.param(
        "child helplines",
        {"role": "researcher", "regions": ("Africa",)},
        "child-helpline-international",
        id="child-helplines-africa",
    ),
    pytest.param(
        "help for people worried about their sexual thoughts about children",
        {"role": "researcher"},
        "stop-it-now-us",
        id="help-seeking",
    ),
]


@pytest.mark.parametrize(("text", "facets", "first"), BUNDLED)
def test_bundled_catalogue_puts_the_right_organisation_first(
    bundled_engine: Engine, text: str, facets: dict[str, object], first: str
) -> None:
    """The done-when searches put the expected organisation first."""
    results = bundled_engine.contacts(Query(text=text, **facets))  # type: ignore[arg-type]
    assert ranked(results)[0] == first


@pytest.mark.parametrize(
    ("organisation_id", "channel"),
    [
        ("5rights-foundation", "web page: https://5rightsfoundation.com/about-us"),
        (
            "child-helpline-international",
            "web page: https://childhelplineinternational.org/programme/",
        ),
        ("stop-it-now-us", None),
    ],
)
def test_bundled_top_organisations_have_a_contact_channel(
    bundled_engine: Engine, organisation_id: str, channel: str | None
) -> None:
    """The organisations the done-when searches put first have a public channel."""
    found = bundled_engine.catalogue.organisation(organisation_id)
    assert contact_channel(found) != "no public contact listed"
    if channel is not None:
        assert contact_channel(found) == channel


def test_the_organisation_index_is_built_once_when_threads_ask_together(
    taxonomy: Taxonomy,
) -> None:
    """The organisation index is built on first use; threads asking at once share one."""
    fresh = Engine(Catalogue(RECORDS, ORGANISATIONS, taxonomy))
    with ThreadPoolExecutor(max_workers=8) as pool:
        built = list(pool.map(lambda _: fresh.organisations, range(32)))
    assert len({id(index) for index in built}) == 1
    assert fresh.contacts(Query()).total == len(ORGANISATIONS)
