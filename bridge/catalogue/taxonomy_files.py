"""Reads the taxonomy folder into a `Taxonomy`: vocabulary files, the M49 table, ISO 3166."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

import pycountry

from bridge.catalogue.schema import RegionsIn, ThesaurusIn, VocabularyIn, parse
from bridge.catalogue.yamlfile import YamlDocument, parse_yaml
from bridge.errors import CatalogueError, Problem, UnknownTerm
from bridge.regions import Region, RegionKind, Regions
from bridge.taxonomy import Taxonomy
from bridge.vocabulary import GLOBAL, Concept, Vocabulary

VOCABULARY_FILES = {
    "roles": "roles.yaml",
    "harms": "harms.yaml",
    "kinds": "kinds.yaml",
    "sectors": "sectors.yaml",
    "pillars": "pillars.yaml",
    "evidence": "evidence.yaml",
}
FIXED_IDS = {
    "roles": {
        "trust-safety",
        "tech-industry",
        "researcher",
        "civil-society",
        "policymaker",
        "law-enforcement",
        "helpline",
        "educator",
        "parent",
        "young-people",
        "funder",
    },
    "harms": {
        "csea",
        "grooming",
        "sextortion",
        "csam",
        "livestreaming",
        "self-generated",
        "ai-generated",
        "trafficking",
        "online-harms",
    },
    "kinds": {"research", "toolkit", "programme", "policy", "dataset", "event", "story", "news"},
    "sectors": {
        "tech-industry",
        "civil-society",
        "academia",
        "government",
        "law-enforcement",
        "un-agency",
        "funder",
        "helpline-hotline",
        "multi-stakeholder",
    },
    "pillars": {"networks-systems", "research-data", "technology-tools"},
    "evidence": set(),
}
M49_COLUMNS = (
    "m49",
    "iso2",
    "iso3",
    "name",
    "official_name",
    "region",
    "region_m49",
    "sub_region",
    "sub_region_m49",
    "intermediate_region",
    "intermediate_region_m49",
)


def load_taxonomy(folder: Path) -> Taxonomy:
    """The taxonomy in `folder`, or `CatalogueError` listing every problem in it."""
    problems: list[Problem] = []
    vocabularies: dict[str, Vocabulary] = {}
    for attribute, file_name in VOCABULARY_FILES.items():
        found = _vocabulary(folder / file_name, attribute, problems)
        if found is not None:
            vocabularies[attribute] = found
    places = _regions(folder, problems)
    thesaurus = _thesaurus(folder / "thesaurus.yaml", problems)
    if "roles" in vocabularies and "sectors" in vocabularies:
        _check_role_links(folder / VOCABULARY_FILES["roles"], vocabularies, problems)
    if problems or places is None:
        raise CatalogueError(tuple(problems))
    regions, schemes = places
    return Taxonomy(regions=regions, region_schemes=schemes, thesaurus=thesaurus, **vocabularies)


def _check_role_links(
    path: Path, vocabularies: dict[str, Vocabulary], problems: list[Problem]
) -> None:
    """Each role's `works_with` names sectors and its `pairs_with` names roles."""
    roles, sectors = vocabularies["roles"], vocabularies["sectors"]
    for role in roles.concepts.values():
        for field, values, known in (
            ("works_with", role.works_with, sectors),
            ("pairs_with", role.pairs_with, roles),
        ):
            for value in values:
                if value not in known:
                    message = f"{value!r} is not a known {known.facet}"
                    problems.append(Problem(str(path), None, f"{role.id}.{field}", message))


def _thesaurus(path: Path, problems: list[Problem]) -> tuple[tuple[str, ...], ...]:
    """Word groups for query expansion; the file is optional."""
    if not path.exists():
        return ()
    document = _document(path, problems)
    if document is None:
        return ()
    parsed = parse(ThesaurusIn, document.data, problems, file=str(path), line_of=document.line_of)
    return tuple(tuple(group) for group in parsed.groups) if parsed else ()


def _document(path: Path, problems: list[Problem]) -> YamlDocument | None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(str(path), None, "", f"cannot read: {error.strerror}"))
        return None
    document = parse_yaml(raw, str(path))
    if isinstance(document, Problem):
        problems.append(document)
        return None
    return document


def _vocabulary(path: Path, attribute: str, problems: list[Problem]) -> Vocabulary | None:
    document = _document(path, problems)
    if document is None:
        return None
    parsed = parse(VocabularyIn, document.data, problems, file=str(path), line_of=document.line_of)
    if parsed is None:
        return None
    before = len(problems)
    ids = [c.id for c in parsed.concepts]
    for missing in sorted(FIXED_IDS[attribute] - set(ids)):
        problems.append(Problem(str(path), 1, "concepts", f"the fixed id {missing!r} is missing"))
    for index, concept in enumerate(parsed.concepts):
        if concept.broader is not None and concept.broader not in ids:
            line = document.line_of(("concepts", index, "broader"))
            problems.append(
                Problem(
                    str(path),
                    line,
                    f"concepts[{index}].broader",
                    f"{concept.broader!r} is not an id in this file",
                )
            )
    if len(problems) > before:
        return None
    concepts = [
        Concept(
            c.id,
            c.label,
            c.broader,
            c.description,
            tuple(c.synonyms),
            tuple(c.misspellings),
            tuple(c.deprecated),
            tuple(c.works_with),
            tuple(c.pairs_with),
        )
        for c in parsed.concepts
    ]
    return Vocabulary.build(parsed.facet, concepts)


def _regions(
    folder: Path, problems: list[Problem]
) -> tuple[Regions, Mapping[str, tuple[str, ...]]] | None:
    document = _document(folder / "regions.yaml", problems)
    table = _m49_table(folder / "m49.csv", problems)
    if document is None or table is None:
        return None
    extra = parse(RegionsIn, document.data, problems, file=document.name, line_of=document.line_of)
    if extra is None:
        return None
    tree = _m49_regions(table, extra)
    by_name = {r.name: r for r in tree}
    by_code = {min(r.countries): r.name for r in tree if r.kind == "country"}
    groups = []
    for index, group in enumerate(extra.groups):
        countries: set[str] = set()
        for member_index, member in enumerate(group.members):
            name = by_code.get(member) or (member if member in by_name else None)
            if name is None:
                line = document.line_of(("groups", index, "members", member_index))
                problems.append(
                    Problem(
                        document.name,
                        line,
                        f"groups[{index}].members",
                        f"{member!r} is not an ISO code or M49 region",
                    )
                )
                continue
            countries |= by_name[name].countries
        groups.append(
            Region(group.name, "group", GLOBAL, frozenset(countries), "", tuple(group.aliases))
        )
    regions = Regions.build([*tree, *groups])
    schemes: dict[str, tuple[str, ...]] = {}
    for scheme, names in extra.schemes.items():
        resolved = []
        for index, name in enumerate(names):
            try:
                resolved.append(regions.resolve(name))
            except UnknownTerm as error:
                line = document.line_of(("schemes", scheme, index))
                problems.append(Problem(document.name, line, f"schemes.{scheme}", str(error)))
        schemes[scheme] = tuple(resolved)
    if "m49" not in schemes:  # the continents, unless regions.yaml says otherwise
        schemes["m49"] = tuple(r.name for r in tree if r.kind == "region")
    return (regions, MappingProxyType(schemes)) if not problems else None


def _m49_table(path: Path, problems: list[Problem]) -> list[dict[str, str]] | None:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            table = [{k: (v or "") for k, v in row.items()} for row in reader]
            columns = reader.fieldnames or []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        problems.append(Problem(str(path), None, "", f"cannot read the M49 table: {error}"))
        return None
    missing = [c for c in M49_COLUMNS if c not in columns]
    if missing:
        problems.append(Problem(str(path), 1, "", f"missing columns: {', '.join(missing)}"))
        return None
    return table


LEVELS: tuple[RegionKind, ...] = ("intermediate-region", "sub-region", "region")


def _m49_regions(table: list[dict[str, str]], extra: RegionsIn) -> list[Region]:
    """Countries from the M49 table with ISO aliases, and the regions above them."""
    region_aliases = extra.region_aliases
    members: dict[str, set[str]] = {}
    parents: dict[str, tuple[str, RegionKind, str]] = {}
    countries = []
    for row in table:
        chain = [n for n in (row["intermediate_region"], row["sub_region"], row["region"]) if n]
        for level, name in enumerate(chain):
            members.setdefault(name, set()).add(row["iso2"])
            parent = chain[level + 1] if level + 1 < len(chain) else GLOBAL
            kind: RegionKind = LEVELS[3 - len(chain) + level]
            code = row[
                ("intermediate_region_m49", "sub_region_m49", "region_m49")[3 - len(chain) + level]
            ]
            parents[name] = (parent, kind, code)
        aliases = (
            row["iso2"],
            row["iso3"],
            row["official_name"],
            *_iso_names(row["iso2"]),
            *extra.country_aliases.get(row["iso2"], ()),
        )
        countries.append(
            Region(
                row["name"],
                "country",
                chain[0] if chain else GLOBAL,
                frozenset({row["iso2"]}),
                row["m49"],
                _unique(aliases),
            )
        )
    world = Region(
        GLOBAL,
        "global",
        None,
        frozenset().union(*(c.countries for c in countries)),
        "001",
        tuple(region_aliases.get(GLOBAL, ())),
    )
    regions = [
        Region(
            name, kind, parent, frozenset(members[name]), code, tuple(region_aliases.get(name, ()))
        )
        for name, (parent, kind, code) in parents.items()
    ]
    return [world, *regions, *countries]


def _iso_names(alpha_2: str) -> Iterable[str]:
    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        return ()
    names = (getattr(country, a, None) for a in ("name", "official_name", "common_name"))
    return tuple(n for n in names if n) + (getattr(country, "numeric", ""),)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
