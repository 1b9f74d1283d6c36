"""Fitting the search index: term counts with one shared vocabulary, then scikit-learn's
TF-IDF weights applied in the postings' own layout. Build time only; queries never import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from itertools import chain, islice, pairwise, repeat
from operator import attrgetter
from types import MappingProxyType

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from bridge.engine import kernels
from bridge.engine.contacts import ContactIndex, own_fields, profiles
from bridge.engine.facets import FacetIndex
from bridge.engine.fitted import Fitted
from bridge.engine.index import Index, Postings, TextConfig
from bridge.engine.stopwords import stop_words
from bridge.engine.text import (
    FIELD_NAMES,
    Fields,
    fold,
    is_stop_word,
    resources_fields,
    stem,
    words_of_each,
)
from bridge.garbage import collector_paused
from bridge.model import Catalogue

_STOP = -1
_UNSEEN = -2
BLOCK_RECORDS = 4096  # records counted at once: their words, not a large catalogue's, held


def frozen(array: np.ndarray) -> np.ndarray:
    """The array, made read-only."""
    array.setflags(write=False)
    return array


class _MetWords:
    """The distinct words a compiled loop has told apart in one count (their bytes, where
    each ends, a hash table of them) and each one's term id (or -1)."""

    __slots__ = ("table", "spelt", "ends", "terms")

    def __init__(self) -> None:
        self.table = np.full(1024, -1, np.int32)
        self.spelt = np.zeros(0, np.uint8)
        self.ends = np.zeros(1, np.int64)
        self.terms = np.zeros(0, np.int32)


class TermCounter:
    """Turns text into term ids with one shared vocabulary, remembering every spelling seen.

    Each distinct word is read (folded, stop-listed, stemmed) once, so counting a large
    catalogue costs about one dictionary look-up per word.
    """

    __slots__ = ("stop_words", "terms", "word_ids")

    def __init__(self, index: Index | None = None) -> None:
        """A counter with a new vocabulary, or continuing a copy of a fitted index's one (the
        index itself is never changed)."""
        self.stop_words = index.stop_words if index else stop_words()
        self.terms: dict[str, int] = dict(index.vocabulary) if index else {}
        self.word_ids: dict[str, int] = (  # a spelling -> its term id, or -1 (stop word)
            {w: self.terms[t] for w, t in index.stems.items()} if index else {}
        )

    def _learn(self, word: str) -> int:
        if is_stop_word(word, self.stop_words):
            return _STOP
        return self.terms.setdefault(stem(word), len(self.terms))

    def count(
        self, fields: Iterable[Fields], config: TextConfig, *, records: int = 0
    ) -> sparse.csr_matrix:
        """Field-weighted term frequencies, one row per record; `fields` may be a generator,
        so a large catalogue's texts need not all be held at once. `records`, how many it
        holds when known: from `kernels.COMPILE_FROM_ROWS` on, compiled loops split words
        and sum each record's."""
        weights = np.asarray([config.weight(name) for name in FIELD_NAMES], np.float32)
        read, rows_of = self._read, _summed_rows
        if records >= kernels.COMPILE_FROM_ROWS:
            read, rows_of = partial(self._read_compiled, _MetWords()), _compiled_rows
        records_left = iter(fields)
        blocks = []
        while block := list(islice(records_left, BLOCK_RECORDS)):
            # each field's words read in one pass, turned into term ids by dictionary look-ups
            found = [read(list(map(attrgetter(name), block))) for name in FIELD_NAMES]
            blocks.append(rows_of(found, weights, len(self.terms)))
        return _stacked(blocks, len(self.terms))

    def _read(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The term id (or -1) of every word of the texts in order, and how many words each
        text has."""
        found = words_of_each(texts)
        ids = self._ids(list(chain.from_iterable(found)))
        return ids, np.fromiter(map(len, found), np.int64, count=len(found))

    def _read_compiled(self, met: _MetWords, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """`_read`'s ids and lengths, the words told apart by a compiled loop over the texts'
        bytes, so each distinct word becomes a string and is looked up once per count."""
        joined = "".join(texts)
        sizes: Iterable[int]
        if joined.isascii():  # the usual case: lowercased at once, a byte a character
            raw, sizes = joined.lower().encode(), map(len, texts)
        else:
            folded = [t.lower() if t.isascii() else fold(t) for t in texts]
            raw = "".join(folded).encode()
            sizes = (len(f.encode()) for f in folded)
        ends = np.fromiter(sizes, np.int64, count=len(texts)).cumsum()
        before = met.terms.size
        numbers, lengths, met.table, met.spelt, met.ends, distinct = kernels.compiled().word_runs(
            np.frombuffer(raw, np.uint8), ends, met.table, met.spelt, met.ends, before
        )
        if distinct > before:
            start = int(met.ends[before])
            new = met.spelt[start : met.ends[distinct]].tobytes().decode()  # a byte a letter
            spellings = [
                new[a - start : b - start]
                for a, b in pairwise(met.ends[before : distinct + 1].tolist())
            ]
            met.terms = np.concatenate([met.terms, self._ids(spellings)])
        return met.terms[numbers], lengths

    def _ids(self, flat: list[str]) -> np.ndarray:
        """The term id (or -1, a stop word) of every word; words not seen before are read
        once each, in the order they first occur."""
        lookup = self.word_ids
        ids = np.fromiter(map(lookup.get, flat, repeat(_UNSEEN)), np.int32, count=len(flat))
        unseen = np.flatnonzero(ids == _UNSEEN).tolist()
        for at in unseen:
            word = flat[at]
            found = lookup.get(word)
            if found is None:
                found = lookup[word] = self._learn(word)
            ids[at] = found
        return ids

    def spellings(self) -> dict[str, str]:
        """Every non-stop spelling seen -> its index term."""
        names = list(self.terms)
        return {w: names[i] for w, i in self.word_ids.items() if i != _STOP}


Read = tuple[np.ndarray, np.ndarray]  # the term id (or -1) of each word; words per text


def _summed_rows(found: list[Read], weights: np.ndarray, columns: int) -> sparse.csr_matrix:
    """The counts of a few thousand records from each field's words, as a sparse matrix
    sums them."""
    rows, cols, vals = [], [], []
    records = found[0][1].size
    for (ids, lengths), weight in zip(found, weights, strict=True):
        kept = ids != _STOP
        rows.append(np.repeat(np.arange(records, dtype=np.int32), lengths)[kept])
        cols.append(ids[kept])
        vals.append(np.full(int(kept.sum()), weight, np.float32))
    matrix = sparse.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(records, columns),
    )
    return matrix.tocsr()  # a term met twice in a record: one entry, summed (per row)


def _compiled_rows(found: list[Read], weights: np.ndarray, columns: int) -> sparse.csr_matrix:
    """`_summed_rows`, summed by a compiled loop record by record."""
    ids = np.concatenate([ids for ids, _ in found])
    lengths = np.stack([lengths for _, lengths in found])
    indptr, indices, data = kernels.compiled().term_rows(ids, lengths, weights, columns)
    return sparse.csr_matrix((data, indices, indptr), shape=(lengths.shape[1], columns))


def _stacked(blocks: list[sparse.csr_matrix], columns: int) -> sparse.csr_matrix:
    """The blocks' rows one after another, as wide as the vocabulary at the end."""
    lengths = [np.diff(b.indptr) for b in blocks]
    offsets = np.concatenate([np.zeros(1, np.int64), *lengths]).cumsum()
    if offsets[-1] <= np.iinfo(np.int32).max:
        offsets = offsets.astype(np.int32)
    return sparse.csr_matrix(
        (
            np.concatenate([b.data for b in blocks] or [np.zeros(0, np.float32)]),
            np.concatenate([b.indices.astype(np.int32) for b in blocks] or [np.zeros(0, np.int32)]),
            offsets,
        ),
        shape=(len(offsets) - 1, columns),
    )


def counts_of(matrix: sparse.csr_matrix) -> Postings:
    """A sparse matrix's arrays, read-only, as a value that needs no scipy to read."""
    return Postings(
        frozen(matrix.indptr), frozen(matrix.indices), frozen(matrix.data), matrix.shape[1]
    )


def as_matrix(counts: Postings, rows: int) -> sparse.csr_matrix:
    """The counts as a scipy matrix again, sharing their arrays."""
    return sparse.csr_matrix(
        (counts.data, counts.indices, counts.indptr), shape=(rows, counts.columns)
    )


def fit(catalogue: Catalogue, *, config: TextConfig) -> Fitted:
    """The index, facet arrays and term counts of a catalogue's records."""
    with collector_paused():
        counter = TermCounter()
        fields = resources_fields(catalogue.resources, catalogue)
        counts = counter.count(fields, config, records=len(catalogue.resources))
        index = fit_index([r.id for r in catalogue.resources], counts, counter, config=config)
        return Fitted(index, FacetIndex.build(catalogue), counts_of(counts))


def index_of_fields(ids: Sequence[str], fields: Sequence[Fields], *, config: TextConfig) -> Index:
    """The fitted index of records given by their text fields."""
    counter = TermCounter()
    return fit_index(
        ids, counter.count(fields, config, records=len(fields)), counter, config=config
    )


def fit_index(
    ids: Sequence[str],
    counts: sparse.csr_matrix,
    counter: TermCounter,
    *,
    config: TextConfig,
) -> Index:
    """The index of field-weighted term counts (one row per record); `counts` is left as it
    is."""
    if not counter.terms:
        counts = sparse.csr_matrix((len(ids), 1), dtype=np.float32)
    else:  # widened to terms counted after these records, sharing (not copying) the data
        counts = sparse.csr_matrix(
            (counts.data, counts.indices, counts.indptr), shape=(len(ids), len(counter.terms))
        )
    postings = sparse.csr_matrix(counts.T, dtype=np.float32)  # a copy, term-major
    postings.sort_indices()
    if counts.shape[0]:
        # Fitted on the term-major layout (as CSC: records x terms), scikit-learn reads
        # each term's document frequency off its posting list's length.
        records_by_term = sparse.csc_matrix(
            (postings.data, postings.indices, postings.indptr), shape=counts.shape
        )
        tfidf = TfidfTransformer(sublinear_tf=True).fit(records_by_term)
        idf = tfidf.idf_.astype(np.float32)
        kernels.loops(len(ids)).weigh_postings(
            postings.indptr, postings.indices, postings.data, idf
        )
    else:  # no records: nothing to weigh
        idf = np.ones(counts.shape[1], np.float32)
    stems = counter.spellings()
    return Index(
        ids=tuple(ids),
        vocabulary=MappingProxyType(dict(counter.terms)),
        names=tuple(counter.terms),
        idf=frozen(idf),
        postings=counts_of(postings),
        terms_by_length=_by_length(stems),
        stems=MappingProxyType(stems),
        stop_words=counter.stop_words,
        config=config,
    )


def _by_length(spellings: Iterable[str]) -> Mapping[int, tuple[str, ...]]:
    by_length: dict[int, list[str]] = {}
    for spelling in spellings:
        by_length.setdefault(len(spelling), []).append(spelling)
    return MappingProxyType({k: tuple(sorted(v)) for k, v in by_length.items()})


def fit_contacts(catalogue: Catalogue, fitted: Fitted) -> ContactIndex:
    """The organisations' index: each one's own text plus the term counts of its resources,
    in the resource index's vocabulary continued by a copy of it."""
    with collector_paused():
        return _contacts(catalogue, fitted)


def _contacts(catalogue: Catalogue, fitted: Fitted) -> ContactIndex:
    organisations = catalogue.organisations
    found = profiles(catalogue)
    config = fitted.index.config
    counter = TermCounter(fitted.index)
    own = counter.count(
        [own_fields(o, p, catalogue.taxonomy) for o, p in zip(organisations, found, strict=True)],
        config,
        records=len(organisations),
    )
    owners = sparse.csr_matrix(
        (
            np.ones(sum(len(p.resources) for p in found), np.float32),
            (
                [i for i, p in enumerate(found) for _ in p.resources],
                [r for p in found for r in p.resources],
            ),
        ),
        shape=(len(organisations), len(catalogue.resources)),
    )
    theirs = owners @ as_matrix(fitted.counts, len(catalogue.resources))
    theirs.resize(own.shape)
    index = fit_index([o.id for o in organisations], own + theirs, counter, config=config)
    return ContactIndex(catalogue, index, found)
