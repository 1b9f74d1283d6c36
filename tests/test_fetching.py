"""The one fetcher against a local server: answers, redirects hop by hop, the size cap, the
timeout, loops, and the app's refusal of private, loopback and link-local addresses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from webserver import REPORT_PAGE, serving

from bridge.web.fetching import (
    Fetched,
    FetchFailed,
    FetchPolicy,
    FetchRefused,
    Hop,
    checked_url,
    fetch,
    is_public,
)

LOCAL = FetchPolicy(allow_private=True, timeout=0.5)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving() as base:
        yield base


def test_a_page_is_fetched_whole(site: str) -> None:
    assert fetch(f"{site}/report", policy=LOCAL) == Fetched(
        url=f"{site}/report",
        final_url=f"{site}/report",
        status=200,
        reason="OK",
        content_type="text/html; charset=utf-8",
        body=REPORT_PAGE.encode(),
        redirects=(),
    )


def test_redirects_are_followed_and_each_hop_kept(site: str) -> None:
    """A permanent redirect says the page moved; a temporary one does not."""
    moved = fetch(f"{site}/old", policy=LOCAL, method="HEAD", read_body=False)
    assert (moved.final_url, moved.status, moved.redirects, moved.body) == (
        f"{site}/report",
        200,
        (Hop(f"{site}/old", 301),),
        b"",
    )
    assert moved.moved_permanently
    for_now = fetch(f"{site}/for-now", policy=LOCAL)
    assert (for_now.redirects, for_now.moved_permanently) == ((Hop(f"{site}/for-now", 302),), False)


def test_an_error_status_is_an_answer_not_an_exception(site: str) -> None:
    assert [fetch(f"{site}{p}", policy=LOCAL).status for p in ("/missing", "/broken")] == [404, 500]


@pytest.mark.parametrize(
    ("path", "policy", "kind", "message"),
    [
        ("/huge", LOCAL, "too-large", "the page is larger than 5,000,000 bytes"),
        ("/slow", LOCAL, "timeout", "no answer within 0.5 s"),
        (
            "/old",
            FetchPolicy(allow_private=True, max_redirects=0),
            "redirects",
            "more than 0 redirects from {site}/old",
        ),
        (
            "/loop-a",
            LOCAL,
            "loop",
            "redirect loop: {site}/loop-a -> {site}/loop-b -> {site}/loop-a",
        ),
        (
            "/report",
            FetchPolicy(allow_private=True, max_bytes=100),
            "too-large",
            "the page is larger than 100 bytes",
        ),
    ],
)
def test_fetches_that_cannot_finish_say_why(
    site: str, path: str, policy: FetchPolicy, kind: str, message: str
) -> None:
    with pytest.raises(FetchFailed) as failed:
        fetch(f"{site}{path}", policy=policy)
    assert (failed.value.kind, str(failed.value)) == (kind, message.format(site=site))


def test_a_host_that_does_not_resolve_is_a_dns_failure() -> None:
    with pytest.raises(FetchFailed) as failed:
        fetch("http://no-such-host.invalid/page", policy=LOCAL)
    assert (failed.value.kind, str(failed.value)) == (
        "dns",
        "the host name 'no-such-host.invalid' does not resolve",
    )


def test_the_apps_policy_refuses_the_local_server(site: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        fetch(f"{site}/report", policy=FetchPolicy())
    assert str(refused.value) == (
        "127.0.0.1 is a private, loopback or link-local address (127.0.0.1); only public pages "
        "are fetched here"
    )


def test_a_redirect_to_another_scheme_is_refused_at_its_hop(site: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        fetch(f"{site}/to-ftp", policy=LOCAL)
    assert str(refused.value) == (
        "only http and https addresses are fetched, not ftp: ('ftp://files.example.org/report')"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "javascript:alert(1)",
            "only http and https addresses are fetched, not javascript: ('javascript:alert(1)')",
        ),
        (
            "file:///etc/passwd",
            "only http and https addresses are fetched, not file: ('file:///etc/passwd')",
        ),
        (
            "example.org/page",
            "only http and https addresses are fetched, not no scheme ('example.org/page')",
        ),
        ("https:///no-host", "'https:///no-host' names no host"),
    ],
)
def test_only_http_and_https_addresses_with_a_host_are_fetched(url: str, message: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        checked_url(url)
    assert str(refused.value) == message


def test_public_addresses_are_told_from_the_others() -> None:
    addresses = [
        "93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946",  # public
        "127.0.0.1", "::1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
        "fe80::1", "fc00::1", "0.0.0.0", "224.0.0.1", "100.64.0.1", "240.0.0.1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    ]  # fmt: skip
    assert [a for a in addresses if is_public(a)] == [
        "93.184.216.34",
        "2606:2800:220:1:248:1893:25c8:1946",
    ]
