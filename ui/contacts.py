"""Find contacts: organisations ranked for the profile, with their public channels."""

from __future__ import annotations

import streamlit as st

import bridge
from ui.cards import contact_card
from ui.engine import current_engine
from ui.sidebar import current_state, profile_sidebar, show_link_notice, sync_url

KEEP = "session"
PAGE_SIZE = 10


def _more() -> None:
    st.session_state.contacts_shown = st.session_state.get("contacts_shown", PAGE_SIZE) + PAGE_SIZE


def _downloads(results: bridge.ContactResults, catalogue: bridge.Catalogue) -> None:
    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        lambda: bridge.contacts_csv(results),
        "bridge-contacts.csv",
        "text/csv",
        on_click="ignore",
        key="contacts-csv",
    )
    right.download_button(
        "Download Markdown",
        lambda: bridge.contacts_markdown(results, catalogue),
        "bridge-contacts.md",
        "text/markdown",
        on_click="ignore",
        key="contacts-markdown",
    )


def find_contacts() -> None:
    engine = current_engine(contacts=True)
    catalogue = engine.catalogue
    profile_sidebar(engine)
    with st.sidebar:
        st.multiselect(
            "Sectors",
            catalogue.taxonomy.sectors.ids,
            key="sector",
            format_func=catalogue.taxonomy.sectors.label,
            persist_state=KEEP,
        )
    state = current_state()
    st.title("Find contacts")
    show_link_notice()
    shown = st.session_state.get("contacts_shown", PAGE_SIZE)
    results = engine.contacts(state.query, sectors=state.sectors, top=shown)
    sync_url(state, page="contacts")
    for notice in results.notices:
        st.info(bridge.plain_markdown(notice))
    noun = "organisation matches" if results.total == 1 else "organisations match"
    st.header(f"{results.total} {noun} your profile")
    for match in results.matches:
        contact_card(match, catalogue)
    if results.total > len(results.matches):
        st.button(f"Show {PAGE_SIZE} more", key="contacts-more", on_click=_more)
    if results.matches:
        _downloads(results, catalogue)
