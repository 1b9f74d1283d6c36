"""The words search ignores: scikit-learn's English stop words, less words that carry meaning
in this field. Read when an index is fitted; a fitted index keeps its own copy."""

from __future__ import annotations

from functools import cache

_KEPT = {
    "system",
    "interest",
    "find",
    "call",
    "fire",
    "bill",
    "un",
    "detail",
    "describe",
    "move",
    "together",
    "first",
    "full",
    "top",
    "back",
    "front",
    "side",
    "amount",
}


@cache
def stop_words() -> frozenset[str]:
    """The stop words of a new index."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) - _KEPT
