"""Add a resource: a form checked as `bridge validate` checks a file, the YAML file to
download, and a save into the catalogue where its folder is writable.

Everything typed is data: problems and similar records are shown through
`bridge.plain_markdown`, the file through `st.code`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import streamlit as st

import bridge
from ui.engine import current_engine
from ui.find import find_resources
from ui.profile import follow_link

KEEP = "session"  # a draft survives a visit to another page
CHECKED = "add-checked"
SAVED = "add-saved"
TEXT_FIELDS = ("id", "kind", "title", "summary", "organisation", "url", "pillar", "source")
LABELS = {
    "id": "Id",
    "kind": "Kind",
    "title": "Title",
    "summary": "Summary",
    "organisation": "Organisation",
    "partners": "Partners (optional)",
    "url": "URL (optional)",
    "year": "Year (optional)",
    "languages": "Languages (optional)",
    "roles": "Audience roles",
    "harms": "Harms",
    "regions": "Regions",
    "pillar": "Pillar (optional)",
    "outcomes": "Outcomes (optional)",
    "source": "Source",
}
INTRO = (
    "Fill in the record and press **Check**: it is checked as `bridge validate` checks a "
    "file, field by field, and compared with the records already in the catalogue. A valid "
    "record gives its YAML file to download and, where this catalogue's folder can be "
    "written, a button to save it."
)


def _key(field: str) -> str:
    return f"add-{field}"


def _plain(text: str) -> str:
    return bridge.plain_markdown(text)


def _checking() -> None:
    st.session_state[CHECKED] = True
    st.session_state.pop(SAVED, None)


def _split(value: object, separator: str) -> list[str]:
    text = value if isinstance(value, str) else ""
    return [part.strip() for part in re.split(separator, text) if part.strip()]


def draft() -> dict[str, Any]:
    """The record the form's submitted values describe; empty optional fields left out."""
    s = st.session_state
    data: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = s.get(_key(name))
        if isinstance(value, str) and value.strip():
            data[name] = value.strip()
    if s.get(_key("year")) is not None:
        data["year"] = int(s[_key("year")])
    optional = {
        "partners": list(s.get(_key("partners")) or []),
        "languages": _split(s.get(_key("languages")), r"[,;\s]+"),
        "outcomes": _split(s.get(_key("outcomes")), r"\n"),
    }
    data |= {name: values for name, values in optional.items() if values}
    for name in ("roles", "harms", "regions"):
        data[name] = list(s.get(_key(name)) or [])
    return data


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


def _harm_label(catalogue: bridge.Catalogue, harm: str) -> str:
    harms = catalogue.taxonomy.harms
    return ("   ↳ " * len(harms.ancestors(harm))) + harms.label(harm)


def _region_label(catalogue: bridge.Catalogue, name: str) -> str:
    region = catalogue.taxonomy.regions[name]
    extra = [a for a in region.aliases if a != name][:4]
    return f"{name} ({', '.join(extra)})" if extra else name


def _widgets(catalogue: bridge.Catalogue) -> list[tuple[str, Callable[..., Any], dict[str, Any]]]:
    """Each field of the form: its name, its widget and the widget's options."""
    taxonomy = catalogue.taxonomy
    by_name = sorted(catalogue.organisations, key=lambda o: (o.name.casefold(), o.id))
    organisations = {"options": [o.id for o in by_name], "format_func": catalogue.organisation_name}

    def vocabulary(words: Any, label: Callable[[str], str] | None = None) -> dict[str, Any]:
        return {"options": words.ids, "format_func": label or words.label}

    return [
        ("id", st.text_input, {"max_chars": 80, "placeholder": "e.g. helpline-guide-2024",
         "help": "Lowercase letters, digits and hyphens; it becomes the file name."}),
        ("kind", st.selectbox, {**vocabulary(taxonomy.kinds), "index": None,
         "placeholder": "Choose a kind"}),
        ("title", st.text_input, {"max_chars": 300}),
        ("summary", st.text_area, {"max_chars": 5000, "height": 160,
         "help": "Plain text, at least 25 words."}),
        ("organisation", st.selectbox, {**organisations, "index": None,
         "placeholder": "Choose an organisation"}),
        ("partners", st.multiselect, organisations),
        ("url", st.text_input, {"max_chars": 2000, "placeholder": "https://…",
         "help": "An http or https address."}),
        ("year", st.number_input, {"min_value": 1900, "max_value": 2100, "value": None,
         "step": 1}),
        ("languages", st.text_input, {"max_chars": 200, "placeholder": "e.g. en, fr",
         "help": "ISO 639-1 codes, separated by commas or spaces."}),
        ("roles", st.multiselect, {**vocabulary(taxonomy.roles), "help": "Who it is for."}),
        ("harms", st.multiselect, vocabulary(taxonomy.harms, lambda h: _harm_label(catalogue, h))),
        ("regions", st.multiselect, {"options": taxonomy.regions.names,
         "format_func": lambda r: _region_label(catalogue, r),
         "placeholder": "Countries, regions, groups or Global"}),
        ("pillar", st.selectbox, {**vocabulary(taxonomy.pillars), "index": None,
         "placeholder": "No pillar"}),
        ("outcomes", st.text_area, {"max_chars": 5000, "height": 100,
         "help": "Measured results: one short sentence with its figure per line."}),
        ("source", st.text_input, {"max_chars": 1000,
         "help": "Where the facts came from: a document name or URL."}),
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


def _save(resource: bridge.Resource, folder: Any) -> None:
    try:
        bridge.save_record(resource, folder)
    except bridge.WriteConflict as error:
        st.warning(_plain(str(error)), icon=":material/lock_clock:")
        return
    except bridge.BridgeError as error:
        st.error(_plain(str(error)))
        return
    st.session_state[SAVED] = (resource.id, resource.title)
    st.session_state[CHECKED] = False
    st.rerun()


def _offer_save(resource: bridge.Resource) -> None:
    folder = bridge.default_catalogue_dir()
    if not bridge.catalogue_writable(folder):
        st.info(
            "This catalogue's folder cannot be written here, so the record cannot be saved "
            "from the app: download its file and add it to the catalogue's `records` folder "
            "(in a pull request, for example)."
        )
        return
    if st.button("Save to the catalogue", type="primary", key="add-save", icon=":material/save:"):
        _save(resource, folder)


def _valid(resource: bridge.Resource, catalogue: bridge.Catalogue) -> None:
    st.success("The record is valid: it passes every check of `bridge validate`.")
    _similar(resource, catalogue)
    text = bridge.resource_yaml(resource)
    st.header(f"records/{resource.id}.yaml")
    st.code(text, language="yaml")
    st.download_button(
        f"Download {resource.id}.yaml",
        data=text,
        file_name=f"{resource.id}.yaml",
        mime="application/yaml",
        on_click="ignore",
        key="add-download",
        icon=":material/download:",
    )
    _offer_save(resource)


def _saved_notice() -> None:
    """After a save: where the record went, and a way to see it in Find resources."""
    saved = st.session_state.get(SAVED)
    if not saved:
        return
    record_id, title = saved
    st.success(f"Saved as records/{record_id}.yaml: the record is in the catalogue now.")
    if st.button("Show it in Find resources", key="add-show", icon=":material/search:"):
        follow_link()
        page = st.Page(find_resources, title="Find resources", url_path="find")
        st.switch_page(page, query_params={"text": title})


def add_resource() -> None:
    catalogue = current_engine().catalogue
    st.title("Add a resource")
    st.markdown(INTRO)
    _saved_notice()
    checked = bridge.check_record(draft(), catalogue) if st.session_state.get(CHECKED) else None
    _form(catalogue, _by_field(checked[1]) if checked else {})
    if checked is None:
        return
    resource, problems = checked
    if resource is None:
        _problem_list(problems)
    else:
        _valid(resource, catalogue)
