"""bridge/quality/baseline.py: plain Okapi BM25 over each record's title, organisation, tags
and summary, checked against scores worked by hand on three literal records."""

from __future__ import annotations

import math

import pytest
from engine_world import RECORDS, world

from bridge.model import Catalogue, Citation, Organisation, Query, Resource
from bridge.quality.baseline import BM25
from bridge.taxonomy import Taxonomy

ACME = Organisation("acme", "Acme", "civil-society", "Imaginary.", sources=(Citation("test"),))


def record(rid: str, title: str, summary: str) -> Resource:
    """A record whose only text is its title, 'Acme', the kind label 'Research' and summary."""
    return Resource(rid, "research", title, summary, "acme", sources=(Citation("test"),))


THREE = (
    record("a", "Hotline hotline reports", "reports"),
    record("b", "Hotline reports", "reports from schools across many regions"),
    record("c", "School reports", "reports"),
)
# Their terms counted by hand (stemmed; 'from', 'across' and 'many' are stop words).
COUNTS = {
    "a": {"hotline": 2, "report": 2, "acme": 1, "research": 1},
    "b": {"hotline": 1, "report": 2, "acme": 1, "research": 1, "school": 1, "region": 1},
    "c": {"school": 1, "report": 2, "acme": 1, "research": 1},
}


def by_hand(query: list[str], k1: float = 1.5, b: float = 0.75) -> dict[str, float]:
    """Okapi BM25 of each record from the counts above: idf = ln(1 + (n - df + .5)/(df + .5)),
    tf part = tf (k1 + 1) / (tf + k1 (1 - b + b length / mean length))."""
    lengths = {rid: sum(c.values()) for rid, c in COUNTS.items()}  # 6, 7, 5
    mean = sum(lengths.values()) / len(lengths)
    scores = {}
    for rid, counts in COUNTS.items():
        score = 0.0
        for term in query:
            df = sum(term in c for c in COUNTS.values())
            idf = math.log(1 + (len(COUNTS) - df + 0.5) / (df + 0.5))
            tf = counts.get(term, 0)
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[rid] / mean))
        scores[rid] = score
    return scores


def hand_order(query: list[str]) -> list[str]:
    """The records with a score, best first, ties by id."""
    scores = by_hand(query)
    return sorted((r for r in scores if scores[r] > 0), key=lambda r: (-scores[r], r))


@pytest.fixture(scope="module")
def three(taxonomy: Taxonomy) -> BM25:
    return BM25(Catalogue(THREE, (ACME,), taxonomy))


def ranked(bm25: BM25, query: Query | str) -> list[str]:
    """The ids BM25 ranks for a query (or for text alone)."""
    query = Query(text=query) if isinstance(query, str) else query
    return [r.id for r in bm25.rank(query)]


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("hotline", ["a", "b"]),  # twice in a shorter record beats once in a longer one
        ("school", ["c", "b"]),  # once each: the shorter record first
        ("report", ["c", "a", "b"]),  # twice in every record: by length alone
        ("hotline school", ["b", "a", "c"]),  # both terms beat either one
    ],
)
def test_the_ranking_is_the_hand_worked_order(three: BM25, text: str, order: list[str]) -> None:
    """Each query's order is the one its hand-worked BM25 scores give."""
    assert hand_order(text.split()) == order
    assert ranked(three, text) == order


def test_query_words_are_stemmed_as_the_records_are(three: BM25) -> None:
    """'Reports' and 'SCHOOLS' find the records that say 'report' and 'school'."""
    assert ranked(three, "Reports SCHOOLS") == ranked(three, "report school")


def test_the_hand_worked_scores_of_two_terms() -> None:
    """The scores behind 'hotline school': b 1.861, a 1.429, c 1.081 (idf of each term
    ln(1 + 1.5/2.5))."""
    idf = math.log(1.6)
    assert by_hand(["hotline", "school"]) == pytest.approx(
        {"a": idf * 5 / 3.5, "b": idf * 2 * 2.5 / 2.6875, "c": idf * 2.5 / 2.3125}, abs=1e-12
    )


def test_a_rare_term_outweighs_a_common_one(three: BM25) -> None:
    """'region report': region is in one record, report in all three; b holds the rare one."""
    assert ranked(three, "region report") == ["b", "c", "a"] == hand_order(["region", "report"])


def test_words_no_record_holds_or_stop_words_only_rank_nothing(three: BM25) -> None:
    """No known term in the query, or only stop words: an empty ranking."""
    assert (ranked(three, "zebra"), ranked(three, "the of and"), ranked(three, "")) == ([], [], [])


def test_top_cuts_the_ranking(three: BM25) -> None:
    assert [r.id for r in three.rank(Query(text="reports"), top=2)] == ["c", "a"]


def test_ties_break_by_id(taxonomy: Taxonomy) -> None:
    """Records of the same text score the same and come in id order."""
    twins = tuple(record(rid, "Twin title", "twin") for rid in ("y", "x", "z"))
    assert ranked(BM25(Catalogue(twins, (ACME,), taxonomy)), "twin") == ["x", "y", "z"]


def test_filters_roles_and_synonyms_play_no_part(taxonomy: Taxonomy) -> None:
    """BM25 reads only the words: facet filters and roles change nothing, and a synonym the
    engine would expand ('enticement' for grooming) finds nothing."""
    bm25 = BM25(world(taxonomy, RECORDS))
    plain = ranked(bm25, "grooming teenagers")
    assert plain == ["grooming-study"]
    assert ranked(bm25, Query(text="grooming teenagers", harms=("csam",), role="parent")) == plain
    assert ranked(bm25, "enticement") == []
