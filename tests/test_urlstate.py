"""bridge.urlstate: a link's query parameters to a view and back, every value untrusted."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from literal import ALL_IDS

from bridge.model import Catalogue, Query
from bridge.urlstate import (
    MAX_TEXT_CHARS,
    MAX_VALUE_CHARS,
    MAX_VALUES,
    LinkState,
    parse_params,
    to_params,
)

PARAMS = ("text", "role", "harm", "region", "kind", "year_from", "year_to", "strict_role")
PAYLOAD = "<script>alert(1)</script>"


# Resolving values


@pytest.mark.parametrize(
    ("name", "given", "field", "expected"),
    [
        ("harm", "grooming", "harms", ("grooming",)),
        ("harm", "Online grooming", "harms", ("grooming",)),
        ("harm", "GROOMING", "harms", ("grooming",)),
        ("harm", "child pornography", "harms", ("csam",)),
        ("region", "VN", "regions", ("Vietnam",)),
        ("region", "VNM", "regions", ("Vietnam",)),
        ("region", "704", "regions", ("Vietnam",)),
        ("region", "Viet Nam", "regions", ("Vietnam",)),
        ("region", "Southeast Asia", "regions", ("South-eastern Asia",)),
        ("kind", "Toolkit", "kinds", ("toolkit",)),
        ("role", "Parent or caregiver", "role", "parent"),
        ("role", "parent", "role", "parent"),
    ],
)
def test_values_resolve_by_id_label_alias_and_code(
    literal_catalogue: Catalogue, name: str, given: str, field: str, expected: object
) -> None:
    """Ids, labels, aliases, deprecated terms and ISO/M49 codes resolve to the canonical value."""
    state = parse_params({name: [given]}, literal_catalogue)
    assert getattr(state.query, field) == expected
    assert state.dropped == ()
    assert state.notice is None


def test_every_vocabulary_value_resolves_to_itself(literal_catalogue: Catalogue) -> None:
    """Every id the app can write to a link reads back as the same id (no alias collides)."""
    taxonomy = literal_catalogue.taxonomy
    params = {
        "harm": list(taxonomy.harms.ids),
        "kind": list(taxonomy.kinds.ids),
        "shortlist": list(ALL_IDS),
    }
    state = parse_params(params, literal_catalogue)
    assert state.query.harms == taxonomy.harms.ids
    assert state.query.kinds == taxonomy.kinds.ids
    assert state.shortlist == tuple(ALL_IDS)
    for role in taxonomy.roles.ids:
        assert parse_params({"role": [role]}, literal_catalogue).query.role == role
    names = taxonomy.regions.names
    for start in range(0, len(names), MAX_VALUES):
        chunk = list(names[start : start + MAX_VALUES])
        state = parse_params({"region": chunk}, literal_catalogue)
        assert state.query.regions == tuple(chunk)
        assert state.dropped == ()


def test_repeated_values_are_kept_once_in_order(literal_catalogue: Catalogue) -> None:
    """Repeated parameters give several values, in the link's order, duplicates removed."""
    state = parse_params(
        {"harm": ["sextortion", "grooming", "Sextortion"], "region": ["Kenya", "KE", "Asia"]},
        literal_catalogue,
    )
    assert state.query.harms == ("sextortion", "grooming")
    assert state.query.regions == ("Kenya", "Asia")
    assert state.dropped == ()


def test_role_takes_the_first_value(literal_catalogue: Catalogue) -> None:
    """`role` holds one value: the first of a repeated parameter."""
    state = parse_params({"role": ["educator", "parent"]}, literal_catalogue)
    assert state.query.role == "educator"


def test_no_parameters_give_the_empty_view(literal_catalogue: Catalogue) -> None:
    """An empty link is the default view with nothing dropped."""
    assert parse_params({}, literal_catalogue) == LinkState(Query())


def test_unrelated_parameters_are_ignored(literal_catalogue: Catalogue) -> None:
    """Parameters the view does not own (say, utm_source) are neither used nor reported."""
    state = parse_params({"utm_source": ["x"], "embed": ["true"]}, literal_catalogue)
    assert state == LinkState(Query())


# Dropping values


def test_unknown_values_are_dropped_and_counted_by_parameter(literal_catalogue: Catalogue) -> None:
    """Unknown values are dropped; `dropped` holds the parameter's name once per lost value."""
    state = parse_params(
        {
            "harm": ["grooming", "bogus", "nonsense"],
            "region": ["Narnia"],
            "kind": ["podcast"],
            "role": ["wizard"],
        },
        literal_catalogue,
    )
    assert state.query.harms == ("grooming",)
    assert state.query.regions == ()
    assert state.query.kinds == ()
    assert state.query.role is None
    assert sorted(state.dropped) == ["harm", "harm", "kind", "region", "role"]
    assert state.notice == "5 values in this link were not recognised and dropped " + (
        "(harm, kind, region, role)."
    )


def test_a_single_drop_is_worded_in_the_singular(literal_catalogue: Catalogue) -> None:
    """One dropped value: '1 value in this link was ...'."""
    state = parse_params({"kind": ["podcast"]}, literal_catalogue)
    assert state.notice == "1 value in this link was not recognised and dropped (kind)."


def test_oversized_values_are_dropped_even_when_they_would_resolve(
    literal_catalogue: Catalogue,
) -> None:
    """A value over 100 characters is dropped before it is looked up."""
    long_but_valid = "grooming" + " " * (MAX_VALUE_CHARS + 1 - len("grooming"))
    assert len(long_but_valid) == MAX_VALUE_CHARS + 1
    assert parse_params({"harm": [long_but_valid.strip()]}, literal_catalogue).query.harms == (
        "grooming",
    )
    for name in ("harm", "region", "kind", "role", "shortlist"):
        state = parse_params({name: [long_but_valid]}, literal_catalogue)
        assert state.dropped == (name,), name


def test_values_at_the_length_limit_are_looked_up(literal_catalogue: Catalogue) -> None:
    """A value of exactly 100 characters is still resolved."""
    padded = "grooming".ljust(MAX_VALUE_CHARS)
    state = parse_params({"harm": [padded]}, literal_catalogue)
    assert state.query.harms == ("grooming",)
    assert state.dropped == ()


def test_more_than_the_maximum_number_of_values_counts_the_rest_as_dropped(
    literal_catalogue: Catalogue,
) -> None:
    """Only the first 30 values of a parameter are read; each further one counts as dropped."""
    state = parse_params({"harm": ["grooming"] * (MAX_VALUES + 5)}, literal_catalogue)
    assert state.query.harms == ("grooming",)
    assert state.dropped == ("harm",) * 5


def test_long_text_is_cut_and_reported(literal_catalogue: Catalogue) -> None:
    """Text over 500 characters is cut to its first 500 and `text` is named as dropped."""
    text = "a" * MAX_TEXT_CHARS + "b" * 9_500
    state = parse_params({"text": [text]}, literal_catalogue)
    assert state.query.text == "a" * MAX_TEXT_CHARS
    assert state.dropped == ("text",)
    assert state.notice == "1 value in this link was not recognised and dropped (text)."


def test_text_at_the_limit_is_kept_whole(literal_catalogue: Catalogue) -> None:
    """Text of exactly 500 characters is kept as it is, with no notice."""
    text = "x" * MAX_TEXT_CHARS
    state = parse_params({"text": [text]}, literal_catalogue)
    assert state.query.text == text
    assert state.dropped == ()


def test_text_is_kept_verbatim(literal_catalogue: Catalogue) -> None:
    """The text is the person's own words: markup in it is kept as typed, not dropped."""
    state = parse_params({"text": [PAYLOAD]}, literal_catalogue)
    assert state.query.text == PAYLOAD
    assert state.dropped == ()


@pytest.mark.parametrize("name", ["harm", "region", "kind", "role", "shortlist", "year_from"])
def test_the_notice_never_repeats_a_dropped_value(literal_catalogue: Catalogue, name: str) -> None:
    """The notice names the parameter but never echoes the value that was dropped."""
    state = parse_params({name: [PAYLOAD]}, literal_catalogue)
    assert state.dropped == (name,)
    notice = state.notice or ""
    assert name in notice
    for fragment in ("<", ">", "script", "alert", "(1)"):
        assert fragment not in notice


def test_the_notice_never_repeats_dropped_values_of_every_parameter(
    literal_catalogue: Catalogue,
) -> None:
    """With markup in every parameter, the notice still holds only names and a count."""
    params = {name: [PAYLOAD] for name in PARAMS if name != "text"} | {"shortlist": [PAYLOAD]}
    params["text"] = [PAYLOAD * 40]
    state = parse_params(params, literal_catalogue)
    notice = state.notice or ""
    assert notice.startswith(f"{len(state.dropped)} values in this link were not recognised")
    assert "script" not in notice
    assert "<" not in notice


def test_unknown_shortlist_ids_are_dropped(literal_catalogue: Catalogue) -> None:
    """Shortlist ids not in the catalogue are dropped; known ids are kept in order, once."""
    known = ALL_IDS[:2]
    state = parse_params(
        {"shortlist": [known[1], "no-such-record", known[0], known[1]]}, literal_catalogue
    )
    assert state.shortlist == (known[1], known[0])
    assert state.dropped == ("shortlist",)


@pytest.mark.parametrize("name", ["year_from", "year_to"])
@pytest.mark.parametrize("value", ["2020", "1990", "2100"])
def test_years_in_range_are_read(literal_catalogue: Catalogue, name: str, value: str) -> None:
    """A year the year boxes accept is read as a number."""
    state = parse_params({name: [value]}, literal_catalogue)
    assert getattr(state.query, name) == int(value)
    assert state.dropped == ()


@pytest.mark.parametrize("name", ["year_from", "year_to"])
@pytest.mark.parametrize("value", ["1800", "2101", "99999", "0", "-2020", "20.5", "abc", "", " "])
def test_years_out_of_range_or_not_numbers_are_dropped(
    literal_catalogue: Catalogue, name: str, value: str
) -> None:
    """A year out of range or not a whole number is dropped and counted."""
    state = parse_params({name: [value]}, literal_catalogue)
    assert getattr(state.query, name) is None
    assert state.dropped == (name,)


@pytest.mark.parametrize("name", ["year_from", "year_to"])
def test_a_year_of_non_decimal_digits_is_dropped(literal_catalogue: Catalogue, name: str) -> None:
    """A year written with digits int() cannot read (superscript '²') is dropped, not raised."""
    state = parse_params({name: ["²"]}, literal_catalogue)
    assert getattr(state.query, name) is None
    assert state.dropped == (name,)


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes", "on", "On"])
def test_strict_role_true_values(literal_catalogue: Catalogue, value: str) -> None:
    """strict_role reads true/1/yes/on, in any case, as on."""
    state = parse_params({"strict_role": [value]}, literal_catalogue)
    assert state.query.strict_role is True
    assert state.dropped == ()


@pytest.mark.parametrize("value", ["false", "False", "0", "no", "off"])
def test_strict_role_false_values(literal_catalogue: Catalogue, value: str) -> None:
    """strict_role reads false/0/no/off as off, without a notice."""
    state = parse_params({"strict_role": [value]}, literal_catalogue)
    assert state.query.strict_role is False
    assert state.dropped == ()


@pytest.mark.parametrize("value", ["maybe", "", "2", PAYLOAD])
def test_strict_role_other_values_are_dropped(literal_catalogue: Catalogue, value: str) -> None:
    """Any other strict_role value is off and counted as dropped."""
    state = parse_params({"strict_role": [value]}, literal_catalogue)
    assert state.query.strict_role is False
    assert state.dropped == ("strict_role",)


# Writing links


def test_to_params_leaves_out_empty_values() -> None:
    """The default view writes no parameters at all."""
    assert to_params(LinkState(Query())) == {}


def test_to_params_names_every_parameter() -> None:
    """Each part of a view is written under its CLI option's name, lists as repeated values."""
    state = LinkState(
        Query(
            text="help lines",
            role="parent",
            harms=("grooming", "csam"),
            regions=("Kenya",),
            kinds=("toolkit",),
            year_from=2019,
            year_to=2024,
            strict_role=True,
        ),
        shortlist=("a", "b"),
    )
    assert to_params(state) == {
        "text": ["help lines"],
        "role": ["parent"],
        "harm": ["grooming", "csam"],
        "region": ["Kenya"],
        "kind": ["toolkit"],
        "year_from": ["2019"],
        "year_to": ["2024"],
        "strict_role": ["true"],
        "shortlist": ["a", "b"],
    }


@st.composite
def views(draw: st.DrawFn, catalogue: Catalogue) -> LinkState:
    """Views made of values the app can hold: vocabulary ids, catalogue ids, years in range."""
    taxonomy = catalogue.taxonomy

    def some(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(draw(st.lists(st.sampled_from(values), unique=True, max_size=4)))

    year = st.none() | st.integers(1990, 2100)
    query = Query(
        text=draw(st.text(max_size=MAX_TEXT_CHARS)),
        role=draw(st.none() | st.sampled_from(taxonomy.roles.ids)),
        harms=some(taxonomy.harms.ids),
        regions=some(taxonomy.regions.names),
        kinds=some(taxonomy.kinds.ids),
        year_from=draw(year),
        year_to=draw(year),
        strict_role=draw(st.booleans()),
    )
    return LinkState(query, some(tuple(ALL_IDS)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_links_round_trip(literal_catalogue: Catalogue, data: st.DataObject) -> None:
    """to_params(parse_params(to_params(x))) == to_params(x), with nothing dropped."""
    view = data.draw(views(literal_catalogue))
    params = to_params(view)
    parsed = parse_params(params, literal_catalogue)
    assert parsed.dropped == ()
    assert to_params(parsed) == params
    assert parsed.query.harms == view.query.harms
    assert parsed.shortlist == view.shortlist


# Any input at all

untrusted_text = st.text(max_size=120)
READ = (*PARAMS, "evidence", "shortlist", "sector", "view", "layout")  # all a link may hold
untrusted_params = st.dictionaries(
    st.sampled_from(READ) | st.text(max_size=10),
    st.lists(
        untrusted_text | st.sampled_from(["grooming", "VN", "true", "2020", ALL_IDS[0]]),
        max_size=4,
    )
    | st.lists(st.text(min_size=490, max_size=520), max_size=1),
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=untrusted_params)
def test_parse_params_never_raises_and_keeps_only_known_values(
    literal_catalogue: Catalogue, params: dict[str, list[str]]
) -> None:
    """Any dict of text lists parses; the view holds only vocabulary values and known ids."""
    state = parse_params(params, literal_catalogue)
    taxonomy = literal_catalogue.taxonomy
    q = state.query
    assert q.role is None or q.role in taxonomy.roles.ids
    assert set(q.harms) <= set(taxonomy.harms.ids)
    assert set(q.regions) <= set(taxonomy.regions.names)
    assert set(q.kinds) <= set(taxonomy.kinds.ids)
    assert set(state.shortlist) <= set(ALL_IDS)
    assert len(q.text) <= MAX_TEXT_CHARS
    for year in (q.year_from, q.year_to):
        assert year is None or 1900 <= year <= 2100
    assert set(state.dropped) <= set(READ)
    assert state.dropped == () or state.notice is not None
    to_params(state)  # whatever was read can be written back


def test_a_link_of_more_than_the_maximum_values_reads_the_first_and_says_so(
    literal_catalogue: Catalogue,
) -> None:
    """1,200 junk parameters after text=grooming: the text is kept, the 200 values past the
    cap are not read, and the notice says so without repeating any of them."""
    params = {"text": ["grooming"]} | {f"junk{n}": [f"value{n}"] for n in range(1200)}
    state = parse_params(params, literal_catalogue)
    assert state.query.text == "grooming"
    assert state.overflow == 201
    assert state.notice == (
        "This link holds more than 1000 values; the 201 after them were not read."
    )
