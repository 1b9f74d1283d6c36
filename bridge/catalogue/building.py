"""A raw record made a frozen `Resource` or `Organisation`: its shape checked, its tags
resolved, its organisations looked up, and every problem placed on its line.

`read_catalogue` puts these together for a whole folder; an import and a curator's edit
use them for a single table or record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pycountry

from bridge.catalogue.recordfiles import RawRecord, read_records
from bridge.catalogue.schema import SLUG, Model, OrganisationIn, ResourceIn, parse
from bridge.errors import Problem, UnknownTerm
from bridge.model import Citation, Organisation, Person, Resource
from bridge.taxonomy import Taxonomy

Record = TypeVar("Record", Resource, Organisation)
Built = TypeVar("Built", Resource, Organisation, covariant=True)
Resolved = dict[tuple[str, Any], Any]  # (field, a value or a tuple of them) -> its id or ids


class Builder(Protocol[Built]):
    """Makes a record from a raw one, or adds its problems; `known` holds the lists of
    vocabulary values already resolved in this read."""

    def __call__(
        self,
        raw: RawRecord,
        taxonomy: Taxonomy,
        problems: list[Problem],
        *,
        known: Resolved | None = None,
    ) -> Built | None: ...


def unique_records(
    raws: Iterable[RawRecord],
    taxonomy: Taxonomy,
    build: Builder[Record],
    problems: list[Problem],
) -> list[tuple[Record, RawRecord]]:
    """Records that pass on their own and whose ids are unique; both places of a clash named."""
    known: Resolved = {}
    built = [
        (record, raw) for raw in raws if (record := build(raw, taxonomy, problems, known=known))
    ]
    twice = clashing_ids(
        [record.id for record, _ in built],
        lambda at: (built[at][1].file, built[at][1].line_of(("id",))),
        problems,
    )
    return [(record, raw) for record, raw in built if record.id not in twice] if twice else built


def clashing_ids(
    ids: Sequence[str], place: Callable[[int], tuple[str, int | None]], problems: list[Problem]
) -> set[str]:
    """The ids met more than once; each place holding one (`place` of its position: file,
    line) is a problem naming the others, in the order the ids were first met."""
    first: dict[str, int] = {}
    twice: dict[str, list[int]] = {}  # an id met more than once -> where each is
    for at, record_id in enumerate(ids):
        met = first.setdefault(record_id, at)
        if met != at:
            twice.setdefault(record_id, [met]).append(at)
    for record_id in [i for i in first if i in twice] if twice else []:
        places = [place(at) for at in twice[record_id]]
        for mine, (file, line) in enumerate(places):
            others = ", ".join(f"{f}:{n}" for other, (f, n) in enumerate(places) if other != mine)
            message = f"duplicate id {record_id!r}; also in {others}"
            problems.append(Problem(file, line, "id", message))
    return set(twice)


def validated(raw: RawRecord, model: type[Model], problems: list[Problem]) -> Model | None:
    """The raw record checked against its strict shape, or None with its problems added."""
    if not isinstance(raw.data, dict):
        kind = type(raw.data).__name__
        problems.append(
            Problem(raw.file, raw.line, "", f"a record is a mapping of fields, not a {kind}")
        )
        return None
    return parse(model, raw.data, problems, file=raw.file, line_of=raw.line_of, written=raw.written)


def build_resource(
    raw: RawRecord,
    taxonomy: Taxonomy,
    problems: list[Problem],
    *,
    known: Resolved | None = None,
) -> Resource | None:
    """A resource from a raw record; every problem of every stage added (shape, vocabulary,
    file name), so one run of validate lists them all."""
    parsed = validated(raw, ResourceIn, problems)
    terms, ok = resolved(raw, taxonomy, RESOURCE_TERMS, problems, {} if known is None else known)
    if not (_id_matches_file(raw, problems) and ok and parsed is not None):
        return None
    return Resource(
        id=parsed.id,
        kind=terms["kind"],
        title=parsed.title,
        summary=parsed.summary,
        organisation=parsed.organisation,
        partners=tuple(dict.fromkeys(parsed.partners)),
        url=parsed.url,
        year=parsed.year,
        languages=terms.get("languages", ()),
        roles=terms["roles"],
        harms=terms["harms"],
        regions=terms["regions"],
        pillar=terms.get("pillar"),
        evidence=terms.get("evidence", ()),
        outcomes=tuple(parsed.outcomes),
        sources=citations(parsed),
        origin=raw.file,
    )


def build_organisation(
    raw: RawRecord,
    taxonomy: Taxonomy,
    problems: list[Problem],
    *,
    known: Resolved | None = None,
) -> Organisation | None:
    """An organisation from a raw record, every problem of every stage added."""
    parsed = validated(raw, OrganisationIn, problems)
    terms, ok = resolved(
        raw, taxonomy, ORGANISATION_TERMS, problems, {} if known is None else known
    )
    if not (_id_matches_file(raw, problems) and ok and parsed is not None):
        return None
    return Organisation(
        id=parsed.id,
        name=parsed.name,
        sector=terms["sector"],
        description=parsed.description,
        url=parsed.url,
        regions=terms.get("regions", ()),
        harms=terms.get("harms", ()),
        contact=parsed.contact,
        people=tuple(Person(p.name, p.role, p.source) for p in parsed.people),
        sources=citations(parsed),
        origin=raw.file,
    )


def citations(parsed: ResourceIn | OrganisationIn) -> tuple[Citation, ...]:
    """The record's sources; an older `source` in words becomes a citation without a URL."""
    cited = tuple([Citation(s.title, s.url, s.accessed.isoformat()) for s in parsed.sources])
    return cited if cited or parsed.source is None else (Citation(parsed.source),)


@lru_cache(maxsize=1024)
def _language(code: str) -> str:
    """The ISO 639-1 code, lower case; remembered, as records repeat a few codes."""
    if len(code) == 2 and pycountry.languages.get(alpha_2=code.lower()):
        return code.lower()
    raise UnknownTerm("ISO 639-1 language code", code, ())


Resolver = Callable[[str], str]
Terms = tuple[tuple[str, Callable[[Taxonomy], Resolver]], ...]  # field, its resolver

RESOURCE_TERMS: Terms = (
    ("kind", lambda taxonomy: taxonomy.kinds.resolve),
    ("pillar", lambda taxonomy: taxonomy.pillars.resolve),
    ("evidence", lambda taxonomy: taxonomy.evidence.resolve),
    ("languages", lambda taxonomy: _language),
    ("roles", lambda taxonomy: taxonomy.roles.resolve),
    ("harms", lambda taxonomy: taxonomy.harms.resolve),
    ("regions", lambda taxonomy: taxonomy.regions.resolve),
)
ORGANISATION_TERMS: Terms = (
    ("sector", lambda taxonomy: taxonomy.sectors.resolve),
    ("regions", lambda taxonomy: taxonomy.regions.resolve),
    ("harms", lambda taxonomy: taxonomy.harms.resolve),
)


def resolved(
    raw: RawRecord, taxonomy: Taxonomy, fields: Terms, problems: list[Problem], known: Resolved
) -> tuple[dict[str, Any], bool]:
    """Each vocabulary field whose raw value has the right shape (a string, or a list of
    strings) resolved, and whether every value was known; each unknown one is a placed
    problem, and a wrong shape the schema's to report. A value resolved before (records
    repeat a few) is looked up in `known`; only a new one meets its field's resolver."""
    data = raw.data if isinstance(raw.data, dict) else {}
    found: dict[str, Any] = {}
    ok = True
    for field, resolver in fields:
        value = data.get(field)
        if value is None:
            continue
        if isinstance(value, str):
            key: tuple[str, Any] = (field, value)
        elif isinstance(value, (list, tuple)):
            key = (field, tuple(value))
        else:
            continue
        try:
            hit = known.get(key)  # only strings and lists of strings are kept there
        except TypeError:  # the list holds a mapping or a list: not strings
            continue
        if hit is not None:
            found[field] = hit
            continue
        if isinstance(value, str):
            if not value.strip():
                continue
            term, problem = _one(raw, field, value.strip(), resolver(taxonomy))
            found[field], unknown = term, [problem] if problem else []
        elif all(isinstance(v, str) for v in value):
            found[field], unknown = _many(raw, field, value, resolver(taxonomy), known)
        else:
            continue
        if unknown:
            problems += unknown
            ok = False
        else:
            known[key] = found[field]
    return found, ok


def _one(
    raw: RawRecord, field: str, value: str, resolve: Resolver, path: Sequence[Any] = ()
) -> tuple[str, Problem | None]:
    """The id a value names; else the value, and the problem placed where it is written."""
    try:
        return resolve(value), None
    except UnknownTerm as error:
        where = path or (field,)
        name = field + "".join(f"[{p}]" for p in where[1:])
        return value, Problem(raw.file, raw.line_of(where), name, str(error))


def _many(
    raw: RawRecord, field: str, values: Sequence[str], resolve: Resolver, known: Resolved
) -> tuple[tuple[str, ...], list[Problem]]:
    """The ids a list of values names, once each in order, and a problem per unknown one;
    a value resolved before, alone or in another list, is looked up in `known`."""
    terms, problems = [], []
    for i, value in enumerate(values):
        term = known.get((field, value))
        if term is None:
            term, problem = _one(raw, field, value.strip(), resolve, (field, i))
            if problem is None:
                known[(field, value)] = term
            else:
                problems.append(problem)
        terms.append(term)
    return tuple(dict.fromkeys(terms)), problems


def _id_matches_file(raw: RawRecord, problems: list[Problem]) -> bool:
    """A YAML record's id is its file name, so a record is found where its id says."""
    name, stem, suffix = _file_name(raw.file)
    if suffix not in (".yaml", ".yml"):
        return True
    record_id = raw.data.get("id") if isinstance(raw.data, dict) else None
    if not isinstance(record_id, str):
        return True
    if not re.fullmatch(SLUG, record_id):
        return False  # the schema reports the id itself
    if stem == record_id:
        return True
    message = f"id {record_id!r} does not match the file name {name!r}"
    problems.append(Problem(raw.file, raw.line_of(("id",)), "id", message))
    return False


@lru_cache(maxsize=4096)
def _file_name(file: str) -> tuple[str, str, str]:
    """A file's name, stem and suffix, worked out once for the many records of a table."""
    path = Path(file)
    return path.name, path.stem, path.suffix


def references_ok(raw: RawRecord, organisation_ids: Set[str], problems: list[Problem]) -> bool:
    """Whether the raw record's organisation and partners name valid organisations; each
    that does not is a placed problem."""
    data = raw.data if isinstance(raw.data, dict) else {}
    organisation, partners = data.get("organisation"), data.get("partners")
    if isinstance(organisation, str) and organisation not in organisation_ids:
        ok = False
        _unknown_organisation(raw, ("organisation",), organisation, problems)
    else:
        ok = True
    for i, partner in enumerate(partners if isinstance(partners, list) else ()):
        if isinstance(partner, str) and partner not in organisation_ids:
            ok = False
            _unknown_organisation(raw, ("partners", i), partner, problems)
    return ok


def _unknown_organisation(
    raw: RawRecord, path: tuple[str | int, ...], organisation_id: str, problems: list[Problem]
) -> None:
    field = str(path[0]) + "".join(f"[{p}]" for p in path[1:])
    message = f"{organisation_id!r} is not the id of a valid organisation record"
    problems.append(Problem(raw.file, raw.line_of(path), field, message))


def read_raws(paths: Iterable[Path], problems: list[Problem]) -> list[RawRecord]:
    """The raw records of the files, in order; each file that cannot be read is a problem."""
    raws: list[RawRecord] = []
    for path in paths:
        records, unreadable = read_records(path, str(path))
        problems += unreadable
        raws += records
    return raws


def organisations_of(
    paths: Iterable[Path], taxonomy: Taxonomy, problems: list[Problem]
) -> list[tuple[Organisation, RawRecord]]:
    """The valid organisations of the files, ids unique, each with its raw record."""
    return unique_records(read_raws(paths, problems), taxonomy, build_organisation, problems)


@dataclass(frozen=True, slots=True)
class ResourcePart:
    """The resources built from some of a catalogue's files, before ids are compared with
    the other files': each with the line of its id and whether the organisations it names
    exist. Problems of shape and tags come before those of organisations, as a whole read
    finds them."""

    resources: tuple[Resource, ...]
    id_lines: tuple[int | None, ...]
    referenced: tuple[bool, ...]
    problems: tuple[Problem, ...]
    reference_problems: tuple[Problem, ...]


def read_part(
    paths: Sequence[Path], taxonomy: Taxonomy, organisation_ids: Set[str]
) -> tuple[ResourcePart, list[RawRecord]]:
    """The resources of the files as a part, and the raw record of each built one."""
    problems: list[Problem] = []
    raws = read_raws(paths, problems)
    known: Resolved = {}
    built = [
        (record, raw)
        for raw in raws
        if (record := build_resource(raw, taxonomy, problems, known=known))
    ]
    unknown: list[Problem] = []
    referenced = {id(raw) for raw in raws if references_ok(raw, organisation_ids, unknown)}
    part = ResourcePart(
        tuple(record for record, _ in built),
        tuple(raw.line_of(("id",)) for _, raw in built),
        tuple(id(raw) in referenced for _, raw in built),
        tuple(problems),
        tuple(unknown),
    )
    return part, [raw for _, raw in built]
