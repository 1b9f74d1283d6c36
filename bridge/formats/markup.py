"""Catalogue text made safe for Markdown renderers: it shows as written, nothing of its own."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape_markdown(text: str) -> str:
    """Text that renders as itself: no links, images, HTML or emphasis of its own."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))


_APP_SPECIALS = re.compile(r"([$:])")


def plain_markdown(text: str) -> str:
    """Text for a Markdown renderer with extensions (maths, emoji and colour directives),
    such as the app's: shown exactly as written, nothing of its own rendered."""
    return _APP_SPECIALS.sub(r"\\\1", escape_markdown(text))
