"""Link checks: every link found with its place, each kind of answer judged, one request
per address, hosts interleaved, recent results kept, the results file read back, and the
card's note of when a link was last checked."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from literal import TAXONOMY, write_file
from webserver import serving

from bridge.catalogue.reading import read_catalogue
from bridge.formats.cards import resource_card
from bridge.model import Catalogue
from bridge.web.checks import CHECKS_FILE, LinkCheck, read_link_checks, write_link_checks
from bridge.web.fetching import FetchPolicy
from bridge.web.links import (
    LinkPlace,
    _interleaved,
    catalogue_links,
    check_link,
    check_links,
    due,
    report_lines,
)

NOW = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
STAMP = "2026-12-01T09:30:00+00:00"
LOCAL = FetchPolicy(allow_private=True, timeout=0.5)


def by_url(*checks: LinkCheck) -> dict[str, LinkCheck]:
    return {check.url: check for check in checks}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serving() as base:
        yield base


def test_every_link_is_found_with_its_file_line_and_field(tmp_path: Path) -> None:
    """url, contact and source urls of YAML records and table rows; mailto and words are not
    links; the taxonomy and link-checks.json are not records."""
    root = tmp_path / "catalogue"
    shutil.copytree(TAXONOMY, root / "taxonomy")
    org = write_file(
        root / "organisations" / "o.yaml",
        "id: o\nname: O\ncontact: mailto:a@example.org\nurl: https://o.example.org\n"
        "sources:\n  - url: https://o.example.org/about\n    title: About\n  - title: no url\n",
    )
    record = write_file(
        root / "records" / "r.yaml",
        "id: r\ncontact: https://r.example.org/contact\nsource: words only\n"
        "sources:\n  - title: T\n    url: https://r.example.org/page\n",
    )
    table = write_file(
        root / "more.csv",
        'id,url,sources\nt1,https://t.example.org/1,"[{""url"": ""https://t.example.org/s""}]"\n'
        "t2,javascript:alert(1),\n",
    )
    write_file(root / CHECKS_FILE, '{"checked": {}}')
    assert catalogue_links(root) == (
        LinkPlace(str(table), 2, "url", "https://t.example.org/1"),
        LinkPlace(str(table), 2, "sources[0].url", "https://t.example.org/s"),
        LinkPlace(str(org), 4, "url", "https://o.example.org"),
        LinkPlace(str(org), 6, "sources[0].url", "https://o.example.org/about"),
        LinkPlace(str(record), 2, "contact", "https://r.example.org/contact"),
        LinkPlace(str(record), 6, "sources[0].url", "https://r.example.org/page"),
    )


@pytest.mark.parametrize(
    ("path", "verdict", "detail", "status", "location"),
    [
        ("/ok", "ok", "", 200, None),
        ("/old", "moved", "permanent redirect 301", 200, "/report"),
        ("/for-now", "redirected", "temporary redirect 302", 200, "/ok"),
        ("/missing", "dead", "404 Not Found", 404, None),
        ("/broken", "dead", "500 Internal Server Error", 500, None),
        ("/no-head", "ok", "", 200, None),
        ("/slow", "slow", "no answer within 0.5 s", None, None),
        ("/huge", "ok", "", 200, None),  # the body is never read
        ("/loop-a", "dead", "redirect loop", None, None),
    ],
)
def test_each_kind_of_answer_is_judged(
    site: str, path: str, verdict: str, detail: str, status: int | None, location: str | None
) -> None:
    assert check_link(f"{site}{path}", policy=LOCAL, now=lambda: NOW) == LinkCheck(
        f"{site}{path}",
        verdict,  # type: ignore[arg-type]
        detail,
        STAMP,
        status,
        f"{site}{location}" if location else None,
    )


def test_a_host_that_does_not_resolve_is_dead() -> None:
    check = check_link("http://no-such-host.invalid/", policy=LOCAL, now=lambda: NOW)
    assert (check.verdict, check.what_happened) == ("dead", "dead: the host name does not resolve")


def test_each_address_is_checked_once(site: str) -> None:
    urls = [f"{site}/ok", f"{site}/missing", f"{site}/ok"]
    checks = check_links(urls, policy=LOCAL, concurrency=4, now=lambda: NOW)
    assert {u: c.verdict for u, c in checks.items()} == {
        f"{site}/ok": "ok",
        f"{site}/missing": "dead",
    }


def test_hosts_take_turns() -> None:
    urls = ["http://a/1", "http://a/2", "http://a/3", "http://b/1", "http://c/1", "http://b/2"]
    assert _interleaved(urls) == [
        "http://a/1", "http://b/1", "http://c/1", "http://a/2", "http://b/2", "http://a/3",
    ]  # fmt: skip


def test_recent_results_are_kept_and_older_ones_checked_again() -> None:
    previous = by_url(
        LinkCheck("https://a.example.org", "ok", "", "2026-11-30T09:30:00+00:00"),
        LinkCheck("https://b.example.org", "dead", "404 Not Found", "2026-11-01T09:30:00+00:00"),
        LinkCheck("https://c.example.org", "ok", "", "not a time"),
    )
    urls = [
        "https://a.example.org",
        "https://b.example.org",
        "https://c.example.org",
        "https://d.example.org",
    ]
    to_check, kept = due(urls, previous, max_age_days=7, now=NOW)
    assert (to_check, list(kept)) == (urls[1:], ["https://a.example.org"])
    assert due(urls, previous, max_age_days=None, now=NOW) == (urls, {})


def test_the_results_file_reads_back_and_a_broken_one_is_empty(tmp_path: Path) -> None:
    checks = by_url(
        LinkCheck(
            "https://b.example.org", "moved", "permanent redirect 308", STAMP, 200, "https://c"
        ),
        LinkCheck("https://a.example.org", "dead", "404 Not Found", STAMP, 404),
    )
    write_link_checks(tmp_path, checks)
    text = (tmp_path / CHECKS_FILE).read_text(encoding="utf-8")
    assert text.index("https://a.example.org") < text.index("https://b.example.org")
    assert read_link_checks(tmp_path) == checks
    for broken in ("{", '{"checked": []}', '{"checked": {"https://x": {"verdict": "odd"}}}', "[]"):
        (tmp_path / CHECKS_FILE).write_text(broken, encoding="utf-8")
        assert read_link_checks(tmp_path) == {}
    assert read_link_checks(tmp_path / "nowhere") == {}


def test_report_lines_name_the_place_and_what_happened() -> None:
    places = [
        LinkPlace("b.yaml", 9, "sources[0].url", "https://gone.example.org"),
        LinkPlace("a.yaml", 5, "url", "https://moved.example.org"),
        LinkPlace("a.yaml", 3, "url", "https://fine.example.org"),
        LinkPlace("c.csv", None, "url", "https://slow.example.org"),
    ]
    checks = by_url(
        LinkCheck("https://gone.example.org", "dead", "410 Gone", STAMP, 410),
        LinkCheck(
            "https://moved.example.org", "moved", "permanent redirect 308", STAMP, 200,
            "https://new.example.org",
        ),
        LinkCheck("https://fine.example.org", "ok", "", STAMP, 200),
        LinkCheck("https://slow.example.org", "slow", "no answer within 2 s", STAMP),
    )  # fmt: skip
    assert report_lines(places, checks, earlier=["https://gone.example.org"]) == [
        "a.yaml:5: https://moved.example.org: moved permanently to https://new.example.org (308)",
        "b.yaml:9: https://gone.example.org: dead: 410 Gone (as checked 2026-12-01)",
        "c.csv: https://slow.example.org: slow: no answer within 2 s",
    ]


def test_a_card_says_when_its_link_was_checked(catalogue_dir: Path) -> None:
    catalogue: Catalogue = read_catalogue(catalogue_dir).catalogue
    record = next(r for r in catalogue.resources if r.url)
    assert record.url is not None
    notes = [
        resource_card(record, catalogue, checks={record.url: check}).link_checked
        for check in (
            LinkCheck(record.url, "ok", "", STAMP, 200),
            LinkCheck(record.url, "moved", "permanent redirect 301", STAMP, 200, "https://new.example.org"),
            LinkCheck(record.url, "dead", "404 Not Found", STAMP, 404),
        )
    ]  # fmt: skip
    assert notes == [
        "Link checked 2026-12-01: it worked",
        "Link checked 2026-12-01: it worked (it has moved to https://new.example.org)",
        "Link checked 2026-12-01: it failed (404 Not Found)",
    ]
    assert resource_card(record, catalogue).link_checked is None
