"""Workshop packs as files: Markdown and self-contained printable HTML per participant, a
group overview, and one zip of everything. Pure and deterministic: same room, same bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from html import escape

from bridge.formats.markup import escape_markdown
from bridge.formats.why import contact_why, why_summary
from bridge.model import Catalogue
from bridge.workshop.packs import Pack, Workshop

_CSS = """body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.45}h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;
border-bottom:1px solid #ccc}h3{font-size:1.05rem;margin-bottom:.2rem}.meta,.why{color:#444;
font-size:.9rem}li{margin:.2rem 0}table{border-collapse:collapse}td,th{border:1px solid #bbb;
padding:.25rem .5rem;text-align:left;vertical-align:top}@media print{a{color:inherit}
body{margin:0;max-width:none}h2{break-after:avoid}section{break-inside:avoid}}"""


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>{escape(title)}</title><meta name="viewport" '
        'content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _link(text: str, url: str | None) -> str:
    """A link only to an http, https or mailto URL (the catalogue checked them); else text."""
    if url and url.split(":", 1)[0].lower() in ("http", "https", "mailto"):
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{escape(text)}</a>'
    return escape(text)


def _profile_line(pack: Pack, catalogue: Catalogue) -> str:
    p, t = pack.participant, catalogue.taxonomy
    parts = [t.roles.label(p.role)]
    parts += [", ".join(t.harms.label(h) for h in p.harms)] if p.harms else []
    parts += [", ".join(p.regions)] if p.regions else []
    return " · ".join(parts)


def pack_markdown(
    pack: Pack, catalogue: Catalogue, *, escape_text: Callable[[str], str] = escape_markdown
) -> str:
    """A participant's pack in Markdown; `escape_text` makes catalogue and upload text inert."""
    p = pack.participant
    lines = [
        f"# Resources for {escape_text(p.name)}",
        "",
        escape_text(_profile_line(pack, catalogue)),
        "",
    ]
    if p.interests:
        lines += [f"Interests: {escape_text(p.interests)}", ""]
    lines += [f"> {escape_text(n)}" for n in pack.notices]
    lines += ["## Resources", ""]
    for rank, match in enumerate(pack.resources, start=1):
        r = match.record
        title = escape_text(r.title)
        head = f"[{title}](<{r.url}>)" if r.url else title
        facts = escape_text(
            " · ".join(
                x
                for x in (catalogue.organisation_name(r.organisation), r.kind, str(r.year or ""))
                if x
            )
        )
        lines += [
            f"{rank}. **{head}** ({facts})",
            f"   {escape_text(r.summary)}",
            f"   *Why:* {escape_text(why_summary(match))}",
            "",
        ]
    lines += ["## Contacts", ""]
    for contact in pack.contacts:
        o = contact.organisation
        link = o.contact or o.url
        channel = f" <{link}>" if link else ""
        lines.append(f"- **{escape_text(o.name)}**{channel}: {escape_text(contact_why(contact))}")
    return "\n".join(lines) + "\n"


def pack_html(pack: Pack, catalogue: Catalogue) -> str:
    p = pack.participant
    body = [
        f"<h1>Resources for {escape(p.name)}</h1>",
        f'<p class="meta">{escape(_profile_line(pack, catalogue))}</p>',
    ]
    if p.interests:
        body.append(f"<p>Interests: {escape(p.interests)}</p>")
    body += [f'<p class="why">{escape(n)}</p>' for n in pack.notices]
    body.append("<h2>Resources</h2>")
    for rank, match in enumerate(pack.resources, start=1):
        r = match.record
        facts = " · ".join(
            x for x in (catalogue.organisation_name(r.organisation), r.kind, str(r.year or "")) if x
        )
        body += [
            "<section>",
            f"<h3>{rank}. {_link(r.title, r.url)}</h3>",
            f'<p class="meta">{escape(facts)}</p>',
            f"<p>{escape(r.summary)}</p>",
            f'<p class="why">Why: {escape(why_summary(match))}</p>',
            "</section>",
        ]
    body += ["<h2>Contacts</h2>", "<ul>"]
    for contact in pack.contacts:
        o = contact.organisation
        channel = (
            _link(o.contact or o.url or "", o.contact or o.url) if (o.contact or o.url) else ""
        )
        body.append(
            f"<li><strong>{escape(o.name)}</strong> {channel}"
            f'<br><span class="why">{escape(contact_why(contact))}</span></li>'
        )
    body.append("</ul>")
    return _page(f"Resources for {p.name}", body)


def overview_markdown(workshop: Workshop, catalogue: Catalogue) -> str:
    lines = [
        "# Workshop overview",
        "",
        f"{len(workshop.packs)} participants.",
        "",
        "## Participants",
        "",
        "| Name | Role | Harms | Regions | Pack |",
        "|---|---|---|---|---|",
    ]
    for pack in workshop.packs:
        cells = [*_profile_cells(pack, catalogue), f"{pack.slug}.html"]
        lines.append("| " + " | ".join(escape_markdown(c) for c in cells) + " |")
    lines += ["", "## Who covers what", ""]
    lines += [
        f"- {escape_markdown(label)}: {escape_markdown(', '.join(names))}"
        for label, names in _coverage(workshop, catalogue)
    ]
    lines += ["", "## Resources the room shares", ""]
    lines += [
        f"- {escape_markdown(s.resource.title)}: in {len(s.holders)} packs "
        f"({escape_markdown(', '.join(s.holders))})"
        for s in workshop.shared
    ] or ["- none"]
    lines += ["", "## Suggested pairs", ""]
    lines += [
        f"- **{escape_markdown(pair.first.name)}** and **{escape_markdown(pair.second.name)}**: "
        f"{escape_markdown('; '.join(pair.reasons))}"
        for pair in workshop.pairs
    ] or ["- none"]
    if workshop.unpaired:
        lines += [
            "",
            "Not paired (no complementary role with shared interests): "
            + escape_markdown(", ".join(workshop.unpaired)),
        ]
    return "\n".join(lines) + "\n"


def _profile_cells(pack: Pack, catalogue: Catalogue) -> list[str]:
    """A participant's row of the overview: name, role, harms and regions, as plain text."""
    p, t = pack.participant, catalogue.taxonomy
    return [
        p.name,
        t.roles.label(p.role),
        ", ".join(t.harms.label(h) for h in p.harms),
        ", ".join(p.regions),
    ]


def _coverage(workshop: Workshop, catalogue: Catalogue) -> list[tuple[str, list[str]]]:
    t = catalogue.taxonomy
    covered: dict[str, list[str]] = {}
    for pack in workshop.packs:
        p = pack.participant
        for label in [t.harms.label(h) for h in p.harms] + list(p.regions):
            covered.setdefault(label, []).append(p.name)
    return sorted(covered.items(), key=lambda item: (-len(item[1]), item[0]))


def overview_html(workshop: Workshop, catalogue: Catalogue) -> str:
    body = [
        "<h1>Workshop overview</h1>",
        f"<p>{len(workshop.packs)} participants.</p>",
        "<h2>Participants</h2>",
        "<table><tr><th>Name</th><th>Role</th><th>Harms</th><th>Regions</th><th>Pack</th></tr>",
    ]
    for pack in workshop.packs:
        cells = [escape(c) for c in _profile_cells(pack, catalogue)]
        cells.append(f'<a href="{pack.slug}.html">{pack.slug}.html</a>')
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    body += ["</table>", "<h2>Who covers what</h2>", "<ul>"]
    body += [
        f"<li>{escape(label)}: {escape(', '.join(names))}</li>"
        for label, names in _coverage(workshop, catalogue)
    ]
    body += ["</ul>", "<h2>Resources the room shares</h2>", "<ul>"]
    body += [
        f"<li>{_link(s.resource.title, s.resource.url)}: in {len(s.holders)} packs "
        f"({escape(', '.join(s.holders))})</li>"
        for s in workshop.shared
    ] or ["<li>none</li>"]
    body += ["</ul>", "<h2>Suggested pairs</h2>", "<ul>"]
    body += [
        f"<li><strong>{escape(pair.first.name)}</strong> and "
        f"<strong>{escape(pair.second.name)}</strong>: {escape('; '.join(pair.reasons))}</li>"
        for pair in workshop.pairs
    ] or ["<li>none</li>"]
    body.append("</ul>")
    if workshop.unpaired:
        body.append(f"<p>Not paired: {escape(', '.join(workshop.unpaired))}</p>")
    return _page("Workshop overview", body)


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
