"""Checking the catalogue's links: every record's `url`, `contact` page and source URLs,
each found with its file and line; each address asked with HEAD, then GET where HEAD is
refused; redirects followed and reported; a few requests at a time and at most two to one
host; results kept with their date in `<catalogue>/link-checks.json`, so a later run can
skip what was checked recently and the app can say when a link last worked.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from bridge.catalogue.location import catalogue_files
from bridge.catalogue.recordfiles import RawRecord, read_records
from bridge.catalogue.writing import write_atomically
from bridge.errors import SaveFailed
from bridge.web.fetching import Fetched, FetchFailed, FetchPolicy, FetchRefused, fetch

CHECKS_FILE = "link-checks.json"
PER_HOST = 2
Verdict = Literal["ok", "redirected", "moved", "dead", "slow"]
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


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """What happened when a link was checked, and when (an ISO time in UTC)."""

    url: str
    verdict: Verdict
    detail: str
    checked: str
    status: int | None = None
    location: str | None = None  # the new address of a moved or redirected link

    @property
    def worked(self) -> bool:
        return self.verdict in ("ok", "redirected", "moved")

    @property
    def day(self) -> str:
        return self.checked[:10]

    @property
    def what_happened(self) -> str:
        """'dead: 404 Not Found', 'moved permanently to https://… (301)', 'slow: …'."""
        if self.verdict == "moved":
            return f"moved permanently to {self.location} ({self.status_of_move})"
        if self.verdict == "redirected":
            return f"redirected to {self.location}"
        return f"{self.verdict}: {self.detail}" if self.detail else self.verdict

    @property
    def status_of_move(self) -> str:
        return self.detail.removeprefix("permanent redirect ")


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


def read_link_checks(root: Path) -> dict[str, LinkCheck]:
    """The results kept in the catalogue's `link-checks.json`; none when it is missing or
    cannot be read (it is a cache: the next run writes it anew)."""
    try:
        data = json.loads((root / CHECKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    entries = data.get("checked") if isinstance(data, dict) else None
    found = {}
    for url, entry in (entries or {}).items() if isinstance(entries, dict) else ():
        check = _from_json(url, entry)
        if check is not None:
            found[url] = check
    return found


def _from_json(url: str, entry: Any) -> LinkCheck | None:
    if not isinstance(entry, dict) or entry.get("verdict") not in (*REPORTED, "ok", "redirected"):
        return None
    status, location = entry.get("status"), entry.get("location")
    return LinkCheck(
        url=url,
        verdict=entry["verdict"],
        detail=str(entry.get("detail", "")),
        checked=str(entry.get("checked", "")),
        status=status if isinstance(status, int) else None,
        location=location if isinstance(location, str) else None,
    )


def link_checks_json(checks: Mapping[str, LinkCheck]) -> str:
    """The results as the file holds them: one entry per URL, sorted, for small diffs."""
    entries = {}
    for url in sorted(checks):
        entry = asdict(checks[url])
        del entry["url"]
        entries[url] = entry
    return json.dumps({"checked": entries}, indent=1, ensure_ascii=False) + "\n"


def write_link_checks(root: Path, checks: Mapping[str, LinkCheck]) -> Path:
    """Keep the results in `<root>/link-checks.json`, replacing the file whole."""
    target = root / CHECKS_FILE
    try:
        write_atomically(target, link_checks_json(checks))
    except OSError as error:
        raise SaveFailed(f"cannot keep the results in {target}: {error.strerror}") from error
    return target
