"""`bridge draft` and `bridge links` through click's runner against a local web server, and
each once as a subprocess: drafts from a page and from Zotero exports, never into the
catalogue; dead, moved and slow links named by file and line, exit 1, results kept."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from literal import TAXONOMY, bridge_command, build_catalogue, write_file
from webserver import serving

from bridge.catalogue.yamlfile import parse_yaml
from bridge.cli import main

REFERENCES = Path(__file__).parent / "data" / "references"
TODAY = dt.date.today().isoformat()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving() as base:
        yield base


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_a_page_becomes_a_draft_with_its_metadata_and_suggested_tags(
    site: str, catalogue_dir: Path, tmp_path: Path
) -> None:
    """The draft file: the header, the record as far as the page gives it, the suggested
    tags with their words, and what the page says of itself."""
    out = tmp_path / "drafts"
    code, stdout, stderr = invoke(
        "draft", f"{site}/report", "--out", str(out), "--catalogue", str(catalogue_dir)
    )
    name = "keeping-children-safe-from-online-grooming.yaml"
    assert (code, stdout) == (
        0,
        f"{out / name}: {site}/report: suggested kind research; harms grooming, sextortion; "
        "roles young-people, researcher, helpline; regions Kenya, Philippines\n",
    )
    assert stderr == (
        f"wrote 1 draft to {out}; finish each as its header says, then run `bridge validate`\n"
    )
    assert (
        (out / name).read_text(encoding="utf-8")
        == f"""\
# Draft from {site}/report, made {TODAY}.
# Not a record yet: `bridge validate` refuses it until it is finished. To finish:
#   1. read the source and write `summary` in your own words (25 words or more);
#   2. choose `kind` and `organisation` (an organisation's id), and the audience `roles`;
#   3. move each value under `suggested` that the source supports into its field above;
#   4. delete `suggested` and `about`, then move the file into the catalogue's records/.
id: keeping-children-safe-from-online-grooming
kind: ""
title: "Keeping Children Safe from Online Grooming"
summary: ""
organisation: ""
url: "{site}/report"
year: 2024
languages:
  - en
roles: []
harms: []
regions: []
sources:
  - url: "{site}/report"
    title: "Keeping Children Safe from Online Grooming"
    accessed: {TODAY}
suggested:  # from the source's words; keep only what the source supports
  kind: research  # its type is "ScholarlyArticle"
  harms:
    - grooming  # "Online Grooming" (3), "grooming" (2)
    - sextortion  # "sextortion" (3)
  roles:
    - young-people  # "Children" (4), "young people" (1)
    - researcher  # "study" (2), "researchers" (1)
    - helpline  # "child helplines" (1), "helplines" (1)
  regions:
    - "Kenya"  # "Kenya" (2)
    - "Philippines"  # "Philippines" (2)
about:  # what the source says of itself: read it, do not copy it
  description: >-
    An imaginary study of online grooming and sextortion of children in Kenya and the
    Philippines, written for the bridge tests.
  site: "Safe Lab Test"
  date: "2024-03-05"
  type: "ScholarlyArticle"
  keywords:
    - grooming
    - sextortion
    - helplines
"""
    )


def test_a_draft_is_refused_by_validate_until_it_is_finished(
    site: str, catalogue_dir: Path, tmp_path: Path
) -> None:
    """Moved into the catalogue as it is, a draft fails validate on each field the curator
    must finish, and on the sections to delete."""
    out = tmp_path / "drafts"
    invoke("draft", f"{site}/report", "--out", str(out), "--catalogue", str(catalogue_dir))
    [draft] = out.iterdir()
    moved = shutil.copy(draft, catalogue_dir / "records" / draft.name)
    code, stdout, _ = invoke("validate", "--catalogue", str(catalogue_dir))
    fields = [line.split(": ")[1] for line in stdout.splitlines() if line.startswith(str(moved))]
    assert code == 1
    assert fields == [
        "kind", "summary", "organisation", "organisation", "roles", "harms", "suggested", "about",
    ]  # fmt: skip


def test_a_zotero_ris_export_of_two_references_becomes_two_drafts(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    """One draft per reference, each with its title, year, url and suggested tags; the
    organisation is suggested where the reference's address is on its site."""
    out = tmp_path / "drafts"
    ris = REFERENCES / "zotero-two.ris"
    code, stdout, _ = invoke(
        "draft", str(ris), "--out", str(out), "--catalogue", str(catalogue_dir)
    )
    first = "online-grooming-of-children-on-gaming-platforms-in-kenya-an.yaml"
    second = "child-sexual-abuse-material-on-file-sharing-services-in.yaml"
    assert (code, stdout.splitlines()) == (
        0,
        [
            f"{out / first}: {ris}:1: suggested kind research; harms grooming, sextortion; "
            "roles tech-industry, young-people, educator, parent; regions Kenya",
            f"{out / second}: {ris}:24: suggested kind research; organisation tech-alliance; "
            "harms csam; roles helpline, tech-industry; regions Philippines, "
            "South-eastern Asia, Vietnam",
        ],
    )
    assert sorted(p.name for p in out.iterdir()) == sorted([first, second])
    document = parse_yaml((out / first).read_bytes(), first)
    assert not isinstance(document, Exception)
    data = document.data
    assert {k: data[k] for k in ("title", "year", "url", "languages", "sources")} == {
        "title": "Online grooming of children on gaming platforms in Kenya: an imaginary survey",
        "year": 2023,
        "url": "https://journal.example.org/articles/online-grooming-gaming-kenya",
        "languages": ["en"],
        "sources": [
            {
                "url": "https://journal.example.org/articles/online-grooming-gaming-kenya",
                "title": "Online grooming of children on gaming platforms in Kenya: an "
                "imaginary survey",
                "accessed": dt.date.today(),
            }
        ],
    }
    assert data["about"]["authors"] == ["Example, Ada", "Sample, Ben"]


def test_learnt_suggestions_stand_beside_the_words_when_asked(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    """--learnt: every suggestion of the words stays, and what the catalogue's records teach
    is added with its chance (here: researcher, which no word of either reference names)."""
    ris = REFERENCES / "zotero-two.ris"
    plain, learnt = tmp_path / "plain", tmp_path / "learnt"
    invoke("draft", str(ris), "--out", str(plain), "--catalogue", str(catalogue_dir))
    code, stdout, _ = invoke(
        "draft", str(ris), "--out", str(learnt), "--catalogue", str(catalogue_dir), "--learnt"
    )
    assert code == 0
    assert [line.rsplit(": suggested ", 1)[1] for line in stdout.splitlines()] == [
        "kind research; harms grooming, sextortion; "
        "roles tech-industry, young-people, educator, parent, researcher; regions Kenya",
        "kind research; organisation tech-alliance; harms csam; "
        "roles helpline, tech-industry, researcher; regions Philippines, "
        "South-eastern Asia, Vietnam",
    ]
    for path in sorted(learnt.iterdir()):
        document = parse_yaml(path.read_bytes(), path.name)
        before = parse_yaml((plain / path.name).read_bytes(), path.name)
        assert not isinstance(document, Exception) and not isinstance(before, Exception)
        assert document.data["suggested"]["roles"] == [
            *before.data["suggested"]["roles"],
            "researcher",
        ]
        learnt_reasons = [
            line.split("# ", 1)[1].split("; ")[-1]
            for line in path.read_text().splitlines()
            if "records like it" in line
        ]
        assert learnt_reasons and all(
            re.fullmatch(r"the tags of records like it: \d{2,3}%", reason)
            for reason in learnt_reasons
        ), learnt_reasons


@pytest.mark.parametrize("name", ["zotero.bib", "zotero.csl.json"])
def test_bibtex_and_csl_json_exports_give_the_same_drafts_as_ris(
    name: str, catalogue_dir: Path, tmp_path: Path
) -> None:
    """The same two references exported three ways give drafts with the same record fields
    and suggestions."""

    def drafted(source: Path, out: Path) -> list[object]:
        invoke("draft", str(source), "--out", str(out), "--catalogue", str(catalogue_dir))
        found = []
        for path in sorted(out.iterdir()):
            document = parse_yaml(path.read_bytes(), path.name)
            assert not isinstance(document, Exception)
            found.append({k: v for k, v in document.data.items() if k != "about"})
        return found

    assert drafted(REFERENCES / name, tmp_path / "other") == drafted(
        REFERENCES / "zotero-two.ris", tmp_path / "ris"
    )


def test_drafts_are_never_written_into_the_catalogue(catalogue_dir: Path) -> None:
    """--out inside the catalogue is refused, naming the folder; nothing is written."""
    out = catalogue_dir / "records"
    before = sorted(out.iterdir())
    code, stdout, stderr = invoke(
        "draft",
        str(REFERENCES / "zotero-two.ris"),
        "--out",
        str(out),
        "--catalogue",
        str(catalogue_dir),
    )
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"{out}: drafts are not records yet: write them outside the catalogue and move each "
        "finished file into its records/ folder\n"
    )
    assert sorted(out.iterdir()) == before


def test_draft_failures_are_messages(site: str, catalogue_dir: Path, tmp_path: Path) -> None:
    """A dead page, a page too big, a file that is not there and a file that is not an
    export each give one line and exit 1, and no draft."""
    out = tmp_path / "drafts"
    not_an_export = write_file(tmp_path / "notes.txt", "just some notes\n")
    cases = {
        f"{site}/missing": f"Error: {site}/missing answered 404 Not Found\n",
        f"{site}/huge": "Error: the page is larger than 5,000,000 bytes\n",
        "ftp://files.example.org/x": (
            "Error: only http and https addresses are fetched, not ftp: "
            "('ftp://files.example.org/x')\n"
        ),
        str(tmp_path / "gone.ris"): (
            f"Error: {tmp_path / 'gone.ris'}: no such file (give a page's http(s) address or "
            "a file)\n"
        ),
        str(not_an_export): (
            f"{not_an_export}: not a RIS, BibTeX or CSL-JSON file (by its name or its start)\n"
        ),
    }
    for source, message in cases.items():
        code, stdout, stderr = invoke(
            "draft", source, "--out", str(out), "--catalogue", str(catalogue_dir)
        )
        assert (code, stdout, stderr) == (1, "", message), source
    assert not out.exists()


def link_catalogue(root: Path, site: str) -> Path:
    """A catalogue whose links are the local server's pages of every kind."""
    shutil.copytree(TAXONOMY, root / "taxonomy")
    write_file(
        root / "organisations" / "web-test.yaml",
        f"""\
id: web-test
name: Web Test
sector: civil-society
description: An imaginary organisation whose site is a test server.
url: {site}/broken
regions: [Global]
harms: [csea]
sources:
  - url: {site}/ok
    title: Synthetic test fixture
    accessed: 2026-12-01
""",
    )
    for number, (url, first, second) in enumerate(
        [
            ("/ok", "/old", "/missing"),
            ("/slow", "/no-head", "/for-now"),
            ("/loop-a", "/huge", "/ok"),
        ]
    ):
        write_file(
            root / "records" / f"link-test-{number}.yaml",
            f"""\
id: link-test-{number}
kind: research
title: A synthetic record whose links are test pages
organisation: web-test
url: {site}{url}
summary: >-
  A synthetic summary written for the bridge link tests only, long enough to pass the rule
  that every summary holds at least twenty five words of plain text.
roles: [researcher]
harms: [csea]
regions: [Global]
sources:
  - url: {site}{first}
    title: First test page
    accessed: 2026-12-01
  - url: {site}{second}
    title: Second test page
    accessed: 2026-12-01
""",
        )
    return root


def expected_lines(root: Path, site: str, suffix: str = "") -> list[str]:
    records, organisation = root / "records", root / "organisations" / "web-test.yaml"
    return [
        f"{organisation}:5: {site}/broken: dead: 500 Internal Server Error{suffix}",
        f"{records / 'link-test-0.yaml'}:13: {site}/old: moved permanently to {site}/report "
        f"(301){suffix}",
        f"{records / 'link-test-0.yaml'}:16: {site}/missing: dead: 404 Not Found{suffix}",
        f"{records / 'link-test-1.yaml'}:5: {site}/slow: slow: no answer within 0.5 s{suffix}",
        f"{records / 'link-test-2.yaml'}:5: {site}/loop-a: dead: redirect loop{suffix}",
    ]


def test_links_names_dead_moved_and_slow_links_by_file_and_line(tmp_path: Path) -> None:
    """Every link is checked once; the dead, moved and slow ones are named by the line of
    their address; exit 1. A second run with --max-age reports the kept results, with their
    date, without asking the server (it has stopped)."""
    with serving() as site:
        root = link_catalogue(tmp_path / "catalogue", site)
        code, stdout, stderr = invoke("links", "--timeout", "0.5", "--catalogue", str(root))
        assert (code, stdout.splitlines()) == (1, expected_lines(root, site))
        assert stderr == (
            "11 links to 9 addresses (9 asked now, 0 from the earlier checks in "
            "link-checks.json): 3 dead, 1 moved, 1 slow, 1 redirected, 5 ok\n"
        )
    kept = json.loads((root / "link-checks.json").read_text(encoding="utf-8"))["checked"]
    assert sorted(kept) == sorted(
        f"{site}{p}"
        for p in (
            "/ok",
            "/old",
            "/missing",
            "/slow",
            "/no-head",
            "/for-now",
            "/loop-a",
            "/huge",
            "/broken",
        )
    )
    assert {k: v for k, v in kept[f"{site}/old"].items() if k != "checked"} == {
        "verdict": "moved",
        "detail": "permanent redirect 301",
        "status": 200,
        "location": f"{site}/report",
    }
    code, stdout, stderr = invoke("links", "--max-age", "1", "--catalogue", str(root))
    day = dt.datetime.now(dt.UTC).date().isoformat()
    assert (code, stdout.splitlines()) == (1, expected_lines(root, site, f" (as checked {day})"))
    assert stderr.startswith(
        "11 links to 9 addresses (0 asked now, 9 from the earlier checks in link-checks.json)"
    )


def test_links_exits_0_when_nothing_is_dead_and_gives_json(site: str, tmp_path: Path) -> None:
    """Only moved and working links: exit 0; --format json lists every link and result."""
    root = link_catalogue(tmp_path / "catalogue", site)
    for path in root.rglob("*.yaml"):
        if "taxonomy" not in path.parts:
            text = path.read_text(encoding="utf-8")
            for bad in ("/broken", "/missing", "/slow", "/loop-a"):
                text = text.replace(f"{site}{bad}\n", f"{site}/ok\n")
            path.write_text(text, encoding="utf-8")
    code, stdout, _ = invoke("links", "--format", "json", "--catalogue", str(root))
    links = json.loads(stdout)["links"]
    assert code == 0
    assert [(link["field"], link["url"].removeprefix(site), link["verdict"]) for link in links] == [
        ("url", "/ok", "ok"),
        ("sources[0].url", "/ok", "ok"),
        ("url", "/ok", "ok"),
        ("sources[0].url", "/old", "moved"),
        ("sources[1].url", "/ok", "ok"),
        ("url", "/ok", "ok"),
        ("sources[0].url", "/no-head", "ok"),
        ("sources[1].url", "/for-now", "redirected"),
        ("url", "/ok", "ok"),
        ("sources[0].url", "/huge", "ok"),
        ("sources[1].url", "/ok", "ok"),
    ]


def test_links_on_a_missing_catalogue_exits_1(tmp_path: Path) -> None:
    code, _, stderr = invoke("links", "--catalogue", str(tmp_path / "nowhere"))
    assert (code, stderr) == (1, f"{tmp_path / 'nowhere'}: no such catalogue folder\n")


def test_draft_and_links_run_as_commands(site: str, tmp_path: Path) -> None:
    """The installed console script: a draft from the RIS export, then a links run."""
    root = build_catalogue(tmp_path / "catalogue")
    out = tmp_path / "drafts"
    command = bridge_command()
    drafted = subprocess.run(
        [
            *command,
            "draft",
            str(REFERENCES / "zotero-two.ris"),
            "--out",
            str(out),
            "--catalogue",
            str(root),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (drafted.returncode, len(drafted.stdout.splitlines())) == (0, 2), drafted.stderr
    links_root = link_catalogue(tmp_path / "links", site)
    checked = subprocess.run(
        [*command, "links", "--timeout", "0.5", "--catalogue", str(links_root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (checked.returncode, checked.stdout.splitlines()) == (
        1,
        expected_lines(links_root, site),
    )
