"""bridge/workshop/columns.py: which column holds which field, guessed from the headers that
form tools write; personal contact data recognised and never mapped; the facilitator's
choices checked, with suggestions."""

from __future__ import annotations

import pytest

from bridge.workshop.columns import (
    FIELDS,
    ColumnChoiceError,
    ColumnMapping,
    guess_mapping,
    is_personal,
)


def fields(mapping: ColumnMapping) -> dict[str, tuple[str, ...]]:
    return {field: headers for field, headers in mapping.fields if headers}


def test_google_forms_headers() -> None:
    mapping = guess_mapping(
        [
            "Timestamp",
            "Email address",
            "Full name",
            "Organisation",
            "Job title",
            "Country",
            "Which topics are you most interested in?",
            "Phone number (optional)",
        ]
    )
    assert fields(mapping) == {
        "name": ("Full name",),
        "organisation": ("Organisation",),
        "job_title": ("Job title",),
        "regions": ("Country",),
        "interests": ("Which topics are you most interested in?",),
    }
    assert mapping.personal == ("Email address", "Phone number (optional)")
    assert mapping.unused == ("Timestamp",)


def test_microsoft_forms_headers() -> None:
    """'Organisation name' is the organisation, not the name; both questions about what
    people want are interests."""
    mapping = guess_mapping(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Last modified time",
            "Organisation name",
            "What is your job title?",
            "Which country are you based in?",
            "Which topics are you most interested in?",
            "What would you like to get out of the workshop?",
            "Mobile number (optional)",
        ]
    )
    assert fields(mapping) == {
        "name": ("Name",),
        "organisation": ("Organisation name",),
        "job_title": ("What is your job title?",),
        "regions": ("Which country are you based in?",),
        "interests": (
            "Which topics are you most interested in?",
            "What would you like to get out of the workshop?",
        ),
    }
    assert mapping.personal == ("Email", "Mobile number (optional)")
    assert mapping.unused == ("ID", "Start time", "Completion time", "Last modified time")


def test_eventbrite_headers_join_first_and_last_name() -> None:
    mapping = guess_mapping(
        ["Order #", "First Name", "Last Name", "Email", "Company", "Job Title", "Ticket Type"]
    )
    assert fields(mapping) == {
        "name": ("First Name", "Last Name"),
        "organisation": ("Company",),
        "job_title": ("Job Title",),
    }
    assert mapping.joiner("name") == " "


def test_jotform_headers() -> None:
    mapping = guess_mapping(
        [
            "Submission Date",
            "Name",
            "E-mail",
            "Phone Number",
            "Organization",
            "Position",
            "Country/Region",
            "What topics interest you?",
            "Type of organisation",
        ]
    )
    assert fields(mapping) == {
        "name": ("Name",),
        "organisation": ("Organization",),
        "job_title": ("Position",),
        "role": ("Type of organisation",),
        "regions": ("Country/Region",),
        "interests": ("What topics interest you?",),
    }
    assert mapping.personal == ("E-mail", "Phone Number")


def test_the_field_names_are_their_own_headers() -> None:
    """The table of earlier versions: headers that are the field names, in any case."""
    mapping = guess_mapping(["NAME", "Role", "harms", "Regions", "interests", "job_title"])
    assert fields(mapping) == {
        "name": ("NAME",),
        "job_title": ("job_title",),
        "role": ("Role",),
        "harms": ("harms",),
        "regions": ("Regions",),
        "interests": ("interests",),
    }


def test_a_full_name_wins_over_a_bare_name() -> None:
    """Microsoft Forms' 'Name' is the account; a 'Your name' question is the person."""
    assert guess_mapping(["Name", "Your name"]).columns("name") == ("Your name",)


def test_a_header_twice_is_not_guessed() -> None:
    assert guess_mapping(["Name", "Name", "Country"]).columns("name") == ()


@pytest.mark.parametrize(
    "header",
    [
        "Email",
        "Email address",
        "E-mail",
        "Your e-mail address",
        "Phone number (optional)",
        "Mobile",
        "Telephone",
        "WhatsApp number",
        "Address",
        "Home address",
        "Postcode",
        "ZIP code",
        "Date of birth",
        "DOB",
        "LinkedIn profile",
    ],
)
def test_personal_contact_data_is_recognised(header: str) -> None:
    assert is_personal(header)
    assert guess_mapping([header, "Name"]).personal == (header,)


@pytest.mark.parametrize(
    "header", ["Name", "Organisation", "Which issue would you like to address?", "Country"]
)
def test_other_headers_are_not_personal(header: str) -> None:
    assert not is_personal(header)


# The facilitator's choice


GOOGLE = guess_mapping(["Timestamp", "Email address", "Full name", "Organisation", "Job title"])


def test_a_choice_replaces_the_guess_and_moves_the_header() -> None:
    """A header chosen for another field leaves the field it was guessed for."""
    mapping = GOOGLE.with_columns({"role": ["job title"]})
    assert fields(mapping) == {
        "name": ("Full name",),
        "organisation": ("Organisation",),
        "role": ("Job title",),
    }
    assert [f for f, _ in mapping.fields] == list(FIELDS)


def test_no_column_for_a_field() -> None:
    assert GOOGLE.with_columns({"job_title": []}).columns("job_title") == ()
    assert GOOGLE.with_columns({"job_title": []}).unused == ("Timestamp", "Job title")


def test_names_may_join_several_columns() -> None:
    chosen = GOOGLE.with_columns({"name": ["Full name", "Organisation"]})
    assert chosen.columns("name") == ("Full name", "Organisation")


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        pytest.param(
            {"job-title": ["Job title"]},
            "'job-title' is not a field; did you mean 'job_title'? the fields are name, "
            "organisation, job_title, role, harms, regions, interests",
            id="unknown-field",
        ),
        pytest.param(
            {"role": ["Job titel"]},
            "no column is headed 'Job titel'; did you mean 'Job title'? The headers: "
            "'Timestamp', 'Email address', 'Full name', 'Organisation', 'Job title'",
            id="unknown-header",
        ),
        pytest.param(
            {"name": ["Email address"]},
            "'Email address' holds personal contact data; it is never read into packs",
            id="personal-data",
        ),
        pytest.param(
            {"role": ["Job title", "Organisation"]},
            "role is read from one column, not 2",
            id="several-for-one",
        ),
    ],
)
def test_a_wrong_choice_says_what_is_wrong(chosen: dict[str, list[str]], message: str) -> None:
    with pytest.raises(ColumnChoiceError) as caught:
        GOOGLE.with_columns(chosen)
    assert str(caught.value) == message
