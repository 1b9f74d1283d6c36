"""What a facilitator is told about a registration file before packs are made: which column
each field is read from, which columns are left alone, and every value that was inferred
with the words it came from. Plain text; no cell of a personal-data column ever appears.
"""

from __future__ import annotations

from bridge.taxonomy import Taxonomy
from bridge.workshop.columns import FIELDS, ColumnMapping
from bridge.workshop.inference import Reading
from bridge.workshop.registration import Entry, Registration

_READ_FROM = {
    "role": ("job_title", "organisation", "the job title and organisation"),
    "harms": ("interests", "job_title", "the interests and job title"),
    "regions": ("interests", "job_title", "the interests and job title"),
}


def column_choice(mapping: ColumnMapping, field: str) -> str:
    """Where a field is read from: its headers, or what it is inferred from, or nothing."""
    headers = mapping.columns(field)
    if headers:
        return " + ".join(f"“{h}”" for h in headers)
    sources = _READ_FROM.get(field)
    if sources and any(mapping.columns(f) for f in sources[:2]):
        return f"no column: read from {sources[2]}"
    return "no column"


def mapping_lines(mapping: ColumnMapping) -> list[str]:
    """The mapping in lines: each field and its columns, then the columns left alone."""
    width = max(len(f) for f in FIELDS)
    lines = [f"  {field:<{width}}  {column_choice(mapping, field)}" for field in FIELDS]
    if mapping.personal:
        listed = ", ".join(f"“{h}”" for h in mapping.personal)
        lines.append(f"never read (personal contact data): {listed}")
    if mapping.unused:
        lines.append("not used: " + ", ".join(f"“{h}”" for h in mapping.unused))
    return lines


def reading_label(field: str, reading: Reading, taxonomy: Taxonomy) -> str:
    """A value as people read it: a role's or harm's label, a region's name."""
    if field == "role":
        return taxonomy.roles.label(reading.value)
    if field == "harms":
        return taxonomy.harms.label(reading.value)
    return reading.value


def inferred_summary(entry: Entry, taxonomy: Taxonomy) -> str:
    """Every inferred value of a row and why, in one line ("" when nothing was inferred)."""
    parts: dict[str, list[str]] = {}
    for field, reading in entry.inferred:
        shown = f"{reading_label(field, reading, taxonomy)} ({reading.because})"
        parts.setdefault(field, []).append(shown)
    return "; ".join(f"{field} {', '.join(values)}" for field, values in parts.items())


def inference_lines(registration: Registration, taxonomy: Taxonomy) -> list[str]:
    """How many rows had each field inferred, then each such row and what was inferred."""
    total = len(registration.entries)
    counts = {
        field: sum(1 for e in registration.entries if any(f == field for f, _ in e.inferred))
        for field in ("role", "harms", "regions")
    }
    if not any(counts.values()):
        return ["inferred: nothing; every value was given in its column"]
    said = [f"{field} for {n} of {total} rows" for field, n in counts.items() if n]
    lines = ["inferred (check them): " + ", ".join(said)]
    for entry in registration.entries:
        summary = inferred_summary(entry, taxonomy)
        if summary:
            lines.append(f"  row {entry.row}, {entry.name or 'no name'}: {summary}")
    return lines
