"""The state of the app's pages as URL query parameters, both ways: a shared link
reproduces what its sender saw.

Parameters are named as the CLI options (`text`, `role`, `harm`, `region`, `kind`,
`evidence`, `year_from`, `year_to`, `strict_role`, `sector`) plus `shortlist`, `layout`
(Find resources) and `view` (the evidence map's axes). Values arrive untrusted, so each is
checked against the vocabularies and the catalogue, and what fails is dropped and named.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bridge.errors import UnknownTerm
from bridge.model import Catalogue, Query

MAX_TEXT_CHARS = 500
MAX_VALUE_CHARS = 100
MAX_VALUES = 30
MAX_PARAMS = 1000  # Streamlit, like most servers, keeps no more of a link than this
LIST_PARAMS = ("harm", "region", "kind", "evidence", "sector", "shortlist")
LAYOUTS = ("cards", "list")
AXES = ("harm-region", "harm-unicef", "role-harm", "kind-harm")
PROFILE_PARAMS = (
    "text",
    "role",
    "harm",
    "region",
    "kind",
    "evidence",
    "year_from",
    "year_to",
    "strict_role",
)
PAGE_PARAMS = {  # the parameters each page reads and writes
    "find": (*PROFILE_PARAMS, "shortlist", "layout"),
    "contacts": (*PROFILE_PARAMS, "sector"),
    "evidence": (*(p for p in PROFILE_PARAMS if p != "text"), "view"),
}


@dataclass(frozen=True, slots=True)
class LinkState:
    """What a link describes on every page (the profile, the shortlist, the sectors, the
    map's axes, the list's layout) and what was dropped from it."""

    query: Query
    shortlist: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    axes: str = AXES[0]
    layout: str = LAYOUTS[0]
    dropped: tuple[str, ...] = ()  # names of parameters that lost a value
    overflow: int = 0  # parameters past MAX_PARAMS, not read at all

    @property
    def notice(self) -> str | None:
        """A plain-text note on what was dropped; it never repeats the dropped values."""
        notes = []
        if self.dropped:
            names = ", ".join(sorted(set(self.dropped)))
            count = len(self.dropped)
            verb = "value in this link was" if count == 1 else "values in this link were"
            notes.append(f"{count} {verb} not recognised and dropped ({names}).")
        if self.overflow:
            notes.append(
                f"This link holds more than {MAX_PARAMS} values; the {self.overflow} after "
                "them were not read."
            )
        return " ".join(notes) or None


def parse_params(params: Mapping[str, Sequence[str]], catalogue: Catalogue) -> LinkState:
    """The state a link's parameters describe, each value resolved or dropped."""
    taxonomy = catalogue.taxonomy
    dropped: list[str] = []
    params, overflow = _capped(params)

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
        evidence=values("evidence", taxonomy.evidence.resolve),
    )
    return LinkState(
        query,
        shortlist=values("shortlist", lambda i: _known_id(catalogue, i)),
        sectors=values("sector", taxonomy.sectors.resolve),
        axes=_choice(params, "view", AXES, dropped),
        layout=_choice(params, "layout", LAYOUTS, dropped),
        dropped=tuple(dropped),
        overflow=overflow,
    )


def to_params(state: LinkState, *, page: str = "find") -> dict[str, list[str]]:
    """The link parameters `page` owns for the state; empty and default values left out."""
    q = state.query
    params: dict[str, list[str]] = {
        "text": [q.text] if q.text else [],
        "role": [q.role] if q.role else [],
        "harm": list(q.harms),
        "region": list(q.regions),
        "kind": list(q.kinds),
        "evidence": list(q.evidence),
        "year_from": [str(q.year_from)] if q.year_from else [],
        "year_to": [str(q.year_to)] if q.year_to else [],
        "strict_role": ["true"] if q.strict_role else [],
        "shortlist": list(state.shortlist),
        "sector": list(state.sectors),
        "view": [state.axes] if state.axes != AXES[0] else [],
        "layout": [state.layout] if state.layout != LAYOUTS[0] else [],
    }
    owned = PAGE_PARAMS[page]
    return {k: v for k, v in params.items() if v and k in owned}


def _capped(
    params: Mapping[str, Sequence[str]],
) -> tuple[dict[str, list[str]], int]:
    """The first MAX_PARAMS values of a link, and how many came after them."""
    kept: dict[str, list[str]] = {}
    seen = 0
    for name, given in params.items():
        room = max(MAX_PARAMS - seen, 0)
        kept[name] = list(given)[:room]
        seen += len(given)
    return kept, max(seen - MAX_PARAMS, 0)


def _choice(
    params: Mapping[str, Sequence[str]], name: str, choices: tuple[str, ...], dropped: list[str]
) -> str:
    given = list(params.get(name, ()))
    if given and given[0] in choices:
        return given[0]
    if given:
        dropped.append(name)
    return choices[0]


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
