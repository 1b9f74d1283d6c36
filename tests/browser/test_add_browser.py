"""Add a resource in a real browser: fill the form, check, submit it for review; a curator
approves it from the command line, and the new record is then found in Find resources."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from appserver import main_area, open_app, result_cards, streamlit_app, wait_idle
from literal import build_catalogue
from playwright.sync_api import Locator, Page, expect

MULTI = ("Audience roles", "Harms", "Regions")
UNIQUE = "Quokkawatch"  # a word no other record holds
TITLE = f"The {UNIQUE} Guide for Helplines on Sextortion Calls"
NEW_ID = "quokkawatch-helpline-guide"
SUMMARY = (
    "An imaginary guide, made up for these tests, on how counsellors at a child helpline "
    "answer young people who are being blackmailed with intimate images, what to say first, "
    "and which platforms to contact for removal."
)


@pytest.fixture(scope="module")
def writable_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh copy of the literal catalogue, for the curator to approve into."""
    return build_catalogue(tmp_path_factory.mktemp("add") / "catalogue")


@pytest.fixture(scope="module")
def queue_url(writable_catalogue: Path) -> str:
    return f"sqlite:///{writable_catalogue.parent / 'queue.sqlite3'}"


@pytest.fixture(scope="module")
def add_url(writable_catalogue: Path, queue_url: str) -> Iterator[str]:
    """A server of its own, reading that catalogue and filing into that queue."""
    with streamlit_app(writable_catalogue, {"BRIDGE_DATABASE_URL": queue_url}) as url:
        yield url


def choose(page: Page, main: Locator, label: str, option: str) -> None:
    """Pick an option of a select box or multiselect: type its start, click it, close the
    menu (Escape only on a multiselect: on a select box it clears the choice)."""
    box = main.get_by_role("combobox", name=label, exact=True)
    box.click()
    box.press_sequentially(option[:10])
    page.get_by_role("option", name=re.compile(rf"^[\s↳]*{re.escape(option)}")).first.click()
    if label in MULTI:
        page.keyboard.press("Escape")
    expect(page.get_by_role("option")).to_have_count(0)


def fill_form(page: Page) -> None:
    main = main_area(page)
    main.get_by_role("textbox", name="Id", exact=True).fill(NEW_ID)
    choose(page, main, "Kind", "Toolkit")
    main.get_by_role("textbox", name="Title", exact=True).fill(TITLE)
    main.get_by_role("textbox", name="Summary", exact=True).fill(SUMMARY)
    choose(page, main, "Organisation", "Helpline Network Test")
    main.get_by_role("spinbutton", name="Year (optional)").fill("2024")
    main.get_by_role("textbox", name="Languages (optional)").fill("en, sw")
    choose(page, main, "Audience roles", "Helplines and frontline services")
    choose(page, main, "Harms", "Sextortion")
    choose(page, main, "Regions", "Kenya")
    main.get_by_role("textbox", name="Source pages", exact=True).fill(
        "https://helpline.example.org/quokkawatch | The guide's page"
    )


def bridge_cli(*args: str, queue_url: str) -> str:
    env = os.environ | {"BRIDGE_DATABASE_URL": queue_url}
    done = subprocess.run(
        [sys.executable, "-m", "bridge", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_record_submitted_in_the_browser_is_found_once_approved(
    page: Page, add_url: str, writable_catalogue: Path, queue_url: str
) -> None:
    """Check then Submit files the record as pending (no file written); `bridge submissions
    approve` writes it, and a link to Find resources with a word of its title shows it."""
    open_app(page, add_url + "/add", "Add a resource")
    fill_form(page)
    main = main_area(page)
    main.get_by_role("button", name="Check").click()
    expect(main.get_by_text("The record is valid")).to_be_visible()
    expect(main.get_by_text(f"id: {NEW_ID}")).to_be_visible()  # the YAML preview
    main.get_by_role("button", name="Submit for review").click()
    expect(main.get_by_text("Submitted as number 1")).to_be_visible()
    wait_idle(page)
    target = writable_catalogue / "records" / f"{NEW_ID}.yaml"
    assert not target.exists()
    assert NEW_ID in bridge_cli("submissions", "list", queue_url=queue_url)

    bridge_cli(
        "submissions", "approve", "1", "--catalogue", str(writable_catalogue), queue_url=queue_url
    )
    assert target.is_file()
    open_app(page, f"{add_url}/find?text={UNIQUE}", "1 resource matches your words")
    card = result_cards(page).filter(has_text=TITLE)
    expect(card).to_have_count(1)
    expect(result_cards(page).first.get_by_role("heading").first).to_have_text(TITLE)
