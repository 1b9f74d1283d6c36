"""The Add a resource page through Streamlit's AppTest, on a temporary copy of the literal
catalogue and a queue of its own: checking a record field by field, its file, submitting it
for review (never into the catalogue), the hourly limit and every refusal."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from apprun import rerun
from literal import REPO, build_catalogue
from streamlit.testing.v1 import AppTest

import bridge
from bridge.submissions.curators import password_hash

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
    "sources": "https://helpline.example.org/guide | The guide's page",
}


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ui_engine: ModuleType) -> Path:
    """A fresh copy of the literal catalogue (BRIDGE_CATALOGUE) and an empty queue of its own
    (BRIDGE_DATABASE_URL)."""
    root = build_catalogue(tmp_path / "catalogue")
    monkeypatch.setenv("BRIDGE_CATALOGUE", str(root))
    monkeypatch.setenv("BRIDGE_DATABASE_URL", f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    monkeypatch.delenv("BRIDGE_CURATOR_PASSWORD_HASH", raising=False)
    return root


def open_page(path: str) -> AppTest:
    """The app, switched to the page registered at `path`."""
    at = rerun(AppTest.from_file(APP, default_timeout=30))
    pages = {info.get("url_pathname"): h for h, info in at._registered_pages.items()}
    at._page_hash = pages[path]  # what choosing the page in the navigation does
    return rerun(at)


def open_add_page() -> AppTest:
    at = open_page("add")
    assert [t.value for t in at.title] == ["Add a resource"]
    return at


def fill(at: AppTest, **values: Any) -> None:
    for name, value in values.items():
        key = f"add-{name}"
        if name in ("kind", "organisation", "pillar"):
            at.selectbox(key=key).select(value)
        elif name in ("partners", "roles", "harms", "regions"):
            for item in value:
                at.multiselect(key=key).select(item)
        elif name == "year":
            at.number_input(key=key).set_value(value)
        elif name in ("summary", "outcomes", "sources"):
            at.text_area(key=key).input(value)
        else:
            at.text_input(key=key).input(value)


def check(at: AppTest, **values: Any) -> AppTest:
    """Fill the form's fields with `values` and press Check."""
    fill(at, **values)
    at.button(key="add-check").click()
    return rerun(at)


def submit(at: AppTest) -> AppTest:
    at.button(key="add-submit").click()
    return rerun(at)


def keys(at: AppTest, kind: str) -> list[str]:
    return [element.key for element in getattr(at, kind) if element.key]


def texts(at: AppTest, kind: str) -> list[str]:
    return [element.value.replace("\\", "") for element in getattr(at, kind)]


def record_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "records").iterdir())


def test_a_valid_record_is_submitted_for_review_and_not_written(catalogue: Path) -> None:
    """Check shows the file; Submit files it in the queue as pending; the catalogue's files
    are untouched and the page says a curator must approve it first."""
    before = record_files(catalogue)
    at = check(open_add_page(), **VALID)
    assert not at.error
    assert texts(at, "success") == [
        "The record is valid: it passes every check of `bridge validate`."
    ]
    shown = at.code[0].value
    assert shown.startswith(f"id: {NEW_ID}\nkind: toolkit\n")
    assert "add-download" in keys(at, "download_button")

    submit(at)
    [waiting] = bridge.Queue().list("pending")
    assert (waiting.record_id, waiting.title, waiting.record) == (NEW_ID, TITLE, shown + "\n")
    assert texts(at, "success") == [
        f"Submitted as number {waiting.id}: '{TITLE}' waits for a curator's review. "
        "It is not in the catalogue until a curator approves it."
    ]
    assert record_files(catalogue) == before
    assert at.text_input(key="add-title").value == TITLE  # the form keeps its values


def test_a_session_may_submit_five_records_an_hour(catalogue: Path) -> None:
    """The sixth submission within the hour is refused with the wait; five are queued."""
    at = check(open_add_page(), **VALID)
    for number in range(5):
        at.text_input(key="add-id").input(f"{NEW_ID}-{number}")
        at.button(key="add-check").click()
        submit(rerun(at))
    at.text_input(key="add-id").input(f"{NEW_ID}-5")
    at.button(key="add-check").click()
    submit(rerun(at))
    [warning] = texts(at, "warning")
    assert re.fullmatch(
        r"This session has sent the most records an hour allows; try again in (60|59) minutes\.",
        warning,
    ), warning
    queued = [s.record_id for s in bridge.Queue().list("pending")]
    assert queued == [f"{NEW_ID}-{n}" for n in range(5)]


def test_a_queue_that_cannot_be_opened_is_said_and_the_form_kept(
    catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database path under a file: the error says the queue cannot be opened; no record is
    lost from the form and nothing is written to the catalogue."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    monkeypatch.setenv("BRIDGE_DATABASE_URL", f"sqlite:///{blocker / 'queue.sqlite3'}")
    before = record_files(catalogue)
    at = submit(check(open_add_page(), **VALID))
    assert texts(at, "error") == ["the submissions database cannot be opened: FileExistsError"]
    assert at.text_area(key="add-summary").value == SUMMARY
    assert record_files(catalogue) == before


def test_an_invalid_record_shows_each_problem_by_its_field_and_no_submit(
    catalogue: Path,
) -> None:
    """Faulty fields get their own errors and a summary; no submit button, no file."""
    faulty = VALID | {"summary": "Far too short.", "url": "javascript:alert(1)", "harms": []}
    at = check(open_add_page(), **faulty)
    errors = texts(at, "error")
    assert "needs at least 25 words, has 3" in errors
    assert "only http:, https: URLs are allowed, not 'javascript:alert(1)'" in errors
    assert any(e.startswith("3 problems to fix") for e in errors)
    assert "add-submit" not in keys(at, "button")
    assert not at.code and not at.download_button
    assert bridge.Queue().list(None) == ()


def test_a_record_without_source_pages_is_refused(catalogue: Path) -> None:
    """Sources are required: the error sits by the Source pages field."""
    at = check(open_add_page(), **(VALID | {"sources": ""}))
    errors = texts(at, "error")
    assert any(e.startswith("1 problem to fix") and "Source pages" in e for e in errors), errors
    assert "add-submit" not in keys(at, "button")


def test_an_id_already_in_the_catalogue_is_refused(catalogue: Path) -> None:
    """An existing id is an error on the id field naming the record's file; no submit."""
    at = check(open_add_page(), **(VALID | {"id": "grooming-study-ph"}))
    errors = texts(at, "error")
    assert (
        "a record with id 'grooming-study-ph' already exists "
        "(records/grooming-study-ph.yaml); choose another id"
    ) in errors, errors
    assert "add-submit" not in keys(at, "button")


def test_a_copy_of_an_existing_record_is_flagged_as_a_near_duplicate(catalogue: Path) -> None:
    """Title and summary copied from a catalogued record: a warning names that record."""
    original = bridge.read_catalogue(catalogue).catalogue.resource("grooming-study-ph")
    copy = VALID | {"title": original.title, "summary": original.summary}
    at = check(open_add_page(), **copy)
    assert texts(at, "warning") == [
        f"100% similar to the catalogue's '{original.title}' (id grooming-study-ph): "
        "is this record already there?"
    ]


def test_typed_markup_is_echoed_as_text_only(catalogue: Path) -> None:
    """Markup typed into a field comes back in problems escaped, never as raw HTML."""
    at = check(open_add_page(), **(VALID | {"languages": "<img src=x onerror=alert(1)>"}))
    errors = [e.value for e in at.error]
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


SECOND_COPY = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=60)
at.run()
pages = {info.get("url_pathname"): h for h, info in at._registered_pages.items()}
at._page_hash = pages["review"]
at.run()
at.text_input(key="review-password").input(sys.argv[2])
at.button[0].click()
at.run()
print(json.dumps([e.label for e in at.expander]))
"""


def test_two_app_copies_share_one_postgresql_queue(
    catalogue: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record submitted in one copy of the app (this process) is on the Review page of
    another copy (a second process) when both name one PostgreSQL database."""
    monkeypatch.setenv("BRIDGE_DATABASE_URL", postgres_url)
    monkeypatch.setenv("BRIDGE_CURATOR_PASSWORD_HASH", password_hash("curator password"))
    submit(check(open_add_page(), **VALID))
    [waiting] = bridge.Queue().list("pending")
    done = subprocess.run(
        [sys.executable, "-c", SECOND_COPY, APP, "curator password"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    [label] = json.loads(done.stdout.strip().splitlines()[-1])
    assert label.startswith(f"Number {waiting.id}: {TITLE} (sent ")


REFERENCES = Path(__file__).parent / "data" / "references"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://127.0.0.1:8501/report",
            "127.0.0.1 is a private, loopback or link-local address (127.0.0.1); only public "
            "pages are fetched here",
        ),
        (
            "http://[::1]:8501/",
            "::1 is a private, loopback or link-local address (::1); only public pages are "
            "fetched here",
        ),
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254 is a private, loopback or link-local address (169.254.169.254); "
            "only public pages are fetched here",
        ),
        (
            "http://10.1.2.3/intranet",
            "10.1.2.3 is a private, loopback or link-local address (10.1.2.3); only public "
            "pages are fetched here",
        ),
        (
            "file:///etc/passwd",
            "only http and https addresses are fetched, not file: ('file:///etc/passwd')",
        ),
    ],
)
def test_start_from_a_page_refuses_private_and_loopback_addresses(
    catalogue: Path, url: str, message: str
) -> None:
    """The app never fetches a loopback, link-local or private address, nor anything but
    http and https: the refusal is said and the form stays empty."""
    at = open_add_page()
    at.text_input(key="add-start-url").input(url)
    at.button(key="add-start-fetch").click()
    rerun(at)
    assert texts(at, "error") == [f"This page cannot be read: {message}"]
    assert at.text_input(key="add-title").value == ""
    assert not at.info


def test_start_from_a_reference_file_fills_the_form_and_lists_the_suggestions(
    catalogue: Path,
) -> None:
    """A Zotero RIS export uploaded, its second reference chosen: the form holds its title,
    address, year and source, and the suggested kind, organisation, harms, roles and regions,
    which an info box lists as suggestions with their words. The curator writes the summary
    and the record checks as valid."""
    at = open_add_page()
    ris = REFERENCES / "zotero-two.ris"
    at.file_uploader(key="add-start-file").set_value((ris.name, ris.read_bytes(), "text/plain"))
    rerun(at)
    chooser = at.selectbox(key="add-start-reference")
    assert chooser.options == [
        "Online grooming of children on gaming platforms in Kenya: an imaginary survey (2023)",
        "Child sexual abuse material on file-sharing services in Southeast Asia (2022)",
    ]
    chooser.select_index(1)
    at.button(key="add-start-use").click()
    rerun(at)
    url = "https://techalliance.example.org/reports/csam-file-sharing"
    title = "Child sexual abuse material on file-sharing services in Southeast Asia"
    assert {
        name: getattr(at, kind)(key=f"add-{name}").value
        for kind, names in (
            ("text_input", ("id", "title", "url", "languages")),
            ("number_input", ("year",)),
            ("text_area", ("summary", "sources")),
            ("selectbox", ("kind", "organisation")),
            ("multiselect", ("harms", "roles", "regions")),
        )
        for name in names
    } == {
        "id": "child-sexual-abuse-material-on-file-sharing-services-in",
        "title": title,
        "url": url,
        "languages": "",
        "year": 2022,
        "summary": "",
        "sources": f"{url} | {title}",
        "kind": "research",
        "organisation": "tech-alliance",
        "harms": ["csam"],
        "roles": ["helpline", "tech-industry"],
        "regions": ["Philippines", "South-eastern Asia", "Vietnam"],
    }
    [box] = texts(at, "info")
    assert box.splitlines()[:8] == [
        "The form is filled from the reference at zotero-two.ris:24: its title, address, year, "
        "languages and source. **Suggested**, from its words (keep only what the source "
        "supports):",
        '- Kind: **Research**, from its type is "RPRT"',
        "- Organisation: **Tech Alliance Test**, from the page is on techalliance.example.org, "
        "the site of Tech Alliance Test",
        '- Harms: **Child sexual abuse material**, from "Child sexual abuse material" (1), '
        '"CSAM" (1)',
        '- Audience roles: **Helplines and frontline services**, from "hotline analysts" (1)',
        '- Audience roles: **Tech industry**, from "platforms" (1)',
        '- Regions: **Philippines**, from "Philippines" (1)',
        '- Regions: **South-eastern Asia**, from "Southeast Asia" (1)',
    ]
    at = check(at, summary=SUMMARY)
    assert texts(at, "success") == [
        "The record is valid: it passes every check of `bridge validate`."
    ]


def test_learnt_suggestions_are_listed_with_their_chances_when_asked(catalogue: Path) -> None:
    """With 'Also suggest the tags of records like it' ticked, the suggestions of the words
    stay as they were and the ones learnt from the catalogue's records are listed after
    them with their chance, and chosen in the form."""
    at = open_add_page()
    ris = REFERENCES / "zotero-two.ris"
    at.file_uploader(key="add-start-file").set_value((ris.name, ris.read_bytes(), "text/plain"))
    rerun(at)
    at.selectbox(key="add-start-reference").select_index(1)
    at.checkbox(key="add-start-learnt").check()
    at.button(key="add-start-use").click()
    rerun(at)
    [box] = texts(at, "info")
    lines = box.splitlines()
    assert lines[5:7] == [
        '- Audience roles: **Tech industry**, from "platforms" (1)',
        "- Audience roles: **Researcher**, from the tags of records like it: 65%",
    ]
    assert at.multiselect(key="add-roles").value == ["helpline", "tech-industry", "researcher"]
