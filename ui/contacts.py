"""Find contacts: organisations ranked for the profile, with their public channels."""

from __future__ import annotations

import streamlit as st

import bridge
from ui.engine import current_engine
from ui.profile import PARAMS, add_link_notice, profile_sidebar, show_link_notice, sync_url

KEEP = "session"


def _load_sectors(catalogue: bridge.Catalogue) -> None:
    if "sector" in st.session_state:
        return
    known = catalogue.taxonomy.sectors
    given = st.query_params.get_all("sector")
    st.session_state.sector = [s for s in given if s in known][:20]
    if len(st.session_state.sector) < len(given):
        add_link_notice("Some sectors in this link were not recognised and dropped.")


def contact_card(match: bridge.ContactMatch, catalogue: bridge.Catalogue) -> None:
    o = match.organisation
    taxonomy = catalogue.taxonomy
    with st.container(border=True):
        name = bridge.plain_markdown(o.name)
        st.markdown(f"### [{name}](<{o.url}>)" if o.url else f"### {name}")
        sector = taxonomy.sectors.label(o.sector)
        focus = ", ".join(taxonomy.harms.label(h) for h in o.harms) or "not stated"
        st.markdown(
            f":violet-badge[{bridge.plain_markdown(sector)}]  Focus: {bridge.plain_markdown(focus)}"
        )
        if o.regions:
            st.markdown("Regions: " + bridge.plain_markdown(", ".join(o.regions)))
        link = o.contact or o.url
        if link:
            label = "Contact" if o.contact else "Website"
            st.markdown(f"{label}: [{bridge.plain_markdown(link)}](<{link}>)")
        else:
            st.markdown("No public contact channel listed.")
        st.markdown(bridge.plain_markdown(o.description))
        for person in o.people:
            st.markdown(
                f"- {bridge.plain_markdown(person.name)}, "
                f"{bridge.plain_markdown(person.role)} "
                f"(source: {bridge.plain_markdown(person.source)})"
            )
        if match.resources:
            titles = "\n".join(f"- {bridge.plain_markdown(r.title)}" for r in match.resources[:5])
            st.markdown("**Their work**\n" + titles)
        st.markdown("*Why this:* " + bridge.plain_markdown(bridge.contact_why(match)))


def find_contacts() -> None:
    engine = current_engine()
    catalogue = engine.catalogue
    view = profile_sidebar(engine)
    _load_sectors(catalogue)
    with st.sidebar:
        st.multiselect(
            "Sectors",
            catalogue.taxonomy.sectors.ids,
            key="sector",
            format_func=catalogue.taxonomy.sectors.label,
            persist_state=KEEP,
        )
    sectors = tuple(st.session_state.sector)
    st.title("Find contacts")
    show_link_notice()
    results = engine.contacts(
        view.query, sectors=sectors, top=st.session_state.get("contacts_shown", 10)
    )
    params = bridge.to_params(view)
    if sectors:
        params["sector"] = list(sectors)
    sync_url(params, owned=(*PARAMS, "sector"))
    for notice in results.notices:
        st.info(bridge.plain_markdown(notice))
    noun = "organisation matches" if results.total == 1 else "organisations match"
    st.header(f"{results.total} {noun} your profile")
    for match in results.matches:
        contact_card(match, catalogue)
    if results.total > len(results.matches):
        st.button("Show 10 more", key="contacts-more", on_click=_more)
    if results.matches:
        left, right = st.columns(2)
        left.download_button(
            "Download CSV",
            bridge.contacts_csv(results),
            "bridge-contacts.csv",
            "text/csv",
            on_click="ignore",
            key="contacts-csv",
        )
        right.download_button(
            "Download Markdown",
            bridge.contacts_markdown(results, catalogue),
            "bridge-contacts.md",
            "text/markdown",
            on_click="ignore",
            key="contacts-markdown",
        )


def _more() -> None:
    st.session_state.contacts_shown = st.session_state.get("contacts_shown", 10) + 10
