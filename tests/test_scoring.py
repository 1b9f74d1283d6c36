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


def test_points_of_sets_take_the_best_relation_of_any_tag_to_any_wanted_value() -> None:
    """Tag 0 meets value 0 by code 1 and value 1 by code 2, tag 1 meets value 1 by code 3;
    each set earns its best tag's points over the wanted values, padding (code 2) none."""
    earned = np.asarray([0.0, 0.5, 0.25, 0.125], dtype=np.float32)
    relations = np.asarray([[1, 0], [2, 3]], dtype=np.int8)
    sets = np.asarray([[0, 1], [1, 2], [2, 2]], dtype=np.int32)
    for loops in (kernels.loops(0), kernels.compiled()):
        first = loops.points_of_sets(earned, relations, np.asarray([0]), sets).tolist()
        second = loops.points_of_sets(earned, relations, np.asarray([1]), sets).tolist()
        both = loops.points_of_sets(earned, relations, np.asarray([0, 1]), sets).tolist()
        assert (first, second, both) == ([0.5, 0.0, 0.0], [0.25, 0.125, 0.0], [0.5, 0.125, 0.0])


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


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 40),
    k=st.integers(0, 12),
    typed=st.integers(0, 4),
    seed=st.integers(0, 2**16),
)
def test_whole_array_loops_give_what_the_loops_as_written_give(
    n: int, k: int, typed: int, seed: int
) -> None:
    """The uncompiled loops over postings and rows, run in whole-array steps: the values of
    the same loops run as written, row by row, to the bit and in the same order."""
    rng = np.random.default_rng(seed)
    matrix = postings((rng.random((4, n)) < 0.5) * rng.random((4, n)))
    ids = rng.permutation(4).astype(np.int64)
    weights = rng.choice([0.0, 0.3, 0.7], 4).astype(np.float32)
    flags = np.arange(4) < typed
    tie = rng.permutation(n).astype(np.int32)
    allowed, role, hits = rng.random(n) < 0.7, rng.random(n) < 0.5, rng.random(n) < 0.5
    sets = rng.integers(0, 3, n).astype(np.uint16)
    points = np.asarray([0.0, 0.05, 0.12], dtype=np.float32)
    candidates = np.round(rng.random(n), 1)  # diversity's scores, some equal
    groups = rng.integers(0, 3, n).astype(np.int32)
    relations = rng.integers(0, 3, (4, n)).astype(np.int8)  # 4 values x n tags: codes
    tag_sets = rng.integers(0, n + 1, (5, 2)).astype(np.int32)  # code n: the padding
    found = []
    for loops in (kernels.loops(0), kernels):
        text, touched, text_hits = loops.text_scores(
            matrix.indptr, matrix.indices, matrix.data, ids, weights, flags, n, True
        )
        sums, sum_hits = loops.weighted_sums(
            matrix.indptr, matrix.indices, matrix.data, ids, weights, n, typed
        )
        marks = np.zeros(n, dtype=bool)
        ranked = loops.best_rows(
            k, text, allowed, sets, points, sets, NO_POINTS, role, np.float32(0.15), tie,
            marks, hits,
        )  # fmt: skip
        matching = loops.best_matching_rows(k, touched, text, allowed, tie, text_hits)
        picks = loops.diversified(candidates, groups, k, 0.8)
        held = loops.contains(matrix.indptr, matrix.indices, ids, np.asarray([n, 0, n // 2]))
        earned = loops.points_of_sets(points[[0, 2, 1]], relations, ids[:typed], tag_sets)
        found.append(
            (
                picks.tolist(),
                held.tolist(),
                earned.tobytes(),
                text.tobytes(),
                touched.tolist(),
                text_hits.tolist(),
                sums.tobytes(),
                sum_hits.tolist(),
                [part.tolist() if isinstance(part, np.ndarray) else part for part in ranked],
                marks.tolist(),
                [part.tolist() if isinstance(part, np.ndarray) else part for part in matching],
            )
        )
    assert found[0] == found[1]


def reference_best(
    k: int,
    parts: dict[str, np.ndarray],
    tie: np.ndarray,
) -> tuple[list[int], list[float], int, int, list[bool]]:
    """best_rows worked out row by row with every part spelt out: the rows passing every
    filter in play, sorted by score to 1e-6 then tie rank; the count passing; the count of
    those holding a typed word; which rows passed."""
    n = tie.size
    text = parts.get("text", np.zeros(n, np.float32))
    hits = parts.get("hits", text > 0)
    passing, totals = [], {}
    for row in range(n):
        ok = bool(parts["allowed"][row]) if "allowed" in parts else True
        total = float(text[row])
        for name in ("harm", "region"):
            if name in parts:
                sets, points = parts[name]
                ok = ok and bool(points[sets[row]] > 0)
                total += float(points[sets[row]])
        if "role" in parts:
            total += float(np.float32(0.15)) * bool(parts["role"][row])
        if ok:
            passing.append(row)
            totals[row] = round(total * 1e6)
    ranked = sorted(passing, key=lambda row: (-totals[row], tie[row]))[:k]
    matched = sum(bool(hits[row]) for row in passing) if "text" in parts else 0
    marks = [row in totals for row in range(n)]
    return ranked, [totals[row] / 1e6 for row in ranked], len(passing), matched, marks


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(1, 400),
    k=st.integers(0, 12),
    seed=st.integers(0, 2**16),
    parts=st.sets(st.sampled_from(["text", "allowed", "harm", "region", "role", "hits", "marks"])),
)
def test_best_rows_gives_what_row_by_row_arithmetic_gives_with_any_parts_in_play(
    n: int, k: int, seed: int, parts: set[str]
) -> None:
    """Plain and compiled, over more rows than one block, with each part in play or not
    (text, a plain filter, harm and region points, a role, typed-word flags): the rows,
    scores and counts of the spelt-out arithmetic, and its passing rows marked when asked."""
    rng = np.random.default_rng(seed)
    text = (rng.integers(0, 4, n) * rng.random(n)).astype(np.float32)  # many rows score 0
    harm = (rng.integers(0, 3, n).astype(np.uint16), np.asarray([0.0, 0.05, 0.12], np.float32))
    region = (rng.integers(0, 4, n).astype(np.uint16), rng.choice([0.0, 0.03, 0.1], 4))
    region = (region[0], region[1].astype(np.float32))
    given_parts = {
        "text": text,
        "allowed": rng.random(n) < 0.7,
        "harm": harm,
        "region": region,
        "role": rng.random(n) < 0.5,
        "hits": (rng.random(n) < 0.5) & (text > 0),
    }
    chosen = {name: given_parts[name] for name in parts - {"marks"}}
    if "text" not in chosen:
        chosen.pop("hits", None)
    tie = rng.permutation(n).astype(np.int32)
    expected = reference_best(k, chosen, tie)
    for loops in (kernels.loops(0), kernels.compiled()):
        marks = np.zeros(n if "marks" in parts else 0, dtype=bool)
        rows, scores, passed, matched = loops.best_rows(
            k,
            chosen.get("text", NO_POINTS),
            chosen.get("allowed", NO_FLAGS),
            harm[0],
            chosen["harm"][1] if "harm" in chosen else NO_POINTS,
            region[0],
            chosen["region"][1] if "region" in chosen else NO_POINTS,
            chosen.get("role", NO_FLAGS),
            np.float32(0.15),
            tie,
            marks,
            chosen.get("hits", NO_FLAGS),
        )
        found = (rows.tolist(), scores.tolist(), int(passed), int(matched), marks.tolist())
        assert found == (*expected[:4], expected[4] if "marks" in parts else [])


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
