"""Text laid out for a terminal: results and contacts share one shape of listing."""

from __future__ import annotations

import textwrap

INDENT = " " * 11  # under the title, past the rank and score


def labelled(label: str, text: str, width: int) -> list[str]:
    """`label: text` wrapped under a result's title, continuation lines under the text;
    broken only at spaces, so an address stays whole for a terminal to open."""
    head = f"{label}: " if label else ""
    return textwrap.wrap(
        head + text,
        width,
        initial_indent=INDENT,
        subsequent_indent=INDENT + " " * len(head),
        break_long_words=False,
        break_on_hyphens=False,
    )


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def counted(number: int, noun: str) -> str:
    """'1 problem', '2 problems': a count with its noun."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
