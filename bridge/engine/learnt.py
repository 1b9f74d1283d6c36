"""Tags learnt from the catalogue's own records: for each tag field (kind, harms, roles) a
linear classifier over the records' title and summary, so a draft can show what records
like it were tagged with beside the suggestions its words name. Fitted on demand, never at
start, and cross-validated so a curator knows how far to trust it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from bridge.engine.text import fold
from bridge.errors import BridgeError
from bridge.model import Catalogue, Resource

LearntField = Literal["kind", "harms", "roles"]
LEARNT_FIELDS: tuple[LearntField, ...] = ("kind", "harms", "roles")
THRESHOLD = 0.5  # a value is suggested when the classifier gives it at least this chance
MOST_PER_FIELD = 3
MIN_RECORDS = 2  # a value the catalogue tags fewer records with is not learnt


@dataclass(frozen=True, slots=True)
class LearntTag:
    """A value suggested for a field, with the chance the classifier gives it."""

    field: LearntField
    value: str
    probability: float


@dataclass(frozen=True, slots=True)
class FieldScore:
    """How the learnt suggestions of one field compare with the records' own tags, pooled
    over the folds: of the values suggested, the share right (precision); of the values
    tagged, the share suggested (recall)."""

    field: LearntField
    precision: float
    recall: float
    suggested: int
    tagged: int

    @classmethod
    def of(cls, field: LearntField, right: int, suggested: int, tagged: int) -> FieldScore:
        """The score of `right` values among `suggested`, of `tagged`, to three places."""
        return cls(
            field,
            round(right / suggested, 3) if suggested else 0.0,
            round(right / tagged, 3) if tagged else 0.0,
            suggested,
            tagged,
        )


class TagModel:
    """The records' TF-IDF vectorizer and one fitted classifier per field; made by
    `fit_tag_model`, then only read."""

    __slots__ = ("_vectorizer", "_models")

    def __init__(
        self, vectorizer: Any, models: dict[LearntField, tuple[Any, tuple[str, ...]]]
    ) -> None:
        self._vectorizer = vectorizer
        self._models = models  # field -> (classifier, its values in column order)

    def suggest(self, text: str) -> tuple[LearntTag, ...]:
        """The values each field's classifier gives at least THRESHOLD for the text, most
        likely first, at most MOST_PER_FIELD a field (the likeliest kind only); nothing for
        a text that shares no word with the records."""
        if self._vectorizer is None:
            return ()
        features = self._vectorizer.transform([fold(text)])
        if not features.nnz:
            return ()
        found: list[LearntTag] = []
        for field, (classifier, values) in self._models.items():
            chances = classifier.predict_proba(features)[0]
            order = np.argsort(-chances, kind="stable")[: 1 if field == "kind" else MOST_PER_FIELD]
            found += [
                LearntTag(field, values[i], round(float(chances[i]), 2))
                for i in order.tolist()
                if chances[i] >= THRESHOLD
            ]
        return tuple(found)


def record_text(resource: Resource) -> str:
    """What a draft has of a record before it is finished: its title and summary."""
    return f"{resource.title}. {resource.summary}"


def fit_tag_model(catalogue: Catalogue) -> TagModel:
    """Classifiers fitted on every record of the catalogue; a field whose values are too few
    to tell apart is left out."""
    return _fitted(list(catalogue.resources))


def cross_validated(catalogue: Catalogue, *, folds: int = 5) -> tuple[FieldScore, ...]:
    """Precision and recall of the learnt suggestions, each record suggested for by a model
    fitted without it (`folds` folds, shuffled with a fixed seed, so a run repeats)."""
    resources = list(catalogue.resources)
    if folds < 2:
        raise BridgeError(f"cross-validation needs at least two folds, not {folds}")
    if folds > len(resources):
        raise BridgeError(
            f"cross-validation in {folds} folds needs at least {folds} records; "
            f"the catalogue has {len(resources)}"
        )
    counts = {f: [0, 0, 0] for f in LEARNT_FIELDS}  # right, suggested, tagged
    splits = KFold(n_splits=folds, shuffle=True, random_state=0).split(resources)
    for train, test in splits:
        model = _fitted([resources[i] for i in train.tolist()])
        for i in test.tolist():
            resource = resources[i]
            suggested = model.suggest(record_text(resource))
            for field in LEARNT_FIELDS:
                tagged = set(_values(resource, field))
                mine = {t.value for t in suggested if t.field == field}
                counts[field][0] += len(mine & tagged)
                counts[field][1] += len(mine)
                counts[field][2] += len(tagged)
    return tuple(FieldScore.of(field, *count) for field, count in counts.items())


def _fitted(resources: Sequence[Resource]) -> TagModel:
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
    try:
        features = vectorizer.fit_transform([fold(record_text(r)) for r in resources])
    except ValueError:  # no word in two records (a catalogue of one, or none): nothing to learn
        return TagModel(None, {})
    models: dict[LearntField, tuple[Any, tuple[str, ...]]] = {}
    for field in LEARNT_FIELDS:
        labels = [_values(r, field) for r in resources]
        common = _common_values(labels)
        if len(common) < 2:
            continue
        kept = [[v for v in values if v in common] for values in labels]
        binarizer = MultiLabelBinarizer(classes=sorted(common))
        targets = binarizer.fit_transform(kept)
        base = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)
        classifier = OneVsRestClassifier(base).fit(features, targets)
        models[field] = (classifier, tuple(binarizer.classes_.tolist()))
    return TagModel(vectorizer, models)


def _values(resource: Resource, field: LearntField) -> tuple[str, ...]:
    return (resource.kind,) if field == "kind" else getattr(resource, field)


def _common_values(labels: Sequence[Sequence[str]]) -> set[str]:
    """Values tagged on at least MIN_RECORDS records and missing from at least one (a
    classifier needs examples of both)."""
    counted: dict[str, int] = {}
    for values in labels:
        for value in set(values):
            counted[value] = counted.get(value, 0) + 1
    return {v for v, n in counted.items() if MIN_RECORDS <= n < len(labels)}
