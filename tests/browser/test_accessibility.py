"""axe-core on the app's pages: no serious or critical WCAG 2 A/AA violation.

The viewport is stretched to the whole page first: axe only judges colour contrast for what
is inside the viewport, and Streamlit scrolls its main column inside the window.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from appserver import VIEWPORT, open_app, wait_idle
from playwright.sync_api import Page

PARENT_LINK = "/?role=parent&text=how+parents+can+protect+their+children+online"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")
MAX_HEIGHT = 20_000
RUN_AXE = """async (tags) => {
    const options = {runOnly: {type: "tag", values: tags}, elementRef: true};
    const result = await axe.run(document, options);
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({
            target: n.target.join(" "), html: n.html.slice(0, 300),
            summary: n.failureSummary,
            data: n.any.concat(n.all, n.none).map(c => c.data).filter(d => d),
        })),
    }));
}"""
SCROLLERS = ", ".join(
    f'[data-testid="{t}"]' for t in ("stMain", "stAppViewContainer", "stSidebarContent")
)
PAGE_HEIGHT = f"""() => Math.max(document.documentElement.scrollHeight,
    ...[...document.querySelectorAll('{SCROLLERS}')].map(e => e.scrollHeight))"""


def axe_violations(page: Page, axe_js: Path) -> list[dict[str, Any]]:
    """Every axe violation on the whole page, with the viewport as tall as the content."""
    height = min(max(page.evaluate(PAGE_HEIGHT) + 100, VIEWPORT["height"]), MAX_HEIGHT)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    wait_idle(page)
    page.add_script_tag(path=str(axe_js))
    violations = page.evaluate(RUN_AXE, TAGS)
    print(f"axe on {page.url}:\n{json.dumps(violations, indent=1)}")
    return violations


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in BLOCKING]


def test_find_resources_has_no_serious_axe_violations(
    page: Page, app_url: str, axe_js: Path
) -> None:
    """Find resources (the parent link's results) has no serious or critical axe violation,
    and its headings go down one level at a time."""
    open_app(page, app_url + PARENT_LINK, "resources match")

    violations = axe_violations(page, axe_js)
    assert blocking(violations) == []
    assert "heading-order" not in {v["id"] for v in violations}  # h1, h2, card h3s


def test_about_has_no_serious_axe_violations(page: Page, app_url: str, axe_js: Path) -> None:
    """About has no serious or critical axe violation; its headings go down one level at a
    time."""
    open_app(page, app_url + "/about", "The BRIDGE principles")

    violations = axe_violations(page, axe_js)
    assert blocking(violations) == []
    assert "heading-order" not in {v["id"] for v in violations}
