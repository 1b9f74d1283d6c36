"""The region vocabulary: UN M49 tree, ISO 3166 countries, named groups and Global.

Every region is a set of countries; two regions match when their sets meet, which gives
the SPEC's ancestor/descendant semantics on the tree and a natural reading for groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from bridge.errors import UnknownTerm
from bridge.vocabulary import GLOBAL, closest, normalise

RegionKind = Literal["global", "region", "sub-region", "intermediate-region", "country", "group"]
Relation = Literal["exact", "broader", "narrower", "overlap", "global"]


@dataclass(frozen=True, slots=True)
class Region:
    """A named place: its canonical name, kind, parent in the M49 tree and its countries."""

    name: str
    kind: RegionKind
    parent: str | None
    countries: frozenset[str]
    code: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Regions:
    """Canonical names -> `Region`, with a total, alias-aware `resolve`."""

    regions: Mapping[str, Region]
    _lookup: Mapping[str, str] = field(repr=False)
    _bits: Mapping[str, int] = field(repr=False, default_factory=dict)  # countries as a bit set

    @classmethod
    def build(cls, regions: Iterable[Region]) -> Regions:
        by_name = {r.name: r for r in regions}
        lookup: dict[str, str] = {}
        ambiguous: set[str] = set()
        for region in by_name.values():
            for alias in (region.name, region.code, *region.aliases):
                key = normalise(alias)
                if not key:
                    continue
                if lookup.get(key, region.name) != region.name:
                    ambiguous.add(key)
                lookup.setdefault(key, region.name)
        for region in by_name.values():  # a canonical name always wins over someone's alias
            lookup[normalise(region.name)] = region.name
            ambiguous.discard(normalise(region.name))
        for key in ambiguous:
            lookup.pop(key, None)
        codes = {
            c: i for i, c in enumerate(sorted({c for r in by_name.values() for c in r.countries}))
        }
        bits = {name: sum(1 << codes[c] for c in r.countries) for name, r in by_name.items()}
        return cls(MappingProxyType(by_name), MappingProxyType(lookup), MappingProxyType(bits))

    def __contains__(self, name: object) -> bool:
        return name in self.regions

    def __getitem__(self, name: str) -> Region:
        return self.regions[name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.regions)

    def resolve(self, value: str) -> str:
        """Canonical name for a name, alias, ISO code or M49 code; case-insensitive."""
        found = self._lookup.get(normalise(value))
        if found is None:
            raise UnknownTerm("region", value, self.suggest(value))
        return found

    def suggest(self, value: str, *, limit: int = 3) -> tuple[str, ...]:
        choices: dict[str, str] = {}
        for region in self.regions.values():
            choices[region.name] = region.name
            choices.update({a: region.name for a in region.aliases if len(a) > 3})
        return closest(value, choices, cutoff=80, limit=limit)

    def ancestors(self, name: str) -> tuple[str, ...]:
        """M49 parents, nearest first, ending with Global (groups: just Global)."""
        chain: list[str] = []
        parent = self.regions[name].parent
        while parent is not None:
            chain.append(parent)
            parent = self.regions[parent].parent
        return tuple(chain)

    def relation(self, tagged: str, wanted: str) -> Relation | None:
        """How a record tagged `tagged` meets a filter for `wanted`, or None if it does not."""
        if tagged == wanted:
            return "exact"
        if tagged == GLOBAL:
            return "global"
        have, want = self._bits[tagged], self._bits[wanted]
        shared = have & want
        if not shared:
            return None
        if shared == want:
            return "broader"
        if shared == have:
            return "narrower"
        return "overlap"
