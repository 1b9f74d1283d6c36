"""bridge/importing.py and `bridge import`: spreadsheet rows become the same records, or nothing."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from literal import (
    ALL_IDS,
    CSV_HEADER_FIELDS,
    RESOURCES,
    SUMMARY,
    Invoke,
    record_text,
    write_file,
)

from bridge.catalogue.importing import import_table
from bridge.catalogue.reading import read_catalogue
from bridge.errors import CatalogueError, Problem
from bridge.formats.records import to_csv
from bridge.model import Catalogue, Citation, Resource

FORMULA_TITLES = {
    "formula-equals": '"=SUM(A1:A2) as a title"',
    "formula-plus": '"+1 more title"',
    "formula-minus": '"-5% fewer reports"',
    "formula-at": '"@handle in a title"',
    "formula-fullwidth": '"＝1+1 full-width"',
}


def add_formula_records(catalogue_dir: Path) -> None:
    """Records whose title (and an outcome) a spreadsheet would read as a formula."""
    extra = 'outcomes:\n  - "=2+2 outcome"\n  - "one; two"\n'
    for record_id, title in FORMULA_TITLES.items():
        text = record_text(record_id, title=title, extra=extra)
        write_file(catalogue_dir / "records" / f"{record_id}.yaml", text)


def imported_catalogue(catalogue_dir: Path, imported: Path, root: Path) -> Catalogue:
    """A catalogue of the taxonomy, the organisations and the imported folder only."""
    shutil.copytree(catalogue_dir / "taxonomy", root / "taxonomy")
    shutil.copytree(catalogue_dir / "organisations", root / "organisations")
    shutil.copytree(imported, root / "records")
    report = read_catalogue(root)
    assert report.problems == ()
    return report.catalogue


def csv_table(path: Path, *rows: dict[str, str]) -> Path:
    """A CSV import table with the usual columns and one line per row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_HEADER_FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    return write_file(path, out.getvalue())


def row(record_id: str, **cells: str) -> dict[str, str]:
    """A valid import row, with `cells` replaced."""
    return {
        "id": record_id,
        "kind": "toolkit",
        "title": f"Imported record {record_id}",
        "organisation": "tech-alliance",
        "summary": SUMMARY,
        "roles": "trust-safety; researcher",
        "harms": "csam",
        "regions": "Viet Nam; UK",
        "source": "Synthetic test fixture",
        "year": "2020",
        "url": f"https://records.example.org/{record_id}",
        "sources": json.dumps(
            [
                {
                    "url": "https://sources.example.org/sheet",
                    "title": "A page",
                    "accessed": "2026-12-01",
                }
            ]
        ),
    } | cells


def test_import_table_gives_records(literal_catalogue: Catalogue, tmp_path: Path) -> None:
    """Rows become Resources with lists split and tags resolved."""
    table = csv_table(
        tmp_path / "t.csv", row("a"), row("b", regions='["Moldova (the Republic of)"]')
    )
    resources = import_table(table, literal_catalogue)
    assert [(r.id, r.roles, r.regions, r.year, r.origin) for r in resources] == [
        ("a", ("trust-safety", "researcher"), ("Vietnam", "United Kingdom"), 2020, ""),
        ("b", ("trust-safety", "researcher"), ("Moldova",), 2020, ""),
    ]


def test_import_restores_neutralised_cells(literal_catalogue: Catalogue, tmp_path: Path) -> None:
    """A cell exported as '=... imports as =... again."""
    table = csv_table(tmp_path / "t.csv", row("a", title="'=1+1 title", outcomes="'-3 cases; x"))
    (record,) = import_table(table, literal_catalogue)
    assert (record.title, record.outcomes) == ("=1+1 title", ("-3 cases", "x"))


def test_library_round_trip(catalogue_dir: Path, tmp_path: Path) -> None:
    """to_csv then import_table gives equal records, formula-looking titles included."""
    add_formula_records(catalogue_dir)
    catalogue = read_catalogue(catalogue_dir).catalogue
    table = write_file(tmp_path / "export.csv", to_csv(catalogue.resources))
    assert import_table(table, catalogue) == catalogue.resources


def test_every_shipped_record_round_trips_through_csv(tmp_path: Path) -> None:
    """The bundled catalogue exported as CSV imports back to equal records, every one."""
    catalogue = read_catalogue(RESOURCES).catalogue
    table = write_file(tmp_path / "export.csv", to_csv(catalogue.resources))
    assert import_table(table, catalogue) == catalogue.resources
    assert len(catalogue.resources) > 300


def test_cli_export_then_import_gives_identical_records(
    catalogue_dir: Path, tmp_path: Path, invoke: Invoke
) -> None:
    """`bridge export --format csv` then `bridge import` writes YAML that loads to equal records."""
    add_formula_records(catalogue_dir)
    original = read_catalogue(catalogue_dir).catalogue
    assert original.resource("formula-equals").title == "=SUM(A1:A2) as a title"
    exported = invoke("export", "--catalogue", catalogue_dir, "--format", "csv")
    assert (exported.exit_code, exported.stderr) == (0, "")
    table = write_file(tmp_path / "export.csv", exported.stdout)
    out = tmp_path / "imported"
    result = invoke("import", table, "--out", out, "--catalogue", catalogue_dir)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{r.id}.yaml" for r in original.resources
    )
    rebuilt = imported_catalogue(catalogue_dir, out, tmp_path / "rebuilt")
    assert rebuilt.resources == original.resources


def test_round_trip_of_a_title_starting_with_an_apostrophe(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    """A title that itself starts with ' and = comes back unchanged from export and import."""
    write_file(
        catalogue_dir / "records" / "quoted.yaml", record_text("quoted", title="\"'=x' in quotes\"")
    )
    catalogue = read_catalogue(catalogue_dir).catalogue
    table = write_file(tmp_path / "export.csv", to_csv(catalogue.resources))
    assert import_table(table, catalogue) == catalogue.resources


field_text = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=3, max_size=40)
    .map(str.strip)
    .filter(lambda s: len(s) >= 3)
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=field_text, source=field_text, outcomes=st.lists(field_text, max_size=3))
def test_any_text_survives_csv_export_and_import(
    literal_catalogue: Catalogue, tmp_path: Path, title: str, source: str, outcomes: list[str]
) -> None:
    """Any title, source and outcomes come back unchanged through to_csv and import_table."""
    record = Resource(
        "x", "research", title, SUMMARY, "safe-lab", sources=(Citation(source),),
        outcomes=tuple(outcomes), roles=("researcher",), harms=("grooming",), regions=("Kenya",),
    )  # fmt: skip
    table = write_file(tmp_path / "t.csv", to_csv([record]))
    assert import_table(table, literal_catalogue) == (record,)


def test_invalid_last_row_writes_nothing(
    catalogue_dir: Path, tmp_path: Path, invoke: Invoke
) -> None:
    """One bad row, the last, stops the import: no output folder, no temporary folder left."""
    parent = tmp_path / "work"
    parent.mkdir()
    table = csv_table(tmp_path / "new.csv", row("a"), row("b"), row("c", harms="groomng"))
    out = parent / "records"
    result = invoke("import", table, "--out", out, "--catalogue", catalogue_dir)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{table}:4: harms[0]: 'groomng' is not a known harm; did you mean 'grooming'?"
    ]
    assert list(parent.iterdir()) == []


def test_every_bad_row_is_named(literal_catalogue: Catalogue, tmp_path: Path) -> None:
    """All bad rows are reported at once, each by spreadsheet row and column."""
    table = csv_table(
        tmp_path / "t.csv",
        row("a", regions="Narnia"),
        row("b"),
        row("c", summary="too short", organisation="nobody"),
        row("d", roles="astronaut"),
    )
    with pytest.raises(CatalogueError) as caught:
        import_table(table, literal_catalogue)
    assert [(p.line, p.field) for p in caught.value.problems] == [
        (2, "regions[0]"),
        (4, "organisation"),
        (4, "summary"),
        (5, "roles[0]"),
    ]


def test_row_naming_an_unknown_organisation(literal_catalogue: Catalogue, tmp_path: Path) -> None:
    """A row whose organisation is not in the catalogue is refused by row and column."""
    table = csv_table(tmp_path / "t.csv", row("a", organisation="nobody"))
    with pytest.raises(CatalogueError) as caught:
        import_table(table, literal_catalogue)
    message = "'nobody' is not the id of a valid organisation record"
    assert caught.value.problems == (Problem(str(table), 2, "organisation", message),)


def test_duplicate_ids_in_the_table(literal_catalogue: Catalogue, tmp_path: Path) -> None:
    """Two rows with one id are both named."""
    table = csv_table(tmp_path / "t.csv", row("a"), row("a"))
    with pytest.raises(CatalogueError) as caught:
        import_table(table, literal_catalogue)
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "id"), (3, "id")]


def test_unknown_column_suggests(literal_catalogue: Catalogue, tmp_path: Path) -> None:
    """An unknown column gets a did-you-mean, on each row that fills it."""
    text = "id,kind,tittle,organisation,summary,roles,harms,regions,source\n"
    text += f'a,research,A title,safe-lab,"{SUMMARY}",researcher,grooming,Kenya,Synthetic\n'
    table = write_file(tmp_path / "t.csv", text)
    with pytest.raises(CatalogueError) as caught:
        import_table(table, literal_catalogue)
    assert caught.value.problems == (
        Problem(str(table), 2, "title", "'title' is required"),
        Problem(str(table), 2, "tittle", "unknown field 'tittle'; did you mean 'title'?"),
    )


def test_wrong_encoding_names_the_row(literal_catalogue: Catalogue, tmp_path: Path) -> None:
    """A table that is not UTF-8 is refused, naming the line of the first bad byte."""
    text = ",".join(CSV_HEADER_FIELDS) + "\n" + "a,research,Caf\xe9\n"
    table = write_file(tmp_path / "t.csv", text.encode("latin-1"))
    with pytest.raises(CatalogueError) as caught:
        import_table(table, literal_catalogue)
    (problem,) = caught.value.problems
    assert (problem.line, problem.message.startswith("not valid UTF-8")) == (2, True)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("t.csv", "id,kind\n", "the table has no rows"),
        ("t.xlsx", "id,kind\n", "the import file must be a .csv table"),
    ],
)
def test_unusable_table(
    literal_catalogue: Catalogue, tmp_path: Path, name: str, text: str, message: str
) -> None:
    """An empty table or a non-CSV file is one clear problem."""
    table = write_file(tmp_path / name, text)
    with pytest.raises(CatalogueError) as caught:
        import_table(table, literal_catalogue)
    assert caught.value.problems == (Problem(str(table), None, "", message),)


def test_import_onto_existing_files_refuses(
    catalogue_dir: Path, tmp_path: Path, invoke: Invoke
) -> None:
    """If any output file exists, nothing is written and the existing file is untouched."""
    out = tmp_path / "out"
    existing = write_file(out / "b.yaml", "# curated by hand\n")
    table = csv_table(tmp_path / "new.csv", row("a"), row("b"), row("c"))
    result = invoke("import", table, "--out", out, "--catalogue", catalogue_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{existing}: already exists; not overwritten"]
    assert [p.name for p in out.iterdir()] == ["b.yaml"]
    assert existing.read_text() == "# curated by hand\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_import_into_existing_empty_folder(
    catalogue_dir: Path, tmp_path: Path, invoke: Invoke
) -> None:
    """An existing folder without clashes receives the new files."""
    out = tmp_path / "out"
    out.mkdir()
    table = csv_table(tmp_path / "new.csv", row("a"), row("b"))
    result = invoke("import", table, "--out", out, "--catalogue", catalogue_dir)
    assert (result.exit_code, result.stderr) == (0, f"wrote 2 records to {out}\n")
    assert sorted(p.name for p in out.iterdir()) == ["a.yaml", "b.yaml"]


def test_imported_yaml_validates_in_place(
    catalogue_dir: Path, tmp_path: Path, invoke: Invoke
) -> None:
    """Imported YAML keeps YAML-special titles as text and passes `bridge validate` in place."""
    titles = ["null", "off", "2024-01-01"]
    table = csv_table(
        tmp_path / "new.csv", *(row(i, title=t) for i, t in zip("abc", titles, strict=True))
    )
    out = catalogue_dir / "imported"
    assert invoke("import", table, "--out", out, "--catalogue", catalogue_dir).exit_code == 0
    result = invoke("validate", "--catalogue", catalogue_dir)
    assert (result.exit_code, result.stdout) == (0, "")
    catalogue = read_catalogue(catalogue_dir).catalogue
    assert [r.title for r in catalogue.resources[:3]] == titles
    assert [r.id for r in catalogue.resources[3:]] == ALL_IDS
