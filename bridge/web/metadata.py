"""What a web page says of itself: title, description, publication date, site name,
language and type, read from its metadata (citation and Dublin Core tags, OpenGraph,
schema.org JSON-LD, the html `<title>` and `lang`), and its visible text for tag suggestions.

Each field takes the first of its sources that is set, most specific first."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

MAX_TEXT_CHARS = 20_000
_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?!\d)")
_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
_NOT_CONTENT = frozenset(
    {"WebSite", "Organization", "BreadcrumbList", "ImageObject", "Person", "SiteNavigationElement"}
)


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """The metadata of one page; a field its page does not give is empty."""

    url: str
    title: str = ""
    description: str = ""
    date: str = ""  # ISO: 2024-03-05, 2024-03 or 2024
    site_name: str = ""
    language: str = ""  # ISO 639-1
    page_type: str = ""  # schema.org @type or OpenGraph og:type
    keywords: tuple[str, ...] = ()
    text: str = ""  # visible text of the page's main part, for tag suggestions

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


def page_metadata(html: bytes | str, *, url: str, encoding: str | None = None) -> PageMetadata:
    """The metadata of the page `html` served at `url`."""
    soup = BeautifulSoup(
        html, "html.parser", from_encoding=encoding if isinstance(html, bytes) else None
    )
    meta = _meta_tags(soup)
    item = _main_item(_json_ld(soup))
    site = _first(
        meta.get("og:site_name"), _name(item.get("publisher")), meta.get("application-name")
    )
    title = _first(
        meta.get("citation_title"),
        meta.get("og:title"),
        _text(item.get("headline")),
        _text(item.get("name")),
        meta.get("twitter:title"),
        meta.get("dc.title"),
        _without_site(_tag_text(soup.title), site),
        _tag_text(soup.find("h1")),
    )
    return PageMetadata(
        url=url,
        title=title,
        description=_first(
            meta.get("og:description"),
            meta.get("description"),
            _text(item.get("description")),
            meta.get("twitter:description"),
            meta.get("dc.description"),
            meta.get("citation_abstract"),
        ),
        date=_first(*(iso_date(v) for v in _dates(meta, item, soup))),
        site_name=site or (urlsplit(url).hostname or "").removeprefix("www."),
        language=_first(*(_language(v) for v in _languages(soup, meta, item))),
        page_type=_first(_type(item), meta.get("og:type")),
        keywords=_keywords(meta.get("keywords", ""), meta.get("citation_keywords", "")),
        text=_visible_text(soup),
    )


def iso_date(value: str) -> str:
    """The first date in `value` as ISO text (2024-03-05, 2024-03 or 2024), else ''."""
    found = _DATE.search(value or "")
    if not found:
        return ""
    year, month, day = found.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    if not day or not 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    """`<meta>` values by lower-cased name or property; the first of a name wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (
            _attribute(tag, "property") or _attribute(tag, "name") or _attribute(tag, "http-equiv")
        )
        value = _clean(_attribute(tag, "content"))
        if key and value:
            found.setdefault(key.lower(), value)
    return found


def _json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """Every schema.org item in the page's JSON-LD blocks (graphs and lists unpacked)."""
    items: list[dict[str, Any]] = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.get_text())
        except (ValueError, RecursionError):
            continue
        items.extend(_items(data))
    return items


def _items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for value in data:
            yield from _items(value)
    elif isinstance(data, dict):
        if isinstance(data.get("@graph"), list):
            yield from _items(data["@graph"])
        else:
            yield data


def _main_item(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The item the page is about: the first that is not the site, a breadcrumb or a logo."""
    return next((i for i in items if _type(i) not in _NOT_CONTENT), {})


def _type(item: dict[str, Any]) -> str:
    kind = item.get("@type")
    if isinstance(kind, list):
        kind = next((k for k in kind if isinstance(k, str)), "")
    return kind if isinstance(kind, str) else ""


def _name(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    return _text(value.get("name")) if isinstance(value, dict) else _text(value)


def _dates(meta: dict[str, str], item: dict[str, Any], soup: BeautifulSoup) -> Iterator[str]:
    for name in ("citation_publication_date", "citation_date", "article:published_time"):
        yield meta.get(name, "")
    yield _text(item.get("datePublished"))
    yield _text(item.get("dateCreated"))
    for name in ("dc.date", "dcterms.issued", "dc.date.issued", "date", "pubdate"):
        yield meta.get(name, "")
    for time in soup.find_all("time"):
        yield _attribute(time, "datetime")


def _languages(soup: BeautifulSoup, meta: dict[str, str], item: dict[str, Any]) -> Iterator[str]:
    html = soup.find("html")
    yield _attribute(html, "lang") if isinstance(html, Tag) else ""
    yield meta.get("content-language", "")
    yield meta.get("og:locale", "")
    yield _text(item.get("inLanguage"))


def _language(value: str) -> str:
    """The ISO 639-1 code at the start of a language tag ('en-GB', 'fr_FR'), else ''."""
    code = re.split(r"[-_,; ]", value.strip(), maxsplit=1)[0].lower()
    return code if re.fullmatch(r"[a-z]{2}", code) else ""


def _keywords(*values: str) -> tuple[str, ...]:
    found = (k.strip() for v in values for k in re.split(r"[,;]", v))
    return tuple(dict.fromkeys(k for k in found if k))


def _visible_text(soup: BeautifulSoup) -> str:
    """The text of the page's main part (its `<main>` or `<article>`, else its body) without
    scripts, styles, navigation, header and footer."""
    for hidden in soup.find_all(["script", "style", "noscript", "template", "nav", "footer"]):
        hidden.decompose()
    part = soup.find("main") or soup.find("article") or soup.body or soup
    return _clean(part.get_text(" "))[:MAX_TEXT_CHARS]


def _without_site(title: str, site: str) -> str:
    """'Report title | Site' without the site's name."""
    for separator in _SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and site and tail.strip().casefold() == site.casefold():
            return head.strip()
    return title


def _attribute(tag: Any, name: str) -> str:
    value = tag.get(name) if isinstance(tag, Tag) else None
    if isinstance(value, list):
        value = " ".join(value)
    return value if isinstance(value, str) else ""


def _tag_text(tag: Any) -> str:
    return _clean(tag.get_text(" ")) if isinstance(tag, Tag) else ""


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    return _clean(value) if isinstance(value, str) else ""


def _clean(text: str) -> str:
    """Text on one line: runs of whitespace as one space, characters that cannot be shown
    dropped."""
    return " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())


def _first(*values: str | None) -> str:
    return next((v for v in _nonempty(values)), "")


def _nonempty(values: Iterable[str | None]) -> Iterator[str]:
    return (v for v in values if v)
