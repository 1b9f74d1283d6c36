"""Find resources: the profile in the sidebar; the records that match the words, then the
rest of the profile's list; as cards or a compact list; the shortlist and downloads."""

from __future__ import annotations

import streamlit as st

import bridge
from ui.cards import resource_card, resource_line
from ui.downloads import export_buttons
from ui.engine import current_engine
from ui.sidebar import current_state, profile_sidebar, show_link_notice, sync_url

PAGE_SIZE = 10
LAYOUT_LABELS = {"cards": "Cards", "list": "Compact list"}


def _toggle(record_id: str) -> None:
    shortlist = list(st.session_state.get("shortlist", []))
    if record_id in shortlist:
        shortlist.remove(record_id)
    else:
        shortlist.append(record_id)
    st.session_state.shortlist = shortlist


def _more() -> None:
    st.session_state.shown = st.session_state.get("shown", PAGE_SIZE) + PAGE_SIZE


def _heading(results: bridge.Results) -> str:
    """'12 resources match your words' with words, else '71 resources match your profile'."""
    words = results.matched != results.total
    count = results.matched if words else results.total
    noun = "resource matches" if count == 1 else "resources match"
    return f"{count} {noun} your {'words' if words else 'profile'}"


def _facet_counts(engine: bridge.Engine, query: bridge.Query) -> None:
    counts = engine.facet_counts(query)
    with st.expander("What these resources cover"):
        columns = st.columns(4)
        facets = (("harm", "Harms"), ("region", "Regions"), ("role", "Roles"), ("kind", "Kinds"))
        for column, (facet, title) in zip(columns, facets, strict=True):
            column.markdown(f"**{title}**")
            lines = [
                f"{bridge.plain_markdown(c.label)}: {c.count}" for c in counts if c.facet == facet
            ]
            column.markdown("\n".join(f"- {line}" for line in lines[:12]) or "none")


def _listed(matches: tuple[bridge.Match, ...], catalogue: bridge.Catalogue, layout: str) -> None:
    shortlist = st.session_state.get("shortlist", [])
    if layout == "list":
        st.markdown("\n".join(resource_line(m, catalogue) for m in matches))
        return
    for match in matches:
        resource_card(match, catalogue, in_shortlist=match.record.id in shortlist, toggle=_toggle)


def _results(engine: bridge.Engine, results: bridge.Results, layout: str) -> None:
    catalogue = engine.catalogue
    matching = tuple(m for m in results.matches if m.matches_words)
    others = tuple(m for m in results.matches if not m.matches_words)
    st.header(_heading(results))
    if results.total:
        _facet_counts(engine, results.query)
    _listed(matching, catalogue, layout)
    if others:
        st.header("Also for your profile")
        _listed(others, catalogue, layout)
    if results.total > len(results.matches):
        more = min(PAGE_SIZE, results.total - len(results.matches))
        st.button(f"Show {more} more", on_click=_more, key="show-more")


def _shortlist(engine: bridge.Engine, results: bridge.Results) -> None:
    catalogue = engine.catalogue
    shortlist = st.session_state.get("shortlist", [])
    st.divider()
    st.header(f"Shortlist ({len(shortlist)})")
    if shortlist:
        chosen = [catalogue.resource(i) for i in shortlist]
        st.markdown("\n".join(f"- {bridge.plain_markdown(r.title)}" for r in chosen))
        export_buttons("the shortlist", "bridge-shortlist", chosen, catalogue)
    else:
        st.markdown("Add resources from the cards; the shortlist travels with this page's link.")
    if results.total:
        st.markdown("**All resources for your profile**")
        everything = engine.search(results.query, top=results.total)
        export_buttons(
            "all of them", "bridge-resources", [m.record for m in everything.matches], catalogue
        )


def find_resources() -> None:
    engine = current_engine()
    profile_sidebar(engine)
    st.title("Find resources")
    show_link_notice()
    st.segmented_control(
        "Show as",
        list(LAYOUT_LABELS),
        format_func=LAYOUT_LABELS.get,
        key="layout",
        persist_state="session",
    )
    state = current_state()
    try:
        results = engine.search(state.query, top=st.session_state.get("shown", PAGE_SIZE))
    except bridge.UnknownTerm as error:
        st.error(bridge.plain_markdown(str(error)))
        return
    sync_url(state, page="find")
    for notice in results.notices:
        st.info(bridge.plain_markdown(notice))
    _results(engine, results, state.layout)
    _shortlist(engine, results)
