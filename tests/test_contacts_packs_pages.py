"""The Find contacts and Workshop packs pages through Streamlit's AppTest, each page function
run on its own (AppTest.from_function) on the literal catalogue.

AppTest renders nothing: Markdown is checked as its source, downloads by their buttons (the
renderers have their own tests in test_packrender.py and test_cli_contacts_packs.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from apprun import ALERT_KINDS, MARKDOWN_KINDS, opened, page_headings, rerun, url
from literal import REPO, build_catalogue
from streamlit.testing.v1 import AppTest

import bridge

ROOM = (
    "name,role,harms,regions,interests\n"
    "Rosa Example,researcher,grooming,Philippines,grooming on chat apps\n"
    "Hamid Example,helpline,,Kenya; Africa,child helplines\n"
    "Tess Example,trust-safety,csam,Global,hash matching on platforms\n"
    "Pat Example,policymaker,sextortion,ASEAN,policy on sextortion\n"
)
HOSTILE_NAME = "<script>alert(1)</script> **Ann** [x](javascript:alert(2))"
HOSTILE_INTERESTS = "<img src=x onerror=alert(3)> :red[red] $x^2$ grooming"


@pytest.fixture(scope="module")
def literal_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_catalogue(tmp_path_factory.mktemp("pages") / "catalogue")


@pytest.fixture(scope="module")
def engine(literal_folder: Path) -> bridge.Engine:
    return bridge.Engine(bridge.read_catalogue(literal_folder).catalogue)


@pytest.fixture(autouse=True)
def on_the_literal_catalogue(
    monkeypatch: pytest.MonkeyPatch, literal_folder: Path
) -> Iterator[None]:
    """The pages read the literal catalogue; the ui package is importable."""
    monkeypatch.setenv("BRIDGE_CATALOGUE", str(literal_folder))
    monkeypatch.syspath_prepend(str(REPO))
    yield


def contacts_page() -> None:
    from ui.contacts import find_contacts

    find_contacts()


def packs_page() -> None:
    from ui.packs import workshop_packs

    workshop_packs()


def open_page(page: object, params: dict[str, str | list[str]] | None = None) -> AppTest:
    return opened(AppTest.from_function(page, default_timeout=30), params)  # type: ignore[arg-type]


def sources(at: AppTest) -> list[str]:
    """The Markdown source of every text element on the page (main area and sidebar)."""
    return [e.value for kind in (*MARKDOWN_KINDS, *ALERT_KINDS) for e in at.get(kind)]


def card_names(at: AppTest) -> list[str]:
    """The organisation names of the contact cards, in order."""
    names = []
    for m in at.markdown:
        found = re.fullmatch(r"### (?:\[(.+)\]\(<[^>]+>\)|(.+))", m.value)
        if found:
            names.append(found.group(1) or found.group(2))
    return names


def download_keys(at: AppTest) -> list[str]:
    return [d.key for d in at.get("download_button")]


# Find contacts


def test_find_contacts_bare_lists_every_organisation() -> None:
    """Opened bare: the title, every organisation by id order, both downloads, clean URL."""
    at = open_page(contacts_page)
    assert [t.value for t in at.title] == ["Find contacts"]
    assert page_headings(at) == ["3 organisations match your profile"]
    assert card_names(at) == ["Helpline Network Test", "Safe Lab Test", "Tech Alliance Test"]
    assert download_keys(at) == ["contacts-csv", "contacts-markdown"]
    assert [d.label for d in at.get("download_button")] == ["Download CSV", "Download Markdown"]
    assert url(at) == {}
    assert not at.warning and not at.info and not at.error


def test_link_params_reproduce_the_view(engine: bridge.Engine) -> None:
    """text, role and sector in the link fill the sidebar and give the engine's ranking."""
    params = {"text": "grooming", "role": "researcher", "sector": ["tech-industry", "academia"]}
    at = open_page(contacts_page, params)
    expected = engine.contacts(
        bridge.Query(text="grooming", role="researcher"), sectors=("tech-industry", "academia")
    )
    assert card_names(at) == [m.organisation.name for m in expected.matches]
    assert card_names(at) == ["Tech Alliance Test", "Safe Lab Test"]
    assert at.text_input(key="text").value == "grooming"
    assert at.selectbox(key="role").value == "researcher"
    assert at.multiselect(key="sector").value == ["tech-industry", "academia"]
    assert url(at) == {
        "text": ["grooming"],
        "role": ["researcher"],
        "sector": ["tech-industry", "academia"],
    }
    assert not at.warning


def test_unknown_sector_in_the_link_is_dropped_with_a_notice() -> None:
    """A sector the taxonomy does not know is dropped, said once, and left out of the URL."""
    at = open_page(contacts_page, {"sector": ["academia", "<b>bogus</b>"]})
    assert [w.value for w in at.warning] == [
        "1 value in this link was not recognised and dropped (sector)."
    ]
    assert at.multiselect(key="sector").value == ["academia"]
    assert card_names(at) == ["Safe Lab Test"]
    assert url(at) == {"sector": ["academia"]}
    assert not any("bogus" in s for s in sources(at))
    rerun(at)
    assert not at.warning


def test_choosing_sectors_writes_them_to_the_url() -> None:
    """Choosing sectors in the sidebar writes `sector` (repeated) to the URL; clearing them
    removes it."""
    at = open_page(contacts_page)
    at.multiselect(key="sector").set_value(["academia"])
    rerun(at)
    assert url(at) == {"sector": ["academia"]}
    assert card_names(at) == ["Safe Lab Test"]
    at.multiselect(key="sector").set_value(["academia", "helpline-hotline"])
    rerun(at)
    assert url(at) == {"sector": ["academia", "helpline-hotline"]}
    assert card_names(at) == ["Helpline Network Test", "Safe Lab Test"]
    at.multiselect(key="sector").set_value([])
    rerun(at)
    assert url(at) == {}


def test_cards_show_the_contact_channel_people_and_work() -> None:
    """Each card names its channel (contact address, else website), people with role and
    source, and its work."""
    at = open_page(contacts_page)
    texts = [m.value for m in at.markdown]
    helpline = bridge.plain_markdown("mailto:info@helpline.example.org")
    lab = bridge.plain_markdown("https://safelab.example.org")
    alliance = bridge.plain_markdown("https://techalliance.example.org/contact")
    channels = [t for t in texts if t.startswith(("Contact: ", "Website: ", "No public contact"))]
    assert channels == [
        f"Contact: [{helpline}](<mailto:info@helpline.example.org>)",
        f"Website: [{lab}](<https://safelab.example.org>)",
        f"Contact: [{alliance}](<https://techalliance.example.org/contact>)",
    ]
    assert (
        "- Dr Test Person, Director of the imaginary lab (source: Synthetic test fixture)" in texts
    )
    assert any(t.startswith("**Their work**\n- ") for t in texts)


def test_no_contact_gives_a_notice_and_no_downloads() -> None:
    """A sector no organisation is in: 0 match, the filter to relax named, no downloads."""
    at = open_page(contacts_page, {"sector": "funder"})
    assert page_headings(at) == ["0 organisations match your profile"]
    assert [i.value for i in at.info] == [
        bridge.plain_markdown("No records pass these filters; try removing the sector filter.")
    ]
    assert card_names(at) == [] and download_keys(at) == []


# Workshop packs


def upload(at: AppTest, data: bytes, name: str = "room.csv") -> AppTest:
    at.file_uploader(key="participants").set_value((name, data, "text/csv"))
    return rerun(at)


def frames(at: AppTest) -> list[pd.DataFrame]:
    """The page's tables in order (AppTest does not expose a read-only table's key)."""
    return [d.value for d in at.dataframe]


def test_packs_page_offers_the_template_before_any_upload() -> None:
    """Before an upload: the template download, the uploader, and no zip."""
    at = open_page(packs_page)
    assert [t.value for t in at.title] == ["Workshop packs"]
    assert download_keys(at) == ["template"]
    assert at.get("download_button")[0].label == "Download a template CSV"
    assert at.file_uploader(key="participants").label == "Participants (CSV)"
    assert "Nothing you upload is stored: it stays in this browser session." in sources(at)


def test_a_valid_room_shows_participants_pairs_and_the_zip(engine: bridge.Engine) -> None:
    """Uploading a valid room: a success line, the zip download, the participants, the
    suggested pairs, the shared resources and a preview of the first pack."""
    at = upload(open_page(packs_page), ROOM.encode())
    assert [s.value for s in at.success] == ["4 participants; 2 suggested pairs."]
    assert download_keys(at) == ["template", "packs-zip"]
    assert at.get("download_button")[1].label == "Download every pack (zip)"
    participants, pairs, shared = frames(at)
    assert participants.to_dict("records") == [
        {
            "Name": "Rosa Example",
            "Role": "Researcher",
            "Harms": "Online grooming",
            "Regions": "Philippines",
            "Interests": "grooming on chat apps",
        },
        {
            "Name": "Hamid Example",
            "Role": "Helplines and frontline services",
            "Harms": "",
            "Regions": "Kenya, Africa",
            "Interests": "child helplines",
        },
        {
            "Name": "Tess Example",
            "Role": "Trust & Safety professional",
            "Harms": "Child sexual abuse material",
            "Regions": "Global",
            "Interests": "hash matching on platforms",
        },
        {
            "Name": "Pat Example",
            "Role": "Policymaker",
            "Harms": "Sextortion",
            "Regions": "ASEAN",
            "Interests": "policy on sextortion",
        },
    ]
    assert list(pairs.columns) == ["First", "Second", "Why"]
    assert pairs[["First", "Second"]].values.tolist() == [
        ["Hamid Example", "Tess Example"],
        ["Rosa Example", "Pat Example"],
    ]
    assert list(shared.columns) == ["Resource", "Packs", "Who"]
    assert page_headings(at) == [
        "Participants",
        "Suggested pairs",
        "Resources the room shares",
        "Preview a pack",
    ]
    room = bridge.read_participants(ROOM.encode(), "room.csv", engine.catalogue.taxonomy)
    workshop = bridge.build_workshop(room, engine, top=10)
    first = bridge.pack_markdown(
        workshop.packs[0], engine.catalogue, escape_text=bridge.plain_markdown
    )
    assert at.markdown[-1].value == first.rstrip("\n")  # Streamlit drops the final newline
    at.selectbox(key="pack-preview").set_value(2)
    rerun(at)
    assert at.markdown[-1].value.startswith("# Resources for Tess Example\n")


def test_the_slider_sets_resources_per_pack() -> None:
    """'Resources per pack' bounds each previewed pack's list."""
    at = upload(open_page(packs_page), ROOM.encode())
    at.slider(key="pack_top").set_value(3)
    rerun(at)
    at.selectbox(key="pack-preview").set_value(1)
    rerun(at)
    listed = re.findall(r"^\d+\. \*\*", at.markdown[-1].value, flags=re.MULTILINE)
    assert 1 <= len(listed) <= 3


def test_a_bad_room_shows_the_error_table_and_no_zip() -> None:
    """Every bad row is listed with Row, Column and Problem; nothing is made."""
    bad = b"name,role,harms,regions,interests\nAnn,astronaut,,,\nBen,researcher,,Atlantis,\n"
    bad += b",parent,,,\n"
    at = upload(open_page(packs_page), bad)
    assert [e.value for e in at.error] == [
        "3 problems; nothing was made. Fix them and upload again."
    ]
    assert download_keys(at) == ["template"]
    (errors,) = frames(at)
    assert list(errors.columns) == ["Row", "Column", "Problem"]
    assert errors.to_dict("records") == [
        {"Row": 2, "Column": "role", "Problem": "'astronaut' is not a known role"},
        {"Row": 3, "Column": "regions", "Problem": "'Atlantis' is not a known region"},
        {"Row": 4, "Column": "name", "Problem": "a name is required"},
    ]
    assert not at.success and not at.selectbox


def test_a_file_level_problem_has_an_empty_row_cell() -> None:
    """A problem of the whole file (not UTF-8) shows with an empty Row."""
    at = upload(open_page(packs_page), "name,role\nZoë,parent\n".encode("latin-1"))
    (errors,) = frames(at)
    assert errors.to_dict("records") == [
        {"Row": "", "Column": "", "Problem": "the file is not UTF-8 text; save it as 'CSV UTF-8'"}
    ]
    assert download_keys(at) == ["template"]


def test_an_oversized_upload_is_refused() -> None:
    """A file over 1 MB is refused before it is read; no zip."""
    big = b"name,role\n" + b"x" * 1_000_000
    at = upload(open_page(packs_page), big)
    assert [e.value for e in at.error] == ["The file is larger than 1 MB."]
    assert download_keys(at) == ["template"] and not at.dataframe


def test_uploaded_markup_appears_only_escaped() -> None:
    """Names and interests with HTML, links and directives are escaped in every Markdown
    element (the preview included); they appear raw only as dataframe cells."""
    hostile = (
        "name,role,harms,regions,interests\n"
        f'"{HOSTILE_NAME}",researcher,grooming,,"{HOSTILE_INTERESTS}"\n'
        '"<img src=y onerror=alert(4)>",helpline,grooming,,grooming\n'
    )
    at = upload(open_page(packs_page), hostile.encode())
    assert download_keys(at) == ["template", "packs-zip"]
    texts = sources(at)
    raw = re.compile(r"(?<!\\)(<script|<img|\[x\]|:red\[|\$x)")
    assert [t for t in texts if raw.search(t)] == []
    preview = at.markdown[-1].value
    assert preview.splitlines()[0] == f"# Resources for {bridge.plain_markdown(HOSTILE_NAME)}"
    assert f"Interests: {bridge.plain_markdown(HOSTILE_INTERESTS)}" in preview.splitlines()
    names = frames(at)[0]["Name"].tolist()
    assert names == [HOSTILE_NAME, "<img src=y onerror=alert(4)>"]
    assert [o for o in at.selectbox(key="pack-preview").options] == [
        HOSTILE_NAME,
        "<img src=y onerror=alert(4)>",
    ]
