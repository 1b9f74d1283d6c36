"""The pictures in docs/: Find resources as cards and as the compact list, Workshop packs
with a registration export's columns, Add a resource started from a reference file, and the
curator's Review page.

Run with the project's Python: `.venv/bin/python tests/browser/screenshot.py [FOLDER]`.
It starts the app and Debian's Chromium exactly as the browser tests do; the Review page is
shown on a copy of the catalogue with a queue of its own, never the real one.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from appserver import (
    NO_CHROMIUM,
    ROOT,
    VIEWPORT,
    chromium_path,
    launch_options,
    main_area,
    open_app,
    result_cards,
    streamlit_app,
    wait_idle,
)
from playwright.sync_api import Page, expect, sync_playwright

import bridge
from bridge.model import record_dict
from bridge.submissions.curators import password_hash

DOCS = ROOT / "docs"
PARENT_LINK = "/?role=parent&text=how+parents+can+talk+to+teenagers+about+sextortion"
REGISTRATION = ROOT / "tests" / "data" / "registration" / "google-forms.csv"
REFERENCES = ROOT / "tests" / "data" / "references"
CURATOR_PASSWORD = "a curator password for the picture"
Shot = Callable[[Page, str], None]


def find_cards(page: Page, url: str) -> None:
    open_app(page, url + PARENT_LINK, "resources match")
    if result_cards(page).count() == 0:
        raise RuntimeError("the page shows no result cards; not saving a screenshot")


def find_list(page: Page, url: str) -> None:
    open_app(page, url + "/find?harm=sextortion&layout=list", "resources match")


def workshop_packs(page: Page, url: str) -> None:
    open_app(page, url + "/packs", "Download a template CSV")
    main_area(page).locator("input[type=file]").set_input_files(REGISTRATION)
    expect(main_area(page).get_by_role("heading", name="Participants")).to_be_visible()
    wait_idle(page)
    main_area(page).get_by_role("heading", name="Columns").scroll_into_view_if_needed()


def add_resource(page: Page, url: str) -> None:
    open_app(page, url + "/add", "Add a resource")
    main = main_area(page)
    main.get_by_role("tab", name="From a reference file").click()
    ris = sorted(REFERENCES.glob("*.ris"))[0]
    main.locator("input[type=file]").set_input_files(ris)
    main.get_by_role("button", name="Fill the form from this reference").click()
    expect(main.get_by_text("The form is filled from")).to_be_visible()
    wait_idle(page)


def review(page: Page, url: str) -> None:
    open_app(page, url + "/review", "Review submissions")
    main = main_area(page)
    main.get_by_label("Curator password").fill(CURATOR_PASSWORD)
    main.get_by_role("button", name="Sign in").click()
    expect(main.get_by_text("waiting.")).to_be_visible()
    wait_idle(page)


def shoot(page: Page, url: str, shot: Shot, output: Path) -> None:
    shot(page, url)
    page.mouse.move(0, 0)  # no hover highlight in the picture
    page.screenshot(path=str(output))
    print(output.relative_to(ROOT) if output.is_relative_to(ROOT) else output)


def review_server(folder: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the catalogue and a queue holding one submitted record, for the Review page."""
    catalogue = folder / "catalogue"
    shutil.copytree(ROOT / "resources", catalogue)
    queue = f"sqlite:///{folder / 'queue.sqlite3'}"
    known = bridge.read_catalogue(catalogue).catalogue
    data = record_dict(next(r for r in known.resources if r.regions and r.harms))
    data |= {"id": "a-submitted-record", "title": "A submitted record waiting for review"}
    data["url"] = None  # its page is another record's
    data = {k: v for k, v in data.items() if v not in (None, [], (), "")}
    resource, problems = bridge.check_record(data, known)
    if resource is None:
        raise RuntimeError(f"the example submission is not valid: {problems}")
    bridge.Queue(queue).submit(resource)
    env = {
        "BRIDGE_DATABASE_URL": queue,
        "BRIDGE_CURATOR_PASSWORD_HASH": password_hash(CURATOR_PASSWORD),
    }
    return catalogue, env


def take(folder: Path = DOCS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shots = {
        "find-resources.png": find_cards,
        "find-compact-list.png": find_list,
        "workshop-packs.png": workshop_packs,
        "add-resource.png": add_resource,
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        try:
            page = browser.new_page(viewport=VIEWPORT)
            with streamlit_app() as url:
                for name, shot in shots.items():
                    shoot(page, url, shot, folder / name)
            with tempfile.TemporaryDirectory() as scratch:
                catalogue, env = review_server(Path(scratch))
                with streamlit_app(catalogue, env) as url:
                    shoot(page, url, review, folder / "review.png")
        finally:
            browser.close()


def main(argv: list[str]) -> int:
    if chromium_path() is None:
        print(NO_CHROMIUM, file=sys.stderr)
        return 1
    take(Path(argv[1]).resolve() if len(argv) > 1 else DOCS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
