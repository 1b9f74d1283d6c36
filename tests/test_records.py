"""bridge/records.py: records written as YAML read back as the same records."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from literal import SUMMARY, write_file

from bridge.catalogue.record_yaml import resource_yaml
from bridge.catalogue.recordfiles import read_records
from bridge.model import Catalogue, Citation, Resource


def test_resource_yaml_of_a_record(literal_catalogue: Catalogue) -> None:
    """A record is written with its fields in contract order and empty optional ones left out."""
    text = resource_yaml(literal_catalogue.resource("kenya-grooming-event"))
    assert text.splitlines() == [
        "id: kenya-grooming-event",
        "kind: event",
        "title: A Workshop on Grooming Prevention in Kenya",
        "summary: >-",
        "  A synthetic summary written for the bridge test suite only. It describes an imaginary"
        " piece",
        "  of work in plain words, long enough to pass the rule that every summary holds at least"
        " twenty",
        "  five words of text.",
        "organisation: helpline-net",
        "url: https://records.example.org/kenya-grooming-event",
        "roles: [educator, young-people]",
        "harms: [grooming]",
        "regions: [Kenya]",
        "sources:",
        "- url: https://sources.example.org/kenya-grooming-event",
        "  title: Synthetic test fixture",
        "  accessed: 2026-12-01",
    ]


@pytest.mark.parametrize(
    "title",
    ["NO", "010", "2024-01-01", "null", "=1+1", "@x", "- dash", "a: colon", "# hash", "'q'"],
)
def test_yaml_special_titles_survive(tmp_path: Path, title: str) -> None:
    """Titles YAML would misread are quoted when written, so they read back as the same text."""
    record = Resource(
        "x", "research", title, SUMMARY, "safe-lab", sources=(Citation("Synthetic source"),)
    )
    path = write_file(tmp_path / "x.yaml", resource_yaml(record))
    (raw,), _ = read_records(path, "x.yaml")
    assert raw.data["title"] == title


def test_resource_yaml_reads_back_every_field(literal_catalogue: Catalogue, tmp_path: Path) -> None:
    """Every field written reads back with the same value."""
    record = dataclasses.replace(
        literal_catalogue.resource("africa-helpline-programme"),
        url="https://example.org/a",
        languages=("en",),
        outcomes=("Reached 10 imaginary schools; 3 districts.",),
        evidence=("survey",),
        sources=(Citation("A page", "https://example.org/page", "2026-12-01"),),
    )
    path = write_file(tmp_path / "x.yaml", resource_yaml(record))
    (raw,), _ = read_records(path, "x.yaml")
    expected = {
        k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(record).items()
    }
    expected.pop("origin")
    expected.pop("pillar")  # None: left out
    expected["sources"] = [
        {"url": "https://example.org/page", "title": "A page", "accessed": dt.date(2026, 12, 1)}
    ]
    assert raw.data == expected
