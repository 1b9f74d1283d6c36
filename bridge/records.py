"""Writes records as YAML files, the catalogue's curated form: one small file per record."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bridge.errors import CatalogueError, Problem
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


def write_new_files(files: dict[str, str], out: Path) -> list[Path]:
    """Write `name -> text` into `out` all at once: staged in a temporary folder, then moved.

    Refuses (writing nothing) if any file already exists; a failure leaves nothing behind.
    """
    existing = sorted(name for name in files if (out / name).exists())
    if existing:
        problems = tuple(
            Problem(str(out / n), None, "", "already exists; not overwritten") for n in existing
        )
        raise CatalogueError(problems)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        if not out.exists():
            staging.rename(out)
            return [out / name for name in files]
        for name in files:
            os.replace(staging / name, out / name)
        return [out / name for name in files]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
