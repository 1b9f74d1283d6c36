"""bridge in the browser: the catalogue, ranked for each stakeholder profile."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import bridge


@st.cache_resource(show_spinner="Loading the catalogue…")
def catalogue_for(folder: str, fingerprint: str) -> bridge.Catalogue:
    """One validated catalogue per folder state, shared by every session (it is immutable)."""
    del fingerprint  # part of the cache key only: an edited catalogue is loaded afresh
    return bridge.read_catalogue(folder).catalogue


def catalogue_page() -> None:
    folder = str(bridge.default_catalogue_dir())
    catalogue = catalogue_for(folder, bridge.fingerprint(folder))
    st.title("bridge")
    st.caption(
        "Research, toolkits, programmes and organisations against online child sexual "
        "exploitation and abuse."
    )
    st.metric("Resources", len(catalogue.resources))
    rows = [
        {
            "Title": r.title,
            "Organisation": catalogue.organisation_name(r.organisation),
            "Kind": r.kind,
            "Year": r.year,
            "Harms": ", ".join(r.harms),
            "Regions": ", ".join(r.regions),
        }
        for r in catalogue.resources
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


st.set_page_config(page_title="bridge", layout="wide")
st.navigation(
    [st.Page(catalogue_page, title="Catalogue", url_path="catalogue", default=True)]
).run()
