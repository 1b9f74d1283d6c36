"""A small document model (a title, paragraphs, lists, tables and sections of plain text and
checked links) and its two renderers, Markdown and self-contained printable HTML. A pack
or an overview is built once as a `Document`, so whatever it holds appears in both.

Text is always data: each renderer escapes it; a link is made only to an http, https or
mailto address, or to another file of the same set by its stem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Literal

from bridge.formats.cards import CHANNELS, safe_link
from bridge.formats.markup import escape_markdown

Style = Literal["plain", "meta", "why", "note"]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text: plain, strong, a link out (`url`) or to a file of the set (`sibling`,
    its stem; shown as the file's name when there is no text)."""

    text: str
    url: str | None = None
    sibling: str | None = None
    strong: bool = False


Line = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A line of text in a style; `label` starts it ("Why", "Interests")."""

    line: Line
    style: Style = "plain"
    label: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a list: its heading line and the paragraphs under it."""

    head: Line
    details: tuple[Paragraph, ...] = ()


@dataclass(frozen=True, slots=True)
class Items:
    """A list: numbered and each entry a section of its own (`ranked`), or bullets; `empty`
    is said when it has no entries."""

    items: tuple[Item, ...]
    ranked: bool = False
    empty: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]


Block = Paragraph | Items | Table


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """A page: its title, what comes under the title, then its sections."""

    title: str
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]


# Markdown


def markdown(document: Document, *, escape_text: Callable[[str], str] = escape_markdown) -> str:
    """The document in Markdown; `escape_text` makes every text inert for the renderer."""
    out = [f"# {escape_text(document.title)}", ""]
    out += _markdown_blocks(document.blocks, escape_text)
    for section in document.sections:
        out += [f"## {escape_text(section.title)}", ""]
        out += _markdown_blocks(section.blocks, escape_text)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def _markdown_blocks(blocks: tuple[Block, ...], esc: Callable[[str], str]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out += [_markdown_paragraph(block, esc), ""]
        elif isinstance(block, Items):
            out += _markdown_items(block, esc)
        else:
            out += _markdown_table(block, esc)
    return out


def _markdown_paragraph(paragraph: Paragraph, esc: Callable[[str], str]) -> str:
    body = _markdown_line(paragraph.line, esc)
    if paragraph.label:
        label = esc(paragraph.label)
        body = f"*{label}:* {body}" if paragraph.style == "why" else f"{label}: {body}"
    return f"> {body}" if paragraph.style == "note" else body


def _markdown_items(items: Items, esc: Callable[[str], str]) -> list[str]:
    if not items.items:
        return [f"- {esc(items.empty)}", ""] if items.empty else []
    out = []
    for rank, item in enumerate(items.items, start=1):
        marker = f"{rank}. " if items.ranked else "- "
        indent = " " * len(marker)
        lines = [_markdown_line(item.head, esc)]
        lines += [indent + _markdown_paragraph(d, esc) for d in item.details]
        out += [line + "\\" for line in lines[:-1]] + lines[-1:]  # a hard line break each
        out[-len(lines)] = marker + out[-len(lines)]
        if items.ranked:
            out.append("")
    return out if items.ranked else [*out, ""]


def _markdown_table(table: Table, esc: Callable[[str], str]) -> list[str]:
    out = ["| " + " | ".join(esc(c) for c in table.columns) + " |"]
    out.append("|" + "---|" * len(table.columns))
    for row in table.rows:
        out.append("| " + " | ".join(_markdown_line(cell, esc) for cell in row) + " |")
    return [*out, ""]


def _markdown_line(line: Line, esc: Callable[[str], str]) -> str:
    return "".join(_spaced(span.text, _markdown_span(span, esc)) for span in line)


def _spaced(text: str, body: str) -> str:
    """The rendered span with the spaces its text starts and ends with (escaping trims them)."""
    if not text.strip():
        return " " if text else body
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + body + trail


def _markdown_span(span: Span, esc: Callable[[str], str]) -> str:
    url = safe_link(span.url, CHANNELS)
    if url and any(c in url for c in "<> \n"):
        url = None  # it could not be written inside <...>
    if span.sibling:
        shown = esc(span.text or f"{span.sibling}.md")
        body = f"[{shown}](<{span.sibling}.md>)"
    elif url and span.text == url:
        body = f"<{url}>"
    elif url:
        body = f"[{esc(span.text)}](<{url}>)"
    else:
        body = esc(span.text)
    return f"**{body}**" if span.strong and body.strip() else body


# HTML

_CSS = """body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.45}h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;
border-bottom:1px solid #ccc}h3{font-size:1.05rem;margin-bottom:.2rem}.meta,.why{color:#444;
font-size:.9rem}li{margin:.2rem 0}table{border-collapse:collapse}td,th{border:1px solid #bbb;
padding:.25rem .5rem;text-align:left;vertical-align:top}@media print{a{color:inherit}
body{margin:0;max-width:none}h2{break-after:avoid}section{break-inside:avoid}}"""


def html(document: Document) -> str:
    """The document as one self-contained HTML page that prints cleanly."""
    body = [f"<h1>{escape(document.title)}</h1>"]
    body += _html_blocks(document.blocks)
    for section in document.sections:
        body.append(f"<h2>{escape(section.title)}</h2>")
        body += _html_blocks(section.blocks)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>{escape(document.title)}</title><meta name="viewport" '
        'content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _html_blocks(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(f"<p{_class(block.style)}>{_html_paragraph(block)}</p>")
        elif isinstance(block, Items):
            out += _html_items(block)
        else:
            out += _html_table(block)
    return out


def _class(style: Style) -> str:
    return "" if style == "plain" else f' class="{style}"'


def _html_paragraph(paragraph: Paragraph) -> str:
    label = f"{escape(paragraph.label)}: " if paragraph.label else ""
    return label + _html_line(paragraph.line)


def _html_items(items: Items) -> list[str]:
    if not items.items:
        return [f"<ul><li>{escape(items.empty)}</li></ul>"] if items.empty else []
    if items.ranked:
        out = []
        for rank, item in enumerate(items.items, start=1):
            out += ["<section>", f"<h3>{rank}. {_html_line(item.head)}</h3>"]
            out += [f"<p{_class(d.style)}>{_html_paragraph(d)}</p>" for d in item.details]
            out.append("</section>")
        return out
    out = ["<ul>"]
    for item in items.items:
        details = "".join(
            f"<br><span{_class(d.style)}>{_html_paragraph(d)}</span>" for d in item.details
        )
        out.append(f"<li>{_html_line(item.head)}{details}</li>")
    return [*out, "</ul>"]


def _html_table(table: Table) -> list[str]:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    out = [f"<table><tr>{head}</tr>"]
    for row in table.rows:
        out.append("<tr>" + "".join(f"<td>{_html_line(cell)}</td>" for cell in row) + "</tr>")
    return [*out, "</table>"]


def _html_line(line: Line) -> str:
    return "".join(_html_span(span) for span in line)


def _html_span(span: Span) -> str:
    url = safe_link(span.url, CHANNELS)
    if span.sibling:
        shown = escape(span.text or f"{span.sibling}.html")
        body = f'<a href="{escape(span.sibling, quote=True)}.html">{shown}</a>'
    elif url:
        href = escape(url, quote=True)
        body = f'<a href="{href}" rel="noopener noreferrer">{escape(span.text)}</a>'
    else:
        body = escape(span.text)
    return f"<strong>{body}</strong>" if span.strong else body
