"""bridge/packrender.py: a workshop as files. Golden Markdown and HTML of a small literal room
(tests/golden/packs/, regenerated with BRIDGE_UPDATE_GOLDEN=1), uploaded text made inert in
HTML and Markdown, links only to http, https and mailto, and a byte-stable zip."""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from engine_world import resource

from bridge.engine.rank import Engine
from bridge.formats.markup import escape_markdown
from bridge.formats.packs import (
    overview_html,
    overview_markdown,
    pack_html,
    pack_markdown,
    workshop_files,
    zip_bytes,
)
from bridge.model import Catalogue, Organisation
from bridge.taxonomy import Taxonomy
from bridge.workshop.columns import is_personal
from bridge.workshop.packs import Workshop, build_workshop
from bridge.workshop.participants import Participant
from bridge.workshop.registration import read_participants
from bridge.workshop.spreadsheets import read_sheet

GOLDEN = Path(__file__).resolve().parent / "golden" / "packs"
UPDATE_GOLDEN = os.environ.get("BRIDGE_UPDATE_GOLDEN") == "1"

ROOM_CSV = (
    "name,organisation,job_title,role,harms,regions,interests\n"
    "Rosa Example,Example University,Lecturer in Criminology,researcher,grooming,Philippines,"
    "grooming on chat apps\n"
    "Hamid Example,Example Child Helpline,Helpline Manager,helpline,,Kenya; Africa,"
    "child helplines\n"
    "Tess Example,Example Platform Inc,Trust & Safety Lead,trust-safety,csam,Global,"
    "hash matching on platforms\n"
    "Pat Example,,,policymaker,sextortion,ASEAN,policy on sextortion\n"
)
GOLDEN_FILES = [
    "overview.html",
    "overview.md",
    "pack-hamid-example.html",
    "pack-hamid-example.md",
    "pack-pat-example.html",
    "pack-pat-example.md",
    "pack-rosa-example.html",
    "pack-rosa-example.md",
    "pack-tess-example.html",
    "pack-tess-example.md",
]
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "section", "a",
    "ul", "li", "strong", "br", "span", "table", "tr", "th", "td",
}  # fmt: skip


class Tags(HTMLParser):
    """Every start tag of a document, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def hrefs(self) -> list[str]:
        return [a["href"] or "" for t, a in self.tags if t == "a"]

    @property
    def attributes(self) -> set[str]:
        return {name for _, attrs in self.tags for name in attrs}


@pytest.fixture(scope="module")
def literal_engine(literal_catalogue: Catalogue) -> Engine:
    return Engine(literal_catalogue)


@pytest.fixture(scope="module")
def golden_workshop(literal_engine: Engine) -> Workshop:
    room = read_participants(ROOM_CSV.encode(), "room.csv", literal_engine.catalogue.taxonomy)
    return build_workshop(room, literal_engine, top=3)


@pytest.fixture(scope="module")
def golden_files(golden_workshop: Workshop, literal_engine: Engine) -> dict[str, str]:
    return workshop_files(golden_workshop, literal_engine.catalogue)


# Golden files


def test_workshop_files_are_the_overview_and_two_per_person(golden_files: dict[str, str]) -> None:
    """The overview in Markdown and HTML, then a Markdown and an HTML pack per person."""
    assert sorted(golden_files) == GOLDEN_FILES
    assert list(golden_files)[:2] == ["overview.md", "overview.html"]


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_golden_pack_files(golden_files: dict[str, str], name: str) -> None:
    """Every file of the literal room's workshop equals its golden file.

    Regenerate after a deliberate change with BRIDGE_UPDATE_GOLDEN=1 and review the diff.
    """
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(golden_files[name].encode("utf-8"))
    assert golden_files[name] == path.read_bytes().decode("utf-8")


def test_golden_folder_holds_no_stale_files() -> None:
    """The golden folder holds exactly the files the room produces."""
    assert sorted(p.name for p in GOLDEN.iterdir()) == GOLDEN_FILES


def test_overview_has_the_pairs_of_the_room(golden_workshop: Workshop) -> None:
    """The literal room pairs the helpline with T&S and the researcher with the policymaker."""
    assert [(p.first.name, p.second.name) for p in golden_workshop.pairs] == [
        ("Hamid Example", "Tess Example"),
        ("Rosa Example", "Pat Example"),
    ]
    assert golden_workshop.unpaired == ()


def test_overview_of_a_room_of_one_says_none(literal_engine: Engine) -> None:
    """Nothing shared and no pairs: the overview says 'none' and lists the unpaired person."""
    solo = Participant(2, "Solo Example", "parent", (), (), "")
    text = overview_markdown(
        build_workshop([solo], literal_engine, top=3), literal_engine.catalogue
    )
    assert text.endswith(
        "## Resources the room shares\n\n- none\n\n## Suggested pairs\n\n- none\n\n"
        "Not paired \\(no complementary role with shared interests\\): Solo Example\n"
    )


# Uploaded text is data, never markup

HOSTILE_NAME = '<script>alert(1)</script> **Ann** [x](javascript:alert(2)) "q" & co'
HOSTILE_INTERESTS = "<img src=x onerror=alert(3)> ![p](https://evil.example/p.png) grooming"


@pytest.fixture(scope="module")
def hostile_workshop(literal_engine: Engine) -> Workshop:
    people = [
        Participant(2, HOSTILE_NAME, "researcher", ("grooming",), (), HOSTILE_INTERESTS),
        Participant(3, "<img src=y onerror=alert(4)>", "helpline", ("grooming",), (), "grooming"),
    ]
    return build_workshop(people, literal_engine, top=3)


def test_html_escapes_names_and_interests(
    hostile_workshop: Workshop, literal_engine: Engine
) -> None:
    """<script> and <img onerror> in names and interests are text in every HTML file: only
    the renderer's own tags, no event attributes, the text read back as written."""
    catalogue = literal_engine.catalogue
    pack = hostile_workshop.packs[0]
    documents = [pack_html(p, catalogue) for p in hostile_workshop.packs]
    documents.append(overview_html(hostile_workshop, catalogue))
    for document in documents:
        parsed = Tags(document)
        assert {tag for tag, _ in parsed.tags} <= ALLOWED_TAGS
        assert not {a for a in parsed.attributes if a.startswith("on")}
        assert "<script" not in document.lower() and "<img" not in document.lower()
    html = pack_html(pack, catalogue)
    assert (
        "<h1>Resources for &lt;script&gt;alert(1)&lt;/script&gt; **Ann** "
        "[x](javascript:alert(2)) &quot;q&quot; &amp; co</h1>"
    ) in html
    assert "<p>Interests: &lt;img src=x onerror=alert(3)&gt; " in html
    parsed = Tags(html)
    assert f"Resources for {HOSTILE_NAME}" in parsed.text
    assert f"Interests: {HOSTILE_INTERESTS}" in parsed.text
    overview = Tags(overview_html(hostile_workshop, catalogue))
    assert HOSTILE_NAME in overview.text and "<img src=y onerror=alert(4)>" in overview.text


def test_markdown_escapes_names_and_interests(
    hostile_workshop: Workshop, literal_engine: Engine
) -> None:
    """In Markdown the name and interests are escaped: no emphasis, link, image or HTML."""
    catalogue = literal_engine.catalogue
    text = pack_markdown(hostile_workshop.packs[0], catalogue)
    assert text.splitlines()[0] == f"# Resources for {escape_markdown(HOSTILE_NAME)}"
    assert f"Interests: {escape_markdown(HOSTILE_INTERESTS)}" in text.splitlines()
    unescaped = re.compile(r"(?<!\\)(<script|<img|!\[|\[x\])")
    assert unescaped.findall(text) == []
    overview = overview_markdown(hostile_workshop, catalogue)
    assert unescaped.findall(overview) == []
    assert escape_markdown(HOSTILE_NAME) in overview


def test_html_links_only_http_https_and_mailto(taxonomy: Taxonomy) -> None:
    """An organisation or record URL with another scheme is shown as text, never as a link;
    http, https and mailto channels are links (a catalogue built in Python, so unchecked)."""
    organisations = (
        Organisation(
            "org-a", "Bad Channel Test", "helpline-hotline", "Imaginary.",
            url="data:text/html,<b>x</b>", contact="javascript:alert(1)",
        ),
        Organisation(
            "org-b", "Good Channel Test", "civil-society", "Imaginary.",
            harms=("grooming",), contact="mailto:hello@good.example.org",
        ),
        Organisation(
            "org-c", "Web Channel Test", "academia", "Imaginary.",
            url="https://web.example.org",
        ),
    )  # fmt: skip
    records = (
        replace(
            resource("bad-link", "Bad link record", org="org-a", harms=("grooming",)),
            url=" JavaScript:alert(2)",
        ),
        replace(
            resource("good-link", "Good link record", org="org-c", harms=("grooming",)),
            url="http://good.example.org/record",
        ),
    )
    catalogue = Catalogue(records, organisations, taxonomy)
    engine = Engine(catalogue)
    person = Participant(2, "Ann", "researcher", ("grooming",), (), "grooming")
    (pack,) = build_workshop([person], engine, top=5).packs
    html = pack_html(pack, catalogue)
    hrefs = Tags(html).hrefs
    assert sorted(hrefs) == [
        "http://good.example.org/record",
        "https://web.example.org",
        "mailto:hello@good.example.org",
    ]
    assert [m.record.id for m in pack.resources] == ["bad-link", "good-link"]
    assert "<h3>1. Bad link record</h3>" in html  # the title, not a link
    assert "<strong>Bad Channel Test</strong> javascript:alert(1)<br>" in html  # shown as text


# The zip


def test_zip_bytes_is_byte_identical_across_calls(
    golden_files: dict[str, str], literal_engine: Engine
) -> None:
    """The same files give the same bytes; so does a fresh build of the same room."""
    room = read_participants(ROOM_CSV.encode(), "room.csv", literal_engine.catalogue.taxonomy)
    again = workshop_files(build_workshop(room, literal_engine, top=3), literal_engine.catalogue)
    assert zip_bytes(golden_files) == zip_bytes(golden_files) == zip_bytes(again)
    assert zip_bytes(dict(reversed(golden_files.items()))) == zip_bytes(golden_files)


def test_zip_holds_every_file_in_one_folder(golden_files: dict[str, str]) -> None:
    """Every file under workshop/, sorted, with a fixed timestamp and its text in UTF-8."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes(golden_files))) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == [f"workshop/{n}" for n in GOLDEN_FILES]
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        assert {n: archive.read(f"workshop/{n}").decode() for n in GOLDEN_FILES} == golden_files


# Organisation and job title


def test_a_pack_names_the_job_title_and_organisation(golden_files: dict[str, str]) -> None:
    """Under the name, in both files; a person without either has no such line."""
    rosa_md = golden_files["pack-rosa-example.md"].splitlines()
    assert rosa_md[:4] == [
        "# Resources for Rosa Example",
        "",
        "Lecturer in Criminology, Example University",
        "",
    ]
    assert (
        '<h1>Resources for Rosa Example</h1>\n<p class="meta">Lecturer in Criminology, '
        "Example University</p>\n"
    ) in golden_files["pack-rosa-example.html"]
    assert golden_files["pack-pat-example.md"].splitlines()[2] == (
        "Policymaker · Sextortion · ASEAN"
    )


def test_the_overview_leaves_out_columns_nobody_filled(literal_engine: Engine) -> None:
    solo = Participant(2, "Solo Example", "parent", (), (), "")
    workshop = build_workshop([solo], literal_engine, top=3)
    assert "| Name | Role | Harms | Regions | Pack |" in overview_markdown(
        workshop, literal_engine.catalogue
    )
    titled = replace(solo, job_title="Parent governor")
    workshop = build_workshop([titled], literal_engine, top=3)
    html = overview_html(workshop, literal_engine.catalogue)
    assert "<tr><th>Name</th><th>Job title</th><th>Role</th>" in html
    assert "<td>Solo Example</td><td>Parent governor</td>" in html


def test_organisation_and_job_title_are_text(literal_engine: Engine) -> None:
    """Markup in an organisation or job title is escaped in every file."""
    person = Participant(
        2, "Ann", "researcher", ("grooming",), (), "grooming",
        "<img src=x onerror=alert(5)> Lab", "[x](javascript:alert(6)) **Lead**",
    )  # fmt: skip
    workshop = build_workshop([person], literal_engine, top=3)
    files = workshop_files(workshop, literal_engine.catalogue)
    for name, text in files.items():
        if name.endswith(".html"):
            parsed = Tags(text)
            assert {tag for tag, _ in parsed.tags} <= ALLOWED_TAGS
            assert "<img" not in text and "javascript:" not in "".join(parsed.hrefs)
        else:
            assert re.findall(r"(?<!\\)(<img|\[x\]|\*\*Lead)", text) == []


# No contact data in any file


REGISTRATION = Path(__file__).resolve().parent / "data" / "registration"


@pytest.mark.parametrize("name", ["google-forms.csv", "microsoft-forms.xlsx"])
def test_no_email_or_phone_in_any_file(literal_engine: Engine, name: str) -> None:
    """The 40-row exports' packs, overview and zip hold none of their emails or phones."""
    raw = (REGISTRATION / name).read_bytes()
    sheet = read_sheet(raw, name)
    personal = [i for i, h in enumerate(sheet.headers) if is_personal(h)]
    secrets = {row.cells[i] for row in sheet.rows for i in personal if row.cells[i]}
    assert len(secrets) >= 60  # every email, and the phones given
    catalogue = literal_engine.catalogue
    room = read_participants(raw, name, catalogue.taxonomy)
    files = workshop_files(build_workshop(room, literal_engine, top=3), catalogue)
    archive = zip_bytes(files)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        unpacked = [opened.read(n).decode("utf-8") for n in opened.namelist()]
    texts = [*files.values(), *unpacked, archive.decode("latin-1")]
    assert len(files) == 82
    assert [s for s in secrets for text in texts if s in text] == []
    assert not any("@example." in text for text in texts)
