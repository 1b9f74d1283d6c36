"""bridge/exports.py: every export format is safe to open and parses back to the same records."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import given, settings
from hypothesis import strategies as st
from literal import ALL_IDS, SUMMARY

from bridge.cells import FORMULA_TRIGGERS, neutralise_cell, restore_cell
from bridge.formats.markup import escape_markdown
from bridge.formats.records import (
    CSV_COLUMNS,
    EXPORT_FORMATS,
    render,
    resource_markdown,
    to_bibtex,
    to_csv,
    to_json,
    to_markdown,
    to_ris,
)
from bridge.model import (
    ORGANISATION_FIELDS,
    RESOURCE_FIELDS,
    Catalogue,
    Citation,
    Resource,
    record_dict,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_GOLDEN = os.environ.get("BRIDGE_UPDATE_GOLDEN") == "1"


def resource(**fields: object) -> Resource:
    """A synthetic resource of the literal catalogue's organisation, with `fields` replaced."""
    base = Resource(
        id="x",
        kind="research",
        title="A synthetic record",
        summary=SUMMARY,
        organisation="safe-lab",
        sources=(Citation("Synthetic test fixture"),),
        year=2021,
        roles=("researcher",),
        harms=("grooming",),
        regions=("Philippines",),
    )
    return dataclasses.replace(base, **fields)


# --- CSV ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        (" =1+1", "' =1+1"),
        ("\u00a0=1", "'\u00a0=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\uff0b1", "'\uff0b1"),
        ("'=1+1", "''=1+1"),
        ("plain text", "plain text"),
        ("'quoted' text", "'quoted' text"),
        ("a = b", "a = b"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell: str, safe: str) -> None:
    """Cells a spreadsheet would run get a leading apostrophe, and restore_cell undoes it."""
    assert neutralise_cell(cell) == safe
    assert restore_cell(safe) == cell


@settings(max_examples=300)
@given(st.text())
def test_neutralised_cells_never_start_a_formula(cell: str) -> None:
    """No neutralised cell starts (after spaces) with a formula trigger, however often applied."""
    once = neutralise_cell(cell)
    twice = neutralise_cell(once)
    assert [c.lstrip(" \u00a0")[:1] in FORMULA_TRIGGERS for c in (once, twice)] == [False, False]


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(["'", " ", "=", "+", "-", "@", "\t", "a", "\uff1d"])))
def test_restore_undoes_neutralise(cell: str) -> None:
    """restore_cell(neutralise_cell(s)) is s, apostrophes and formula signs included."""
    assert restore_cell(neutralise_cell(cell)) == cell


@settings(max_examples=300)
@given(st.text())
def test_restore_undoes_neutralise_on_any_text(cell: str) -> None:
    """restore_cell inverts neutralise_cell on arbitrary text."""
    assert restore_cell(neutralise_cell(cell)) == cell


def test_csv_export_neutralises_every_formula_cell(literal_catalogue: Catalogue) -> None:
    """Title, summary, source and list cells that look like formulas are prefixed."""
    record = resource(
        title='=HYPERLINK("http://x.example","click")',
        summary="+" + SUMMARY,
        sources=(Citation("@source"),),
        outcomes=("-5% reports", "second"),
    )
    rows = list(csv.DictReader(io.StringIO(to_csv([record]))))
    assert [(r["title"], r["summary"][:2], r["source"], r["outcomes"]) for r in rows] == [
        ('\'=HYPERLINK("http://x.example","click")', "'+", "'@source", "'-5% reports; second")
    ]


def test_csv_export_columns_and_lists(literal_catalogue: Catalogue) -> None:
    """The CSV has the record fields as columns (sources in words apart from cited pages);
    lists are '; '-joined, or JSON if they hold ';'."""
    record = resource(outcomes=("one; two", "three"), languages=("en", "tl"))
    (row,) = csv.DictReader(io.StringIO(to_csv([record])))
    assert tuple(row) == (*RESOURCE_FIELDS[:-1], "source", "sources")
    assert (row["languages"], row["outcomes"], row["url"], row["year"]) == (
        "en; tl",
        '["one; two", "three"]',
        "",
        "2021",
    )


def test_csv_of_the_literal_catalogue(literal_catalogue: Catalogue) -> None:
    """One row per record, in order."""
    rows = list(csv.DictReader(io.StringIO(to_csv(literal_catalogue.resources))))
    assert [r["id"] for r in rows] == ALL_IDS


# --- JSON --------------------------------------------------------------------------------


def test_json_has_every_field(literal_catalogue: Catalogue) -> None:
    """JSON export gives every field of every record and organisation, and no origin."""
    data = json.loads(to_json(literal_catalogue.resources, literal_catalogue.organisations))
    assert list(data) == ["records", "organisations"]
    assert [set(r) for r in data["records"]] == [set(RESOURCE_FIELDS)] * len(ALL_IDS)
    assert [set(o) for o in data["organisations"]] == [set(ORGANISATION_FIELDS)] * 3


def test_json_round_trips_records(literal_catalogue: Catalogue) -> None:
    """Each exported record rebuilds to an equal Resource."""
    data = json.loads(to_json(literal_catalogue.resources, ()))
    rebuilt = [
        Resource(
            **{k: tuple(v) if isinstance(v, list) else v for k, v in r.items()}
            | {"sources": tuple(Citation(**c) for c in r["sources"])}
        )
        for r in data["records"]
    ]
    assert rebuilt == list(literal_catalogue.resources)


def test_record_dict_of_organisation_with_people(literal_catalogue: Catalogue) -> None:
    """People appear with name, role and source."""
    people = record_dict(literal_catalogue.organisation("safe-lab"))["people"]
    assert people == (
        {
            "name": "Dr Test Person",
            "role": "Director of the imaginary lab",
            "source": "Synthetic test fixture",
        },
    )


# --- Markdown ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[x](javascript:alert(1))", r"\[x\]\(javascript:alert\(1\)\)"),
        ("![](http://x/p.png)", r"\!\[\]\(http://x/p.png\)"),
        ("<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
        ('<img src=x onerror="alert(1)">', r'\<img src=x onerror="alert\(1\)"\>'),
        ("*bold* _it_ `code` # h", r"\*bold\* \_it\_ \`code\` \# h"),
        ("two\n\nparagraphs", "two paragraphs"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_escape_markdown(text: str, escaped: str) -> None:
    """Link, image, HTML and emphasis syntax is escaped; whitespace folds to one line."""
    assert escape_markdown(text) == escaped


def test_markdown_record_cannot_render_markup(literal_catalogue: Catalogue) -> None:
    """Hostile text in any field of a record renders as text: no link, image or HTML."""
    hostile = "[x](javascript:alert(1)) ![](http://x/p.png) <script>alert(1)</script>"
    record = resource(
        title=hostile, summary=hostile, sources=(Citation(hostile),), outcomes=(hostile,), url=None
    )
    text = resource_markdown(record, literal_catalogue)
    for raw in ("[x]", "](", "![", "<script", "</script"):
        assert raw not in text.replace("\\" + raw[0], "")
    assert text.count(escape_markdown(hostile)) == 4


def test_markdown_links_only_the_validated_url(literal_catalogue: Catalogue) -> None:
    """The heading links the record's own url inside angle brackets."""
    text = resource_markdown(literal_catalogue.resource("grooming-study-ph"), literal_catalogue)
    assert text.splitlines()[0] == (
        "## [A Study of Online Grooming in the Philippines](<https://safelab.example.org/grooming>)"
    )


# --- BibTeX ------------------------------------------------------------------------------

NASTY_TITLE = "Braces } { unbalanced {x}} % comment # hash & amp _ $ ~ ^ \\ end"


def test_bibtex_with_specials_reparses(literal_catalogue: Catalogue) -> None:
    """Braces and LaTeX specials in fields are escaped: every entry re-parses, none fails."""
    records = [
        *literal_catalogue.resources,
        resource(title=NASTY_TITLE, sources=(Citation("50% {of} #1"),)),
    ]
    library = bibtexparser.parse_string(to_bibtex(records, literal_catalogue))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [r.id for r in records]


def test_bibtex_title_decodes_to_the_original(literal_catalogue: Catalogue) -> None:
    """The escaped title decodes back to the record's title (LaTeX renders ^ as a modifier)."""
    text = to_bibtex([resource(title=NASTY_TITLE)], literal_catalogue)
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.entries[0]["title"] == NASTY_TITLE.replace("^", "\u02c6")


def test_bibtex_entry_types(literal_catalogue: Catalogue) -> None:
    """Research is a techreport with its organisation as institution; other kinds are misc."""
    library = bibtexparser.parse_string(to_bibtex(literal_catalogue.resources, literal_catalogue))
    types = {e.key: e.entry_type for e in library.entries}
    assert types == {i: "techreport" if i == "grooming-study-ph" else "misc" for i in ALL_IDS}
    assert library.entries[4]["institution"] == "{Safe Lab Test}"


# --- RIS ---------------------------------------------------------------------------------


def test_ris_newlines_cannot_end_a_record(literal_catalogue: Catalogue) -> None:
    """A newline and 'ER  -' inside a title stay inside it: the record count is unchanged."""
    records = [
        resource(id="a", title="First line\nER  - \nTY  - JOUR\nTI  - injected"),
        resource(id="b", summary=SUMMARY + "\r\nER  -\r\n"),
        literal_catalogue.resource("csam-hash-toolkit"),
    ]
    parsed = rispy.loads(to_ris(records, literal_catalogue))
    assert [p["id"] for p in parsed] == ["a", "b", "csam-hash-toolkit"]
    assert parsed[0]["title"] == "First line ER - TY - JOUR TI - injected"


def test_ris_of_the_literal_catalogue_parses(literal_catalogue: Catalogue) -> None:
    """Each record is one RIS entry with its type, title, author and keywords."""
    parsed = rispy.loads(to_ris(literal_catalogue.resources, literal_catalogue))
    assert [p["id"] for p in parsed] == ALL_IDS
    first = parsed[3]
    assert (first["title"], first["authors"], first["keywords"]) == (
        "A Hash-Matching Toolkit {for} Platforms & Co",
        ["Tech Alliance Test"],
        ["csam", "trust-safety", "tech-industry", "Global"],
    )


def test_empty_exports(literal_catalogue: Catalogue) -> None:
    """No records: valid, empty documents in every format."""
    assert [render(fmt, (), literal_catalogue) for fmt in EXPORT_FORMATS] == [
        '{\n  "records": [],\n  "organisations": []\n}\n',
        ",".join(CSV_COLUMNS) + "\r\n",
        "# Resources\n\n0 records.\n\n",
        "",
        "",
    ]


def test_render_refuses_unknown_format(literal_catalogue: Catalogue) -> None:
    """An unknown format is a ValueError, not an empty export."""
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        render("pdf", (), literal_catalogue)


# --- Properties over hostile text -----------------------------------------------------

HOSTILE_PIECES = [*'{}\\%&$#_~^@"=,\n\r\t ', "ER  - ", "TY  - ", "@misc{", "}\n@comment{", "[x](y)"]
hostile_text = (
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=5),
            st.sampled_from(HOSTILE_PIECES),
        ),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .filter(lambda s: len(s.strip()) >= 3)
)


@settings(max_examples=150, deadline=None)
@given(title=hostile_text, source=hostile_text)
def test_bibtex_and_ris_reparse_any_text(
    literal_catalogue: Catalogue, title: str, source: str
) -> None:
    """Whatever a title or source holds, BibTeX and RIS parse back to the same entries."""
    records = [resource(title=title, sources=(Citation(source),)), resource(id="y", kind="toolkit")]
    library = bibtexparser.parse_string(to_bibtex(records, literal_catalogue))
    assert (library.failed_blocks, [e.key for e in library.entries]) == ([], ["x", "y"])
    assert [e["id"] for e in rispy.loads(to_ris(records, literal_catalogue))] == ["x", "y"]


@settings(max_examples=300)
@given(hostile_text)
def test_escaped_markdown_has_no_live_syntax(text: str) -> None:
    """After escape_markdown, every Markdown special character is preceded by a backslash."""
    live = re.sub(r"\\.", "", escape_markdown(text))
    assert set(live) & set("\\`*_{}[]<>()#+!|~") == set()


# --- Golden files ------------------------------------------------------------------------

RENDERERS = {
    "literal.md": lambda c: to_markdown(c.resources, c),
    "literal.bib": lambda c: to_bibtex(c.resources, c),
    "literal.ris": lambda c: to_ris(c.resources, c),
}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden_exports(literal_catalogue: Catalogue, name: str) -> None:
    """Markdown, BibTeX and RIS of the literal catalogue equal the golden files.

    Regenerate after a deliberate change with BRIDGE_UPDATE_GOLDEN=1 and review the diff.
    """
    text = RENDERERS[name](literal_catalogue)
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")
