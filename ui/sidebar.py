"""The profile sidebar every page shares, kept in step with the URL both ways: a link sets
the profile once per session, the profile then writes the link."""

from __future__ import annotations

import streamlit as st

import bridge

KEEP = "session"


def _raw_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def link_state(catalogue: bridge.Catalogue) -> bridge.LinkState:
    """What the link that opened the session said, read once; its notice kept to show."""
    if "link" not in st.session_state:
        state = bridge.parse_params(_raw_params(), catalogue)
        q = state.query
        st.session_state.update(
            text=q.text,
            role=q.role,
            harm=list(q.harms),
            region=list(q.regions),
            kind=list(q.kinds),
            evidence=list(q.evidence),
            year_from=q.year_from,
            year_to=q.year_to,
            strict_role=q.strict_role,
            shortlist=list(state.shortlist),
            sector=list(state.sectors),
            gap_view=state.axes,
            layout=state.layout,
            link_notice=state.notice,
        )
        st.session_state.link = state
    linked: bridge.LinkState = st.session_state.link
    return linked


def follow_link() -> None:
    """Take the profile from the URL again on the next run (after a page sets the URL)."""
    st.session_state.pop("link", None)


def profile_sidebar(engine: bridge.Engine) -> bridge.LinkState:
    """Render the profile controls; the state they and the page's own controls describe."""
    catalogue = engine.catalogue
    taxonomy = catalogue.taxonomy
    link_state(catalogue)
    with st.sidebar:
        st.header("Your profile")
        st.text_input(
            "What are you looking for?",
            key="text",
            max_chars=500,
            placeholder="e.g. tools for helplines to respond to sextortion",
            persist_state=KEEP,
        )
        st.selectbox(
            "Your role",
            taxonomy.roles.ids,
            index=None,
            key="role",
            format_func=taxonomy.roles.label,
            placeholder="Any role",
            persist_state=KEEP,
        )
        st.checkbox("Only resources for my role", key="strict_role", persist_state=KEEP)
        st.multiselect(
            "Harms",
            taxonomy.harms.ids,
            key="harm",
            format_func=lambda h: bridge.harm_choice(taxonomy, h),
            persist_state=KEEP,
        )
        st.multiselect(
            "Regions",
            taxonomy.regions.names,
            key="region",
            format_func=lambda r: bridge.region_choice(taxonomy, r),
            placeholder="Countries, regions, groups",
            persist_state=KEEP,
        )
        st.multiselect(
            "Kinds",
            taxonomy.kinds.ids,
            key="kind",
            format_func=taxonomy.kinds.label,
            persist_state=KEEP,
        )
        st.multiselect(
            "Evidence",
            taxonomy.evidence.ids,
            key="evidence",
            format_func=taxonomy.evidence.label,
            placeholder="Any kind of evidence",
            persist_state=KEEP,
        )
        left, right = st.columns(2)
        left.number_input(
            "From year", 1900, 2100, value=None, step=1, key="year_from", persist_state=KEEP
        )
        right.number_input(
            "To year", 1900, 2100, value=None, step=1, key="year_to", persist_state=KEEP
        )
    return current_state()


def current_state() -> bridge.LinkState:
    """The state the session's controls hold now."""
    s = st.session_state
    query = bridge.Query(
        text=s.get("text") or "",
        role=s.get("role"),
        harms=tuple(s.get("harm") or ()),
        regions=tuple(s.get("region") or ()),
        kinds=tuple(s.get("kind") or ()),
        evidence=tuple(s.get("evidence") or ()),
        year_from=s.get("year_from"),
        year_to=s.get("year_to"),
        strict_role=bool(s.get("strict_role")),
    )
    return bridge.LinkState(
        query,
        shortlist=tuple(s.get("shortlist") or ()),
        sectors=tuple(s.get("sector") or ()),
        axes=s.get("gap_view") or "harm-region",
        layout=s.get("layout") or "cards",
    )


def sync_url(state: bridge.LinkState, *, page: str) -> None:
    """Write the page's part of the state to the URL, leaving other parameters alone."""
    owned = bridge.PAGE_PARAMS[page]
    params = bridge.to_params(state, page=page)
    current = {k: v for k, v in _raw_params().items() if k in owned}
    if current == params:
        return
    others = {k: v for k, v in _raw_params().items() if k not in owned}
    st.query_params.from_dict({**others, **params})


def show_link_notice() -> None:
    """Say once what was dropped from the link that opened the app (the notice names only
    the app's own parameters, never a value from the link)."""
    notice = st.session_state.pop("link_notice", None)
    if notice:
        st.warning(notice)
