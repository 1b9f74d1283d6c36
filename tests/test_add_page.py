"""The Add a resource page through Streamlit's AppTest, on a temporary copy of the literal
catalogue: checking a record field by field, its file, saving it, and every refusal."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import filelock
import pytest
from apprun import rerun
from literal import REPO, build_catalogue
from streamlit.testing.v1 import AppTest

import bridge
import bridge.catalogue.curation

APP = str(REPO / "app.py")
SUMMARY = (
    "An imaginary guide, made up for these tests, on how counsellors at a child helpline "
    "answer young people who are being blackmailed with intimate images, what to say first, "
    "and which platforms to contact for removal."
)
TITLE = "A Helpline Guide to Answering Sextortion Calls"
NEW_ID = "helpline-sextortion-guide"
VALID: dict[str, Any] = {
    "id": NEW_ID,
    "kind": "toolkit",
    "title": TITLE,
    "summary": SUMMARY,
    "organisation": "helpline-net",
    "partners": ["safe-lab"],
    "url": "https://helpline.example.org/guide",
    "year": 2024,
    "languages": "en, sw",
    "roles": ["helpline"],
    "harms": ["sextortion"],
    "regions": ["Kenya"],
    "pillar": "networks-systems",
    "outcomes": "Used by 40 imaginary counsellors.\nAnswered 900 imaginary calls.",
    "source": "Synthetic test fixture",
}


@pytest.fixture
def ui_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The app's ui.engine module, its engine cache empty before and after the test."""
    monkeypatch.syspath_prepend(str(REPO))
    module = importlib.import_module("ui.engine")
    module._engine.clear()
    yield module
    module._engine.clear()


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ui_engine: ModuleType) -> Path:
    """A fresh copy of the literal catalogue, which the app reads through BRIDGE_CATALOGUE."""
    root = build_catalogue(tmp_path / "catalogue")
    monkeypatch.setenv("BRIDGE_CATALOGUE", str(root))
    return root


def open_add_page() -> AppTest:
    """The app, switched to the page registered at url_path 'add'."""
    at = rerun(AppTest.from_file(APP, default_timeout=30))
    pages = {info.get("url_pathname"): h for h, info in at._registered_pages.items()}
    at._page_hash = pages["add"]  # what choosing the page in the navigation does
    rerun(at)
    assert [t.value for t in at.title] == ["Add a resource"]
    return at


def check(at: AppTest, **values: Any) -> AppTest:
    """Fill the form's fields with `values` and press Check."""
    for name, value in values.items():
        key = f"add-{name}"
        if name in ("kind", "organisation", "pillar"):
            at.selectbox(key=key).select(value)
        elif name in ("partners", "roles", "harms", "regions"):
            for item in value:
                at.multiselect(key=key).select(item)
        elif name == "year":
            at.number_input(key=key).set_value(value)
        elif name in ("summary", "outcomes"):
            at.text_area(key=key).input(value)
        else:
            at.text_input(key=key).input(value)
    at.button(key="add-check").click()
    return rerun(at)


def keys(at: AppTest, kind: str) -> list[str]:
    return [element.key for element in getattr(at, kind) if element.key]


def texts(at: AppTest, kind: str) -> list[str]:
    return [element.value for element in getattr(at, kind)]


def saved_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "records").iterdir())


def writable(monkeypatch: pytest.MonkeyPatch, answer: bool) -> None:
    """Make catalogue_writable answer `answer`, wherever the page looks it up."""
    fake: Callable[[object], bool] = lambda _folder: answer  # noqa: E731
    monkeypatch.setattr(bridge.catalogue.curation, "catalogue_writable", fake)
    if hasattr(bridge, "catalogue_writable"):
        monkeypatch.setattr(bridge, "catalogue_writable", fake)


def test_a_valid_record_is_saved_and_the_next_run_finds_it(
    catalogue: Path, ui_engine: ModuleType
) -> None:
    """Check shows the file; Save writes records/<id>.yaml; the app's next engine holds it,
    and "Show it in Find resources" opens Find resources on its title with its card."""
    before = saved_files(catalogue)
    at = check(open_add_page(), **VALID)
    assert not at.error
    assert texts(at, "success") == [
        "The record is valid: it passes every check of `bridge validate`."
    ]
    assert texts(at, "code")[0].startswith(f"id: {NEW_ID}\nkind: toolkit\n")
    assert "add-download" in keys(at, "download_button")

    at.button(key="add-save").click()
    rerun(at)
    assert saved_files(catalogue) == sorted([*before, f"{NEW_ID}.yaml"])
    assert texts(at, "success") == [
        f"Saved as records/{NEW_ID}.yaml: the record is in the catalogue now."
    ]
    assert at.text_input(key="add-title").value == TITLE  # the form keeps its values
    engine = ui_engine._engine(str(catalogue), bridge.fingerprint(catalogue))
    assert engine.catalogue.resource(NEW_ID).title == TITLE

    at.button(key="add-show").click()
    rerun(at)
    assert [t.value for t in at.title] == ["Find resources"]
    assert at.query_params["text"] == TITLE
    assert f"### [{TITLE}](<https://helpline.example.org/guide>)" in texts(at, "markdown")


def test_an_invalid_record_shows_each_problem_by_its_field_and_no_save(catalogue: Path) -> None:
    """Faulty fields get their own errors and a summary; no file, no Save button, no file
    to download."""
    before = saved_files(catalogue)
    faulty = VALID | {"summary": "Far too short.", "url": "javascript:alert(1)", "harms": []}
    at = check(open_add_page(), **faulty)
    errors = texts(at, "error")
    assert "needs at least 25 words, has 3" in errors
    assert "only http:, https: URLs are allowed, not 'javascript:alert(1)'" in [
        e.replace("\\", "") for e in errors
    ]
    assert any(e.startswith("3 problems to fix") for e in errors)
    assert "add-save" not in keys(at, "button")
    assert not at.code and not at.download_button
    assert saved_files(catalogue) == before


def test_an_id_already_in_the_catalogue_is_refused(catalogue: Path) -> None:
    """An existing id is an error on the id field naming the record's file; no Save."""
    at = check(open_add_page(), **(VALID | {"id": "grooming-study-ph"}))
    errors = [e.replace("\\", "") for e in texts(at, "error")]
    assert any(
        e.startswith("a record with id 'grooming-study-ph' already exists (")
        and "grooming-study-ph.yaml" in e
        for e in errors
    ), errors
    assert "add-save" not in keys(at, "button")


def test_a_save_while_another_writer_holds_the_lock_asks_to_retry(catalogue: Path) -> None:
    """With the catalogue locked elsewhere, Save warns to try again; nothing is written or
    lost, and saving again once the lock is free succeeds."""
    before = saved_files(catalogue)
    at = check(open_add_page(), **VALID)
    with filelock.FileLock(catalogue / bridge.catalogue.curation.LOCK_FILE):
        at.button(key="add-save").click()
        rerun(at)
    assert texts(at, "warning") == [
        "the catalogue is being edited elsewhere; try again in a moment"
    ]
    assert saved_files(catalogue) == before
    assert at.text_area(key="add-summary").value == SUMMARY
    at.button(key="add-save").click()
    rerun(at)
    assert saved_files(catalogue) == sorted([*before, f"{NEW_ID}.yaml"])


def test_a_record_saved_elsewhere_meanwhile_is_refused_on_save(catalogue: Path) -> None:
    """Checked, then the same id saved by someone else: Save refuses it by name."""
    at = check(open_add_page(), **VALID)
    (catalogue / "records" / f"{NEW_ID}.yaml").write_text("someone else's", encoding="utf-8")
    at.button(key="add-save").click()
    rerun(at)
    assert f"refused: a record with id '{NEW_ID}' already exists" in [
        e.replace("\\", "") for e in texts(at, "error")
    ]
    text = (catalogue / "records" / f"{NEW_ID}.yaml").read_text(encoding="utf-8")
    assert text == "someone else's"


def test_a_read_only_catalogue_offers_the_file_but_no_save(
    catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the folder cannot be written, a valid record gives its file and a notice only."""
    writable(monkeypatch, False)
    at = check(open_add_page(), **VALID)
    assert "add-save" not in keys(at, "button")
    assert "add-download" in keys(at, "download_button")
    assert any("cannot be written here" in i for i in texts(at, "info"))


def test_a_copy_of_an_existing_record_is_flagged_as_a_near_duplicate(catalogue: Path) -> None:
    """Title and summary copied from a catalogued record: a warning names that record."""
    original = bridge.read_catalogue(catalogue).catalogue.resource("grooming-study-ph")
    copy = VALID | {"title": original.title, "summary": original.summary}
    at = check(open_add_page(), **copy)
    assert [w.replace("\\", "") for w in texts(at, "warning")] == [
        f"100% similar to the catalogue's '{original.title}' (id grooming-study-ph): "
        "is this record already there?"
    ]


def test_typed_markup_is_echoed_as_text_only(catalogue: Path) -> None:
    """Markup typed into a field comes back in problems escaped, never as raw HTML."""
    at = check(open_add_page(), **(VALID | {"languages": "<img src=x onerror=alert(1)>"}))
    errors = texts(at, "error")
    assert errors, "the language codes should be refused"
    assert not [e for e in errors if re.search(r"(?<!\\)[<>\[\]]", e)]  # each one escaped
    assert any("\\<img" in e for e in errors)


def test_a_draft_survives_a_visit_to_another_page(catalogue: Path) -> None:
    """Checked values are still in the form after going to About and coming back."""
    at = check(open_add_page(), title="Kept title", roles=["researcher"])
    pages = {info.get("url_pathname"): h for h, info in at._registered_pages.items()}
    at._page_hash = pages["about"]
    assert [t.value for t in rerun(at).title] == ["About bridge"]
    at._page_hash = pages["add"]
    rerun(at)
    assert at.text_input(key="add-title").value == "Kept title"
    assert at.multiselect(key="add-roles").value == ["researcher"]
