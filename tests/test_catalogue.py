"""bridge/catalogue.py: read_catalogue keeps the good records and places every problem."""

from __future__ import annotations

import gc
import logging
from pathlib import Path

import pytest
from literal import (
    ALL_IDS,
    ORGANISATIONS,
    RESOURCE_RECORDS,
    RESOURCES,
    SUMMARY,
    jsonl_line,
    record_text,
    write_file,
)

from bridge.catalogue.location import catalogue_files, fingerprint
from bridge.catalogue.reading import load_catalogue, read_catalogue
from bridge.errors import CatalogueError, Problem
from bridge.model import Citation, Organisation, Person, Resource


def test_literal_catalogue_loads_whole(catalogue_dir: Path) -> None:
    """The literal catalogue loads with no problems, records in file order."""
    report = read_catalogue(catalogue_dir)
    assert report.problems == ()
    assert [r.id for r in report.catalogue.resources] == ALL_IDS
    assert [o.id for o in report.catalogue.organisations] == sorted(ORGANISATIONS)


def test_records_become_whole_values(literal_catalogue) -> None:
    """A YAML record becomes a frozen Resource with tuples and resolved tags."""
    assert literal_catalogue.resource("grooming-study-ph") == Resource(
        id="grooming-study-ph",
        kind="research",
        title="A Study of Online Grooming in the Philippines",
        summary=SUMMARY,
        organisation="safe-lab",
        sources=(
            Citation(
                "Synthetic test fixture",
                "https://sources.example.org/grooming-study-ph",
                "2026-12-01",
            ),
        ),
        url="https://safelab.example.org/grooming",
        year=2021,
        languages=("en", "tl"),
        roles=("researcher", "educator"),
        harms=("grooming",),
        regions=("Philippines",),
        pillar="research-data",
    )


def test_organisations_become_whole_values(literal_catalogue) -> None:
    """A YAML organisation becomes a frozen Organisation with its people."""
    assert literal_catalogue.organisation("safe-lab") == Organisation(
        id="safe-lab",
        name="Safe Lab Test",
        sector="academia",
        description="An imaginary research lab, made up for the tests.",
        sources=(
            Citation(
                "Synthetic test fixture", "https://sources.example.org/safe-lab", "2026-12-01"
            ),
        ),
        url="https://safelab.example.org",
        regions=("Philippines",),
        harms=("grooming",),
        people=(
            Person("Dr Test Person", "Director of the imaginary lab", "Synthetic test fixture"),
        ),
    )


def test_origin_names_the_file(catalogue_dir: Path) -> None:
    """Each record remembers the file it came from (not part of its value)."""
    catalogue = read_catalogue(catalogue_dir).catalogue
    origin = catalogue.resource("kenya-grooming-event").origin
    assert origin == str(catalogue_dir / "records" / "kenya-grooming-event.yaml")


def test_broken_record_beside_good_ones(catalogue_dir: Path) -> None:
    """A broken record is left out and reported; every good record still loads."""
    bad = write_file(catalogue_dir / "records" / "x.yaml", record_text("x", harms="[groomng]"))
    report = read_catalogue(catalogue_dir)
    assert [r.id for r in report.catalogue.resources] == ALL_IDS
    assert [(p.file, p.line, p.field) for p in report.problems] == [(str(bad), 8, "harms[0]")]


def test_id_must_match_file_name(catalogue_dir: Path) -> None:
    """A YAML record's id is its file name; a mismatch is placed on the id line."""
    path = write_file(catalogue_dir / "records" / "x.yaml", record_text("other-id"))
    message = "id 'other-id' does not match the file name 'x.yaml'"
    assert read_catalogue(catalogue_dir).problems == (Problem(str(path), 1, "id", message),)


def test_duplicate_id_across_files_names_both(catalogue_dir: Path) -> None:
    """Two files with one id are both reported, each naming the other; neither loads."""
    first = write_file(catalogue_dir / "records" / "twin.yaml", record_text("twin"))
    second = write_file(catalogue_dir / "more" / "twin.yaml", record_text("twin"))
    report = read_catalogue(catalogue_dir)
    assert report.problems == (
        Problem(str(second), 1, "id", f"duplicate id 'twin'; also in {first}:1"),
        Problem(str(first), 1, "id", f"duplicate id 'twin'; also in {second}:1"),
    )
    assert [r.id for r in report.catalogue.resources] == ALL_IDS


def test_organisation_reference_must_resolve(catalogue_dir: Path) -> None:
    """An organisation or partner id with no organisation record is placed on its line."""
    text = record_text("x", organisation="nobody", extra="partners: [safe-lab, ghost]\n")
    path = write_file(catalogue_dir / "records" / "x.yaml", text)
    message = "is not the id of a valid organisation record"
    assert read_catalogue(catalogue_dir).problems == (
        Problem(str(path), 4, "organisation", f"'nobody' {message}"),
        Problem(str(path), 11, "partners[1]", f"'ghost' {message}"),
    )


def test_records_of_a_broken_organisation_are_reported(catalogue_dir: Path) -> None:
    """When an organisation record fails, the records that name it say so too."""
    org = catalogue_dir / "organisations" / "safe-lab.yaml"
    org.write_text(ORGANISATIONS["safe-lab"].replace("sector: academia", "sector: nowhere"))
    report = read_catalogue(catalogue_dir)
    assert [(Path(p.file).name, p.field) for p in report.problems] == [
        ("safe-lab.yaml", "sector"),
        ("africa-helpline-programme.yaml", "partners[0]"),
        ("grooming-study-ph.yaml", "organisation"),
        ("sea-livestream-dataset.yaml", "organisation"),
    ]


@pytest.mark.parametrize(
    ("text", "kind"), [("- a\n- b\n", "list"), ("just a string\n", "str"), ("42\n", "int")]
)
def test_record_that_is_not_a_mapping(catalogue_dir: Path, text: str, kind: str) -> None:
    """A file holding a list, string or number is one placed problem."""
    path = write_file(catalogue_dir / "records" / "x.yaml", text)
    message = f"a record is a mapping of fields, not a {kind}"
    assert read_catalogue(catalogue_dir).problems == (Problem(str(path), 1, "", message),)


def test_two_problems_in_one_file_are_two_lines(catalogue_dir: Path) -> None:
    """Every problem of a file is reported in one run, each on its own line."""
    text = record_text("x", harms="[groomng]", regions="[Narnia]")
    path = write_file(catalogue_dir / "records" / "x.yaml", text)
    assert [str(p) for p in read_catalogue(catalogue_dir).problems] == [
        f"{path}:8: harms[0]: 'groomng' is not a known harm; did you mean 'grooming'?",
        f"{path}:9: regions[0]: 'Narnia' is not a known region",
    ]


def test_two_schema_problems_in_one_file(catalogue_dir: Path) -> None:
    """Several shape problems of one file all come out of one run."""
    text = record_text("x", summary="Too short.", source=None, extra="tittle: x\n")
    path = write_file(catalogue_dir / "records" / "x.yaml", text)
    assert [(p.file, p.line, p.field) for p in read_catalogue(catalogue_dir).problems] == [
        (str(path), 1, "sources"),
        (str(path), 6, "summary"),
        (str(path), 10, "tittle"),
    ]


@pytest.mark.parametrize(
    ("file_name", "text", "fields"),
    [
        (
            "x.yaml",
            record_text("x", harms="[groomng]", extra="tittle: x\n"),
            ["harms[0]", "tittle"],
        ),
        ("x.yaml", record_text("other", harms="[groomng]"), ["id", "harms[0]"]),
        (
            "x.yaml",
            record_text("x", harms="[groomng]", organisation="nobody"),
            ["organisation", "harms[0]"],
        ),
    ],
    ids=["schema+vocabulary", "file-name+vocabulary", "vocabulary+reference"],
)
def test_problems_of_different_stages_in_one_run(
    catalogue_dir: Path, file_name: str, text: str, fields: list[str]
) -> None:
    """A record with problems of different kinds reports all of them in one run."""
    write_file(catalogue_dir / "records" / file_name, text)
    assert [p.field for p in read_catalogue(catalogue_dir).problems] == fields


CSV_HEADER = "id,kind,title,organisation,summary,roles,harms,regions,source,year\n"


def csv_row(record_id: str, harms: str = "csam", regions: str = "Viet Nam; UK") -> str:
    """One CSV row: a valid resource with `;`-separated list cells."""
    return (
        f'{record_id},toolkit,A record from a CSV table,tech-alliance,"{SUMMARY}",'
        f'trust-safety;researcher,{harms},"{regions}",Synthetic test fixture,2020\n'
    )


def test_bulk_tables_load_like_yaml_records(catalogue_dir: Path) -> None:
    """.jsonl and .csv tables beside the YAML files give records like YAML ones."""
    write_file(catalogue_dir / "bulk" / "a.jsonl", jsonl_line("j1", year=2019) + "\n")
    rows = CSV_HEADER + csv_row("c1") + csv_row("c2", regions='["Moldova (the Republic of)"]')
    write_file(catalogue_dir / "bulk" / "b.csv", rows)
    report = read_catalogue(catalogue_dir)
    assert report.problems == ()
    catalogue = report.catalogue
    assert [r.id for r in catalogue.resources] == ["j1", "c1", "c2", *ALL_IDS]
    assert catalogue.resource("j1").year == 2019
    c1 = catalogue.resource("c1")
    assert (c1.roles, c1.harms, c1.regions, c1.year) == (
        ("trust-safety", "researcher"),
        ("csam",),
        ("Vietnam", "United Kingdom"),
        2020,
    )
    assert catalogue.resource("c2").regions == ("Moldova",)


def test_bad_table_rows_are_placed_by_row(catalogue_dir: Path) -> None:
    """A bad JSON line is placed on its line; a bad CSV row by its spreadsheet row (header 1)."""
    jsonl = write_file(
        catalogue_dir / "bulk" / "a.jsonl", jsonl_line("j1") + jsonl_line("j2", harms=["x-harm"])
    )
    table = write_file(
        catalogue_dir / "bulk" / "b.csv", CSV_HEADER + csv_row("c1") + csv_row("c2", "groomng")
    )
    report = read_catalogue(catalogue_dir)
    assert [(p.file, p.line, p.field) for p in report.problems] == [
        (str(jsonl), 2, "harms[0]"),
        (str(table), 3, "harms[0]"),
    ]
    assert [r.id for r in report.catalogue.resources] == ["j1", "c1", *ALL_IDS]


def test_table_row_missing_fields(catalogue_dir: Path) -> None:
    """A JSON line missing fields names each missing field on that line."""
    write_file(catalogue_dir / "t.jsonl", '{"id": "j1", "kind": "research"}\n')
    fields = [p.field for p in read_catalogue(catalogue_dir).problems]
    assert fields == ["title", "summary", "organisation", "roles", "harms", "regions", "sources"]


def test_table_id_clashing_with_yaml_names_both(catalogue_dir: Path) -> None:
    """A table row reusing a YAML record's id: both places are reported."""
    table = write_file(catalogue_dir / "t.jsonl", jsonl_line("kenya-grooming-event"))
    yaml_file = catalogue_dir / "records" / "kenya-grooming-event.yaml"
    assert [(p.file, p.line) for p in read_catalogue(catalogue_dir).problems] == [
        (str(yaml_file), 1),
        (str(table), 1),
    ]


def test_malformed_json_line_is_placed(catalogue_dir: Path) -> None:
    """A line that is not JSON is reported with its line number."""
    table = write_file(catalogue_dir / "t.jsonl", jsonl_line("j1") + "{not json\n")
    (problem,) = read_catalogue(catalogue_dir).problems
    assert (problem.file, problem.line) == (str(table), 2)
    assert problem.message.startswith("not valid JSON")


def test_malformed_json_line_keeps_the_other_rows(catalogue_dir: Path) -> None:
    """A malformed line in a table is one bad row: the other rows load, every bad line is named."""
    text = jsonl_line("j1") + "{not json\n" + jsonl_line("j3") + "[broken\n"
    write_file(catalogue_dir / "t.jsonl", text)
    report = read_catalogue(catalogue_dir)
    assert [p.line for p in report.problems] == [2, 4]
    assert [r.id for r in report.catalogue.resources] == [*ALL_IDS, "j1", "j3"]


def test_catalogue_files_skip_taxonomy_and_hidden(catalogue_dir: Path) -> None:
    """Record files exclude the taxonomy folder, hidden paths and other suffixes."""
    write_file(catalogue_dir / ".hidden" / "x.yaml", "id: x\n")
    write_file(catalogue_dir / "records" / ".draft.yaml", "id: x\n")
    write_file(catalogue_dir / "records" / "notes.txt", "text\n")
    names = [p.relative_to(catalogue_dir).as_posix() for p in catalogue_files(catalogue_dir)]
    expected = [f"organisations/{o}.yaml" for o in sorted(ORGANISATIONS)]
    expected += [f"records/{r}.yaml" for r in sorted(RESOURCE_RECORDS)]
    assert names == expected


def test_missing_folder_raises(tmp_path: Path) -> None:
    """A catalogue folder that does not exist is a CatalogueError naming it."""
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(tmp_path / "nowhere")
    assert caught.value.problems == (
        Problem(str(tmp_path / "nowhere"), None, "", "no such catalogue folder"),
    )


def test_load_catalogue_warns_and_serves_the_rest(
    catalogue_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """load_catalogue logs each problem as a warning and returns the valid records."""
    write_file(catalogue_dir / "records" / "x.yaml", record_text("x", harms="[groomng]"))
    with caplog.at_level(logging.WARNING, logger="bridge"):
        catalogue = load_catalogue(catalogue_dir)
    assert [r.id for r in catalogue.resources] == ALL_IDS
    assert [r.levelname for r in caplog.records] == ["WARNING", "WARNING"]
    assert "harms[0]: 'groomng' is not a known harm" in caplog.records[0].getMessage()


def test_fingerprint_changes_when_a_file_changes(catalogue_dir: Path) -> None:
    """The fingerprint is stable for an unchanged folder and changes with an added file."""
    before = fingerprint(catalogue_dir)
    assert fingerprint(catalogue_dir) == before
    write_file(catalogue_dir / "records" / "x.yaml", record_text("x"))
    assert fingerprint(catalogue_dir) != before


def test_fingerprint_follows_the_files_read_and_no_others(catalogue_dir: Path) -> None:
    """Link checks, the lock and a file being published leave it alone; a taxonomy edit and
    a published record change it."""
    before = fingerprint(catalogue_dir)
    write_file(catalogue_dir / "link-checks.json", "{}")
    write_file(catalogue_dir / ".bridge.lock", "")
    write_file(catalogue_dir / "records" / "y.yaml", record_text("y"))
    write_file(catalogue_dir / ".bridge-pending.json", '{"files": ["records/y.yaml"]}')
    assert fingerprint(catalogue_dir) == before
    (catalogue_dir / ".bridge-pending.json").unlink()
    published = fingerprint(catalogue_dir)
    assert published != before
    harms = catalogue_dir / "taxonomy" / "harms.yaml"
    harms.write_text(harms.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fingerprint(catalogue_dir) not in (before, published)


def test_every_record_with_an_unknown_tag_is_reported_though_its_list_repeats(
    catalogue_dir: Path,
) -> None:
    """Lists of tags resolved once are looked up for the next record; an unknown tag is
    reported for every record that writes it, on its own line."""
    for name in ("x", "y"):
        text = record_text(name, roles="[researcher, astronaut]", harms="[grooming]")
        write_file(catalogue_dir / "records" / f"{name}.yaml", text)
        write_file(catalogue_dir / "records" / f"{name}-ok.yaml", record_text(f"{name}-ok"))
    report = read_catalogue(catalogue_dir)
    assert [(Path(p.file).name, p.line, p.field) for p in report.problems] == [
        ("x.yaml", 7, "roles[1]"),
        ("y.yaml", 7, "roles[1]"),
    ]
    assert {"x-ok", "y-ok"} <= {r.id for r in report.catalogue.resources}


def test_reading_leaves_the_garbage_collector_running() -> None:
    """The collector pauses while the records are read, and runs again after."""
    assert gc.isenabled()
    read_catalogue(RESOURCES)
    assert gc.isenabled()
