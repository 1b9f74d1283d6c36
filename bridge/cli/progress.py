"""Progress of long work on stderr, only when stderr is a terminal (never in pipes, logs or
tests, where the finished line alone is said)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

Progress = Callable[[int, int], None]  # (done, total)


@contextmanager
def terminal_progress(label: str) -> Iterator[Progress | None]:
    """A `progress(done, total)` callback drawing a bar on stderr, or None off a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None
    shown = 0

    def progress(done: int, total: int) -> None:
        nonlocal bar, shown
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - shown)
        shown = done

    try:
        yield progress
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def tell_on_terminal(message: str) -> None:
    """A line on stderr for long work that has no steps to count, only on a terminal."""
    if sys.stderr.isatty():
        click.echo(message, err=True)
