"""Add a resource: a form checked as `bridge validate` checks a file, the YAML file to
download, and a submission to the review queue. The app never writes the catalogue: a
curator approves the record first.

Everything typed is data: problems and similar records are shown through
`bridge.plain_markdown`, the file through `st.code`.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

import bridge
from ui.engine import current_engine
from ui.start import start_from

KEEP = "session"  # a draft survives a visit to another page
CHECKED = "add-checked"
SUBMITTED = "add-submitted"
TIMES = "add-times"  # this session's submissions, for the hourly limit
LABELS = {
    "id": "Id",
    "kind": "Kind",
    "title": "Title",
    "summary": "Summary",
    "organisation": "Organisation",
    "partners": "Partners (optional)",
    "url": "The resource's own page",
    "year": "Year (optional)",
    "languages": "Languages (optional)",
    "roles": "Audience roles",
    "harms": "Harms",
    "regions": "Regions",
    "evidence": "Evidence (optional)",
    "pillar": "Pillar (optional)",
    "outcomes": "Outcomes (optional)",
    "sources": "Source pages",
}
INTRO = (
    "Fill in the record and press **Check**: it is checked as `bridge validate` checks a "
    "file, field by field, and compared with the records already in the catalogue. A valid "
    "record gives its YAML file to download and can be **submitted for review**: a curator "
    "reads it against its sources and, if it is right, adds it to the catalogue. To begin "
    "from a public page or a reference manager's export, fill the form from it below."
)


def _key(field: str) -> str:
    return f"add-{field}"


def _plain(text: str) -> str:
    return bridge.plain_markdown(text)


def _checking() -> None:
    st.session_state[CHECKED] = True
    st.session_state.pop(SUBMITTED, None)


def _values() -> dict[str, Any]:
    return {name: st.session_state.get(_key(name)) for name in LABELS}


def _field_name(problem: bridge.Problem) -> str:
    return re.split(r"[\[.]", problem.field, maxsplit=1)[0]


def _item(problem: bridge.Problem) -> str:
    """'item 2: ' for a problem with one value of a list field, else ''."""
    found = re.match(r"^[a-z]+\[(\d+)\]", problem.field)
    return f"item {int(found.group(1)) + 1}: " if found else ""


def _by_field(problems: tuple[bridge.Problem, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(_field_name(problem), []).append(_item(problem) + problem.message)
    return found


def _widgets(catalogue: bridge.Catalogue) -> list[tuple[str, Callable[..., Any], dict[str, Any]]]:
    """Each field of the form: its name, its widget and the widget's options."""
    taxonomy = catalogue.taxonomy
    organisations = {
        "options": bridge.organisation_choices(catalogue),
        "format_func": catalogue.organisation_name,
    }

    def vocabulary(words: Any, label: Callable[[str], str] | None = None) -> dict[str, Any]:
        return {"options": words.ids, "format_func": label or words.label}

    return [
        ("id", st.text_input, {"max_chars": 80, "placeholder": "e.g. helpline-guide-2024",
         "help": "Lowercase letters, digits and hyphens; it becomes the file name."}),
        ("kind", st.selectbox, {**vocabulary(taxonomy.kinds), "index": None,
         "placeholder": "Choose a kind"}),
        ("title", st.text_input, {"max_chars": 300}),
        ("summary", st.text_area, {"max_chars": 5000, "height": 160,
         "help": "In your own words, at least 25 words; facts only from the source pages."}),
        ("organisation", st.selectbox, {**organisations, "index": None,
         "placeholder": "Choose an organisation"}),
        ("partners", st.multiselect, organisations),
        ("url", st.text_input, {"max_chars": 2000, "placeholder": "https://…",
         "help": "The http or https address of the resource itself."}),
        ("year", st.number_input, {"min_value": 1900, "max_value": 2100, "value": None,
         "step": 1}),
        ("languages", st.text_input, {"max_chars": 200, "placeholder": "e.g. en, fr",
         "help": "ISO 639-1 codes, separated by commas or spaces."}),
        ("roles", st.multiselect, {**vocabulary(taxonomy.roles), "help": "Who it is for."}),
        ("harms", st.multiselect,
         vocabulary(taxonomy.harms, lambda h: bridge.harm_choice(taxonomy, h))),
        ("regions", st.multiselect, {"options": taxonomy.regions.names,
         "format_func": lambda r: bridge.region_choice(taxonomy, r),
         "placeholder": "Countries, regions, groups or Global"}),
        ("evidence", st.multiselect, vocabulary(taxonomy.evidence)),
        ("pillar", st.selectbox, {**vocabulary(taxonomy.pillars), "index": None,
         "placeholder": "No pillar"}),
        ("outcomes", st.text_area, {"max_chars": 5000, "height": 100,
         "help": "Measured results: one short sentence with its figure per line."}),
        ("sources", st.text_area, {"max_chars": 5000, "height": 100,
         "placeholder": "https://… | Title of the page",
         "help": "Each public page the facts come from, one per line: its address, then "
         "`|` and its title."}),
    ]  # fmt: skip


def _form(catalogue: bridge.Catalogue, problems: dict[str, list[str]]) -> None:
    """The form, each field followed by its problems from the last check."""
    with st.form("add-form"):
        for name, widget, options in _widgets(catalogue):
            widget(LABELS[name], key=_key(name), persist_state=KEEP, **options)
            for message in problems.get(name, ()):
                st.error(_plain(message), icon=":material/error:")
        st.form_submit_button("Check", type="primary", key="add-check", on_click=_checking)


def _problem_list(problems: tuple[bridge.Problem, ...]) -> None:
    noun = "problem" if len(problems) == 1 else "problems"
    lines = []
    for problem in problems:
        place = LABELS.get(_field_name(problem), problem.field or "record")
        lines.append(f"- **{_plain(place)}**: {_plain(_item(problem) + problem.message)}")
    st.error(
        f"{len(problems)} {noun} to fix (each is shown by its field above):\n\n" + "\n".join(lines)
    )


def _similar(resource: bridge.Resource, catalogue: bridge.Catalogue) -> None:
    for other, similarity in bridge.similar_records(resource, catalogue):
        st.warning(
            f"{similarity:.0%} similar to the catalogue's {_plain(repr(other.title))} "
            f"(id {_plain(other.id)}): is this record already there?",
            icon=":material/content_copy:",
        )


def _submit(resource: bridge.Resource) -> None:
    now = time.time()
    times = list(st.session_state.get(TIMES, ()))
    if not bridge.may_submit(times, now):
        minutes = -(-bridge.wait_seconds(times, now) // 60)
        st.warning(
            "This session has sent the most records an hour allows; "
            f"try again in {minutes} minutes."
        )
        return
    try:
        submitted = bridge.Queue().submit(resource)
    except bridge.BridgeError as error:
        st.error(_plain(str(error)))
        return
    st.session_state[TIMES] = [*bridge.recent(times, now), now]
    st.session_state[SUBMITTED] = (submitted.id, resource.title)
    st.session_state[CHECKED] = False
    st.rerun()


def _valid(resource: bridge.Resource, catalogue: bridge.Catalogue) -> None:
    st.success("The record is valid: it passes every check of `bridge validate`.")
    _similar(resource, catalogue)
    text = bridge.resource_yaml(resource)
    st.header(f"records/{resource.id}.yaml")
    st.code(text, language="yaml")
    left, right = st.columns(2)
    left.download_button(
        f"Download {resource.id}.yaml",
        data=text,
        file_name=f"{resource.id}.yaml",
        mime="application/yaml",
        on_click="ignore",
        key="add-download",
        icon=":material/download:",
    )
    if right.button("Submit for review", type="primary", key="add-submit", icon=":material/send:"):
        _submit(resource)


def _submitted_notice() -> None:
    submitted = st.session_state.get(SUBMITTED)
    if submitted:
        number, title = submitted
        st.success(
            f"Submitted as number {number}: {_plain(repr(title))} waits for a curator's review. "
            "It is not in the catalogue until a curator approves it."
        )


def add_resource() -> None:
    catalogue = current_engine().catalogue
    st.title("Add a resource")
    st.markdown(INTRO)
    _submitted_notice()
    start_from()
    checked = None
    if st.session_state.get(CHECKED):
        data = bridge.record_from_form(_values(), today=dt.date.today())
        resource, found = bridge.check_record(data, catalogue)
        folder = str(bridge.default_catalogue_dir())
        checked = resource, tuple(p.relative_to(folder) for p in found)
    _form(catalogue, _by_field(checked[1]) if checked else {})
    if checked is None:
        return
    resource, problems = checked
    if resource is None:
        _problem_list(problems)
    else:
        _valid(resource, catalogue)
