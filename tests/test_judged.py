"""bridge/quality/judged.py: a file of judged profiles read into `Profile` values, or every
problem of a bad file named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from literal import REPO, write_file

from bridge.errors import CatalogueError
from bridge.model import Query
from bridge.quality.evaluation import Judgment, Profile
from bridge.quality.judged import read_judged

SHARED_PROFILES = REPO.parent / "shared" / "eval" / "profiles.yaml"

TWO_PROFILES = """\
profiles:
  - name: helpline manager in Africa
    query:
      role: helpline
      harms: [csea]
      regions: [Africa, Kenya]
      kinds: [programme]
      text: child helplines
    relevant:
      - {match: "Helplines Against", grade: 2}
      - {match: "Kenya", grade: 1}
  - name: a bare profile
    query: {}
    relevant:
      - {match: "x", grade: 3}
"""


def problems(path: Path) -> list[str]:
    """The problems read_judged raises for `path`, as the CLI prints them."""
    with pytest.raises(CatalogueError) as raised:
        read_judged(path)
    return [str(p) for p in raised.value.problems]


def test_profiles_are_read_with_their_queries_and_judgments(tmp_path: Path) -> None:
    """Every field of a profile's query becomes the Query's, lists as tuples, the rest left
    at their defaults; each judgment keeps its pattern and grade."""
    path = write_file(tmp_path / "profiles.yaml", TWO_PROFILES)
    assert read_judged(path) == (
        Profile(
            "helpline manager in Africa",
            Query(
                text="child helplines",
                role="helpline",
                harms=("csea",),
                regions=("Africa", "Kenya"),
                kinds=("programme",),
            ),
            (Judgment("Helplines Against", 2), Judgment("Kenya", 1)),
        ),
        Profile("a bare profile", Query(), (Judgment("x", 3),)),
    )


def test_the_newcomers_judged_searches_are_read() -> None:
    """eval/newcomers.yaml: 25 profiles, each with a name, a query and judgments."""
    profiles = read_judged(REPO / "eval" / "newcomers.yaml")
    assert len(profiles) == 25
    assert [p for p in profiles if not (p.name and p.judgments)] == []


@pytest.mark.skipif(not SHARED_PROFILES.exists(), reason="the judged profiles live in ../shared")
def test_the_shared_judged_profiles_are_read() -> None:
    """The shared eval/profiles.yaml: its 10 profiles, the first as the file writes it."""
    profiles = read_judged(SHARED_PROFILES)
    assert len(profiles) == 10
    assert profiles[0] == Profile(
        "trust & safety lead at a gaming platform",
        Query(
            text="moderation and reporting tools for community-run game servers",
            role="trust-safety",
        ),
        (Judgment("DefenderNet|GamerSafer", 2),),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "profiles:\n  - name: nobody\n    query: {text: x}\n",
            ["2: profiles[0].relevant: 'relevant' is required"],
        ),
        (
            "profiles:\n  - name: someone\n    relevant: [{match: a, grade: 0}]\n",
            [
                "2: profiles[0].query: 'query' is required",
                "3: profiles[0].relevant[0].grade: Input should be greater than or equal to 1",
            ],
        ),
        (
            "profiles:\n  - name: someone\n    query: {text: x}\n    relevant:\n"
            '      - {match: "a", grade: 4}\n      - {match: "", grade: 1}\n',
            [
                "5: profiles[0].relevant[0].grade: Input should be less than or equal to 3",
                "6: profiles[0].relevant[1].match: String should have at least 1 character",
            ],
        ),
        (
            "profiles:\n  - name: ab\n    query: {harms: grooming}\n    relevant:\n"
            "      - {match: a, grade: two}\n",
            [
                "2: profiles[0].name: String should have at least 3 characters",
                "3: profiles[0].query.harms: Input should be a valid list",
                "5: profiles[0].relevant[0].grade: Input should be a valid integer, unable to "
                "parse string as an integer",
            ],
        ),
        (
            "profiles:\n  - name: someone\n    query: {text: 5, role: 3}\n"
            "    relevant: [{match: a, grade: 1}]\n",
            [
                "3: profiles[0].query.role: expected text but YAML read '3' as int; quote it: '3'",
                "3: profiles[0].query.text: expected text but YAML read '5' as int; quote it: '5'",
            ],
        ),
        (
            "profiles: []\n",
            ["1: profiles: List should have at least 1 item after validation, not 0"],
        ),
        (
            "profiles:\n  - nmae: someone\n    query: {rol: helpline}\n"
            "    relevant: [{match: a, grade: 1, why: x}]\n",
            [
                "2: profiles[0].name: 'name' is required",
                "2: profiles[0].nmae: unknown field 'nmae'; did you mean 'name'?",
                "3: profiles[0].query.rol: unknown field 'rol'; did you mean 'role'?",
                "4: profiles[0].relevant[0].why: unknown field 'why'; known fields: match, grade",
            ],
        ),
    ],
    ids=[
        "no-judgments",
        "no-query-and-grade-0",
        "grade-4-and-empty-pattern",
        "wrong-types",
        "numbers-for-text",
        "no-profiles",
        "misspelt-fields",
    ],
)
def test_every_schema_problem_is_placed(tmp_path: Path, text: str, expected: list[str]) -> None:
    """Each problem of the file: `file:line: field: message`, all of them at once."""
    path = write_file(tmp_path / "profiles.yaml", text)
    assert problems(path) == [f"{path}:{line}" for line in expected]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "1: the file is empty; a record is a mapping of fields"),
        ("- a\n- b\n", "1: a record is a mapping of fields, not a list"),
        ("profiles:\n  - name: [unclosed\n", "3: YAML syntax: did not find expected ',' or ']'"),
        (
            "profiles:\n  - name: x\nprofiles: []\n",
            "3: duplicate key 'profiles' (first on line 1)",
        ),
        (
            "profiles:\n  - &p\n    name: someone\n  - *p\n",
            "4: aliases are not allowed (*name); write the value out",
        ),
        (b"\xff\xfe bad", "1: not valid UTF-8 (byte 0); save it as UTF-8"),
    ],
    ids=["empty", "a-list", "syntax", "duplicate-key", "alias", "not-utf-8"],
)
def test_a_file_that_is_not_a_profiles_mapping_is_one_placed_problem(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    """Empty, not a mapping, bad YAML, a duplicate key, an alias or bad bytes: one problem
    that names the line, never a traceback."""
    path = write_file(tmp_path / "profiles.yaml", content)
    assert problems(path) == [f"{path}:{expected}"]


def test_a_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    """A missing file, or a folder, is named with the reason it cannot be read."""
    folder = tmp_path / "profiles.yaml"
    folder.mkdir()
    assert (problems(tmp_path / "missing.yaml"), problems(folder)) == (
        [f"{tmp_path / 'missing.yaml'}: cannot read: No such file or directory"],
        [f"{folder}: cannot read: Is a directory"],
    )
