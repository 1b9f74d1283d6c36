"""`bridge pack` on registration exports (bridge/cli/pack.py): the columns used and every
inference printed to stderr, `--column` to change a column, placed problems with nothing
written, no contact data in any output, a progress bar only on a terminal, and a run
stopped with a terminate signal leaving nothing behind. (The strict table and the writer's
guarantees: test_cli_contacts_packs.py.)"""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from literal import Invoke

from bridge.catalogue import writing
from bridge.workshop.columns import is_personal
from bridge.workshop.spreadsheets import read_sheet

DATA = Path(__file__).resolve().parent / "data" / "registration"
GOOGLE = DATA / "google-forms.csv"
MICROSOFT = DATA / "microsoft-forms.xlsx"
GOOGLE_MAPPING = [
    "columns (change one with --column FIELD=HEADER):",
    "  name          “Full name”",
    "  organisation  “Organisation”",
    "  job_title     “Job title”",
    "  role          no column: read from the job title and organisation",
    "  harms         no column: read from the interests and job title",
    "  regions       “Country”",
    "  interests     “Which topics are you most interested in?”",
    "never read (personal contact data): “Email address”, “Phone number (optional)”",
    "not used: “Timestamp”",
    "inferred (check them): role for 40 of 40 rows, harms for 40 of 40 rows, "
    "regions for 1 of 40 rows",
    "  row 2, Amara Okafor: role Trust & Safety professional (job title “Senior Trust & "
    "Safety Policy Manager”: trust & safety); harms Sextortion (interests: “Sextortion”)",
]


def contact_values(path: Path) -> set[str]:
    sheet = read_sheet(path.read_bytes(), path.name)
    columns = [i for i, header in enumerate(sheet.headers) if is_personal(header)]
    return {row.cells[i] for row in sheet.rows for i in columns if row.cells[i]}


def everything_written(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()))


def test_a_google_forms_export_becomes_packs(
    invoke: Invoke, tmp_path: Path, catalogue_dir: Path
) -> None:
    """The mapping and the inferences go to stderr; the overview names each person's
    organisation, job title and the role read from it; no email or phone anywhere."""
    out = tmp_path / "packs"
    result = invoke("pack", GOOGLE, "--out", out, "--catalogue", catalogue_dir)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[: len(GOOGLE_MAPPING)] == GOOGLE_MAPPING
    assert len(lines) == len(GOOGLE_MAPPING) - 1 + 40 + 1
    assert lines[-1].startswith("wrote 40 packs, the overview and ")
    overview = (out / "overview.md").read_text(encoding="utf-8")
    assert (
        "| Amara Okafor | Lumen Social Inc. | Senior Trust & Safety Policy Manager | "
        "Trust & Safety professional | Sextortion | United Kingdom |"
    ) in overview
    assert (
        "| Dr Tomás Herrera | Universidad del Pacífico Sur | Lecturer in Criminology | "
        "Researcher | Online grooming | Colombia |"
    ) in overview
    pack = (out / "pack-amara-okafor.html").read_text(encoding="utf-8")
    assert '<p class="meta">Senior Trust &amp; Safety Policy Manager, Lumen Social Inc.</p>' in pack
    shown = everything_written(out) + result.stderr + result.stdout
    assert [s for s in contact_values(GOOGLE) if s in shown] == []
    assert "@example" not in shown


def test_a_microsoft_forms_workbook_as_a_subprocess(tmp_path: Path, catalogue_dir: Path) -> None:
    """`python -m bridge pack FILE.xlsx`: exit 0, every file written, no progress bar on a
    pipe, no email or phone in any file or on stderr."""
    env = {k: v for k, v in os.environ.items() if k != "BRIDGE_CATALOGUE"}
    command = [sys.executable, "-m", "bridge", "pack", str(MICROSOFT), "--out", "packs"]
    done = subprocess.run(
        [*command, "--top", "5", "--catalogue", str(catalogue_dir)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert len(list((tmp_path / "packs").iterdir())) == 82
    assert "making packs" not in done.stderr
    assert (
        "  interests     “Which topics are you most interested in?” + “What would you like to "
        "get out of the workshop?”"
    ) in done.stderr.splitlines()
    shown = everything_written(tmp_path / "packs") + done.stderr
    assert [s for s in contact_values(MICROSOFT) if s in shown] == []


def test_a_column_chosen_on_the_command_line(
    invoke: Invoke, tmp_path: Path, catalogue_dir: Path
) -> None:
    """A header no field reads as is named with --column; a column can be left out."""
    room = tmp_path / "room.csv"
    room.write_text(
        "Participant,Employer,Position\nAna Example,Northshire Police,Lecturer\n",
        encoding="utf-8",
    )
    refused = invoke("pack", room, "--out", tmp_path / "a", "--catalogue", catalogue_dir)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-2:] == [
        f"{room}: row 1, column name: this column is missing; no header reads as the "
        "participants' names",
        "nothing was written",
    ]
    chosen = ["--column", "name=participant", "--column", "job_title="]
    result = invoke("pack", room, "--out", tmp_path / "b", *chosen, "--catalogue", catalogue_dir)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[1:4] == [
        "  name          “Participant”",
        "  organisation  “Employer”",
        "  job_title     no column",
    ]
    assert (
        "  row 2, Ana Example: role Law enforcement (organisation “Northshire Police”: "
        in (lines[-2])
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "title=Job title",
            "'title' is not a field; did you mean 'job_title'? the fields are name, "
            "organisation, job_title, role, harms, regions, interests",
        ),
        ("role=Jobtitle", "no column is headed 'Jobtitle'; did you mean 'Job title'?"),
        (
            "name=Email address",
            "'Email address' holds personal contact data; it is never read into packs",
        ),
        ("Job title", "'Job title' is not FIELD=HEADER (for example job_title='Job title')"),
    ],
)
def test_a_wrong_column_is_a_usage_error(
    invoke: Invoke, tmp_path: Path, catalogue_dir: Path, option: str, message: str
) -> None:
    result = invoke(
        "pack", GOOGLE, "--out", tmp_path / "p", "--column", option, "--catalogue", catalogue_dir
    )
    assert result.exit_code == 2
    assert f"Invalid value for '--column': {message}" in " ".join(result.stderr.split())
    assert not (tmp_path / "p").exists()


def test_a_row_whose_role_cannot_be_told_writes_nothing(
    invoke: Invoke, tmp_path: Path, catalogue_dir: Path
) -> None:
    room = tmp_path / "room.csv"
    room.write_text(
        "Full name,Organisation,Job title,Email\n"
        "Ana Example,Example University,Lecturer,ana@example.org\n"
        "Ben Example,Acme,Consultant,ben@example.org\n",
        encoding="utf-8",
    )
    result = invoke("pack", room, "--out", tmp_path / "packs", "--catalogue", catalogue_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"{room}: row 3, column Job title: cannot tell the role from “Consultant” at “Acme”; "
        "add a role column or choose one",
        "nothing was written",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue", "room.csv"]
    assert "@example" not in result.stderr


def test_the_progress_bar_shows_on_a_terminal(tmp_path: Path, catalogue_dir: Path) -> None:
    """With stderr a terminal, the bar is drawn there; the packs are the same."""
    env = {k: v for k, v in os.environ.items() if k != "BRIDGE_CATALOGUE"}
    main, terminal = pty.openpty()
    command = [sys.executable, "-m", "bridge", "pack", str(GOOGLE), "--out", "packs"]
    process = subprocess.Popen(
        [*command, "--catalogue", str(catalogue_dir)],
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        cwd=tmp_path,
        env=env,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert process.wait(timeout=120) == 0
    assert b"making packs" in shown
    assert len(list((tmp_path / "packs").iterdir())) == 82


def test_a_terminated_run_leaves_no_staging_folder(
    invoke: Invoke, tmp_path: Path, catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A terminate signal half-way through writing the packs ends the run; the staged
    files (named after participants) are removed and no output folder appears."""
    written: list[Path] = []
    real = writing.write_atomically

    def write_then_terminate(target: Path, text: str) -> None:
        real(target, text)
        written.append(target)
        if len(written) == 3:
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(writing, "write_atomically", write_then_terminate)
    before = signal.getsignal(signal.SIGTERM)
    result = invoke("pack", GOOGLE, "--out", tmp_path / "packs", "--catalogue", catalogue_dir)
    assert result.exit_code == 128 + signal.SIGTERM
    assert len(written) == 3 and all(".bridge-staging-" in str(p) for p in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogue"]
    assert signal.getsignal(signal.SIGTERM) is before
