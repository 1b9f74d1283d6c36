"""Vocabularies as data: labels, synonyms, misspellings, deprecated terms and hierarchy.

Every lookup is total: a value resolves to an id or raises `UnknownTerm` with suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from bridge.errors import UnknownTerm

GLOBAL = "Global"


def closest(value: str, choices: Mapping[str, str], *, cutoff: int, limit: int) -> tuple[str, ...]:
    """The values of the `limit` names closest to a mistyped `value` (a fuzzy score of at
    least `cutoff` of 100), best first, each value once."""
    from rapidfuzz import fuzz, process  # only a typo needs it: no command start pays for it

    hits = process.extract(value, list(choices), scorer=fuzz.WRatio, limit=limit * 4)
    ranked = [choices[name] for name, score, _ in hits if score >= cutoff]
    return tuple(dict.fromkeys(ranked))[:limit]


@lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Key for label lookups: accents, case, punctuation, 'the' and word order ignored.
    Remembered, as a catalogue writes the same few tags on every record."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = re.findall(r"[a-z0-9&]+", plain.replace("&", " & "))
    return " ".join(sorted(w for w in words if w != "the"))


@dataclass(frozen=True, slots=True)
class Concept:
    """One vocabulary entry: a fixed id, a display label and the other ways people say it."""

    id: str
    label: str
    broader: str | None = None
    description: str = ""
    synonyms: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    deprecated: tuple[str, ...] = ()
    works_with: tuple[str, ...] = ()  # roles: sectors they look to for partners
    pairs_with: tuple[str, ...] = ()  # roles: roles to pair them with in a workshop


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A facet's concepts with label lookup and, where concepts have `broader`, a tree."""

    facet: str
    concepts: Mapping[str, Concept]
    _lookup: Mapping[str, str] = field(repr=False)
    _deprecated: Mapping[str, str] = field(repr=False)
    _misspelt: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _ancestors: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Worked out once from the concepts: what each misspelling means, and each
        concept's broader ones."""
        object.__setattr__(self, "_misspelt", MappingProxyType(_misspellings(self.concepts)))
        chains = {c: _chain(self.concepts, c) for c in self.concepts}
        object.__setattr__(self, "_ancestors", MappingProxyType(chains))

    @classmethod
    def build(cls, facet: str, concepts: Iterable[Concept]) -> Vocabulary:
        by_id = {c.id: c for c in concepts}
        lookup: dict[str, str] = {}
        deprecated: dict[str, str] = {}
        for concept in by_id.values():
            for name in (concept.id, concept.label, *concept.synonyms, *concept.misspellings):
                lookup.setdefault(normalise(name), concept.id)
            for name in concept.deprecated:
                deprecated[normalise(name)] = concept.id
        return cls(facet, MappingProxyType(by_id), MappingProxyType(lookup), deprecated)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def label(self, concept_id: str) -> str:
        return self.concepts[concept_id].label

    def resolve(self, value: str) -> str:
        """The id that `value` names (id, label, synonym, misspelling or deprecated term)."""
        key = normalise(value)
        found = self._lookup.get(key) or self._deprecated.get(key)
        if found is None:
            raise UnknownTerm(self.facet, value, self.suggest(value))
        return found

    def misspelt(self, value: str) -> str | None:
        """The id to write instead when `value` is one of the misspellings the vocabulary
        accepts ('groming' -> 'grooming'); None for any other value."""
        return self._misspelt.get(normalise(value))

    def preferred_for(self, value: str) -> str | None:
        """The preferred label when `value` is a deprecated term, else None."""
        concept_id = self._deprecated.get(normalise(value))
        return None if concept_id is None else self.concepts[concept_id].label

    def suggest(self, value: str, *, limit: int = 3) -> tuple[str, ...]:
        """Closest ids to a mistyped value, best first."""
        choices = {c.id: c.id for c in self.concepts.values()}
        choices.update({c.label: c.id for c in self.concepts.values()})
        for concept in self.concepts.values():
            choices.update({s: concept.id for s in concept.synonyms})
        return closest(value, choices, cutoff=60, limit=limit)

    def ancestors(self, concept_id: str) -> tuple[str, ...]:
        """Broader concepts, nearest first."""
        return self._ancestors[concept_id]

    def descendants(self, concept_id: str) -> tuple[str, ...]:
        """Narrower concepts at any depth, in vocabulary order."""
        return tuple(c for c in self.concepts if concept_id in self.ancestors(c))

    def terms(self, concept_id: str) -> tuple[str, ...]:
        """Every phrase that names the concept, for expanding query text."""
        c = self.concepts[concept_id]
        return (c.label, *c.synonyms, *c.deprecated)


def _misspellings(concepts: Mapping[str, Concept]) -> dict[str, str]:
    """Each misspelling's key -> the first concept that lists it and does not also use it
    as its id, label or a synonym."""
    meant: dict[str, str] = {}
    for concept in concepts.values():
        names = {normalise(n) for n in (concept.id, concept.label, *concept.synonyms)}
        for misspelling in concept.misspellings:
            key = normalise(misspelling)
            if key not in names:
                meant.setdefault(key, concept.id)
    return meant


def _chain(concepts: Mapping[str, Concept], concept_id: str) -> tuple[str, ...]:
    """The broader concepts of one, nearest first, stopping before any repeat or an id the
    vocabulary does not hold (the taxonomy's reader reports those)."""
    chain: list[str] = []
    parent = concepts[concept_id].broader
    while parent is not None and parent not in chain:
        chain.append(parent)
        found = concepts.get(parent)
        parent = found.broader if found is not None else None
    return tuple(chain)
