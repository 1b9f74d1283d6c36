"""One engine per catalogue state, shared by every session of the app."""

from __future__ import annotations

import streamlit as st

import bridge


@st.cache_resource(show_spinner="Building the index…", max_entries=4)
def _engine(folder: str, fingerprint: str) -> bridge.Engine:
    """Built once per folder state; immutable, so sessions can share it safely."""
    del fingerprint  # only part of the cache key: an edited catalogue gets a new engine
    return bridge.Engine(bridge.read_catalogue(folder).catalogue)


def current_engine() -> bridge.Engine:
    """The engine for the catalogue as it is on disk now; stops the page with a message if the
    catalogue cannot be read at all."""
    folder = str(bridge.default_catalogue_dir())
    try:
        return _engine(folder, bridge.fingerprint(folder))
    except bridge.BridgeError as error:
        st.error(f"The catalogue cannot be read: {error}")
        st.stop()
        raise
