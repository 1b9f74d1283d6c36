"""The index: TF-IDF text scores against a brute-force computation, and typo correction."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bridge.engine.fitting import TermCounter, counts_of, fit_index, index_of_fields
from bridge.engine.index import TextConfig
from bridge.engine.stopwords import stop_words
from bridge.engine.text import FIELD_NAMES, Fields, terms

FIELDS = [
    Fields(
        "Online grooming study",
        "Safe Lab",
        "Research Online grooming",
        "How offenders groom children online and how parents respond.",
    ),
    Fields(
        "Hotline classification schema",
        "Hotline Network",
        "Toolkit Child sexual abuse material",
        "Hotlines classify abuse material with one schema across jurisdictions.",
    ),
    Fields(
        "Parents guide",
        "Family Org",
        "Toolkit Parent or caregiver",
        "Parents talk with children about online safety and grooming.",
    ),
    Fields(
        "Scam centres and sextortion",
        "Justice Group",
        "Research Sextortion",
        "Scam call centres extort minors; a study of financial sextortion.",
    ),
]
IDS = ["a", "b", "c", "d"]


def brute_force(config: TextConfig, query: str) -> list[float]:
    """Cosine of sublinear, field-weighted, smoothed-idf TF-IDF vectors, computed by hand."""
    docs = []
    for f in FIELDS:
        tf: dict[str, float] = {}
        for name in FIELD_NAMES:
            for t in terms(getattr(f, name), stop_words()):
                tf[t] = tf.get(t, 0.0) + config.weight(name)
        docs.append(tf)
    n = len(docs)
    df = {t: sum(t in d for d in docs) for d in docs for t in d}
    idf = {t: math.log((1 + n) / (1 + df[t])) + 1 for t in df}

    def vector(tf: dict[str, float]) -> dict[str, float]:
        v = {t: (1 + math.log(c)) * idf[t] for t, c in tf.items() if t in idf}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {t: x / norm for t, x in v.items()} if norm else {}

    q: dict[str, float] = {}
    for t in terms(query, stop_words()):
        q[t] = q.get(t, 0.0) + 1
    qv = vector(q)
    return [sum(w * vector(d).get(t, 0.0) for t, w in qv.items()) for d in docs]


@pytest.mark.parametrize(
    "query",
    [
        "grooming parents",
        "hotline schema material",
        "sextortion",
        "online online grooming study children",
    ],
)
def test_text_scores_equal_a_brute_force_computation(query: str) -> None:
    """The postings-based scores are exactly the cosine of hand-computed TF-IDF vectors."""
    config = TextConfig()
    index = index_of_fields(IDS, FIELDS, config=config)
    got = index.text_scores(index.vector([(query, 1.0, False)]))
    assert np.allclose(got, brute_force(config, query), atol=1e-5)


def test_matched_terms_are_the_query_terms_in_the_record() -> None:
    """matched_terms lists exactly the query's terms that the record contains."""
    index = index_of_fields(IDS, FIELDS, config=TextConfig())
    vector = index.vector([("grooming sextortion parents", 1.0, False)])
    assert index.matched_terms(vector, 2) == ("grooming", "parent")
    assert index.matched_terms(vector, 3) == ("sextortion",)


def test_matched_terms_read_from_the_records_own_term_lists_are_the_same() -> None:
    """Searching each record's own terms (the record-major counts) finds what searching the
    terms' postings finds, row by row in the order asked."""
    counter = TermCounter()
    counts = counter.count(FIELDS, TextConfig(), records=len(FIELDS))
    index = fit_index(IDS, counts, counter, config=TextConfig())
    vector = index.vector([("grooming sextortion parents", 1.0, False)])
    expected = [("sextortion",), ("grooming", "parent"), (), ("grooming", "parent")]
    assert index.matched_terms_of(vector, [3, 0, 1, 2]) == expected
    assert index.matched_terms_of(vector, [3, 0, 1, 2], counts=counts_of(counts)) == expected


def test_unknown_words_are_corrected_to_a_close_spelling() -> None:
    """'groming', 'childern' and 'hotlnes' map to index terms; short or far words do not."""
    index = index_of_fields(IDS, FIELDS, config=TextConfig())
    vector = index.vector([("groming childern hotlnes xyzzyq", 1.0, True)])
    assert dict(vector.corrections) == {
        "groming": "grooming",
        "childern": "child",
        "hotlnes": "hotline",
    }


def test_index_of_no_records_or_no_words_answers_with_zeros() -> None:
    """An empty catalogue, or one of stop words only, builds and scores nothing."""
    empty = index_of_fields([], [], config=TextConfig())
    assert empty.text_scores(empty.vector([("grooming", 1.0, True)])).size == 0
    stop = index_of_fields(["x"], [Fields("the", "of", "and", "a")], config=TextConfig())
    assert stop.text_scores(stop.vector([("the grooming", 1.0, True)])).tolist() == [0.0]


def test_the_index_is_read_only() -> None:
    """Fitted arrays cannot be written to: a shared engine stays as it was built."""
    index = index_of_fields(IDS, FIELDS, config=TextConfig())
    with pytest.raises(ValueError):
        index.idf[0] = 1.0


@pytest.mark.parametrize(
    ("typed", "added"),
    [("grooming parents", ""), ("grooming", "hotline material"), ("zzz", "sextortion")],
)
def test_typed_scores_are_the_scores_and_flags_of_scored_rows(typed: str, added: str) -> None:
    """A query's typed words, then what expansion adds: the same scores to the bit as
    scored_rows, and its flags of the records holding a typed word (none kept when every
    word was typed)."""
    index = index_of_fields(IDS, FIELDS, config=TextConfig())
    vector = index.vector([(typed, 1.0, True), (added, 0.5, False)])
    scores, hits = index.typed_scores(vector)
    expected, _, flags = index.scored_rows(vector, track=False)
    assert scores.tobytes() == expected.tobytes()
    assert hits.tolist() == ([] if vector.typed.all() else flags.tolist())


def test_a_seen_spelling_and_a_new_one_of_the_same_term_find_it() -> None:
    """'parents' was seen in a record; 'parent' was not, and finds the same term."""
    index = index_of_fields(IDS, FIELDS, config=TextConfig())
    seen = index.vector([("parents", 1.0, False)])
    new = index.vector([("parent", 1.0, False)])
    assert seen.ids.tolist() == new.ids.tolist() == [index.vocabulary["parent"]]
