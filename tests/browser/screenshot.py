"""Screenshot of Find resources for a parent's shared link, saved to docs/find-resources.png.

Run with the project's Python: `.venv/bin/python tests/browser/screenshot.py [output.png]`.
It starts the app and Debian's Chromium exactly as the browser tests do.
"""

from __future__ import annotations

import sys
from pathlib import Path

from appserver import (
    NO_CHROMIUM,
    ROOT,
    VIEWPORT,
    chromium_path,
    launch_options,
    open_app,
    result_cards,
    streamlit_app,
)
from playwright.sync_api import sync_playwright

PARENT_LINK = "/?role=parent&text=how+parents+can+protect+their+children+online"
OUTPUT = ROOT / "docs" / "find-resources.png"


def take(output: Path = OUTPUT) -> Path:
    """Serve the app, open the parent link and save a viewport-sized screenshot."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with streamlit_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        try:
            page = browser.new_page(viewport=VIEWPORT)
            open_app(page, url + PARENT_LINK, "resources match")
            if result_cards(page).count() == 0:
                raise RuntimeError("the page shows no result cards; not saving a screenshot")
            page.mouse.move(0, 0)  # no hover highlight in the picture
            page.screenshot(path=str(output))
        finally:
            browser.close()
    return output


def main(argv: list[str]) -> int:
    if chromium_path() is None:
        print(NO_CHROMIUM, file=sys.stderr)
        return 1
    output = Path(argv[1]).resolve() if len(argv) > 1 else OUTPUT
    print(take(output).relative_to(ROOT) if output.is_relative_to(ROOT) else output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
