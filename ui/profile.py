"""The profile sidebar every page shares, kept in step with the URL both ways."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

import bridge

PARAMS = (
    "text",
    "role",
    "harm",
    "region",
    "kind",
    "year_from",
    "year_to",
    "strict_role",
    "shortlist",
)
KEEP = "session"


def _raw_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def load_link_once(catalogue: bridge.Catalogue) -> None:
    """On a session's first run, the link's parameters become the profile (checked values only)."""
    if st.session_state.get("link_loaded"):
        return
    state = bridge.parse_params(_raw_params(), catalogue)
    q = state.query
    st.session_state.update(
        text=q.text,
        role=q.role,
        harm=list(q.harms),
        region=list(q.regions),
        kind=list(q.kinds),
        year_from=q.year_from,
        year_to=q.year_to,
        strict_role=q.strict_role,
        shortlist=list(state.shortlist),
        link_loaded=True,
    )
    st.session_state.link_notice = state.notice


def follow_link() -> None:
    """Take the profile from the URL again on the next run (after a page sets the URL)."""
    st.session_state.pop("link_loaded", None)


def _harm_label(taxonomy: bridge.Catalogue, harm: str) -> str:
    harms = taxonomy.taxonomy.harms
    depth = len(harms.ancestors(harm))
    return ("   ↳ " * depth) + harms.label(harm)


def _region_label(catalogue: bridge.Catalogue, name: str) -> str:
    region = catalogue.taxonomy.regions[name]
    extra = [a for a in region.aliases if a != name][:4]
    return f"{name} ({', '.join(extra)})" if extra else name


def profile_sidebar(engine: bridge.Engine) -> bridge.LinkState:
    """Render the profile controls; the view they describe, with the shortlist."""
    catalogue = engine.catalogue
    taxonomy = catalogue.taxonomy
    load_link_once(catalogue)
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
            format_func=lambda h: _harm_label(catalogue, h),
            persist_state=KEEP,
        )
        st.multiselect(
            "Regions",
            taxonomy.regions.names,
            key="region",
            format_func=lambda r: _region_label(catalogue, r),
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
        left, right = st.columns(2)
        left.number_input(
            "From year", 1900, 2100, value=None, step=1, key="year_from", persist_state=KEEP
        )
        right.number_input(
            "To year", 1900, 2100, value=None, step=1, key="year_to", persist_state=KEEP
        )
    s = st.session_state
    query = bridge.Query(
        text=s.text or "",
        role=s.role,
        harms=s.harm,
        regions=s.region,
        kinds=s.kind,
        year_from=s.year_from,
        year_to=s.year_to,
        strict_role=bool(s.strict_role),
    )
    return bridge.LinkState(query, tuple(s.get("shortlist", ())))


def sync_url(params: dict[str, list[str]], *, owned: Iterable[str] = PARAMS) -> None:
    """Write the view to the URL, touching only the parameters this page owns."""
    current = {k: v for k, v in _raw_params().items() if k in owned}
    if current == params:
        return
    others = {k: v for k, v in _raw_params().items() if k not in owned}
    st.query_params.from_dict({**others, **params})


def add_link_notice(notice: str) -> None:
    """Add a page's own note on what it dropped from the link to the profile's note."""
    earlier = st.session_state.get("link_notice")
    st.session_state.link_notice = f"{earlier} {notice}" if earlier else notice


def show_link_notice() -> None:
    """Say once what was dropped from the link that opened the app."""
    notice = st.session_state.pop("link_notice", None)
    if notice:
        st.warning(notice)
