"""Writes records as YAML files, the catalogue's curated form: one small file per record."""

from __future__ import annotations

from typing import Any

import yaml

from bridge.exports import record_dict
from bridge.model import RESOURCE_FIELDS, Resource

_OPTIONAL_EMPTY = ("partners", "languages", "outcomes", "url", "year", "pillar")


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
    """The record as it would be written by hand: required fields, then those that are set."""
    data = record_dict(resource)
    ordered: dict[str, Any] = {}
    for name in RESOURCE_FIELDS:
        value = data[name]
        if name in _OPTIONAL_EMPTY and value in (None, [], ()):
            continue
        ordered[name] = list(value) if isinstance(value, tuple | list) else value
    return yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
