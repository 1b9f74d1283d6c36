"""The installed `bridge` console script, once per command: exit code and the start of what it
prints. The commands' behaviour is tested in-process (test_cli*.py, through click's runner);
these show that the script itself starts and runs each command. They run side by side.

pack, draft and links run as the console script in test_cli_contacts_packs.py and
test_cli_draft_links.py; here they show their help.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from literal import SUMMARY, bridge_command, build_catalogue, write_file
from test_queue import checked

from bridge.submissions.queue import Queue, Submission

Finished = tuple[int, str, str]  # exit code, stdout, stderr


def import_table(path: Path) -> Path:
    """An import table of one valid row."""
    sources = json.dumps(
        [{"url": "https://sources.example.org/smoke", "title": "A page", "accessed": "2026-12-01"}]
    )
    row = {
        "id": "smoke-row",
        "kind": "toolkit",
        "title": "A smoke-test toolkit",
        "organisation": "tech-alliance",
        "summary": SUMMARY,
        "roles": "trust-safety",
        "harms": "csam",
        "regions": "Global",
        "url": "https://records.example.org/smoke-row",
        "sources": sources,
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, list(row))
    writer.writeheader()
    writer.writerow(row)
    return write_file(path, out.getvalue())


PROFILES = """\
profiles:
  - name: a researcher of grooming
    query: {role: researcher, text: grooming in the Philippines}
    relevant:
      - {match: "Grooming in the Philippines", grade: 2}
"""


@dataclass(frozen=True)
class Workspace:
    """The files the commands read: the literal catalogue, an import table, judged profiles,
    a queue holding one submission, and an empty folder to run from."""

    root: Path
    table: Path
    imported: Path
    profiles: Path
    queue: str
    filed: Submission
    empty: Path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The commands' files, written once for the module."""
    work = tmp_path_factory.mktemp("smoke")
    root = build_catalogue(work / "catalogue")
    queue = f"sqlite:///{work / 'queue.sqlite3'}"
    filed = Queue(queue).submit(checked(root))
    (work / "here").mkdir()
    return Workspace(
        root=root,
        table=import_table(work / "rows.csv"),
        imported=work / "imported",
        profiles=write_file(work / "profiles.yaml", PROFILES),
        queue=queue,
        filed=filed,
        empty=work / "here",
    )


@pytest.fixture(scope="module")
def smoked(workspace: Workspace) -> dict[str, Finished]:
    """Every command run once as the console script, side by side, from an empty folder: on
    the literal catalogue, except search, which finds the bundled one by itself."""
    catalogue = ["--catalogue", str(workspace.root)]
    commands = {
        "validate": ["validate", *catalogue],
        "export": ["export", *catalogue, "--format", "json"],
        "import": ["import", str(workspace.table), "--out", str(workspace.imported), *catalogue],
        "search": ["search", "child helplines", "--top", "1", "--format", "json"],
        "eval": ["eval", str(workspace.profiles), *catalogue],
        "contacts": ["contacts", "helplines", *catalogue, "--top", "1", "--format", "json"],
        "gaps": ["gaps", *catalogue, "--format", "csv"],
        "submissions": ["submissions", "list", "--database", workspace.queue],
        "pack": ["pack", "--help"],
        "draft": ["draft", "--help"],
        "links": ["links", "--help"],
    }
    env = {k: v for k, v in os.environ.items() if k != "BRIDGE_CATALOGUE"} | {"COLUMNS": "100"}
    processes = {
        name: subprocess.Popen(
            [*bridge_command(), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=workspace.empty,
        )
        for name, args in commands.items()
    }
    outputs = {name: p.communicate(timeout=120) for name, p in processes.items()}
    return {name: (processes[name].returncode, *outputs[name]) for name in commands}


def test_validate(smoked: dict[str, Finished]) -> None:
    """bridge validate: exit 0, nothing on stdout, the count on stderr."""
    assert smoked["validate"] == (0, "", "ok: 7 resources, 3 organisations\n")


def test_export(smoked: dict[str, Finished]) -> None:
    """bridge export --format json: exit 0, the records document, the first record first."""
    code, stdout, stderr = smoked["export"]
    assert (code, stderr) == (0, "")
    assert stdout.startswith('{\n  "records": [\n    {\n      "id": "africa-helpline-programme",\n')


def test_import(smoked: dict[str, Finished], workspace: Workspace) -> None:
    """bridge import: exit 0, the record written, said on stderr."""
    assert smoked["import"] == (0, "", f"wrote 1 record to {workspace.imported}\n")
    assert sorted(p.name for p in workspace.imported.iterdir()) == ["smoke-row.yaml"]


def test_search_finds_the_bundled_catalogue(smoked: dict[str, Finished]) -> None:
    """bridge search from a folder without a catalogue: exit 0, the JSON of the bundled
    catalogue's results."""
    code, stdout, stderr = smoked["search"]
    assert (code, stderr) == (0, "")
    assert stdout.startswith('{\n  "query": {\n    "text": "child helplines",\n')


def test_eval(smoked: dict[str, Finished]) -> None:
    """bridge eval: exit 0, the table of scores per profile and their means."""
    rule = "-" * 67
    assert smoked["eval"] == (
        0,
        f"{'profile':53}nDCG@10 must@3\n{rule}\n"
        f"{'a researcher of grooming':55}1.000  1.000\n{rule}\n"
        f"{'mean':55}1.000  1.000\n",
        "",
    )


def test_contacts(smoked: dict[str, Finished]) -> None:
    """bridge contacts --format json: exit 0, the JSON of the ranked organisations."""
    code, stdout, stderr = smoked["contacts"]
    assert (code, stderr) == (0, "")
    assert stdout.startswith('{\n  "query": {\n    "text": "helplines",\n')


def test_gaps(smoked: dict[str, Finished]) -> None:
    """bridge gaps --format csv: exit 0, the header and the first cell."""
    code, stdout, stderr = smoked["gaps"]
    assert (code, stderr) == (0, "")
    assert stdout.startswith(
        "harm,harm_label,region,region_label,count,specific\n"
        "csea,Online child sexual exploitation and abuse,Africa,Africa,3,2\n"
    )


def test_submissions(smoked: dict[str, Finished], workspace: Workspace) -> None:
    """bridge submissions list: exit 0, the waiting record, the count on stderr."""
    when = workspace.filed.submitted_at.strftime("%Y-%m-%d %H:%M")
    assert smoked["submissions"] == (
        0,
        f"    1  pending   {when}  helpline-guide  A Helpline Guide\n",
        "1 pending submission\n",
    )


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("pack", "Usage: bridge pack [OPTIONS] PARTICIPANTS"),
        ("draft", "Usage: bridge draft [OPTIONS] SOURCE"),
        ("links", "Usage: bridge links [OPTIONS]"),
    ],
)
def test_help(smoked: dict[str, Finished], command: str, usage: str) -> None:
    """bridge pack, draft and links --help: exit 0, the usage line first."""
    code, stdout, stderr = smoked[command]
    assert (code, stdout.splitlines()[0], stderr) == (0, usage, "")
