"""The results of link checks as values, and the file that keeps them with their dates:
`<catalogue>/link-checks.json`, one entry per address, sorted, so it diffs well under
version control. It is not a record file: the catalogue's readers leave `.json` files out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from bridge.catalogue.writing import write_atomically
from bridge.errors import SaveFailed

CHECKS_FILE = "link-checks.json"
Verdict = Literal["ok", "redirected", "moved", "dead", "slow"]
VERDICTS: tuple[Verdict, ...] = ("ok", "redirected", "moved", "dead", "slow")


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


def read_link_checks(root: str | Path) -> dict[str, LinkCheck]:
    """The results kept in the catalogue's `link-checks.json`; none when it is missing or
    cannot be read (it is a cache: the next run writes it anew)."""
    try:
        data = json.loads((Path(root) / CHECKS_FILE).read_text(encoding="utf-8"))
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
    if not isinstance(entry, dict) or entry.get("verdict") not in VERDICTS:
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
