"""How often one browser session may submit: a few records an hour, counted in the session
itself (nothing about the visitor is stored anywhere)."""

from __future__ import annotations

from collections.abc import Sequence

PER_HOUR = 5
HOUR = 3600.0


def recent(times: Sequence[float], now: float, *, window: float = HOUR) -> tuple[float, ...]:
    """The submission times still inside the window before `now`."""
    return tuple(t for t in times if now - window < t <= now)


def may_submit(times: Sequence[float], now: float, *, limit: int = PER_HOUR) -> bool:
    """Whether one more submission is allowed, given this session's earlier ones."""
    return len(recent(times, now)) < limit


def wait_seconds(times: Sequence[float], now: float, *, limit: int = PER_HOUR) -> int:
    """How long until the next submission is allowed (0 when it is now)."""
    kept = sorted(recent(times, now))
    if len(kept) < limit:
        return 0
    return max(int(kept[len(kept) - limit] + HOUR - now) + 1, 1)
