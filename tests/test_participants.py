"""bridge/workshop/participants.py and the strict table of earlier versions (headers `name`,
`role`, `harms`, `regions`, `interests`), still read as it was through
bridge/workshop/registration.py: every row checked before anything is made; each problem
names the row (spreadsheet numbering, header = 1) and the column."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bridge.errors import Problem, TableError
from bridge.model import Query
from bridge.taxonomy import Taxonomy
from bridge.workshop.participants import (
    MAX_BYTES,
    MAX_INTERESTS,
    MAX_NAME,
    MAX_PARTICIPANTS,
    TEMPLATE,
    Participant,
)
from bridge.workshop.registration import read_participants

HEADER = "name,role,harms,regions,interests\n"
FILE = "room.csv"


def read(text: str | bytes, taxonomy: Taxonomy) -> tuple[Participant, ...]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return read_participants(raw, FILE, taxonomy)


def problems(text: str | bytes, taxonomy: Taxonomy) -> list[Problem]:
    with pytest.raises(TableError) as caught:
        read(text, taxonomy)
    return list(caught.value.problems)


def test_a_valid_room_resolves_every_value(taxonomy: Taxonomy) -> None:
    """Roles, harms and regions resolve to ids and canonical names; rows keep their number."""
    room = read(
        HEADER
        + "Ana Example,Researcher,sexual extortion,Viet Nam,scam centres and extortion\n"
        + "Ben Example,child helpline,,KE,\n",
        taxonomy,
    )
    assert room == (
        Participant(
            2,
            "Ana Example",
            "researcher",
            ("sextortion",),
            ("Vietnam",),
            "scam centres and extortion",
        ),
        Participant(3, "Ben Example", "helpline", (), ("Kenya",), ""),
    )


def test_the_template_is_a_valid_room(taxonomy: Taxonomy) -> None:
    """The template offered for download reads as two participants."""
    assert [(p.row, p.name, p.role) for p in read(TEMPLATE, taxonomy)] == [
        (2, "Ada Example", "researcher"),
        (3, "Ben Example", "helpline"),
    ]


def test_multi_valued_cells_split_on_semicolons(taxonomy: Taxonomy) -> None:
    """Harms and regions split on ';' (spaces and empty parts dropped, repeats once);
    interests stay one text."""
    (person,) = read(
        HEADER + "Ana, researcher , sextortion ; grooming ;,Kenya;Philippines; KE,a; b\n", taxonomy
    )
    assert person == Participant(
        2, "Ana", "researcher", ("sextortion", "grooming"), ("Kenya", "Philippines"), "a; b"
    )


def test_a_byte_order_mark_is_accepted(taxonomy: Taxonomy) -> None:
    """A UTF-8 BOM (Excel's 'CSV UTF-8') does not spoil the first column's name."""
    raw = ("\ufeff" + HEADER + "Zoë,educator,,,\n").encode("utf-8")
    assert read(raw, taxonomy) == (Participant(2, "Zoë", "educator", (), (), ""),)


def test_a_formula_name_is_kept_as_text(taxonomy: Taxonomy) -> None:
    """A name like =HYPERLINK(...) is data: kept verbatim, neither run nor rejected."""
    name = '=HYPERLINK("http://x.example","click")'
    (person,) = read(HEADER + '"=HYPERLINK(""http://x.example"",""click"")",parent,,,\n', taxonomy)
    assert (person.name, person.role) == (name, "parent")


def test_limits_are_inclusive(taxonomy: Taxonomy) -> None:
    """A name of exactly MAX_NAME and interests of exactly MAX_INTERESTS characters pass."""
    row = f"{'n' * MAX_NAME},parent,,,{'i' * MAX_INTERESTS}\n"
    (person,) = read(HEADER + row, taxonomy)
    assert (len(person.name), len(person.interests)) == (MAX_NAME, MAX_INTERESTS)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            "Ana,researchr,,,",
            [("role", "'researchr' is not a known role; did you mean 'researcher' or 'educator'?")],
            id="unknown-role-did-you-mean",
        ),
        pytest.param(
            "Ana,astronaut,,,",
            [("role", "'astronaut' is not a known role")],
            id="unknown-role-no-suggestion",
        ),
        pytest.param(
            "Ana,researcher,sextortion; bananas,,",
            [("harms", "'bananas' is not a known harm")],
            id="unknown-harm",
        ),
        pytest.param(
            "Ana,researcher,,Atlantis,",
            [("regions", "'Atlantis' is not a known region")],
            id="unknown-region",
        ),
        pytest.param(
            "Ana,researcher,,Kenia,",
            [
                (
                    "regions",
                    "'Kenia' is not a known region; "
                    "did you mean 'Armenia' or 'Kenya' or 'Slovenia'?",
                )
            ],
            id="unknown-region-did-you-mean",
        ),
        pytest.param(",researcher,,,", [("name", "a name is required")], id="missing-name"),
        pytest.param("   ,researcher,,,", [("name", "a name is required")], id="blank-name"),
        pytest.param("Ana,,,,", [("role", "a role is required")], id="missing-role"),
        pytest.param(
            f"{'n' * (MAX_NAME + 1)},researcher,,,",
            [("name", "longer than 100 characters")],
            id="name-too-long",
        ),
        pytest.param(
            f"Ana,researcher,,,{'i' * (MAX_INTERESTS + 1)}",
            [("interests", "longer than 2000 characters")],
            id="interests-too-long",
        ),
        pytest.param(
            ",astronaut,bananas,Atlantis,",
            [
                ("name", "a name is required"),
                ("role", "'astronaut' is not a known role"),
                ("harms", "'bananas' is not a known harm"),
                ("regions", "'Atlantis' is not a known region"),
            ],
            id="every-column-at-once",
        ),
    ],
)
def test_each_bad_row_kind_names_row_and_column(
    taxonomy: Taxonomy, row: str, expected: list[tuple[str, str]]
) -> None:
    """A bad cell is reported at its row (header = 1, so the first participant is row 2)
    and column, with suggestions where a close value exists."""
    found = problems(HEADER + "Good Person,parent,,,\n" + row + "\n", taxonomy)
    assert found == [Problem(FILE, 3, column, message) for column, message in expected]


def test_every_bad_row_is_reported_in_one_pass(taxonomy: Taxonomy) -> None:
    """Problems of several rows are collected, in row order; good rows are not reported."""
    text = HEADER + "Ana,astronaut,,,\nBen,researcher,,,\n,policymaker,,Atlantis,\n"
    assert problems(text, taxonomy) == [
        Problem(FILE, 2, "role", "'astronaut' is not a known role"),
        Problem(FILE, 4, "name", "a name is required"),
        Problem(FILE, 4, "regions", "'Atlantis' is not a known region"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "name,harms\nAna,csea\n",
            [
                Problem(
                    FILE,
                    1,
                    "role",
                    "this column is missing; add a role column, or a job title or "
                    "organisation to read it from",
                )
            ],
            id="missing-role-column",
        ),
        pytest.param(
            "role,regions\nresearcher,Kenya\n",
            [
                Problem(
                    FILE,
                    1,
                    "name",
                    "this column is missing; no header reads as the participants' names",
                )
            ],
            id="missing-name-column",
        ),
        pytest.param(
            "name,name,role\nAna,Ann,researcher\n",
            [
                Problem(FILE, 1, "name", "this column appears more than once; rename one of them"),
                Problem(
                    FILE,
                    1,
                    "name",
                    "this column is missing; no header reads as the participants' names",
                ),
            ],
            id="name-column-twice",
        ),
        pytest.param(
            HEADER,
            [Problem(FILE, 2, "", "there are no participants below the header")],
            id="no-rows",
        ),
        pytest.param(
            HEADER + "Ana,researcher,,,,extra\n",
            [Problem(FILE, 2, "", "this row has 6 cells; the header has 5")],
            id="ragged-long",
        ),
        pytest.param(
            HEADER + "Ana,researcher,,,\nBen,researcher\n",
            [Problem(FILE, 3, "", "this row has 2 cells; the header has 5")],
            id="ragged-short",
        ),
        pytest.param(
            HEADER + "".join(f"P{i},parent,,,\n" for i in range(MAX_PARTICIPANTS + 1)),
            [Problem(FILE, None, "", "301 rows; the limit is 300")],
            id="too-many-rows",
        ),
    ],
)
def test_file_level_problems(taxonomy: Taxonomy, text: str, expected: list[Problem]) -> None:
    """Column, emptiness, shape and size problems name the header row or the row at fault."""
    assert problems(text, taxonomy) == expected


def test_exactly_the_row_limit_is_accepted(taxonomy: Taxonomy) -> None:
    """MAX_PARTICIPANTS rows read; the last one is row MAX_PARTICIPANTS + 1."""
    room = read(HEADER + "".join(f"P{i},parent,,,\n" for i in range(MAX_PARTICIPANTS)), taxonomy)
    assert (len(room), room[-1].row) == (MAX_PARTICIPANTS, MAX_PARTICIPANTS + 1)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param((HEADER + "Zoë,researcher,,,\n").encode("latin-1"), id="latin-1"),
        pytest.param((HEADER + "Ana,researcher,,,\n").encode("utf-16"), id="utf-16"),
    ],
)
def test_non_utf8_file_is_refused(taxonomy: Taxonomy, raw: bytes) -> None:
    """Bytes that are not UTF-8 are refused with how to save the file."""
    assert problems(raw, taxonomy) == [
        Problem(FILE, None, "", "the file is not UTF-8 text; save it as 'CSV UTF-8'")
    ]


def test_oversized_file_is_refused_before_reading(taxonomy: Taxonomy) -> None:
    """A file over MAX_BYTES is refused with its size, even if its rows would be valid."""
    raw = (HEADER + "Ana,researcher,,," + "x" * MAX_BYTES + "\n").encode()
    assert problems(raw, taxonomy) == [
        Problem(FILE, None, "", f"the file is {len(raw):,} bytes; the limit is 1,000,000")
    ]


def test_column_names_are_matched_without_case_or_spaces(taxonomy: Taxonomy) -> None:
    """' Name ' and 'ROLE' are the name and role columns."""
    (person,) = read(" Name ,ROLE\nAna,parent\n", taxonomy)
    assert (person.name, person.role) == ("Ana", "parent")


def test_capitalised_headers_still_split_multi_valued_cells(taxonomy: Taxonomy) -> None:
    """A spreadsheet header 'Name,Role,Harms,Regions,Interests' splits harms and regions."""
    text = "Name,Role,Harms,Regions,Interests\nAna,researcher,sextortion; grooming,Kenya; KE,x\n"
    (person,) = read(text, taxonomy)
    assert (person.harms, person.regions) == (("sextortion", "grooming"), ("Kenya",))


def test_other_columns_are_left_alone(taxonomy: Taxonomy) -> None:
    """A header that names no field ('banana', 'Timestamp') is ignored, and a close one
    ('interest') is read as its field."""
    (person,) = read("name,role,interest,banana\nAna,researcher,scam centres,yellow\n", taxonomy)
    assert person == Participant(2, "Ana", "researcher", (), (), "scam centres")


def test_organisation_and_job_title_columns(taxonomy: Taxonomy) -> None:
    """`organisation` and `job_title` columns are kept as written, beside a given role."""
    text = "name,organisation,job_title,role\nAna,Example Lab,Analyst,researcher\n"
    assert read(text, taxonomy) == (
        Participant(2, "Ana", "researcher", (), (), "", "Example Lab", "Analyst"),
    )


def test_participant_query_and_affiliation() -> None:
    """A participant's query is their profile; the affiliation joins job title and
    organisation, whichever are known."""
    person = Participant(2, "Ana", "researcher", ("grooming",), ("Kenya",), "chat apps")
    assert person.query == Query(
        text="chat apps", role="researcher", harms=("grooming",), regions=("Kenya",)
    )
    assert person.affiliation == ""
    assert replace(person, organisation="Example Lab").affiliation == "Example Lab"
    assert replace(person, job_title="Analyst", organisation="Example Lab").affiliation == (
        "Analyst, Example Lab"
    )
