"""Page metadata: each field from the most specific of its sources; a page without
metadata gives what its html does; bytes in a declared encoding."""

from __future__ import annotations

import pytest
from webserver import BARE_PAGE, REPORT_PAGE, UNTITLED_PAGE

from bridge.web.metadata import PageMetadata, iso_date, page_metadata

URL = "https://www.safelab.example.org/report"


def test_a_page_with_metadata_gives_every_field() -> None:
    page = page_metadata(REPORT_PAGE.encode(), url=URL)
    assert page == PageMetadata(
        url=URL,
        title="Keeping Children Safe from Online Grooming",
        description="An imaginary study of online grooming and sextortion of children in Kenya "
        "and the Philippines, written for the bridge tests.",
        date="2024-03-05",
        site_name="Safe Lab Test",
        language="en",
        page_type="ScholarlyArticle",
        keywords=("grooming", "sextortion", "helplines"),
        text="Keeping Children Safe from Online Grooming The imaginary study asked 500 children "
        "in Kenya and the Philippines how offenders groom them online, and how often grooming "
        "turns into sextortion. It is written for researchers and for child helplines that "
        "answer young people.",
    )
    assert page.year == 2024


def test_a_page_without_metadata_gives_its_title_and_host() -> None:
    assert page_metadata(BARE_PAGE, url=URL) == PageMetadata(
        url=URL,
        title="A page without metadata",
        site_name="safelab.example.org",
        text="Nothing but a title and a line of text about online safety.",
    )
    untitled = page_metadata(UNTITLED_PAGE, url=URL)
    assert (untitled.title, untitled.year) == ("", None)


def test_the_site_name_is_taken_off_the_html_title() -> None:
    html = (
        '<html lang="fr-FR"><head><title>Le rapport annuel – Safe Lab Test</title>'
        '<meta property="og:site_name" content="Safe Lab Test">'
        '<meta property="article:published_time" content="2023-11-02T09:00:00+00:00">'
        "</head></html>"
    )
    page = page_metadata(html, url=URL)
    assert (page.title, page.language, page.date) == ("Le rapport annuel", "fr", "2023-11-02")


def test_the_declared_encoding_is_used_and_broken_json_ld_ignored() -> None:
    html = (
        "<html><head><title>Café de la Sûreté</title>"
        '<script type="application/ld+json">{"@type": "Report", broken</script>'
        '<meta name="citation_publication_date" content="2021/06">'
        "</head></html>"
    ).encode("latin-1")
    page = page_metadata(html, url=URL, encoding="iso-8859-1")
    assert (page.title, page.date, page.page_type) == ("Café de la Sûreté", "2021-06", "")


def test_markup_in_metadata_is_kept_as_text() -> None:
    html = (
        '<html><head><meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt; '
        'Report"></head></html>'
    )
    assert page_metadata(html, url=URL).title == "<script>alert(1)</script> Report"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-03-05T10:00:00Z", "2024-03-05"),
        ("2024/3/5", "2024-03-05"),
        ("2024-13-01", "2024"),
        ("2024-02", "2024-02"),
        ("Published 2019", "2019"),
        ("no date here", ""),
        ("1850", ""),
    ],
)
def test_iso_dates(text: str, date: str) -> None:
    assert iso_date(text) == date
