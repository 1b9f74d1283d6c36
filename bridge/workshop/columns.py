"""Which column of a registration export holds which part of a participant's profile,
guessed from the headers form tools write ("Full name", "Organisation", "Job title",
"Which topics are you most interested in?") and changed by the facilitator.

Columns of personal contact data (email, phone, address, date of birth) are recognised
so that they are never mapped, read or copied.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import process

from bridge.errors import BridgeError

FIELDS = ("name", "organisation", "job_title", "role", "harms", "regions", "interests")
FIELD_LABELS = {
    "name": "Name",
    "organisation": "Organisation",
    "job_title": "Job title",
    "role": "Role",
    "harms": "Harms",
    "regions": "Regions",
    "interests": "Interests",
}
SEVERAL = frozenset({"name", "harms", "regions", "interests"})  # cells joined when several
_JOINERS = {"name": " ", "harms": "; ", "regions": "; ", "interests": " · "}

# Headers as normalised by `header_key` (lower case, words only). Personal data first: a
# header that names it is never mapped, whatever else it says.
PERSONAL = (
    r"\be ?mail\b",
    r"\b(phone|telephone|mobile|cell ?phone|whatsapp|sms|fax)\b",
    r"^(home |postal |street |mailing |your )?address( line \d)?$",
    r"\b(post ?code|zip ?code|postal code)\b",
    r"\b(date of birth|birth ?date|birthday|dob)\b",
    r"\b(linkedin|twitter|skype|telegram)\b",
)
_ORGANISATION = r"\b(organi[sz]ations?|company|employer|institution|affiliation|workplace|agency)\b"
_TYPE = r"\b(type|kind|sector|category)\b"
# (field, pattern, rank): the best-ranked header of each field is its guess.
PATTERNS: tuple[tuple[str, str, int], ...] = (
    ("role", r"\b(stakeholder (group|type|role)|best describes)\b", 0),
    ("role", rf"({_ORGANISATION}.*{_TYPE}|{_TYPE}.*{_ORGANISATION}|^sector$|\bwhich sector\b)", 1),
    ("organisation", _ORGANISATION, 0),
    ("job_title", r"\b(job|position|occupation|profession|designation|role title)\b", 0),
    ("job_title", r"\b(your|current) (role|title)\b", 1),
    ("role", r"^(your |main |primary )?roles?$", 0),
    ("harms", r"^(harms?|harm types?|types? of harm|which harms\b.*)$", 0),
    ("regions", r"\b(country|countries|regions?|location|based in|where .* (based|work))\b", 0),
    ("name", r"^(your |full |participant |attendee |delegate |registrant )+name$", 0),
    ("name", r"^(name|full name|name and surname|name of participant)$", 1),
    ("name", r"^(first|given|fore) ?name$", 2),
    ("name", r"^(last|family|sur) ?name$|^surname$", 3),
    ("interests", r"\b(interest\w*|topics?|themes?|hop(e|ing)|learn\w*|get out of)\b", 0),
    ("interests", r"\b(expect|expectations|goals?|priorit\w*|challenges?|focus|like to)\b", 1),
)


class ColumnChoiceError(BridgeError):
    """A column chosen for a field that is not in the file, or a field that does not exist."""


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """For each field, the headers it is read from (none: left empty or inferred); the
    headers of personal contact data, never read; every header of the file, in order."""

    fields: tuple[tuple[str, tuple[str, ...]], ...]
    personal: tuple[str, ...]
    headers: tuple[str, ...]

    def columns(self, field: str) -> tuple[str, ...]:
        return dict(self.fields).get(field, ())

    @property
    def unused(self) -> tuple[str, ...]:
        """Headers that are neither mapped nor personal data (kept out of every output)."""
        used = {h for _, headers in self.fields for h in headers} | set(self.personal)
        return tuple(h for h in self.headers if h not in used)

    def joiner(self, field: str) -> str:
        """How the cells of several columns for one field become one value."""
        return _JOINERS.get(field, " ")

    def with_columns(self, chosen: Mapping[str, Iterable[str]]) -> ColumnMapping:
        """The mapping with these fields read from these headers instead (an empty list: no
        column); a header moves to its new field. `ColumnChoiceError` names the mistake."""
        fields = dict(self.fields)
        for field, headers in chosen.items():
            wanted = tuple(dict.fromkeys(_checked_header(self, field, h) for h in headers))
            if len(wanted) > 1 and field not in SEVERAL:
                raise ColumnChoiceError(f"{field} is read from one column, not {len(wanted)}")
            for other, taken in fields.items():
                fields[other] = tuple(h for h in taken if h not in wanted)
            fields[field] = wanted
        return ColumnMapping(tuple((f, fields[f]) for f in FIELDS), self.personal, self.headers)


def header_key(header: str) -> str:
    """A header as patterns see it: accents, case, punctuation and extra spaces dropped."""
    plain = unicodedata.normalize("NFKD", header)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[a-z0-9]+", plain.replace("e-mail", "email")))


def is_personal(header: str) -> bool:
    """Whether the header names personal contact data (email, phone, address, birth date)."""
    key = header_key(header)
    return any(re.search(pattern, key) for pattern in PERSONAL)


def guess_mapping(headers: Iterable[str]) -> ColumnMapping:
    """The columns each field is most likely read from, by header alone. Names join first
    and last name columns; interests join every column that asks about them."""
    headers = tuple(headers)
    personal = tuple(h for h in headers if is_personal(h))
    ranked: dict[str, list[tuple[int, int, str]]] = {f: [] for f in FIELDS}
    for position, header in enumerate(headers):
        if header in personal or headers.count(header) > 1:
            continue
        key = header_key(header)
        match = next(((f, rank) for f, p, rank in PATTERNS if re.search(p, key)), None)
        if match is not None:
            ranked[match[0]].append((match[1], position, header))
    fields = {field: _chosen(field, sorted(found)) for field, found in ranked.items()}
    return ColumnMapping(tuple((f, fields[f]) for f in FIELDS), personal, headers)


def _chosen(field: str, found: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """The guess for a field from its ranked headers: the best one, except that names may
    join a first and a last name, and interests take every question about them."""
    if not found:
        return ()
    if field == "interests":
        return tuple(header for _, _, header in sorted(found, key=lambda f: f[1]))
    if field == "name" and found[0][0] >= 2:
        first = [h for rank, _, h in found if rank == 2][:1]
        last = [h for rank, _, h in found if rank == 3][:1]
        return tuple(first + last)
    return (found[0][2],)


def _checked_header(mapping: ColumnMapping, field: str, header: str) -> str:
    """The header as the file writes it, matched without regard to case and spaces."""
    if field not in FIELDS:
        raise ColumnChoiceError(_unknown_field(field))
    by_key = {header_key(h): h for h in mapping.headers}
    found = header if header in mapping.headers else by_key.get(header_key(header))
    if found is None:
        close = process.extractOne(header, mapping.headers, score_cutoff=60)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        listed = ", ".join(repr(h) for h in mapping.headers)
        raise ColumnChoiceError(f"no column is headed {header!r}{hint} The headers: {listed}")
    if found in mapping.personal:
        raise ColumnChoiceError(
            f"{found!r} holds personal contact data; it is never read into packs"
        )
    if mapping.headers.count(found) > 1:
        raise ColumnChoiceError(f"{found!r} heads more than one column; rename one of them")
    return found


def _unknown_field(field: str) -> str:
    close = process.extractOne(field, FIELDS, score_cutoff=60)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{field!r} is not a field; {hint}the fields are {', '.join(FIELDS)}"
