"""A workshop's participants as packs need them: each person's row, name, organisation and
job title, and a profile resolved to the taxonomy. `registration` reads them from a
spreadsheet; nothing of a person's contact data is ever part of one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bridge.model import Query
from bridge.workshop.spreadsheets import MAX_BYTES, MAX_ROWS

MAX_PARTICIPANTS = MAX_ROWS
MAX_NAME = 100
MAX_TEXT = 200  # an organisation or a job title
MAX_INTERESTS = 2000
TEMPLATE = (
    "Full name,Organisation,Job title,Country,Which topics are you most interested in?\r\n"
    "Ada Example,Example University,Lecturer in Criminology,Philippines,"
    "links between scam call centres and sextortion\r\n"
    "Ben Example,Example Child Helpline,Helpline Manager,Kenya,"
    "strengthening child helplines to respond to online grooming\r\n"
)
__all__ = [
    "MAX_BYTES",
    "MAX_INTERESTS",
    "MAX_NAME",
    "MAX_PARTICIPANTS",
    "MAX_TEXT",
    "TEMPLATE",
    "Participant",
]


@dataclass(frozen=True, slots=True)
class Participant:
    """One person in the room: their spreadsheet row, name and profile (values resolved),
    and where they work, as they wrote it."""

    row: int
    name: str
    role: str
    harms: tuple[str, ...]
    regions: tuple[str, ...]
    interests: str
    organisation: str = ""
    job_title: str = ""

    @property
    def query(self) -> Query:
        return Query(text=self.interests, role=self.role, harms=self.harms, regions=self.regions)

    @property
    def affiliation(self) -> str:
        """Job title and organisation in one line ("Lecturer, Example University")."""
        return ", ".join(part for part in (self.job_title, self.organisation) if part)


def __getattr__(name: str) -> Any:
    """`read_participants` where earlier versions kept it (it lives in `registration`, which
    needs `Participant` from here, so it is imported on first use)."""
    if name == "read_participants":
        from bridge.workshop.registration import read_participants

        return read_participants
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
