"""Running the app's pages in Streamlit's AppTest and reading what they show, shared by the
page tests."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

MARKDOWN_KINDS = ("markdown", "caption", "title", "header", "subheader")
ALERT_KINDS = ("info", "warning", "error", "success")


def rerun(at: AppTest) -> AppTest:
    """Run the script again; it must not raise."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def opened(at: AppTest, params: dict[str, str | list[str]] | None = None) -> AppTest:
    """The script run once, opened with these query parameters; it must not raise."""
    for name, value in (params or {}).items():
        at.query_params[name] = value
    return rerun(at)


def url(at: AppTest) -> dict[str, list[str]]:
    """The query parameters the script has written, each as a list of values."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def page_headings(at: AppTest) -> list[str]:
    """The page's section headings (h2), without the sidebar's."""
    return [h.value for h in at.main.header]
