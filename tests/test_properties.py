"""Invariants of the engine for any catalogue and any query (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

from engine_world import resource, world
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bridge.engine.filters import passes, resolve_filters
from bridge.engine.rank import Engine
from bridge.model import Query, Resource
from bridge.taxonomy import Taxonomy

WORDS = [
    "grooming",
    "helpline",
    "parents",
    "schema",
    "scam",
    "children",
    "online",
    "policy",
    "study",
    "teachers",
    "hotline",
    "sextortion",
    "abuse",
    "material",
    "kenya",
]
HARMS = ["csea", "grooming", "sextortion", "csam", "online-harms", "trafficking"]
REGIONS = [
    "Global",
    "Philippines",
    "Kenya",
    "Africa",
    "Europe",
    "ASEAN",
    "South-eastern Asia",
    "EU",
    "Hungary",
]
ROLES = ["researcher", "parent", "helpline", "policymaker", "trust-safety"]
KINDS = ["research", "toolkit", "programme", "policy"]
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def some(values: list[str], min_size: int = 1) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), min_size=min_size, max_size=3, unique=True).map(tuple)


@st.composite
def records(draw: st.DrawFn) -> tuple[Resource, ...]:
    count = draw(st.integers(min_value=1, max_value=12))
    made = []
    for i in range(count):
        made.append(
            resource(
                f"r{i:02d}",
                " ".join(draw(some(WORDS))),
                org=f"org-{'abcdef'[i % 6]}",
                kind=draw(st.sampled_from(KINDS)),
                year=draw(st.none() | st.integers(2015, 2025)),
                roles=draw(some(ROLES)),
                harms=draw(some(HARMS)),
                regions=draw(some(REGIONS)),
                summary=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=8))),
            )
        )
    return tuple(made)


queries = st.builds(
    Query,
    text=st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join),
    role=st.none() | st.sampled_from(ROLES),
    harms=some(HARMS, 0),
    regions=some(REGIONS, 0),
    kinds=some(KINDS, 0),
    strict_role=st.booleans(),
)


@SETTINGS
@given(records(), queries)
def test_every_result_passes_the_filters_and_scores_never_rise(
    taxonomy: Taxonomy, made: tuple[Resource, ...], query: Query
) -> None:
    """Each match passes every filter; scores are non-increasing; total counts passers."""
    catalogue = world(taxonomy, made)
    results = Engine(catalogue).search(query, top=20)
    filters = resolve_filters(query, taxonomy)
    assert all(passes(m.record, filters, taxonomy) for m in results.matches)
    scores = [m.score for m in results.matches]
    assert scores == sorted(scores, reverse=True)
    assert results.total == sum(passes(r, filters, taxonomy) for r in made)
    assert len(results.matches) == min(results.total, 20)
    everything = Engine(catalogue).search(query, top=len(made))
    assert results.matched == sum(m.matches_words for m in everything.matches) <= results.total


@SETTINGS
@given(records(), queries)
def test_same_query_same_order(
    taxonomy: Taxonomy, made: tuple[Resource, ...], query: Query
) -> None:
    """Two engines over the same records give the same ranking."""
    first = Engine(world(taxonomy, made)).search(query, top=20)
    second = Engine(world(taxonomy, made)).search(query, top=20)
    assert [(m.record.id, m.score) for m in first.matches] == [
        (m.record.id, m.score) for m in second.matches
    ]


@SETTINGS
@given(records(), queries.map(lambda q: replace(q, text="")))
def test_a_record_that_fails_the_filters_never_changes_the_results(
    taxonomy: Taxonomy, made: tuple[Resource, ...], query: Query
) -> None:
    """Adding a record the filters reject leaves the ranking of a facet query unchanged."""
    outsider = resource(
        "zz-outsider",
        "grooming helpline parents",
        kind="dataset",
        year=1999,
        harms=("ai-generated",),
        regions=("Peru",),
    )
    query = replace(query, kinds=("research",))
    before = Engine(world(taxonomy, made)).search(query, top=20)
    after = Engine(world(taxonomy, (*made, outsider))).search(query, top=20)
    assert [(m.record.id, m.score) for m in after.matches] == [
        (m.record.id, m.score) for m in before.matches
    ]
    assert after.total == before.total


@SETTINGS
@given(records(), queries, st.sampled_from(HARMS))
def test_adding_a_harm_value_never_shrinks_the_results(
    taxonomy: Taxonomy, made: tuple[Resource, ...], query: Query, extra: str
) -> None:
    """Values within a facet are OR: one more harm keeps every record that passed."""
    if not query.harms:
        return
    engine = Engine(world(taxonomy, made))
    before = {m.record.id for m in engine.search(query, top=50).matches}
    wider = replace(query, harms=(*query.harms, extra))
    after = {m.record.id for m in engine.search(wider, top=50).matches}
    assert before <= after


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
def test_any_text_answers_without_a_crash(taxonomy: Taxonomy, text: str) -> None:
    """Any Unicode, control characters included, is a valid query."""
    made = (resource("a", "grooming study"), resource("b", "helpline guide", org="org-b"))
    results = Engine(world(taxonomy, made)).search(Query(text=text), top=5)
    assert results.total == 2
