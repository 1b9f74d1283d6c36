"""`bridge contacts` and `bridge pack` on the command line: formats, JSON shape, exit codes,
and a pack run that either writes every file or leaves nothing behind (bridge/writing.py)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from literal import Invoke, RunBridge
from test_writing import fail_writing

from bridge.catalogue.writing import write_new_folder
from bridge.errors import OutputExists, SaveFailed
from bridge.formats.contacts import CONTACT_COLUMNS

FIVE_ROOM = (
    "name,role,harms,regions,interests\n"
    "Rosa Researcher,researcher,sextortion,South-eastern Asia,"
    "links between scam centres and the sextortion of children\n"
    "Hamid Helpline,helpline,,Africa,running a child helpline that responds to online abuse\n"
    "Tess Safety,trust-safety,csam,Global,detecting abuse material on platforms\n"
    "Paul Policy,policymaker,grooming,Europe,laws on online grooming and platform regulation\n"
    "Tina Teacher,educator,grooming,United Kingdom,teaching pupils about online grooming\n"
)
PACK_STEMS = [
    "pack-hamid-helpline",
    "pack-paul-policy",
    "pack-rosa-researcher",
    "pack-tess-safety",
    "pack-tina-teacher",
]
EVERY_FILE = sorted(
    ["overview.md", "overview.html"] + [f"{s}.{ext}" for s in PACK_STEMS for ext in ("md", "html")]
)
JSON_KEYS = {
    "rank", "id", "name", "sector", "url", "contact", "regions", "harms", "score", "why",
    "resources", "people",
}  # fmt: skip


def write_room(folder: Path, text: str) -> Path:
    path = folder / "room.csv"
    path.write_text(text, encoding="utf-8")
    return path


def listing(folder: Path) -> list[str]:
    """Every name in the folder, hidden ones included."""
    return sorted(p.name for p in folder.iterdir())


# bridge contacts


@pytest.mark.parametrize(
    ("fmt", "start"),
    [
        ("table", "3 organisations match; showing 3.\n\n  1. 0.466  Helpline Network Test\n"),
        ("json", "{\n"),
        ("markdown", "# Contacts\n\n3 organisations match; the top 3.\n\n"),
        ("csv", ",".join(CONTACT_COLUMNS) + "\n1,helpline-net,Helpline Network Test,"),
    ],
)
def test_contacts_every_format_exits_0(
    invoke: Invoke, catalogue_dir: Path, fmt: str, start: str
) -> None:
    """table, json, markdown and csv each exit 0 and list the organisations, best first."""
    result = invoke(
        "contacts", "grooming", "--role", "researcher", "--catalogue", catalogue_dir,
        "--format", fmt,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)
    for name in ("Helpline Network Test", "Tech Alliance Test", "Safe Lab Test"):
        assert name in result.stdout


def test_contacts_table_shows_channel_people_and_work(invoke: Invoke, catalogue_dir: Path) -> None:
    """The table gives each organisation's sector and channel, its people with role and
    source, its work and why."""
    result = invoke("contacts", "--sector", "academia", "--catalogue", catalogue_dir)
    assert result.exit_code == 0
    assert result.stdout == (
        "1 organisation matches; showing 1.\n"
        "\n"
        "  1. 0.000  Safe Lab Test\n"
        "           Academia and research · web page: https://safelab.example.org\n"
        "           person: Dr Test Person, Director of the imaginary lab "
        "(source: Synthetic test fixture)\n"
        "           work: Helplines Against Online Abuse in Africa; A Study of Online Grooming "
        "in the\n"
        "                 Philippines; A Dataset on Livestreamed Abuse in South-eastern Asia\n"
        "           why: listed by name\n"
    )


def test_contacts_json_shape(invoke: Invoke, catalogue_dir: Path) -> None:
    """One JSON document: the query, the total and rows with the contract's keys; resources
    as id and title, most relevant first; people with role and source."""
    result = invoke(
        "contacts", "grooming", "--role", "researcher", "--harm", "csea", "--region", "Asia",
        "--catalogue", catalogue_dir, "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"query", "total", "results", "notices"}
    assert document["query"] == {
        "text": "grooming",
        "role": "researcher",
        "harms": ["csea"],
        "regions": ["Asia"],
        "kinds": [],
        "year_from": None,
        "year_to": None,
        "strict_role": False,
        "evidence": [],
    }
    rows = document["results"]
    assert (document["total"], document["notices"]) == (3, [])
    assert [set(row) for row in rows] == [JSON_KEYS] * 3
    assert [(r["rank"], r["id"], r["sector"], r["url"], r["contact"]) for r in rows] == [
        (1, "helpline-net", "helpline-hotline", "https://helpline.example.org",
         "mailto:info@helpline.example.org"),
        (2, "tech-alliance", "tech-industry", None, "https://techalliance.example.org/contact"),
        (3, "safe-lab", "academia", "https://safelab.example.org", None),
    ]  # fmt: skip
    assert [(r["regions"], r["harms"]) for r in rows] == [
        (["Global"], ["csea"]),
        (["Global"], ["csam"]),
        (["Philippines"], ["grooming"]),
    ]
    assert rows[2]["resources"][0] == {
        "id": "grooming-study-ph",
        "title": "A Study of Online Grooming in the Philippines",
    }
    assert [len(r["people"]) for r in rows] == [0, 0, 1]
    assert rows[2]["people"] == [
        {
            "name": "Dr Test Person",
            "role": "Director of the imaginary lab",
            "source": "Synthetic test fixture",
        }
    ]
    assert set(rows[0]["why"]) == {"summary", "terms", "facets", "reasons"}
    assert [s["score"] for s in rows] == sorted((s["score"] for s in rows), reverse=True)
    assert [{f["facet"] for f in r["why"]["facets"]} for r in rows] == [{"harm", "region"}] * 3


def test_contacts_csv_parses_with_the_contract_columns(invoke: Invoke, catalogue_dir: Path) -> None:
    """The CSV has the contract's columns and one row per organisation, lists joined by ';'."""
    result = invoke("contacts", "--catalogue", catalogue_dir, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [(r["rank"], r["id"], r["resources"]) for r in rows] == [
        (
            "1",
            "helpline-net",
            "africa-helpline-programme; asean-policy-brief; kenya-grooming-event",
        ),
        ("2", "safe-lab", "africa-helpline-programme; grooming-study-ph; sea-livestream-dataset"),
        ("3", "tech-alliance", "asia-online-harms-news; csam-hash-toolkit"),
    ]
    assert rows[1]["people"] == "Dr Test Person (Director of the imaginary lab)"


def test_contacts_unknown_sector_is_a_usage_error(invoke: Invoke, catalogue_dir: Path) -> None:
    """An unknown sector exits 2 with the closest sector suggested on stderr, nothing on stdout."""
    result = invoke("contacts", "--sector", "acadmia", "--catalogue", catalogue_dir)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Error: 'acadmia' is not a known sector; did you mean 'academia'?" in result.stderr


def test_contacts_with_no_result_names_the_filter_to_relax(
    invoke: Invoke, catalogue_dir: Path
) -> None:
    """No organisation passes: exit 0, 'note:' with the filter to relax (stderr for CSV)."""
    table = invoke("contacts", "--sector", "funder", "--catalogue", catalogue_dir)
    assert (table.exit_code, table.stdout) == (
        0,
        "0 organisations match; showing 0.\n"
        "note: No records pass these filters; try removing the sector filter.\n",
    )
    as_csv = invoke(
        "contacts", "--sector", "funder", "--catalogue", catalogue_dir, "--format", "csv"
    )
    assert as_csv.stdout == ",".join(CONTACT_COLUMNS) + "\n"  # the runner reads \r\n as \n
    assert "note: No records pass these filters; try removing the sector filter." in as_csv.stderr


def test_bundled_contacts_as_a_subprocess(run_bridge: RunBridge) -> None:
    """`bridge contacts "child helplines" --role researcher --region Africa` on the bundled
    catalogue puts Child Helpline International first, with its web page."""
    done = run_bridge(
        "contacts", "child helplines", "--role", "researcher", "--region", "Africa",
        "--format", "json", "--top", "3",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    first = json.loads(done.stdout)["results"][0]
    assert (first["id"], first["name"], first["url"]) == (
        "child-helpline-international",
        "Child Helpline International",
        "https://childhelplineinternational.org/programme/",
    )
    assert (
        "Child Helpline International project with seven African child helplines to tackle OCSEA"
        in [r["title"] for r in first["resources"]]
    )


# bridge pack


def test_pack_on_a_five_person_room(run_bridge: RunBridge, tmp_path: Path) -> None:
    """A pack per person (Markdown and HTML) and the overview with pairs; the sextortion
    researcher's pack holds the IJM study, the helpline manager's in Africa the project of seven
    African child helplines;
    nothing else is left beside the output folder."""
    room = write_room(tmp_path, FIVE_ROOM)
    out = tmp_path / "packs"
    done = run_bridge("pack", room, "--out", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert listing(out) == EVERY_FILE
    assert listing(tmp_path) == ["packs", "room.csv"]
    overview = (out / "overview.md").read_text(encoding="utf-8")
    section = overview.split("## Suggested pairs\n\n")[1].split("\n\n")[0]
    pairs = section.splitlines()
    assert done.stderr.splitlines()[-1] == (
        f"wrote 5 packs, the overview and {len(pairs)} suggested pairs to {out}"
    )
    assert pairs and all(line.startswith("- **") and "** and **" in line for line in pairs)
    named = [n for line in pairs for n in line.split("**")[1:4:2]]
    assert len(named) == len(set(named)) == 2 * len(pairs)  # each person in one pair at most
    researcher = (out / "pack-rosa-researcher.md").read_text(encoding="utf-8")
    study = "IJM study on links between child sextortion and Southeast Asia"
    assert study in researcher
    assert study in (out / "pack-rosa-researcher.html").read_text(encoding="utf-8")
    helpline = (out / "pack-hamid-helpline.md").read_text(encoding="utf-8")
    assert "seven African child helplines" in helpline
    for stem in PACK_STEMS:
        text = (out / f"{stem}.md").read_text(encoding="utf-8")
        assert text.startswith("# Resources for ")
        assert f"[{stem}.md](<{stem}.md>)" in overview


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Ann Example,astronaut,,,",
            "room.csv: row 3, column role: 'astronaut' is not a known role",
        ),
        (
            "Ann Example,researcher,,Atlantis,",
            "room.csv: row 3, column regions: 'Atlantis' is not a known region",
        ),
    ],
)
def test_pack_with_a_bad_row_writes_nothing(
    run_bridge: RunBridge, tmp_path: Path, row: str, message: str
) -> None:
    """An unknown role or region exits 1, names the row and column on stderr, and leaves no
    output folder and no temporary folder."""
    room = write_room(tmp_path, "name,role,harms,regions,interests\nBen,parent,,,\n" + row + "\n")
    done = run_bridge("pack", "room.csv", "--out", "packs")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines()[-2:] == [message, "nothing was written"]
    assert listing(tmp_path) == [room.name]


def test_pack_refuses_an_output_folder_that_is_not_empty(
    invoke: Invoke, tmp_path: Path, catalogue_dir: Path
) -> None:
    """--out that exists and holds a file is refused (exit 1) and left exactly as it was."""
    room = write_room(tmp_path, "name,role\nBen,parent\n")
    out = tmp_path / "packs"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = invoke("pack", room, "--out", out, "--catalogue", catalogue_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"{out}: already exists and is not empty; choose a new folder",
        "nothing was written",
    ]
    assert listing(out) == ["notes.txt"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert listing(tmp_path) == sorted(["catalogue", "packs", "room.csv"])


def test_pack_fills_an_empty_output_folder(
    invoke: Invoke, tmp_path: Path, catalogue_dir: Path
) -> None:
    """An --out folder that exists but is empty is used."""
    room = write_room(tmp_path, "name,role\nBen,parent\n")
    (tmp_path / "packs").mkdir()
    result = invoke("pack", room, "--out", tmp_path / "packs", "--catalogue", catalogue_dir)
    assert result.exit_code == 0, result.output
    assert listing(tmp_path / "packs") == [
        "overview.html",
        "overview.md",
        "pack-ben.html",
        "pack-ben.md",
    ]


@pytest.mark.parametrize("top", ["0", "51", "x"])
def test_pack_top_out_of_range_is_a_usage_error(
    invoke: Invoke, tmp_path: Path, catalogue_dir: Path, top: str
) -> None:
    """--top outside 1..50 exits 2 before anything is read or written."""
    room = write_room(tmp_path, "name,role\nBen,parent\n")
    result = invoke(
        "pack", room, "--out", tmp_path / "p", "--top", top, "--catalogue", catalogue_dir
    )
    assert result.exit_code == 2
    assert not (tmp_path / "p").exists()


def test_pack_that_fails_to_move_into_place_leaves_nothing(
    invoke: Invoke, tmp_path: Path, catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file-system error at the final rename exits 1 with the reason and leaves nothing."""
    room = write_room(tmp_path, "name,role\nBen,parent\n")

    def refuse(self: Path, target: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "rename", refuse)
    result = invoke("pack", room, "--out", tmp_path / "packs", "--catalogue", catalogue_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: could not save packs: the disk is full (No space left on device); "
        "nothing was written"
    )
    assert listing(tmp_path) == ["catalogue", "room.csv"]


# bridge.catalogue.writing.write_new_folder


FILES = {"a.md": "first\n", "b.html": "<p>second</p>\n", "c.md": "third\n"}


def test_write_new_folder_writes_every_file(tmp_path: Path) -> None:
    """All files land in the new folder; nothing else is left in its parent."""
    out = tmp_path / "out"
    assert write_new_folder(FILES, out) == [out / n for n in FILES]
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == FILES
    assert listing(tmp_path) == ["out"]


def test_write_new_folder_failing_rename_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Path.rename refused by the file system: SaveFailed, no folder and no staging left."""

    def refuse(self: Path, target: object) -> Path:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(Path, "rename", refuse)
    with pytest.raises(SaveFailed, match="read-only here"):
        write_new_folder(FILES, tmp_path / "out")
    assert listing(tmp_path) == []


def test_write_new_folder_failing_replace_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.replace and Path.rename both refusing: nothing left, whichever the writer uses."""

    def refuse(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(Path, "rename", refuse)
    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(SaveFailed, match="Input/output error"):
        write_new_folder(FILES, tmp_path / "out")
    assert listing(tmp_path) == []


def test_write_new_folder_failing_half_way_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second file failing to write (disk full): no folder, no staging, no part-file."""
    fail_writing(monkeypatch, "b.html")
    with pytest.raises(SaveFailed, match="the disk is full"):
        write_new_folder(FILES, tmp_path / "out")
    assert listing(tmp_path) == []


def test_write_new_folder_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    """An existing folder with a file, or a file in its place, is refused and untouched."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(OutputExists) as caught:
        write_new_folder(FILES, out)
    assert [str(p) for p in caught.value.problems] == [
        f"{out}: already exists and is not empty; choose a new folder"
    ]
    assert listing(out) == ["keep.txt"]
    plain = tmp_path / "plain"
    plain.write_text("a file", encoding="utf-8")
    with pytest.raises(OutputExists):
        write_new_folder(FILES, plain)
    assert plain.read_text(encoding="utf-8") == "a file"
    assert listing(tmp_path) == ["out", "plain"]
