"""Workshop packs in a real browser: upload a room through the file input, confirm the columns,
make the packs, download the zip (built when clicked), then open one pack's printable HTML
from it. The Microsoft Forms workbook's emails and phone numbers appear nowhere."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from appserver import ROOT, main_area, open_app, wait_idle
from playwright.sync_api import Page, expect

import bridge

DATA = ROOT / "tests" / "data" / "registration"
ROOM = (
    "name,role,harms,regions,interests\n"
    "Rosa Researcher,researcher,sextortion,Philippines,"
    "links between scam centres and the sextortion of children\n"
    "Hamid Helpline,helpline,,Africa,running a child helpline that responds to online abuse\n"
    "Tess Safety,trust-safety,csam,Global,detecting abuse material on platforms\n"
    "Paul Policy,policymaker,grooming,Europe,laws on online grooming and platform regulation\n"
    "Tina Teacher,educator,grooming,United Kingdom,teaching pupils about online grooming\n"
)
STEMS = [
    "pack-hamid-helpline",
    "pack-paul-policy",
    "pack-rosa-researcher",
    "pack-tess-safety",
    "pack-tina-teacher",
]


def make_and_download(page: Page, tmp_path: Path, people: int) -> Path:
    """Press Make packs, wait for the packs, download the zip; its path."""
    main = main_area(page)
    main.get_by_role("button", name="Make packs").click()
    expect(main.get_by_text(f"{people} participants;")).to_be_visible()
    wait_idle(page)
    button = page.locator(".st-key-packs-zip").get_by_role("button")
    expect(button).to_have_text(re.compile("Download every pack"))
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "workshop-packs.zip"
    saved = tmp_path / "workshop-packs.zip"
    download.save_as(saved)
    return saved


def test_upload_a_room_download_the_zip_and_open_a_pack(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    """A five-person CSV uploaded on /packs gives a zip with a pack per person and the
    overview; the researcher's HTML pack opens with its heading and resource titles."""
    room = tmp_path / "room.csv"
    room.write_text(ROOM, encoding="utf-8")
    open_app(page, app_url + "/packs", "Download a template CSV")
    main_area(page).locator("input[type=file]").set_input_files(room)
    saved = make_and_download(page, tmp_path, 5)

    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(
            ["workshop/overview.md", "workshop/overview.html"]
            + [f"workshop/{s}.{ext}" for s in STEMS for ext in ("md", "html")]
        )
        overview = archive.read("workshop/overview.md").decode("utf-8")
        pack = archive.read("workshop/pack-rosa-researcher.html").decode("utf-8")
        archive.extractall(tmp_path / "unzipped")
    assert "## Suggested pairs\n\n- **" in overview
    titles = [html.unescape(t) for t in re.findall(r"<h3>\d+\. (?:<a [^>]*>)?([^<]+)", pack)]
    engine = bridge.Engine(bridge.read_catalogue(ROOT / "resources").catalogue)
    people = bridge.read_participants(ROOM.encode(), "room.csv", engine.catalogue.taxonomy)
    packs = bridge.build_workshop(people, engine, top=10).packs
    rosa = next(p for p in packs if p.slug == "pack-rosa-researcher")
    assert titles == [m.record.title for m in rosa.resources]

    opened = tmp_path / "unzipped" / "workshop" / "pack-rosa-researcher.html"
    page.goto(opened.as_uri())
    expect(page.get_by_role("heading", level=1)).to_have_text("Resources for Rosa Researcher")
    shown = page.get_by_role("heading", level=3)
    expect(shown).to_have_count(len(titles))
    for rank, title in enumerate(titles, start=1):
        expect(shown.nth(rank - 1)).to_have_text(f"{rank}. {title}")
    expect(page.get_by_role("heading", name="Contacts")).to_be_visible()
    assert page.title() == "Resources for Rosa Researcher"


def test_a_microsoft_forms_workbook_becomes_packs_without_contact_data(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    """The XLSX export: the columns shown to confirm (email and mobile never read) and one
    changed (no country column: regions only from the text), the people with roles read
    from their job titles, 40 packs; a pack names the person's job title and organisation,
    and no email or phone is in any file of the zip."""
    workbook = DATA / "microsoft-forms.xlsx"
    open_app(page, app_url + "/packs", "Download a template CSV")
    main = main_area(page)
    main.locator("input[type=file]").set_input_files(workbook)
    expect(main.get_by_role("heading", name="Columns")).to_be_visible()
    wait_idle(page)
    organisation = page.locator(".st-key-pack-column-organisation").get_by_role("combobox")
    expect(organisation).to_have_value("Organisation name")
    expect(
        main.get_by_text("Never read (personal contact data): Email, Mobile number")
    ).to_be_visible()
    expect(main.get_by_role("heading", name="Participants")).to_be_visible()
    regions = page.locator(".st-key-pack-column-regions").get_by_role("combobox")
    regions.click()
    page.get_by_role("option", name="(no column)", exact=True).click()
    expect(regions).to_have_value("(no column)")
    wait_idle(page)
    saved = make_and_download(page, tmp_path, 40)

    sheet = bridge.read_sheet(workbook.read_bytes(), workbook.name)
    personal = [sheet.column(h) for h in ("Email", "Mobile number (optional)")]
    secrets = {row.cells[i] for row in sheet.rows for i in personal if row.cells[i]}
    assert len(secrets) > 40
    with zipfile.ZipFile(saved) as archive:
        texts = [archive.read(name).decode("utf-8") for name in archive.namelist()]
        archive.extractall(tmp_path / "unzipped")
    assert len(texts) == 82
    assert [s for s in secrets for text in texts if s in text] == []
    overview = (tmp_path / "unzipped" / "workshop" / "overview.md").read_text(encoding="utf-8")
    rows = {line.split(" | ")[0]: line for line in overview.splitlines() if line.startswith("| ")}
    assert rows["| Aroha Ngata"].split(" | ")[5] == ""  # no country column: none in the text
    assert rows["| Sara Lindgren"].split(" | ")[5] == "Finland"  # read from the text

    opened = tmp_path / "unzipped" / "workshop" / "pack-aroha-ngata.html"
    page.goto(opened.as_uri())
    expect(page.get_by_role("heading", level=1)).to_have_text("Resources for Aroha Ngata")
    expect(page.locator("p.meta").first).to_have_text("Head of Trust & Safety, Tuatara Apps Ltd")
    expect(page.locator("p.meta").nth(1)).to_contain_text("Trust & Safety professional")
    assert "@example.net" not in page.content()
