"""bridge/workshop/inference.py and titles.py: a role read from a job title and organisation
(by the documented rules, an organisation the catalogue knows bringing its sector), harms and
regions found in free text; every value says what it came from."""

from __future__ import annotations

import pytest

from bridge.model import Catalogue, Organisation
from bridge.taxonomy import Taxonomy
from bridge.workshop.inference import ProfileReader, Reading, contains, words


@pytest.fixture(scope="module")
def reader(taxonomy: Taxonomy, literal_catalogue: Catalogue) -> ProfileReader:
    return ProfileReader.build(taxonomy, literal_catalogue.organisations)


@pytest.mark.parametrize(
    ("title", "organisation", "role", "because"),
    [
        (
            "Senior Trust & Safety Policy Manager", "Lumen Social", "trust-safety",
            "job title “Senior Trust & Safety Policy Manager”: trust & safety",
        ),
        (
            "Policy Manager", "Lumen Apps Inc", "trust-safety",
            "job title “Policy Manager”: policy; organisation “Lumen Apps Inc”: apps",
        ),
        (
            "Policy Manager", "Ministry of Digital Affairs", "policymaker",
            "organisation “Ministry of Digital Affairs”: ministry",
        ),
        (
            "Policy Manager", "Hope Children's Network", "civil-society",
            "organisation “Hope Children's Network”: network",
        ),
        (
            "Lecturer in Criminology", "", "researcher",
            "job title “Lecturer in Criminology”: lecturer",
        ),
        ("PhD candidate", "", "researcher", "job title “PhD candidate”: phd"),
        (
            "Research Fellow", "Example Platforms Ltd", "researcher",
            "job title “Research Fellow”: research fellow",
        ),
        (
            "Detective Sergeant", "", "law-enforcement",
            "job title “Detective Sergeant”: detective",
        ),
        (
            "Analyst", "Northshire Police", "law-enforcement",
            "organisation “Northshire Police”: police",
        ),
        ("Year 6 Teacher", "", "educator", "job title “Year 6 Teacher”: teacher"),
        (
            "Safeguarding Lead", "Hillview Primary School", "educator",
            "organisation “Hillview Primary School”: school",
        ),
        ("Helpline Manager", "", "helpline", "job title “Helpline Manager”: helpline"),
        ("Counselor", "", "helpline", "job title “Counselor”: counselor"),
        (
            "Programme Officer", "Brightpath Foundation", "funder",
            "job title “Programme Officer”: programme officer; "
            "organisation “Brightpath Foundation”: foundation",
        ),
        (
            "Programme Officer", "Ministry of Youth", "policymaker",
            "organisation “Ministry of Youth”: ministry",
        ),
        ("Grants Manager", "", "funder", "job title “Grants Manager”: grants"),
        (
            "Policy Officer", "European Child Safety Commission", "policymaker",
            "organisation “European Child Safety Commission”: commission",
        ),
        (
            "Software Engineer", "Pixelplay Technologies", "tech-industry",
            "organisation “Pixelplay Technologies”: technologies",
        ),
        (
            "Director", "Safe Lab Test", "researcher",
            "organisation “Safe Lab Test” is Safe Lab Test: Academia and research",
        ),
        (
            "Coordinator", "Helpline Network Test Kenya", "helpline",
            "organisation “Helpline Network Test Kenya” is Helpline Network Test: "
            "Helplines and hotlines",
        ),
        ("Policy Advisor", "", "policymaker", "job title “Policy Advisor”: policy"),
        ("Product engineer", "", "tech-industry", "job title “Product engineer”: engineer"),
    ],
)  # fmt: skip
def test_the_role_from_a_job_title_and_organisation(
    reader: ProfileReader, title: str, organisation: str, role: str, because: str
) -> None:
    assert reader.role_from_title(title, organisation) == Reading(role, True, because)


@pytest.mark.parametrize(
    ("title", "organisation"), [("Consultant", ""), ("Director", "Acme"), ("", "")]
)
def test_nothing_tells_the_role(reader: ProfileReader, title: str, organisation: str) -> None:
    assert reader.role_from_title(title, organisation) is None


@pytest.mark.parametrize(
    ("given", "reading"),
    [
        ("researcher", Reading("researcher")),
        ("Trust & Safety professional", Reading("trust-safety")),
        ("child helpline", Reading("helpline")),
        ("Academia", Reading("researcher")),
        (
            "Helplines and hotlines",
            Reading("helpline", True, "role “Helplines and hotlines”: a sector"),
        ),
        ("Lecturer", Reading("researcher", True, "role “Lecturer”: lecturer")),
    ],
)
def test_a_role_cell(reader: ProfileReader, given: str, reading: Reading) -> None:
    """A role cell's value resolves through the role vocabulary (given), else reads as a
    sector or a job title (inferred)."""
    assert reader.role(given, "Detective", "") == reading


def test_an_empty_role_cell_reads_the_job_title(reader: ProfileReader) -> None:
    assert reader.role("", "Detective", "") == Reading(
        "law-enforcement", True, "job title “Detective”: detective"
    )


def test_a_name_two_sectors_share_is_not_matched(taxonomy: Taxonomy) -> None:
    """An acronym two organisations of different sectors share tells nothing."""
    organisations = [
        Organisation("a", "Alpha Network (SHARED)", "academia", "x"),
        Organisation("b", "Beta Fund (SHARED)", "funder", "x"),
        Organisation("c", "Gamma Trust (GAMMA)", "funder", "x"),
    ]
    reader = ProfileReader.build(taxonomy, organisations)
    assert reader.sectors("SHARED") == ()
    assert reader.sectors("GAMMA") == (
        ("funder", "organisation “GAMMA” is Gamma Trust (GAMMA): Funder"),
    )
    assert reader.sectors("Alpha Network") == (
        (
            "academia",
            "organisation “Alpha Network” is Alpha Network (SHARED): Academia and research",
        ),
        ("civil-society", "organisation “Alpha Network”: network"),
    )


def test_harms_in_free_text(reader: ProfileReader) -> None:
    """Labels, synonyms, misspellings and deprecated terms, as the text writes them; a
    broader harm is dropped when a narrower one is named."""
    found = reader.harms(
        [
            ("interests", "Financial sextortion, groming and child sexual abuse online"),
            ("job title", "Child pornography investigator"),
        ]
    )
    assert found == (
        Reading("sextortion", True, "interests: “Financial sextortion”"),
        Reading("grooming", True, "interests: “groming”"),
        Reading(
            "csam",
            True,
            "job title: “Child pornography” (say “Child sexual abuse material”)",
        ),
    )


def test_the_broad_harm_alone_is_kept(reader: ProfileReader) -> None:
    assert reader.harms([("interests", "child sexual exploitation")]) == (
        Reading("csea", True, "interests: “child sexual exploitation”"),
    )


def test_regions_in_free_text(reader: ProfileReader) -> None:
    """Countries, groups and M49 regions in any name the vocabulary knows; codes only in
    capitals, one-word names only with a capital letter; 'global' is no region."""
    found = reader.regions(
        [
            (
                "interests",
                "Partners in Viet Nam, the UK and Côte d'Ivoire; tell us about ASEAN and "
                "Southeast Asia, global platforms, turkey recipes and Chad",
            )
        ]
    )
    assert found == (
        Reading("Vietnam", True, "interests: “Viet Nam”"),
        Reading("United Kingdom", True, "interests: “UK”"),
        Reading("Côte d'Ivoire", True, "interests: “Côte d'Ivoire”"),
        Reading("ASEAN", True, "interests: “ASEAN”"),
        Reading("South-eastern Asia", True, "interests: “Southeast Asia”"),
        Reading("Chad", True, "interests: “Chad”"),
    )


def test_words_and_phrases() -> None:
    assert words("Trust & Safety, T&S; Côte d’Ivoire") == (
        "trust", "&", "safety", "t", "&", "s", "cote", "d", "ivoire",
    )  # fmt: skip
    assert contains(words("Senior Trust and Safety Lead"), words("trust and safety"))
    assert not contains(words("Trust Lead and Safety"), words("trust and safety"))
