"""Catalogue text is data, never markup: what a browser shows for a hostile catalogue."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from appserver import main_area, open_app, result_cards, wait_idle
from hostile import PAYLOADS, PIXEL_HOST, RESOURCE_IDS
from playwright.sync_api import Page

SHORTLIST = "/?" + "&".join(f"shortlist={i}" for i in RESOURCE_IDS)
# Streamlit's frontend turns a `:material/...:` page icon into this Google Fonts URL and sets
# it as the favicon (app.py: st.set_page_config(page_icon=":material/hub:")).


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _open_recording(page: Page, base: str) -> list[str]:
    """Open the hostile page with its records shortlisted; every URL the page asked for.

    Requests to other hosts are recorded, then aborted, so the test never reaches outside.
    """
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.route(re.compile(rf"^(?!{re.escape(base)}/)"), lambda route: route.abort())
    open_app(page, base + SHORTLIST, "resources match")
    page.wait_for_load_state("networkidle")
    wait_idle(page)
    return requested


def test_hostile_catalogue_text_is_shown_as_text_and_runs_nothing(
    page: Page, hostile_url: str
) -> None:
    """Script, <img onerror>, javascript: links and remote images in records stay plain text."""
    requested = _open_recording(page, hostile_url)
    main = main_area(page)
    assert result_cards(page).count() == len(RESOURCE_IDS)

    text = main.inner_text()
    missing = [p for p in PAYLOADS if p not in text]
    assert missing == [], f"not shown literally: {missing}"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    images = main.locator("img").evaluate_all("els => els.map(e => e.getAttribute('src'))")
    assert [s for s in images if s == "x" or PIXEL_HOST in (s or "")] == [], images
    links = page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert [h for h in links if h.strip().lower().startswith("javascript:")] == []
    assert main.get_by_role("link", name="click", exact=True).count() == 0
    scripts = page.locator("script").evaluate_all("els => els.map(e => e.textContent)")
    assert [s for s in scripts if "__pwned" in s] == []
    assert [u for u in requested if PIXEL_HOST in u] == []
    outside = [u for u in requested if _origin(u) != hostile_url]
    assert outside == []


def test_page_requests_nothing_outside_its_own_origin(page: Page, hostile_url: str) -> None:
    """Opening the app makes no request to any host but the app's own (no tracking pixels)."""
    requested = _open_recording(page, hostile_url)

    assert [u for u in requested if _origin(u) != hostile_url] == []


def test_hostile_text_survives_a_rerun(page: Page, hostile_url: str) -> None:
    """After a widget rerun (removing a record from the shortlist) the payloads are still text."""
    _open_recording(page, hostile_url)
    result_cards(page).first.get_by_role("button", name="Remove from shortlist").click()
    main_area(page).get_by_role("heading", name="Shortlist (2)").wait_for()
    wait_idle(page)

    text = main_area(page).inner_text()
    assert [p for p in PAYLOADS if p not in text] == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
