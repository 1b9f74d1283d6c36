"""The taxonomy: every vocabulary of the catalogue and the regions, as one value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bridge.regions import Regions
from bridge.vocabulary import Vocabulary


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Every vocabulary of the catalogue: roles, harms, kinds, sectors, pillars, evidence,
    regions."""

    roles: Vocabulary
    harms: Vocabulary
    kinds: Vocabulary
    sectors: Vocabulary
    pillars: Vocabulary
    evidence: Vocabulary
    regions: Regions
    region_schemes: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )  # named column sets for the evidence map, e.g. "m49", "unicef"
    thesaurus: tuple[tuple[str, ...], ...] = ()  # groups of everyday words that mean the same
