"""The Workshop packs page's first steps: which column holds what (a choice per field,
started from the guess; personal contact data never offered), and the people as read, in
a table that marks each inferred value and takes the facilitator's corrections."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import bridge

NO_COLUMN = "(no column)"
EDITOR = "pack-people"
SEVERAL = ("name", "interests")  # fields the page lets read from several columns
TABLE = {"name": "Name", "organisation": "Organisation", "job_title": "Job title"}
TABLE |= {"role": "Role", "harms": "Harms", "regions": "Regions", "interests": "Interests"}
Changes = tuple[tuple[int, tuple[tuple[str, str], ...]], ...]  # row -> (field, text), ...


def column_step(guess: bridge.ColumnMapping) -> bridge.ColumnMapping:
    """A choice of columns per field, started from the guess; personal data is never listed."""
    st.header("Columns")
    st.markdown(
        "Which column holds what, guessed from the headers. Where no column gives the role, "
        "it is read from the job title and organisation; harms and regions are read from "
        "the interests and job title."
    )
    headers = [h for h in guess.headers if h not in guess.personal]
    chosen: dict[str, list[str]] = {}
    left, right = st.columns(2)
    for number, field in enumerate(bridge.PARTICIPANT_FIELDS):
        with left if number % 2 == 0 else right:
            chosen[field] = _column_choice(field, headers, guess)
    mapping = guess.with_columns(chosen)
    if mapping.personal:
        listed = ", ".join(mapping.personal)
        st.caption(bridge.plain_markdown(f"Never read (personal contact data): {listed}"))
    if mapping.unused:
        st.caption(bridge.plain_markdown("Not used: " + ", ".join(mapping.unused)))
    return mapping


def _column_choice(field: str, headers: list[str], guess: bridge.ColumnMapping) -> list[str]:
    label = bridge.PARTICIPANT_FIELDS[field]
    key = f"pack-column-{field}"
    if field in SEVERAL:
        picked = st.multiselect(label, headers, default=list(guess.columns(field)), key=key)
        return list(picked)
    options = [NO_COLUMN, *headers]
    guessed = guess.columns(field)
    index = options.index(guessed[0]) if guessed else 0
    choice = st.selectbox(label, options, index=index, key=key)
    return [] if choice in (None, NO_COLUMN) else [choice]


def people_step(
    registration: bridge.Registration, reader: bridge.ProfileReader, catalogue: bridge.Catalogue
) -> tuple[bridge.Registration, Changes]:
    """The people as read, in a table the facilitator can correct; the room with their
    changes, and the changes (row number -> field -> text) as a key."""
    st.header("Participants")
    st.markdown(
        "Check each person's role, harms and regions. Values marked in **Inferred** were "
        "read from the job title, organisation or interests; change any cell and it counts "
        "as given. Several harms or regions are separated by `;`."
    )
    _forget_edits_of_another_mapping(registration.mapping)
    st.data_editor(
        _people_frame(registration, catalogue),
        hide_index=True,
        disabled=["Row", "Inferred"],
        column_config=_people_columns(catalogue),
        key=EDITOR,
    )
    changes = _changes(registration)
    edited = registration.edited(dict((row, dict(c)) for row, c in changes), reader)
    return edited, changes


def _forget_edits_of_another_mapping(mapping: bridge.ColumnMapping) -> None:
    if st.session_state.get("pack-people-mapping") != mapping:
        st.session_state.pop(EDITOR, None)
        st.session_state["pack-people-mapping"] = mapping


def _people_frame(registration: bridge.Registration, catalogue: bridge.Catalogue) -> pd.DataFrame:
    taxonomy = catalogue.taxonomy
    rows = []
    for entry in registration.entries:
        rows.append(
            {
                "Row": entry.row,
                "Name": entry.name,
                "Organisation": entry.organisation,
                "Job title": entry.job_title,
                "Role": taxonomy.roles.label(entry.role.value) if entry.role else None,
                "Harms": "; ".join(taxonomy.harms.label(r.value) for r in entry.harms),
                "Regions": "; ".join(r.value for r in entry.regions),
                "Interests": entry.interests,
                "Inferred": bridge.inferred_summary(entry, taxonomy),
            }
        )
    return pd.DataFrame(rows, columns=["Row", *TABLE.values(), "Inferred"])


def _people_columns(catalogue: bridge.Catalogue) -> dict[str, Any]:
    roles = [catalogue.taxonomy.roles.label(r) for r in catalogue.taxonomy.roles.ids]
    return {
        "Row": st.column_config.NumberColumn("Row", help="The row in the spreadsheet"),
        "Role": st.column_config.SelectboxColumn("Role", options=roles),
        "Harms": st.column_config.TextColumn("Harms", help="Harms separated by ;"),
        "Regions": st.column_config.TextColumn("Regions", help="Countries or regions, by ;"),
        "Inferred": st.column_config.TextColumn("Inferred", width="large"),
    }


def _changes(registration: bridge.Registration) -> Changes:
    """The editor's changes as (row number, ((field, text), ...)), in row order."""
    edited = st.session_state.get(EDITOR, {}).get("edited_rows", {})
    fields = {label: field for field, label in TABLE.items()}
    changes = []
    for index, cells in sorted(edited.items(), key=lambda item: int(item[0])):
        position = int(index)
        if not 0 <= position < len(registration.entries):
            continue
        typed = tuple(
            (fields[c], "" if v is None else str(v)) for c, v in cells.items() if c in fields
        )
        if typed:
            changes.append((registration.entries[position].row, typed))
    return tuple(changes)
