"""How often a session may submit (bridge.submissions.limits): five an hour, counted from
the session's own submission times."""

from __future__ import annotations

from bridge.submissions.limits import HOUR, PER_HOUR, may_submit, recent, wait_seconds

NOW = 100_000.0


def test_five_an_hour() -> None:
    times = [NOW - 60 * n for n in range(PER_HOUR)]
    assert PER_HOUR == 5
    assert may_submit(times[:4], NOW)
    assert not may_submit(times, NOW)


def test_submissions_older_than_an_hour_no_longer_count() -> None:
    times = [NOW - HOUR - 1, NOW - HOUR, NOW - 10, NOW + 5]
    assert recent(times, NOW) == (NOW - 10,)
    assert may_submit([NOW - HOUR] * 10, NOW)


def test_the_wait_is_until_the_oldest_counted_one_leaves_the_hour() -> None:
    times = [NOW - 600, NOW - 500, NOW - 400, NOW - 300, NOW - 200]
    assert wait_seconds(times, NOW) == int(NOW - 600 + HOUR - NOW) + 1 == 3001
    assert wait_seconds(times[1:], NOW) == 0
