"""Fitting the search index: term counts with one shared vocabulary, then scikit-learn's
TF-IDF weights applied in the postings' own layout. Build time only; queries never import it.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
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
from bridge.engine.text import FIELD_NAMES, Fields, is_stop_word, resource_fields, stem, words
from bridge.model import Catalogue

_STOP = -1


def frozen(array: np.ndarray) -> np.ndarray:
    """The array, made read-only."""
    array.setflags(write=False)
    return array


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

    def ids(self, text: str) -> list[int]:
        found = words(text)
        for word in set(found).difference(self.word_ids):
            self.word_ids[word] = self._learn(word)
        lookup = self.word_ids
        return [i for i in map(lookup.__getitem__, found) if i != _STOP]

    def count(self, fields: Iterable[Fields], config: TextConfig) -> sparse.csr_matrix:
        """Field-weighted term frequencies, one row per record; `fields` may be a generator,
        so a large catalogue's texts need not all be held at once."""
        cols = array("i")  # term ids; 32 bits halve the memory a large build moves
        vals = array("f")
        indptr = array("q", [0])
        weights = [(name, config.weight(name)) for name in FIELD_NAMES]
        for record in fields:
            for name, weight in weights:
                ids = self.ids(getattr(record, name))
                cols.extend(ids)
                vals.extend([weight] * len(ids))
            indptr.append(len(cols))
        offsets = np.frombuffer(indptr, np.int64)
        if len(cols) <= np.iinfo(np.int32).max:
            offsets = offsets.astype(np.int32)
        matrix = sparse.csr_matrix(
            (np.frombuffer(vals, np.float32), np.frombuffer(cols, np.int32), offsets),
            shape=(len(offsets) - 1, len(self.terms)),
        )
        matrix.sum_duplicates()  # a term met twice in a record: one entry, summed (per row)
        return matrix

    def spellings(self) -> dict[str, str]:
        """Every non-stop spelling seen -> its index term."""
        names = list(self.terms)
        return {w: names[i] for w, i in self.word_ids.items() if i != _STOP}


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
    counter = TermCounter()
    fields = (resource_fields(r, catalogue) for r in catalogue.resources)
    counts = counter.count(fields, config)
    index = fit_index([r.id for r in catalogue.resources], counts, counter, config=config)
    return Fitted(index, FacetIndex.build(catalogue), counts_of(counts))


def index_of_fields(ids: Sequence[str], fields: Sequence[Fields], *, config: TextConfig) -> Index:
    """The fitted index of records given by their text fields."""
    counter = TermCounter()
    return fit_index(ids, counter.count(fields, config), counter, config=config)


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
    organisations = catalogue.organisations
    found = profiles(catalogue)
    config = fitted.index.config
    counter = TermCounter(fitted.index)
    own = counter.count(
        [own_fields(o, p, catalogue.taxonomy) for o, p in zip(organisations, found, strict=True)],
        config,
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
