"""Spreadsheet cells that cannot run as formulas, and back: one rule for exports and imports."""

from __future__ import annotations

FORMULA_TRIGGERS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\0",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)


def _starts_formula(value: str) -> bool:
    """Whether the text after any leading apostrophes and spaces starts a formula."""
    return value.lstrip("'").lstrip(" \u00a0")[:1] in FORMULA_TRIGGERS


def neutralise_cell(value: str) -> str:
    """Prefix `'` to a cell a spreadsheet would run as a formula. A cell that already starts
    with apostrophes before a formula sign gets one more, so `restore_cell` is its exact
    inverse and exported tables import to the same records."""
    starts = value.lstrip(" \u00a0")[:1] in FORMULA_TRIGGERS
    return "'" + value if starts or (value.startswith("'") and _starts_formula(value)) else value


def restore_cell(value: str) -> str:
    """Undo `neutralise_cell`."""
    return value[1:] if value.startswith("'") and _starts_formula(value) else value
