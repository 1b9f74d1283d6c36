"""The engine: a profile in, ranked and explained matches out.

Score = text similarity + facet points + role points; every part explains itself where
it is added, so "why this" is the arithmetic that ranked the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bridge.facetindex import FacetIndex, FacetPoints
from bridge.filters import FacetMatch, Filters, facet_matches, resolve_filters
from bridge.index import Index, TermVector, TextConfig
from bridge.model import Catalogue, Query, Resource
from bridge.text import MAX_QUERY_CHARS, Expansion, PhraseBook

ReasonKind = Literal["text", "role", "harm", "region", "diversity"]
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
EXPANSION_WEIGHT = 0.5
DIVERSITY_DECAY = 0.8
DEFAULT_TEXT = TextConfig()
DEFAULT_POINTS = FacetPoints()


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of a record's score and what earned it."""

    kind: ReasonKind
    points: float
    text: str


@dataclass(frozen=True, slots=True)
class Match:
    """A ranked record with its score and the reasons for it."""

    record: Resource
    score: float
    why: tuple[Reason, ...]
    terms: tuple[str, ...] = ()
    facets: tuple[FacetMatch, ...] = ()


@dataclass(frozen=True, slots=True)
class Results:
    """The top matches, how many records passed the filters, and notices for the user."""

    query: Query
    filters: Filters
    total: int
    matches: tuple[Match, ...]
    notices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Scored:
    """A query's per-row arrays: the filter mask and each score part."""

    mask: np.ndarray
    text: np.ndarray | None
    harm: np.ndarray | None
    region: np.ndarray | None
    role: np.ndarray | None

    def total(self) -> np.ndarray:
        parts = [p for p in (self.text, self.harm, self.region, self.role) if p is not None]
        total = np.zeros(len(self.mask), dtype=np.float32) if not parts else sum(parts)
        return np.round(total.astype(np.float64), 6)


class Engine:
    """Ranks a catalogue's records for stakeholder profiles; built once, then only read."""

    __slots__ = ("catalogue", "index", "facets", "phrases", "points")

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        config: TextConfig = DEFAULT_TEXT,
        points: FacetPoints = DEFAULT_POINTS,
    ) -> None:
        self.catalogue = catalogue
        self.index = Index.build(catalogue, config=config)
        self.facets = FacetIndex.build(catalogue)
        self.phrases = PhraseBook.from_taxonomy(catalogue.taxonomy)
        self.points = points

    def search(self, query: Query, *, top: int = 10) -> Results:
        """The best `top` records for the profile; an unknown facet value raises UnknownTerm."""
        filters = resolve_filters(query, self.catalogue.taxonomy)
        text, notices = _clean(query.text)
        expansion = self.phrases.expand(text, self.catalogue.taxonomy)
        vector = self.index.vector(
            [(text, 1.0, True), (expansion.extra_text, EXPANSION_WEIGHT, False)]
        )
        notices += _expansion_notices(expansion, vector, self.catalogue)
        scored = self._score(filters, vector)
        rows = self._order(scored, has_text=bool(vector.ids.size), top=top)
        matches = tuple(self._explain(row, scored, filters, vector, rows) for row in rows)
        total = int(scored.mask.sum())
        if not total:
            notices += (_relax_hint(filters),)
        return Results(query, filters, total, matches, notices)

    def _score(self, filters: Filters, vector: TermVector) -> _Scored:
        mask = self.facets.plain_mask(filters)
        harm = region = None
        if filters.harms:
            harm = self.facets.harm_points(filters, self.catalogue, self.points)
            mask &= harm > 0
        if filters.regions:
            region = self.facets.region_points(filters, self.catalogue, self.points)
            mask &= region > 0
        role = None
        if filters.role:
            role = self.facets.roles[filters.role].astype(np.float32) * self.points.role
        text = self.index.text_scores(vector) if vector.ids.size else None
        return _Scored(mask, text, harm, region, role)

    def _order(self, scored: _Scored, *, has_text: bool, top: int) -> list[int]:
        """Rows of the best records: by score, then by id (text) or newest first (no text)."""
        rows = np.flatnonzero(scored.mask)
        if not rows.size or top <= 0:
            return []
        score = scored.total()[rows]
        window = min(rows.size, top * 3 + 10 if has_text else top)
        if window < rows.size:
            cut = np.partition(score, rows.size - window)[rows.size - window]
            keep = score >= cut
            rows, score = rows[keep], score[keep]
        tie = self._id_rank(rows) if has_text else self.facets.newest_first[rows]
        ordered = rows[np.lexsort((tie, -score))].tolist()
        if has_text:
            ordered = self._diversified(ordered, scored.total())
        return ordered[:top]

    def _id_rank(self, rows: np.ndarray) -> np.ndarray:
        ids = [self.index.ids[r] for r in rows.tolist()]
        return np.argsort(np.argsort(np.asarray(ids, dtype=object), kind="stable"), kind="stable")

    def _diversified(self, ordered: list[int], totals: np.ndarray) -> list[int]:
        """Greedy re-ranking: each further record of an organisation counts a little less."""
        seen: dict[int, int] = {}
        remaining = list(ordered)
        result = []
        while remaining:

            def effective(row: int) -> float:
                org = int(self.facets.organisations[row])
                return float(totals[row]) * DIVERSITY_DECAY ** seen.get(org, 0)

            best = max(remaining, key=lambda r: (effective(r), -remaining.index(r)))
            remaining.remove(best)
            result.append(best)
            org = int(self.facets.organisations[best])
            seen[org] = seen.get(org, 0) + 1
        return result

    def _explain(
        self, row: int, scored: _Scored, filters: Filters, vector: TermVector, ordered: list[int]
    ) -> Match:
        record = self.catalogue.resources[row]
        taxonomy = self.catalogue.taxonomy
        why: list[Reason] = []
        terms: tuple[str, ...] = ()
        if scored.text is not None and scored.text[row] > 0:
            names = {i: t for t, i in self.index.vocabulary.items()}
            terms = tuple(sorted(names[t] for t in self.index.matched_terms(vector, row)))
            why.append(Reason("text", float(scored.text[row]), "matches " + ", ".join(terms)))
        facets = facet_matches(record, filters, taxonomy)
        for facet, points in (("harm", scored.harm), ("region", scored.region)):
            best = [m for m in facets if m.facet == facet]
            if points is not None and best:
                why.append(Reason(facet, float(points[row]), _facet_words(best, taxonomy)))  # type: ignore[arg-type]
        if scored.role is not None and scored.role[row] > 0:
            label = taxonomy.roles.label(filters.role or "")
            why.append(Reason("role", float(scored.role[row]), f"for your role: {label}"))
        earlier = [
            r
            for r in ordered[: ordered.index(row)]
            if self.facets.organisations[r] == self.facets.organisations[row]
        ]
        if earlier and scored.text is not None:
            name = self.catalogue.organisation_name(record.organisation)
            why.append(Reason("diversity", 0.0, f"placed after {len(earlier)} more from {name}"))
        score = float(scored.total()[row])
        return Match(record, score, tuple(why), terms, facets)


def _clean(text: str) -> tuple[str, tuple[str, ...]]:
    notices: tuple[str, ...] = ()
    text = _CONTROL.sub(" ", text or "")
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices += (f"Your text was cut to its first {MAX_QUERY_CHARS} characters.",)
    return text, notices


def _expansion_notices(
    expansion: Expansion, vector: TermVector, catalogue: Catalogue
) -> tuple[str, ...]:
    notices = []
    for used, concept_id in expansion.deprecated:
        preferred = catalogue.taxonomy.harms.label(concept_id)
        notices.append(
            f"“{used}” is an outdated term; the preferred term is “{preferred}”. "
            "Results for it are included."
        )
    if vector.corrections:
        fixed = ", ".join(f"{typed} → {term}" for typed, term in vector.corrections)
        notices.append(f"Also searched for close spellings: {fixed}.")
    return tuple(notices)


def _facet_words(matches: list[FacetMatch], taxonomy: object) -> str:
    order = {"exact": 0, "narrower": 1, "overlap": 2, "broader": 3, "global": 4}
    best = sorted(matches, key=lambda m: order[m.relation])[0]
    if best.relation == "exact":
        return f"{best.facet}: {best.tagged}"
    if best.relation == "global":
        return f"{best.facet}: Global, covers {best.wanted}"
    words = {"narrower": "within", "broader": "which includes", "overlap": "overlapping"}
    return f"{best.facet}: {best.tagged}, {words[best.relation]} {best.wanted}"


def _relax_hint(filters: Filters) -> str:
    active = [
        name
        for name, on in (
            ("harm", filters.harms),
            ("region", filters.regions),
            ("kind", filters.kinds),
            ("year", filters.year_from or filters.year_to),
            ("strict role", filters.strict_role and filters.role),
        )
        if on
    ]
    if not active:
        return "The catalogue has no records yet."
    return "No records pass these filters; try removing the " + " or ".join(active) + " filter."
