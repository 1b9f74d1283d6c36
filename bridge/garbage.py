"""The cyclic garbage collector, paused while a stage makes many objects at once.

Reading a large catalogue, fitting it or reading a stored engine makes millions of small
objects that hold no reference cycles; each collection the allocations trigger would scan
all of them again. Paused, the stage pays once, when the collector next runs.
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
                gc.enable()
