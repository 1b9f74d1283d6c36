"""bridge/formats/results.py: the heading that counts the results, the JSON document of
`bridge search --format json` (SPEC section 5), the terminal table and the Markdown."""

from __future__ import annotations

import json

import pytest

from bridge.engine.filters import FacetMatch, Filters
from bridge.engine.rank import Match, Results
from bridge.formats.cards import resource_card
from bridge.formats.records import card_markdown, render
from bridge.formats.results import (
    SEARCH_FORMATS,
    heading,
    render_results,
    results_json,
    results_markdown,
    results_table,
)
from bridge.model import Catalogue, Query, Reason

QUERY = Query(text="grooming", role="educator", regions=("the Philippines",))
FILTERS = Filters(role="educator", regions=("Philippines",))
NOTICE = "Also searched for close spellings: groming → grooming."


def matches(catalogue: Catalogue) -> tuple[Match, ...]:
    """Two ranked records with their reasons (points exact in binary, so JSON shows them as
    written); the second has no reasons of its own."""
    study = Match(
        catalogue.resource("grooming-study-ph"),
        0.8751234,
        (
            Reason("text", 0.5, "matches grooming"),
            Reason("region", 0.125, "region: Philippines"),
            Reason("role", 0.25, "for your role: Educator"),
        ),
        terms=("grooming",),
        facets=(FacetMatch("region", "Philippines", "Philippines", "exact"),),
    )
    event = Match(catalogue.resource("kenya-grooming-event"), 0.0, (), matches_words=False)
    return study, event


def results(catalogue: Catalogue, *, total: int = 5, matched: int = 1) -> Results:
    return Results(QUERY, FILTERS, total, matches(catalogue), (NOTICE,), matched)


@pytest.mark.parametrize(
    ("total", "matched", "said"),
    [
        (12, 12, "12 records match"),
        (1, 1, "1 record matches"),
        (0, 0, "0 records match"),
        (5, 1, "1 record matches your words, of 5 that pass the filters"),
        (7, 3, "3 records match your words, of 7 that pass the filters"),
        (7, 0, "0 records match your words, of 7 that pass the filters"),
    ],
)
def test_heading_counts_the_records_matching_the_words_else_the_filters(
    total: int, matched: int, said: str
) -> None:
    """With words that not every record holds, the heading counts those that hold them, of
    those that pass the filters; otherwise those that pass the filters."""
    assert heading(Results(Query(), Filters(), total, (), (), matched)) == said


def test_matched_defaults_to_total() -> None:
    """Results built without `matched` (no words) count every record that passed."""
    assert heading(Results(Query(), Filters(), 4, ())) == "4 records match"


def test_results_json_is_the_spec_document(literal_catalogue: Catalogue) -> None:
    """query (with its resolved filters), total, matched, results with the SPEC's fields
    (organisation by name, score to 6 places, why in parts), and notices."""
    document = json.loads(results_json(results(literal_catalogue), literal_catalogue))
    assert document == {
        "query": {
            "text": "grooming",
            "role": "educator",
            "harms": [],
            "regions": ["the Philippines"],
            "kinds": [],
            "year_from": None,
            "year_to": None,
            "strict_role": False,
            "evidence": [],
            "resolved": {
                "role": "educator",
                "strict_role": False,
                "harms": [],
                "regions": ["Philippines"],
                "kinds": [],
                "year_from": None,
                "year_to": None,
                "evidence": [],
            },
        },
        "total": 5,
        "matched": 1,
        "results": [
            {
                "rank": 1,
                "id": "grooming-study-ph",
                "kind": "research",
                "title": "A Study of Online Grooming in the Philippines",
                "organisation": "Safe Lab Test",
                "year": 2021,
                "url": "https://safelab.example.org/grooming",
                "roles": ["researcher", "educator"],
                "harms": ["grooming"],
                "regions": ["Philippines"],
                "score": 0.875123,
                "why": {
                    "summary": "matches grooming; region: Philippines; for your role: Educator",
                    "terms": ["grooming"],
                    "facets": [
                        {
                            "facet": "region",
                            "wanted": "Philippines",
                            "tagged": "Philippines",
                            "relation": "exact",
                        }
                    ],
                    "reasons": [
                        {"kind": "text", "points": 0.5, "text": "matches grooming"},
                        {"kind": "region", "points": 0.125, "text": "region: Philippines"},
                        {"kind": "role", "points": 0.25, "text": "for your role: Educator"},
                    ],
                },
            },
            {
                "rank": 2,
                "id": "kenya-grooming-event",
                "kind": "event",
                "title": "A Workshop on Grooming Prevention in Kenya",
                "organisation": "Helpline Network Test",
                "year": None,
                "url": "https://records.example.org/kenya-grooming-event",
                "roles": ["educator", "young-people"],
                "harms": ["grooming"],
                "regions": ["Kenya"],
                "score": 0.0,
                "why": {"summary": "newest first", "terms": [], "facets": [], "reasons": []},
            },
        ],
        "notices": [NOTICE],
    }


def test_results_json_is_one_indented_document_keeping_unicode(
    literal_catalogue: Catalogue,
) -> None:
    """Two-space indents, non-ASCII written as itself, one newline at the end."""
    text = results_json(results(literal_catalogue), literal_catalogue)
    assert text.startswith('{\n  "query": {\n    "text": "grooming",\n')
    assert text.endswith(
        '  "notices": [\n    "Also searched for close spellings: groming → grooming."\n  ]\n}\n'
    )


def test_results_json_of_no_matches(literal_catalogue: Catalogue) -> None:
    """Nothing passed: total and matched 0, no results, the notice kept."""
    empty = Results(Query(), Filters(), 0, (), ("No records pass these filters.",))
    document = json.loads(results_json(empty, literal_catalogue))
    assert {k: v for k, v in document.items() if k != "query"} == {
        "total": 0,
        "matched": 0,
        "results": [],
        "notices": ["No records pass these filters."],
    }


def test_results_table_lists_rank_score_title_facts_and_why(literal_catalogue: Catalogue) -> None:
    """The heading with how many are shown, each notice, then per record its rank, score,
    title, organisation · kind · year and why, wrapped to the width under the title."""
    table = results_table(results(literal_catalogue), literal_catalogue, width=60)
    assert table.splitlines() == [
        "1 record matches your words, of 5 that pass the filters; showing 2.",
        f"note: {NOTICE}",
        "",
        "  1. 0.875  A Study of Online Grooming in the Philippines",
        "           Safe Lab Test · research · 2021",
        "           why: matches grooming; region: Philippines; for",
        "                your role: Educator",
        "",
        "  2. 0.000  A Workshop on Grooming Prevention in Kenya",
        "           Helpline Network Test · event",
        "           why: newest first",
    ]
    assert table.endswith("\n")


def test_results_table_cuts_a_long_title_to_the_width(literal_catalogue: Catalogue) -> None:
    """A title longer than the width less 12 columns is cut to fit, ending in an ellipsis."""
    table = results_table(results(literal_catalogue), literal_catalogue, width=40)
    assert table.splitlines()[3] == "  1. 0.875  A Study of Online Grooming …"


def test_results_markdown_has_the_heading_notices_and_a_card_per_match(
    literal_catalogue: Catalogue,
) -> None:
    """A title, the heading with how many follow, each notice as a quote, then each match's
    card with why it ranks there."""
    found = results(literal_catalogue)
    cards = [card_markdown(resource_card(m, literal_catalogue), why=True) for m in found.matches]
    text = results_markdown(found, literal_catalogue)
    assert text == (
        "# Resources\n\n"
        "1 record matches your words, of 5 that pass the filters; the top 2.\n"
        f"\n> {NOTICE}\n"
        "\n" + "\n".join(cards)
    )
    assert [line for line in text.splitlines() if line.startswith(("## ", "- Why"))] == [
        "## [A Study of Online Grooming in the Philippines]"
        "(<https://safelab.example.org/grooming>)",
        "- Why: matches grooming; region: Philippines; for your role: Educator",
        "## [A Workshop on Grooming Prevention in Kenya]"
        "(<https://records.example.org/kenya-grooming-event>)",
        "- Why: newest first",
    ]


def test_results_markdown_escapes_a_notice(literal_catalogue: Catalogue) -> None:
    """A notice holding Markdown is shown as text."""
    found = Results(Query(), Filters(), 0, (), ("[click](javascript:x) *now*",))
    assert results_markdown(found, literal_catalogue) == (
        "# Resources\n\n0 records match; the top 0.\n"
        "\n> \\[click\\]\\(javascript:x\\) \\*now\\*\n"
        "\n"
    )


@pytest.mark.parametrize("fmt", ["csv", "bibtex", "ris"])
def test_record_formats_are_the_exports_of_the_matched_records(
    literal_catalogue: Catalogue, fmt: str
) -> None:
    """csv, bibtex and ris render the matched records, in rank order, as `bridge export` does."""
    found = results(literal_catalogue)
    records = [m.record for m in found.matches]
    assert render_results(fmt, found, literal_catalogue) == render(fmt, records, literal_catalogue)


def test_render_results_picks_the_renderer_of_each_format(literal_catalogue: Catalogue) -> None:
    """table, json and markdown are this module's renderers; every search format answers."""
    found = results(literal_catalogue)
    assert SEARCH_FORMATS == ("table", "json", "markdown", "csv", "bibtex", "ris")
    assert [
        render_results("table", found, literal_catalogue, width=60),
        render_results("json", found, literal_catalogue),
        render_results("markdown", found, literal_catalogue),
    ] == [
        results_table(found, literal_catalogue, width=60),
        results_json(found, literal_catalogue),
        results_markdown(found, literal_catalogue),
    ]
