"""Checking the catalogue's links: every record's `url`, `contact` page and source URLs,
each found with its file and line; each address asked with HEAD, then GET where HEAD is
refused; redirects followed and reported; a few requests at a time and at most two to one
host; results kept with their date in `<catalogue>/link-checks.json`, so a later run can
skip what was checked recently and the app can say when a link last worked.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bridge.catalogue.location import catalogue_files
from bridge.catalogue.recordfiles import RawRecord, read_records
from bridge.web.checks import LinkCheck, Verdict
from bridge.web.fetching import Fetched, FetchFailed, FetchPolicy, FetchRefused, fetch

PER_HOST = 2
REPORTED: tuple[Verdict, ...] = ("dead", "moved", "slow")
_DEAD_KINDS = {
    "dns": "the host name does not resolve",
    "connect": "cannot connect",
    "loop": "redirect loop",
    "redirects": "too many redirects",
    "protocol": "broken answer",
}


@dataclass(frozen=True, slots=True)
class LinkPlace:
    """Where a link is written: file, line and field of a record."""

    file: str
    line: int | None
    field: str  # url, contact, sources[2].url
    url: str


def catalogue_links(root: Path) -> tuple[LinkPlace, ...]:
    """Every web link of every record file under `root`, valid or not, with its place."""
    places: list[LinkPlace] = []
    for path in catalogue_files(root):
        records, _ = read_records(path, str(path))
        for raw in records:
            places.extend(_links_of(raw))
    return tuple(places)


def _links_of(raw: RawRecord) -> Iterator[LinkPlace]:
    data = raw.data if isinstance(raw.data, dict) else {}
    for field in ("url", "contact"):
        if _is_web(data.get(field)):
            yield LinkPlace(raw.file, raw.line_of((field,)), field, data[field].strip())
    sources = data.get("sources")
    for number, source in enumerate(sources if isinstance(sources, list) else ()):
        if isinstance(source, dict) and _is_web(source.get("url")):
            line = raw.line_of(("sources", number, "url"))
            yield LinkPlace(raw.file, line, f"sources[{number}].url", source["url"].strip())


def _is_web(value: object) -> bool:
    return isinstance(value, str) and urlsplit(value.strip()).scheme.lower() in ("http", "https")


def check_link(url: str, *, policy: FetchPolicy, now: Callable[[], dt.datetime]) -> LinkCheck:
    """One link checked: HEAD, then GET when HEAD gets an error status (some servers refuse
    or mishandle HEAD); the body is never read."""
    try:
        answer = fetch(url, policy=policy, method="HEAD", read_body=False)
        if answer.status >= 400:
            answer = fetch(url, policy=policy, method="GET", read_body=False)
    except FetchRefused as error:
        return LinkCheck(url, "dead", str(error), _stamp(now))
    except FetchFailed as error:
        if error.kind == "timeout":
            return LinkCheck(url, "slow", f"no answer within {policy.timeout:g} s", _stamp(now))
        return LinkCheck(url, "dead", _DEAD_KINDS.get(error.kind, str(error)), _stamp(now))
    return _judged(answer, _stamp(now))


def _judged(answer: Fetched, checked: str) -> LinkCheck:
    status = answer.status
    if status >= 400:
        detail = f"{status} {answer.reason}".rstrip()
        return LinkCheck(answer.url, "dead", detail, checked, status)
    if answer.moved_permanently:
        first = answer.redirects[0].status
        detail = f"permanent redirect {first}"
        return LinkCheck(answer.url, "moved", detail, checked, status, answer.final_url)
    if answer.redirects:
        first = answer.redirects[0].status
        detail = f"temporary redirect {first}"
        return LinkCheck(answer.url, "redirected", detail, checked, status, answer.final_url)
    return LinkCheck(answer.url, "ok", "", checked, status)


def _stamp(now: Callable[[], dt.datetime]) -> str:
    return now().astimezone(dt.UTC).isoformat(timespec="seconds")


class _HostGate:
    """At most `limit` requests at once to any one host."""

    def __init__(self, limit: int) -> None:
        self.limit, self.lock = limit, threading.Lock()
        self.hosts: dict[str, threading.BoundedSemaphore] = {}

    def of(self, url: str) -> threading.BoundedSemaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self.lock:
            return self.hosts.setdefault(host, threading.BoundedSemaphore(self.limit))


def check_links(
    urls: Iterable[str],
    *,
    policy: FetchPolicy,
    concurrency: int = 8,
    per_host: int = PER_HOST,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> dict[str, LinkCheck]:
    """Each distinct URL checked once, `concurrency` at a time, at most `per_host` to one
    host at a time; hosts interleaved so no host waits behind another."""
    gate = _HostGate(per_host)

    def checked(url: str) -> LinkCheck:
        with gate.of(url):
            return check_link(url, policy=policy, now=now)

    ordered = _interleaved(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return dict(zip(ordered, pool.map(checked, ordered), strict=True))


def _interleaved(urls: Iterable[str]) -> list[str]:
    """URLs ordered round-robin by host: one of each host, then the second of each, ..."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault((urlsplit(url).hostname or "").lower(), []).append(url)
    rounds = max((len(v) for v in by_host.values()), default=0)
    return [group[n] for n in range(rounds) for group in by_host.values() if n < len(group)]


def due(
    urls: Iterable[str],
    previous: Mapping[str, LinkCheck],
    *,
    max_age_days: float | None,
    now: dt.datetime,
) -> tuple[list[str], dict[str, LinkCheck]]:
    """The URLs to check now, and the earlier results kept for the others (checked less
    than `max_age_days` ago; None checks every URL)."""
    to_check: list[str] = []
    kept: dict[str, LinkCheck] = {}
    for url in dict.fromkeys(urls):
        earlier = previous.get(url)
        if (
            earlier is not None
            and max_age_days is not None
            and _age_days(earlier, now) < max_age_days
        ):
            kept[url] = earlier
        else:
            to_check.append(url)
    return to_check, kept


def _age_days(check: LinkCheck, now: dt.datetime) -> float:
    try:
        when = dt.datetime.fromisoformat(check.checked)
    except ValueError:
        return float("inf")
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return (now - when).total_seconds() / 86400


def report_lines(
    places: Iterable[LinkPlace], checks: Mapping[str, LinkCheck], *, earlier: Iterable[str] = ()
) -> list[str]:
    """`file:line: url: what happened` for each place whose link is dead, moved or slow; a
    result kept from an earlier run says when it was found."""
    from_before = set(earlier)
    lines = []
    for place in sorted(places, key=lambda p: (p.file, p.line or 0, p.field)):
        check = checks.get(place.url)
        if check is None or check.verdict not in REPORTED:
            continue
        where = place.file if place.line is None else f"{place.file}:{place.line}"
        when = f" (as checked {check.day})" if place.url in from_before else ""
        lines.append(f"{where}: {place.url}: {check.what_happened}{when}")
    return lines
