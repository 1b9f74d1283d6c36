"""Find resources in a real browser: shared links, URL sync, the shortlist and its download."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

from appserver import main_area, open_app, result_cards, result_count, wait_idle
from playwright.sync_api import Page, expect

PARENT_LINK = "/?role=parent&text=how+parents+can+protect+their+children+online"
RECORD_FIELDS = [
    "id",
    "kind",
    "title",
    "summary",
    "organisation",
    "partners",
    "url",
    "year",
    "languages",
    "roles",
    "harms",
    "regions",
    "pillar",
    "evidence",
    "outcomes",
    "source",
    "sources",
]


def _params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_shared_link_opens_the_view_it_describes(page: Page, app_url: str) -> None:
    """A shared parent link ranks Parents Protect first and fills the sidebar."""
    open_app(page, app_url + PARENT_LINK, "resources match")

    first = result_cards(page).first.get_by_role("heading").first
    expect(first).to_have_text("Parents Protect! Programme")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Your role")).to_have_value("Parent or caregiver")
    expect(sidebar.get_by_role("textbox", name="What are you looking for?")).to_have_value(
        "how parents can protect their children online"
    )
    assert _params(page) == {
        "role": ["parent"],
        "text": ["how parents can protect their children online"],
    }


def test_choosing_a_harm_updates_the_url_and_the_results(page: Page, app_url: str) -> None:
    """Picking "Online grooming" in Harms adds harm=grooming to the URL and narrows the results."""
    open_app(page, app_url + "/", "resources match")
    before = result_count(page).inner_text()

    page.get_by_test_id("stSidebar").get_by_role("combobox", name="Harms").click()
    page.get_by_role("option", name="Online grooming").click()
    page.keyboard.press("Escape")

    expect(page).to_have_url(re.compile(r"[?&]harm=grooming(&|$)"))
    expect(result_count(page)).not_to_have_text(before)
    wait_idle(page)
    assert _params(page) == {"harm": ["grooming"]}
    after = result_count(page).inner_text()
    assert int(after.split()[0]) < int(before.split()[0]), (before, after)


def test_shortlist_travels_in_the_url_and_downloads_as_csv(page: Page, app_url: str) -> None:
    """ "Add to shortlist" puts the id in the URL; the shortlist's CSV holds exactly that record."""
    open_app(page, app_url + "/", "resources match")
    first = result_cards(page).first
    title = first.get_by_role("heading").first.inner_text()
    button_box = first.locator('[class*="st-key-shortlist-"]')
    key = re.search(r"st-key-shortlist-([a-z0-9-]+)", button_box.get_attribute("class") or "")
    assert key, "the card's shortlist button has no keyed container"
    record_id = key.group(1)

    first.get_by_role("button", name="Add to shortlist").click()

    expect(page).to_have_url(re.compile(rf"[?&]shortlist={re.escape(record_id)}(&|$)"))
    expect(main_area(page).get_by_role("heading", name="Shortlist (1)")).to_be_visible()
    wait_idle(page)
    assert _params(page) == {"shortlist": [record_id]}
    csv_button = page.locator(".st-key-download-bridge-shortlist-csv").get_by_role("button")
    with page.expect_download() as info:
        csv_button.click()
    download = info.value
    assert download.suggested_filename == "bridge-shortlist.csv"
    with open(download.path(), "rb") as f:
        data = f.read()

    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    assert reader.fieldnames == RECORD_FIELDS
    assert [(r["id"], r["title"]) for r in rows] == [(record_id, title)]


def test_tampered_link_is_dropped_with_a_notice_and_never_runs(page: Page, app_url: str) -> None:
    """Unknown link values are dropped with a plain notice; markup in a link runs nothing."""
    tampered = (
        "/?harm=%3Cimg+src%3Dx+onerror%3Dwindow.__pwned%3D4%3E"
        "&role=%3Cscript%3Ewindow.__pwned%3D5%3C%2Fscript%3E"
        "&text=%3Cimg+src%3Dx+onerror%3D%22window.__pwned%3D6%22%3E"
    )
    open_app(page, app_url + tampered, "resources match")

    notice = main_area(page).get_by_test_id("stAlertContentWarning")
    expect(notice).to_have_text(
        "2 values in this link were not recognised and dropped (harm, role)."
    )
    expect(
        page.get_by_test_id("stSidebar").get_by_role("textbox", name="What are you looking for?")
    ).to_have_value('<img src=x onerror="window.__pwned=6">')
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert main_area(page).locator("img").count() == 0
    assert "harm" not in _params(page)
    assert "role" not in _params(page)


def test_find_path_opens_with_the_text_and_cards_link_out(page: Page, app_url: str) -> None:
    """/find?text=… opens Find resources (no "Page not found"), the text filled in; each
    card's title is a link to the record's page that opens in a new tab."""
    open_app(page, app_url + "/find?text=sextortion", "match your words")
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(main_area(page).get_by_role("heading", level=1)).to_have_text("Find resources")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("textbox", name="What are you looking for?")).to_have_value(
        "sextortion"
    )
    heading = result_cards(page).first.get_by_role("heading").first
    title = heading.get_by_role("link", name=heading.inner_text(), exact=True)
    expect(title).to_have_attribute("href", re.compile(r"^https?://"))
    expect(title).to_have_attribute("target", "_blank")


def test_the_compact_list_is_remembered_in_the_link(page: Page, app_url: str) -> None:
    """Choosing "Compact list" writes layout=list and shows one line per result; the link
    reopens the list."""
    open_app(page, app_url + "/?harm=sextortion", "resources match")
    shown = result_cards(page).count()
    main_area(page).get_by_test_id("stButtonGroup").get_by_text("Compact list").click()
    expect(page).to_have_url(re.compile(r"[?&]layout=list(&|$)"))
    wait_idle(page)
    expect(result_cards(page)).to_have_count(0)
    items = main_area(page).locator("li").filter(has=page.get_by_role("link"))
    expect(items).to_have_count(shown)
    open_app(page, page.url, "resources match")
    expect(items).to_have_count(shown)
    expect(result_cards(page)).to_have_count(0)
