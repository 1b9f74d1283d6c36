"""A plain BM25 ranking over the same text, as a yardstick for the engine's quality."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from bridge.engine.stopwords import stop_words
from bridge.engine.text import resource_fields, terms
from bridge.model import Catalogue, Query, Resource


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75) over each record's title, organisation, tags and summary;
    no filters, no expansion, no boosts."""

    def __init__(self, catalogue: Catalogue, *, k1: float = 1.5, b: float = 0.75) -> None:
        self.records = catalogue.resources
        documents = []
        for resource in self.records:
            f = resource_fields(resource, catalogue)
            text = " ".join((f.title, f.organisation, f.tags, f.summary))
            documents.append(terms(text, stop_words()))
        self.counter = CountVectorizer(analyzer=lambda tokens: tokens)
        counts = sparse.csc_matrix(self.counter.fit_transform(documents), dtype=np.float64)
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        n = len(documents)
        df = np.diff(counts.indptr)
        self.idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        norm = k1 * (1 - b + b * lengths / max(lengths.mean(), 1e-9))
        rows = counts.indices
        counts.data = counts.data * (k1 + 1) / (counts.data + norm[rows])
        self.weights = counts

    def rank(self, query: Query, *, top: int = 10) -> list[Resource]:
        vocabulary = self.counter.vocabulary_
        ids = [vocabulary[t] for t in terms(query.text, stop_words()) if t in vocabulary]
        if not ids:
            return []
        scores = np.asarray(self.weights[:, ids] @ self.idf[ids]).ravel()
        order = sorted(
            range(len(scores)), key=lambda i: (-round(float(scores[i]), 9), self.records[i].id)
        )
        return [self.records[i] for i in order[:top] if scores[i] > 0]
