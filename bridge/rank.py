"""The engine: a profile in, ranked and explained matches out.

Score = text similarity + facet points + role points; every part explains itself where
it is added, so "why this" is the arithmetic that ranked the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bridge.contacts import ContactIndex, ContactResults
from bridge.facetindex import FacetIndex, FacetPoints
from bridge.filters import FacetMatch, Filters, describe_matches, facet_matches, resolve_filters
from bridge.index import Index, TermCounter, TermVector, TextConfig
from bridge.model import Catalogue, Query, Reason, Resource
from bridge.text import MAX_QUERY_CHARS, Expansion, PhraseBook, resource_fields

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
EXPANSION_WEIGHT = 0.5
DIVERSITY_DECAY = 0.8
DEFAULT_TEXT = TextConfig()
DEFAULT_POINTS = FacetPoints()


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
class FacetCount:
    """How many of the records that pass the filters carry a facet value."""

    facet: str
    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class _Scored:
    """A query's per-row arrays: the filter mask and each score part."""

    mask: np.ndarray | None  # None: every row passes
    text: np.ndarray | None
    harm: np.ndarray | None
    region: np.ndarray | None
    role: np.ndarray | None

    @property
    def has_points(self) -> bool:
        """Whether facet or role points apply to this query."""
        return any(p is not None for p in (self.harm, self.region, self.role))

    def total_all(self) -> np.ndarray:
        """Every row's score before diversity, without gathering rows."""
        parts = [p for p in (self.text, self.harm, self.region, self.role) if p is not None]
        total = parts[0].astype(np.float64)
        for part in parts[1:]:
            total += part
        return total

    def total_at(self, rows: np.ndarray) -> np.ndarray:
        """Each row's score before diversity: the sum of its parts, rounded for stable ties."""
        total = np.zeros(rows.size, dtype=np.float64)
        for part in (self.text, self.harm, self.region, self.role):
            if part is not None:
                total += part[rows]
        return np.round(total, 6)


class Engine:
    """Ranks a catalogue's records for stakeholder profiles; built once, then only read."""

    __slots__ = (
        "catalogue",
        "index",
        "facets",
        "phrases",
        "points",
        "organisations",
        "_role_points",
    )

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        config: TextConfig = DEFAULT_TEXT,
        points: FacetPoints = DEFAULT_POINTS,
    ) -> None:
        self.catalogue = catalogue
        counter = TermCounter()
        fields = [resource_fields(r, catalogue) for r in catalogue.resources]
        counts = counter.count(fields, config)
        self.organisations = ContactIndex(catalogue, config, counter, counts)
        ids = [r.id for r in catalogue.resources]
        self.index = Index.from_counts(ids, counts, counter, config=config)
        self.facets = FacetIndex.build(catalogue)
        self.phrases = PhraseBook.from_taxonomy(catalogue.taxonomy)
        self.points = points
        self._role_points = {
            role: _frozen(rows.astype(np.float32) * points.role)
            for role, rows in self.facets.roles.items()
        }

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
        ranked = self._order(scored, has_text=bool(vector.ids.size), top=top)
        rows = [row for row, _ in ranked]
        terms = self.index.matched_terms_of(vector, rows) if vector.ids.size else [()] * len(rows)
        before = scored.total_at(np.asarray(rows, dtype=np.int64)).tolist()
        matches = tuple(
            self._explain(row, score, undiversified, found, scored, filters, rows)
            for (row, score), undiversified, found in zip(ranked, before, terms, strict=True)
        )
        total = len(self.catalogue.resources) if scored.mask is None else int(scored.mask.sum())
        if not total:
            notices += (_relax_hint(filters),)
        return Results(query, filters, total, matches, notices)

    def contacts(
        self, query: Query, *, sectors: tuple[str, ...] = (), top: int = 10
    ) -> ContactResults:
        """Organisations ranked for the profile; `sectors` filters (OR); unknown values
        raise UnknownTerm."""
        taxonomy = self.catalogue.taxonomy
        wanted = tuple(dict.fromkeys(taxonomy.sectors.resolve(s) for s in sectors))
        filters = resolve_filters(query, taxonomy)
        text, notices = _clean(query.text)
        expansion = self.phrases.expand(text, taxonomy)
        parts = [(text, 1.0, True), (expansion.extra_text, EXPANSION_WEIGHT, False)]
        vector = self.organisations.index.vector(parts)
        resource_vector = self.index.vector(parts)
        scores = self.index.text_scores(resource_vector) if resource_vector.ids.size else None
        results = self.organisations.rank(filters, wanted, vector, scores, self.points, top=top)
        notices += _expansion_notices(expansion, vector, self.catalogue)
        if not results.total:
            notices += (_relax_hint(filters, sectors=bool(wanted)),)
        return ContactResults(results.total, results.matches, notices)

    def mask(self, query: Query) -> np.ndarray:
        """Which records pass the query's filters, one boolean per catalogue record."""
        filters = resolve_filters(query, self.catalogue.taxonomy)
        mask = self._score(filters, TermVector(np.zeros(0, np.int64), np.zeros(0))).mask
        return np.ones(len(self.catalogue.resources), dtype=bool) if mask is None else mask

    def facet_counts(self, query: Query) -> tuple[FacetCount, ...]:
        """Counts of each role, harm, region and kind among the records passing the filters,
        largest first; values no passing record carries are left out."""
        mask = self.mask(query)
        taxonomy = self.catalogue.taxonomy
        counts = [
            FacetCount("role", r, taxonomy.roles.label(r), int((rows & mask).sum()))
            for r, rows in self.facets.roles.items()
        ]
        counts += [
            FacetCount("harm", h, taxonomy.harms.label(h), int(mask[rows].sum()))
            for h, rows in self.facets.harms.items()
        ]
        counts += [
            FacetCount("region", g, g, int(mask[rows].sum()))
            for g, rows in self.facets.regions.items()
        ]
        codes, per_kind = np.unique(self.facets.kinds[mask], return_counts=True)
        kinds = [self.facets.kind_names[c] for c in codes.tolist()]
        counts += [
            FacetCount("kind", k, taxonomy.kinds.label(k), int(c))
            for k, c in zip(kinds, per_kind.tolist(), strict=True)
        ]
        return tuple(
            sorted((c for c in counts if c.count), key=lambda c: (c.facet, -c.count, c.label))
        )

    def _score(self, filters: Filters, vector: TermVector) -> _Scored:
        mask = self.facets.plain_mask(filters)
        harm = region = None
        if filters.harms:
            harm = self.facets.harm_points(filters, self.points)
            mask = harm > 0 if mask is None else mask & (harm > 0)
        if filters.regions:
            region = self.facets.region_points(filters, self.points)
            mask = region > 0 if mask is None else mask & (region > 0)
        role = self._role_points[filters.role] if filters.role else None
        text = self.index.text_scores(vector) if vector.ids.size else None
        return _Scored(mask, text, harm, region, role)

    def _passing_rows(self, scored: _Scored) -> np.ndarray:
        if scored.mask is None:
            return np.arange(len(self.catalogue.resources))
        return np.flatnonzero(scored.mask)

    def _order(self, scored: _Scored, *, has_text: bool, top: int) -> list[tuple[int, float]]:
        """(row, score) of the best records: by score, then by id (text) or newest first."""
        if top <= 0:
            return []
        if not has_text:
            rows = self._passing_rows(scored)
            score = scored.total_at(rows)
            return self._best(rows, score, _sort_keys(score, self.facets.newest_first[rows]), top)
        if scored.has_points and scored.mask is None:  # every row can rank: no gathering
            rows = np.arange(len(self.catalogue.resources))
            score, tie = scored.total_all(), self.facets.by_id
        else:
            rows = self._text_candidates(scored, top)
            score, tie = scored.total_at(rows), self.facets.by_id[rows]
        if not rows.size:
            return []
        keys = _sort_keys(score, tie)
        window = top * 3 + 10
        while True:
            ranked = _top_positions(keys, window + 1)
            candidates = [(int(rows[p]), float(score[p])) for p in ranked[:window]]
            chosen = self._diversified(candidates, top)
            outside = float(score[ranked[window]]) if len(ranked) > window else -np.inf
            if chosen[-1][1] >= outside:
                return chosen
            window *= 4

    def _text_candidates(self, scored: _Scored, top: int) -> np.ndarray:
        """The passing rows that can reach the top. With facet or role points, every passing
        row can; without, a row that shares no word with the query scores 0, so only the
        matching rows count, topped up in id order when fewer than `top` match."""
        assert scored.text is not None
        if scored.has_points:
            return self._passing_rows(scored)
        eligible = scored.text > 0
        if scored.mask is not None:
            eligible &= scored.mask
        rows = np.flatnonzero(eligible)
        if rows.size >= top:
            return rows
        others = ~eligible if scored.mask is None else scored.mask & ~eligible
        filler = self.facets.rows_by_id[others[self.facets.rows_by_id]][: top - rows.size]
        return np.concatenate([rows, filler])

    @staticmethod
    def _best(
        rows: np.ndarray, score: np.ndarray, keys: np.ndarray, k: int
    ) -> list[tuple[int, float]]:
        """The k best rows, in order, without sorting the rest."""
        at = _top_positions(keys, k)
        return list(zip(rows[at].tolist(), score[at].tolist(), strict=True))

    def _diversified(
        self, candidates: list[tuple[int, float]], top: int
    ) -> list[tuple[int, float]]:
        """Greedy re-ranking: each further record of one organisation counts 20% less, so
        the top of the list is not all one organisation; scores stay non-increasing."""
        rows = np.asarray([r for r, _ in candidates], dtype=np.int64)
        score = np.asarray([s for _, s in candidates], dtype=np.float64)
        organisation = self.facets.organisations[rows]
        picked = np.zeros(len(rows), dtype=bool)
        factor = np.ones(len(rows), dtype=np.float64)
        chosen: list[tuple[int, float]] = []
        while len(chosen) < min(top, len(rows)):
            effective = np.where(picked, -1.0, score * factor)
            best = int(np.argmax(effective))  # first of equals: candidates are in tie order
            picked[best] = True
            chosen.append((int(rows[best]), round(float(effective[best]), 6)))
            factor[organisation == organisation[best]] *= DIVERSITY_DECAY
        return chosen

    def _explain(
        self,
        row: int,
        score: float,
        before: float,
        terms: tuple[str, ...],
        scored: _Scored,
        filters: Filters,
        ordered: list[int],
    ) -> Match:
        record = self.catalogue.resources[row]
        taxonomy = self.catalogue.taxonomy
        why: list[Reason] = []
        if scored.text is not None and scored.text[row] > 0:
            why.append(Reason("text", float(scored.text[row]), "matches " + ", ".join(terms)))
        facets = facet_matches(record, filters, taxonomy)
        for facet, points in (("harm", scored.harm), ("region", scored.region)):
            best = [m for m in facets if m.facet == facet]
            if points is not None and best:
                why.append(Reason(facet, float(points[row]), describe_matches(best)))  # type: ignore[arg-type]
        if scored.role is not None and scored.role[row] > 0:
            label = taxonomy.roles.label(filters.role or "")
            why.append(Reason("role", float(scored.role[row]), f"for your role: {label}"))
        earlier = [
            r
            for r in ordered[: ordered.index(row)]
            if self.facets.organisations[r] == self.facets.organisations[row]
        ]
        if earlier and scored.text is not None and score < before:
            name = self.catalogue.organisation_name(record.organisation)
            text = f"{len(earlier)} more from {name} ranked above: counts {score / before:.0%}"
            why.append(Reason("diversity", round(score - before, 6), text))
        return Match(record, score, tuple(why), terms, facets)


_TIE_BITS = 22  # room for 4 million records' tie ranks below the score


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def _sort_keys(score: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """One distinct integer per row that orders by score (to 1e-6), then by `tie` ascending.

    Distinct keys keep selection fast: partitioning floats with many equal scores is not.
    """
    keys = np.rint(score * 1e6).astype(np.int64)
    keys <<= _TIE_BITS
    keys += (1 << _TIE_BITS) - 1
    keys -= tie
    return keys


def _top_positions(keys: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k largest keys, largest first."""
    if k < keys.size:
        part = np.argpartition(keys, keys.size - k)[keys.size - k :]
    else:
        part = np.arange(keys.size)
    return part[np.argsort(-keys[part], kind="stable")]


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


def _relax_hint(filters: Filters, *, sectors: bool = False) -> str:
    active = [
        name
        for name, on in (
            ("harm", filters.harms),
            ("region", filters.regions),
            ("kind", filters.kinds),
            ("year", filters.year_from or filters.year_to),
            ("strict role", filters.strict_role and filters.role),
            ("sector", sectors),
        )
        if on
    ]
    if not active:
        return "The catalogue has no records yet."
    return "No records pass these filters; try removing the " + " or ".join(active) + " filter."
