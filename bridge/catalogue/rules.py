"""The curator's rules beyond the schema, which `bridge validate` warns about and `--strict`
enforces: each resource links to its own page, each record cites a page it came from, tags
are written as the taxonomy writes them, and no two resources share one page."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache

from bridge.catalogue.recordfiles import RawRecord
from bridge.errors import Problem
from bridge.model import Organisation, Resource
from bridge.taxonomy import Taxonomy
from bridge.vocabulary import Vocabulary

_TAGGED = ("harms", "roles", "kind", "evidence")


def curation_notices(
    resources: Sequence[tuple[Resource, RawRecord]],
    organisations: Sequence[tuple[Organisation, RawRecord]],
    taxonomy: Taxonomy,
) -> tuple[Problem, ...]:
    """Every place where a valid record breaks one of the curator's rules."""
    found: list[Problem] = []
    vocabularies: dict[str, Vocabulary] = {
        "harms": taxonomy.harms,
        "roles": taxonomy.roles,
        "kind": taxonomy.kinds,
        "evidence": taxonomy.evidence,
    }

    @cache  # records repeat a few tags
    def meant(field: str, written: str) -> str | None:
        return vocabularies[field].misspelt(written)

    clean: dict[str, set[str]] = {field: set() for field in _TAGGED}  # tags met, none misspelt
    for resource, raw in resources:
        if not resource.url:
            found.append(_at(raw, "url", "a resource needs the url of its own public page"))
        found += _uncited(resource.sources, raw)
        found += _misspelt(raw, meant, clean)
    for organisation, raw in organisations:
        found += _uncited(organisation.sources, raw)
    found += _shared_urls(resources)
    return tuple(found)


def _at(raw: RawRecord, field: str, message: str) -> Problem:
    return Problem(raw.file, raw.line_of((field,)), field, message)


def _uncited(sources: Iterable[object], raw: RawRecord) -> list[Problem]:
    for source in sources:
        if getattr(source, "url", None):
            return []
    return [_at(raw, "sources", "no source has a url: cite the page the facts came from")]


def _misspelt(
    raw: RawRecord, meant: Callable[[str, str], str | None], clean: dict[str, set[str]]
) -> list[Problem]:
    """The record's tags written as a misspelling the vocabulary accepts; `meant` gives the
    value to write instead (None: the tag is not one). A field whose tags are all in
    `clean` (those met before that are not) is passed at once, and its new clean tags are
    added there."""
    data = raw.data if isinstance(raw.data, dict) else {}
    found = []
    for field in _TAGGED:
        value = data.get(field)
        if not value:
            continue
        values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        known = clean[field]
        try:
            if known.issuperset(values):
                continue
        except TypeError:  # a list holding a mapping or a list
            pass
        for i, written in enumerate(values):
            instead = meant(field, written) if isinstance(written, str) else None
            if instead is None:
                if isinstance(written, str):
                    known.add(written)
                continue
            path = (field,) if isinstance(value, str) else (field, i)
            name = field if isinstance(value, str) else f"{field}[{i}]"
            message = f"{written!r} is a misspelling; write {instead!r}"
            found.append(Problem(raw.file, raw.line_of(path), name, message))
    return found


def _shared_urls(resources: Sequence[tuple[Resource, RawRecord]]) -> list[Problem]:
    first: dict[str, int] = {}  # a url -> the first resource with it
    sharing: dict[str, list[int]] = {}  # a url more than one has -> the resources with it
    for at, (resource, _) in enumerate(resources):
        if resource.url and first.setdefault(resource.url, at) != at:
            sharing.setdefault(resource.url, [first[resource.url]]).append(at)
    found = []
    for url in [u for u in first if u in sharing] if sharing else []:  # as first met
        for at in sharing[url]:
            others = ", ".join(repr(resources[o][0].id) for o in sharing[url] if o != at)
            found.append(_at(resources[at][1], "url", f"{url} is also the url of {others}"))
    return found
