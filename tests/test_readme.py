"""The README's command-line examples: each one runs as written, on a copy of the bundled
catalogue, and succeeds."""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from literal import REPO, RESOURCES, SUMMARY

from bridge.catalogue.curation import check_record
from bridge.catalogue.reading import read_catalogue
from bridge.cli import main
from bridge.submissions.queue import Queue

README = REPO / "README.md"


def examples() -> list[str]:
    """Every line of a ```sh block of the README that runs `bridge`."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    return [line.strip() for b in blocks for line in b.splitlines() if line.startswith("bridge ")]


@pytest.fixture
def workplace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder like the repository's: the catalogue as resources/, the judged searches, and
    the files the examples name."""
    shutil.copytree(RESOURCES, tmp_path / "resources")
    shutil.copytree(REPO / "eval", tmp_path / "eval")
    shutil.copy(
        REPO / "tests" / "data" / "registration" / "google-forms.csv", tmp_path / "registration.csv"
    )
    references = REPO / "tests" / "data" / "references" / "zotero-two.ris"
    shutil.copy(references, tmp_path / "zotero-export.ris")
    sources = json.dumps(
        [{"url": "https://example.org/page", "title": "A page", "accessed": "2026-12-01"}]
    )
    row = [
        "readme-example", "research", "A record imported by the README's example",
        "safe-online", SUMMARY, "researcher", "csea", "Global",
        "https://example.org/readme-example", sources,
    ]  # fmt: skip
    with (tmp_path / "new-records.csv").open("w", encoding="utf-8", newline="") as table:
        writer = csv.writer(table)
        writer.writerow(
            ["id", "kind", "title", "organisation", "summary", "roles", "harms", "regions"]
            + ["url", "sources"]
        )
        writer.writerow(row)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIDGE_CATALOGUE", raising=False)
    monkeypatch.setenv("BRIDGE_DATABASE_URL", f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    _two_submissions(tmp_path / "resources")
    return tmp_path


def _two_submissions(catalogue: Path) -> None:
    """The review queue the submissions examples read: two records sent for review."""
    known = read_catalogue(catalogue).catalogue
    for number in (1, 2):
        data = {
            "id": f"readme-submission-{number}",
            "kind": "toolkit",
            "title": f"A submitted toolkit, number {number}",
            "organisation": "safe-online",
            "summary": SUMMARY,
            "roles": ["educator"],
            "harms": ["grooming"],
            "regions": ["Global"],
            "url": f"https://example.org/submitted-{number}",
            "sources": [
                {
                    "url": f"https://example.org/submitted-{number}",
                    "title": "A page",
                    "accessed": "2026-12-01",
                }
            ],
        }
        resource, problems = check_record(data, known)
        assert problems == () and resource is not None, problems
        Queue().submit(resource)


def test_the_readme_has_examples() -> None:
    """The README shows the command line with at least one example per command."""
    commands = {shlex.split(line, comments=True)[1] for line in examples()}
    assert commands >= {
        "search", "contacts", "export", "import", "validate", "pack", "gaps", "submissions", "draft"
    }  # fmt: skip


@pytest.mark.parametrize("line", examples())
def test_readme_example_runs(workplace: Path, line: str) -> None:
    """The example exits 0 and prints something on stdout or stderr."""
    arguments = shlex.split(line, comments=True)[1:]
    result = CliRunner().invoke(main, arguments)
    assert (result.exit_code, result.exception) == (0, None), result.output
    assert (result.stdout + result.stderr).strip() != ""
