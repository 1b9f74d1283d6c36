"""The web app through Streamlit's AppTest: Find resources, its URL state, shortlist and
downloads, the shared engine, the About page, and catalogue text shown safely as Markdown.

AppTest renders nothing: Markdown elements are checked as their source, downloads only by
their buttons (the export renderers have their own tests in test_exports.py).
"""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from apprun import ALERT_KINDS, MARKDOWN_KINDS, opened, page_headings, rerun, url
from literal import REPO, RESOURCES, SUMMARY, record_text, write_file
from streamlit.testing.v1 import AppTest

import bridge
from bridge.model import Catalogue

APP = str(REPO / "app.py")
PAGE_SIZE = 10
FORMATS = ("json", "csv", "markdown", "bibtex", "ris")
PARENTS_TEXT = "how parents can protect their children online"

Action = Callable[[AppTest], object]


# Fixtures and helpers


@pytest.fixture(autouse=True)
def bundled_catalogue_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts on the bundled catalogue, whatever the environment says."""
    monkeypatch.delenv("BRIDGE_CATALOGUE", raising=False)


@pytest.fixture(scope="module")
def bundled() -> Catalogue:
    """The catalogue the app shows by default (resources/ at the repository root)."""
    return bridge.read_catalogue(RESOURCES).catalogue


@pytest.fixture(scope="module")
def engine(bundled: Catalogue) -> bridge.Engine:
    """The library's engine over the bundled catalogue, to say what the page must show."""
    return bridge.Engine(bundled)


@pytest.fixture
def ui_engine(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The app's ui.engine module (the repository root put on sys.path for the import)."""
    monkeypatch.syspath_prepend(str(REPO))
    return importlib.import_module("ui.engine")


def open_app(params: dict[str, str | list[str]] | None = None) -> AppTest:
    """The app run once, opened with these query parameters; it must not raise."""
    return opened(AppTest.from_file(APP, default_timeout=30), params)


def total(at: AppTest) -> int:
    """The number in 'N resources match your profile' (or 'your words', for a search)."""
    heading = page_headings(at)[0]
    found = re.fullmatch(r"(\d+) resources? match(?:es)? your (?:profile|words)", heading)
    assert found, heading
    return int(found.group(1))


def card_ids(at: AppTest) -> list[str]:
    """The record ids of the cards shown, in order (from their shortlist buttons' keys)."""
    return [b.key.removeprefix("shortlist-") for b in at.button if b.key.startswith("shortlist-")]


def card_titles(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("### ")]


def download_keys(at: AppTest) -> list[str]:
    return [d.key for d in at.get("download_button")]


def shortlist_heading(at: AppTest) -> str:
    return next(h for h in page_headings(at) if h.startswith("Shortlist"))


def sources(at: AppTest) -> list[str]:
    """The Markdown source of every text element on the page (main area and sidebar)."""
    found = [e.value for kind in (*MARKDOWN_KINDS, *ALERT_KINDS) for e in at.get(kind)]
    found += [e.label for e in at.expander]
    return found


def snapshot(at: AppTest) -> tuple[int, list[str]]:
    return total(at), card_ids(at)


# The default view


def test_default_view_lists_the_whole_catalogue(bundled: Catalogue) -> None:
    """Opened bare: the title, 'N resources match' for every record, 10 cards, no notices."""
    at = open_app()
    assert [t.value for t in at.title] == ["Find resources"]
    assert total(at) == len(bundled.resources) > PAGE_SIZE
    assert page_headings(at)[0] == f"{len(bundled.resources)} resources match your profile"
    assert len(card_ids(at)) == PAGE_SIZE == len(card_titles(at))
    assert len(set(card_ids(at))) == PAGE_SIZE
    assert not at.warning and not at.info and not at.error
    assert url(at) == {}
    assert at.button(key="show-more").label == f"Show {PAGE_SIZE} more"
    assert shortlist_heading(at) == "Shortlist (0)"


def test_default_view_is_newest_first(bundled: Catalogue) -> None:
    """With no words and no filters the cards are the newest records first."""
    at = open_app()
    years = [bundled.resource(i).year or 0 for i in card_ids(at)]
    assert years == sorted(years, reverse=True)
    assert years[0] == max(r.year or 0 for r in bundled.resources)


def test_show_more_adds_ten_cards_until_all_are_shown(bundled: Catalogue) -> None:
    """'Show 10 more' keeps the cards shown and adds the next ten, until none are left."""
    at = open_app()
    first = card_ids(at)
    at.button(key="show-more").click()
    rerun(at)
    assert len(card_ids(at)) == 2 * PAGE_SIZE
    assert card_ids(at)[:PAGE_SIZE] == first
    everything = len(bundled.resources)
    while any(b.key == "show-more" for b in at.button):
        left = everything - len(card_ids(at))
        assert at.button(key="show-more").label == f"Show {min(PAGE_SIZE, left)} more"
        at.button(key="show-more").click()
        rerun(at)
    assert sorted(card_ids(at)) == sorted(r.id for r in bundled.resources)
    assert url(at) == {}


def test_downloads_of_all_matches_in_every_format() -> None:
    """With matches, there is a download button for all of them in every export format."""
    at = open_app()
    keys = download_keys(at)
    assert [k for k in keys if k.startswith("download-bridge-resources-")] == [
        f"download-bridge-resources-{fmt}" for fmt in FORMATS
    ]
    assert not any(k.startswith("download-bridge-shortlist-") for k in keys)
    assert all(not at.get_by_key(f"download-bridge-resources-{f}").disabled for f in FORMATS)


# The sidebar controls


CONTROLS: list[tuple[str, Action, Action, dict[str, list[str]]]] = [
    (
        "text",
        lambda at: at.sidebar.text_input(key="text").input("sextortion"),
        lambda at: at.sidebar.text_input(key="text").input(""),
        {"text": ["sextortion"]},
    ),
    (
        "role",
        lambda at: at.sidebar.selectbox(key="role").select("parent"),
        lambda at: at.sidebar.selectbox(key="role").select(None),
        {"role": ["parent"]},
    ),
    (
        "harm",
        lambda at: at.sidebar.multiselect(key="harm").select("grooming"),
        lambda at: at.sidebar.multiselect(key="harm").unselect("grooming"),
        {"harm": ["grooming"]},
    ),
    (
        "region",
        lambda at: at.sidebar.multiselect(key="region").select("Kenya"),
        lambda at: at.sidebar.multiselect(key="region").unselect("Kenya"),
        {"region": ["Kenya"]},
    ),
    (
        "kind",
        lambda at: at.sidebar.multiselect(key="kind").select("toolkit"),
        lambda at: at.sidebar.multiselect(key="kind").unselect("toolkit"),
        {"kind": ["toolkit"]},
    ),
    (
        "year_from",
        lambda at: at.sidebar.number_input(key="year_from").set_value(2024),
        lambda at: at.sidebar.number_input(key="year_from").set_value(None),
        {"year_from": ["2024"]},
    ),
    (
        "year_to",
        lambda at: at.sidebar.number_input(key="year_to").set_value(2020),
        lambda at: at.sidebar.number_input(key="year_to").set_value(None),
        {"year_to": ["2020"]},
    ),
]


@pytest.mark.parametrize(("name", "act", "undo", "written"), CONTROLS, ids=[c[0] for c in CONTROLS])
def test_each_control_changes_the_results_and_writes_its_parameter(
    name: str, act: Action, undo: Action, written: dict[str, list[str]]
) -> None:
    """Each control changes the count or order, writes its parameter; undoing it restores both."""
    at = open_app()
    before = snapshot(at)
    act(at)
    rerun(at)
    assert url(at) == written
    assert snapshot(at) != before
    undo(at)
    rerun(at)
    assert url(at) == {}
    assert snapshot(at) == before


def test_strict_role_makes_the_role_a_filter(bundled: Catalogue) -> None:
    """'Only resources for my role' keeps just the role's records and writes strict_role=true."""
    at = open_app()
    at.sidebar.selectbox(key="role").select("parent")
    rerun(at)
    assert total(at) == len(bundled.resources)  # a role alone only reorders
    at.sidebar.checkbox(key="strict_role").check()
    rerun(at)
    for_parents = {r.id for r in bundled.resources if "parent" in r.roles}
    assert 0 < total(at) == len(for_parents) < len(bundled.resources)
    assert set(card_ids(at)) <= for_parents
    assert url(at) == {"role": ["parent"], "strict_role": ["true"]}
    at.sidebar.checkbox(key="strict_role").uncheck()
    rerun(at)
    assert url(at) == {"role": ["parent"]}
    assert total(at) == len(bundled.resources)


def test_several_values_in_one_filter_widen_the_search(engine: bridge.Engine) -> None:
    """Two harms match records of either (OR) and are written as a repeated parameter."""
    at = open_app()
    at.sidebar.multiselect(key="harm").select("livestreaming")
    rerun(at)
    one = total(at)
    at.sidebar.multiselect(key="harm").select("trafficking")
    rerun(at)
    assert url(at) == {"harm": ["livestreaming", "trafficking"]}
    livestreaming = engine.search(bridge.Query(harms=["livestreaming"]), top=0).total
    either = engine.search(bridge.Query(harms=["livestreaming", "trafficking"]), top=0).total
    assert (one, total(at)) == (livestreaming, either)
    assert either > livestreaming > 0


def test_different_filters_narrow_the_search(engine: bridge.Engine) -> None:
    """A second filter of another kind (AND) never adds records."""
    at = open_app()
    at.sidebar.multiselect(key="region").select("Asia")
    rerun(at)
    regional = total(at)
    at.sidebar.multiselect(key="kind").select("research")
    rerun(at)
    assert url(at) == {"region": ["Asia"], "kind": ["research"]}
    asia = engine.search(bridge.Query(regions=["Asia"]), top=0).total
    both = engine.search(bridge.Query(regions=["Asia"], kinds=["research"]), top=0).total
    assert (regional, total(at)) == (asia, both)
    assert both < asia


# Links


def test_a_link_reproduces_the_view() -> None:
    """?role=parent&text=... opens with those controls set and Parents Protect's card first."""
    at = open_app({"role": "parent", "text": PARENTS_TEXT})
    assert card_ids(at)[0] == "lff-parents-protect"
    assert card_titles(at)[0].startswith("### [Parents Protect\\! Programme](<https:")
    assert at.sidebar.selectbox(key="role").value == "parent"
    assert at.sidebar.text_input(key="text").value == PARENTS_TEXT
    assert url(at) == {"role": ["parent"], "text": [PARENTS_TEXT]}
    assert not at.warning


def test_a_link_sets_every_control_and_is_written_back_canonically() -> None:
    """Every parameter of a link sets its control; labels and codes come back as ids/names."""
    at = open_app(
        {
            "text": "grooming",
            "role": "Educator",
            "strict_role": "true",
            "harm": ["Online grooming", "sextortion"],
            "region": ["PH", "Kenya"],
            "kind": ["research", "Programme"],
            "year_from": "2019",
            "year_to": "2025",
        }
    )
    sidebar = at.sidebar
    assert sidebar.text_input(key="text").value == "grooming"
    assert sidebar.selectbox(key="role").value == "educator"
    assert sidebar.checkbox(key="strict_role").value is True
    assert sidebar.multiselect(key="harm").value == ["grooming", "sextortion"]
    assert sidebar.multiselect(key="region").value == ["Philippines", "Kenya"]
    assert sidebar.multiselect(key="kind").value == ["research", "programme"]
    assert sidebar.number_input(key="year_from").value == 2019
    assert sidebar.number_input(key="year_to").value == 2025
    assert url(at) == {
        "text": ["grooming"],
        "role": ["educator"],
        "harm": ["grooming", "sextortion"],
        "region": ["Philippines", "Kenya"],
        "kind": ["research", "programme"],
        "year_from": ["2019"],
        "year_to": ["2025"],
        "strict_role": ["true"],
    }
    assert not at.warning


def test_a_link_made_with_the_controls_reopens_the_same_view() -> None:
    """The URL the controls write, opened in a new session, gives the same cards in order."""
    at = open_app()
    at.sidebar.text_input(key="text").input("online safety education")
    at.sidebar.selectbox(key="role").select("educator")
    at.sidebar.multiselect(key="region").select("Asia")
    at.sidebar.number_input(key="year_from").set_value(2020)
    rerun(at)
    at.button(key="show-more").click()
    rerun(at)
    link = url(at)
    assert set(link) == {"text", "role", "region", "year_from"}
    again = open_app(link)
    assert total(again) == total(at) > 0
    assert card_ids(again) == card_ids(at)[:PAGE_SIZE]
    assert url(again) == link


def test_a_tampered_link_warns_by_parameter_and_echoes_nothing() -> None:
    """Unknown harm, 10 KB text, <script> region: a warning names them; nothing is echoed."""
    at = open_app(
        {
            "harm": "bogus-harm-value",
            "text": "x" * 10_240,
            "region": "<script>alert(1)</script>",
        }
    )
    assert [w.value for w in at.warning] == [
        "3 values in this link were not recognised and dropped (harm, region, text)."
    ]
    assert page_headings(at)[:2] == ["0 resources match your words", "Also for your profile"]
    assert len(card_ids(at)) == PAGE_SIZE
    assert at.sidebar.text_input(key="text").value == "x" * 500
    assert at.sidebar.multiselect(key="harm").value == []
    assert at.sidebar.multiselect(key="region").value == []
    assert url(at) == {"text": ["x" * 500]}
    for source in sources(at):
        assert "<script" not in source and "script>" not in source
        assert "bogus" not in source
        assert "alert" not in source


def test_the_link_warning_is_shown_once() -> None:
    """The warning about a tampered link is said on the first run only."""
    at = open_app({"kind": "podcast"})
    assert [w.value for w in at.warning] == [
        "1 value in this link was not recognised and dropped (kind)."
    ]
    at.sidebar.multiselect(key="harm").select("grooming")
    rerun(at)
    assert not at.warning


def test_a_year_the_link_parser_accepts_is_applied_and_kept(bundled: Catalogue) -> None:
    """?year_from=1950 (within 1900-2100) sets the control, filters to the dated records
    from 1950, stays in the URL, and warns of nothing."""
    at = open_app({"year_from": "1950"})
    from_1950 = [r for r in bundled.resources if r.year is not None and r.year >= 1950]
    assert at.sidebar.number_input(key="year_from").value == 1950
    assert total(at) == len(from_1950) < len(bundled.resources)
    assert url(at) == {"year_from": ["1950"]}
    assert [w.value for w in at.warning] == []


def test_a_year_of_non_decimal_digits_in_a_link_does_not_crash_the_page(
    bundled: Catalogue,
) -> None:
    """?year_from=² is dropped with a notice; the page renders the whole catalogue."""
    at = open_app({"year_from": "²"})
    assert [w.value for w in at.warning] == [
        "1 value in this link was not recognised and dropped (year_from)."
    ]
    assert total(at) == len(bundled.resources)
    assert url(at) == {}


def test_the_shortlist_in_a_link_is_restored(bundled: Catalogue) -> None:
    """?shortlist=<id> opens with that record in the shortlist, its card marked, downloads on."""
    chosen = bridge.Engine(bundled).search(bridge.Query(), top=1).matches[0].record  # first card
    at = open_app({"shortlist": [chosen.id, "no-such-record"]})
    assert shortlist_heading(at) == "Shortlist (1)"
    assert url(at) == {"shortlist": [chosen.id]}
    assert [w.value for w in at.warning] == [
        "1 value in this link was not recognised and dropped (shortlist)."
    ]
    assert any(m.value == f"- {bridge.plain_markdown(chosen.title)}" for m in at.markdown), (
        "the shortlist lists the record's title"
    )
    assert at.button(key=f"shortlist-{chosen.id}").label == "Remove from shortlist"
    for fmt in FORMATS:
        assert f"download-bridge-shortlist-{fmt}" in download_keys(at)


# Notices and the empty state


def test_a_deprecated_term_is_named_with_its_preferred_term(engine: bridge.Engine) -> None:
    """text=child pornography: a notice calls it outdated, gives 'Child sexual abuse material';
    the cards are the library's ranking."""
    at = open_app({"text": "child pornography"})
    assert [i.value for i in at.info] == [
        "“child pornography” is an outdated term; the preferred term is “Child sexual abuse "
        "material”. Results for it are included.",
        "'child' is in most records, so nearly every record matches; the order follows your "
        "other words.",
    ]
    found = engine.search(bridge.Query(text="child pornography"), top=PAGE_SIZE)
    assert card_ids(at) == [m.record.id for m in found.matches]


def test_a_misspelling_is_corrected_with_a_notice(bundled: Catalogue) -> None:
    """text=sextortin: a notice names sextortin → sextortion; the top card is on sextortion."""
    at = open_app({"text": "sextortin"})
    assert [i.value for i in at.info] == [
        "Also searched for close spellings\\: sextortin → sextortion."
    ]
    assert "sextortion" in bundled.resource(card_ids(at)[0]).harms


@pytest.mark.parametrize(
    ("params", "relax"),
    [
        ({"kind": "dataset", "year_from": "2026"}, "kind or year"),
        ({"year_from": "2023", "year_to": "2020"}, "year"),
        ({"role": "funder", "strict_role": "true", "kind": "dataset"}, "kind or strict role"),
    ],
    ids=["kind-and-year", "year", "kind-and-strict-role"],
)
def test_the_empty_state_says_which_filter_to_relax(params: dict[str, str], relax: str) -> None:
    """No results: the filter to remove is named; no cards, facet counts or match downloads."""
    at = open_app(params)
    assert total(at) == 0
    assert [i.value for i in at.info] == [
        f"No records pass these filters; try removing the {relax} filter."
    ]
    assert card_ids(at) == [] and card_titles(at) == []
    assert not any(b.key == "show-more" for b in at.button)
    assert not at.expander
    assert not any(k.startswith("download-bridge-resources-") for k in download_keys(at))
    assert url(at) == {k: [v] for k, v in params.items()}


# Shortlist


def test_shortlist_add_and_remove() -> None:
    """Add: 'Shortlist (1)', shortlist=<id>, downloads in every format; remove: back to none."""
    at = open_app()
    first = card_ids(at)[0]
    button = at.button(key=f"shortlist-{first}")
    assert button.label == "Add to shortlist"
    button.click()
    rerun(at)
    assert shortlist_heading(at) == "Shortlist (1)"
    assert url(at) == {"shortlist": [first]}
    assert at.button(key=f"shortlist-{first}").label == "Remove from shortlist"
    shortlist_downloads = [k for k in download_keys(at) if "shortlist" in k]
    assert shortlist_downloads == [f"download-bridge-shortlist-{fmt}" for fmt in FORMATS]
    for fmt in FORMATS:
        assert not at.get_by_key(f"download-bridge-shortlist-{fmt}").disabled
    second = card_ids(at)[1]
    at.button(key=f"shortlist-{second}").click()
    rerun(at)
    assert shortlist_heading(at) == "Shortlist (2)"
    assert url(at) == {"shortlist": [first, second]}
    at.button(key=f"shortlist-{first}").click()
    rerun(at)
    at.button(key=f"shortlist-{second}").click()
    rerun(at)
    assert shortlist_heading(at) == "Shortlist (0)"
    assert url(at) == {}
    assert not any("shortlist" in k for k in download_keys(at))
    assert at.button(key=f"shortlist-{first}").label == "Add to shortlist"


def test_the_shortlist_survives_a_change_of_filters(bundled: Catalogue) -> None:
    """A shortlisted record stays in the shortlist (and the URL) when filters hide its card."""
    at = open_app()
    first = card_ids(at)[0]
    assert bundled.resource(first).kind != "event"
    at.button(key=f"shortlist-{first}").click()
    rerun(at)
    at.sidebar.multiselect(key="kind").select("event")
    rerun(at)
    assert first not in card_ids(at)
    assert url(at)["kind"] == ["event"]
    assert shortlist_heading(at) == "Shortlist (1)"
    assert url(at)["shortlist"] == [first]


# Facet counts


def test_facet_counts_show_how_many_matches_carry_each_value(bundled: Catalogue) -> None:
    """The 'What these matches cover' expander counts each kind (and harms, regions, roles)."""
    at = open_app()
    expander = at.expander[0]
    assert expander.label == "What these resources cover"
    blocks = [m.value for m in expander.markdown]
    assert blocks[::2] == ["**Harms**", "**Regions**", "**Roles**", "**Kinds**"]
    kinds = blocks[blocks.index("**Kinds**") + 1].splitlines()
    expected = Counter(bundled.taxonomy.kinds.label(r.kind) for r in bundled.resources)
    assert sorted(kinds) == sorted(f"- {label}: {n}" for label, n in expected.items())
    roles = blocks[blocks.index("**Roles**") + 1]
    parents = sum("parent" in r.roles for r in bundled.resources)
    assert f"- Parent or caregiver: {parents}" in roles.splitlines()


def test_facet_counts_follow_the_filters() -> None:
    """Under a filter, the kind counts add up to the number of matches, not the catalogue."""
    at = open_app({"region": "Asia"})
    blocks = [m.value for m in at.expander[0].markdown]
    kinds = blocks[blocks.index("**Kinds**") + 1].splitlines()
    assert sum(int(line.rsplit(": ", 1)[1]) for line in kinds) == total(at) > 0


# The shared engine


def test_the_engine_is_cached_per_folder_and_fingerprint(
    ui_engine: ModuleType, catalogue_dir: Path
) -> None:
    """The engine is cached per folder and fingerprint; editing a catalogue file gives a new one."""
    folder = str(catalogue_dir)
    before = bridge.fingerprint(folder)
    try:
        engine = ui_engine._opened(folder, before).engine
        assert ui_engine._opened(folder, before).engine is engine
        assert bridge.fingerprint(folder) == before
        record = catalogue_dir / "records" / "grooming-study-ph.yaml"
        record.write_text(
            record.read_text(encoding="utf-8").replace(
                "A Study of Online Grooming", "An Edited Study of Online Grooming"
            ),
            encoding="utf-8",
        )
        after = bridge.fingerprint(folder)
        assert after != before
        edited = ui_engine._opened(folder, after).engine
        assert edited is not engine
        assert edited.catalogue.resource("grooming-study-ph").title.startswith("An Edited")
        assert ui_engine._opened(folder, after).engine is edited
    finally:
        ui_engine._opened.clear(folder, before)
        ui_engine._opened.clear(folder, bridge.fingerprint(folder))


def test_two_app_sessions_share_one_engine(
    ui_engine: ModuleType, catalogue_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two AppTest sessions on one catalogue build the engine once and both use it."""
    built: list[bridge.Opened] = []
    open_engine = bridge.open_engine

    def counting(folder: str) -> bridge.Opened:
        built.append(open_engine(folder))
        return built[-1]

    folder = str(catalogue_dir)
    fp = bridge.fingerprint(folder)
    monkeypatch.setenv("BRIDGE_CATALOGUE", folder)
    monkeypatch.setattr(bridge, "open_engine", counting)
    ui_engine._opened.clear(folder, fp)
    try:
        first = open_app()
        second = open_app({"harm": "grooming"})
        assert total(first) == 7 and total(second) > 0
        assert len(built) == 1
        assert ui_engine._opened(folder, fp) is built[0]
        assert len(built) == 1
    finally:
        ui_engine._opened.clear(folder, fp)


# About


def about_page() -> AppTest:
    """ui.about.about run on its own."""

    def page() -> None:
        from ui.about import about

        about()

    at = AppTest.from_function(page, default_timeout=30)
    at.run()
    return at


def test_about_page_shows_the_bridge_principles() -> None:
    """ui.about.about shows its title, the six BRIDGE principles and how ranking works."""
    at = about_page()
    assert not at.exception
    assert [t.value for t in at.title] == ["About bridge"]
    text = "\n".join(m.value for m in at.markdown)
    assert "## The BRIDGE principles" in text
    for line in (
        "**B**uilding trust and safe spaces",
        "**R**allying around shared objectives",
        "**I**nitiating multidirectional knowledge exchange",
        "**D**eveloping a culture of discovery",
        "**G**enerating tailored, curated resources",
        "**E**laborating clear standards and legal frameworks",
    ):
        assert f"- {line}" in text
    assert "## How ranking works" in text


def test_about_page_is_reached_through_the_app_navigation() -> None:
    """app.py registers About at url_path 'about'; choosing it renders the About page."""
    at = open_app()
    pages = {info.get("url_pathname"): h for h, info in at._registered_pages.items()}
    assert {"", "about"} <= set(pages)
    at._page_hash = pages["about"]  # what choosing the page in the navigation does
    rerun(at)
    assert [t.value for t in at.title] == ["About bridge"]
    assert [m.value for m in at.markdown] == [m.value for m in about_page().markdown]
    assert card_ids(at) == []


# Catalogue text shown safely


HOSTILE_URL = "https://evil.example/a)](javascript:alert(5)"
HOSTILE_TITLE = (
    "<script>alert(1)</script> Hostile [click](javascript:alert(2)) "
    "![pixel](https://evil.example/p.png) $x^2$ :red[red] :material/verified: <b>bold</b>"
)
HOSTILE_TEXT = (
    '<img src=x onerror=alert(3)> [link](javascript:alert(4)) <a href="javascript:x">a</a> '
    "![img](https://evil.example/i.png) <iframe src=//evil.example></iframe> **bold** "
)
HOSTILE_ORG = """\
id: hostile-org
name: {name}
sector: academia
description: {description}
regions: [Global]
harms: [csea]
source: Synthetic test fixture
"""


@pytest.fixture
def hostile_catalogue(catalogue_dir: Path) -> Iterator[Path]:
    """The literal catalogue plus one organisation and one record full of markup payloads."""
    write_file(
        catalogue_dir / "organisations" / "hostile-org.yaml",
        HOSTILE_ORG.format(
            name=json.dumps("<img src=x onerror=alert(6)> Org [o](javascript:alert(7))"),
            description=json.dumps(HOSTILE_TEXT),
        ),
    )
    outcomes = "outcomes:\n" + "".join(
        f"  - {json.dumps(o)}\n"
        for o in (HOSTILE_TEXT, "![o](https://evil.example/o.png)", "<script>alert(8)</script>")
    )
    write_file(
        catalogue_dir / "records" / "hostile-record.yaml",
        record_text(
            "hostile-record",
            outcomes,
            title=json.dumps(HOSTILE_TITLE),
            organisation="hostile-org",
            summary=json.dumps(HOSTILE_TEXT + SUMMARY),
            url=json.dumps(HOSTILE_URL),
            year="2030",
        ),
    )
    report = bridge.read_catalogue(catalogue_dir)
    assert report.problems == ()
    assert report.catalogue.resource("hostile-record").url == HOSTILE_URL
    yield catalogue_dir


def unescaped(source: str, app_links: set[str]) -> str:
    """What of `source` Markdown would read as syntax: the app's own title links taken out,
    then every backslash escape removed."""
    for link in app_links:
        source = source.replace(f"](<{link}>)", "]")
    return re.sub(r"\\.", "", source, flags=re.DOTALL)


def test_catalogue_text_is_escaped_in_every_markdown_element(
    hostile_catalogue: Path, ui_engine: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """<script>, <img onerror>, javascript: links and images in records reach Markdown escaped."""
    folder = str(hostile_catalogue)
    fp = bridge.fingerprint(folder)
    catalogue = bridge.read_catalogue(folder).catalogue
    links = {r.url for r in catalogue.resources if r.url}
    links |= {o.url for o in catalogue.organisations if o.url}
    links |= {c.url for r in catalogue.resources for c in r.sources}
    monkeypatch.setenv("BRIDGE_CATALOGUE", folder)
    ui_engine._opened.clear(folder, fp)
    try:
        at = open_app({"shortlist": "hostile-record", "text": HOSTILE_TITLE})
    finally:
        ui_engine._opened.clear(folder, fp)
    assert "hostile-record" in card_ids(at)
    assert shortlist_heading(at) == "Shortlist (1)"
    found = sources(at)
    everything = "\n".join(found)
    for shown in ("onerror", "alert\\(1\\)", "alert\\(6\\)", "alert\\(8\\)", "evil.example/i.png"):
        assert shown in everything, f"{shown} should appear, escaped"
    assert f"](<{HOSTILE_URL}>)" in everything  # the app's own link, in angle brackets
    for source in found:
        plain = unescaped(source, links)
        for syntax in ("](", "![", "<", "javascript:", "$", ":red[", ":material/"):
            assert syntax not in plain, (syntax, source)


# Headings that count what matches, cards that open, the compact list, the /find path


def test_a_text_search_counts_the_records_that_match_its_words(bundled: Catalogue) -> None:
    """The heading's number is the records holding the words, not every record that passes;
    those come first, and the rest of the profile's list follows under its own heading."""
    expected = bridge.Engine(bundled).search(
        bridge.Query(text="instagram"), top=len(bundled.resources)
    )
    assert 0 < expected.matched < PAGE_SIZE < expected.total
    at = open_app({"text": "instagram"})
    assert page_headings(at)[:2] == [
        f"{expected.matched} resources match your words",
        "Also for your profile",
    ]
    assert card_ids(at) == [m.record.id for m in expected.matches[:PAGE_SIZE]]
    matching = {m.record.id for m in expected.matches if m.matches_words}
    assert set(card_ids(at)[: expected.matched]) == matching


def test_words_that_match_nothing_say_so_and_what_to_relax(engine: bridge.Engine) -> None:
    """A query with no word in the catalogue: 0 match, a notice, and the profile's list."""
    at = open_app({"text": "quokkawatch", "harm": "grooming"})
    assert page_headings(at)[:2] == ["0 resources match your words", "Also for your profile"]
    assert [i.value for i in at.info] == [
        "No record matches your words, so the records that pass your filters are listed "
        "instead; try other words or a synonym."
    ]
    found = engine.search(bridge.Query(text="quokkawatch", harms=["grooming"]), top=PAGE_SIZE)
    assert card_ids(at) == [m.record.id for m in found.matches]
    assert len(card_ids(at)) == PAGE_SIZE


def test_each_card_links_its_title_organisation_and_sources(bundled: Catalogue) -> None:
    """The title links to the record's page, the organisation to its site, and the Sources
    expander lists every source page as a link."""
    at = open_app({"role": "parent", "text": PARENTS_TEXT})
    record = bundled.resource(card_ids(at)[0])
    organisation = bundled.organisation(record.organisation)
    assert record.url and organisation.url and record.sources
    card = at.main.markdown
    values = [m.value for m in card]
    assert f"### [{bridge.plain_markdown(record.title)}](<{record.url}>)" in values
    assert any(
        v.startswith(f"[{bridge.plain_markdown(organisation.name)}](<{organisation.url}>)")
        for v in values
    )
    first_sources = next(e for e in at.expander if e.label.startswith("Sources"))
    listed = first_sources.markdown[0].value
    for citation in record.sources:
        assert f"(<{citation.url}>)" in listed


def test_the_compact_list_shows_one_line_per_result_and_is_kept_in_the_link(
    bundled: Catalogue,
) -> None:
    """'Compact list' shows each result as one line (title link, organisation, year,
    badges), writes layout=list, and a link with layout=list opens that way."""
    at = open_app({"harm": "sextortion"})
    cards = card_ids(at)
    at.segmented_control(key="layout").set_value("list")
    rerun(at)
    assert url(at) == {"harm": ["sextortion"], "layout": ["list"]}
    assert card_ids(at) == []
    [listing] = [m.value for m in at.main.markdown if m.value.startswith("- [")]
    lines = listing.splitlines()
    assert len(lines) == len(cards)
    for line, record_id in zip(lines, cards, strict=True):
        record = bundled.resource(record_id)
        year = f", {record.year}" if record.year else ""
        organisation = bridge.plain_markdown(bundled.organisation_name(record.organisation))
        assert line.startswith(
            f"- [{bridge.plain_markdown(record.title)}](<{record.url}>) — {organisation}{year} :"
        ), line
    again = open_app({"harm": "sextortion", "layout": "list"})
    assert card_ids(again) == [] and again.segmented_control(key="layout").value == "list"
    at.segmented_control(key="layout").set_value("cards")
    rerun(at)
    assert url(at) == {"harm": ["sextortion"]} and card_ids(at) == cards


def test_the_find_path_opens_find_resources_with_the_links_text() -> None:
    """/find?text=… (the path links name) is Find resources with the text filled in."""
    at = AppTest.from_file(APP, default_timeout=30)
    rerun(at)
    pages = {info.get("url_pathname"): h for h, info in at._registered_pages.items()}
    assert {"", "find", "contacts", "packs", "evidence", "add", "about"} <= set(pages)
    fresh = AppTest.from_file(APP, default_timeout=30)
    fresh._page_hash = pages["find"]
    opened(fresh, {"text": "sextortion"})
    assert [t.value for t in fresh.title] == ["Find resources"]
    assert fresh.sidebar.text_input(key="text").value == "sextortion"
    assert page_headings(fresh)[0].endswith("match your words")
