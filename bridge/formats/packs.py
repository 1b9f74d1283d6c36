"""Workshop packs as files: a pack per participant and a group overview, each built once as
a `Document` and written as Markdown and as self-contained printable HTML, and one zip of
everything. Pure and deterministic: same room, same bytes.

Nothing of a participant's contact data reaches these files: a participant holds none.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from bridge.formats.document import Document, Item, Items, Line, Paragraph, Section, Span, Table
from bridge.formats.document import html as html_page
from bridge.formats.document import markdown as markdown_page
from bridge.formats.markup import escape_markdown
from bridge.formats.why import contact_why, why_summary
from bridge.model import Catalogue
from bridge.workshop.packs import Pack, Workshop

NOT_PAIRED = "Not paired (no complementary role with shared interests): "


def pack_document(pack: Pack, catalogue: Catalogue) -> Document:
    """A participant's pack: who they are, their profile and interests, then their ranked
    resources (each with why) and contacts."""
    p = pack.participant
    head: list[Paragraph] = []
    if p.affiliation:
        head.append(Paragraph(_line(p.affiliation), "meta"))
    head.append(Paragraph(_line(_profile_line(pack, catalogue)), "meta"))
    if p.interests:
        head.append(Paragraph(_line(p.interests), label="Interests"))
    head += [Paragraph(_line(notice), "note") for notice in pack.notices]
    return Document(
        f"Resources for {p.name}",
        tuple(head),
        (
            Section("Resources", (_resources(pack, catalogue),)),
            Section("Contacts", (_contacts(pack),)),
        ),
    )


def _line(text: str) -> Line:
    return (Span(text),)


def _profile_line(pack: Pack, catalogue: Catalogue) -> str:
    p, t = pack.participant, catalogue.taxonomy
    parts = [t.roles.label(p.role)]
    parts += [", ".join(t.harms.label(h) for h in p.harms)] if p.harms else []
    parts += [", ".join(p.regions)] if p.regions else []
    return " · ".join(parts)


def _resources(pack: Pack, catalogue: Catalogue) -> Items:
    items = []
    for match in pack.resources:
        r = match.record
        facts = (catalogue.organisation_name(r.organisation), r.kind, str(r.year or ""))
        details = (
            Paragraph(_line(" · ".join(x for x in facts if x)), "meta"),
            Paragraph(_line(r.summary)),
            Paragraph(_line(why_summary(match)), "why", label="Why"),
        )
        items.append(Item((Span(r.title, url=r.url),), details))
    return Items(tuple(items), ranked=True, empty="No resource matches this profile.")


def _contacts(pack: Pack) -> Items:
    items = []
    for contact in pack.contacts:
        o = contact.organisation
        channel = o.contact or o.url
        head: Line = (Span(o.name, strong=True),)
        head += (Span(" "), Span(channel, url=channel)) if channel else ()
        items.append(Item(head, (Paragraph(_line(contact_why(contact)), "why"),)))
    return Items(tuple(items), empty="No organisation matches this profile.")


def overview_document(workshop: Workshop, catalogue: Catalogue) -> Document:
    """The room at a glance: who is in it and where they work, who covers which harms and
    regions, the resources several packs share, and suggested pairs."""
    shared = Items(
        tuple(
            Item((Span(s.resource.title, url=s.resource.url), Span(_held(s.holders))))
            for s in workshop.shared
        ),
        empty="none",
    )
    pairs: list[Paragraph | Items] = [_pairs(workshop)]
    if workshop.unpaired:
        pairs.append(Paragraph(_line(NOT_PAIRED + ", ".join(workshop.unpaired))))
    return Document(
        "Workshop overview",
        (Paragraph(_line(f"{len(workshop.packs)} participants.")),),
        (
            Section("Participants", (_participants(workshop, catalogue),)),
            Section("Who covers what", (_coverage(workshop, catalogue),)),
            Section("Resources the room shares", (shared,)),
            Section("Suggested pairs", tuple(pairs)),
        ),
    )


def _held(holders: tuple[str, ...]) -> str:
    return f": in {len(holders)} packs ({', '.join(holders)})"


def _participants(workshop: Workshop, catalogue: Catalogue) -> Table:
    """A row per participant; organisation and job title only when someone has one."""
    t = catalogue.taxonomy
    people = [pack.participant for pack in workshop.packs]
    columns = ["Name", "Organisation", "Job title", "Role", "Harms", "Regions", "Pack"]
    present = {
        "Organisation": any(p.organisation for p in people),
        "Job title": any(p.job_title for p in people),
    }
    keep = [c for c in columns if present.get(c, True)]
    rows = []
    for pack in workshop.packs:
        p = pack.participant
        cells = {
            "Name": p.name,
            "Organisation": p.organisation,
            "Job title": p.job_title,
            "Role": t.roles.label(p.role),
            "Harms": ", ".join(t.harms.label(h) for h in p.harms),
            "Regions": ", ".join(p.regions),
        }
        row = [(Span("", sibling=pack.slug),) if c == "Pack" else _line(cells[c]) for c in keep]
        rows.append(tuple(row))
    return Table(tuple(keep), tuple(rows))


def _coverage(workshop: Workshop, catalogue: Catalogue) -> Items:
    t = catalogue.taxonomy
    covered: dict[str, list[str]] = {}
    for pack in workshop.packs:
        p = pack.participant
        for label in [t.harms.label(h) for h in p.harms] + list(p.regions):
            covered.setdefault(label, []).append(p.name)
    ordered = sorted(covered.items(), key=lambda item: (-len(item[1]), item[0]))
    return Items(
        tuple(Item(_line(f"{label}: {', '.join(names)}")) for label, names in ordered),
        empty="none",
    )


def _pairs(workshop: Workshop) -> Items:
    return Items(
        tuple(
            Item(
                (
                    Span(pair.first.name, strong=True),
                    Span(" and "),
                    Span(pair.second.name, strong=True),
                    Span(": " + "; ".join(pair.reasons)),
                )
            )
            for pair in workshop.pairs
        ),
        empty="none",
    )


def pack_markdown(
    pack: Pack, catalogue: Catalogue, *, escape_text: Callable[[str], str] = escape_markdown
) -> str:
    """A participant's pack in Markdown; `escape_text` makes catalogue and upload text inert."""
    return markdown_page(pack_document(pack, catalogue), escape_text=escape_text)


def pack_html(pack: Pack, catalogue: Catalogue) -> str:
    return html_page(pack_document(pack, catalogue))


def overview_markdown(workshop: Workshop, catalogue: Catalogue) -> str:
    return markdown_page(overview_document(workshop, catalogue))


def overview_html(workshop: Workshop, catalogue: Catalogue) -> str:
    return html_page(overview_document(workshop, catalogue))


def workshop_files(workshop: Workshop, catalogue: Catalogue) -> dict[str, str]:
    """Relative path -> text of every file: the overview and two files per participant."""
    files = {
        "overview.md": overview_markdown(workshop, catalogue),
        "overview.html": overview_html(workshop, catalogue),
    }
    for pack in workshop.packs:
        files[f"{pack.slug}.md"] = pack_markdown(pack, catalogue)
        files[f"{pack.slug}.html"] = pack_html(pack, catalogue)
    return files


def zip_bytes(files: dict[str, str]) -> bytes:
    """A zip of the files with fixed timestamps, so the same room gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"workshop/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name].encode("utf-8"))
    return buffer.getvalue()
