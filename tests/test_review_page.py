"""The Review page through Streamlit's AppTest: present only where a curator password hash is
configured; sign-in; approving writes the record into the catalogue (and the next engine
holds it); rejecting needs a reason; a record that no longer passes is not written."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from apprun import rerun
from literal import REPO, build_catalogue
from streamlit.testing.v1 import AppTest
from test_queue import RECORD, checked

import bridge
from bridge.submissions.curators import password_hash

APP = str(REPO / "app.py")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ui_engine: ModuleType) -> Path:
    """The literal catalogue, a queue of its own and a configured curator password."""
    root = build_catalogue(tmp_path / "catalogue")
    monkeypatch.setenv("BRIDGE_CATALOGUE", str(root))
    monkeypatch.setenv("BRIDGE_DATABASE_URL", f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    monkeypatch.setenv("BRIDGE_CURATOR_PASSWORD_HASH", password_hash(PASSWORD))
    return root


@pytest.fixture
def waiting(catalogue: Path) -> bridge.Submission:
    """One record in the queue, checked against the catalogue as the Add page checks it."""
    return bridge.Queue().submit(checked(catalogue))


def paths(at: AppTest) -> dict[str, str]:
    return {info.get("url_pathname"): h for h, info in at._registered_pages.items()}


def signed_in(password: str = PASSWORD) -> AppTest:
    at = rerun(AppTest.from_file(APP, default_timeout=30))
    at._page_hash = paths(at)["review"]
    rerun(at)
    assert [t.value for t in at.title] == ["Review submissions"]
    at.text_input(key="review-password").input(password)
    at.button[0].click()
    return rerun(at)


def test_without_a_curator_hash_there_is_no_review_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRIDGE_CURATOR_PASSWORD_HASH", raising=False)
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    at = rerun(AppTest.from_file(APP, default_timeout=30))
    assert "review" not in paths(at)
    assert {"", "find", "contacts", "packs", "evidence", "add", "about"} == set(paths(at))


def test_a_wrong_password_shows_nothing_of_the_queue(waiting: bridge.Submission) -> None:
    at = signed_in("not it")
    assert [e.value for e in at.error] == ["That is not the curator password."]
    assert not at.code and not at.expander


def test_the_curator_sees_each_waiting_record_as_yaml(waiting: bridge.Submission) -> None:
    at = signed_in()
    assert [e.label for e in at.expander] == [
        f"Number {waiting.id}: A Helpline Guide (sent "
        f"{waiting.submitted_at.strftime('%Y-%m-%d %H:%M')} UTC)"
    ]
    assert [c.value for c in at.code] == [RECORD.rstrip("\n")]


def test_approving_writes_the_record_and_the_app_then_finds_it(
    catalogue: Path, waiting: bridge.Submission, ui_engine: ModuleType
) -> None:
    at = signed_in()
    at.button(key=f"review-approve-{waiting.id}").click()
    rerun(at)
    assert [s.value for s in at.success] == ["Approved: written to records/helpline-guide.yaml."]
    assert (catalogue / "records" / "helpline-guide.yaml").read_text(encoding="utf-8") == RECORD
    assert bridge.Queue().get(waiting.id).status == "approved"
    assert [m.value for m in at.markdown] == ["Nothing waits for review."]
    opened = ui_engine._opened(str(catalogue), bridge.fingerprint(catalogue))
    assert opened.engine.catalogue.resource("helpline-guide").title == "A Helpline Guide"


def test_rejecting_needs_a_reason_and_writes_nothing(
    catalogue: Path, waiting: bridge.Submission
) -> None:
    before = sorted(p.name for p in (catalogue / "records").iterdir())
    at = signed_in()
    at.button(key=f"review-reject-{waiting.id}").click()
    rerun(at)
    assert [e.value for e in at.error] == ["Not rejected: give a reason for the rejection"]
    at.text_input(key=f"review-reason-{waiting.id}").input("No source supports the year.")
    at.button(key=f"review-reject-{waiting.id}").click()
    rerun(at)
    assert [s.value for s in at.success] == [f"Rejected number {waiting.id}."]
    found = bridge.Queue().get(waiting.id)
    assert (found.status, found.reason) == ("rejected", "No source supports the year.")
    assert sorted(p.name for p in (catalogue / "records").iterdir()) == before


def test_a_record_the_catalogue_took_meanwhile_is_not_approved(
    catalogue: Path, waiting: bridge.Submission
) -> None:
    """Another record with the same id written since submission: approval names the
    problem, writes nothing and leaves the submission pending."""
    target = catalogue / "records" / "helpline-guide.yaml"
    other = RECORD.replace("title: A Helpline Guide", "title: Another Guide")
    target.write_text(other, encoding="utf-8")
    at = signed_in()
    at.button(key=f"review-approve-{waiting.id}").click()
    rerun(at)
    [error] = [e.value.replace("\\", "") for e in at.error]
    assert error.startswith("Not approved: the record no longer passes the checks.")
    assert "a record with id 'helpline-guide' already exists" in error
    assert target.read_text(encoding="utf-8") == other
    assert bridge.Queue().get(waiting.id).status == "pending"
