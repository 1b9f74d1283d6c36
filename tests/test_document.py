"""bridge/formats/document.py: one document model, two renderers. Every block of a small
document rendered to Markdown and to HTML, whole; text made inert in both; links only to
http, https and mailto addresses, or to a file of the same set."""

from __future__ import annotations

import pytest

from bridge.formats.document import (
    Document,
    Item,
    Items,
    Paragraph,
    Section,
    Span,
    Table,
    html,
    markdown,
)
from bridge.formats.markup import plain_markdown

DOCUMENT = Document(
    "Resources for Ana <b>",
    (
        Paragraph((Span("Lecturer, Example University"),), "meta"),
        Paragraph((Span("chat apps"),), label="Interests"),
        Paragraph((Span("No records pass these filters."),), "note"),
    ),
    (
        Section(
            "Resources",
            (
                Items(
                    (
                        Item(
                            (Span("A study", url="https://example.org/study"),),
                            (
                                Paragraph((Span("Safe Lab · research"),), "meta"),
                                Paragraph((Span("grooming; region"),), "why", label="Why"),
                            ),
                        ),
                        Item((Span("No link", url="javascript:alert(1)"),)),
                    ),
                    ranked=True,
                ),
            ),
        ),
        Section(
            "Contacts",
            (
                Items(
                    (
                        Item(
                            (
                                Span("Lab", strong=True),
                                Span(" "),
                                Span("mailto:hi@example.org", url="mailto:hi@example.org"),
                            ),
                            (Paragraph((Span("matches grooming"),), "why"),),
                        ),
                    )
                ),
                Items((), empty="none"),
            ),
        ),
        Section(
            "Participants",
            (Table(("Name", "Pack"), (((Span("Ana"),), (Span("", sibling="pack-ana"),)),)),),
        ),
    ),
)


def test_markdown() -> None:
    assert markdown(DOCUMENT) == (
        "# Resources for Ana \\<b\\>\n"
        "\n"
        "Lecturer, Example University\n"
        "\n"
        "Interests: chat apps\n"
        "\n"
        "> No records pass these filters.\n"
        "\n"
        "## Resources\n"
        "\n"
        "1. [A study](<https://example.org/study>)\\\n"
        "   Safe Lab · research\\\n"
        "   *Why:* grooming; region\n"
        "\n"
        "2. No link\n"
        "\n"
        "## Contacts\n"
        "\n"
        "- **Lab** <mailto:hi@example.org>\\\n"
        "  matches grooming\n"
        "\n"
        "- none\n"
        "\n"
        "## Participants\n"
        "\n"
        "| Name | Pack |\n"
        "|---|---|\n"
        "| Ana | [pack-ana.md](<pack-ana.md>) |\n"
    )


def test_html() -> None:
    page = html(DOCUMENT)
    body = page[page.index("<body>") + len("<body>\n") : page.index("\n</body>")]
    assert page.startswith(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Resources for Ana &lt;b&gt;</title>"
    )
    assert body.splitlines() == [
        "<h1>Resources for Ana &lt;b&gt;</h1>",
        '<p class="meta">Lecturer, Example University</p>',
        "<p>Interests: chat apps</p>",
        '<p class="note">No records pass these filters.</p>',
        "<h2>Resources</h2>",
        "<section>",
        '<h3>1. <a href="https://example.org/study" rel="noopener noreferrer">A study</a></h3>',
        '<p class="meta">Safe Lab · research</p>',
        '<p class="why">Why: grooming; region</p>',
        "</section>",
        "<section>",
        "<h3>2. No link</h3>",
        "</section>",
        "<h2>Contacts</h2>",
        "<ul>",
        '<li><strong>Lab</strong> <a href="mailto:hi@example.org" rel="noopener noreferrer">'
        'mailto:hi@example.org</a><br><span class="why">matches grooming</span></li>',
        "</ul>",
        "<ul><li>none</li></ul>",
        "<h2>Participants</h2>",
        "<table><tr><th>Name</th><th>Pack</th></tr>",
        '<tr><td>Ana</td><td><a href="pack-ana.html">pack-ana.html</a></td></tr>',
        "</table>",
    ]


def test_markdown_takes_the_app_escaping() -> None:
    """The app's renderer escapes `:` and `$` as well."""
    document = Document("a:b $x$", (), ())
    assert markdown(document, escape_text=plain_markdown) == "# a\\:b \\$x\\$\n"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "/relative", "https://"],
)
def test_no_link_but_to_the_web_or_mail(url: str) -> None:
    document = Document("t", (Paragraph((Span("click", url=url),)),), ())
    assert "<a " not in html(document)
    assert markdown(document) == "# t\n\nclick\n"


def test_a_url_that_cannot_sit_in_angle_brackets_is_text() -> None:
    document = Document("t", (Paragraph((Span("x", url="https://e.org/a>b"),)),), ())
    assert markdown(document) == "# t\n\nx\n"
