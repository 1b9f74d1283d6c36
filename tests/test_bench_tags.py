"""bench/tags.py: the words' suggestions scored against the records' own tags, and the
report that sets them beside the learnt ones."""

from __future__ import annotations

from engine_world import resource, world

from bench.tags import from_words, report
from bridge.engine.learnt import FieldScore
from bridge.taxonomy import Taxonomy


def test_the_words_suggestions_are_scored_against_each_record_s_tags(
    taxonomy: Taxonomy,
) -> None:
    """'grooming' names the record's harm (right); 'teachers' names the educator role the
    record lacks (wrong), and its researcher role goes unnamed."""
    record = resource(
        "grooming-study",
        "Grooming seen by teachers",
        roles=("researcher",),
        harms=("grooming",),
    )
    assert from_words(world(taxonomy, (record,))) == (
        FieldScore("harms", precision=1.0, recall=1.0, suggested=1, tagged=1),
        FieldScore("roles", precision=0.0, recall=0.0, suggested=1, tagged=1),
    )


def test_the_report_has_a_row_per_learnt_field(taxonomy: Taxonomy) -> None:
    records = tuple(
        resource(f"r-{n}", f"Grooming {n}" if n % 2 else f"Sextortion {n}",
                 harms=("grooming",) if n % 2 else ("sextortion",))
        for n in range(6)
    )  # fmt: skip
    rows = [line for line in report(world(taxonomy, records), 3).splitlines() if line[:2] == "| "]
    assert [row.split(" | ")[0] for row in rows] == [
        "| field",
        "| ---",
        "| kind",
        "| harms",
        "| roles",
    ]
