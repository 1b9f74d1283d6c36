"""bridge in the browser: resources ranked and explained for each stakeholder profile."""

from __future__ import annotations

import streamlit as st

from ui.about import about
from ui.add import add_resource
from ui.contacts import find_contacts
from ui.evidence import evidence_map
from ui.find import find_resources
from ui.packs import workshop_packs
from ui.review import curator_hash, review_submissions


def find_by_path() -> None:
    """Find resources at `/find`: the default page lives at `/`, and links name the page."""
    find_resources()


st.set_page_config(page_title="bridge", page_icon="🔎", layout="wide")
pages = [
    st.Page(find_resources, title="Find resources", icon=":material/search:", default=True),
    st.Page(find_by_path, title="Find resources", url_path="find", visibility="hidden"),
    st.Page(find_contacts, title="Find contacts", icon=":material/group:", url_path="contacts"),
    st.Page(
        workshop_packs, title="Workshop packs", icon=":material/inventory_2:", url_path="packs"
    ),
    st.Page(evidence_map, title="Evidence map", icon=":material/grid_on:", url_path="evidence"),
    st.Page(add_resource, title="Add a resource", icon=":material/add_circle:", url_path="add"),
    st.Page(about, title="About", icon=":material/info:", url_path="about"),
]
if curator_hash() is not None:
    pages.append(
        st.Page(review_submissions, title="Review", icon=":material/fact_check:", url_path="review")
    )
st.navigation(pages).run()
