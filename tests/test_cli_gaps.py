"""`bridge gaps`, and the curation side of `bridge validate` (--stats, near-duplicate warnings,
--strict): exit codes, stdout and stderr.

Every case runs in-process with click's runner (`invoke`); the console script itself is smoked
in test_cli_smoke.py. The done-when check (every cell of
`bridge gaps --format json` equals `bridge search` filtered to that cell) invokes search once
per cell, so it reads the catalogue through a cache to stay fast.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from literal import RESOURCES, Invoke, build_catalogue

from bridge.catalogue.reading import read_catalogue
from bridge.catalogue.stats import catalogue_stats
from bridge.engine.gaps import AXES, NOTE, gap_table
from bridge.engine.rank import Engine
from bridge.formats.gaps import gaps_csv, gaps_json, gaps_text
from bridge.model import Query

M49 = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
STATS_SECTIONS = [
    "Links and sources:",
    "By kind:",
    "By harm:",
    "By region:",
    "By evidence:",
    "By year:",
    "By sector:",
    "Resource fields most often empty:",
    "Organisation fields most often empty:",
]
COPIED = "asean-declaration-2019"


@pytest.fixture(scope="module")
def literal_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The literal catalogue, written once for the read-only tests of this module."""
    return build_catalogue(tmp_path_factory.mktemp("gaps") / "catalogue")


def cell(document: dict, row: str, column: str) -> tuple[int, int]:
    """(count, specific) of one cell of `gaps --format json`."""
    rows, columns = document["rows"], document["columns"]
    [found] = [c for c in document["cells"] if (c[rows], c[columns]) == (row, column)]
    return found["count"], found["specific"]


def gaps_document(invoke: Invoke, *args: str | Path) -> dict:
    result = invoke("gaps", "--format", "json", *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return json.loads(result.stdout)


# Formats and views


def test_gaps_table_is_the_default_format(literal_dir: Path, invoke: Invoke) -> None:
    """`bridge gaps` prints the text grid of harm x M49 region, exit 0, nothing on stderr."""
    result = invoke("gaps", "--catalogue", literal_dir)
    assert (result.exit_code, result.stderr) == (0, "")
    engine = Engine(read_catalogue(literal_dir).catalogue)
    assert result.stdout == gaps_text(gap_table(engine))
    lines = result.stdout.splitlines()
    assert lines[0].startswith("harm x region: 7 records pass the filters.")
    assert "the 38 cells with nothing specific" in lines[0]
    assert lines[2].split() == M49
    # csea: the Africa programme, the Kenya event and the Global toolkit in Africa; the
    # toolkit alone (not specific: a gap) in Americas, Europe and Oceania.
    assert lines[3].removeprefix("Online child sexual exploitation and abuse").split() == [
        "3", "(2)", "1", "·", "4", "(3)", "1", "·", "1", "·",
    ]  # fmt: skip


def test_gaps_json_is_one_document(literal_dir: Path, invoke: Invoke) -> None:
    """--format json: the view, axes, total, gaps, every cell and the note, as the library."""
    result = invoke("gaps", "--catalogue", literal_dir, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    engine = Engine(read_catalogue(literal_dir).catalogue)
    assert result.stdout == gaps_json(gap_table(engine))
    document = json.loads(result.stdout)
    assert (document["view"], document["total"], document["empty_cells"]) == ("harm-region", 7, 38)
    assert document["column_values"] == M49
    assert document["note"] == NOTE
    # csea x Africa: africa-helpline-programme, kenya-grooming-event and the Global toolkit;
    # only the first two are tagged inside Africa.
    assert cell(document, "csea", "Africa") == (3, 2)
    assert cell(document, "grooming", "Asia") == (1, 1)  # grooming-study-ph
    assert cell(document, "online-harms", "Asia") == (1, 1)  # asia-online-harms-news
    assert cell(document, "online-harms", "Europe") == (0, 0)


def test_gaps_csv_parses(literal_dir: Path, invoke: Invoke) -> None:
    """--format csv: a header and one row per cell, read back by csv.DictReader."""
    result = invoke("gaps", "--catalogue", literal_dir, "--format", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    engine = Engine(read_catalogue(literal_dir).catalogue)
    assert result.stdout_bytes.decode() == gaps_csv(gap_table(engine))  # CRLF rows, as written
    reader = csv.DictReader(io.StringIO(result.stdout, newline=""))
    rows = list(reader)
    assert reader.fieldnames == [
        "harm",
        "harm_label",
        "region",
        "region_label",
        "count",
        "specific",
    ]
    assert len(rows) == 45
    assert rows[0] == {
        "harm": "csea",
        "harm_label": "Online child sexual exploitation and abuse",
        "region": "Africa",
        "region_label": "Africa",
        "count": "3",
        "specific": "2",
    }


@pytest.mark.parametrize("view", AXES)
def test_each_view(literal_dir: Path, invoke: Invoke, view: str) -> None:
    """--view V gives that view's rows and columns, in every format."""
    document = gaps_document(invoke, "--catalogue", literal_dir, "--view", view)
    facets = {
        "harm-region": ("harm", "region", 9, 5),
        "harm-unicef": ("harm", "region", 9, 7),
        "role-harm": ("role", "harm", 11, 9),
        "kind-harm": ("kind", "harm", 8, 9),
    }[view]
    assert (
        document["rows"],
        document["columns"],
        len(document["row_values"]),
        len(document["column_values"]),
    ) == facets
    assert document["view"] == view
    assert len(document["cells"]) == facets[2] * facets[3]
    table = gap_table(Engine(read_catalogue(literal_dir).catalogue), axes=view)
    for fmt, render in (("table", gaps_text), ("csv", gaps_csv)):
        result = invoke("gaps", "--catalogue", literal_dir, "--view", view, "--format", fmt)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout_bytes.decode() == render(table)


def test_unicef_view_places_kenya_in_eastern_and_southern_africa(
    literal_dir: Path, invoke: Invoke
) -> None:
    """--view harm-unicef: the Kenya record counts in Eastern and Southern Africa only."""
    document = gaps_document(invoke, "--catalogue", literal_dir, "--view", "harm-unicef")
    grooming = {r: cell(document, "grooming", r) for r in document["column_values"]}
    assert grooming == {
        "East Asia and Pacific": (1, 1),  # grooming-study-ph (Philippines)
        "Eastern and Southern Africa": (2, 1),  # kenya-grooming-event; the Africa programme
        "West and Central Africa": (1, 0),  # africa-helpline-programme (csea, Africa)
        "Latin America and the Caribbean": (0, 0),
        "Middle East and North Africa": (1, 0),  # Africa meets it in North Africa
        "Europe and Central Asia": (0, 0),
        "South Asia": (0, 0),
    }


# Filters


def test_a_harm_filter_applies_to_every_cell(literal_dir: Path, invoke: Invoke) -> None:
    """--harm grooming keeps the two grooming records and the csea programme."""
    document = gaps_document(invoke, "--catalogue", literal_dir, "--harm", "grooming")
    assert document["total"] == 3
    assert cell(document, "grooming", "Africa") == (2, 1)
    assert cell(document, "grooming", "Asia") == (1, 1)
    assert cell(document, "csam", "Europe") == (0, 0)  # the Global toolkit is filtered out
    assert cell(document, "online-harms", "Asia") == (0, 0)


def test_a_region_filter_applies_to_every_cell(literal_dir: Path, invoke: Invoke) -> None:
    """--region Africa keeps the two African records and the Global toolkit."""
    document = gaps_document(invoke, "--catalogue", literal_dir, "--region", "Africa")
    assert document["total"] == 3
    assert cell(document, "csea", "Africa") == (3, 2)
    assert cell(document, "csea", "Asia") == (1, 0)  # only the Global toolkit is left in Asia
    assert cell(document, "grooming", "Asia") == (0, 0)  # the toolkit is on csam, not grooming


def test_several_filters_apply_together(literal_dir: Path, invoke: Invoke) -> None:
    """--harm grooming --region Asia --kind research: only grooming-study-ph is left."""
    document = gaps_document(
        invoke,
        "--catalogue",
        literal_dir,
        "--harm",
        "grooming",
        "--region",
        "Asia",
        "--kind",
        "research",
    )
    assert document["total"] == 1
    nonzero = [c for c in document["cells"] if c["count"]]
    assert nonzero == [
        {"harm": "csea", "region": "Asia", "count": 1, "specific": 1},
        {"harm": "grooming", "region": "Asia", "count": 1, "specific": 1},
    ]


def test_a_strict_role_filters_and_a_plain_role_does_not(literal_dir: Path, invoke: Invoke) -> None:
    """--role researcher alone changes nothing; with --strict-role only its records count."""
    plain = gaps_document(invoke, "--catalogue", literal_dir)
    assert gaps_document(invoke, "--catalogue", literal_dir, "--role", "researcher") == plain
    strict = gaps_document(
        invoke, "--catalogue", literal_dir, "--role", "researcher", "--strict-role"
    )
    assert strict["total"] == 2  # grooming-study-ph and sea-livestream-dataset


def test_unknown_view_is_a_usage_error(literal_dir: Path, invoke: Invoke) -> None:
    """--view bogus exits 2 and lists the views."""
    result = invoke("gaps", "--catalogue", literal_dir, "--view", "bogus")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--view': 'bogus' is not one of "
        "'harm-region', 'harm-unicef', 'role-harm', 'kind-harm'."
    )


def test_unknown_format_and_harm_are_usage_errors(literal_dir: Path, invoke: Invoke) -> None:
    """--format pdf and an unknown --harm exit 2; the harm error suggests the closest harm."""
    result = invoke("gaps", "--catalogue", literal_dir, "--format", "pdf")
    assert (result.exit_code, result.stdout) == (2, "")
    result = invoke("gaps", "--catalogue", literal_dir, "--harm", "groomng")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "Error: 'groomng' is not a known harm; did you mean 'grooming'?"
    )


# Done when: every cell agrees with `bridge search` filtered to it


@pytest.mark.parametrize("view", ["harm-region", "harm-unicef"])
def test_every_cell_equals_search_filtered_to_it(invoke: Invoke, view: str) -> None:
    """For every cell of `bridge gaps --format json` on the bundled catalogue,
    `bridge search --harm H --region R --format json --top 0` reports the same total."""
    document = gaps_document(invoke, "--view", view)
    assert document["total"] == len(read_catalogue(RESOURCES).catalogue.resources)
    mismatches = []
    for found in document["cells"]:
        harm, region = found["harm"], found["region"]
        result = invoke(
            "search", "--harm", harm, "--region", region, "--format", "json", "--top", "0"
        )
        assert result.exit_code == 0, result.output
        searched = json.loads(result.stdout)
        assert searched["results"] == []
        if searched["total"] != found["count"]:
            mismatches.append((harm, region, found["count"], searched["total"]))
    assert mismatches == []
    assert len(document["cells"]) == 9 * len(document["column_values"])


def test_a_cell_agrees_with_search_and_the_library(invoke: Invoke) -> None:
    """`bridge gaps --format json` and `bridge search` for one cell agree, and the cell is
    the library's count."""
    count, _ = cell(gaps_document(invoke), "grooming", "Asia")
    searched = invoke(
        "search", "--harm", "grooming", "--region", "Asia", "--format", "json", "--top", "0"
    )
    assert (searched.exit_code, searched.stderr) == (0, "")
    assert json.loads(searched.stdout)["total"] == count
    engine = Engine(read_catalogue(RESOURCES).catalogue)
    assert count == engine.search(Query(harms=["grooming"], regions=["Asia"]), top=0).total > 0


# validate --stats


def test_validate_stats_prints_the_summary(literal_dir: Path, invoke: Invoke) -> None:
    """validate --stats prints the curator's summary on stdout, its sections in order; exit 0."""
    result = invoke("validate", "--catalogue", literal_dir, "--stats")
    assert (result.exit_code, result.stderr) == (0, "ok: 7 resources, 3 organisations\n")
    assert result.stdout == catalogue_stats(read_catalogue(literal_dir).catalogue) + "\n"
    headings = [line for line in result.stdout.splitlines() if line.endswith(":")]
    assert headings == STATS_SECTIONS
    assert result.stdout.splitlines()[0] == "7 resources, 3 organisations"


def test_validate_without_stats_prints_no_summary(literal_dir: Path, invoke: Invoke) -> None:
    """Plain validate on a clean catalogue prints nothing on stdout."""
    result = invoke("validate", "--catalogue", literal_dir)
    assert (result.exit_code, result.stdout) == (0, "")


def test_validate_stats_of_the_bundled_catalogue(invoke: Invoke) -> None:
    """validate --stats on the bundled catalogue: every section, and its record counts."""
    result = invoke("validate", "--stats")
    assert result.exit_code == 0
    catalogue = read_catalogue(RESOURCES).catalogue
    counts = f"{len(catalogue.resources)} resources, {len(catalogue.organisations)} organisations"
    assert result.stdout.splitlines()[0] == counts
    assert [line for line in result.stdout.splitlines() if line.endswith(":")] == STATS_SECTIONS
    assert result.stderr == f"ok: {counts}\n"


# validate warns on near-duplicates


@pytest.fixture
def copied_catalogue(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the bundled catalogue with one record copied under a new id:
    (folder, the copy's file, the original's file)."""
    root = tmp_path / "catalogue"
    shutil.copytree(RESOURCES, root)
    original = root / "records" / f"{COPIED}.yaml"
    text = original.read_text(encoding="utf-8")
    assert text.startswith(f"id: {COPIED}\n")
    copy = root / "records" / f"{COPIED}-copy.yaml"
    text = text.replace(f"id: {COPIED}\n", f"id: {COPIED}-copy\n", 1)
    text = re.sub(r"^url: .*$", "url: https://copies.example.org/copy", text, count=1, flags=re.M)
    copy.write_text(text, encoding="utf-8")  # its own url: only the text is copied
    return root, copy, original


def test_validate_warns_on_a_copied_record_naming_both(
    copied_catalogue: tuple[Path, Path, Path], invoke: Invoke
) -> None:
    """A record copied under a new id: validate exits 0 and warns, naming both ids and files."""
    root, copy, original = copied_catalogue
    catalogue = read_catalogue(root).catalogue
    counts = f"{len(catalogue.resources)} resources, {len(catalogue.organisations)} organisations"
    result = invoke("validate", "--catalogue", root)
    assert result.exit_code == 0
    assert result.stdout == (
        f"warning: {copy}: records '{COPIED}-copy' and '{COPIED}' ({original}) "
        "are 100% similar; is one a copy?\n"
    )
    assert result.stderr == f"ok: {counts} (1 warning)\n"


def test_validate_strict_fails_on_a_copied_record(
    copied_catalogue: tuple[Path, Path, Path], invoke: Invoke
) -> None:
    """With --strict the same warning makes validate exit 1."""
    root, copy, original = copied_catalogue
    catalogue = read_catalogue(root).catalogue
    counts = f"{len(catalogue.resources)} resources, {len(catalogue.organisations)} organisations"
    result = invoke("validate", "--catalogue", root, "--strict")
    assert result.exit_code == 1
    assert result.stdout == (
        f"warning: {copy}: records '{COPIED}-copy' and '{COPIED}' ({original}) "
        "are 100% similar; is one a copy?\n"
    )
    assert result.stderr == f"0 problems, 1 warning; {counts} valid\n"


def test_validate_strict_passes_a_clean_catalogue(literal_dir: Path, invoke: Invoke) -> None:
    """--strict on a catalogue with no near-duplicates exits 0, as plain validate does."""
    result = invoke("validate", "--catalogue", literal_dir, "--strict")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "ok: 7 resources, 3 organisations\n",
    )


def test_validate_stats_and_warning_together(
    copied_catalogue: tuple[Path, Path, Path], invoke: Invoke
) -> None:
    """--stats with a near-duplicate: the warning first, then the summary counting the copy."""
    root, copy, _ = copied_catalogue
    result = invoke("validate", "--catalogue", root, "--stats")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"warning: {copy}: records '{COPIED}-copy' and '{COPIED}'")
    catalogue = read_catalogue(root).catalogue
    assert lines[1] == (
        f"{len(catalogue.resources)} resources, {len(catalogue.organisations)} organisations"
    )
    assert [line for line in lines if line.endswith(":")] == STATS_SECTIONS


# A taxonomy without the evidence map's column sets


@pytest.fixture
def schemeless_catalogue(tmp_path: Path) -> Path:
    """The literal catalogue whose regions.yaml has no `schemes:` (the loader allows that)."""
    root = build_catalogue(tmp_path / "catalogue")
    regions = root / "taxonomy" / "regions.yaml"
    text = regions.read_text(encoding="utf-8")
    regions.write_text(text[: text.index("\nschemes:")] + "\n", encoding="utf-8")
    assert "schemes:" not in regions.read_text(encoding="utf-8")
    return root


def test_a_taxonomy_without_schemes_still_validates(
    schemeless_catalogue: Path, invoke: Invoke
) -> None:
    """regions.yaml without `schemes:` is a valid taxonomy to `bridge validate` (exit 0)."""
    result = invoke("validate", "--catalogue", schemeless_catalogue)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "ok: 7 resources, 3 organisations\n",
    )


def test_gaps_on_a_taxonomy_without_schemes_uses_the_continents(
    schemeless_catalogue: Path, invoke: Invoke
) -> None:
    """Without `schemes:` the harm x region view has the five M49 regions as columns, in the
    order of m49.csv, and counts as it does with them."""
    document = gaps_document(invoke, "--catalogue", schemeless_catalogue)
    assert document["column_values"] == ["Asia", "Europe", "Africa", "Oceania", "Americas"]
    assert (document["total"], document["empty_cells"]) == (7, 38)
    assert cell(document, "csea", "Africa") == (3, 2)


def test_the_unicef_view_on_a_taxonomy_without_schemes_says_what_to_add(
    schemeless_catalogue: Path, invoke: Invoke
) -> None:
    """--view harm-unicef without the column set: exit 1 and a message naming the fix."""
    result = invoke("gaps", "--catalogue", schemeless_catalogue, "--view", "harm-unicef")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "Error: the taxonomy names no 'unicef' regions: add `unicef:` under `schemes:` in "
        "regions.yaml\n",
    )
