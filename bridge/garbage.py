"""The cyclic garbage collector, paused while a stage makes many objects at once.

Reading a large catalogue, fitting it or reading a stored engine makes millions of small
objects that hold no reference cycles; each collection the allocations trigger would scan
all of them again. When the last stage ends, what was made meanwhile goes straight to the
oldest generation: it is what the stages built, and lives as long, so scanning it as young
objects (twice, as it aged) would find next to nothing; a full collection still frees any
cycle among it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0  # stages inside `collector_paused` now, in every thread
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pauses the collector until the last stage that paused it ends (stages may nest or
    run in several threads); it is left as it was before the first."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.freeze()  # every tracked object to the permanent generation, then
                gc.unfreeze()  # all of it back into the oldest one, none of it scanned
                gc.enable()
