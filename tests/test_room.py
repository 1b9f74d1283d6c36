"""bridge/formats/room.py: what the facilitator is told before packs are made: the column of
each field, the columns left alone (personal data named by header only), and each inferred
value with the words it came from."""

from __future__ import annotations

from bridge.formats.room import column_choice, inference_lines, inferred_summary, mapping_lines
from bridge.taxonomy import Taxonomy
from bridge.workshop.columns import guess_mapping
from bridge.workshop.registration import read_room

ROOM = (
    "Timestamp,Email address,Full name,Organisation,Job title,Country,Topics\n"
    "2025/03/03,ana@example.org,Ana Example,Example University,Lecturer,,grooming in Kenya\n"
    "2025/03/04,ben@example.org,Ben Example,,Helpline Manager,UK,\n"
)


def test_the_mapping_in_lines() -> None:
    mapping = guess_mapping(ROOM.splitlines()[0].split(","))
    assert mapping_lines(mapping) == [
        "  name          “Full name”",
        "  organisation  “Organisation”",
        "  job_title     “Job title”",
        "  role          no column: read from the job title and organisation",
        "  harms         no column: read from the interests and job title",
        "  regions       “Country”",
        "  interests     “Topics”",
        "never read (personal contact data): “Email address”",
        "not used: “Timestamp”",
    ]


def test_a_field_with_nothing_to_read_from() -> None:
    mapping = guess_mapping(["Name"])
    assert [column_choice(mapping, f) for f in ("name", "role", "harms")] == [
        "“Name”",
        "no column",
        "no column",
    ]


def test_the_inferences_in_lines(taxonomy: Taxonomy) -> None:
    """Counts per field, then each row with what was inferred and why; no email appears."""
    _, registration = read_room(ROOM.encode(), "room.csv", taxonomy)
    lines = inference_lines(registration, taxonomy)
    assert lines == [
        "inferred (check them): role for 2 of 2 rows, harms for 1 of 2 rows, "
        "regions for 1 of 2 rows",
        "  row 2, Ana Example: role Researcher (job title “Lecturer”: lecturer); harms Online "
        "grooming (interests: “grooming”); regions Kenya (interests: “Kenya”)",
        "  row 3, Ben Example: role Helplines and frontline services (job title “Helpline "
        "Manager”: helpline)",
    ]
    assert not any("@" in line for line in lines + mapping_lines(registration.mapping))


def test_nothing_inferred(taxonomy: Taxonomy) -> None:
    _, registration = read_room(b"name,role\nAna,researcher\n", "room.csv", taxonomy)
    assert inferred_summary(registration.entries[0], taxonomy) == ""
    assert inference_lines(registration, taxonomy) == [
        "inferred: nothing; every value was given in its column"
    ]
