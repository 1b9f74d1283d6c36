"""Find resources: the profile in the sidebar, ranked and explained cards, the shortlist."""

from __future__ import annotations

import streamlit as st

import bridge
from ui.cards import resource_card
from ui.engine import current_engine
from ui.profile import profile_sidebar, show_link_notice, sync_url

PAGE_SIZE = 10
MIME = {
    "json": "application/json",
    "csv": "text/csv",
    "markdown": "text/markdown",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
}
SUFFIX = {"json": "json", "csv": "csv", "markdown": "md", "bibtex": "bib", "ris": "ris"}


def _toggle(record_id: str) -> None:
    shortlist = list(st.session_state.get("shortlist", []))
    if record_id in shortlist:
        shortlist.remove(record_id)
    else:
        shortlist.append(record_id)
    st.session_state.shortlist = shortlist


def _more() -> None:
    st.session_state.shown = st.session_state.get("shown", PAGE_SIZE) + PAGE_SIZE


def _downloads(
    label: str, stem: str, records: list[bridge.Resource], catalogue: bridge.Catalogue
) -> None:
    used = {r.organisation for r in records} | {p for r in records for p in r.partners}
    organisations = [o for o in catalogue.organisations if o.id in used]
    columns = st.columns(len(bridge.EXPORT_FORMATS))
    for column, fmt in zip(columns, bridge.EXPORT_FORMATS, strict=True):
        column.download_button(
            fmt.upper() if fmt != "markdown" else "Markdown",
            data=bridge.render(fmt, records, catalogue, organisations),
            file_name=f"{stem}.{SUFFIX[fmt]}",
            mime=MIME[fmt],
            on_click="ignore",
            key=f"download-{stem}-{fmt}",
            disabled=not records,
            help=f"{label} as {fmt}",
        )


def _facet_counts(engine: bridge.Engine, query: bridge.Query) -> None:
    counts = engine.facet_counts(query)
    with st.expander("What these matches cover"):
        columns = st.columns(4)
        for column, facet, title in zip(
            columns,
            ("harm", "region", "role", "kind"),
            ("Harms", "Regions", "Roles", "Kinds"),
            strict=True,
        ):
            column.markdown(f"**{title}**")
            lines = [
                f"{bridge.plain_markdown(c.label)}: {c.count}" for c in counts if c.facet == facet
            ][:12]
            column.markdown("\n".join(f"- {line}" for line in lines) or "none")


def find_resources() -> None:
    engine = current_engine()
    catalogue = engine.catalogue
    view = profile_sidebar(engine)
    st.title("Find resources")
    show_link_notice()
    shown = st.session_state.get("shown", PAGE_SIZE)
    try:
        results = engine.search(view.query, top=shown)
    except bridge.UnknownTerm as error:
        st.error(str(error))
        return
    shortlist = [i for i in st.session_state.get("shortlist", [])]
    sync_url(bridge.to_params(bridge.LinkState(view.query, tuple(shortlist))))
    for notice in results.notices:
        st.info(bridge.plain_markdown(notice))
    noun = "resource matches" if results.total == 1 else "resources match"
    st.header(f"{results.total} {noun} your profile")
    if results.total:
        _facet_counts(engine, view.query)
    for match in results.matches:
        resource_card(match, catalogue, in_shortlist=match.record.id in shortlist, toggle=_toggle)
    if results.total > len(results.matches):
        st.button(
            f"Show {min(PAGE_SIZE, results.total - len(results.matches))} more",
            on_click=_more,
            key="show-more",
        )
    st.divider()
    st.header(f"Shortlist ({len(shortlist)})")
    if shortlist:
        chosen = [catalogue.resource(i) for i in shortlist]
        st.markdown("\n".join(f"- {bridge.plain_markdown(r.title)}" for r in chosen))
        _downloads("the shortlist", "bridge-shortlist", chosen, catalogue)
    else:
        st.markdown("Add resources from the cards; the shortlist travels with this page's link.")
    if results.total:
        st.markdown("**All matching resources**")
        everything = engine.search(view.query, top=results.total)
        _downloads(
            "all matches", "bridge-resources", [m.record for m in everything.matches], catalogue
        )
