"""Strict shapes of the raw records, checked at the edge before anything else sees them."""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
)
from rapidfuzz import process

from bridge.errors import Problem

Model = TypeVar("Model", bound=BaseModel)
SLUG = r"^[a-z0-9][a-z0-9-]{0,79}$"
MIN_SUMMARY_WORDS = 25
MAX_TEXT = 5000
WEB_SCHEMES = ("http", "https")
CONTACT_SCHEMES = ("http", "https", "mailto")


_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f<>\"]")
_WEB_URL_START = re.compile(r"(https?)://([^/?#]+)", re.IGNORECASE)
_PLAIN_WEB_URL = re.compile(  # safe, http(s), a host of ASCII without brackets: one match
    r"[hH][tT][tT][pP][sS]?://[^/?#\[\]\s\x00-\x1f<>\"\x80-\U0010ffff]+"
    r"(?:[/?#][^\s\x00-\x1f<>\"]*)?"
)


def _url_checker(schemes: tuple[str, ...]) -> Callable[[str], str]:
    plain = set(WEB_SCHEMES) <= set(schemes)

    def check(value: str) -> str:
        if plain and _PLAIN_WEB_URL.fullmatch(value):  # nearly every URL, passed at once
            return value
        value = value.strip()
        if _UNSAFE_IN_URL.search(value):
            raise ValueError(
                "a URL may not contain spaces, quotes, angle brackets or control characters"
            )
        if _plain_web_url(value) in schemes:
            return value
        parts = urlsplit(value)
        if parts.scheme.lower() not in schemes:
            allowed = ", ".join(f"{s}:" for s in schemes)
            raise ValueError(f"only {allowed} URLs are allowed, not {value[:40]!r}")
        if parts.scheme.lower() in WEB_SCHEMES and not parts.netloc:
            raise ValueError(f"{value[:40]!r} has no host")
        if parts.scheme.lower() == "mailto" and "@" not in parts.path:
            raise ValueError(f"{value[:40]!r} is not an email address")
        return value

    return check


def _plain_web_url(value: str) -> str | None:
    """The scheme of an http(s) URL with a plain host, read without `urlsplit` (the shape
    of nearly every URL a catalogue holds); None for any other, which `urlsplit` reads."""
    start = _WEB_URL_START.match(value)
    if start is None:
        return None
    host = start[2]
    if not host.isascii() or "[" in host or "]" in host:
        return None
    return start[1].lower()


def _enough_words(value: str) -> str:
    if len(value.split(None, MIN_SUMMARY_WORDS - 1)) < MIN_SUMMARY_WORDS:  # splits no further
        words = len(value.split())
        raise ValueError(f"needs at least {MIN_SUMMARY_WORDS} words, has {words}")
    return value


Slug = Annotated[str, Field(pattern=SLUG)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Title = Annotated[str, Field(min_length=3, max_length=300)]
WebUrl = Annotated[str, AfterValidator(_url_checker(WEB_SCHEMES))]
ContactUrl = Annotated[str, AfterValidator(_url_checker(CONTACT_SCHEMES))]
Summary = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_enough_words)]
Label = Annotated[str, Field(min_length=1, max_length=200)]
Source = Annotated[str, Field(min_length=3, max_length=1000)]
Outcome = Annotated[str, Field(min_length=1, max_length=500)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SourceIn(_Strict):
    """A public page that a record's facts come from, and the day it was read."""

    url: WebUrl
    title: Title
    accessed: dt.date


def _cited(sources: list[SourceIn], info: ValidationInfo) -> list[SourceIn]:
    """A record names where its facts come from: `sources`, or the older `source` in words."""
    if not sources and info.data.get("source") is None:
        raise ValueError("'sources' is required: the pages the facts come from")
    return sources


Cited = Annotated[list[SourceIn], Field(validate_default=True), AfterValidator(_cited)]


class ResourceIn(_Strict):
    """A resource record as written in YAML, JSON Lines or CSV. Missing lists are made new
    (`default_factory`), not copied from a shared default for every record."""

    id: Slug
    kind: Label
    title: Title
    summary: Summary
    organisation: Slug
    partners: list[Slug] = Field(default_factory=list)
    url: WebUrl | None = None
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    languages: list[Label] = Field(default_factory=list)
    roles: Annotated[list[Label], Field(min_length=1)]
    harms: Annotated[list[Label], Field(min_length=1)]
    regions: list[Label]
    pillar: Label | None = None
    outcomes: list[Outcome] = Field(default_factory=list)
    evidence: list[Label] = Field(default_factory=list)
    source: Source | None = None
    sources: Cited = Field(default_factory=list)


class PersonIn(_Strict):
    """A named person: only with the public role and the source that states it."""

    name: Title
    role: Title
    source: Source


class OrganisationIn(_Strict):
    """An organisation record as written in YAML, JSON Lines or CSV."""

    id: Slug
    name: Title
    sector: Label
    description: Text
    url: WebUrl | None = None
    regions: list[Label]
    harms: list[Label]
    contact: ContactUrl | None = None
    people: list[PersonIn] = Field(default_factory=list)
    source: Source | None = None
    sources: Cited = Field(default_factory=list)


def parse(
    model: type[Model],
    data: Any,
    problems: list[Problem],
    *,
    file: str,
    line_of: Callable[[Sequence[str | int]], int | None],
    written: Callable[[Sequence[str | int]], tuple[str, bool] | None] = lambda _: None,
) -> Model | None:
    """`data` checked against `model`, or None with a placed problem per error added."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems += problems_from(error, model, file=file, line_of=line_of, written=written)
        return None


def problems_from(
    error: ValidationError,
    model: type[BaseModel],
    *,
    file: str,
    line_of: Callable[[Sequence[str | int]], int | None],
    written: Callable[[Sequence[str | int]], tuple[str, bool] | None] = lambda _: None,
) -> list[Problem]:
    """One `Problem` per pydantic error, placed on the line of the offending field."""
    problems = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        field = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
        message = _message(detail, model, loc, written(loc))
        problems.append(Problem(file, line_of(loc), field, message))
    return problems


def _model_at(model: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel]:
    """The model whose fields hold the value at `path` (field names and list indexes)."""
    for step in path:
        if not isinstance(step, str) or step not in model.model_fields:
            continue
        inner = _models_in(model.model_fields[step].annotation)
        if inner:
            model = inner[0]
    return model


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds: `X`, `list[X]`, `X | None`, `Annotated[list[X], ...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _message(
    detail: Any, model: type[BaseModel], loc: tuple[Any, ...], written: tuple[str, bool] | None
) -> str:
    kind, given = detail["type"], detail.get("input")
    if kind == "extra_forbidden":
        known = list(_model_at(model, loc[:-1]).model_fields)
        close = process.extractOne(str(loc[-1]), known, score_cutoff=70)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(known)}"
        return f"unknown field {loc[-1]!r}{hint}"
    if kind == "missing":
        return f"{loc[-1]!r} is required"
    if kind == "string_pattern_mismatch":
        return f"{given!r} is not a valid id: use lowercase letters, digits and hyphens"
    if isinstance(given, bool | int | float | dt.date) and "string" in kind:
        text = written[0] if written and written[1] else str(given)
        return f"expected text but YAML read {text!r} as {type(given).__name__}; quote it: '{text}'"
    message = str(detail["msg"])
    return message.removeprefix("Value error, ")


class ConceptIn(_Strict):
    """One entry of a vocabulary file."""

    id: Slug
    label: Title
    broader: Slug | None = None
    description: str = ""
    synonyms: list[Label] = []
    misspellings: list[Label] = []
    deprecated: list[Label] = []
    works_with: list[Slug] = []
    pairs_with: list[Slug] = []


class VocabularyIn(_Strict):
    """A vocabulary file: roles.yaml, harms.yaml, kinds.yaml, sectors.yaml, pillars.yaml."""

    facet: Label
    concepts: Annotated[list[ConceptIn], Field(min_length=1)]


class GroupIn(_Strict):
    """A named group of countries and regions (ASEAN, EU, a UNICEF region)."""

    name: Label
    aliases: list[Label] = []
    members: Annotated[list[Label], Field(min_length=1)]


class RegionsIn(_Strict):
    """regions.yaml: groups and aliases beyond the M49 table and ISO 3166."""

    groups: list[GroupIn] = []
    region_aliases: dict[str, list[Label]] = {}
    country_aliases: dict[str, list[Label]] = {}
    schemes: dict[str, list[Label]] = {}


class JudgmentIn(_Strict):
    """A record a profile must see: a regular expression over 'title | organisation'."""

    match: Annotated[str, Field(min_length=1, max_length=500)]
    grade: Annotated[int, Field(ge=1, le=3)]


class ProfileQueryIn(_Strict):
    role: str | None = None
    harms: list[Label] = []
    regions: list[Label] = []
    kinds: list[Label] = []
    text: Annotated[str, Field(max_length=MAX_TEXT)] = ""


class ProfileIn(_Strict):
    """A judged stakeholder profile."""

    name: Title
    query: ProfileQueryIn
    relevant: Annotated[list[JudgmentIn], Field(min_length=1)]


class ProfilesIn(_Strict):
    """A file of judged profiles (the format of eval/profiles.yaml)."""

    profiles: Annotated[list[ProfileIn], Field(min_length=1)]


class ThesaurusIn(_Strict):
    """thesaurus.yaml: groups of everyday words that mean the same in this field."""

    groups: list[Annotated[list[Label], Field(min_length=2)]]
