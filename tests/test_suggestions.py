"""Tag suggestions from words: the taxonomy's phrases, longest first, within a sentence's
parts; regions by name, alias and acronym; kinds from types; organisations from sites."""

from __future__ import annotations

import pytest

from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy
from bridge.web.suggestions import (
    PhraseBook,
    Suggestion,
    suggest_kind,
    suggest_organisation,
    suggest_tags,
)


@pytest.fixture(scope="module")
def book(taxonomy: Taxonomy) -> PhraseBook:
    return PhraseBook.from_taxonomy(taxonomy)


def found(text: str, book: PhraseBook) -> list[tuple[str, str, str]]:
    return [(s.field, s.value, s.because) for s in suggest_tags(text, book)]


def test_each_suggestion_keeps_the_words_that_led_to_it(book: PhraseBook) -> None:
    text = (
        "Sextortion and sexual extortion of teenagers in Kenya; what parents and police can do "
        "about child pornography. Sextortion cases rose."
    )
    assert suggest_tags(text, book) == (
        Suggestion("harms", "sextortion", (("Sextortion", 2), ("sexual extortion", 1))),
        Suggestion("harms", "csam", (("child pornography", 1),)),
        Suggestion("roles", "law-enforcement", (("police", 1),)),
        Suggestion("roles", "parent", (("parents", 1),)),
        Suggestion("roles", "young-people", (("teenagers", 1),)),
        Suggestion("regions", "Kenya", (("Kenya", 1),)),
    )


def test_the_longest_phrase_wins(book: PhraseBook) -> None:
    """'South Africa' is the country, not Africa; 'child sexual abuse' names the harm, and
    its 'child' is not also the young-people role."""
    assert found("Child sexual abuse in South Africa", book) == [
        ("harms", "csea", '"Child sexual abuse" (1)'),
        ("regions", "South Africa", '"South Africa" (1)'),
    ]


def test_a_phrase_never_spans_punctuation(book: PhraseBook) -> None:
    """'grooming online' is one of grooming's phrases, but not across a comma."""
    assert found("grooming, online games", book) == [("harms", "grooming", '"grooming" (1)')]


def test_acronyms_are_regions_only_as_written_in_capitals(book: PhraseBook) -> None:
    """UK, U.K., USA and the EU are regions; two-letter country codes that are words (AI,
    IT, IN) are not; capitals in a shouted heading are not acronyms."""
    text = "Work in the UK, the U.K. and the USA for the EU on AI tools for IT teams in schools."
    assert [(s.value, s.because) for s in suggest_tags(text, book) if s.field == "regions"] == [
        ("United Kingdom", '"U.K." (1), "UK" (1)'),
        ("EU", '"EU" (1)'),
        ("United States", '"USA" (1)'),
    ]
    assert found("WHAT CAN AND ARE WE DOING", book) == []


def test_thesaurus_words_suggest_what_their_group_names(book: PhraseBook) -> None:
    assert found("Stories for kids and caregivers", book) == [
        ("roles", "parent", '"caregivers" (1)'),
        ("roles", "young-people", '"kids" (1)'),
    ]


def test_text_that_names_nothing_suggests_nothing(book: PhraseBook) -> None:
    assert suggest_tags("A note about the weather", book) == ()


@pytest.mark.parametrize(
    ("type_name", "title", "kind", "reason"),
    [
        ("JOUR", "", "research", 'its type is "JOUR"'),
        ("techreport", "", "research", 'its type is "techreport"'),
        ("Dataset", "", "dataset", 'its type is "Dataset"'),
        ("article-newspaper", "", "news", 'its type is "article-newspaper"'),
        ("software", "", "toolkit", 'its type is "software"'),
        ("website", "A toolkit for moderators", "toolkit", 'its title says "Toolkit"'),
        ("", "National plan of action 2024", "policy", 'its title says "plan of action"'),
    ],
)
def test_the_kind_comes_from_the_type_else_the_title(
    taxonomy: Taxonomy, type_name: str, title: str, kind: str, reason: str
) -> None:
    suggestion = suggest_kind(type_name, title, taxonomy)
    assert suggestion is not None
    assert (suggestion.value, suggestion.because) == (kind, reason)


def test_no_kind_when_neither_says(taxonomy: Taxonomy) -> None:
    assert suggest_kind("website", "About us", taxonomy) is None


def test_the_organisation_is_the_one_whose_site_the_page_is_on(
    literal_catalogue: Catalogue,
) -> None:
    assert [
        s.value if (s := suggest_organisation(url, literal_catalogue)) else None
        for url in (
            "https://www.safelab.example.org/reports/1",
            "https://techalliance.example.org/news",  # its contact page's site
            "https://elsewhere.example.org/",
        )
    ] == ["safe-lab", "tech-alliance", None]
