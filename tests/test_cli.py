"""bridge/cli: exit codes, stdout and stderr of `bridge validate` and `bridge export`, through
click's in-process runner (`invoke`); the installed console script is smoked once per command
in test_cli_smoke.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
from click.testing import CliRunner
from literal import ALL_IDS, ORGANISATIONS, Invoke, build_catalogue, record_text, write_file

from bridge.cli import main


def test_validate_clean_catalogue(catalogue_dir: Path, invoke: Invoke) -> None:
    """validate on the literal catalogue exits 0, prints nothing on stdout and a count on stderr."""
    result = invoke("validate", "--catalogue", catalogue_dir)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "ok: 7 resources, 3 organisations\n",
    )


def test_validate_reports_every_problem_and_exits_1(catalogue_dir: Path, invoke: Invoke) -> None:
    """validate prints `path:line: field: message` for each problem and exits 1."""
    two = write_file(
        catalogue_dir / "records" / "two.yaml",
        record_text("two", harms="[groomng]", regions="[Narnia]"),
    )
    bad = write_file(catalogue_dir / "records" / "bad.yaml", b"id: bad\nid: again\n")
    result = invoke("validate", "--catalogue", catalogue_dir)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}:2: duplicate key 'id' (first on line 1)",
        f"{two}:8: harms[0]: 'groomng' is not a known harm; did you mean 'grooming'?",
        f"{two}:9: regions[0]: 'Narnia' is not a known region",
    ]
    assert result.stderr.startswith("3 problems")
    assert result.stderr.endswith("; 7 resources, 3 organisations valid\n")


def test_validate_broken_taxonomy_exits_1(catalogue_dir: Path, invoke: Invoke) -> None:
    """A broken taxonomy is invalid data: exit 1 with the problem on stderr, no traceback."""
    kinds = catalogue_dir / "taxonomy" / "kinds.yaml"
    kinds.write_text(kinds.read_text().replace("  - id: news", "  - id: newsletter"))
    result = invoke("validate", "--catalogue", catalogue_dir)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{kinds}:1: concepts: the fixed id 'news' is missing\n"


def test_missing_catalogue_folder_exits_1(tmp_path: Path, invoke: Invoke) -> None:
    """A catalogue folder that does not exist is named, exit 1."""
    result = invoke("validate", "--catalogue", tmp_path / "nowhere")
    assert (result.exit_code, result.stderr) == (
        1,
        f"{tmp_path / 'nowhere'}: no such catalogue folder\n",
    )


def test_unknown_harm_is_a_usage_error(catalogue_dir: Path, invoke: Invoke) -> None:
    """An unknown --harm exits 2 with the closest harm suggested."""
    result = invoke("export", "--catalogue", catalogue_dir, "--harm", "groomng")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "Error: 'groomng' is not a known harm; did you mean 'grooming'?"
    )


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--format", "pdf"],
            "Error: Invalid value for '--format': 'pdf' is not one of 'json', 'csv', "
            "'markdown', 'bibtex', 'ris'.",
        ),
        (
            ["--year-from", "soon"],
            "Error: Invalid value for '--year-from': 'soon' is not a valid integer.",
        ),
        (["--nonsense"], "Error: No such option '--nonsense'."),
    ],
    ids=["format", "year", "option"],
)
def test_bad_options_are_usage_errors(
    catalogue_dir: Path, invoke: Invoke, args: list[str], error: str
) -> None:
    """An unknown format, a non-number year or an unknown option exits 2, saying which."""
    result = invoke("export", "--catalogue", catalogue_dir, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-2:] == ["", error]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, str]]:
    """`bridge export --format F` of the literal catalogue for every format: exit code,
    stdout and stderr."""
    root = build_catalogue(tmp_path_factory.mktemp("cli") / "catalogue")
    runs = {
        fmt: CliRunner().invoke(main, ["export", "--catalogue", str(root), "--format", fmt])
        for fmt in ("json", "csv", "markdown", "bibtex", "ris")
    }
    return {fmt: (run.exit_code, run.stdout, run.stderr) for fmt, run in runs.items()}


def test_export_json(exported: dict[str, tuple[int, str, str]]) -> None:
    """export --format json is one JSON document with every record and organisation."""
    exit_code, stdout, stderr = exported["json"]
    assert (exit_code, stderr) == (0, "")
    data = json.loads(stdout)
    assert [r["id"] for r in data["records"]] == ALL_IDS
    assert [o["id"] for o in data["organisations"]] == sorted(ORGANISATIONS)


def test_export_csv(exported: dict[str, tuple[int, str, str]]) -> None:
    """export --format csv is a table with one row per record."""
    exit_code, stdout, stderr = exported["csv"]
    assert (exit_code, stderr) == (0, "")
    assert [r["id"] for r in csv.DictReader(io.StringIO(stdout))] == ALL_IDS


def test_export_markdown(exported: dict[str, tuple[int, str, str]]) -> None:
    """export --format markdown has a title, a count and a heading per record."""
    exit_code, stdout, stderr = exported["markdown"]
    assert (exit_code, stderr) == (0, "")
    headings = [line for line in stdout.splitlines() if line.startswith("## ")]
    assert (stdout.splitlines()[:3], len(headings)) == (["# Resources", "", "7 records."], 7)


def test_export_bibtex(exported: dict[str, tuple[int, str, str]]) -> None:
    """export --format bibtex re-parses to one entry per record."""
    exit_code, stdout, stderr = exported["bibtex"]
    assert (exit_code, stderr) == (0, "")
    library = bibtexparser.parse_string(stdout)
    assert (library.failed_blocks, [e.key for e in library.entries]) == ([], ALL_IDS)


def test_export_ris(exported: dict[str, tuple[int, str, str]]) -> None:
    """export --format ris parses to one entry per record."""
    exit_code, stdout, stderr = exported["ris"]
    assert (exit_code, stderr) == (0, "")
    assert [e["id"] for e in rispy.loads(stdout)] == ALL_IDS


def test_export_ris_with_filters(catalogue_dir: Path, invoke: Invoke) -> None:
    """export --format ris with repeated filters parses to the filtered records."""
    result = invoke(
        "export", "--catalogue", catalogue_dir, "--format", "ris",
        "--region", "Philippines", "--harm", "grooming", "--harm", "livestreaming",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert [e["id"] for e in rispy.loads(result.stdout)] == [
        "grooming-study-ph",
        "sea-livestream-dataset",
    ]


def test_export_with_role_orders_its_audience_first(catalogue_dir: Path, invoke: Invoke) -> None:
    """--role puts its audience first; with --strict-role only its audience; organisations used."""
    loose = invoke("export", "--catalogue", catalogue_dir, "--role", "educator")
    strict = invoke("export", "--catalogue", catalogue_dir, "--role", "educator", "--strict-role")
    loose_ids = [r["id"] for r in json.loads(loose.stdout)["records"]]
    assert loose_ids[:2] == ["grooming-study-ph", "kenya-grooming-event"]
    assert sorted(loose_ids) == ALL_IDS
    data = json.loads(strict.stdout)
    assert [r["id"] for r in data["records"]] == ["grooming-study-ph", "kenya-grooming-event"]
    assert [o["id"] for o in data["organisations"]] == ["helpline-net", "safe-lab"]


def test_export_skips_broken_record_with_warning(catalogue_dir: Path, invoke: Invoke) -> None:
    """export serves the good records (exit 0) and warns about the broken one on stderr."""
    bad = write_file(catalogue_dir / "records" / "x.yaml", record_text("x", harms="[groomng]"))
    result = invoke("export", "--catalogue", catalogue_dir, "--format", "json")
    assert result.exit_code == 0
    assert [r["id"] for r in json.loads(result.stdout)["records"]] == ALL_IDS
    assert result.stderr.splitlines() == [
        f"warning: {bad}:8: harms[0]: 'groomng' is not a known harm; did you mean 'grooming'?",
        "warning: skipped the records above; `bridge validate` lists every problem",
    ]


def test_unknown_region_and_role_are_usage_errors(catalogue_dir: Path, invoke: Invoke) -> None:
    """Unknown --region and --role values exit 2 with a suggestion where one is close."""
    region = invoke("export", "--catalogue", catalogue_dir, "--region", "Phillipines")
    role = invoke("export", "--catalogue", catalogue_dir, "--role", "reseracher")
    assert (region.exit_code, role.exit_code) == (2, 2)
    assert region.stderr.splitlines()[-1] == (
        "Error: 'Phillipines' is not a known region; did you mean 'Philippines'?"
    )
    assert role.stderr.splitlines()[-1] == (
        "Error: 'reseracher' is not a known role; did you mean 'researcher' or 'educator' or "
        "'parent'?"
    )


def test_catalogue_from_environment(catalogue_dir: Path, invoke: Invoke) -> None:
    """$BRIDGE_CATALOGUE picks the catalogue when --catalogue is not given."""
    result = invoke("validate", env={"BRIDGE_CATALOGUE": str(catalogue_dir)})
    assert (result.exit_code, result.stderr) == (0, "ok: 7 resources, 3 organisations\n")


def test_validate_survives_a_complex_yaml_key(catalogue_dir: Path, invoke: Invoke) -> None:
    """A record with a list as a key is one problem line; validate exits 1 without a traceback."""
    bad = write_file(catalogue_dir / "records" / "x.yaml", "id: x\n? [a, b]\n: y\n")
    result = invoke("validate", "--catalogue", catalogue_dir)
    assert (result.exit_code, type(result.exception)) == (1, SystemExit)
    assert result.stdout == f"{bad}:2: a mapping key must be plain text, not a list or mapping\n"
    assert result.stderr == "1 problem, 0 warnings; 7 resources, 3 organisations valid\n"
