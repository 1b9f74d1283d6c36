"""`bridge search` and `bridge eval` as a user runs them on the bundled catalogue: formats,
exit codes, SPEC semantics. Through click's runner (`invoke`); the console script itself is
smoked in test_cli_smoke.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from literal import REPO, RESOURCES, Invoke

from bridge.catalogue.reading import read_catalogue
from bridge.engine.rank import Engine
from bridge.formats.results import render_results
from bridge.model import Catalogue, Query

NEWCOMERS = REPO / "eval" / "newcomers.yaml"
NEWCOMERS_BAR = {"ndcg": 0.65, "must_see": 0.70}
PROFILES = REPO.parent / "shared" / "eval" / "profiles.yaml"
# Every region a record may carry and still meet --region Philippines.
MEETS_PHILIPPINES = {
    "Philippines",
    "South-eastern Asia",
    "Asia",
    "ASEAN",
    "East Asia and Pacific",
    "Global",
}


@pytest.fixture(scope="module")
def bundled() -> Catalogue:
    return read_catalogue(RESOURCES).catalogue


def search_json(invoke: Invoke, *args: str) -> dict:
    result = invoke("search", *args, "--top", "1000", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return json.loads(result.stdout)


def test_harm_filter_on_the_bundled_catalogue(invoke: Invoke, bundled: Catalogue) -> None:
    """--harm sextortion: exactly the records tagged sextortion or csea, those tagged
    sextortion itself first."""
    document = search_json(invoke, "--harm", "sextortion")
    results = document["results"]
    expected = {r.id for r in bundled.resources if set(r.harms) & {"sextortion", "csea"}}
    assert {r["id"] for r in results} == expected
    assert document["total"] == len(results) == len(expected)
    assert "sextortion" in results[0]["harms"]
    exact = [any(f["relation"] == "exact" for f in r["why"]["facets"]) for r in results]
    assert exact == sorted(exact, reverse=True)


def test_region_filter_on_the_bundled_catalogue(invoke: Invoke, bundled: Catalogue) -> None:
    """--region Philippines: exactly the records whose regions meet the Philippines, one
    tagged with the country first."""
    document = search_json(invoke, "--region", "Philippines")
    results = document["results"]
    expected = {r.id for r in bundled.resources if set(r.regions) & MEETS_PHILIPPINES}
    assert {r["id"] for r in results} == expected
    assert document["total"] == len(expected)
    assert "Philippines" in results[0]["regions"]


def test_strict_role_keeps_only_that_audience(invoke: Invoke, bundled: Catalogue) -> None:
    """--role parent --strict-role: exactly the records whose roles include parent."""
    document = search_json(invoke, "--role", "parent", "--strict-role")
    expected = {r.id for r in bundled.resources if "parent" in r.roles}
    assert {r["id"] for r in document["results"]} == expected
    assert document["total"] == len(document["results"]) == len(expected) > 0


def test_empty_query_lists_the_catalogue_newest_first(invoke: Invoke, bundled: Catalogue) -> None:
    """No text, no filters: every record, newest first, then by title."""
    document = search_json(invoke)
    results = document["results"]
    keys = [(-(r["year"] or 0), r["title"].casefold()) for r in results]
    assert keys == sorted(keys)
    assert document["total"] == len(results) == len(bundled.resources)
    assert sorted(r["id"] for r in results) == sorted(r.id for r in bundled.resources)


def test_search_json_has_the_spec_shape(invoke: Invoke) -> None:
    """Each result carries rank, id, kind, title, organisation name, year, url, tags, score, why."""
    document = search_json(invoke, "child helplines in Africa", "--role", "helpline")
    first = document["results"][0]
    assert set(document) == {"query", "total", "matched", "results", "notices"}
    assert set(first) == {
        "rank",
        "id",
        "kind",
        "title",
        "organisation",
        "year",
        "url",
        "roles",
        "harms",
        "regions",
        "score",
        "why",
    }
    assert (first["rank"], first["organisation"]) == (1, "Child Helpline International")
    assert first["why"]["terms"] == ["africa", "child", "helpline"]


@pytest.fixture(scope="module")
def engine(bundled: Catalogue) -> Engine:
    """An engine fitted afresh on the bundled catalogue (not the command's stored copy)."""
    return Engine(bundled)


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "csv", "bibtex", "ris"])
def test_every_format_prints_the_library_rendering(
    invoke: Invoke, engine: Engine, fmt: str
) -> None:
    """Every search format exits 0 and prints what the renderer gives for the same search."""
    result = invoke("search", "grooming", "--format", fmt, "--top", "3", env={"COLUMNS": "100"})
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    found = engine.search(Query(text="grooming"), top=3)
    expected = render_results(fmt, found, engine.catalogue, width=100)
    assert result.stdout_bytes.decode("utf-8") == expected
    assert len(found.matches) == 3


def test_unknown_facet_value_is_a_usage_error_with_suggestions(invoke: Invoke) -> None:
    """An unknown role exits 2 and suggests the closest roles."""
    result = invoke("search", "--role", "reseacherr")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "Error: 'reseacherr' is not a known role; did you mean 'researcher' or 'educator'?"
    )


def test_typo_and_deprecated_term_notices_in_the_table(invoke: Invoke) -> None:
    """The table says which spelling it searched for and names the preferred term."""
    result = invoke("search", "groming", "child", "pornography", "--top", "3")
    assert result.exit_code == 0
    notes = [line for line in result.stdout.splitlines() if line.startswith("note: ")]
    assert notes == [
        "note: “child pornography” is an outdated term; the preferred term is “Child sexual "
        "abuse material”. Results for it are included.",
        "note: Also searched for close spellings: groming → grooming.",
        "note: 'child' is in most records, so nearly every record matches; the order follows "
        "your other words.",
    ]


def test_eval_meets_the_quality_bar_with_the_baseline_beside_it(invoke: Invoke) -> None:
    """bridge eval of the newcomers' searches: mean nDCG@10 and must-see@3 at or above the
    bar, and at or above BM25's, whose figures come beside."""
    result = invoke("eval", NEWCOMERS, "--format", "json", "--baseline", "bm25")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    document = json.loads(result.stdout)
    ours, theirs = document["bridge"], document["bm25"]
    assert ours["mean_ndcg@10"] >= NEWCOMERS_BAR["ndcg"]
    assert ours["mean_must_see@3"] >= NEWCOMERS_BAR["must_see"]
    assert ours["mean_ndcg@10"] >= theirs["mean_ndcg@10"]
    assert len(theirs["profiles"]) == len(ours["profiles"]) == 25


@pytest.mark.skipif(not PROFILES.exists(), reason="the judged profiles live in ../shared/eval")
def test_eval_of_the_shared_profiles_reports_both_rankings(invoke: Invoke) -> None:
    """bridge eval of the shared judged profiles: a score per profile for bridge and BM25."""
    result = invoke("eval", PROFILES, "--format", "json", "--baseline", "bm25")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    document = json.loads(result.stdout)
    assert len(document["bm25"]["profiles"]) == len(document["bridge"]["profiles"]) == 10


def test_eval_of_a_broken_profiles_file_names_the_line(invoke: Invoke, tmp_path: Path) -> None:
    """A profile without judgments is reported with its file and line, exit 1."""
    broken = tmp_path / "profiles.yaml"
    broken.write_text("profiles:\n  - name: nobody\n    query: {text: x}\n", encoding="utf-8")
    result = invoke("eval", broken)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{broken}:2: profiles[0].relevant: 'relevant' is required\n"
