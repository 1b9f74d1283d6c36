"""Why a record or an organisation ranks where it does, in one line of plain words: the
reasons the engine recorded as it scored, joined."""

from __future__ import annotations

from bridge.engine.contacts import ContactMatch
from bridge.engine.rank import Match


def why_summary(match: Match) -> str:
    """The reasons of a match in one line of plain words."""
    return "; ".join(reason.text for reason in match.why) or "newest first"


def contact_why(match: ContactMatch) -> str:
    """The reasons an organisation ranks where it does, in one line."""
    return "; ".join(r.text for r in match.why) or "listed by name"
