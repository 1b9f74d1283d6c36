"""Starting a record on the Add page from a public page or a reference manager's export: the
form is filled with what the source gives and the tags its words suggest, and the
suggestions are listed as such, with the words behind them, for the curator to check.

Pages are fetched under the app's policy: http and https only, never a private, loopback or
link-local address."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import bridge
from ui.engine import current_engine

POLICY = bridge.FetchPolicy(allow_private=False, timeout=10.0)
STARTED = "add-started"  # what the form was filled from, and what was suggested
PROBLEM = "add-start-problem"
FIELD_NAMES = {"kind": "Kind", "organisation": "Organisation", "harms": "Harms",
               "roles": "Audience roles", "regions": "Regions"}  # fmt: skip


@st.cache_resource(max_entries=4, show_spinner=False)
def _phrases(folder: str, state: str) -> bridge.PhraseBook:
    """The taxonomy's phrases, read once per state of the catalogue."""
    del folder, state  # the cache key only
    return bridge.PhraseBook.from_taxonomy(current_engine().catalogue.taxonomy)


def _book() -> bridge.PhraseBook:
    folder = str(bridge.default_catalogue_dir())
    return _phrases(folder, bridge.fingerprint(folder))


@st.cache_resource(max_entries=2, show_spinner="Learning the tags of the catalogue's records…")
def _tag_model(folder: str, state: str) -> bridge.TagModel:
    """Classifiers of the catalogue's records, fitted once per state of the catalogue."""
    del folder, state  # the cache key only
    return bridge.fit_tag_model(current_engine().catalogue)


def _learnt() -> bridge.TagModel | None:
    """The tag model when the visitor asked for learnt suggestions, else None."""
    if not st.session_state.get("add-start-learnt"):
        return None
    folder = str(bridge.default_catalogue_dir())
    return _tag_model(folder, bridge.fingerprint(folder))


def _from_page() -> None:
    st.session_state.pop(PROBLEM, None)
    url = str(st.session_state.get("add-start-url") or "").strip()
    if not url:
        st.session_state[PROBLEM] = "Give the page's address first."
        return
    catalogue = current_engine().catalogue
    try:
        page = bridge.read_page(url, policy=POLICY)
    except bridge.BridgeError as error:
        st.session_state[PROBLEM] = f"This page cannot be read: {error}"
        return
    draft = bridge.draft_from_page(
        page, catalogue, book=_book(), today=dt.date.today(), learnt=_learnt()
    )
    _fill(draft, catalogue, f"the page {draft.origin}")


def _from_reference() -> None:
    st.session_state.pop(PROBLEM, None)
    references = _references()
    number = st.session_state.get("add-start-reference")
    if not references or not isinstance(number, int) or not 0 <= number < len(references):
        st.session_state[PROBLEM] = "Choose a reference first."
        return
    catalogue = current_engine().catalogue
    reference = references[number]
    draft = bridge.draft_from_reference(
        reference, catalogue, book=_book(), today=dt.date.today(), learnt=_learnt()
    )
    _fill(draft, catalogue, f"the reference at {draft.origin}")


def _references() -> tuple[bridge.Reference, ...]:
    upload = st.session_state.get("add-start-file")
    if upload is None:
        return ()
    return bridge.read_references(upload.getvalue(), upload.name)


def _fill(draft: bridge.Draft, catalogue: bridge.Catalogue, origin: str) -> None:
    """The form's fields set from the draft, and its suggestions kept to list."""
    for name, value in draft.form_values(catalogue).items():
        st.session_state[f"add-{name}"] = value
    st.session_state["add-checked"] = False
    st.session_state[STARTED] = {
        "origin": origin,
        "suggestions": [
            (FIELD_NAMES[s.field], _label(s, catalogue), s.because)
            for s in draft.usable_suggestions(catalogue)
        ],
        "about": str(draft.about.get("description") or draft.about.get("abstract") or ""),
    }


def _label(suggestion: bridge.Suggestion, catalogue: bridge.Catalogue) -> str:
    taxonomy = catalogue.taxonomy
    labels = {
        "kind": taxonomy.kinds.label,
        "organisation": catalogue.organisation_name,
        "harms": taxonomy.harms.label,
        "roles": taxonomy.roles.label,
        "regions": str,
    }
    return labels[suggestion.field](suggestion.value)


def start_from() -> None:
    """The two ways to start: a page's address, or an uploaded RIS, BibTeX or CSL-JSON file
    with one of its references chosen."""
    with st.expander("Start from a page or a reference file", expanded=True):
        st.checkbox(
            "Also suggest the tags of records like it",
            key="add-start-learnt",
            help="Kind, harms and audience roles that classifiers fitted on the catalogue's "
            "own records give the page or reference, each with its chance.",
        )
        page, reference = st.tabs(["From a page", "From a reference file"])
        with page:
            st.text_input(
                "The page's address",
                key="add-start-url",
                placeholder="https://…",
                max_chars=2000,
                help="A public http or https page.",
            )
            st.button("Fill the form from this page", key="add-start-fetch", on_click=_from_page)
        with reference:
            _reference_picker()
    problem = st.session_state.get(PROBLEM)
    if problem:
        st.error(bridge.plain_markdown(problem))
    _started()


def _reference_picker() -> None:
    st.file_uploader("A RIS, BibTeX or CSL-JSON export (Zotero and others)",
                     type=["ris", "bib", "json"], key="add-start-file")  # fmt: skip
    try:
        references = _references()
    except bridge.ProblemsFound as error:
        lines = "\n".join(f"- {bridge.plain_markdown(str(p))}" for p in error.problems)
        st.error("This file cannot be read:\n\n" + lines)
        return
    if not references:
        return
    st.selectbox(
        "Reference",
        options=range(len(references)),
        format_func=lambda n: _reference_label(references[n]),
        key="add-start-reference",
    )
    st.button("Fill the form from this reference", key="add-start-use", on_click=_from_reference)


def _reference_label(reference: bridge.Reference) -> str:
    year = f" ({reference.year})" if reference.year else ""
    return (reference.title or f"untitled, line {reference.line}")[:150] + year


def _started() -> None:
    started = st.session_state.get(STARTED)
    if not started:
        return
    lines = [f"The form is filled from {bridge.plain_markdown(started['origin'])}: its title, "
             "address, year, languages and source. **Suggested**, from its words (keep only "
             "what the source supports):"]  # fmt: skip
    lines += [
        f"- {bridge.plain_markdown(field)}: **{bridge.plain_markdown(value)}**, from "
        f"{bridge.plain_markdown(because)}"
        for field, value, because in started["suggestions"]
    ] or ["- nothing: its words name no harm, role or region"]
    if started["about"]:
        lines.append(
            "\nIt describes itself so (write the summary in your own words): "
            f"*{bridge.plain_markdown(started['about'])}*"
        )
    st.info("\n".join(lines), icon=":material/lightbulb:")
