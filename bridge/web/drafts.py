"""Draft records from a web page or a reference, for a curator to finish: the fields the
source gives filled in, the tags it suggests kept apart under `suggested` with the words
that led to each, and what the source says of itself under `about`.

A draft is never a record: `bridge validate` refuses its `suggested` and `about` sections
and its empty summary, kind and organisation until the curator has read the source, moved
the right suggestions into place and written the summary in their own words.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from bridge.engine.text import words
from bridge.model import Catalogue
from bridge.web.fetching import FetchFailed, FetchPolicy, fetch
from bridge.web.metadata import PageMetadata, page_metadata
from bridge.web.references import Reference
from bridge.web.suggestions import (
    PhraseBook,
    Suggestion,
    merged,
    suggest_kind,
    suggest_organisation,
    suggest_tags,
    with_learnt,
)

if TYPE_CHECKING:  # scikit-learn is imported only when a model is fitted
    from bridge.engine.learnt import TagModel

MAX_ID_CHARS = 60
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_PLAIN = re.compile(r"[a-z][a-z0-9-]*")
STEPS = (
    "read the source and write `summary` in your own words (25 words or more);",
    "choose `kind` and `organisation` (an organisation's id), and the audience `roles`;",
    "move each value under `suggested` that the source supports into its field above;",
    "delete `suggested` and `about`, then move the file into the catalogue's records/.",
)


@dataclass(frozen=True, slots=True)
class Draft:
    """A record as far as its source gives it, the tags suggested for it, and what the
    source says of itself (to read, never to copy)."""

    record: Mapping[str, Any]
    suggestions: tuple[Suggestion, ...]
    about: Mapping[str, str | tuple[str, ...]]
    origin: str  # the page's address, or the reference's file:line

    @property
    def id(self) -> str:
        return str(self.record["id"])

    def suggested(self, field: str) -> tuple[str, ...]:
        return tuple(s.value for s in self.suggestions if s.field == field)

    def usable_suggestions(self, catalogue: Catalogue) -> tuple[Suggestion, ...]:
        """The suggestions whose values the catalogue's vocabularies and organisations hold
        (the ones a form can show as choices)."""
        known = _choices(catalogue)
        return tuple(s for s in self.suggestions if s.value in known[s.field])

    def form_values(self, catalogue: Catalogue) -> dict[str, Any]:
        """The Add form's fields as this draft fills them: what the source gives, and the
        usable suggestions (the first for a one-value field)."""
        record = self.record
        usable = self.usable_suggestions(catalogue)

        def chosen(field: str) -> list[str]:
            return [s.value for s in usable if s.field == field]

        sources = "\n".join(f"{s['url']} | {s['title']}" for s in record.get("sources", ()))
        return {
            "id": record.get("id", ""),
            "title": record.get("title", ""),
            "url": record.get("url", ""),
            "year": record.get("year"),
            "languages": ", ".join(record.get("languages", ())),
            "sources": sources,
            "kind": next(iter(chosen("kind")), None),
            "organisation": next(iter(chosen("organisation")), None),
            "harms": chosen("harms"),
            "roles": chosen("roles"),
            "regions": chosen("regions"),
        }


def _choices(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    taxonomy = catalogue.taxonomy
    return {
        "kind": taxonomy.kinds.ids,
        "organisation": tuple(o.id for o in catalogue.organisations),
        "harms": taxonomy.harms.ids,
        "roles": taxonomy.roles.ids,
        "regions": taxonomy.regions.names,
    }


def draft_from_page(
    page: PageMetadata,
    catalogue: Catalogue,
    *,
    book: PhraseBook,
    today: dt.date,
    learnt: TagModel | None = None,
) -> Draft:
    """A draft from a page's metadata; its address is the record's `url` and its source.
    With `learnt`, what records like it are tagged with stands beside the suggestions."""
    title = page.title or page.site_name or page.url
    record = _record(
        title=title,
        url=page.url,
        year=page.year,
        language=page.language,
        sources=[{"url": page.url, "title": title, "accessed": today}],
    )
    text = ". ".join((page.title, page.description, "; ".join(page.keywords), page.text))
    suggestions = merged(
        (suggest_kind(page.page_type, page.title, catalogue.taxonomy),),
        (suggest_organisation(page.url, catalogue),),
        suggest_tags(text, book),
    )
    suggestions = _beside_learnt(suggestions, learnt, f"{title}. {page.description}")
    about: dict[str, str | tuple[str, ...]] = {
        "description": page.description,
        "site": page.site_name,
        "date": page.date,
        "type": page.page_type,
        "keywords": page.keywords,
    }
    return Draft(MappingProxyType(record), suggestions, _set(about), page.url)


def read_page(url: str, *, policy: FetchPolicy) -> PageMetadata:
    """The metadata of the page at `url`, fetched under `policy`; a page that answers with an
    error is `FetchFailed`. A file that is not HTML (a PDF, say) gives its address only."""
    answer = fetch(url, policy=policy)
    if answer.status >= 400:
        message = f"{url} answered {answer.status} {answer.reason}".rstrip()
        raise FetchFailed("status", message)
    media, _, parameters = answer.content_type.partition(";")
    if media.strip().lower() not in ("text/html", "application/xhtml+xml", ""):
        return PageMetadata(url=answer.final_url, page_type=media.strip().lower())
    charset = re.search(r"charset=([\w-]+)", parameters)
    return page_metadata(
        answer.body, url=answer.final_url, encoding=charset.group(1) if charset else None
    )


def draft_from_reference(
    reference: Reference,
    catalogue: Catalogue,
    *,
    book: PhraseBook,
    today: dt.date,
    learnt: TagModel | None = None,
) -> Draft:
    """A draft from a reference; its URL (or its DOI's address) is the `url` and source.
    With `learnt`, what records like it are tagged with stands beside the suggestions."""
    url = reference.url or (f"https://doi.org/{reference.doi}" if reference.doi else "")
    title = reference.title or f"untitled reference at line {reference.line}"
    record = _record(
        title=title,
        url=url,
        year=reference.year,
        language=reference.language,
        sources=[{"url": url, "title": title, "accessed": today}] if url else [],
    )
    text = ". ".join((reference.title, reference.abstract, "; ".join(reference.keywords)))
    suggestions = merged(
        (suggest_kind(reference.reference_type, reference.title, catalogue.taxonomy),),
        (suggest_organisation(url, catalogue),) if reference.url else (),
        suggest_tags(text, book),
    )
    suggestions = _beside_learnt(suggestions, learnt, f"{title}. {reference.abstract}")
    about: dict[str, str | tuple[str, ...]] = {
        "abstract": reference.abstract,
        "authors": reference.authors,
        "published in": reference.container,
        "type": reference.reference_type,
        "doi": reference.doi,
        "keywords": reference.keywords,
        "language": "" if _language(reference.language) else reference.language,
    }
    origin = f"{reference.file}:{reference.line}"
    return Draft(MappingProxyType(record), suggestions, _set(about), origin)


def _beside_learnt(
    suggestions: tuple[Suggestion, ...], learnt: TagModel | None, described: str
) -> tuple[Suggestion, ...]:
    """The suggestions, with what `learnt` gives the source's title and description beside
    them (a record's title and summary are what it learnt from)."""
    return suggestions if learnt is None else with_learnt(suggestions, learnt.suggest(described))


def _record(
    *, title: str, url: str, year: int | None, language: str, sources: list[dict[str, Any]]
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": slug(title),
        "kind": "",
        "title": title,
        "summary": "",
        "organisation": "",
    }
    record |= {"url": url} if url else {}
    record |= {"year": year} if year and 1900 <= year <= 2100 else {}
    code = _language(language)
    record |= {"languages": [code]} if code else {}
    return record | {"roles": [], "harms": [], "regions": [], "sources": sources}


def _language(value: str) -> str:
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else ""


def _set(about: Mapping[str, str | tuple[str, ...]]) -> Mapping[str, str | tuple[str, ...]]:
    return MappingProxyType({k: v for k, v in about.items() if v})


def slug(title: str) -> str:
    """An id from a title: its words, lowercase, joined by hyphens, at most 60 characters
    (cut at a word)."""
    found = "-".join(words(title))
    if len(found) > MAX_ID_CHARS:
        found = found[: MAX_ID_CHARS + 1].rsplit("-", 1)[0]
    return found or "draft"


def file_names(drafts: Sequence[Draft]) -> list[str]:
    """A file name per draft, `<id>.yaml`, numbered where two drafts share an id."""
    names: list[str] = []
    for draft in drafts:
        name, number = f"{draft.id}.yaml", 2
        while name in names:
            name, number = f"{draft.id}-{number}.yaml", number + 1
        names.append(name)
    return names


def draft_yaml(draft: Draft, *, today: dt.date) -> str:
    """The draft as a YAML file: a header saying how to finish it, the record's fields, then
    `suggested` (each value with the words that led to it) and `about`."""
    lines = [f"# Draft from {_one_line(draft.origin)}, made {today.isoformat()}."]
    lines += ["# Not a record yet: `bridge validate` refuses it until it is finished. To finish:"]
    lines += [f"#   {n}. {step}" for n, step in enumerate(STEPS, 1)]
    for name, value in draft.record.items():
        lines += _field(name, value, indent="")
    lines += _suggested(draft.suggestions)
    if draft.about:
        lines.append("about:  # what the source says of itself: read it, do not copy it")
        for name, value in draft.about.items():
            lines += _field(name, value, indent="  ")
    return "\n".join(lines) + "\n"


def _suggested(suggestions: Iterable[Suggestion]) -> list[str]:
    by_field: dict[str, list[Suggestion]] = {}
    for suggestion in suggestions:
        by_field.setdefault(suggestion.field, []).append(suggestion)
    if not by_field:
        return ["suggested: {}  # nothing in the source's words names a tag"]
    lines = ["suggested:  # from the source's words; keep only what the source supports"]
    for field, found in by_field.items():
        if field in ("kind", "organisation"):
            lines.append(f"  {field}: {_scalar(found[0].value)}  # {_one_line(found[0].because)}")
            continue
        lines.append(f"  {field}:")
        lines += [f"    - {_scalar(s.value)}  # {_one_line(s.because)}" for s in found]
    return lines


def _field(name: str, value: Any, *, indent: str) -> list[str]:
    key = name if _PLAIN.fullmatch(name) else json.dumps(name)
    if isinstance(value, list | tuple):
        if not value:
            return [f"{indent}{key}: []"]
        if all(isinstance(v, dict) for v in value):
            return [f"{indent}{key}:", *(line for v in value for line in _mapping(v, indent))]
        return [f"{indent}{key}:", *(f"{indent}  - {_scalar(v)}" for v in value)]
    if isinstance(value, str) and len(value) > 80:
        wrapped = textwrap.wrap(
            _one_line(value), 84, break_long_words=False, break_on_hyphens=False
        )
        return [f"{indent}{key}: >-", *(f"{indent}  {line}" for line in wrapped)]
    return [f"{indent}{key}: {_scalar(value)}"]


def _mapping(value: Mapping[str, Any], indent: str) -> list[str]:
    lines = [f"{indent}  - {k}: {_scalar(v)}" for k, v in list(value.items())[:1]]
    return lines + [f"{indent}    {k}: {_scalar(v)}" for k, v in list(value.items())[1:]]


def _scalar(value: Any) -> str:
    """A YAML scalar: dates and numbers as they are, ids plain, any other text quoted as
    JSON (which YAML reads as the same text)."""
    if isinstance(value, dt.date | int):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = _one_line(str(value))
    if _PLAIN.fullmatch(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())
