"""Real-browser fixtures: the app served by `streamlit run` (on the repository's catalogue and,
for the hostile-text test, on a catalogue written by the test), Debian's Chromium through
pytest-playwright, and axe-core from npm for the accessibility checks.

Every test in this folder is marked `browser`, and skipped when Debian's chromium is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from appserver import (
    NO_CHROMIUM,
    ROOT,
    RUN_TIMEOUT_MS,
    VIEWPORT,
    chromium_path,
    launch_options,
    streamlit_app,
)
from hostile import RESOURCE_IDS, build_hostile_catalogue
from playwright.sync_api import Page, expect

from bridge import read_catalogue

HERE = Path(__file__).resolve().parent
AXE_DIR = ROOT / ".cache" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
NPM_OPTIONS = ["--no-save", "--no-audit", "--no-fund", "--fetch-retries=1", "--fetch-timeout=60000"]

expect.set_options(timeout=RUN_TIMEOUT_MS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = chromium_path() is None
    for item in items:
        if HERE not in item.path.resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch arguments, pointed at Debian's Chromium."""
    return {**browser_type_launch_args, **launch_options()}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": VIEWPORT, "accept_downloads": True}


@pytest.fixture(autouse=True)
def _patient_page(page: Page) -> Page:
    """Generous timeouts: the first run of a fresh server builds the index."""
    page.set_default_timeout(RUN_TIMEOUT_MS)
    page.set_default_navigation_timeout(RUN_TIMEOUT_MS)
    return page


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app on the repository's own catalogue."""
    with streamlit_app() as url:
        yield url


@pytest.fixture(scope="session")
def hostile_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid catalogue whose titles, summaries and outcomes carry markup and script."""
    folder = build_hostile_catalogue(tmp_path_factory.mktemp("hostile") / "catalogue")
    report = read_catalogue(folder)
    assert report.problems == ()
    assert sorted(r.id for r in report.catalogue.resources) == sorted(RESOURCE_IDS)
    return folder


@pytest.fixture(scope="session")
def hostile_url(hostile_catalogue: Path) -> Iterator[str]:
    """A second server, reading the hostile catalogue through BRIDGE_CATALOGUE."""
    with streamlit_app(hostile_catalogue) as url:
        yield url


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's script, installed from npm into .cache/axe when it is not there yet."""
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("axe-core is not installed and npm is unavailable to install it")
        command = [npm, "install", *NPM_OPTIONS, "--prefix", str(AXE_DIR), "axe-core@4"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=180)
        except subprocess.TimeoutExpired:
            pytest.skip("axe-core is not installed and `npm install axe-core@4` timed out")
        if done.returncode != 0 or not AXE_JS.is_file():
            lines = (done.stderr or done.stdout).strip().splitlines()
            why = "; ".join(line.removeprefix("npm error ") for line in lines[:3])
            pytest.skip(f"axe-core is not installed and `npm install axe-core@4` failed: {why}")
    return AXE_JS
