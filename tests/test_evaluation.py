"""bridge/quality/evaluation.py: nDCG@10 with gain 2^grade - 1, must-see@3, the rank each
judgment is credited at, and the means over profiles."""

from __future__ import annotations

import math

import pytest
from engine_world import resource, world

from bridge.model import Catalogue, Query, Resource
from bridge.quality.evaluation import (
    Evaluation,
    Judgment,
    Profile,
    ProfileScore,
    credited_ranks,
    evaluate,
    ndcg,
)
from bridge.taxonomy import Taxonomy


def in_order(catalogue: Catalogue, *ids: str) -> list[Resource]:
    return [catalogue.resource(i) for i in ids]


def test_ndcg_of_a_hand_computed_ranking() -> None:
    """Grades 2, 1, 1 found at ranks 2, none and 1: DCG = 1/log2(2) + 3/log2(3); the ideal
    puts the gains 3, 1, 1 at ranks 1, 2, 3."""
    dcg = 1 / math.log2(2) + 3 / math.log2(3)
    ideal = 3 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg([2, None, 1], [2, 1, 1]) == pytest.approx(dcg / ideal, abs=1e-9)
    assert ndcg([2, None, 1], [2, 1, 1]) == pytest.approx(0.7002755876, abs=1e-9)


@pytest.mark.parametrize(
    ("ranks", "grades", "expected"),
    [
        ([1, 2, 3], [2, 1, 1], 1.0),  # the ideal order
        ([None, None], [2, 1], 0.0),  # nothing found
        ([3], [1], 1 / math.log2(4)),  # one judgment, found third
        ([11], [2], 0.0),  # found below the cutoff of 10
        ([10], [3], 1 / math.log2(11)),  # found at the cutoff
        ([], [], 0.0),  # no judgments at all
    ],
    ids=str,
)
def test_ndcg_at_its_edges(ranks: list[int | None], grades: list[int], expected: float) -> None:
    """The ideal order scores 1, nothing found 0, a rank past 10 counts nothing."""
    assert ndcg(ranks, grades) == pytest.approx(expected, abs=1e-9)


def test_ndcg_cutoff_is_an_option() -> None:
    """With cutoff 2 a judgment found third counts nothing, and the ideal keeps two gains."""
    ideal = 3 + 1 / math.log2(3)
    assert ndcg([3, 1], [2, 1], cutoff=2) == pytest.approx(1 / ideal, abs=1e-9)


def test_credited_ranks_find_the_first_record_each_pattern_matches(
    literal_catalogue: Catalogue,
) -> None:
    """A pattern is a case-insensitive regular expression over 'title | organisation'; each
    judgment gets the 1-based rank of its first match, or None."""
    ranked = in_order(
        literal_catalogue, "kenya-grooming-event", "grooming-study-ph", "csam-hash-toolkit"
    )
    judgments = [
        Judgment("GROOMING", 2),  # both grooming records: the first one counts
        Judgment(r"Study .* \| Safe Lab", 1),  # title and organisation together
        Judgment("tech alliance test$", 1),  # the organisation's name ends the label
        Judgment("sextortion", 1),  # not among the ranked records
    ]
    assert credited_ranks(ranked, literal_catalogue, judgments) == [1, 2, 3, None]


def test_credited_ranks_of_nothing_ranked_are_none(literal_catalogue: Catalogue) -> None:
    assert credited_ranks([], literal_catalogue, [Judgment("x", 1)]) == [None]


@pytest.fixture(scope="module")
def twelve(taxonomy: Taxonomy) -> Catalogue:
    """Twelve records, 'Record 01' to 'Record 12', more than the cutoff of 10."""
    return world(taxonomy, tuple(resource(f"r{i:02}", f"Record {i:02}") for i in range(1, 13)))


def test_evaluate_scores_the_top_10_of_every_profile(twelve: Catalogue) -> None:
    """One ranker for every profile: nDCG, must-see@3 (grade 2 and above) and the credited
    rank of each judgment; records past the tenth are never credited."""
    everything = list(twelve.resources)
    profiles = [
        Profile(
            "found well",
            Query(text="first"),
            (Judgment("Record 02", 2), Judgment("Record 05", 1), Judgment("Record 12", 1)),
        ),
        Profile("found late", Query(text="second"), (Judgment("Record 04", 2),)),
        Profile("useful only", Query(text="third"), (Judgment("Record 01", 1),)),
    ]
    result = evaluate(profiles, lambda query: everything, twelve)
    ideal = 3 + 1 / math.log2(3) + 1 / math.log2(4)
    assert [(s.name, s.ndcg, s.must_see, s.found) for s in result.scores] == [
        (
            "found well",
            pytest.approx((3 / math.log2(3) + 1 / math.log2(6)) / ideal, abs=1e-9),
            1.0,
            (("Record 02", 2), ("Record 05", 5), ("Record 12", None)),
        ),
        ("found late", pytest.approx(3 / math.log2(5) / 3, abs=1e-9), 0.0, (("Record 04", 4),)),
        ("useful only", 1.0, None, (("Record 01", 1),)),
    ]


def test_the_means_skip_profiles_without_a_must_see() -> None:
    """mean nDCG averages every profile; mean must-see only those with a grade-2 judgment."""
    scores = (
        ProfileScore("a", 1.0, 1.0, ()),
        ProfileScore("b", 0.5, 0.0, ()),
        ProfileScore("c", 0.0, None, ()),
    )
    assert (Evaluation(scores).mean_ndcg, Evaluation(scores).mean_must_see) == (0.5, 0.5)


def test_the_means_of_no_profiles_are_zero() -> None:
    assert (Evaluation(()).mean_ndcg, Evaluation(()).mean_must_see) == (0.0, 0.0)


def test_must_see_is_the_share_of_grade_2_judgments_in_the_top_3(twelve: Catalogue) -> None:
    """Two must-see judgments, one at rank 3 and one at rank 4: must-see 0.5; a grade-3
    judgment counts as must-see too."""
    everything = list(twelve.resources)
    profiles = [
        Profile("half", Query(), (Judgment("Record 03", 2), Judgment("Record 04", 2))),
        Profile("grade 3", Query(), (Judgment("Record 01", 3),)),
    ]
    result = evaluate(profiles, lambda query: everything, twelve)
    assert [s.must_see for s in result.scores] == [0.5, 1.0]


def test_the_ranker_gets_each_profiles_query(twelve: Catalogue) -> None:
    """evaluate asks the ranker once per profile, with that profile's query, in order."""
    asked: list[Query] = []

    def ranker(query: Query) -> list[Resource]:
        asked.append(query)
        return []

    queries = [Query(text="one", role="researcher"), Query(harms=("grooming",))]
    profiles = [Profile(f"p{i}", q, (Judgment("x", 1),)) for i, q in enumerate(queries)]
    result = evaluate(profiles, ranker, twelve)
    assert asked == queries
    assert result == Evaluation(
        (
            ProfileScore("p0", 0.0, None, (("x", None),)),
            ProfileScore("p1", 0.0, None, (("x", None),)),
        )
    )
