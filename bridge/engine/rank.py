"""The engine: a profile in, ranked and explained matches out.

Score = text similarity + facet points + role points; every part explains itself where
it is added, so "why this" is the arithmetic that ranked the record.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bridge.engine.contacts import ContactIndex, ContactResults
from bridge.engine.facets import FacetPoints
from bridge.engine.filters import (
    FacetMatch,
    Filters,
    describe_matches,
    facet_matches,
    resolve_filters,
)
from bridge.engine.fitted import Fitted
from bridge.engine.index import TermVector, TextConfig
from bridge.engine.text import MAX_QUERY_CHARS, Expansion, PhraseBook, words
from bridge.model import Catalogue, Organisation, Query, Reason, Resource

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
    matches_words: bool = True  # holds a word the person typed (always, without words)


@dataclass(frozen=True, slots=True)
class Results:
    """The top matches, how many records passed the filters, and notices for the user."""

    query: Query
    filters: Filters
    total: int  # records that pass the filters
    matches: tuple[Match, ...]
    notices: tuple[str, ...] = ()
    matched: int = -1  # of those, the records that match the query's words (all, without)

    def __post_init__(self) -> None:
        if self.matched < 0:
            object.__setattr__(self, "matched", self.total)


@dataclass(frozen=True, slots=True)
class FacetCount:
    """How many of the records that pass the filters carry a facet value."""

    facet: str
    value: str
    label: str
    count: int


_NO_FLAGS = np.zeros(0, dtype=bool)
_NO_POINTS = np.zeros(0, dtype=np.float32)
_NO_ROWS = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class _Parts:
    """A query's score parts as the compiled loops take them; an empty array is a part not
    in play (no text, no kind/year/strict-role filter, no harm or region filter, no role)."""

    allowed: np.ndarray  # bool per row: passes the kind, year and strict-role filters
    text: np.ndarray  # text score per row
    touched: np.ndarray  # the rows with a text score
    hits: np.ndarray  # bool per row: holds a word the person typed
    harm: np.ndarray  # harm points per harm tag set; 0 fails the filter
    region: np.ndarray  # region points per region tag set; 0 fails the filter
    role: np.ndarray  # bool per row: the record is for the query's role

    @property
    def has_points(self) -> bool:
        """Whether facet or role points apply to this query."""
        return bool(self.harm.size or self.region.size or self.role.size)


class Engine:
    """Ranks a catalogue's records (and, through an index built on first use, its
    organisations) for stakeholder profiles; built once, then only read."""

    __slots__ = (
        "catalogue",
        "fitted",
        "index",
        "facets",
        "phrases",
        "points",
        "_organisations",
        "_lock",
    )

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        config: TextConfig = DEFAULT_TEXT,
        points: FacetPoints = DEFAULT_POINTS,
        fitted: Fitted | None = None,
    ) -> None:
        """The engine of a catalogue: fitted here, or from `fitted` parts made for this very
        catalogue (a stored copy read back)."""
        if fitted is None:
            from bridge.engine.fitting import fit

            fitted = fit(catalogue, config=config)
        self.catalogue = catalogue
        self.fitted = fitted
        self.index, self.facets = fitted.index, fitted.facets
        self.phrases = PhraseBook.from_taxonomy(catalogue.taxonomy, fitted.index.stop_words)
        self.points = points
        self._organisations: ContactIndex | None = None
        self._lock = threading.Lock()

    @property
    def organisations(self) -> ContactIndex:
        """The organisations' index, built on first use (resource search never reads it),
        once even when several threads ask at the same time."""
        with self._lock:
            if self._organisations is None:
                from bridge.engine.fitting import fit_contacts

                self._organisations = fit_contacts(self.catalogue, self.fitted)
            return self._organisations

    def search(self, query: Query, *, top: int = 10) -> Results:
        """The best `top` records for the profile; an unknown facet value raises UnknownTerm."""
        filters = resolve_filters(query, self.catalogue.taxonomy)
        text, notices = _clean(query.text)
        expansion = self.phrases.expand(text, self.catalogue.taxonomy)
        vector = self.index.vector(
            [(text, 1.0, True), (expansion.extra_text, EXPANSION_WEIGHT, False)]
        )
        notices += _expansion_notices(expansion, vector, self.catalogue)
        parts = self._parts(filters, vector)
        ranked, before, total, matched = self._order(parts, top=top)
        meaningful = bool(self.index.terms(text))
        unknown = meaningful and not vector.ids.size  # words typed, none the catalogue holds
        matched = 0 if unknown else matched
        rows = [row for row, _ in ranked]
        terms = self.index.matched_terms_of(vector, rows) if vector.ids.size else [()] * len(rows)
        matches = tuple(
            self._explain(row, score, undiversified, found, parts, filters, rows, unknown)
            for (row, score), undiversified, found in zip(ranked, before, terms, strict=True)
        )
        if not total:
            notices += (_relax_hint(filters),)
        elif words(text) and not meaningful:
            notices += (_NO_WORDS,)
        elif meaningful and not matched:
            elsewhere = 0 if unknown else _holding_words(parts)
            notices += (_nothing_matched(filters, elsewhere),)
        return Results(query, filters, total, matches, notices, matched)

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
        parts = self._parts(filters, TermVector(_NO_ROWS, _NO_POINTS))
        passed = np.zeros(len(self.catalogue.resources), dtype=bool)
        self._best(parts, 0, self.facets.by_id, passed_out=passed)
        return passed

    def exported(self, query: Query) -> tuple[tuple[Resource, ...], tuple[Organisation, ...]]:
        """What an export for the query holds: the records that pass its filters, in catalogue
        order (those for its role first, unless the role is strict), and the organisations:
        every one when nothing is filtered, else those the records name."""
        filters = resolve_filters(query, self.catalogue.taxonomy)
        passed = np.flatnonzero(self.mask(query)).tolist()
        resources = tuple(self.catalogue.resources[row] for row in passed)
        if filters.role and not filters.strict_role:
            resources = tuple(sorted(resources, key=lambda r: filters.role not in r.roles))
        if filters.is_empty:
            return resources, self.catalogue.organisations
        return resources, self.catalogue.organisations_of(resources)

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

    def _parts(self, filters: Filters, vector: TermVector) -> _Parts:
        """The query's score parts; the rows with text are tracked only when no facet or
        role points apply, as only then are they the candidates (see _order)."""
        allowed = self.facets.plain_mask(filters)
        track = not (filters.harms or filters.regions or filters.role)
        text, touched, hits = (
            self.index.scored_rows(vector, track=track)
            if vector.ids.size
            else (_NO_POINTS, _NO_ROWS, _NO_FLAGS)
        )
        points = self.points
        return _Parts(
            allowed=_NO_FLAGS if allowed is None else allowed,
            text=text,
            touched=touched,
            hits=hits,
            harm=self.facets.harm_points(filters, points) if filters.harms else _NO_POINTS,
            region=self.facets.region_points(filters, points) if filters.regions else _NO_POINTS,
            role=self.facets.roles[filters.role] if filters.role else _NO_FLAGS,
        )

    def _order(
        self, parts: _Parts, *, top: int
    ) -> tuple[list[tuple[int, float]], list[float], int, int]:
        """The best records as (row, score), each one's score before diversity, how many
        pass the filters and how many of those match the words; by score, then by id (with
        text) or newest first (without)."""
        top = max(top, 0)
        if not parts.text.size:
            rows, scores, total, _ = self._best(parts, top, self.facets.newest_first)
            ranked = list(zip(rows.tolist(), scores.tolist(), strict=True))
            return ranked, scores.tolist(), total, total
        window = top * 3 + 10
        while True:
            if parts.has_points:  # every passing row can rank on its points
                rows, scores, total, matched = self._best(parts, window + 1, self.facets.by_id)
            else:  # a row that shares no word with the query scores 0
                rows, scores, matching, matched = self.index.loops.best_matching_rows(
                    window + 1,
                    parts.touched,
                    parts.text,
                    parts.allowed,
                    self.facets.by_id,
                    parts.hits,
                )
                if matching < top:
                    rows, scores = self._topped_up(parts, rows, scores, top - matching)
                total = parts.allowed.sum() if parts.allowed.size else parts.text.size
            picks = self.index.loops.diversified(
                scores[:window], self.facets.organisations[rows[:window]], top, DIVERSITY_DECAY
            )
            chosen = [(int(rows[int(at)]), round(value, 6)) for at, value in picks.tolist()]
            outside = float(scores[window]) if rows.size > window else -np.inf
            if not chosen or chosen[-1][1] >= outside:
                before = [float(scores[int(at)]) for at, _ in picks.tolist()]
                return chosen, before, int(total), int(matched)
            window *= 4

    def _best(
        self, parts: _Parts, k: int, tie: np.ndarray, passed_out: np.ndarray = _NO_FLAGS
    ) -> tuple[np.ndarray, np.ndarray, int, int]:
        """The k best rows of all, their scores, how many pass and how many of those match
        the words (see kernels.best_rows)."""
        facets = self.facets
        rows, scores, passed, matched = self.index.loops.best_rows(
            k,
            parts.text,
            parts.allowed,
            facets.harm_codes.set_of,
            parts.harm,
            facets.region_codes.set_of,
            parts.region,
            parts.role,
            np.float32(self.points.role),
            tie,
            passed_out,
            parts.hits,
        )
        return rows, scores, int(passed), int(matched)

    def _topped_up(
        self, parts: _Parts, rows: np.ndarray, scores: np.ndarray, wanted: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """When fewer records match the words than were asked for, the list goes on with
        other passing records (score 0) in id order."""
        others = parts.text <= 0
        if parts.allowed.size:
            others &= parts.allowed
        filler = self.facets.rows_by_id[others[self.facets.rows_by_id]][:wanted]
        return np.concatenate([rows, filler]), np.concatenate([scores, np.zeros(filler.size)])

    def _explain(
        self,
        row: int,
        score: float,
        before: float,
        terms: tuple[str, ...],
        parts: _Parts,
        filters: Filters,
        ordered: list[int],
        unknown_words: bool = False,
    ) -> Match:
        record = self.catalogue.resources[row]
        taxonomy = self.catalogue.taxonomy
        why: list[Reason] = []
        text = float(parts.text[row]) if parts.text.size else 0.0
        if text > 0:
            why.append(Reason("text", text, "matches " + ", ".join(terms)))
        facets = facet_matches(record, filters, taxonomy)
        scored: tuple[tuple[Literal["harm", "region"], np.ndarray, np.ndarray], ...] = (
            ("harm", parts.harm, self.facets.harm_codes.set_of),
            ("region", parts.region, self.facets.region_codes.set_of),
        )
        for facet, per_set, sets in scored:
            best = [m for m in facets if m.facet == facet]
            if per_set.size and best:
                why.append(Reason(facet, float(per_set[sets[row]]), describe_matches(best)))
        if parts.role.size and parts.role[row]:
            label = taxonomy.roles.label(filters.role or "")
            why.append(
                Reason("role", float(np.float32(self.points.role)), f"for your role: {label}")
            )
        resources = self.catalogue.resources
        earlier = [
            r
            for r in ordered[: ordered.index(row)]
            if resources[r].organisation == record.organisation
        ]
        if earlier and parts.text.size and score < before:
            name = self.catalogue.organisation_name(record.organisation)
            said = f"{len(earlier)} more from {name} ranked above: counts {score / before:.0%}"
            why.append(Reason("diversity", round(score - before, 6), said))
        typed = bool(parts.hits[row]) if parts.hits.size else not unknown_words
        return Match(record, score, tuple(why), terms, facets, typed)


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


_NO_WORDS = (
    "Your words are all ones that search ignores (such as 'the' or 'of'): type the subject, "
    "for example 'grooming' or 'helplines'."
)


def _holding_words(parts: _Parts) -> int:
    """How many records of the whole catalogue hold a word of the query, filters aside."""
    return int(parts.hits.sum()) if parts.hits.size else int((parts.text > 0).sum())


def _nothing_matched(filters: Filters, elsewhere: int) -> str:
    """What to relax when no record that passes the filters holds the words."""
    listed = (
        "the catalogue is listed"
        if filters.is_empty
        else "the records that pass your filters are listed"
    )
    active = _active_filters(filters)
    if elsewhere and active:
        noun = (
            "record outside your filters does"
            if elsewhere == 1
            else "records outside your filters do"
        )
        return (
            f"No record that passes your filters matches your words, but {elsewhere} {noun}: "
            f"try removing the {' or '.join(active)} filter. Until then {listed}."
        )
    return f"No record matches your words, so {listed} instead; try other words or a synonym."


def _active_filters(filters: Filters, *, sectors: bool = False) -> list[str]:
    return [
        name
        for name, on in (
            ("harm", filters.harms),
            ("region", filters.regions),
            ("kind", filters.kinds),
            ("evidence", filters.evidence),
            ("year", filters.year_from or filters.year_to),
            ("strict role", filters.strict_role and filters.role),
            ("sector", sectors),
        )
        if on
    ]


def _relax_hint(filters: Filters, *, sectors: bool = False) -> str:
    active = _active_filters(filters, sectors=sectors)
    if not active:
        return "The catalogue has no records yet."
    return "No records pass these filters; try removing the " + " or ".join(active) + " filter."
