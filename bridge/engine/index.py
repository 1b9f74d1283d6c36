"""The fitted search index: TF-IDF postings over a catalogue's records, only read after it
is made (by `bridge.engine.fitting`, or from a stored copy).

It owns the row <-> id mapping and the term postings (term -> rows and weights), so a query
costs the postings of its terms, not the catalogue's size.
"""

from __future__ import annotations

import types
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress

import numpy as np

from bridge.engine import kernels
from bridge.engine.text import is_stop_word, stem, terms, words

RowArray = np.ndarray
_STOP = -1  # a stop word's entry among the spellings looked up


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
    typed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per term:
    # did the person type it (or a close spelling), rather than the query adding it?


@dataclass(frozen=True, slots=True)
class Postings:
    """A compressed sparse row matrix as three read-only arrays: row r's entries are
    `indices[indptr[r]:indptr[r + 1]]` with their `data`."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    columns: int


@dataclass(frozen=True, slots=True)
class Index:
    """Fitted TF-IDF postings over the records of one catalogue."""

    ids: tuple[str, ...]
    vocabulary: Mapping[str, int]
    names: tuple[str, ...]  # term id -> term
    idf: np.ndarray
    postings: Postings  # terms x records: rows are posting lists, L2-normalised docs
    terms_by_length: Mapping[int, tuple[str, ...]]  # spellings seen, for typo correction
    stems: Mapping[str, str]  # a seen spelling -> its index term
    stop_words: frozenset[str]
    config: TextConfig
    _term_of: Mapping[str, int] = field(init=False, repr=False, compare=False)
    # every spelling seen, shortest first; its lengths in order; where each length starts
    _by_length: tuple[tuple[str, ...], list[int], list[int]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        """Each seen spelling's term id, and -1 for each stop word, worked out once: a
        query's words are looked up in one step (a private dict, as a look-up in it costs
        less than through a proxy). And the spellings laid out by length, so a typo is
        compared with those of a close length as one slice of them."""
        vocabulary = self.vocabulary
        term_of = dict.fromkeys(self.stop_words, _STOP)
        term_of.update((word, vocabulary[term]) for word, term in self.stems.items())
        object.__setattr__(self, "_term_of", term_of)
        lengths = sorted(self.terms_by_length)
        spellings = tuple(chain.from_iterable(self.terms_by_length[n] for n in lengths))
        starts = list(accumulate((len(self.terms_by_length[n]) for n in lengths), initial=0))
        object.__setattr__(self, "_by_length", (spellings, lengths, starts))

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def loops(self) -> types.SimpleNamespace:
        """The query loops for an index of this size (see `kernels.loops`)."""
        return kernels.loops(len(self.ids))

    def vector(self, weighted_texts: Sequence[tuple[str, float, bool]]) -> TermVector:
        """The query's TF-IDF vector from (text, weight, correct typos?) parts; an unknown
        word of a part that allows it is matched to the index term of a close spelling."""
        return self.vector_of_words([(words(t), weight, fix) for t, weight, fix in weighted_texts])

    def vector_of_words(
        self, weighted_words: Sequence[tuple[Sequence[str], float, bool]]
    ) -> TermVector:
        """`vector` of parts already split into words (a query's, split once)."""
        counts: dict[int, float] = {}
        corrections: dict[str, str] = {}
        typed: set[int] = set()
        term_of, stop_words = self._term_of, self.stop_words
        for written, weight, correct in weighted_words:
            for word in written:
                term_id = term_of.get(word)
                if term_id == _STOP:
                    continue
                if term_id is None:
                    if is_stop_word(word, stop_words):
                        continue
                    term_id = self.vocabulary.get(stem(word))
                if term_id is None:
                    fixed = self.closest_term(word) if correct else None
                    if fixed is None:
                        continue
                    corrections[word] = fixed
                    term_id = self.vocabulary[fixed]
                counts[term_id] = counts.get(term_id, 0.0) + weight
                if correct:
                    typed.add(term_id)
        if not counts:
            return TermVector(np.zeros(0, np.int64), np.zeros(0, np.float32))
        ids = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        weights = (1.0 + np.log(np.maximum(tf, 1e-6))) * self.idf[ids]
        weights = np.maximum(weights, 0.0)
        norm = float(np.sqrt(weights @ weights))  # np.linalg.norm's own arithmetic
        weights = weights / norm if norm else weights
        flags = np.fromiter(map(typed.__contains__, counts), dtype=bool, count=len(counts))
        return TermVector(ids, weights.astype(np.float32), tuple(corrections.items()), flags)

    def closest_term(self, word: str) -> str | None:
        """The index term of a spelling close to an unknown word ('childern' -> 'child')."""
        if len(word) < 4 or word.isdigit():
            return None
        spellings, lengths, starts = self._by_length  # lengths within 2 of the word's, in
        first = bisect_left(lengths, len(word) - 2)  # the order of `terms_by_length`
        candidates = spellings[starts[first] : starts[bisect_right(lengths, len(word) + 2)]]
        from rapidfuzz import fuzz, process  # only a typo needs it

        best = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=80)
        return None if best is None else self.stems[str(best[0])]

    def text_scores(self, vector: TermVector) -> RowArray:
        """Cosine similarity of every record with the query, from the terms' postings only."""
        return self.scored_rows(vector, track=False)[0]

    def scored_rows(
        self, vector: TermVector, *, track: bool
    ) -> tuple[RowArray, RowArray, RowArray]:
        """Every record's text score; with `track`, the rows that have one (in no particular
        order; empty without); and whether each record holds a word the person typed."""
        postings = self.postings
        scores: tuple[RowArray, RowArray, RowArray] = self.loops.text_scores(
            postings.indptr,
            postings.indices,
            postings.data,
            vector.ids,
            vector.weights,
            vector.typed if vector.typed.size else np.ones(vector.ids.size, dtype=bool),
            len(self),
            track,
        )
        return scores

    def typed_scores(self, vector: TermVector) -> tuple[RowArray, RowArray]:
        """Every record's text score, and whether each holds a word the person typed (empty
        when every term was typed); the flags are worked out from the scores when the typed
        terms come first, as a query's words come before what expansion adds."""
        typed = int(vector.typed.sum())
        if not vector.typed[:typed].all():
            scores, _, hits = self.scored_rows(vector, track=False)
            return scores, hits
        postings = self.postings
        found: tuple[RowArray, RowArray] = self.loops.weighted_sums(
            postings.indptr,
            postings.indices,
            postings.data,
            vector.ids,
            vector.weights,
            len(self),
            typed,
        )
        return found

    def terms(self, text: str) -> list[str]:
        """The index terms of a text, read as the index reads records."""
        return terms(text, self.stop_words)

    def matched_terms(self, vector: TermVector, row: int) -> tuple[str, ...]:
        """The query's terms that occur in the record at `row`, alphabetically."""
        return self.matched_terms_of(vector, [row])[0]

    def matched_terms_of(
        self, vector: TermVector, rows: Sequence[int], *, counts: Postings | None = None
    ) -> list[tuple[str, ...]]:
        """For each row, the query's terms it contains, alphabetically. With the records' own
        term lists (`counts`, a row per record, each row's terms in order), each row's list
        is searched, a few contiguous entries, instead of every term's postings."""
        wanted = np.asarray(rows, dtype=np.int64)
        listed = sorted(vector.ids.tolist(), key=self.names.__getitem__)  # alphabetical, so
        ids = np.asarray(listed, dtype=np.int64)  # each row's come out in order
        if counts is None:
            found = self.loops.contains(self.postings.indptr, self.postings.indices, ids, wanted)
        else:  # the same question asked the other way round: does the row's list hold a term
            found = self.loops.contains(counts.indptr, counts.indices, wanted, ids).T
        ordered = [self.names[t] for t in listed]
        return [tuple(compress(ordered, hits)) for hits in found.tolist()]
