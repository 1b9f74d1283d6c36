"""The app under a real browser: a Streamlit server on a free local port, Debian's Chromium,
and waits that follow Streamlit's own run state instead of sleeping.

Shared by the browser tests' conftest.py and by screenshot.py, so both drive the app the
same way. Never run `playwright install`: the browser is Debian's `chromium` package.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from playwright.sync_api import Locator, Page

ROOT = Path(__file__).resolve().parents[2]
NO_CHROMIUM = "Debian's chromium is not installed (apt-get install chromium)"
LAUNCH_ARGS = [
    "--no-sandbox",  # the machine runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no calls to Google hosts on a closed network
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}
START_TIMEOUT_S = 90
RUN_TIMEOUT_MS = 90_000  # the first run builds the index; CI machines have two slow cores

# Streamlit marks the app root with its connection and script state (its own e2e tests
# wait on these); the status widget says "Running..." while a script run is under way.
# A finished run can still show skeletons: widgets whose code the browser is still loading
# (React hides the rest of their block meanwhile), so a settled page has none.
IDLE = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    '[data-test-script-state="notRunning"]'
)
SETTLED_JS = """() => {
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const running = status !== null && /Running/i.test(status.textContent || "");
    const busy = '[data-stale="true"], [data-testid="stSkeleton"]';
    return !running && document.querySelector(busy) === null;
}"""


def chromium_path() -> str | None:
    """Debian's Chromium, or None when it is not installed."""
    return shutil.which("chromium")


def launch_options() -> dict[str, object]:
    """Playwright launch options for Debian's Chromium."""
    return {"executable_path": chromium_path(), "args": list(LAUNCH_ARGS)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_app(
    catalogue: Path | None = None, extra: dict[str, str] | None = None
) -> Iterator[str]:
    """`streamlit run app.py` on a free 127.0.0.1 port; yields the base URL.

    With `catalogue`, the app reads that folder (through BRIDGE_CATALOGUE); without it, the
    repository's own `resources/`, whatever the caller's environment says. `extra` adds to
    the server's environment (its queue's database, a curator password hash).
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "BRIDGE_CATALOGUE"}
    if catalogue is not None:
        env["BRIDGE_CATALOGUE"] = str(catalogue)
    env |= extra or {}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(url, proc, log)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"streamlit did not answer {url}/_stcore/health:\n{_tail(log)}")


def _tail(log: IO[bytes]) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-3000:]


def wait_idle(page: Page, timeout: float = RUN_TIMEOUT_MS) -> None:
    """Wait until the app is connected, no script run is going, nothing is stale or loading."""
    page.wait_for_selector(IDLE, state="attached", timeout=timeout)
    page.wait_for_function(SETTLED_JS, timeout=timeout)


def open_app(page: Page, url: str, ready_text: str, timeout: float = RUN_TIMEOUT_MS) -> None:
    """Go to `url` and wait until the page shows `ready_text` and the run has finished."""
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text(ready_text).first.wait_for(state="visible", timeout=timeout)
    wait_idle(page, timeout)


def main_area(page: Page) -> Locator:
    """The page's main column (the sidebar and Streamlit's header left out)."""
    return page.get_by_test_id("stMain")


def result_cards(page: Page) -> Locator:
    """Find resources' result cards: the bordered containers that hold a shortlist button."""
    button = page.get_by_role("button", name=re.compile(r"(Add to|Remove from) shortlist$"))
    return main_area(page).get_by_test_id("stLayoutWrapper").filter(has=button)


def result_count(page: Page) -> Locator:
    """The "N resources match your profile" heading."""
    return main_area(page).get_by_role("heading", name=re.compile(r"^\d+ resources? match"))
