"""The engine: a profile in, ranked and explained matches out.

Score = text similarity + facet points + role points; every part explains itself where
it is added, so "why this" is the arithmetic that ranked the record.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bridge.engine.contacts import ContactIndex, ContactResults
from bridge.engine.facets import FacetPoints, TagCodes
from bridge.engine.filters import (
    FacetMatch,
    Filters,
    describe_matches,
    resolve_filters,
)
from bridge.engine.fitted import Fitted
from bridge.engine.index import TermVector, TextConfig
from bridge.engine.text import (
    MAX_QUERY_CHARS,
    Expansion,
    PhraseBook,
    is_stop_word,
    readable,
    terms_as_written,
    words,
    written_words,
)
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

    def adopt_organisations(self, organisations: ContactIndex) -> None:
        """Use an organisations' index made for this very catalogue (a stored copy read
        back) instead of building one on first use; one built or adopted before is kept."""
        with self._lock:
            if self._organisations is None:
                self._organisations = organisations

    def search(self, query: Query, *, top: int = 10) -> Results:
        """The best `top` records for the profile; an unknown facet value raises UnknownTerm."""
        filters = resolve_filters(query, self.catalogue.taxonomy)
        text, notices = _clean(query.text)
        read = self._read(text)
        written, expansion = read.written, read.expansion
        vector = self.index.vector_of_words(read.parts)
        notices += _expansion_notices(expansion, vector, self.catalogue)
        parts = self._parts(filters, vector)
        ranked, before, total, matched = self._order(parts, top=top)
        meaningful = any(not is_stop_word(w, self.index.stop_words) for w in written)
        unknown = meaningful and not vector.ids.size  # words typed, none the catalogue holds
        matched = 0 if unknown else matched
        rows = [row for row, _ in ranked]
        terms: list[tuple[str, ...]] = (
            self.index.matched_terms_of(vector, rows, counts=self.fitted.counts)
            if vector.ids.size
            else [()] * len(rows)
        )
        written_as = read.as_written()
        matches = self._explained(ranked, before, terms, parts, filters, unknown, written_as)
        if not total:
            notices += (_relax_hint(filters),)
        elif written and not meaningful:
            notices += (_NO_WORDS,)
        elif meaningful and not matched:
            elsewhere = 0 if unknown else _holding_words(parts)
            notices += (_nothing_matched(filters, elsewhere),)
        else:
            notices += self._common_words_notice(vector, written_as)
        return Results(query, filters, total, matches, notices, matched)

    def _read(self, text: str) -> _QueryWords:
        """The query's words, and what the taxonomy adds to them, each split once."""
        written = words(text)
        expansion = self.phrases.expand_words(written, self.catalogue.taxonomy)
        return _QueryWords(written, expansion, words(expansion.extra_text))

    def _common_words_notice(
        self, vector: TermVector, written_as: Mapping[str, str]
    ) -> tuple[str, ...]:
        """A hint when typed words are in most records ('child' in a catalogue of the field):
        they match nearly everything, so the count of matches says little."""
        records = len(self.index)
        if records < COMMON_WORDS_MIN_RECORDS or not vector.ids.size:
            return ()
        indptr = self.index.postings.indptr
        typed = vector.ids[vector.typed] if vector.typed.size else vector.ids
        frequency = (indptr[typed + 1] - indptr[typed]) / records
        common = typed[frequency > COMMON_WORD_SHARE]
        if not common.size:
            return ()
        names = (self.index.names[term] for term in common.tolist())
        quoted = [f"'{word}'" for word in written_words(names, written_as)]
        named = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
        verb = "is" if len(quoted) == 1 else "are"
        if common.size < typed.size:
            ending = "; the order follows your other words."
        else:
            ending = ": add a word that sets your search apart (a harm, a platform, a place)."
        return (f"{named} {verb} in most records, so nearly every record matches{ending}",)

    def contacts(
        self, query: Query, *, sectors: tuple[str, ...] = (), top: int = 10
    ) -> ContactResults:
        """Organisations ranked for the profile; `sectors` filters (OR); unknown values
        raise UnknownTerm."""
        taxonomy = self.catalogue.taxonomy
        wanted = tuple(dict.fromkeys(taxonomy.sectors.resolve(s) for s in sectors))
        filters = resolve_filters(query, taxonomy)
        text, notices = _clean(query.text)
        read = self._read(text)
        expansion = read.expansion
        vector = self.organisations.index.vector_of_words(read.parts)
        resource_vector = self.index.vector_of_words(read.parts)
        scores = self.index.text_scores(resource_vector) if resource_vector.ids.size else None
        written_as = read.as_written()
        results = self.organisations.rank(
            filters, wanted, vector, scores, self.points, top=top, written_as=written_as
        )
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
        if not vector.ids.size:
            text, touched, hits = _NO_POINTS, _NO_ROWS, _NO_FLAGS
        elif track:
            text, touched, hits = self.index.scored_rows(vector, track=True)
        else:  # no flags when every term was typed: a row then holds one when it scores
            (text, hits), touched = self.index.typed_scores(vector), _NO_ROWS
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
        window = top * 2  # candidates for diversity; widened when a pick could lie outside
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
            picked, candidates = picks.tolist(), rows.tolist()
            chosen = [(candidates[int(at)], round(value, 6)) for at, value in picked]
            outside = float(scores[window]) if rows.size > window else -np.inf
            if not chosen or chosen[-1][1] >= outside:
                listed = scores.tolist()
                before = [listed[int(at)] for at, _ in picked]
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

    def _explained(
        self,
        ranked: list[tuple[int, float]],
        before: list[float],
        terms: list[tuple[str, ...]],
        parts: _Parts,
        filters: Filters,
        unknown_words: bool,
        written_as: Mapping[str, str],
    ) -> tuple[Match, ...]:
        """The ranked rows as matches, each with the reasons for its score (the matched
        words as the person wrote them)."""
        shared = self._shared(ranked, parts, filters, unknown_words, written_as)
        resources = self.catalogue.resources
        return tuple(
            Match(
                resources[row],
                score,
                self._reasons(at, resources[row], (score, undiversified), found, shared),
                found,
                shared.harm.matches(at) + shared.region.matches(at),
                shared.typed[at],
            )
            for at, ((row, score), undiversified, found) in enumerate(
                zip(ranked, before, terms, strict=True)
            )
        )

    def _shared(
        self,
        ranked: list[tuple[int, float]],
        parts: _Parts,
        filters: Filters,
        unknown_words: bool,
        written_as: Mapping[str, str],
    ) -> _Shared:
        """The score parts of the ranked rows and the role's reason, read once for all."""
        rows = np.asarray([row for row, _ in ranked], dtype=np.intp)
        label = self.catalogue.taxonomy.roles.label(filters.role) if filters.role else ""
        if parts.hits.size:
            typed = parts.hits[rows].tolist()
        elif parts.text.size:  # without flags every scored term was typed
            typed = (parts.text[rows] > 0).tolist()
        else:  # no text: the records hold the words unless they were all unknown
            typed = [not unknown_words] * len(rows)
        facets = self.facets
        return _Shared(
            text=parts.text[rows].tolist() if parts.text.size else [0.0] * len(rows),
            harm=_FacetReasons.of("harm", parts.harm, facets.harm_codes, rows, filters),
            region=_FacetReasons.of("region", parts.region, facets.region_codes, rows, filters),
            for_role=parts.role[rows].tolist() if parts.role.size else [False] * len(rows),
            role=Reason("role", float(np.float32(self.points.role)), f"for your role: {label}"),
            organisations=facets.organisations[rows].tolist(),  # codes: no record read
            typed=typed,
            has_text=bool(parts.text.size),
            written_as=written_as,
        )

    def _reasons(
        self,
        at: int,
        record: Resource,
        scores: tuple[float, float],
        terms: tuple[str, ...],
        shared: _Shared,
    ) -> tuple[Reason, ...]:
        """Why the match at rank `at`, `record`, scored (its score, and its score before
        diversity)."""
        score, undiversified = scores
        why: list[Reason] = []
        if shared.text[at] > 0:
            why.append(
                Reason("text", shared.text[at], "matches " + readable(terms, shared.written_as))
            )
        for facet in (shared.harm, shared.region):
            reason = facet.reason(at)
            if reason is not None:
                why.append(reason)
        if shared.for_role[at]:
            why.append(shared.role)
        organisation = shared.organisations[at]
        earlier = shared.organisations[:at].count(organisation)
        if earlier and shared.has_text and score < undiversified:
            name = self.catalogue.organisation_name(record.organisation)
            said = f"{earlier} more from {name} ranked above: counts {score / undiversified:.0%}"
            why.append(Reason("diversity", round(score - undiversified, 6), said))
        return tuple(why)


@dataclass(frozen=True, slots=True)
class _QueryWords:
    """A query's words as typed, what expansion adds to them, and those added words."""

    written: list[str]
    expansion: Expansion
    added: list[str]

    @property
    def parts(self) -> list[tuple[list[str], float, bool]]:
        """The weighted parts of the query's vector: typed words (typos corrected) first."""
        return [(self.written, 1.0, True), (self.added, EXPANSION_WEIGHT, False)]

    def as_written(self) -> dict[str, str]:
        """Each index term of the query as the word that gave it."""
        return terms_as_written((self.written, self.added))


@dataclass(frozen=True, slots=True)
class _Shared:
    """What the reasons of one query's matches are made from, by rank."""

    text: list[float]  # text score
    harm: _FacetReasons
    region: _FacetReasons
    for_role: list[bool]  # the record is for the query's role
    role: Reason  # the reason a record for the role earns
    organisations: list[int]  # each one's organisation, as a code
    typed: list[bool]  # each one holds a word the person typed
    has_text: bool  # the query has words the catalogue holds
    written_as: Mapping[str, str]  # index term -> the word as the person wrote it


@dataclass(frozen=True, slots=True)
class _FacetReasons:
    """How the ranked records meet one facet's filter, by rank: worked out once per tag set,
    as records share them."""

    facet: Literal["harm", "region"]
    points: list[float]  # the facet points each earns (empty: the facet is not filtered)
    found: list[tuple[tuple[FacetMatch, ...], str]]  # its matches, and the best in words

    @classmethod
    def of(
        cls,
        facet: Literal["harm", "region"],
        per_set: np.ndarray,
        codes: TagCodes,
        rows: np.ndarray,
        filters: Filters,
    ) -> _FacetReasons:
        if not per_set.size:
            return cls(facet, [], [])
        sets = codes.set_of[rows]
        listed = sets.tolist()
        wanted = filters.harms if facet == "harm" else filters.regions
        by_set = {
            code: (matches, describe_matches(matches))
            for code, matches in codes.matches(facet, wanted, listed).items()
        }
        return cls(facet, per_set[sets].tolist(), [by_set[code] for code in listed])

    def matches(self, at: int) -> tuple[FacetMatch, ...]:
        """How the match at rank `at` meets the filter (none when it is not filtered)."""
        return self.found[at][0] if self.found else ()

    def reason(self, at: int) -> Reason | None:
        """The points the match at rank `at` earns for the facet, and why; None when the
        facet is not filtered or none of its values meets the filter."""
        if not self.found or not self.found[at][0]:
            return None
        return Reason(self.facet, self.points[at], self.found[at][1])


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


COMMON_WORD_SHARE = 0.5  # a typed word in more than this share of the records is common
COMMON_WORDS_MIN_RECORDS = 50  # below this, shares say little about a word

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
