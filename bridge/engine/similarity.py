"""How alike texts are: TF-IDF cosine over their words, for near-duplicate checks.

Fitted afresh on each call over the texts given (a catalogue is small), so nothing here is
cached or shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from bridge.model import Catalogue, Resource

# Rounding keeps identical texts at exactly 1.0 and the order stable across platforms.
DIGITS = 6


def _vectors(texts: Sequence[str]) -> sparse.csr_matrix | None:
    """L2-normalised TF-IDF rows, or None when no text holds a word worth counting."""
    vectorizer = TfidfVectorizer(
        lowercase=True, strip_accents="unicode", stop_words="english", sublinear_tf=True
    )
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # "empty vocabulary": only stop words, digits or punctuation
        return None


def similar_pairs(texts: Sequence[str], *, threshold: float) -> list[tuple[int, int, float]]:
    """Every pair `(i, j, similarity)` with `i < j` whose cosine similarity is at least
    `threshold`; most similar first, then by position."""
    if len(texts) < 2:
        return []
    matrix = _vectors(texts)
    if matrix is None:
        return []
    products = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    pairs = [
        (int(i), int(j), round(float(s), DIGITS))
        for i, j, s in zip(products.row, products.col, products.data, strict=True)
    ]
    return sorted((p for p in pairs if p[2] >= threshold), key=lambda p: (-p[2], p[0], p[1]))


def most_similar(text: str, texts: Sequence[str], *, threshold: float) -> list[tuple[int, float]]:
    """The positions in `texts` at least `threshold` similar to `text`, with their similarity;
    most similar first, then by position. The words' weights are fitted on all the texts."""
    if not texts:
        return []
    matrix = _vectors([*texts, text])
    if matrix is None:
        return []
    scores = (matrix[:-1] @ matrix[-1].T).toarray().ravel()
    found = [(i, round(float(s), DIGITS)) for i, s in enumerate(scores)]
    return sorted((f for f in found if f[1] >= threshold), key=lambda f: (-f[1], f[0]))


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """Two records whose text is nearly the same: probably one record entered twice."""

    first: Resource
    second: Resource
    similarity: float

    def __str__(self) -> str:
        return (
            f"{self.first.origin}: records {self.first.id!r} and {self.second.id!r} "
            f"({self.second.origin}) are {self.similarity:.0%} similar; is one a copy?"
        )


def near_duplicates(catalogue: Catalogue, *, threshold: float = 0.9) -> tuple[NearDuplicate, ...]:
    """Pairs of resources whose title and summary are at least `threshold` similar."""
    records = catalogue.resources
    texts = [f"{r.title}. {r.summary}" for r in records]
    return tuple(
        NearDuplicate(records[i], records[j], s)
        for i, j, s in similar_pairs(texts, threshold=threshold)
    )


def similar_records(
    resource: Resource, catalogue: Catalogue, *, threshold: float = 0.9
) -> tuple[tuple[Resource, float], ...]:
    """The catalogue's other records whose title and summary are at least `threshold` similar
    to the resource's (TF-IDF cosine), with their similarity: most similar first."""
    others = [r for r in catalogue.resources if r.id != resource.id]
    texts = [_text(r) for r in others]
    return tuple(
        (others[i], s) for i, s in most_similar(_text(resource), texts, threshold=threshold)
    )


def _text(resource: Resource) -> str:
    return f"{resource.title}. {resource.summary}"
