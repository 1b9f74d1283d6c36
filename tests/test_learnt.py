"""bridge/engine/learnt.py: tags learnt from a literal catalogue's records, suggested for a
new text with their chances, cross-validated; and how they stand beside the suggestions a
text's words name (bridge/web/suggestions.with_learnt)."""

from __future__ import annotations

import pytest
from engine_world import resource, world

from bridge.engine.learnt import FieldScore, LearntTag, cross_validated, fit_tag_model
from bridge.errors import BridgeError
from bridge.model import Catalogue
from bridge.taxonomy import Taxonomy
from bridge.web.suggestions import Suggestion, with_learnt

GROOMING = "quokka chatrooms befriend lonely pupils before meeting them"
CSAM = "wombat hashes flag known pictures uploaded to file lockers"


@pytest.fixture(scope="module")
def tagged(taxonomy: Taxonomy) -> Catalogue:
    """Twelve records: six on grooming (research, for researchers) and six on abuse
    material (toolkits, for Trust & Safety), each told apart by its own words."""
    records = [
        resource(
            f"grooming-{n}",
            f"Quokka study {n}",
            kind="research",
            roles=("researcher",),
            harms=("grooming",),
            summary=GROOMING,
        )
        for n in range(6)
    ] + [
        resource(
            f"material-{n}",
            f"Wombat toolkit {n}",
            kind="toolkit",
            roles=("trust-safety",),
            harms=("csam",),
            summary=CSAM,
        )
        for n in range(6)
    ]
    return world(taxonomy, tuple(records))


def test_a_new_text_is_given_the_tags_of_the_records_like_it(tagged: Catalogue) -> None:
    """A text in the grooming records' words gets their kind, harm and role, each at least
    the threshold and below certainty; none of the other records' tags."""
    found = fit_tag_model(tagged).suggest("A quokka chatrooms report on lonely pupils")
    assert [(t.field, t.value) for t in found] == [
        ("kind", "research"),
        ("harms", "grooming"),
        ("roles", "researcher"),
    ]
    assert all(0.5 <= t.probability < 1 for t in found)


def test_a_text_in_no_record_s_words_is_given_nothing(tagged: Catalogue) -> None:
    assert fit_tag_model(tagged).suggest("entirely unrelated zebra crossings") == ()


def test_a_field_with_one_value_is_not_learnt(taxonomy: Taxonomy) -> None:
    """Every record is research: there is nothing to tell apart, so no kind is suggested."""
    records = tuple(resource(f"r-{n}", f"Quokka {n}", summary=GROOMING) for n in range(4))
    assert fit_tag_model(world(taxonomy, records)).suggest(GROOMING) == ()


@pytest.mark.parametrize("count", [0, 1])
def test_a_catalogue_too_small_to_learn_from_suggests_nothing(
    taxonomy: Taxonomy, count: int
) -> None:
    """No record, or one: no word is in two records, so nothing is learnt, and no error."""
    records = tuple(resource(f"r-{n}", "Quokka", summary=GROOMING) for n in range(count))
    assert fit_tag_model(world(taxonomy, records)).suggest(GROOMING) == ()


def test_cross_validation_scores_each_field_against_the_records_tags(tagged: Catalogue) -> None:
    """Records this clearly apart are suggested their own tags and nothing else."""
    assert cross_validated(tagged, folds=3) == (
        FieldScore("kind", precision=1.0, recall=1.0, suggested=12, tagged=12),
        FieldScore("harms", precision=1.0, recall=1.0, suggested=12, tagged=12),
        FieldScore("roles", precision=1.0, recall=1.0, suggested=12, tagged=12),
    )


@pytest.mark.parametrize(
    ("folds", "says"),
    [
        (1, "cross-validation needs at least two folds, not 1"),
        (13, "cross-validation in 13 folds needs at least 13 records; the catalogue has 12"),
    ],
)
def test_cross_validation_needs_two_folds_and_a_record_per_fold(
    tagged: Catalogue, folds: int, says: str
) -> None:
    with pytest.raises(BridgeError) as raised:
        cross_validated(tagged, folds=folds)
    assert str(raised.value) == says


def test_learnt_chances_stand_beside_the_words() -> None:
    """A value both name keeps its words and gains its chance; one only learnt is added
    after those the words name; the reasons say both."""
    named = (Suggestion("harms", "grooming", (("grooming", 2),)),)
    learnt = (LearntTag("harms", "grooming", 0.8), LearntTag("roles", "researcher", 0.61))
    merged = with_learnt(named, learnt)
    assert merged == (
        Suggestion("harms", "grooming", (("grooming", 2),), learnt=0.8),
        Suggestion("roles", "researcher", learnt=0.61),
    )
    assert [s.because for s in merged] == [
        '"grooming" (2); the tags of records like it: 80%',
        "the tags of records like it: 61%",
    ]
