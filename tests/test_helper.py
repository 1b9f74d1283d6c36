"""bridge/catalogue/helper.py: a second process reads the later resource files of a large
catalogue; the report is the same as one process's, and the same again if the helper fails."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from literal import ALL_IDS, jsonl_line, write_file

from bridge.catalogue import helper, reading
from bridge.catalogue.building import ResourcePart
from bridge.catalogue.location import record_files
from bridge.catalogue.reading import LoadReport, read_catalogue
from bridge.errors import Problem


@pytest.fixture
def tables(catalogue_dir: Path) -> dict[str, Path]:
    """Three tables after the literal records: the last two go to a helper once told to
    help. Between them: an id in two tables, an unknown organisation, a bad tag, a broken
    line, and a row with both a clashing id and an unknown organisation."""
    first = "".join(jsonl_line(f"a{i}") for i in range(30))
    first += jsonl_line("twice") + jsonl_line("bad", harms=["x"])
    second = "".join(jsonl_line(f"b{i}") for i in range(40))
    second += jsonl_line("twice", organisation="nobody")
    third = jsonl_line("c0") + "{not json\n" + jsonl_line("c1", partners=["nobody"])
    return {
        name: write_file(catalogue_dir / "tables" / f"{name}.jsonl", text)
        for name, text in (("first", first), ("second", second), ("third", third))
    }


@pytest.fixture
def helping(monkeypatch: pytest.MonkeyPatch) -> list[ResourcePart | None]:
    """A helper for any catalogue, however small; the parts it hands back, in a list."""
    monkeypatch.setattr(helper, "MIN_BYTES", 0)
    monkeypatch.setattr(helper, "_cpus", lambda: 2)
    handed: list[ResourcePart | None] = []
    result = helper.Started.result

    def recorded(self: helper.Started) -> ResourcePart | None:
        part = result(self)
        handed.append(part)
        return part

    monkeypatch.setattr(helper.Started, "result", recorded)
    return handed


def _alone(catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch) -> LoadReport:
    with monkeypatch.context() as alone:
        alone.setattr(helper, "MIN_BYTES", 10**12)
        return read_catalogue(catalogue_dir, notices=False)


def test_shares_gives_a_helper_the_later_files_about_two_fifths_of_the_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten files of 100 bytes: six here, four for the helper; with too few bytes, one file or
    one CPU, every file here."""
    files = [write_file(tmp_path / f"{i}.jsonl", "x" * 100) for i in range(10)]
    monkeypatch.setattr(helper, "_cpus", lambda: 2)
    monkeypatch.setattr(helper, "MIN_BYTES", 1000)
    assert helper.shares(files) == (files[:6], files[6:])
    assert helper.shares(files[:1]) == (files[:1], [])
    monkeypatch.setattr(helper, "MIN_BYTES", 1001)
    assert helper.shares(files) == (files, [])
    monkeypatch.setattr(helper, "MIN_BYTES", 0)
    monkeypatch.setattr(helper, "_cpus", lambda: 1)
    assert helper.shares(files) == (files, [])


def test_a_read_with_a_helper_is_the_read_of_one_process(
    catalogue_dir: Path,
    tables: dict[str, Path],
    helping: list[ResourcePart | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Records in the same order, every problem placed the same, clashes across the split
    named in both files."""
    _, resources = record_files(catalogue_dir)
    assert helper.shares(resources)[1] == [tables["second"], tables["third"]]
    report = read_catalogue(catalogue_dir, notices=False)
    assert [part is not None for part in helping] == [True]
    assert report == _alone(catalogue_dir, monkeypatch)
    first, second, third = (str(tables[n]) for n in ("first", "second", "third"))
    assert report.problems == (
        Problem(first, 31, "id", f"duplicate id 'twice'; also in {second}:41"),
        Problem(
            first,
            32,
            "harms[0]",
            "'x' is not a known harm; did you mean 'self-generated' or 'sextortion' or 'csea'?",
        ),
        Problem(second, 41, "id", f"duplicate id 'twice'; also in {first}:31"),
        Problem(
            second, 41, "organisation", "'nobody' is not the id of a valid organisation record"
        ),
        Problem(
            third,
            2,
            "",
            "not valid JSON: Expecting property name enclosed in double quotes (column 2)",
        ),
        Problem(third, 3, "partners[0]", "'nobody' is not the id of a valid organisation record"),
    )
    assert [r.id for r in report.catalogue.resources] == [
        *ALL_IDS,
        *(f"a{i}" for i in range(30)),
        *(f"b{i}" for i in range(40)),
        "c0",
    ]


FAILING = {
    "exits": "raise SystemExit(3)\n",
    "damages its part": (
        "import sys\nfrom pathlib import Path\n"
        "Path(sys.argv[2], 'part.json').write_text('not json')\n"
    ),
    "leaves no part": "pass\n",
}


@pytest.mark.parametrize("failure", FAILING)
def test_a_helper_that_fails_leaves_the_report_as_one_process_makes_it(
    catalogue_dir: Path,
    tables: dict[str, Path],
    helping: list[ResourcePart | None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    failure: str,
) -> None:
    """A helper that exits with an error, writes a damaged part or none: this process reads
    the helper's files itself."""
    fake = tmp_path / "fake"
    write_file(fake / "bridge" / "__init__.py", "")
    write_file(fake / "bridge" / "catalogue" / "__init__.py", "")
    write_file(fake / "bridge" / "catalogue" / "helper.py", FAILING[failure])
    monkeypatch.setattr(helper, "PACKAGE_PARENT", fake)
    report = read_catalogue(catalogue_dir, notices=False)
    assert helping == [None]
    assert report == _alone(catalogue_dir, monkeypatch)
    assert len(report.problems) == 6


def test_a_read_with_notices_has_no_helper(
    catalogue_dir: Path, tables: dict[str, Path], helping: list[ResourcePart | None]
) -> None:
    """The curator's notices need every raw record in this process: `validate` reads alone."""
    report = read_catalogue(catalogue_dir)
    assert (helping, len(report.problems)) == ([], 6)


def test_an_interrupted_read_stops_its_helper_and_leaves_no_folder(
    catalogue_dir: Path,
    tables: dict[str, Path],
    helping: list[ResourcePart | None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Ctrl-C while this process reads its own files: the helper is killed, its folder gone."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    started: list[helper.Started] = []
    start = helper.start

    def recorded(root: Path, files: list[Path]) -> helper.Started | None:
        begun = start(root, files)
        started.extend([begun] if begun else [])
        return begun

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(helper, "start", recorded)
    monkeypatch.setattr(reading, "read_part", interrupted)
    with pytest.raises(KeyboardInterrupt):
        read_catalogue(catalogue_dir, notices=False)
    assert [s.process.poll() is not None for s in started] == [True]
    assert list((tmp_path / "temp").iterdir()) == []
