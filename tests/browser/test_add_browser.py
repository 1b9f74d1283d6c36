"""Add a resource in a real browser: fill the form, check, save, then find the new record."""

from __future__ import annotations

import re
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
    """A fresh copy of the literal catalogue, for the server to save into."""
    return build_catalogue(tmp_path_factory.mktemp("add") / "catalogue")


@pytest.fixture(scope="module")
def add_url(writable_catalogue: Path) -> Iterator[str]:
    """A server of its own, reading (and writing) that catalogue through BRIDGE_CATALOGUE."""
    with streamlit_app(writable_catalogue) as url:
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
    main.get_by_role("textbox", name="Source", exact=True).fill("Synthetic test fixture")


def test_a_record_added_in_the_browser_is_found_in_find_resources(
    page: Page, add_url: str, writable_catalogue: Path
) -> None:
    """Filling the form, Check then Save writes the file; "Show it in Find resources", and
    a fresh link to Find resources with a word of its title, show the new record's card."""
    open_app(page, add_url + "/add", "Add a resource")
    fill_form(page)
    main = main_area(page)
    main.get_by_role("button", name="Check").click()
    expect(main.get_by_text("The record is valid")).to_be_visible()
    expect(main.get_by_text(f"id: {NEW_ID}")).to_be_visible()  # the YAML preview
    main.get_by_role("button", name="Save to the catalogue").click()
    expect(main.get_by_text(f"Saved as records/{NEW_ID}.yaml")).to_be_visible()
    wait_idle(page)
    assert (writable_catalogue / "records" / f"{NEW_ID}.yaml").is_file()

    main.get_by_role("button", name="Show it in Find resources").click()
    expect(result_cards(page).first.get_by_role("heading").first).to_have_text(TITLE)
    assert "text=" in page.url

    open_app(page, f"{add_url}/?text={UNIQUE}", "resources match")
    card = result_cards(page).filter(has_text=TITLE)
    expect(card).to_have_count(1)
    expect(result_cards(page).first.get_by_role("heading").first).to_have_text(TITLE)
