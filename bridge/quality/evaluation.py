"""Ranking quality on judged profiles: nDCG@10 and must-see@3, for any ranking function."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bridge.model import Catalogue, Query, Resource

CUTOFF = 10
MUST_SEE_CUTOFF = 3


@dataclass(frozen=True, slots=True)
class Judgment:
    """A record the profile must see: a case-insensitive pattern over 'title | organisation'."""

    pattern: str
    grade: int


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    query: Query
    judgments: tuple[Judgment, ...]


@dataclass(frozen=True, slots=True)
class ProfileScore:
    name: str
    ndcg: float
    must_see: float | None  # None when the profile has no grade-2 judgment
    found: tuple[tuple[str, int | None], ...]  # judgment pattern -> 1-based rank or None


@dataclass(frozen=True, slots=True)
class Evaluation:
    scores: tuple[ProfileScore, ...]

    @property
    def mean_ndcg(self) -> float:
        return sum(s.ndcg for s in self.scores) / len(self.scores) if self.scores else 0.0

    @property
    def mean_must_see(self) -> float:
        values = [s.must_see for s in self.scores if s.must_see is not None]
        return sum(values) / len(values) if values else 0.0


Ranker = Callable[[Query], Sequence[Resource]]


def credited_ranks(
    ranked: Sequence[Resource], catalogue: Catalogue, judgments: Sequence[Judgment]
) -> list[int | None]:
    """For each judgment, the 1-based rank of the first record that matches it, if any."""
    labels = [f"{r.title} | {catalogue.organisation_name(r.organisation)}" for r in ranked]
    ranks: list[int | None] = []
    for judgment in judgments:
        pattern = re.compile(judgment.pattern, re.IGNORECASE)
        ranks.append(next((i + 1 for i, label in enumerate(labels) if pattern.search(label)), None))
    return ranks


def ndcg(ranks: Sequence[int | None], grades: Sequence[int], *, cutoff: int = CUTOFF) -> float:
    """nDCG with gain 2^grade - 1, each judgment credited once at its rank."""
    gains = [(2**g - 1, r) for g, r in zip(grades, ranks, strict=True)]
    dcg = sum(gain / math.log2(rank + 1) for gain, rank in gains if rank and rank <= cutoff)
    ideal_gains = sorted((2**g - 1 for g in grades), reverse=True)[:cutoff]
    ideal = sum(gain / math.log2(i + 2) for i, gain in enumerate(ideal_gains))
    return dcg / ideal if ideal else 0.0


def evaluate(profiles: Sequence[Profile], ranker: Ranker, catalogue: Catalogue) -> Evaluation:
    """Score the ranker's top 10 for every profile."""
    scores = []
    for profile in profiles:
        ranked = list(ranker(profile.query))[:CUTOFF]
        ranks = credited_ranks(ranked, catalogue, profile.judgments)
        grades = [j.grade for j in profile.judgments]
        must = [r for r, j in zip(ranks, profile.judgments, strict=True) if j.grade >= 2]
        must_see = (
            (sum(1 for r in must if r and r <= MUST_SEE_CUTOFF) / len(must)) if must else None
        )
        found = tuple((j.pattern, r) for j, r in zip(profile.judgments, ranks, strict=True))
        scores.append(ProfileScore(profile.name, ndcg(ranks, grades), must_see, found))
    return Evaluation(tuple(scores))
