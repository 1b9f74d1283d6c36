"""`bridge search` and `bridge eval` as a user runs them: formats, exit codes, SPEC semantics."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from literal import REPO

RunBridge = Callable[..., subprocess.CompletedProcess[str]]
NEWCOMERS = REPO / "eval" / "newcomers.yaml"
NEWCOMERS_BAR = {"ndcg": 0.65, "must_see": 0.70}
PROFILES = REPO.parent / "shared" / "eval" / "profiles.yaml"


def search_json(run_bridge: RunBridge, *args: str) -> dict:
    done = run_bridge("search", *args, "--top", "1000", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_harm_filter_on_the_bundled_catalogue(run_bridge: RunBridge) -> None:
    """--harm sextortion: records tagged sextortion first; every result is sextortion or csea."""
    document = search_json(run_bridge, "--harm", "sextortion")
    first = document["results"][0]
    assert "sextortion" in first["harms"]
    assert all(set(r["harms"]) & {"sextortion", "csea"} for r in document["results"])
    assert document["total"] == len(document["results"])
    exact = [any(f["relation"] == "exact" for f in r["why"]["facets"]) for r in document["results"]]
    assert exact == sorted(exact, reverse=True)


def test_region_filter_on_the_bundled_catalogue(run_bridge: RunBridge) -> None:
    """--region Philippines: exact records first; every result meets the Philippines."""
    document = search_json(run_bridge, "--region", "Philippines")
    allowed = {
        "Philippines",
        "South-eastern Asia",
        "Asia",
        "ASEAN",
        "East Asia and Pacific",
        "Global",
    }
    assert all(set(r["regions"]) & allowed for r in document["results"])
    assert "Philippines" in document["results"][0]["regions"]


def test_strict_role_keeps_only_that_audience(run_bridge: RunBridge) -> None:
    """--role parent --strict-role: only records whose roles include parent."""
    document = search_json(run_bridge, "--role", "parent", "--strict-role")
    assert document["results"] and all("parent" in r["roles"] for r in document["results"])
    assert document["total"] == len(document["results"])


def test_empty_query_lists_the_catalogue_newest_first(run_bridge: RunBridge) -> None:
    """No text, no filters: every record, newest first, then by title."""
    document = search_json(run_bridge)
    results = document["results"]
    keys = [(-(r["year"] or 0), r["title"].casefold()) for r in results]
    assert keys == sorted(keys)
    assert document["total"] == len(results) >= 70


def test_search_json_has_the_spec_shape(run_bridge: RunBridge) -> None:
    """Each result carries rank, id, kind, title, organisation name, year, url, tags, score, why."""
    document = search_json(run_bridge, "child helplines in Africa", "--role", "helpline")
    first = document["results"][0]
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
    assert first["rank"] == 1 and first["organisation"] == "Child Helpline International"
    assert "helpline" in first["why"]["terms"]


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "csv", "bibtex", "ris"])
def test_every_format_answers(run_bridge: RunBridge, fmt: str) -> None:
    """Every search format exits 0 and prints the top record."""
    done = run_bridge("search", "grooming", "--format", fmt, "--top", "3")
    assert done.returncode == 0, done.stderr
    assert "rooming" in done.stdout


def test_unknown_facet_value_is_a_usage_error_with_suggestions(run_bridge: RunBridge) -> None:
    """An unknown role exits 2 and suggests the closest role."""
    done = run_bridge("search", "--role", "reseacherr")
    assert done.returncode == 2
    assert "did you mean 'researcher'" in done.stderr


def test_typo_and_deprecated_term_notices_in_the_table(run_bridge: RunBridge) -> None:
    """The table says which spelling it searched for and names the preferred term."""
    done = run_bridge("search", "groming", "child", "pornography", "--top", "3")
    assert done.returncode == 0
    assert "groming → grooming" in done.stdout
    assert "preferred term is “Child sexual abuse material”" in done.stdout


def test_eval_meets_the_quality_bar_with_the_baseline_beside_it(run_bridge: RunBridge) -> None:
    """bridge eval of the newcomers' searches: mean nDCG@10 and must-see@3 at or above the
    bar, and at or above BM25's, whose figures come beside."""
    done = run_bridge("eval", NEWCOMERS, "--format", "json", "--baseline", "bm25")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    ours, theirs = document["bridge"], document["bm25"]
    assert ours["mean_ndcg@10"] >= NEWCOMERS_BAR["ndcg"]
    assert ours["mean_must_see@3"] >= NEWCOMERS_BAR["must_see"]
    assert ours["mean_ndcg@10"] >= theirs["mean_ndcg@10"]
    assert len(theirs["profiles"]) == len(ours["profiles"]) >= 20


@pytest.mark.skipif(not PROFILES.exists(), reason="the judged profiles live in ../shared/eval")
def test_eval_of_the_shared_profiles_reports_both_rankings(run_bridge: RunBridge) -> None:
    """bridge eval of the shared judged profiles: a score per profile for bridge and BM25."""
    done = run_bridge("eval", PROFILES, "--format", "json", "--baseline", "bm25")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert len(document["bm25"]["profiles"]) == len(document["bridge"]["profiles"]) == 10


def test_eval_of_a_broken_profiles_file_names_the_line(
    run_bridge: RunBridge, tmp_path: Path
) -> None:
    """A profile without judgments is reported with its file and line, exit 1."""
    broken = tmp_path / "profiles.yaml"
    broken.write_text("profiles:\n  - name: nobody\n    query: {text: x}\n", encoding="utf-8")
    done = run_bridge("eval", broken)
    assert done.returncode == 1
    assert f"{broken}:2: profiles[0].relevant: 'relevant' is required" in done.stderr
