"""bridge/engine/kernels.py: the loops of the query path, on small literal arrays, each
checked against the plain arithmetic it stands for; and the numba-compiled loops checked
to give exactly what the Python ones give."""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import sparse

from bridge.engine import kernels

NO_FLAGS = np.zeros(0, dtype=bool)
NO_POINTS = np.zeros(0, dtype=np.float32)


def postings(dense: list[list[float]]) -> sparse.csr_matrix:
    """Terms x rows, as the index stores them."""
    matrix = sparse.csr_matrix(np.asarray(dense, dtype=np.float32))
    matrix.sort_indices()
    return matrix


def best(
    k: int,
    text: list[float],
    *,
    allowed: list[bool] | None = None,
    harm: tuple[list[int], list[float]] | None = None,
    region: tuple[list[int], list[float]] | None = None,
    role: list[bool] | None = None,
    tie: list[int] | None = None,
    passed_out: np.ndarray = NO_FLAGS,
) -> tuple[list[int], list[float], int]:
    n = len(text)
    harm_sets, harm_points = harm or ([0] * n, [])
    region_sets, region_points = region or ([0] * n, [])
    rows, scores, passed, _ = kernels.best_rows(
        k,
        np.asarray(text, dtype=np.float32),
        NO_FLAGS if allowed is None else np.asarray(allowed, dtype=bool),
        np.asarray(harm_sets, dtype=np.uint16),
        np.asarray(harm_points, dtype=np.float32),
        np.asarray(region_sets, dtype=np.uint16),
        np.asarray(region_points, dtype=np.float32),
        NO_FLAGS if role is None else np.asarray(role, dtype=bool),
        np.float32(0.15),
        np.asarray(tie if tie is not None else range(n), dtype=np.int32),
        passed_out,
        NO_FLAGS,
    )
    return rows.tolist(), scores.tolist(), passed


def test_text_scores_sum_each_terms_postings_times_its_weight() -> None:
    """Every row's score is the weighted sum of the query terms' postings; tracking lists
    exactly the rows that scored."""
    matrix = postings([[0.5, 0.0, 0.2, 0.0], [0.0, 0.0, 0.4, 0.1], [0.9, 0.9, 0.9, 0.9]])
    ids = np.asarray([0, 1], dtype=np.int64)
    weights = np.asarray([0.6, 0.8], dtype=np.float32)
    typed = np.asarray([False, True])
    scores, touched, hits = kernels.text_scores(
        matrix.indptr, matrix.indices, matrix.data, ids, weights, typed, 4, True
    )
    expected = np.asarray(matrix[ids].T @ weights).ravel()
    assert np.allclose(scores, expected)
    assert sorted(touched.tolist()) == [0, 2, 3]
    assert hits.tolist() == [False, False, True, True]  # the rows of the typed term only
    untracked, none, _ = kernels.text_scores(
        matrix.indptr, matrix.indices, matrix.data, ids, weights, typed, 4, False
    )
    assert np.array_equal(untracked, scores) and none.size == 0


def test_a_term_with_no_weight_adds_nothing() -> None:
    """A zero-weight term (clipped by the query's TF-IDF) neither scores nor marks rows."""
    matrix = postings([[0.5, 0.5]])
    ids = np.asarray([0], dtype=np.int64)
    scores, touched, hits = kernels.text_scores(
        matrix.indptr, matrix.indices, matrix.data, ids, np.zeros(1, np.float32), ids == 0, 2, True
    )
    assert scores.tolist() == [0.0, 0.0] and touched.size == 0 and not hits.any()


def test_best_rows_orders_by_score_then_tie_rank() -> None:
    """Highest score first; equal scores (to 1e-6) by tie rank ascending."""
    rows, scores, passed = best(3, [0.2, 0.5, 0.5000001, 0.1], tie=[0, 3, 1, 2])
    assert rows == [2, 1, 0]
    assert scores == [0.5, 0.5, 0.2]
    assert passed == 4


def test_best_rows_returns_every_row_when_k_exceeds_them_and_none_for_k_zero() -> None:
    """k larger than the rows gives all of them in order; k = 0 only counts."""
    assert best(10, [0.1, 0.3, 0.2])[0] == [1, 2, 0]
    assert best(0, [0.1, 0.3, 0.2]) == ([], [], 3)


def test_filters_drop_rows_and_points_add_to_the_score() -> None:
    """A row fails when not allowed or when its harm or region set earns 0 points; the
    points of the sets it passes with, and its role points, add to its text score."""
    flags = np.zeros(5, dtype=bool)
    rows, scores, passed = best(
        5,
        [0.5, 0.4, 0.3, 0.2, 0.1],
        allowed=[True, True, True, False, True],
        harm=([0, 1, 0, 0, 0], [0.12, 0.0]),
        region=([0, 0, 1, 0, 0], [0.10, 0.0]),
        role=[False, False, False, False, True],
        passed_out=flags,
    )
    assert rows == [0, 4]
    assert scores == pytest.approx([0.5 + 0.12 + 0.10, 0.1 + 0.12 + 0.10 + 0.15], abs=1e-6)
    assert passed == 2
    assert flags.tolist() == [True, False, False, False, True]


def test_best_matching_rows_keeps_candidates_with_text_that_are_allowed() -> None:
    """Only candidates with a positive text score that pass `allowed` count and rank."""
    text = np.asarray([0.0, 0.3, 0.6, 0.2], dtype=np.float32)
    rows, scores, matching, matched = kernels.best_matching_rows(
        5,
        np.asarray([0, 1, 2, 3], dtype=np.int64),
        text,
        np.asarray([True, True, False, True]),
        np.arange(4, dtype=np.int32),
        np.asarray([True, False, True, True]),
    )
    assert (rows.tolist(), matching, matched) == ([1, 3], 2, 1)
    assert scores.tolist() == pytest.approx([0.3, 0.2])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 1000), min_size=1, max_size=60),
    st.integers(1, 12),
    st.lists(st.booleans(), min_size=60, max_size=60),
)
def test_best_rows_equals_a_full_sort(milli: list[int], k: int, allowed: list[bool]) -> None:
    """The heap selection gives the same rows as sorting every passing row."""
    text = [m / 1000 for m in milli]
    mask = allowed[: len(text)]
    tie = list(range(len(text)))[::-1]
    got, _, passed = best(k, text, allowed=mask, tie=tie)
    keyed = sorted(
        (i for i in range(len(text)) if mask[i]), key=lambda i: (-round(text[i], 6), tie[i])
    )
    assert got == keyed[:k]
    assert passed == sum(mask)


def test_best_of_sets_takes_each_sets_largest_value_ignoring_padding() -> None:
    """Each tag set earns the most any of its tags earns; the padding code earns 0."""
    values = np.asarray([0.05, 0.12, 0.0, 0.0], dtype=np.float32)  # last: padding
    sets = np.asarray([[0, 1, 3], [2, 3, 3], [0, 3, 3]], dtype=np.int32)
    assert kernels.best_of_sets(values, sets).tolist() == pytest.approx([0.12, 0.0, 0.05])


def test_diversified_counts_each_further_pick_of_a_group_less() -> None:
    """After a group's first pick, its next candidates count `decay` times less, so another
    group's slightly lower candidate moves ahead; first of equals wins."""
    scores = np.asarray([1.0, 0.95, 0.9, 0.5])
    groups = np.asarray([7, 7, 8, 8], dtype=np.int32)
    picks = kernels.diversified(scores, groups, 3, 0.8)
    assert [int(p) for p in picks[:, 0]] == [0, 2, 1]
    assert picks[:, 1].tolist() == pytest.approx([1.0, 0.9, 0.95 * 0.8])


def test_contains_finds_which_rows_each_term_posts() -> None:
    """A row holds a term exactly when the term's sorted posting list has it."""
    matrix = postings([[0.5, 0.0, 0.2], [0.0, 0.3, 0.0]])
    found = kernels.contains(
        matrix.indptr,
        matrix.indices,
        np.asarray([0, 1], dtype=np.int64),
        np.asarray([2, 1, 0], dtype=np.int64),
    )
    assert found.tolist() == [[True, False], [False, True], [True, False]]


@settings(max_examples=60, deadline=None)
@given(
    text=st.lists(st.floats(0, 1, width=32), min_size=1, max_size=40),
    k=st.integers(0, 12),
    seed=st.integers(0, 2**16),
)
def test_compiled_loops_give_what_the_python_loops_give(
    text: list[float], k: int, seed: int
) -> None:
    """best_rows, best_matching_rows and diversified: compiled and plain, the same values."""
    rng = np.random.default_rng(seed)
    n = len(text)
    scores = np.asarray(text, dtype=np.float32)
    allowed = rng.random(n) < 0.7
    harm_sets = rng.integers(0, 3, n).astype(np.uint16)
    harm_points = np.asarray([0.0, 0.05, 0.12], dtype=np.float32)
    role = rng.random(n) < 0.5
    tie = rng.permutation(n).astype(np.int32)
    groups = rng.integers(0, 4, n).astype(np.int32)
    candidates = np.flatnonzero(scores > 0).astype(np.int64)
    hits = rng.random(n) < 0.5
    found = []
    for loops in (kernels.loops(0), kernels.compiled()):
        rows, points, passed, matched = loops.best_rows(
            k, scores, allowed, harm_sets, harm_points, harm_sets, NO_POINTS, role,
            np.float32(0.15), tie, NO_FLAGS, hits,
        )  # fmt: skip
        matching = loops.best_matching_rows(k, candidates, scores, allowed, tie, hits)
        picks = loops.diversified(scores.astype(np.float64), groups, k, 0.8)
        found.append(
            (
                rows.tolist(),
                points.tolist(),
                int(passed),
                int(matched),
                matching[0].tolist(),
                matching[1].tolist(),
                int(matching[2]),
                int(matching[3]),
                picks.tolist(),
            )
        )
    assert found[0] == found[1]


def region_sets(codes: np.ndarray, sets: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows of each of `sets` region tag sets, grouped as TagCodes keeps them."""
    rows = np.argsort(codes, kind="stable").astype(np.int32)
    starts = np.zeros(sets + 1, dtype=np.int64)
    starts[1:] = np.cumsum(np.bincount(codes, minlength=sets))
    return rows, starts


@settings(max_examples=80, deadline=None)
@given(
    text=st.lists(st.floats(0, 1, width=32), min_size=1, max_size=60),
    k=st.integers(0, 12),
    seed=st.integers(0, 2**16),
    parts=st.sets(st.sampled_from(["allowed", "harm", "role", "hits", "marks"])),
)
def test_visiting_only_the_passing_region_sets_gives_what_best_rows_gives(
    text: list[float], k: int, seed: int, parts: set[str]
) -> None:
    """best_rows_of_regions: the same rows, scores and counts as best_rows (and the same
    rows marked as passing), plain and compiled, however few rows pass the region filter."""
    rng = np.random.default_rng(seed)
    n = len(text)
    scores = np.asarray(text, dtype=np.float32)
    codes = rng.integers(0, 5, n).astype(np.uint16)
    failing = rng.random()  # the share of sets that fail: mostly or rarely visited
    region_points = np.where(rng.random(5) < failing, 0.0, rng.choice([0.03, 0.1], 5))
    region_points = region_points.astype(np.float32)
    harm = (rng.integers(0, 3, n).astype(np.uint16), np.asarray([0.0, 0.05, 0.12], np.float32))
    rows, starts = region_sets(codes, region_points.size)
    args = (
        scores,
        rng.random(n) < 0.7 if "allowed" in parts else NO_FLAGS,
        harm[0],
        harm[1] if "harm" in parts else NO_POINTS,
        codes,
        region_points,
        rng.random(n) < 0.5 if "role" in parts else NO_FLAGS,
        np.float32(0.15),
        rng.permutation(n).astype(np.int32),
    )
    hits = rng.random(n) < 0.5 if "hits" in parts else NO_FLAGS
    for loops in (kernels.loops(0), kernels.compiled()):
        marked = [np.zeros(n if "marks" in parts else 0, dtype=bool) for _ in range(2)]
        full = loops.best_rows(k, *args, marked[0], hits)
        visited = loops.best_rows_of_regions(k, rows, starts, *args, marked[1], hits)
        assert [v.tolist() if isinstance(v, np.ndarray) else int(v) for v in visited] == [
            v.tolist() if isinstance(v, np.ndarray) else int(v) for v in full
        ]
        assert marked[0].tolist() == marked[1].tolist()


# A query's weights are L2-normalised TF-IDF weights with idf >= 1 over at most a few hundred
# terms, or 0 where clipped: a positive weight is never below about 1e-5, so a product with a
# posting never underflows float32. Smaller ones (1e-45) would flag a row that scores 0.
QUERY_WEIGHTS = st.one_of(st.floats(-0.25, 0, width=32), st.floats(2**-20, 1, width=32))


@settings(max_examples=60, deadline=None)
@given(
    weights=st.lists(QUERY_WEIGHTS, min_size=1, max_size=4),
    typed=st.integers(0, 4),
    seed=st.integers(0, 2**16),
)
def test_weighted_sums_give_text_scores_scores_to_the_bit(
    weights: list[float], typed: int, seed: int
) -> None:
    """weighted_sums, for a query whose first `typed` terms were typed: the very scores of
    text_scores, and its flags of the rows holding a typed term (none when all were)."""
    rng = np.random.default_rng(seed)
    matrix = postings((rng.random((4, 30)) < 0.4) * rng.random((4, 30)))
    ids = rng.permutation(4)[: len(weights)].astype(np.int64)
    typed = min(typed, ids.size)
    flags = np.arange(ids.size) < typed
    vector = np.asarray(weights, dtype=np.float32)
    for loops in (kernels.loops(0), kernels.compiled()):
        scores, _, hits = loops.text_scores(
            matrix.indptr, matrix.indices, matrix.data, ids, vector, flags, 30, False
        )
        found, found_hits = loops.weighted_sums(
            matrix.indptr, matrix.indices, matrix.data, ids, vector, 30, typed
        )
        assert found.tobytes() == scores.tobytes()
        assert found_hits.tolist() == ([] if typed == ids.size else hits.tolist())


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="ab9 -é\n", max_size=30), max_size=30),
    cut=st.integers(0, 30),
)
@example(texts=["9", "9", "9"], cut=0)  # one-letter texts end to end: more words than bytes / 2
def test_word_runs_tells_words_apart_as_the_regular_expression_splits_them(
    texts: list[str], cut: int
) -> None:
    """Plain and compiled: every word numbered in the order first met (the numbering carried
    on from one call to the next), and each distinct word's bytes, a table growing often."""
    expected = [re.findall("[a-z0-9]+", t) for t in texts]
    first_met = list(dict.fromkeys(w for found in expected for w in found))
    for loops in (kernels.loops(0), kernels.compiled()):
        table, spelt, ends = np.full(2, -1, np.int32), np.zeros(0, np.uint8), np.zeros(1, np.int64)
        distinct, numbers, lengths = 0, [], []
        for part in (texts[:cut], texts[cut:]):
            raw = "".join(part).encode()
            ends_of = np.cumsum([len(t.encode()) for t in part], dtype=np.int64)
            found, per_text, table, spelt, ends, distinct = loops.word_runs(
                np.frombuffer(raw, np.uint8), ends_of, table, spelt, ends, distinct
            )
            numbers += found.tolist()
            lengths += per_text.tolist()
        words = [spelt[a:b].tobytes().decode() for a, b in pairwise(ends[: distinct + 1].tolist())]
        assert words == first_met
        assert [words[n] for n in numbers] == [w for found in expected for w in found]
        assert lengths == [len(found) for found in expected]
