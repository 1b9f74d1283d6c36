"""Reads a file of judged profiles (YAML) into `Profile` values, with placed errors."""

from __future__ import annotations

from pathlib import Path

from bridge.catalogue.building import validated
from bridge.catalogue.recordfiles import RawRecord
from bridge.catalogue.schema import ProfilesIn
from bridge.catalogue.yamlfile import parse_yaml
from bridge.errors import CatalogueError, Problem
from bridge.model import Query
from bridge.quality.evaluation import Judgment, Profile


def read_judged(path: Path) -> tuple[Profile, ...]:
    """The profiles of `path`, or `CatalogueError` naming each problem's line, in the
    order of the lines."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CatalogueError(
            (Problem(str(path), None, "", f"cannot read: {error.strerror}"),)
        ) from None
    document = parse_yaml(raw, str(path))
    if isinstance(document, Problem):
        raise CatalogueError((document,))
    problems: list[Problem] = []
    parsed = validated(RawRecord(str(path), document.data, document.line_of), ProfilesIn, problems)
    if parsed is None:
        raise CatalogueError(tuple(sorted(problems, key=lambda p: (p.line or 0, p.field))))
    return tuple(
        Profile(
            p.name,
            Query(
                text=p.query.text,
                role=p.query.role,
                harms=tuple(p.query.harms),
                regions=tuple(p.query.regions),
                kinds=tuple(p.query.kinds),
            ),
            tuple(Judgment(j.match, j.grade) for j in p.relevant),
        )
        for p in parsed.profiles
    )
