"""bridge/workshop/registration.py: a room read from a registration export through a column
mapping: given values resolved strictly, the rest inferred and marked, every problem placed
at its spreadsheet row and column, the facilitator's corrections read as given.

The two 40-row fixtures are a Google Forms CSV and a Microsoft Forms XLSX
(tests/data/registration/; make_xlsx.py writes the XLSX)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bridge.errors import Problem, TableError
from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy
from bridge.workshop.columns import ColumnMapping
from bridge.workshop.inference import ProfileReader, Reading
from bridge.workshop.participants import Participant
from bridge.workshop.registration import (
    Registration,
    guess_columns,
    read_participants,
    read_registration,
    read_room,
)
from bridge.workshop.spreadsheets import read_sheet

DATA = Path(__file__).resolve().parent / "data" / "registration"
FILE = "room.csv"
GOOGLE_ROOM = [
    (2, "Amara Okafor", "trust-safety", ("sextortion",), ("United Kingdom",)),
    (3, "Dr Tomás Herrera", "researcher", ("grooming",), ("Colombia",)),
    (4, "Sarah Whitlock", "law-enforcement", ("csam", "livestreaming"), ("United Kingdom",)),
    (5, "Joseph Mwangi", "helpline", ("grooming",), ("Kenya",)),
    (6, "Nguyen Thi Lan", "civil-society", ("livestreaming", "trafficking"), ("Vietnam",)),
    (
        7,
        "Maria Santos",
        "policymaker",
        ("livestreaming", "grooming", "trafficking"),
        ("Philippines",),
    ),
    (8, "Priya Raman", "trust-safety", ("self-generated",), ("India",)),
    (9, "Dr Ingrid Solberg", "researcher", ("self-generated",), ("Norway",)),
    (10, "Kwame Asante", "law-enforcement", ("sextortion", "csam"), ("Ghana",)),
    (11, "Fiona McAllister", "educator", ("grooming", "online-harms"), ("United Kingdom",)),
    (12, "Daniel Osei", "funder", ("online-harms",), ("Ghana",)),
    (13, "Hannah Becker", "policymaker", ("ai-generated", "online-harms"), ("Germany",)),
    (14, "Lucas Moreau", "tech-industry", ("ai-generated", "csam"), ("France",)),
    (15, "Aisha Bello", "civil-society", ("sextortion",), ("Nigeria",)),
    (16, "Prof. Michael Chen", "researcher", ("grooming",), ("Australia",)),
    (17, "Rosa Delgado", "helpline", ("sextortion",), ("Mexico",)),
    (18, "Elena Popescu", "policymaker", ("online-harms",), ("Romania",)),
    (19, "James O'Connor", "funder", ("online-harms",), ("Ireland",)),
    (20, "Siti Rahmawati", "civil-society", ("grooming", "livestreaming"), ("Indonesia",)),
    (21, "Carlos Mendes", "law-enforcement", ("csam", "trafficking"), ("Brazil",)),
    (22, "Grace Wanjiru", "policymaker", ("online-harms", "sextortion"), ("Kenya",)),
    (23, "Oliver Grant", "trust-safety", ("livestreaming",), ("United States",)),
    (24, "Mei Tanaka", "researcher", ("ai-generated",), ("Japan",)),
    (25, "Ahmed Hassan", "helpline", ("csam",), ("Egypt",)),
    (26, "Laura Fischer", "educator", ("grooming", "self-generated", "online-harms"), ("Austria",)),
    (27, "Samuel Kiprop", "civil-society", ("grooming", "trafficking"), ("Uganda",)),
    (28, "Anna Kowalska", "researcher", ("ai-generated",), ("Poland",)),
    (29, "Benjamin Cohen", "funder", ("online-harms",), ("United States",)),
    (30, "Thandiwe Dlamini", "law-enforcement", ("sextortion", "csam"), ("South Africa",)),
    (31, "Ravi Shankar", "educator", ("grooming", "self-generated"), ("India",)),
    (32, "Chloé Martin", "policymaker", ("ai-generated", "csam"), ("Belgium",)),
    (33, "Tan Wei Ling", "trust-safety", ("sextortion",), ("Singapore",)),
    (34, "Javier Ruiz", "researcher", ("trafficking",), ("Peru",)),
    (35, "Fatima Zahra El Idrissi", "civil-society", ("grooming", "sextortion"), ("Morocco",)),
    (36, "Tom Hargreaves", "law-enforcement", ("csam", "ai-generated"), ("United Kingdom",)),
    (37, "Isabel Ferreira", "helpline", ("self-generated",), ("Portugal",)),
    (38, "Ngozi Eze", "researcher", ("sextortion",), ("Nigeria",)),
    (39, "Kim Soo-jin", "trust-safety", ("grooming",), ("South Korea",)),
    (40, "Mariam Yusuf", "civil-society", ("online-harms",), ("Tanzania", "Kenya")),
    (41, "Peter Lindqvist", "funder", ("trafficking",), ("Sweden",)),
]
MICROSOFT_ROOM = [
    (2, "Aroha Ngata", "trust-safety", ("sextortion", "self-generated"), ("New Zealand",)),
    (3, "Samira Haddad", "researcher", ("ai-generated", "csam"), ("Lebanon",)),
    (4, "Raj Patel", "law-enforcement", ("csam", "livestreaming"), ("India",)),
    (5, "Lindiwe Khumalo", "helpline", ("grooming", "sextortion"), ("South Africa",)),
    (6, "Marco Bianchi", "policymaker", ("ai-generated", "online-harms"), ("Italy",)),
    (7, "Park Ji-ho", "researcher", ("self-generated", "online-harms"), ("South Korea",)),
    (8, "Emma Johansson", "trust-safety", ("csam", "online-harms"), ("Sweden",)),
    (9, "Olumide Adeyemi", "civil-society", ("sextortion",), ("Nigeria",)),
    (10, "Sophie Laurent", "educator", ("grooming", "self-generated"), ("France",)),
    (11, "Hiroshi Sato", "trust-safety", ("grooming", "ai-generated"), ("Japan",)),
    (12, "Catherine Njoroge", "helpline", ("grooming", "trafficking"), ("Kenya",)),
    (13, "Ana Lucía Rojas", "civil-society", ("livestreaming", "trafficking"), ("Peru",)),
    (14, "David Levy", "funder", ("online-harms",), ("Israel",)),
    (15, "Yusuf Demir", "tech-industry", ("online-harms", "ai-generated"), ("Türkiye",)),
    (16, "Nadia Rahman", "researcher", ("trafficking", "livestreaming"), ("Bangladesh",)),
    (17, "Patrick Byrne", "law-enforcement", ("csam", "sextortion"), ("Ireland",)),
    (18, "Lucie Novak", "helpline", ("csam",), ("Czechia",)),
    (19, "Ibrahim Diallo", "civil-society", ("grooming", "online-harms"), ("Senegal",)),
    (20, "Hana Kovač", "policymaker", ("sextortion", "ai-generated"), ("Croatia",)),
    (21, "Michael Brown", "educator", ("grooming", "self-generated"), ("United Kingdom",)),
    (22, "Priscilla Boateng", "educator", ("grooming", "sextortion"), ("Ghana",)),
    (23, "Leila Ahmadi", "trust-safety", ("sextortion", "grooming"), ("Azerbaijan",)),
    (24, "Gustavo Lima", "helpline", ("csam", "self-generated"), ("Brazil",)),
    (25, "Yuki Watanabe", "researcher", ("self-generated",), ("Japan",)),
    (26, "Olga Petrenko", "civil-society", ("grooming", "trafficking"), ("Ukraine",)),
    (27, "Erik Andersen", "policymaker", ("online-harms", "csam"), ("Denmark",)),
    (28, "Mwajuma Said", "helpline", ("grooming", "sextortion"), ("Tanzania",)),
    (29, "Arjun Mehta", "trust-safety", ("sextortion", "self-generated"), ("India",)),
    (30, "Zainab Kamara", "civil-society", ("trafficking", "grooming"), ("Sierra Leone",)),
    (31, "Tran Van Minh", "funder", ("livestreaming", "trafficking"), ("Vietnam",)),
    (32, "Isabella Rossi", "researcher", ("ai-generated", "csam"), ("Switzerland",)),
    (33, "Kofi Mensah", "law-enforcement", ("sextortion", "csam"), ("Côte d'Ivoire",)),
    (34, "Rebecca Taylor", "policymaker", ("online-harms", "self-generated"), ("Australia",)),
    (35, "Sebastián Vargas", "trust-safety", ("grooming",), ("Chile",)),
    (36, "Nomvula Sithole", "researcher", ("sextortion", "trafficking"), ("South Africa",)),
    (37, "Amir Karimi", "civil-society", ("online-harms",), ("United Kingdom",)),
    (38, "Elif Yilmaz", "researcher", ("ai-generated", "self-generated"), ("Türkiye",)),
    (39, "Mateo García", "policymaker", ("trafficking", "sextortion"), ("Guatemala",)),
    (40, "Sara Lindgren", "funder", ("online-harms", "grooming"), ("Finland",)),
    (41, "Noah Williams", "tech-industry", ("csam", "livestreaming"), ("Canada",)),
]


@pytest.fixture(scope="module")
def reader(taxonomy: Taxonomy, literal_catalogue: Catalogue) -> ProfileReader:
    return ProfileReader.build(taxonomy, literal_catalogue.organisations)


def room(text: str, reader: ProfileReader, **columns: list[str]) -> Registration:
    sheet = read_sheet(text.encode("utf-8"), FILE)
    mapping = guess_columns(sheet, reader).with_columns(columns)
    return read_registration(sheet, mapping, reader)


def profile(registration: Registration) -> list[tuple[object, ...]]:
    return [
        (
            e.row,
            e.name,
            e.role.value if e.role else None,
            tuple(h.value for h in e.harms),
            tuple(r.value for r in e.regions),
        )
        for e in registration.entries
    ]


def contact_values(raw_rows: list[list[str]], headers: list[str]) -> set[str]:
    personal = [i for i, h in enumerate(headers) if re.search(r"mail|phone|mobile", h, re.I)]
    return {row[i] for row in raw_rows for i in personal if row[i]}


# The fixtures


@pytest.mark.parametrize(
    ("name", "expected"),
    [("google-forms.csv", GOOGLE_ROOM), ("microsoft-forms.xlsx", MICROSOFT_ROOM)],
)
def test_a_registration_export_becomes_a_room(
    taxonomy: Taxonomy, name: str, expected: list[tuple[object, ...]]
) -> None:
    """Every role read from the job title and organisation, harms from the topics, regions
    from the country in whatever form it is written (and from the text when it is blank)."""
    _, registration = read_room((DATA / name).read_bytes(), name, taxonomy)
    assert registration.problems == ()
    assert profile(registration) == expected
    assert all(e.role is not None and e.role.inferred for e in registration.entries)


def test_the_google_room_as_participants(taxonomy: Taxonomy) -> None:
    """The first participant of the Google export, whole: organisation and job title kept."""
    raw = (DATA / "google-forms.csv").read_bytes()
    first = read_participants(raw, "google-forms.csv", taxonomy)[0]
    assert first == Participant(
        2,
        "Amara Okafor",
        "trust-safety",
        ("sextortion",),
        ("United Kingdom",),
        "Sextortion (including financial sextortion), Platform policy and moderation",
        "Lumen Social Inc.",
        "Senior Trust & Safety Policy Manager",
    )


def test_microsoft_forms_choices_and_questions_join(taxonomy: Taxonomy) -> None:
    """Its `;`-joined choices lose the trailing `;`; two questions join into the interests."""
    raw = (DATA / "microsoft-forms.xlsx").read_bytes()
    _, registration = read_room(raw, "microsoft-forms.xlsx", taxonomy)
    assert registration.entries[0].interests == (
        "Sextortion; Self-generated sexual material · "
        "How other platforms handle reports of sextortion"
    )


@pytest.mark.parametrize("name", ["google-forms.csv", "microsoft-forms.xlsx"])
def test_no_contact_data_is_read(taxonomy: Taxonomy, name: str) -> None:
    """No email or phone value of the file is anywhere in what is read from it."""
    raw = (DATA / name).read_bytes()
    sheet = read_sheet(raw, name)
    secrets = contact_values([list(r.cells) for r in sheet.rows], list(sheet.headers))
    assert len(secrets) >= 40
    _, registration = read_room(raw, name, taxonomy)
    held = repr(registration) + repr(registration.participants())
    assert [s for s in secrets if s in held] == []


# Given values, inferences and problems


def test_given_values_are_not_marked_inferred(reader: ProfileReader) -> None:
    registration = room("name,role,harms,regions\nAna,researcher,grooming,Kenya\n", reader)
    (entry,) = registration.entries
    assert (entry.role, entry.harms, entry.regions) == (
        Reading("researcher"),
        (Reading("grooming"),),
        (Reading("Kenya"),),
    )
    assert entry.inferred == ()


def test_a_role_column_of_job_titles_is_read_as_job_titles(reader: ProfileReader) -> None:
    """A 'Role' column whose cells are mostly job titles is the job title column."""
    registration = room("Name,Role\nAna,Lecturer\nBen,Detective Sergeant\nCy,researcher\n", reader)
    assert registration.mapping.columns("job_title") == ("Role",)
    assert registration.mapping.columns("role") == ()
    assert [(e.job_title, e.role) for e in registration.entries] == [
        ("Lecturer", Reading("researcher", True, "job title “Lecturer”: lecturer")),
        (
            "Detective Sergeant",
            Reading("law-enforcement", True, "job title “Detective Sergeant”: detective"),
        ),
        ("researcher", Reading("researcher", True, "job title “researcher”: researcher")),
    ]


def test_a_job_title_column_of_roles_is_read_as_roles(reader: ProfileReader) -> None:
    registration = room("Name,Your role\nAna,Researcher\nBen,Policymaker\n", reader)
    assert registration.mapping.columns("role") == ("Your role",)
    assert [e.role for e in registration.entries] == [
        Reading("researcher"),
        Reading("policymaker"),
    ]


def test_a_region_cell_in_several_forms(reader: ProfileReader) -> None:
    """A cell that names one place with a comma, places split by `,` or `;`, and places
    among other words (inferred from the cell)."""
    text = (
        "Name,Role,Country\n"
        'Ana,researcher,"Korea, Republic of"\n'
        'Ben,researcher,"Scotland, UK; Kenya"\n'
        "Cy,researcher,Based in Nairobi Kenya\n"
        "Di,researcher,N/A\n"
    )
    registration = room(text, reader)
    assert [e.regions for e in registration.entries] == [
        (Reading("South Korea"),),
        (Reading("United Kingdom"), Reading("Kenya")),
        (Reading("Kenya", True, "Country: “Kenya”"),),
        (),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Full name,Organisation,Job title\nAna,Acme Consulting,Consultant\n",
            [
                Problem(
                    FILE,
                    2,
                    "Job title",
                    "cannot tell the role from “Consultant” at “Acme Consulting”; add a role "
                    "column or choose one",
                )
            ],
            id="role-not-told",
        ),
        pytest.param(
            "Full name,Role,Job title\nAna,,Consultant\n",
            [
                Problem(
                    FILE,
                    2,
                    "Role",
                    "cannot tell the role from “Consultant”; add a role column or choose one",
                )
            ],
            id="role-cell-empty",
        ),
        pytest.param(
            "Full name,Job title\nAna,\n",
            [Problem(FILE, 2, "Job title", "a role is required")],
            id="nothing-to-read",
        ),
        pytest.param(
            'Full name,Job title,Country\nAna,Lecturer,"Nairobi, Kenya"\n',
            [Problem(FILE, 2, "Country", "'Nairobi' is not a known region")],
            id="unknown-part-of-a-region-cell",
        ),
        pytest.param(
            "Full name,Job title\n,Lecturer\n",
            [Problem(FILE, 2, "Full name", "a name is required")],
            id="no-name",
        ),
        pytest.param(
            "Full name,Job title\nAna," + "x" * 201 + "\n",
            [
                Problem(FILE, 2, "Job title", "longer than 200 characters"),
                Problem(
                    FILE,
                    2,
                    "Job title",
                    f"cannot tell the role from “{'x' * 201}”; add a role column or choose one",
                ),
            ],
            id="job-title-too-long",
        ),
        pytest.param(
            "Email,Job title\nana@example.org,Lecturer\n",
            [
                Problem(
                    FILE,
                    1,
                    "name",
                    "this column is missing; no header reads as the participants' names",
                )
            ],
            id="only-an-email-column",
        ),
    ],
)
def test_row_problems_name_the_row_and_column(
    reader: ProfileReader, text: str, expected: list[Problem]
) -> None:
    """Each problem names the spreadsheet row and the column's header as written."""
    registration = room(text, reader)
    assert list(registration.problems) == expected
    with pytest.raises(TableError) as caught:
        registration.participants()
    assert list(caught.value.problems) == expected


def test_a_chosen_column_changes_what_is_read(reader: ProfileReader) -> None:
    """Without the job title column, the role comes from the organisation alone."""
    text = "Full name,Organisation,Job title\nAna,Northshire Police,Lecturer\n"
    assert [e.role for e in room(text, reader).entries] == [
        Reading("researcher", True, "job title “Lecturer”: lecturer")
    ]
    assert [e.role for e in room(text, reader, job_title=[]).entries] == [
        Reading("law-enforcement", True, "organisation “Northshire Police”: police")
    ]


# The facilitator's corrections


def test_corrections_are_given_values(reader: ProfileReader) -> None:
    """A changed role, harms or regions cell is read as given; a row's other values are
    read again from its cells; other rows stay as they were."""
    text = (
        "Full name,Organisation,Job title,Interests\n"
        "Ana,Acme Consulting,Consultant,sextortion in Kenya\n"
        "Ben,,Lecturer,grooming\n"
    )
    registration = room(text, reader)
    assert [p.line for p in registration.problems] == [2]
    changes = {2: {"role": "Researcher", "harms": "Online grooming; csam"}}
    edited = registration.edited(changes, reader)
    assert edited.problems == ()
    ana, ben = edited.entries
    assert (ana.role, ana.harms, ana.regions) == (
        Reading("researcher"),
        (Reading("grooming"), Reading("csam")),
        (Reading("Kenya", True, "interests: “Kenya”"),),
    )
    assert ben == registration.entries[1]
    assert [p.role for p in edited.participants()] == ["researcher", "researcher"]


def test_a_cleared_cell_means_none(reader: ProfileReader) -> None:
    """Emptying an inferred harms cell leaves the person with no harms, not the inferred."""
    registration = room("Full name,Job title,Interests\nAna,Lecturer,grooming\n", reader)
    edited = registration.edited({2: {"harms": ""}}, reader)
    assert edited.entries[0].harms == ()


def test_a_wrong_correction_is_a_problem_at_its_field(reader: ProfileReader) -> None:
    registration = room("Full name,Job title\nAna,Lecturer\n", reader)
    edited = registration.edited({2: {"regions": "Atlantis"}}, reader)
    assert edited.problems == (Problem(FILE, 2, "Regions", "'Atlantis' is not a known region"),)


def test_the_mapping_is_kept(reader: ProfileReader) -> None:
    registration = room("Full name,Job title\nAna,Lecturer\n", reader)
    assert isinstance(registration.mapping, ColumnMapping)
    assert registration.edited({}, reader) == registration
