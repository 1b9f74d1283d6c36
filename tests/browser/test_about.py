"""The About page in a real browser."""

from __future__ import annotations

from appserver import main_area, open_app
from playwright.sync_api import Page, expect

PRINCIPLES = [
    "Building trust and safe spaces for all stakeholders",
    "Rallying around shared objectives",
    "Initiating multidirectional knowledge exchange",
    "Developing a culture of discovery",
    "Generating tailored, curated resources",
    "Elaborating clear standards and legal frameworks",
]


def test_about_page_shows_the_bridge_principles(page: Page, app_url: str) -> None:
    """/about opens the About page with the six BRIDGE principles in order."""
    open_app(page, app_url + "/about", "The BRIDGE principles")

    main = main_area(page)
    expect(main.get_by_role("heading", level=1)).to_have_text("About bridge")
    heading = main.get_by_role("heading", name="The BRIDGE principles")
    expect(heading).to_be_visible()
    principles = main.locator("ul").first.locator("li")
    expect(principles).to_have_text(PRINCIPLES)
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="About")).to_have_attribute(
        "aria-current", "page"
    )
