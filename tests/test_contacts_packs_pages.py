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

DATA = REPO / "tests" / "data" / "registration"
GOOGLE = DATA / "google-forms.csv"
MICROSOFT = DATA / "microsoft-forms.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EDITOR = "pack-people"

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
    """Each card names its channel (contact address, else web page), people with role and
    source, and its work."""
    at = open_page(contacts_page)
    texts = [m.value for m in at.markdown]
    helpline = bridge.plain_markdown("mailto:info@helpline.example.org")
    lab = bridge.plain_markdown("https://safelab.example.org")
    alliance = bridge.plain_markdown("https://techalliance.example.org/contact")
    channels = [t for t in texts if t.startswith(("Contact: ", "Web page: ", "No public contact"))]
    assert channels == [
        f"Contact: [{helpline}](<mailto:info@helpline.example.org>)",
        f"Web page: [{lab}](<https://safelab.example.org>)",
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
    kind = "text/csv" if name.endswith(".csv") else XLSX_TYPE
    at.file_uploader(key="participants").set_value((name, data, kind))
    return rerun(at)


def frames(at: AppTest) -> list[pd.DataFrame]:
    """The page's read-only tables in order (AppTest does not expose their keys)."""
    return [d.value for d in at.dataframe if d.editing_mode == "read_only"]


def people(at: AppTest) -> pd.DataFrame:
    (editor,) = at.data_editor
    return editor.value


def make_packs(at: AppTest) -> AppTest:
    at.button(key="make-packs").click()
    return rerun(at)


def edit(at: AppTest, rows: dict[int, dict[str, object]]) -> AppTest:
    """Corrections typed in the participants table (AppTest seeds the editor's state)."""
    at.session_state[EDITOR] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return rerun(at)


def google(at: AppTest) -> AppTest:
    return upload(at, GOOGLE.read_bytes(), "google-forms.csv")


def test_packs_page_before_any_upload() -> None:
    """Before an upload: the template download, the uploader, and nothing to make."""
    at = open_page(packs_page)
    assert [t.value for t in at.title] == ["Workshop packs"]
    assert download_keys(at) == ["template"]
    assert at.get("download_button")[0].label == "Download a template CSV"
    assert at.file_uploader(key="participants").label == "Participants (CSV or XLSX)"
    assert "Nothing you upload is stored: it stays in this browser session." in sources(at)
    assert not at.button and not at.data_editor


def test_the_template_is_a_registration_export(engine: bridge.Engine) -> None:
    """The template reads as two people whose roles come from their job titles."""
    _, room = bridge.read_room(
        bridge.PARTICIPANTS_TEMPLATE.encode(), "template.csv", engine.catalogue.taxonomy
    )
    assert [(e.name, e.role.value if e.role else None) for e in room.entries] == [
        ("Ada Example", "researcher"),
        ("Ben Example", "helpline"),
    ]


def test_an_export_shows_the_columns_and_the_people() -> None:
    """The columns guessed, personal data named as never read, and the people with every
    inferred value marked; nothing is made before the button."""
    at = google(open_page(packs_page))
    assert page_headings(at) == ["Columns", "Participants"]
    assert {s.key: s.value for s in at.selectbox} == {
        "pack-column-organisation": "Organisation",
        "pack-column-job_title": "Job title",
        "pack-column-role": "(no column)",
        "pack-column-harms": "(no column)",
        "pack-column-regions": "Country",
    }
    assert {m.key: m.value for m in at.multiselect} == {
        "pack-column-name": ["Full name"],
        "pack-column-interests": ["Which topics are you most interested in?"],
    }
    assert "Email address" not in at.selectbox(key="pack-column-role").options
    assert bridge.plain_markdown(
        "Never read (personal contact data): Email address, Phone number (optional)"
    ) in sources(at)
    assert bridge.plain_markdown("Not used: Timestamp") in sources(at)
    table = people(at)
    assert list(table.columns) == [
        "Row", "Name", "Organisation", "Job title", "Role", "Harms", "Regions", "Interests",
        "Inferred",
    ]  # fmt: skip
    assert table.iloc[0].to_dict() == {
        "Row": 2,
        "Name": "Amara Okafor",
        "Organisation": "Lumen Social Inc.",
        "Job title": "Senior Trust & Safety Policy Manager",
        "Role": "Trust & Safety professional",
        "Harms": "Sextortion",
        "Regions": "United Kingdom",
        "Interests": "Sextortion (including financial sextortion), Platform policy and moderation",
        "Inferred": "role Trust & Safety professional (job title “Senior Trust & Safety Policy "
        "Manager”: trust & safety); harms Sextortion (interests: “Sextortion”)",
    }
    assert len(table) == 40
    assert not at.error and not at.button(key="make-packs").disabled
    assert download_keys(at) == ["template"]
    assert "The packs are made when you press **Make packs**." in sources(at)


def test_make_packs_shows_the_results_and_the_zip(engine: bridge.Engine) -> None:
    """The packs of the room as the library makes them: pairs, shared resources, preview;
    the overview names each person's organisation and job title."""
    at = make_packs(google(open_page(packs_page)))
    raw = GOOGLE.read_bytes()
    room = bridge.read_participants(
        raw,
        "google-forms.csv",
        engine.catalogue.taxonomy,
        organisations=engine.catalogue.organisations,
    )
    workshop = bridge.build_workshop(room, engine, top=10)
    assert [s.value for s in at.success] == [
        f"40 participants; {len(workshop.pairs)} suggested pairs."
    ]
    assert download_keys(at) == ["template", "packs-zip"]
    assert at.get("download_button")[1].label == "Download every pack (zip)"
    assert page_headings(at) == [
        "Columns",
        "Participants",
        "Suggested pairs",
        "Resources the room shares",
        "Preview a pack",
    ]
    pairs = frames(at)[0]
    assert pairs[["First", "Second"]].values.tolist() == [
        [p.first.name, p.second.name] for p in workshop.pairs
    ]
    first = bridge.pack_markdown(
        workshop.packs[0], engine.catalogue, escape_text=bridge.plain_markdown
    )
    assert at.markdown[-1].value == first.rstrip("\n")  # Streamlit drops the final newline
    assert first.splitlines()[2] == bridge.plain_markdown(
        "Senior Trust & Safety Policy Manager, Lumen Social Inc."
    )


def test_a_changed_column_changes_the_people() -> None:
    """Without the job title column, roles come from organisations alone; where nothing
    tells, the row is a problem and the packs cannot be made."""
    at = google(open_page(packs_page))
    at.selectbox(key="pack-column-job_title").set_value("(no column)")
    rerun(at)
    table = people(at)
    assert table["Job title"].tolist() == [""] * 40
    assert table.iloc[0]["Role"] == "Tech industry"
    assert table.iloc[0]["Inferred"].startswith(
        "role Tech industry (organisation “Lumen Social Inc.”: inc)"
    )
    (errors,) = frames(at)
    assert errors.iloc[0].to_dict() == {
        "Row": 9,
        "Column": "Organisation",
        "Problem": "cannot tell the role from “Nordic Institute for Child Studies”; add a role "
        "column or choose one",
    }
    assert at.button(key="make-packs").disabled


def test_a_corrected_role_reaches_the_pack(engine: bridge.Engine) -> None:
    """A role chosen in the table is the role the pack is made for."""
    at = edit(google(open_page(packs_page)), {0: {"Role": "Researcher", "Harms": "grooming"}})
    at = make_packs(at)
    preview = at.markdown[-1].value.splitlines()
    assert preview[:5] == [
        "# Resources for Amara Okafor",
        "",
        bridge.plain_markdown("Senior Trust & Safety Policy Manager, Lumen Social Inc."),
        "",
        bridge.plain_markdown("Researcher · Online grooming · United Kingdom"),
    ]


def test_a_row_problem_is_fixed_in_the_table() -> None:
    """A role nothing tells is a problem at its row and column; choosing the role in the
    table clears it and the packs can be made."""
    room = (
        "Full name,Organisation,Job title,Email\n"
        "Ana Example,Example University,Lecturer,ana@example.org\n"
        "Ben Example,Acme,Consultant,ben@example.org\n"
    )
    at = upload(open_page(packs_page), room.encode())
    assert [e.value for e in at.error] == [
        "1 problem. Fix these in the table above or in the file, then make the packs."
    ]
    assert frames(at)[0].to_dict("records") == [
        {
            "Row": 3,
            "Column": "Job title",
            "Problem": "cannot tell the role from “Consultant” at “Acme”; add a role column "
            "or choose one",
        }
    ]
    roles = people(at)["Role"].tolist()
    assert roles[0] == "Researcher" and pd.isna(roles[1])
    assert at.button(key="make-packs").disabled
    at = edit(at, {1: {"Role": "Funder"}})
    assert not at.error and not at.button(key="make-packs").disabled
    at = make_packs(at)
    assert [s.value for s in at.success] == ["2 participants; 1 suggested pairs."]
    shown = " ".join(sources(at)) + people(at).to_string()
    assert "ana@example.org" not in shown and "ben@example.org" not in shown


def test_the_packs_are_made_once_per_state(
    monkeypatch: pytest.MonkeyPatch, engine: bridge.Engine
) -> None:
    """Other interactions show the packs again without making them; a changed number of
    resources asks to make them again, and going back shows the packs already made."""
    calls: list[int] = []
    real = bridge.build_workshop

    def counted(*args: object, **kwargs: object) -> bridge.Workshop:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bridge, "build_workshop", counted)
    at = make_packs(google(open_page(packs_page)))
    at.selectbox(key="pack-preview").set_value(3)
    rerun(at)
    rerun(at)
    assert at.markdown[-1].value.startswith("# Resources for Joseph Mwangi")
    assert len(calls) == 1
    at.slider(key="pack_top").set_value(3)
    rerun(at)
    assert not at.success and download_keys(at) == ["template"]
    assert (
        "The columns, the table or the number of resources changed since the packs were "
        "made; press **Make packs** to make them again."
    ) in sources(at)
    make_packs(at)
    room = bridge.read_participants(
        GOOGLE.read_bytes(), "google-forms.csv", engine.catalogue.taxonomy,
        organisations=engine.catalogue.organisations,
    )  # fmt: skip
    first = real(room, engine, top=3).packs[0]
    assert at.markdown[-1].value == bridge.pack_markdown(
        first, engine.catalogue, escape_text=bridge.plain_markdown
    ).rstrip("\n")
    at.slider(key="pack_top").set_value(10)
    rerun(at)
    assert len(calls) == 2 and at.success


def test_a_microsoft_forms_workbook() -> None:
    """The XLSX export: its two questions join into the interests; 40 packs."""
    at = upload(open_page(packs_page), MICROSOFT.read_bytes(), "microsoft-forms.xlsx")
    assert at.multiselect(key="pack-column-interests").value == [
        "Which topics are you most interested in?",
        "What would you like to get out of the workshop?",
    ]
    assert at.selectbox(key="pack-column-organisation").value == "Organisation name"
    assert people(at)["Role"].tolist()[:3] == [
        "Trust & Safety professional",
        "Researcher",
        "Law enforcement",
    ]
    at = make_packs(at)
    assert at.success[0].value.startswith("40 participants; ")


def test_a_file_level_problem_has_an_empty_row_cell() -> None:
    """A problem of the whole file (not UTF-8) shows with an empty Row; nothing else."""
    at = upload(open_page(packs_page), "name,role\nZoë,parent\n".encode("latin-1"))
    assert [e.value for e in at.error] == ["1 problem. The file cannot be read; nothing was made."]
    assert frames(at)[0].to_dict("records") == [
        {"Row": "", "Column": "", "Problem": "the file is not UTF-8 text; save it as 'CSV UTF-8'"}
    ]
    assert download_keys(at) == ["template"] and not at.data_editor


def test_an_oversized_upload_is_refused() -> None:
    """A file over 1 MB is refused before it is read."""
    big = b"name,role\n" + b"x" * 1_000_000
    at = upload(open_page(packs_page), big)
    assert [e.value for e in at.error] == ["The file is larger than 1 MB."]
    assert download_keys(at) == ["template"] and not at.dataframe


def test_uploaded_markup_appears_only_escaped() -> None:
    """Names, interests and headers with HTML, links and directives are escaped in every
    Markdown element (the preview included); they appear raw only as table cells."""
    hostile = (
        "name,role,harms,regions,interests,<b>Email</b>\n"
        f'"{HOSTILE_NAME}",researcher,grooming,,"{HOSTILE_INTERESTS}",x@example.org\n'
        '"<img src=y onerror=alert(4)>",helpline,grooming,,grooming,y@example.org\n'
    )
    at = make_packs(upload(open_page(packs_page), hostile.encode()))
    assert download_keys(at) == ["template", "packs-zip"]
    texts = sources(at)
    raw = re.compile(r"(?<!\\)(<script|<img|<b>|\[x\]|:red\[|\$x)")
    assert [t for t in texts if raw.search(t)] == []
    preview = at.markdown[-1].value
    assert preview.splitlines()[0] == f"# Resources for {bridge.plain_markdown(HOSTILE_NAME)}"
    assert f"Interests: {bridge.plain_markdown(HOSTILE_INTERESTS)}" in preview.splitlines()
    assert people(at)["Name"].tolist() == [HOSTILE_NAME, "<img src=y onerror=alert(4)>"]
    assert [o for o in at.selectbox(key="pack-preview").options] == [
        HOSTILE_NAME,
        "<img src=y onerror=alert(4)>",
    ]


@pytest.mark.parametrize("shown", [contacts_page, packs_page], ids=["contacts", "packs"])
def test_a_page_of_organisations_keeps_their_index_beside_the_stored_engine(
    ui_engine: object,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    literal_folder: Path,
    shown: object,
) -> None:
    """Find contacts and Workshop packs ready the organisations' index through the stored
    engine: built and kept beside it (here in a cache of the test's own), so a later app or
    command reads it back."""
    monkeypatch.setenv("BRIDGE_CACHE_DIR", str(tmp_path / "cache"))
    open_page(shown)
    entry = bridge.open_engine(literal_folder).entry
    assert entry is not None
    assert sorted(p.name for p in entry.iterdir()) == [
        "catalogue.json", "catalogue.npz", "contacts.json", "contacts.npz",
        "fitted.json", "fitted.npz",
    ]  # fmt: skip
