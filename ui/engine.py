"""One engine per catalogue state, shared by every session of the app, and what was skipped
from the catalogue said once per session."""

from __future__ import annotations

import streamlit as st

import bridge


@st.cache_resource(show_spinner="Reading the catalogue and building its index…", max_entries=4)
def _opened(folder: str, state: str) -> bridge.Opened:
    """Built (or read back from the cache) once per folder state; immutable, so sessions
    can share it safely."""
    del state  # only part of the cache key: an edited catalogue gets a new engine
    return bridge.open_engine(folder)


@st.cache_resource(show_spinner="Reading the organisations' index…", max_entries=4)
def _contacts_ready(folder: str, state: str) -> None:
    """The organisations' index of that engine read back (or built and stored), once."""
    bridge.prepare_contacts(_opened(folder, state))


def current_engine(*, contacts: bool = False) -> bridge.Engine:
    """The engine for the catalogue as it is on disk now (with `contacts`, its organisations'
    index ready too); stops the page with a message if the catalogue cannot be read."""
    folder = str(bridge.default_catalogue_dir())
    try:
        state = bridge.fingerprint(folder)
        opened = _opened(folder, state)
        if contacts:
            _contacts_ready(folder, state)
    except (bridge.BridgeError, OSError) as error:
        st.error("The catalogue cannot be read: " + bridge.plain_markdown(_shown(error, folder)))
        st.stop()
        raise
    _warn_once(opened, folder)
    return opened.engine


def _shown(error: Exception, folder: str) -> str:
    if isinstance(error, bridge.ProblemsFound):
        return "; ".join(str(p.relative_to(folder)) for p in error.problems)
    return str(error).replace(folder, "the catalogue")


def _warn_once(opened: bridge.Opened, folder: str) -> None:
    """The records the catalogue skipped, named by file and line from the catalogue."""
    if not opened.problems or st.session_state.get("load-warned"):
        return
    st.session_state["load-warned"] = True
    lines = bridge.load_warnings(p.relative_to(folder) for p in opened.problems)
    count = len(opened.problems)
    noun = "a problem" if count == 1 else f"{count} problems"
    with st.expander(f"The catalogue has {noun}; the records affected are left out"):
        st.markdown("\n".join(f"- {bridge.plain_markdown(line)}" for line in lines))
