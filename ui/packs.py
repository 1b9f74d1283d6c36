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
from ui.room import EDITOR, column_step, people_step

MAX_MB = 1
MEMO = "pack-memo"
MEMO_SIZE = 8
CHANGED = (
    "The columns, the table or the number of resources changed since the packs were made; "
    "press **Make packs** to make them again."
)
T = TypeVar("T")


def workshop_packs() -> None:
    engine = current_engine(contacts=True)
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
    mapping = column_step(guess)
    registration = _remembered(
        ("room", digest, mapping), lambda: _registration(raw, upload.name, mapping, reader)
    )
    edited, changes = people_step(registration, reader, engine.catalogue)
    _packs_step(edited, engine, top, (digest, mapping, changes, top, id(engine.catalogue)))


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
