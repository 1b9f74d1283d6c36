"""A participant's role, harms and regions read from what a registration form holds: a job
title and organisation, free text about their interests, a country typed in any form.

Every value found says so (`Reading.inferred`) and names the words that led to it, so a
facilitator can check it before any pack is made. The rules for roles are in `titles`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bridge.errors import UnknownTerm
from bridge.model import Organisation
from bridge.taxonomy import Taxonomy
from bridge.vocabulary import GLOBAL, Vocabulary
from bridge.workshop.titles import ORGANISATION_WORDS, SECTOR_ROLES, TITLE_RULES

Words = tuple[str, ...]
CODES_IN_TEXT = ("UK", "US", "USA", "EU", "DRC")  # short names people write in sentences
COMPANY_ENDINGS = frozenset(
    {"inc", "ltd", "limited", "llc", "plc", "gmbh", "corp", "office", "country", "hq"}
)


@dataclass(frozen=True, slots=True)
class Reading:
    """A value of a profile (a role or harm id, a region's name): given in its own column,
    or inferred, with the words that led to it."""

    value: str
    inferred: bool = False
    because: str = ""


@dataclass(frozen=True, slots=True)
class Term:
    """A phrase of a vocabulary as words, the value it names and how it is written."""

    words: Words
    value: str
    written: str
    capitals: bool = False  # a code or acronym: only in capitals ("UK", not "uk")
    proper: bool = False  # a one-word name: only with a capital letter ("Chad", not "chad")


@dataclass(frozen=True, slots=True)
class Terms:
    """Phrases by their first word, longest first, to find in free text."""

    by_first: Mapping[str, tuple[Term, ...]]

    @classmethod
    def build(cls, terms: Iterable[Term]) -> Terms:
        grouped: dict[str, list[Term]] = {}
        for term in terms:
            if term.words:
                grouped.setdefault(term.words[0], []).append(term)
        ordered = {k: tuple(sorted(v, key=lambda t: -len(t.words))) for k, v in grouped.items()}
        return cls(MappingProxyType(ordered))

    def find(self, text: str) -> tuple[tuple[Term, str], ...]:
        """Each term in the text, left to right, the longest at each place, with the words
        as the text writes them."""
        text = unicodedata.normalize("NFC", text)
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        written = tuple(text[a:b] for a, b in spans)
        lower = tuple(_plain(w).casefold() for w in written)
        found, i = [], 0
        while i < len(lower):
            for term in self.by_first.get(lower[i], ()):
                end = i + len(term.words)
                if lower[i:end] == term.words and _case_fits(term, written[i:end]):
                    found.append((term, text[spans[i][0] : spans[end - 1][1]]))
                    i = end
                    break
            else:
                i += 1
        return tuple(found)


_WORD = re.compile(r"[^\W_]+|&")


def words(text: str) -> Words:
    """Lower-case words without accents; `&` is a word, and so is each part of "T&S"."""
    text = unicodedata.normalize("NFC", text)
    return tuple(_plain(m.group()).casefold() for m in _WORD.finditer(text))


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _case_fits(term: Term, written: Words) -> bool:
    if term.capitals:
        return all(w.isupper() for w in written)
    return not term.proper or written[0][:1].isupper()


def contains(haystack: Words, phrase: Words) -> bool:
    """Whether the words hold the phrase, word for word and in order."""
    n = len(phrase)
    return any(haystack[i : i + n] == phrase for i in range(len(haystack) - n + 1))


def quoted(text: str) -> str:
    return f"“{' '.join(text.split())}”"


@dataclass(frozen=True, slots=True)
class ProfileReader:
    """Reads roles, harms and regions from registration text, with the taxonomy and the
    catalogue's organisations (an organisation it knows brings its sector)."""

    taxonomy: Taxonomy
    harm_terms: Terms
    region_terms: Terms
    role_terms: Terms
    organisations: Mapping[Words, tuple[str, str]]  # name words -> (name, sector)

    @classmethod
    def build(cls, taxonomy: Taxonomy, organisations: Iterable[Organisation] = ()) -> ProfileReader:
        return cls(
            taxonomy,
            Terms.build(_vocabulary_terms(taxonomy.harms, deprecated=True)),
            Terms.build(_region_terms(taxonomy)),
            Terms.build(_vocabulary_terms(taxonomy.roles, deprecated=False)),
            MappingProxyType(_organisation_index(organisations, taxonomy)),
        )

    def role(self, given: str, job_title: str, organisation: str) -> Reading | None:
        """The role a role cell names, else the one its words, the job title and the
        organisation suggest; None when nothing tells."""
        if given.strip():
            try:
                return Reading(self.taxonomy.roles.resolve(given))
            except UnknownTerm:
                pass
            try:
                sector = self.taxonomy.sectors.resolve(given)
            except UnknownTerm:
                return self.role_from_title(given, organisation, source="role")
            return Reading(SECTOR_ROLES[sector], True, f"role {quoted(given)}: a sector")
        return self.role_from_title(job_title, organisation)

    def role_from_title(
        self, title: str, organisation: str, *, source: str = "job title"
    ) -> Reading | None:
        """The role the job title and organisation suggest, by the rules of `titles`."""
        title_words, sectors = words(title), self.sectors(organisation)
        for rule in TITLE_RULES:
            at = next((s for s in sectors if s[0] in rule.sectors), None)
            if rule.sectors and at is None:
                continue
            phrase = next((p for p in rule.words if contains(title_words, words(p))), None)
            if phrase is not None:
                because = f"{source} {quoted(title)}: {phrase}"
                return Reading(rule.role, True, because + (f"; {at[1]}" if at else ""))
        if sectors:
            return Reading(SECTOR_ROLES[sectors[0][0]], True, sectors[0][1])
        found = self.role_terms.find(title)
        if found:
            term, written = found[0]
            return Reading(term.value, True, f"{source} {quoted(title)}: {written.casefold()}")
        return None

    def sectors(self, organisation: str) -> tuple[tuple[str, str], ...]:
        """The sectors an organisation belongs to, each with why: its catalogue record's
        sector first, then those its name's words suggest."""
        key = _organisation_key(organisation)
        if not key:
            return ()
        found = []
        known = self._known(key)
        if known is not None:
            name, sector = known
            label = self.taxonomy.sectors.label(sector)
            found.append((sector, f"organisation {quoted(organisation)} is {name}: {label}"))
        for sector, listed in ORGANISATION_WORDS:
            word = next((w for w in listed if contains(key, words(w))), None)
            if word is not None and sector not in (s for s, _ in found):
                found.append((sector, f"organisation {quoted(organisation)}: {word}"))
        return tuple(found)

    def _known(self, key: Words) -> tuple[str, str] | None:
        """The catalogue organisation of that name, or of a name it starts with followed by
        a place or a company ending ("UNICEF Kenya", "Example Platforms Inc")."""
        if key in self.organisations:
            return self.organisations[key]
        for size in range(len(key) - 1, 0, -1):
            rest = key[size:]
            if key[:size] in self.organisations and self._is_suffix(rest):
                return self.organisations[key[:size]]
        return None

    def _is_suffix(self, rest: Words) -> bool:
        if all(w in COMPANY_ENDINGS for w in rest):
            return True
        try:
            self.taxonomy.regions.resolve(" ".join(rest))
        except UnknownTerm:
            return False
        return True

    def harms(self, sources: Iterable[tuple[str, str]]) -> tuple[Reading, ...]:
        """Harms named in free text, each source a (label, text) pair: labels, synonyms,
        misspellings and deprecated terms; a broader harm is left out when a narrower one
        is named."""
        found: dict[str, Reading] = {}
        for source, text in sources:
            for term, written in self.harm_terms.find(text):
                because = f"{source}: {quoted(written)}"
                preferred = self.taxonomy.harms.preferred_for(term.written)
                if preferred:
                    because += f" (say {quoted(preferred)})"
                found.setdefault(term.value, Reading(term.value, True, because))
        vocabulary = self.taxonomy.harms
        return tuple(
            r for h, r in found.items() if not any(h in vocabulary.ancestors(n) for n in found)
        )

    def regions(self, sources: Iterable[tuple[str, str]]) -> tuple[Reading, ...]:
        """Regions named in free text: countries, regions and groups in any name the region
        vocabulary knows (one-word names with a capital letter, codes in capitals)."""
        found: dict[str, Reading] = {}
        for source, text in sources:
            for term, written in self.region_terms.find(text):
                reading = Reading(term.value, True, f"{source}: {quoted(written)}")
                found.setdefault(term.value, reading)
        return tuple(found.values())


def _vocabulary_terms(vocabulary: Vocabulary, *, deprecated: bool) -> Iterable[Term]:
    for concept in vocabulary.concepts.values():
        names = (concept.label, *concept.synonyms, *concept.misspellings)
        for name in (*names, *(concept.deprecated if deprecated else ())):
            short = len(name) <= 3 and name.isupper()
            yield Term(words(name), concept.id, name, capitals=short)


def _region_terms(taxonomy: Taxonomy) -> Iterable[Term]:
    regions = taxonomy.regions
    for region in regions.regions.values():
        if region.name == GLOBAL:
            continue
        for name in (region.name, *region.aliases):
            found = words(name)
            if len(name) > 3 and not name.isdigit():
                yield Term(found, region.name, name, proper=len(found) == 1)
    for code in CODES_IN_TEXT:
        try:
            yield Term(words(code), regions.resolve(code), code, capitals=True)
        except UnknownTerm:
            continue


def _organisation_key(name: str) -> Words:
    return tuple("and" if w == "&" else w for w in words(name) if w != "the")


def _organisation_index(
    organisations: Iterable[Organisation], taxonomy: Taxonomy
) -> dict[Words, tuple[str, str]]:
    """Every name of each organisation (as written; without its bracketed part; the
    bracketed acronym or other name) -> its name and sector; a name two sectors share is
    left out."""
    index: dict[Words, tuple[str, str]] = {}
    shared: set[Words] = set()
    for organisation in organisations:
        for alias in _aliases(organisation.name, taxonomy):
            key = _organisation_key(alias)
            seen = index.setdefault(key, (organisation.name, organisation.sector))
            if seen[1] != organisation.sector:
                shared.add(key)
    for key in shared:
        index.pop(key, None)
    index.pop((), None)
    return index


def _aliases(name: str, taxonomy: Taxonomy) -> Iterable[str]:
    yield name
    outside = re.sub(r"\([^)]*\)", " ", name)
    yield outside
    for inside in re.findall(r"\(([^)]*)\)", name):
        inside = inside.split(",")[0].strip()
        inside = re.sub(r"^formerly\s+", "", inside, flags=re.IGNORECASE)
        try:
            taxonomy.regions.resolve(inside)
        except UnknownTerm:
            if inside.casefold() != "headquarters":
                yield inside
