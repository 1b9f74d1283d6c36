"""References from Zotero exports (RIS, BibTeX, CSL-JSON, as Zotero writes them), and the
placed problems of files that cannot be read."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bridge.errors import Problem, ProblemsFound
from bridge.web.references import Reference, read_references, reference_format

FOLDER = Path(__file__).parent / "data" / "references"
ABSTRACT = (
    "An imaginary abstract written for the bridge tests. It describes an imagined survey of 800 "
    "children in Kenya about grooming and sextortion on gaming platforms, and what parents and "
    "teachers can do."
)
RIS = (
    Reference(
        file="zotero-two.ris",
        line=1,
        reference_type="JOUR",
        title="Online grooming of children on gaming platforms in Kenya: an imaginary survey",
        year=2023,
        authors=("Example, Ada", "Sample, Ben"),
        abstract=ABSTRACT,
        url="https://journal.example.org/articles/online-grooming-gaming-kenya",
        doi="10.5555/imaginary.2023.001",
        language="en",
        container="Journal of Imaginary Child Safety Research",
        keywords=("grooming", "online games", "Kenya"),
    ),
    Reference(
        file="zotero-two.ris",
        line=24,
        reference_type="RPRT",
        title="Child sexual abuse material on file-sharing services in Southeast Asia",
        year=2022,
        authors=("Tech Alliance Test",),
        abstract="An imaginary report abstract for the bridge tests: how imaginary hotline "
        "analysts in the Philippines and Viet Nam classify CSAM, and how platforms remove it.",
        url="https://techalliance.example.org/reports/csam-file-sharing",
        container="Tech Alliance Test",
    ),
)


def read(name: str) -> tuple[Reference, ...]:
    return read_references((FOLDER / name).read_bytes(), name)


def test_a_zotero_ris_export_gives_each_reference_with_its_line() -> None:
    """Zotero's RIS: a byte-order mark, CRLF line ends, repeated AU, KW and UR tags."""
    assert read("zotero-two.ris") == RIS


@pytest.mark.parametrize(
    ("name", "lines", "types", "keywords"),
    [
        (
            "zotero.bib",
            (2, 21),
            ("article", "techreport"),
            (("grooming", "Kenya", "online games"), ()),
        ),
        ("zotero.csl.json", (1, 2), ("article-journal", "report"), ((), ())),
    ],
)
def test_bibtex_and_csl_json_give_the_same_references(
    name: str, lines: tuple[int, int], types: tuple[str, str], keywords: tuple[tuple[str, ...], ...]
) -> None:
    """The same two references: the same fields, LaTeX braces gone, names as written."""
    expected = tuple(
        replace(r, file=name, line=line, reference_type=kind, keywords=words)
        for r, line, kind, words in zip(RIS, lines, types, keywords, strict=True)
    )
    assert read(name) == expected


@pytest.mark.parametrize(
    ("name", "raw", "problem"),
    [
        (
            "notes.txt",
            b"just notes",
            (None, "not a RIS, BibTeX or CSL-JSON file (by its name or its start)"),
        ),
        (
            "latin.ris",
            b"TY  - JOUR\nTI  - Caf\xe9\nER  - \n",
            (2, "not UTF-8 text; export it as UTF-8"),
        ),
        ("empty.ris", b"\n\n", (None, "no references found in this ris file")),
        (
            "broken.bib",
            b"@article{ok, title={Fine}}\n\n@article{broken\n  title = {x},\n}\n",
            (3, "this BibTeX entry cannot be read"),
        ),
        ("broken.json", b'[{"title": "x"},\n {"title": }]', (2, "not valid JSON: Expecting value")),
        ("shape.json", b'{"title": "not a list"}', (None, "CSL-JSON is a list of items")),
        ("items.json", b'[{"title": "x"}, "y"]', (None, "item 2 is not a mapping of fields")),
        (
            "big.ris",
            b"TY  - JOUR\n" + b"x" * 5_000_001,
            (None, "the file is 5,000,012 bytes; the limit is 5,000,000"),
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_a_placed_problem(
    name: str, raw: bytes, problem: tuple[int | None, str]
) -> None:
    with pytest.raises(ProblemsFound) as found:
        read_references(raw, name)
    assert found.value.problems == (Problem(name, problem[0], "", problem[1]),)


def test_the_format_is_read_from_the_start_when_the_name_does_not_say() -> None:
    assert [
        reference_format("export", raw)
        for raw in (b"\xef\xbb\xbfTY  - JOUR", b"  @article{", b"[{}]")
    ] == ["ris", "bibtex", "csl-json"]
