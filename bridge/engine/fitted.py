"""What an engine is made of: the text index, the facet arrays and each record's term counts.
Made once by fitting a catalogue, or read back from a stored copy; only read after."""

from __future__ import annotations

from dataclasses import dataclass

from bridge.engine.facets import FacetIndex
from bridge.engine.index import Index, Postings


@dataclass(frozen=True, slots=True)
class Fitted:
    """The parts of an engine for one catalogue."""

    index: Index
    facets: FacetIndex
    counts: Postings  # field-weighted term counts, a row per record: the organisations' index
    # adds them up for each organisation's resources
