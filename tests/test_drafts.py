"""Drafts: the record as far as its source gives it, the suggestions apart, the YAML file
that reads back as the same values whatever the source's text holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from webserver import serving

from bridge.catalogue.yamlfile import YamlDocument, parse_yaml
from bridge.model import Catalogue
from bridge.web.drafts import (
    draft_from_page,
    draft_from_reference,
    draft_yaml,
    file_names,
    read_page,
    slug,
)
from bridge.web.fetching import FetchFailed, FetchPolicy
from bridge.web.metadata import PageMetadata
from bridge.web.references import Reference
from bridge.web.suggestions import PhraseBook

TODAY = dt.date(2026, 12, 1)
LOCAL = FetchPolicy(allow_private=True, timeout=0.5)


@pytest.fixture(scope="module")
def book(literal_catalogue: Catalogue) -> PhraseBook:
    return PhraseBook.from_taxonomy(literal_catalogue.taxonomy)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving() as base:
        yield base


def read_back(text: str) -> Any:
    document = parse_yaml(text.encode("utf-8"), "draft.yaml")
    assert isinstance(document, YamlDocument), document
    return document.data


def test_a_reference_without_a_url_links_its_doi(
    literal_catalogue: Catalogue, book: PhraseBook
) -> None:
    reference = Reference(
        "lib.json", 3, "report", "Livestreamed abuse in the Philippines", 2021, doi="10.5555/x.1"
    )
    draft = draft_from_reference(reference, literal_catalogue, book=book, today=TODAY)
    assert dict(draft.record) == {
        "id": "livestreamed-abuse-in-the-philippines",
        "kind": "",
        "title": "Livestreamed abuse in the Philippines",
        "summary": "",
        "organisation": "",
        "url": "https://doi.org/10.5555/x.1",
        "year": 2021,
        "roles": [],
        "harms": [],
        "regions": [],
        "sources": [
            {
                "url": "https://doi.org/10.5555/x.1",
                "title": "Livestreamed abuse in the Philippines",
                "accessed": TODAY,
            }
        ],
    }
    assert (draft.suggested("kind"), draft.suggested("harms"), draft.suggested("regions")) == (
        ("research",),
        ("livestreaming",),
        ("Philippines",),
    )
    assert (draft.origin, dict(draft.about)) == (
        "lib.json:3",
        {"type": "report", "doi": "10.5555/x.1"},
    )


def test_the_yaml_reads_back_as_the_draft_whatever_the_text_holds(
    literal_catalogue: Catalogue, book: PhraseBook
) -> None:
    """Quotes, colons, hashes, YAML words, line breaks and control characters in a title or
    a description come back as one line of the same text."""
    title = 'No: "yes" # not a comment\n\tand * & ! % @ `text` \x07'
    page = PageMetadata(
        url="https://example.org/a?b=1#c",
        title=title,
        description="A long description " * 8 + "- with: a colon # and a hash",
        site_name="null",
    )
    draft = draft_from_page(page, literal_catalogue, book=book, today=TODAY)
    data = read_back(draft_yaml(draft, today=TODAY))
    one_line = 'No: "yes" # not a comment and * & ! % @ `text`'
    assert (data["id"], data["title"], data["url"]) == (
        "no-yes-not-a-comment-and-text",
        one_line,
        "https://example.org/a?b=1#c",
    )
    assert data["sources"] == [
        {"url": "https://example.org/a?b=1#c", "title": one_line, "accessed": TODAY}
    ]
    assert data["about"] == {
        "description": ("A long description " * 8).strip() + " - with: a colon # and a hash",
        "site": "null",
    }
    assert data["suggested"] == {}


def test_a_page_draft_reads_back_with_its_suggestions(
    site: str, literal_catalogue: Catalogue, book: PhraseBook
) -> None:
    page = read_page(f"{site}/old", policy=LOCAL)  # a redirect: the page's own address is kept
    draft = draft_from_page(page, literal_catalogue, book=book, today=TODAY)
    data = read_back(draft_yaml(draft, today=TODAY))
    assert (data["url"], data["year"], data["languages"]) == (f"{site}/report", 2024, ["en"])
    assert data["suggested"] == {
        "kind": "research",
        "harms": ["grooming", "sextortion"],
        "roles": ["young-people", "researcher", "helpline"],
        "regions": ["Kenya", "Philippines"],
    }


def test_a_file_that_is_not_html_gives_its_address_only(site: str) -> None:
    assert read_page(f"{site}/paper.pdf", policy=LOCAL) == PageMetadata(
        url=f"{site}/paper.pdf", page_type="application/pdf"
    )


def test_a_page_that_answers_with_an_error_is_a_failure(site: str) -> None:
    with pytest.raises(FetchFailed) as failed:
        read_page(f"{site}/broken", policy=LOCAL)
    assert (failed.value.kind, str(failed.value)) == (
        "status",
        f"{site}/broken answered 500 Internal Server Error",
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Keeping Children Safe Online", "keeping-children-safe-online"),
        ("Côte d'Ivoire: rapport 2024", "cote-d-ivoire-rapport-2024"),
        ("A " + "very-long " * 10, "a-very-long-very-long-very-long-very-long-very-long-very"),
        ("!!!", "draft"),
    ],
)
def test_ids_are_slugs_of_titles(title: str, expected: str) -> None:
    assert slug(title) == expected


def test_drafts_that_share_an_id_get_numbered_files(
    literal_catalogue: Catalogue, book: PhraseBook
) -> None:
    same = Reference("x.ris", 1, "JOUR", "Same title")
    drafts = [draft_from_reference(same, literal_catalogue, book=book, today=TODAY)] * 3
    assert file_names(drafts) == ["same-title.yaml", "same-title-2.yaml", "same-title-3.yaml"]


def test_a_draft_fills_the_add_form_with_its_usable_suggestions(
    literal_catalogue: Catalogue, book: PhraseBook
) -> None:
    """The form's values: what the reference gives, the first suggested kind, and the
    suggested tags the catalogue's vocabularies hold."""
    reference = Reference(
        "lib.ris", 1, "report", "Livestreamed abuse and grooming in the Philippines", 2021,
        url="https://example.org/report",
    )  # fmt: skip
    draft = draft_from_reference(reference, literal_catalogue, book=book, today=TODAY)
    usable = draft.usable_suggestions(literal_catalogue)
    assert {(s.field, s.value) for s in usable} <= {(s.field, s.value) for s in draft.suggestions}
    assert draft.form_values(literal_catalogue) == {
        "id": "livestreamed-abuse-and-grooming-in-the-philippines",
        "title": "Livestreamed abuse and grooming in the Philippines",
        "url": "https://example.org/report",
        "year": 2021,
        "languages": "",
        "sources": "https://example.org/report | " + reference.title,
        "kind": "research",
        "organisation": None,
        "harms": [s.value for s in usable if s.field == "harms"],
        "roles": [s.value for s in usable if s.field == "roles"],
        "regions": ["Philippines"],
    }
    assert [s.value for s in usable if s.field == "harms"] == ["grooming", "livestreaming"]
