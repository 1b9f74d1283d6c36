"""The text of a record's YAML file, the catalogue's curated form: one small file per record.

Writing the file is the catalogue writer's job; this only says what it holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from bridge.model import RESOURCE_FIELDS, Citation, Resource, record_dict, split_sources

_OPTIONAL_EMPTY = (
    "partners",
    "languages",
    "outcomes",
    "url",
    "year",
    "pillar",
    "evidence",
    "sources",
)


class _Dumper(yaml.SafeDumper):
    """Block style; long text folded; keys in the order the record declares them."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 80 and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    short = all(isinstance(v, str) and len(v) <= 40 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _list)


def resource_yaml(resource: Resource) -> str:
    """The record as it would be written by hand: required fields, then those that are set;
    sources with their address and date, and an older source in words as `source`."""
    data = record_dict(resource)
    ordered: dict[str, Any] = {}
    for name in RESOURCE_FIELDS:
        value = data[name]
        if name == "sources":
            ordered |= _sources(resource.sources)
        elif not (name in _OPTIONAL_EMPTY and value in (None, [], ())):
            ordered[name] = list(value) if isinstance(value, tuple | list) else value
    return yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)


def _sources(sources: tuple[Citation, ...]) -> dict[str, Any]:
    named, cited = split_sources(sources)
    found: dict[str, Any] = {"source": named} if named else {}
    pages: list[dict[str, Any]] = [  # a date, so YAML writes it as one: accessed: 2026-12-01
        page | ({"accessed": dt.date.fromisoformat(page["accessed"])} if "accessed" in page else {})
        for page in cited
    ]
    return found | ({"sources": pages} if pages else {})
