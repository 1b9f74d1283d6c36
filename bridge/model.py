"""Frozen values that flow between the stages: records, organisations, the catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from bridge.taxonomy import Taxonomy

RESOURCE_FIELDS = (
    "id",
    "kind",
    "title",
    "summary",
    "organisation",
    "partners",
    "url",
    "year",
    "languages",
    "roles",
    "harms",
    "regions",
    "pillar",
    "evidence",
    "outcomes",
    "sources",
)
ORGANISATION_FIELDS = (
    "id",
    "name",
    "sector",
    "description",
    "url",
    "regions",
    "harms",
    "contact",
    "people",
    "sources",
)


ReasonKind = Literal["text", "role", "harm", "region", "diversity"]


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of a ranked item's score and what earned it."""

    kind: ReasonKind
    points: float
    text: str


@dataclass(frozen=True, slots=True)
class Citation:
    """A public page a record's facts come from. Older records name a source in words only,
    so `url` and `accessed` (an ISO date) may be missing."""

    title: str
    url: str | None = None
    accessed: str | None = None


def split_sources(sources: Iterable[Citation]) -> tuple[str, list[dict[str, str]]]:
    """Sources as a file or table writes them: the older ones named in words only, joined
    by `; ` (a `source` field), and the cited pages as mappings (the `sources` field)."""
    named = "; ".join(s.title for s in sources if not s.url)
    cited = [
        {"url": s.url, "title": s.title} | ({"accessed": s.accessed} if s.accessed else {})
        for s in sources
        if s.url
    ]
    return named, cited


@dataclass(frozen=True, slots=True)
class Resource:
    """A catalogued piece of work: research, toolkit, programme, policy, event and so on."""

    id: str
    kind: str
    title: str
    summary: str
    organisation: str
    partners: tuple[str, ...] = ()
    url: str | None = None
    year: int | None = None
    languages: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    harms: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    pillar: str | None = None
    evidence: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    origin: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Person:
    """A named person, only with the public role and source a public document gives."""

    name: str
    role: str
    source: str


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation that resources belong to and that researchers may contact."""

    id: str
    name: str
    sector: str
    description: str
    url: str | None = None
    regions: tuple[str, ...] = ()
    harms: tuple[str, ...] = ()
    contact: str | None = None
    people: tuple[Person, ...] = ()
    sources: tuple[Citation, ...] = ()
    origin: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The validated records, their organisations and the taxonomy that tags them."""

    resources: tuple[Resource, ...]
    organisations: tuple[Organisation, ...]
    taxonomy: Taxonomy
    _resources_by_id: Mapping[str, Resource] = field(init=False, repr=False, compare=False)
    _organisations_by_id: Mapping[str, Organisation] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        resources = MappingProxyType({r.id: r for r in self.resources})
        organisations = MappingProxyType({o.id: o for o in self.organisations})
        object.__setattr__(self, "_resources_by_id", resources)
        object.__setattr__(self, "_organisations_by_id", organisations)

    def resource(self, resource_id: str) -> Resource:
        return self._resources_by_id[resource_id]

    def organisation(self, organisation_id: str) -> Organisation:
        return self._organisations_by_id[organisation_id]

    def organisations_of(self, resources: Iterable[Resource]) -> tuple[Organisation, ...]:
        """The organisations the resources name (as organisation or partner), in catalogue
        order: what an export of those resources carries with them."""
        named = {o for r in resources for o in (r.organisation, *r.partners)}
        return tuple(o for o in self.organisations if o.id in named)

    def organisation_name(self, organisation_id: str) -> str:
        found = self._organisations_by_id.get(organisation_id)
        return found.name if found else organisation_id


def record_dict(record: Resource | Organisation) -> dict[str, Any]:
    """Every field of a record as plain JSON-ready values (lists, dicts), without its origin."""
    data = asdict(record)
    data.pop("origin", None)
    return data


def _as_tuple(values: str | Iterable[str] | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(values)


@dataclass(frozen=True, slots=True)
class Query:
    """A stakeholder profile: who is asking, about which harms and regions, in their words.

    Values are as a person types them; the engine resolves them through the taxonomy.
    """

    text: str = ""
    role: str | None = None
    harms: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    strict_role: bool = False
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("harms", "regions", "kinds", "evidence"):
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        object.__setattr__(self, "role", self.role or None)
