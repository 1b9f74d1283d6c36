"""The search index: TF-IDF fitted once with scikit-learn, read-only afterwards.

It owns the row <-> id mapping and the term postings (term -> rows and weights), so a query
costs the postings of its terms, not the catalogue's size.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from bridge.engine import kernels
from bridge.engine.text import FIELD_NAMES, STOP_WORDS, Fields, resource_fields, stem, words
from bridge.model import Catalogue

RowArray = np.ndarray
_STOP = -1


@dataclass(frozen=True, slots=True)
class TextConfig:
    """How much each field counts towards a term's frequency in a record."""

    title: float = 3.0
    organisation: float = 1.5
    tags: float = 1.0
    summary: float = 1.0

    def weight(self, field: str) -> float:
        return float(getattr(self, field))


@dataclass(frozen=True, slots=True)
class TermVector:
    """A query as index term ids with their L2-normalised TF-IDF weights."""

    ids: np.ndarray
    weights: np.ndarray
    corrections: tuple[tuple[str, str], ...] = ()


def _freeze(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


class TermCounter:
    """Turns text into term ids with one shared vocabulary, remembering every spelling seen.

    Each distinct word is read (folded, stop-listed, stemmed) once, so counting a large
    catalogue costs about one dictionary look-up per word.
    """

    __slots__ = ("terms", "word_ids")

    def __init__(self) -> None:
        self.terms: dict[str, int] = {}
        self.word_ids: dict[str, int] = {}  # a spelling -> its term id, or -1 (stop word)

    def _learn(self, word: str) -> int:
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
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


@dataclass(frozen=True, slots=True)
class Index:
    """Fitted TF-IDF postings over the records of one catalogue."""

    ids: tuple[str, ...]
    vocabulary: Mapping[str, int]
    names: tuple[str, ...]  # term id -> term
    idf: np.ndarray
    postings: sparse.csr_matrix  # terms x records: rows are posting lists, L2-normalised docs
    terms_by_length: Mapping[int, tuple[str, ...]]  # spellings seen, for typo correction
    stems: Mapping[str, str]  # a seen spelling -> its index term
    config: TextConfig

    @classmethod
    def build(cls, catalogue: Catalogue, *, config: TextConfig | None = None) -> Index:
        config = config or TextConfig()
        fields = [resource_fields(r, catalogue) for r in catalogue.resources]
        return cls.from_fields([r.id for r in catalogue.resources], fields, config=config)

    @classmethod
    def from_fields(
        cls, ids: Sequence[str], fields: Sequence[Fields], *, config: TextConfig
    ) -> Index:
        counter = TermCounter()
        return cls.from_counts(ids, counter.count(fields, config), counter, config=config)

    @classmethod
    def from_counts(
        cls,
        ids: Sequence[str],
        counts: sparse.csr_matrix,
        counter: TermCounter,
        *,
        config: TextConfig,
    ) -> Index:
        """The index of field-weighted term counts (one row per record); `counts` is left
        as it is."""
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
            kernels.weigh_postings(postings.indptr, postings.indices, postings.data, idf)
        else:  # no records: nothing to weigh
            idf = np.ones(counts.shape[1], np.float32)
        for part in (postings.data, postings.indices, postings.indptr):
            part.setflags(write=False)
        stems = counter.spellings()
        by_length: dict[int, list[str]] = {}
        for spelling in stems:
            by_length.setdefault(len(spelling), []).append(spelling)
        return cls(
            ids=tuple(ids),
            vocabulary=MappingProxyType(dict(counter.terms)),
            names=tuple(counter.terms),
            idf=_freeze(idf),
            postings=postings,
            terms_by_length=MappingProxyType({k: tuple(sorted(v)) for k, v in by_length.items()}),
            stems=MappingProxyType(stems),
            config=config,
        )

    def __len__(self) -> int:
        return len(self.ids)

    def vector(self, weighted_texts: Sequence[tuple[str, float, bool]]) -> TermVector:
        """The query's TF-IDF vector from (text, weight, correct typos?) parts; an unknown
        word of a part that allows it is matched to the index term of a close spelling."""
        counts: dict[int, float] = {}
        corrections: dict[str, str] = {}
        for text, weight, correct in weighted_texts:
            for word in words(text):
                if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
                    continue
                term_id = self.vocabulary.get(self.stems.get(word) or stem(word))
                if term_id is None:
                    fixed = self.closest_term(word) if correct else None
                    if fixed is None:
                        continue
                    corrections[word] = fixed
                    term_id = self.vocabulary[fixed]
                counts[term_id] = counts.get(term_id, 0.0) + weight
        if not counts:
            return TermVector(np.zeros(0, np.int64), np.zeros(0, np.float32))
        ids = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        weights = (1.0 + np.log(np.maximum(tf, 1e-6))) * self.idf[ids]
        weights = np.maximum(weights, 0.0)
        norm = float(np.linalg.norm(weights))
        weights = weights / norm if norm else weights
        return TermVector(ids, weights.astype(np.float32), tuple(corrections.items()))

    def closest_term(self, word: str) -> str | None:
        """The index term of a spelling close to an unknown word ('childern' -> 'child')."""
        if len(word) < 4 or word.isdigit():
            return None
        candidates = [
            t for n in range(len(word) - 2, len(word) + 3) for t in self.terms_by_length.get(n, ())
        ]
        best = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=80)
        return None if best is None else self.stems[str(best[0])]

    def text_scores(self, vector: TermVector) -> RowArray:
        """Cosine similarity of every record with the query, from the terms' postings only."""
        return self.scored_rows(vector, track=False)[0]

    def scored_rows(self, vector: TermVector, *, track: bool) -> tuple[RowArray, RowArray]:
        """Every record's text score and, with `track`, the rows that have one (in no
        particular order; empty without)."""
        postings = self.postings
        return kernels.text_scores(
            postings.indptr,
            postings.indices,
            postings.data,
            vector.ids,
            vector.weights,
            len(self),
            track,
        )

    def matched_terms(self, vector: TermVector, row: int) -> tuple[str, ...]:
        """The query's terms that occur in the record at `row`, alphabetically."""
        return self.matched_terms_of(vector, [row])[0]

    def matched_terms_of(self, vector: TermVector, rows: Sequence[int]) -> list[tuple[str, ...]]:
        """For each row, the query's terms it contains, alphabetically."""
        wanted = np.asarray(rows, dtype=np.int64)
        found = kernels.contains(self.postings.indptr, self.postings.indices, vector.ids, wanted)
        names = [self.names[t] for t in vector.ids.tolist()]
        return [
            tuple(sorted(n for n, hit in zip(names, hits, strict=True) if hit))
            for hits in found.tolist()
        ]
