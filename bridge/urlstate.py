"""A view's state as URL query parameters, both ways: a shared link reproduces the view.

Parameters are named as the CLI options (`text`, `role`, `harm`, `region`, `kind`,
`year_from`, `year_to`, `strict_role`) plus `shortlist`; values arrive untrusted, so each
is checked against the vocabularies and the catalogue, and what fails is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bridge.errors import UnknownTerm
from bridge.model import Catalogue, Query

MAX_TEXT_CHARS = 500
MAX_VALUE_CHARS = 100
MAX_VALUES = 30
LIST_PARAMS = ("harm", "region", "kind", "shortlist")


@dataclass(frozen=True, slots=True)
class ViewState:
    """The query and shortlist a link describes, and what was dropped from it."""

    query: Query
    shortlist: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()  # names of parameters that lost a value

    @property
    def notice(self) -> str | None:
        """A plain-text note on what was dropped; it never repeats the dropped values."""
        if not self.dropped:
            return None
        names = ", ".join(sorted(set(self.dropped)))
        count = len(self.dropped)
        verb = "value in this link was" if count == 1 else "values in this link were"
        return f"{count} {verb} not recognised and dropped ({names})."


def parse_params(params: Mapping[str, Sequence[str]], catalogue: Catalogue) -> ViewState:
    """The view of a link's parameters, each value resolved or dropped."""
    taxonomy = catalogue.taxonomy
    dropped: list[str] = []

    def values(name: str, resolve: Callable[[str], str]) -> tuple[str, ...]:
        kept: list[str] = []
        for value in list(params.get(name, ()))[:MAX_VALUES]:
            try:
                if len(value) > MAX_VALUE_CHARS:
                    raise UnknownTerm(name, value[:20], ())
                kept.append(resolve(value))
            except UnknownTerm:
                dropped.append(name)
        dropped.extend([name] * max(len(params.get(name, ())) - MAX_VALUES, 0))
        return tuple(dict.fromkeys(kept))

    role = values("role", taxonomy.roles.resolve)[:1]
    query = Query(
        text=_text(params, dropped),
        role=role[0] if role else None,
        harms=values("harm", taxonomy.harms.resolve),
        regions=values("region", taxonomy.regions.resolve),
        kinds=values("kind", taxonomy.kinds.resolve),
        year_from=_year(params, "year_from", dropped),
        year_to=_year(params, "year_to", dropped),
        strict_role=_flag(params, "strict_role", dropped),
    )
    shortlist = values("shortlist", lambda i: _known_id(catalogue, i))
    return ViewState(query, shortlist, tuple(dropped))


def to_params(state: ViewState) -> dict[str, list[str]]:
    """The link parameters of a view; empty values are left out."""
    q = state.query
    params: dict[str, list[str]] = {
        "text": [q.text] if q.text else [],
        "role": [q.role] if q.role else [],
        "harm": list(q.harms),
        "region": list(q.regions),
        "kind": list(q.kinds),
        "year_from": [str(q.year_from)] if q.year_from else [],
        "year_to": [str(q.year_to)] if q.year_to else [],
        "strict_role": ["true"] if q.strict_role else [],
        "shortlist": list(state.shortlist),
    }
    return {k: v for k, v in params.items() if v}


def _text(params: Mapping[str, Sequence[str]], dropped: list[str]) -> str:
    texts = list(params.get("text", ()))
    if not texts:
        return ""
    if len(texts[0]) > MAX_TEXT_CHARS:
        dropped.append("text")
        return texts[0][:MAX_TEXT_CHARS]
    return texts[0]


def _year(params: Mapping[str, Sequence[str]], name: str, dropped: list[str]) -> int | None:
    given = list(params.get(name, ()))
    if not given:
        return None
    if given[0].isdecimal() and given[0].isascii() and 1900 <= int(given[0]) <= 2100:
        return int(given[0])
    dropped.append(name)
    return None


def _flag(params: Mapping[str, Sequence[str]], name: str, dropped: list[str]) -> bool:
    given = [v.lower() for v in params.get(name, ())]
    if not given:
        return False
    if given[0] in ("true", "1", "yes", "on"):
        return True
    if given[0] not in ("false", "0", "no", "off"):
        dropped.append(name)
    return False


def _known_id(catalogue: Catalogue, value: str) -> str:
    try:
        return catalogue.resource(value).id
    except KeyError:
        raise UnknownTerm("record", value, ()) from None
