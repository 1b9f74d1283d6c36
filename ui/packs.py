"""Workshop packs: upload a registration export (CSV or XLSX), confirm which column holds
what, check each person's role, harms and regions (those read from job titles and free text
are marked), then make the packs once and download them as one zip.

The upload is the uploader's data: it lives in this session only, is never cached for
other users, and is escaped wherever it is shown. Columns of personal contact data are
never read. Each step's result is kept in the session by what it was made from, so other
interactions show it again without making it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

import bridge
from ui.engine import current_engine

MAX_MB = 1
NO_COLUMN = "(no column)"
EDITOR = "pack-people"
MEMO = "pack-memo"
MEMO_SIZE = 8
SEVERAL = ("name", "interests")  # fields the page lets read from several columns
TABLE = {"name": "Name", "organisation": "Organisation", "job_title": "Job title"}
TABLE |= {"role": "Role", "harms": "Harms", "regions": "Regions", "interests": "Interests"}
CHANGED = (
    "The columns, the table or the number of resources changed since the packs were made; "
    "press **Make packs** to make them again."
)
T = TypeVar("T")


def workshop_packs() -> None:
    engine = current_engine()
    st.title("Workshop packs")
    _introduction()
    upload = st.file_uploader(
        "Participants (CSV or XLSX)",
        type=["csv", "xlsx"],
        max_upload_size=MAX_MB,
        key="participants",
    )
    top = st.slider("Resources per pack", 3, 20, 10, key="pack_top")
    if upload is None:
        st.markdown("Nothing you upload is stored: it stays in this browser session.")
        return
    if upload.size > MAX_MB * 1_000_000:
        st.error(f"The file is larger than {MAX_MB} MB.")
        return
    raw = upload.getvalue()
    digest = hashlib.sha256(raw).hexdigest()
    _forget_choices_of_another_file(digest)
    reader = _remembered(("reader", id(engine.catalogue)), lambda: _reader(engine))
    guess = _guess(raw, upload.name, digest, reader)
    if guess is None:
        return
    mapping = _mapping_step(guess)
    registration = _remembered(
        ("room", digest, mapping), lambda: _registration(raw, upload.name, mapping, reader)
    )
    edited, changes = _people_step(registration, reader, engine.catalogue)
    _packs_step(edited, engine, top, (digest, mapping, changes, top))


def _introduction() -> None:
    st.markdown(
        "Upload the room's list as a registration form exports it (Google Forms, Microsoft "
        "Forms, Eventbrite, Jotform; CSV or XLSX), with any headers. Confirm which column "
        "holds what, check each person's role, harms and regions, then make the packs: a "
        "pack per person, an overview of the room and suggested pairs, in one download."
    )
    st.download_button(
        "Download a template CSV",
        bridge.PARTICIPANTS_TEMPLATE,
        "participants-template.csv",
        "text/csv",
        on_click="ignore",
        key="template",
    )


def _remembered(key: Hashable, make: Callable[[], T]) -> T:
    """The value made from `key` in this session, made now if it has not been yet."""
    memo: dict[Hashable, Any] = st.session_state.setdefault(MEMO, {})
    if key not in memo:
        memo[key] = make()
        while len(memo) > MEMO_SIZE:
            memo.pop(next(iter(memo)))
    value: T = memo[key]
    return value


def _forget_choices_of_another_file(digest: str) -> None:
    """A new file starts from its own guesses: the column choices and edits are dropped."""
    if st.session_state.get("pack-digest") == digest:
        return
    for key in [k for k in st.session_state if str(k).startswith(("pack-column-", EDITOR))]:
        del st.session_state[key]
    st.session_state["pack-digest"] = digest


def _reader(engine: bridge.Engine) -> bridge.ProfileReader:
    return bridge.ProfileReader.build(engine.catalogue.taxonomy, engine.catalogue.organisations)


def _guess(
    raw: bytes, name: str, digest: str, reader: bridge.ProfileReader
) -> bridge.ColumnMapping | None:
    """The columns guessed from the file, or None with its problems shown."""
    try:
        return _remembered(("guess", digest), lambda: _guessed(raw, name, reader))
    except bridge.ProblemsFound as error:
        _show_problems(error.problems, "The file cannot be read; nothing was made.")
        return None


def _guessed(raw: bytes, name: str, reader: bridge.ProfileReader) -> bridge.ColumnMapping:
    return bridge.guess_columns(bridge.read_sheet(raw, name), reader)


def _registration(
    raw: bytes, name: str, mapping: bridge.ColumnMapping, reader: bridge.ProfileReader
) -> bridge.Registration:
    return bridge.read_registration(bridge.read_sheet(raw, name), mapping, reader)


def _mapping_step(guess: bridge.ColumnMapping) -> bridge.ColumnMapping:
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
    if guess.personal:
        listed = ", ".join(guess.personal)
        st.caption(bridge.plain_markdown(f"Never read (personal contact data): {listed}"))
    return guess.with_columns(chosen)


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


def _people_step(
    registration: bridge.Registration, reader: bridge.ProfileReader, catalogue: bridge.Catalogue
) -> tuple[bridge.Registration, tuple[tuple[int, tuple[tuple[str, str], ...]], ...]]:
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


def _changes(
    registration: bridge.Registration,
) -> tuple[tuple[int, tuple[tuple[str, str], ...]], ...]:
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


def _packs_step(
    registration: bridge.Registration, engine: bridge.Engine, top: int, key: Hashable
) -> None:
    """Problems to fix, else the button that makes the packs, and the packs once made."""
    if registration.problems:
        _show_problems(
            registration.problems,
            "Fix these in the table above or in the file, then make the packs.",
        )
    made = st.session_state.get(MEMO, {}).get(("packs", key))
    clicked = st.button(
        "Make packs",
        type="primary",
        key="make-packs",
        disabled=bool(registration.problems),
        help="Made once for these columns, corrections and number of resources.",
    )
    if made is None and clicked and not registration.problems:
        made = _remembered(("packs", key), lambda: _made(registration, engine, top))
        st.session_state["pack-made"] = key
    if made is None:
        changed = st.session_state.get("pack-made") not in (None, key)
        st.markdown(CHANGED if changed else "The packs are made when you press **Make packs**.")
        return
    _results(made, engine.catalogue)


def _made(registration: bridge.Registration, engine: bridge.Engine, top: int) -> bridge.Workshop:
    """The workshop, with its progress shown while the packs are made."""
    room = registration.participants()
    with st.status(f"Making {len(room)} packs…", expanded=True) as status:
        bar = st.progress(0.0, text=f"0 of {len(room)} packs")

        def advance(done: int, total: int) -> None:
            bar.progress(done / total, text=f"{done} of {total} packs")

        workshop = bridge.build_workshop(room, engine, top=top, progress=advance)
        status.update(label=f"Made {len(room)} packs", state="complete", expanded=False)
    return workshop


def _show_problems(problems: tuple[bridge.Problem, ...], advice: str) -> None:
    noun = "problem" if len(problems) == 1 else "problems"
    st.error(f"{len(problems)} {noun}. {advice}")
    st.dataframe(
        pd.DataFrame(
            [{"Row": p.line or "", "Column": p.field, "Problem": p.message} for p in problems],
            columns=["Row", "Column", "Problem"],
        ),
        hide_index=True,
        key="pack-errors",
    )


def _results(workshop: bridge.Workshop, catalogue: bridge.Catalogue) -> None:
    st.success(f"{len(workshop.packs)} participants; {len(workshop.pairs)} suggested pairs.")
    st.download_button(
        "Download every pack (zip)",
        lambda: bridge.zip_bytes(bridge.workshop_files(workshop, catalogue)),
        "workshop-packs.zip",
        "application/zip",
        on_click="ignore",
        key="packs-zip",
        type="primary",
    )
    _pairs(workshop)
    _shared(workshop)
    _preview(workshop, catalogue)


def _pairs(workshop: bridge.Workshop) -> None:
    st.header("Suggested pairs")
    if not workshop.pairs:
        st.markdown("No pairs: no two participants of complementary roles share interests.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {"First": p.first.name, "Second": p.second.name, "Why": "; ".join(p.reasons)}
                for p in workshop.pairs
            ]
        ),
        hide_index=True,
        key="pack-pairs",
    )


def _shared(workshop: bridge.Workshop) -> None:
    st.header("Resources the room shares")
    st.dataframe(
        pd.DataFrame(
            [
                {"Resource": s.resource.title, "Packs": len(s.holders), "Who": ", ".join(s.holders)}
                for s in workshop.shared
            ],
            columns=["Resource", "Packs", "Who"],
        ),
        hide_index=True,
        key="pack-shared",
    )


def _preview(workshop: bridge.Workshop, catalogue: bridge.Catalogue) -> None:
    st.header("Preview a pack")
    names = [pack.participant.name for pack in workshop.packs]
    chosen = st.selectbox(
        "Participant", range(len(names)), format_func=names.__getitem__, key="pack-preview"
    )
    with st.container(border=True):
        pack = workshop.packs[chosen or 0]
        st.markdown(bridge.pack_markdown(pack, catalogue, escape_text=bridge.plain_markdown))
