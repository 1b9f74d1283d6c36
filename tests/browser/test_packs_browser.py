"""Workshop packs in a real browser: upload a room's CSV through the file input, download the
zip, then open one pack's printable HTML from it."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from appserver import ROOT, main_area, open_app, wait_idle
from playwright.sync_api import Page, expect

import bridge

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


def test_upload_a_room_download_the_zip_and_open_a_pack(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    """A five-person CSV uploaded on /packs gives a zip with a pack per person and the
    overview; the researcher's HTML pack opens with its heading and resource titles."""
    room = tmp_path / "room.csv"
    room.write_text(ROOM, encoding="utf-8")
    open_app(page, app_url + "/packs", "Download a template CSV")
    main = main_area(page)
    main.locator("input[type=file]").set_input_files(room)
    expect(main.get_by_text("5 participants;")).to_be_visible()
    wait_idle(page)
    button = page.locator(".st-key-packs-zip").get_by_role("button")
    expect(button).to_have_text(re.compile("Download every pack"))
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "workshop-packs.zip"
    saved = tmp_path / "workshop-packs.zip"
    download.save_as(saved)

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
    room = bridge.read_participants(ROOM.encode(), "room.csv", engine.catalogue.taxonomy)
    packs = bridge.build_workshop(room, engine, top=10).packs
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
