"""bridge/errors.py: problems print as `file:line: field: message`; errors carry their parts."""

from __future__ import annotations

import pytest

from bridge.errors import BridgeError, CatalogueError, Problem, UnknownTerm


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem("r/x.yaml", 7, "harms[1]", "bad"), "r/x.yaml:7: harms[1]: bad"),
        (Problem("r/x.yaml", 7, "", "bad"), "r/x.yaml:7: bad"),
        (Problem("r/x.yaml", None, "", "bad"), "r/x.yaml: bad"),
        (Problem("r/x.yaml", None, "id", "bad"), "r/x.yaml: id: bad"),
    ],
)
def test_problem_text(problem: Problem, text: str) -> None:
    """A problem prints its place, its field when known, and its message."""
    assert str(problem) == text


def test_problems_sort_by_place() -> None:
    """Problems order by file, then line."""
    problems = [Problem("b", 1, "", "m"), Problem("a", 9, "", "m"), Problem("a", 2, "", "m")]
    assert [(p.file, p.line) for p in sorted(problems)] == [("a", 2), ("a", 9), ("b", 1)]


def test_catalogue_error_lists_every_problem() -> None:
    """CatalogueError keeps its problems and prints one per line."""
    problems = (Problem("a", 1, "", "one"), Problem("b", 2, "f", "two"))
    error = CatalogueError(problems)
    assert (error.problems, str(error)) == (problems, "a:1: one\nb:2: f: two")
    assert isinstance(error, BridgeError)


def test_unknown_term_message() -> None:
    """UnknownTerm offers every suggestion, or none."""
    assert (
        str(UnknownTerm("harm", "x", ("a", "b")))
        == "'x' is not a known harm; did you mean 'a' or 'b'?"
    )
    assert str(UnknownTerm("harm", "x", ())) == "'x' is not a known harm"
