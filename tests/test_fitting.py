"""bridge/engine/fitting.py: term counts made a block of records at a time, the same
whatever the block size, and a counter that continues a fitted index's vocabulary."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from test_index import FIELDS, IDS

from bridge.engine import fitting, kernels
from bridge.engine.fitting import TermCounter, index_of_fields
from bridge.engine.index import TextConfig
from bridge.engine.text import FIELD_NAMES, Fields, terms

CONFIG = TextConfig()


def counted(fields: list[Fields]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    counter = TermCounter()
    return counter.count(iter(fields), CONFIG), counter.terms


def test_counts_are_the_field_weighted_frequencies_of_each_records_terms() -> None:
    """Row r holds, for each term of record r, the sum of its fields' weights."""
    matrix, vocabulary = counted(FIELDS)
    for row, record in enumerate(FIELDS):
        expected: dict[str, float] = {}
        for name in FIELD_NAMES:
            for term in terms(getattr(record, name), TermCounter().stop_words):
                expected[term] = expected.get(term, 0.0) + CONFIG.weight(name)
        names = list(vocabulary)
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        found = {
            names[t]: float(v)
            for t, v in zip(matrix.indices[start:end], matrix.data[start:end], strict=True)
        }
        assert found == expected
    assert matrix.has_canonical_format and matrix.shape == (len(FIELDS), len(vocabulary))


def by_term(matrix: sparse.csr_matrix, vocabulary: dict[str, int]) -> dict[tuple[int, str], float]:
    """Each record's counts by term name, whatever the terms' numbers."""
    names = list(vocabulary)
    coo = matrix.tocoo()
    return {
        (int(r), names[c]): float(v)
        for r, c, v in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True)
    }


@pytest.mark.parametrize("block", [1, 3])
def test_counting_in_blocks_gives_the_counts_of_one_block(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks of any size: the same terms with the same counts for every record."""
    whole, vocabulary = counted(FIELDS)
    monkeypatch.setattr(fitting, "BLOCK_RECORDS", block)
    blocks, block_vocabulary = counted(FIELDS)
    assert set(block_vocabulary) == set(vocabulary)
    assert by_term(blocks, block_vocabulary) == by_term(whole, vocabulary)
    assert blocks.has_canonical_format and blocks.shape == whole.shape


def test_new_terms_are_numbered_in_the_order_they_are_first_met() -> None:
    """A block is read field by field (every record's title, then every organisation...),
    word by word: the numbering is the same in every run, never left to hashing."""
    _, vocabulary = counted(
        [Fields("zebra apple", "", "", "apple mango"), Fields("kiwi", "", "", "")]
    )
    assert list(vocabulary) == ["zebra", "apple", "kiwi", "mango"]


def test_a_counter_continues_a_fitted_index_without_changing_it() -> None:
    """Known words keep their ids; new ones come after; the index's vocabulary is as it was."""
    index = index_of_fields(IDS, FIELDS, config=CONFIG)
    before = dict(index.vocabulary)
    counter = TermCounter(index)
    matrix = counter.count([Fields("grooming", "", "", "brandnewword")], CONFIG)
    names = list(counter.terms)
    assert [names[t] for t in matrix.indices.tolist()] == sorted(
        ["grooming", "brandnewword"], key=names.index
    )
    assert counter.terms["brandnewword"] == len(before)
    assert dict(index.vocabulary) == before


def test_no_records_count_nothing() -> None:
    matrix, vocabulary = counted([])
    assert matrix.shape == (0, 0) and vocabulary == {}
    assert np.asarray(matrix.indptr).tolist() == [0]


@pytest.mark.parametrize("block", [2, fitting.BLOCK_RECORDS])
def test_the_compiled_word_reader_counts_what_the_regular_expression_counts(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large catalogue's words are split by a compiled loop: the same vocabulary in the
    same order and the same counts, accented, non-Latin and repeated words included."""
    monkeypatch.setattr(fitting, "BLOCK_RECORDS", block)
    odd = Fields("Côte d'Ivoire ÉCOLE naïve Straße", "Ünïcode ﬁnance", "", "İstanbul ½ 中文 cafés")
    fields = [*FIELDS, odd, Fields("", "", "", ""), *FIELDS]
    index = index_of_fields(IDS, FIELDS, config=CONFIG)
    for make in (TermCounter, lambda: TermCounter(index)):
        plain, compiled = make(), make()
        expected = plain.count(iter(fields), CONFIG)
        found = compiled.count(iter(fields), CONFIG, records=fitting.kernels.COMPILE_FROM_ROWS)
        assert list(compiled.terms.items()) == list(plain.terms.items())
        assert list(compiled.spellings().items()) == list(plain.spellings().items())
        for part in ("indptr", "indices", "data"):
            assert getattr(found, part).tolist() == getattr(expected, part).tolist()


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.lists(st.lists(st.integers(-1, 6), max_size=6), min_size=3, max_size=3),
        max_size=8,
    ),
    weights=st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 3.0]), min_size=3, max_size=3),
)
def test_term_rows_sum_each_records_words_as_a_sparse_matrix_does(
    words: list[list[list[int]]], weights: list[float]
) -> None:
    """Plain and compiled: for words[r][f], the term ids (-1: a stop word) of record r's
    field f, the rows a COO matrix of (record, term, field weight) entries sums."""
    fields = [[record[f] for record in words] for f in range(3)]
    ids = np.asarray([t for field in fields for text in field for t in text], dtype=np.int32)
    lengths = np.asarray([[len(text) for text in field] for field in fields], dtype=np.int64)
    entries = [
        (r, t, weights[f]) for f in range(3) for r, text in enumerate(fields[f]) for t in text
    ]
    kept = [(r, t, w) for r, t, w in entries if t >= 0]
    expected = sparse.coo_matrix(
        ([w for *_, w in kept], ([r for r, *_ in kept], [t for _, t, _ in kept])),
        shape=(len(words), 7),
        dtype=np.float32,
    ).tocsr()
    for loops in (kernels.loops(0), kernels.compiled()):
        indptr, indices, data = loops.term_rows(ids, lengths, np.asarray(weights, np.float32), 7)
        assert indptr.tolist() == expected.indptr.tolist()
        assert indices.tolist() == expected.indices.tolist()
        assert data.tolist() == expected.data.tolist()
