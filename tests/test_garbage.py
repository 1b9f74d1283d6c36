"""bridge/garbage.py: the collector paused for the length of a stage, and left as it was."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from bridge.garbage import collector_paused


@pytest.fixture
def enabled() -> Iterator[None]:
    """The collector running for the test, and left as it was found, whatever the test did
    to it (the suite runs in any order, and on several workers)."""
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_paused_inside_and_running_after(enabled: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_stages_resume_it_only_when_the_outer_one_ends(enabled: None) -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failing_stage_resumes_it(enabled: None) -> None:
    with pytest.raises(ZeroDivisionError), collector_paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused(enabled: None) -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_stages_in_two_threads_resume_it_when_the_last_ends(enabled: None) -> None:
    """One thread's stage ending while another's runs leaves the collector paused."""
    inside, leave = threading.Event(), threading.Event()

    def stage() -> None:
        with collector_paused():
            inside.set()
            leave.wait(5)

    other = threading.Thread(target=stage)
    with collector_paused():
        other.start()
        inside.wait(5)
    assert not gc.isenabled()
    leave.set()
    other.join(5)
    assert gc.isenabled()


class Node:
    """An object that can hold a reference to itself."""

    me: object = None


def test_what_a_stage_made_is_old_after_it_and_a_cycle_there_is_still_freed(
    enabled: None,
) -> None:
    """The objects made during the stages are in the oldest generation when the last one
    ends, not scanned as young ones; a full collection frees a cycle made among them."""
    with collector_paused():
        made = [[index] for index in range(1000)]
        cycle = Node()
        cycle.me = cycle
        freed = weakref.ref(cycle)
        del cycle
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in [made, *made])
    gc.collect()
    assert freed() is None
