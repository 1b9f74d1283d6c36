"""The engine: the filters and ranking the README describes on a small literal world."""

from __future__ import annotations

import pytest
from engine_world import RECORDS, resource, world

from bridge.engine.rank import Engine
from bridge.errors import UnknownTerm
from bridge.model import Query
from bridge.taxonomy import Taxonomy


@pytest.fixture(scope="module")
def engine(taxonomy: Taxonomy) -> Engine:
    return Engine(world(taxonomy))


def ids(engine: Engine, query: Query, top: int = 10) -> list[str]:
    return [m.record.id for m in engine.search(query, top=top).matches]


def test_empty_query_returns_everything_newest_first_then_title(engine: Engine) -> None:
    """No text and no facets: every record, newest first, undated last, then by title."""
    results = engine.search(Query(), top=20)
    assert results.total == len(RECORDS)
    assert [m.record.id for m in results.matches] == [
        "sextortion-scams",
        "grooming-study",
        "csam-hotlines",
        "csea-overview",
        "kenya-helplines",
        "asean-plan",
        "parents-guide",
    ]


def test_harm_filter_puts_exact_matches_above_broader_ones(engine: Engine) -> None:
    """--harm sextortion: the sextortion record first, then records tagged the broader csea."""
    results = engine.search(Query(harms=["sextortion"]), top=10)
    assert [m.record.id for m in results.matches] == [
        "sextortion-scams",
        "csea-overview",
        "kenya-helplines",
        "asean-plan",
    ]
    assert results.total == 4
    assert [[r.text for r in m.why] for m in results.matches] == [
        ["harm: sextortion"],
        ["harm: csea, which includes sextortion"],
        ["harm: csea, which includes sextortion"],
        ["harm: csea, which includes sextortion"],
    ]


def test_parent_harm_filter_passes_narrower_records(engine: Engine) -> None:
    """--harm csea passes records tagged with any harm under csea, but not online-harms."""
    found = set(ids(engine, Query(harms=["csea"])))
    assert found == {r.id for r in RECORDS} - {"parents-guide"}


def test_region_filter_follows_the_tree_groups_and_global(engine: Engine) -> None:
    """--region Philippines: the country first, then ASEAN (holding it), then Global."""
    found = ids(engine, Query(regions=["Philippines"]))
    assert found == [
        "sextortion-scams",
        "grooming-study",
        "asean-plan",
        "csea-overview",
        "parents-guide",
    ]


def test_region_filter_by_iso_code_and_alias(engine: Engine) -> None:
    """ISO codes and aliases name the same region as its canonical name."""
    assert ids(engine, Query(regions=["PH"])) == ids(engine, Query(regions=["the philippines"]))


def test_region_filter_on_a_continent_passes_its_countries(engine: Engine) -> None:
    """--region Africa passes the Kenya record and Global ones, not Europe's."""
    assert ids(engine, Query(regions=["Africa"])) == [
        "kenya-helplines",
        "csea-overview",
        "parents-guide",
    ]


def test_or_within_a_facet_and_across_facets(engine: Engine) -> None:
    """Several harms are OR; harm and region together are AND."""
    either = ids(engine, Query(harms=["grooming", "csam"]))
    assert either == [
        "grooming-study",
        "csam-hotlines",
        "csea-overview",
        "kenya-helplines",
        "asean-plan",
    ]  # the two exact matches first, then those tagged csea, which holds both
    both = ids(engine, Query(harms=["csam"], regions=["Kenya"]))
    assert both == ["kenya-helplines", "csea-overview"]  # not csam-hotlines: it is Europe's


def test_role_is_a_preference_and_strict_role_a_filter(engine: Engine) -> None:
    """--role parent ranks parent records first; --strict-role keeps only them."""
    preferred = engine.search(Query(role="parent"), top=20)
    assert preferred.total == len(RECORDS)
    assert [m.record.id for m in preferred.matches][:2] == ["kenya-helplines", "parents-guide"]
    strict = engine.search(Query(role="parent", strict_role=True), top=20)
    assert [m.record.id for m in strict.matches] == ["kenya-helplines", "parents-guide"]


def test_kinds_and_years_are_plain_filters(engine: Engine) -> None:
    """Kind filters by kind; a year range drops records outside it and undated ones."""
    assert ids(engine, Query(kinds=["toolkit"])) == ["csam-hotlines", "parents-guide"]
    found = ids(engine, Query(year_from=2021, year_to=2023))
    assert found == ["grooming-study", "csam-hotlines", "csea-overview"]


def test_text_ranks_the_matching_record_first_and_explains_it(engine: Engine) -> None:
    """Free text finds the record that speaks of it, naming the matched terms."""
    top = engine.search(Query(text="scam centres extorting minors")).matches[0]
    assert top.record.id == "sextortion-scams"
    assert top.terms == ("centre", "minor", "scam", "sextortion")
    assert [(r.kind, r.text) for r in top.why] == [
        ("text", "matches centres, minors, scam, sextortion")
    ]


def test_typos_still_find_their_records(engine: Engine) -> None:
    """'groming' and 'teenegers' find the grooming study; the notice names the correction."""
    results = engine.search(Query(text="groming teenegers"))
    assert results.matches[0].record.id == "grooming-study"
    assert results.notices == (
        "Also searched for close spellings: groming → grooming, teenegers → teenager.",
    )


def test_deprecated_term_is_matched_with_a_notice(engine: Engine) -> None:
    """'child pornography' finds the abuse-material record and names the preferred term."""
    results = engine.search(Query(text="child pornography"))
    assert results.matches[0].record.id == "csam-hotlines"
    assert results.notices == (
        "“child pornography” is an outdated term; the preferred term is “Child sexual abuse "
        "material”. Results for it are included.",
    )


def test_unknown_facet_value_raises_with_suggestions(engine: Engine) -> None:
    """A mistyped harm that is not a known misspelling raises UnknownTerm with a suggestion."""
    with pytest.raises(UnknownTerm) as raised:
        engine.search(Query(harms=["sextorsionn"]))
    assert raised.value.suggestions == ("sextortion", "self-generated", "csea")


def test_no_match_says_which_filter_to_relax(engine: Engine) -> None:
    """Filters nothing passes: total 0, no matches, and a notice naming the filters."""
    results = engine.search(Query(harms=["ai-generated"], kinds=["dataset"]))
    assert (results.total, results.matches) == (0, ())
    assert results.notices == (
        "No records pass these filters; try removing the harm or kind filter.",
    )


def test_top_of_the_list_is_diverse(taxonomy: Taxonomy) -> None:
    """Four equally good records of one organisation do not all come before another's."""
    same = tuple(resource(f"same-{i}", "Grooming prevention study", org="org-a") for i in range(4))
    other = resource("other", "Grooming prevention research", org="org-b")
    engine = Engine(world(taxonomy, (*same, other)))
    results = engine.search(Query(text="grooming prevention"), top=5)
    order = [m.record.id for m in results.matches]
    assert order == ["other", "same-0", "same-1", "same-2", "same-3"]
    scores = [m.score for m in results.matches]
    assert scores == sorted(scores, reverse=True)
    assert [[r.text for r in m.why if r.kind == "diversity"] for m in results.matches] == [
        [],
        [],
        ["1 more from Organisation A ranked above: counts 80%"],
        ["2 more from Organisation A ranked above: counts 64%"],
        ["3 more from Organisation A ranked above: counts 51%"],
    ]
    penalties = [r.points for m in results.matches for r in m.why if r.kind == "diversity"]
    assert [round(p, 3) for p in penalties] == [-0.109, -0.196, -0.265]


def test_ties_break_by_id(taxonomy: Taxonomy) -> None:
    """Records that score the same come in id order."""
    twins = tuple(
        resource(rid, "Identical title", org=f"org-{o}")
        for rid, o in (("b-twin", "a"), ("a-twin", "b"), ("c-twin", "c"))
    )
    engine = Engine(world(taxonomy, twins))
    assert ids(engine, Query(text="identical title")) == ["a-twin", "b-twin", "c-twin"]


def test_long_query_is_cut_with_a_notice(engine: Engine) -> None:
    """A 1 MB query answers, cut to its first characters, and says so."""
    results = engine.search(Query(text="grooming " * 120_000))
    assert results.notices == ("Your text was cut to its first 2000 characters.",)
    assert (results.matched, results.matches[0].record.id) == (1, "grooming-study")


def test_empty_catalogue_answers_with_a_notice(taxonomy: Taxonomy) -> None:
    """An engine over no records returns nothing and explains, never raises."""
    results = Engine(world(taxonomy, ())).search(Query(text="grooming"))
    assert (results.total, results.matched, results.matches, results.notices) == (
        0,
        0,
        (),
        ("The catalogue has no records yet.",),
    )


def test_everyday_words_find_their_equivalents(engine: Engine) -> None:
    """The thesaurus: 'kids' finds a record that only says 'children'."""
    results = engine.search(Query(text="guide for kids"))
    assert results.matches[0].record.id == "parents-guide"
    assert results.matches[0].terms == ("child", "guide")


def test_words_held_only_outside_the_filters_name_the_filter_to_relax(engine: Engine) -> None:
    """'scam' under a toolkit filter: none of the toolkits hold it, one record elsewhere
    does; the notice names the filter, and the toolkits are still listed."""
    results = engine.search(Query(text="scam", kinds=["toolkit"]))
    assert (results.matched, results.total) == (0, 2)
    assert results.notices == (
        "No record that passes your filters matches your words, but 1 record outside your "
        "filters does: try removing the kind filter. Until then the records that pass your "
        "filters are listed.",
    )
    assert [m.record.id for m in results.matches] == ["csam-hotlines", "parents-guide"]


def test_words_no_record_holds_say_so(engine: Engine) -> None:
    """A word the catalogue does not hold: 0 matched, the catalogue listed, a plain notice."""
    results = engine.search(Query(text="quokka"))
    assert (results.matched, results.total) == (0, len(RECORDS))
    assert results.notices == (
        "No record matches your words, so the catalogue is listed instead; try other words "
        "or a synonym.",
    )


def test_a_search_of_stop_words_only_says_to_type_the_subject(engine: Engine) -> None:
    """'the of and': nothing to match, the catalogue listed in its usual order, one notice."""
    results = engine.search(Query(text="the of and"))
    assert results.notices == (
        "Your words are all ones that search ignores (such as 'the' or 'of'): type the "
        "subject, for example 'grooming' or 'helplines'.",
    )
    assert results.matched == results.total == len(RECORDS)
    assert [m.record.id for m in results.matches] == ids(engine, Query())


# Words in most records


def common_world(taxonomy: Taxonomy) -> Engine:
    """Sixty records that all say 'children'; two of them also say 'quokka'."""
    records = tuple(
        resource(f"record-{n:02d}", f"Children record {n}", summary="quokka" if n < 2 else "")
        for n in range(60)
    )
    return Engine(world(taxonomy, records))


def test_a_word_in_most_records_is_named_beside_the_others(taxonomy: Taxonomy) -> None:
    """'children' is in every record: the notice names it as typed and says the order follows
    the other word; the count still counts every record holding a word."""
    results = common_world(taxonomy).search(Query(text="Children and quokkas"))
    assert results.matched == 60
    assert [m.record.id for m in results.matches[:2]] == ["record-00", "record-01"]
    assert results.notices == (
        "'children' is in most records, so nearly every record matches; the order follows "
        "your other words.",
    )


def test_only_common_words_ask_for_a_word_that_sets_the_search_apart(taxonomy: Taxonomy) -> None:
    """All typed words in most records: the notice asks for a telling word."""
    results = common_world(taxonomy).search(Query(text="children"))
    assert results.notices == (
        "'children' is in most records, so nearly every record matches: add a word that sets "
        "your search apart (a harm, a platform, a place).",
    )


def test_a_rare_word_or_a_small_catalogue_gives_no_such_notice(
    engine: Engine, taxonomy: Taxonomy
) -> None:
    """A word in two of sixty records is not common; in a catalogue of seven, shares of
    records say too little to tell."""
    assert common_world(taxonomy).search(Query(text="quokka")).notices == ()
    assert engine.search(Query(text="imaginary")).notices == ()
