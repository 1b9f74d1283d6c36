"""About: the BRIDGE principles, how ranking works, and where the data comes from."""

from __future__ import annotations

import streamlit as st

ABOUT = """
bridge helps people who work against online child sexual exploitation and abuse find
the research, toolkits, programmes, policies and organisations that fit their work:
Trust & Safety teams, researchers, NGOs, helplines, police, policymakers, educators
and funders.

## The BRIDGE principles

At TrustCon 2024, a workshop of Safe Online and the Tech Coalition summed up how
researchers and industry can work together as BRIDGE:

- **B**uilding trust and safe spaces for all stakeholders
- **R**allying around shared objectives
- **I**nitiating multidirectional knowledge exchange
- **D**eveloping a culture of discovery
- **G**enerating tailored, curated resources
- **E**laborating clear standards and legal frameworks

bridge is the fifth of them: a tool that filters resources by each person's needs
and interests.

## How ranking works

- **Filters.** Harms and regions are filters that follow the taxonomy's tree: a
  search for *sextortion* also shows records about online child sexual
  exploitation in general, and a search for *Kenya* shows records about Africa or
  the whole world. Several values in one filter widen the search (OR); different
  filters narrow it (AND). Kinds and years are plain filters.
- **Your role** is a preference: resources written for it rank higher. Tick
  *Only resources for my role* to make it a filter.
- **Your words** are matched against each record's title, summary, organisation
  and tags (TF-IDF, with titles counting most). Synonyms from the taxonomy are
  added, outdated terms such as "child pornography" are understood and named,
  and close misspellings are corrected.
- **The order** adds up text similarity, how exactly a record meets your harm and
  region filters (an exact match counts more than a broader one), and your role.
  Each further record from the same organisation counts a little less, so the
  top of the list is not one organisation's. Every card says why it is there.
- **No words and no filters:** the whole catalogue, newest first.

## The catalogue

Every record is summarised in our own words from a public source, which it
names; what the source does not say is left empty. Contacts are organisational;
a person appears only with the public role and source that a public document
gives. Nothing you type is stored: searches live in your browser's address bar
and nowhere else.
"""


def about() -> None:
    st.title("About bridge")
    st.markdown(ABOUT)
