"""References from a reference manager's export (Zotero, Mendeley, EndNote and others): RIS
through rispy, BibTeX through bibtexparser, CSL-JSON as JSON. Each reference keeps the line
(or, in CSL-JSON, the item number) it starts at, so a problem or a draft names its place."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rispy
from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string

from bridge.errors import Problem, ProblemsFound

MAX_BYTES = 5_000_000
FORMATS = {".ris": "ris", ".bib": "bibtex", ".bibtex": "bibtex", ".json": "csl-json"}
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference as its export gives it; a field the export leaves out is empty."""

    file: str
    line: int  # where it starts (CSL-JSON: its number in the list, from 1)
    reference_type: str  # as the format names it: JOUR, techreport, article-journal
    title: str
    year: int | None = None
    authors: tuple[str, ...] = ()
    abstract: str = ""
    url: str = ""
    doi: str = ""
    language: str = ""
    container: str = ""  # journal, series, publisher or institution
    keywords: tuple[str, ...] = ()


def reference_format(name: str, raw: bytes) -> str:
    """'ris', 'bibtex' or 'csl-json', from the file's suffix (`.csl.json`, `.json`, `.ris`,
    `.bib`), else from its first characters."""
    suffix = Path(name).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:20]
    if start.startswith((b"[", b"{")):
        return "csl-json"
    if start.startswith((b"@", b"%")):
        return "bibtex"
    if re.match(rb"TY  -", start):
        return "ris"
    raise _problem(name, None, "not a RIS, BibTeX or CSL-JSON file (by its name or its start)")


def read_references(raw: bytes, name: str) -> tuple[Reference, ...]:
    """Every reference of an export, or `ProblemsFound` naming the file (and line) that
    cannot be read."""
    if len(raw) > MAX_BYTES:
        raise _problem(name, None, f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _problem(name, line, "not UTF-8 text; export it as UTF-8") from None
    kind = reference_format(name, raw)
    readers = {"ris": _from_ris, "bibtex": _from_bibtex, "csl-json": _from_csl_json}
    found = readers[kind](text.replace("\r\n", "\n"), name)
    if not found:
        raise _problem(name, None, f"no references found in this {kind} file")
    return found


def _problem(name: str, line: int | None, message: str) -> ProblemsFound:
    return ProblemsFound((Problem(name, line, "", message),))


def _from_ris(text: str, name: str) -> tuple[Reference, ...]:
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("TY  -")]
    try:
        entries = rispy.loads(text)
    except (ValueError, KeyError, OSError) as error:
        raise _problem(name, None, f"not a readable RIS file: {error}") from None
    return tuple(
        _ris_reference(entry, name, line) for entry, line in zip(entries, starts, strict=False)
    )


def _ris_reference(entry: dict[str, Any], name: str, line: int) -> Reference:
    def one(*keys: str) -> str:
        return next((_plain(entry[k]) for k in keys if _plain(entry.get(k))), "")

    urls = [u for u in _strings(entry.get("urls")) if u.startswith(("http://", "https://"))]
    return Reference(
        file=name,
        line=line,
        reference_type=one("type_of_reference"),
        title=one("title", "primary_title", "translated_title", "short_title"),
        year=_year(one("year", "publication_year", "date")),
        authors=tuple(_strings(entry.get("authors")) or _strings(entry.get("first_authors"))),
        abstract=one("abstract", "notes_abstract"),
        url=urls[0] if urls else "",
        doi=one("doi"),
        language=one("language"),
        container=one("secondary_title", "journal_name", "alternate_title3", "publisher"),
        keywords=tuple(_strings(entry.get("keywords"))),
    )


def _from_bibtex(text: str, name: str) -> tuple[Reference, ...]:
    stack = [middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors()]
    library = parse_string(text, append_middleware=stack)
    if library.failed_blocks:
        problems = tuple(
            Problem(name, (block.start_line or 0) + 1, "", "this BibTeX entry cannot be read")
            for block in library.failed_blocks
        )
        raise ProblemsFound(problems)
    return tuple(_bibtex_reference(entry, name) for entry in library.entries)


def _bibtex_reference(entry: Any, name: str) -> Reference:
    fields = {f.key.lower(): f.value for f in entry.fields}

    def one(*keys: str) -> str:
        return next((_plain(fields[k]) for k in keys if _plain(fields.get(k))), "")

    url = one("url")
    return Reference(
        file=name,
        line=entry.start_line + 1,
        reference_type=str(entry.entry_type).lower(),
        title=one("title"),
        year=_year(one("year", "date")),
        authors=tuple(_strings(fields.get("author"))),
        abstract=one("abstract"),
        url=url if url.startswith(("http://", "https://")) else "",
        doi=one("doi"),
        language=one("language", "langid"),
        container=one("journal", "journaltitle", "booktitle", "institution", "publisher"),
        keywords=_split_keywords(one("keywords")),
    )


def _from_csl_json(text: str, name: str) -> tuple[Reference, ...]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _problem(name, error.lineno, f"not valid JSON: {error.msg}") from None
    except RecursionError:
        raise _problem(name, None, "JSON nested too deeply") from None
    items = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise _problem(name, None, "CSL-JSON is a list of items")
    bad = [n for n, item in enumerate(items, 1) if not isinstance(item, dict)]
    if bad:
        raise _problem(name, None, f"item {bad[0]} is not a mapping of fields")
    return tuple(_csl_reference(item, name, n) for n, item in enumerate(items, 1))


def _csl_reference(item: dict[str, Any], name: str, number: int) -> Reference:
    def one(key: str) -> str:
        return _plain(item.get(key))

    url = one("URL")
    return Reference(
        file=name,
        line=number,
        reference_type=one("type"),
        title=one("title"),
        year=_csl_year(item.get("issued")),
        authors=tuple(_csl_names(item.get("author"))),
        abstract=one("abstract"),
        url=url if url.startswith(("http://", "https://")) else "",
        doi=one("DOI"),
        language=one("language"),
        container=one("container-title") or one("publisher"),
        keywords=_split_keywords(one("keyword")),
    )


def _csl_year(issued: Any) -> int | None:
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        return _year(str(parts[0][0]))
    return _year(_plain(issued.get("raw")) or _plain(issued.get("literal")))


def _csl_names(names: Any) -> Iterator[str]:
    for person in names if isinstance(names, list) else ():
        if not isinstance(person, dict):
            continue
        family, given = _plain(person.get("family")), _plain(person.get("given"))
        whole = ", ".join(p for p in (family, given) if p) or _plain(person.get("literal"))
        if whole:
            yield whole


def _year(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group(1)) if found else None


def _split_keywords(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k.strip() for k in re.split(r"[,;]", text) if k.strip()))


def _strings(value: Any) -> list[str]:
    values: Sequence[Any] = value if isinstance(value, list) else [value]
    return [text for v in values if (text := _plain(v))]


def _plain(value: Any) -> str:
    """Text on one line, without braces a BibTeX export protects capitals with."""
    if not isinstance(value, str | int):
        return ""
    text = str(value).replace("{", "").replace("}", "")
    return " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())
