"""The search index: TF-IDF fitted once with scikit-learn, read-only afterwards.

It owns the row <-> id mapping, the term postings (term -> rows and weights) and the
facet membership arrays, so that a query costs the postings of its terms and its filters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from bridge.model import Catalogue
from bridge.text import FIELD_NAMES, STOP_WORDS, Fields, resource_fields, stem, terms, words

RowArray = np.ndarray


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


def _identity(tokens: list[str]) -> list[str]:
    return tokens


@dataclass(frozen=True, slots=True)
class Index:
    """Fitted TF-IDF postings and facet arrays over the records of one catalogue."""

    ids: tuple[str, ...]
    vocabulary: Mapping[str, int]
    idf: np.ndarray
    postings: sparse.csr_matrix  # terms x records: rows are posting lists, L2-normalised docs
    terms_by_length: Mapping[int, tuple[str, ...]]  # spellings seen, for typo correction
    stems: Mapping[str, str]  # a seen spelling -> its index term
    config: TextConfig

    @classmethod
    def build(cls, catalogue: Catalogue, *, config: TextConfig | None = None) -> Index:
        fields = [resource_fields(r, catalogue) for r in catalogue.resources]
        ids = [r.id for r in catalogue.resources]
        return cls.from_fields(ids, fields, config=config or TextConfig())

    @classmethod
    def from_fields(
        cls, ids: Sequence[str], fields: Sequence[Fields], *, config: TextConfig
    ) -> Index:
        tokens = {name: [terms(getattr(f, name)) for f in fields] for name in FIELD_NAMES}
        counter = CountVectorizer(analyzer=_identity, dtype=np.float32)
        everything = [sum((tokens[n][i] for n in FIELD_NAMES), []) for i in range(len(ids))]
        counter.fit(everything or [[]]) if everything and any(everything) else None
        if not getattr(counter, "vocabulary_", None):
            return cls._empty(ids, config)
        weighted = sum(config.weight(n) * counter.transform(tokens[n]) for n in FIELD_NAMES)
        tfidf = TfidfTransformer(sublinear_tf=True)
        matrix = tfidf.fit_transform(weighted).astype(np.float32)
        postings = sparse.csr_matrix(matrix.T)  # term rows; each row's indices are sorted
        postings.sort_indices()
        vocabulary = {str(t): int(i) for t, i in counter.vocabulary_.items()}
        stems = {w: stem(w) for f in fields for n in FIELD_NAMES for w in words(getattr(f, n))}
        stems = {w: t for w, t in stems.items() if t in vocabulary}
        by_length: dict[int, list[str]] = {}
        for spelling in stems:
            by_length.setdefault(len(spelling), []).append(spelling)
        return cls(
            ids=tuple(ids),
            vocabulary=MappingProxyType(vocabulary),
            idf=_freeze(tfidf.idf_.astype(np.float32)),
            postings=postings,
            terms_by_length=MappingProxyType({k: tuple(sorted(v)) for k, v in by_length.items()}),
            stems=MappingProxyType(stems),
            config=config,
        )

    @classmethod
    def _empty(cls, ids: Sequence[str], config: TextConfig) -> Index:
        postings = sparse.csr_matrix((0, len(ids)), dtype=np.float32)
        empty = _freeze(np.zeros(0, dtype=np.float32))
        nothing = MappingProxyType({})
        return cls(tuple(ids), nothing, empty, postings, nothing, nothing, config)

    def __len__(self) -> int:
        return len(self.ids)

    def vector(self, weighted_texts: Sequence[tuple[str, float, bool]]) -> TermVector:
        """The query's TF-IDF vector from (text, weight, correct typos?) parts; an unknown
        word of a part that allows it is matched to the index term of a close spelling."""
        counts: dict[int, float] = {}
        corrections: dict[str, str] = {}
        for text, weight, correct in weighted_texts:
            for word in words(text):
                if word in STOP_WORDS:
                    continue
                term_id = self.vocabulary.get(stem(word))
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
        scores = np.zeros(len(self.ids), dtype=np.float32)
        indptr, indices, data = self.postings.indptr, self.postings.indices, self.postings.data
        for term_id, weight in zip(vector.ids.tolist(), vector.weights.tolist(), strict=True):
            start, end = indptr[term_id], indptr[term_id + 1]
            scores[indices[start:end]] += data[start:end] * weight
        return scores

    def matched_terms(self, vector: TermVector, row: int) -> tuple[int, ...]:
        """The query's term ids that occur in the record at `row`."""
        found = []
        indptr, indices = self.postings.indptr, self.postings.indices
        for term_id in vector.ids.tolist():
            posting = indices[indptr[term_id] : indptr[term_id + 1]]
            at = int(np.searchsorted(posting, row))
            if at < len(posting) and posting[at] == row:
                found.append(term_id)
        return tuple(found)
