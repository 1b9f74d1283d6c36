"""What a record or an organisation shows wherever it is listed: the fields chosen, labelled
and linked once, so the app's cards, its compact list and the Markdown exports agree.

A card holds plain text and checked links only; each surface escapes the text its own way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bridge.engine.contacts import ContactMatch
from bridge.engine.rank import Match
from bridge.formats.why import contact_why, why_summary
from bridge.model import Catalogue, Citation, Organisation, Resource
from bridge.web.checks import LinkCheck

WEB = ("http", "https")
CHANNELS = ("http", "https", "mailto")


def safe_link(url: str | None, schemes: tuple[str, ...] = WEB) -> str | None:
    """The URL when its scheme is one of `schemes` (and, for the web, it names a host)."""
    if not url:
        return None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in schemes or (scheme in WEB and not parts.netloc):
        return None
    return url


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A page a record cites: its title, its address (when it is a web page) and the day
    it was read."""

    title: str
    url: str | None
    accessed: str | None


@dataclass(frozen=True, slots=True)
class ResourceCard:
    """A resource as a card or a line: what it is, who made it, links, tags and why."""

    id: str
    title: str
    url: str | None
    organisation: str
    organisation_url: str | None
    year: int | None
    kind: str  # the kind's id, for a colour
    kind_label: str
    evidence: tuple[str, ...]  # labels
    roles: tuple[str, ...]  # labels
    harms: tuple[str, ...]  # labels
    regions: tuple[str, ...]
    summary: str
    outcomes: tuple[str, ...]
    sources: tuple[SourceLine, ...]
    why: str | None  # reasons in words, when the card is a ranked result
    link_checked: str | None = None  # "Link checked 2026-12-01: it worked", when it was

    @property
    def facts(self) -> str:
        """'Organisation · Kind · 2024': the facts line."""
        parts = [self.organisation, self.kind_label, str(self.year) if self.year else ""]
        return " · ".join(p for p in parts if p)


def source_lines(sources: tuple[Citation, ...]) -> tuple[SourceLine, ...]:
    return tuple(SourceLine(s.title, safe_link(s.url), s.accessed) for s in sources)


def link_note(check: LinkCheck) -> str:
    """When a link was last checked and whether it worked, in words."""
    if check.worked:
        moved = f" (it has moved to {check.location})" if check.verdict == "moved" else ""
        return f"Link checked {check.day}: it worked{moved}"
    return f"Link checked {check.day}: it failed ({check.detail})"


def resource_card(
    item: Resource | Match,
    catalogue: Catalogue,
    *,
    checks: Mapping[str, LinkCheck] | None = None,
) -> ResourceCard:
    """The card of a record, or of a ranked match with why it ranks there; with `checks`
    (the catalogue's link checks), when its link was last checked."""
    record = item.record if isinstance(item, Match) else item
    taxonomy = catalogue.taxonomy
    owner = catalogue.organisation(record.organisation)
    return ResourceCard(
        id=record.id,
        title=record.title,
        url=safe_link(record.url),
        organisation=owner.name,
        organisation_url=safe_link(owner.url),
        year=record.year,
        kind=record.kind,
        kind_label=taxonomy.kinds.label(record.kind),
        evidence=tuple(taxonomy.evidence.label(e) for e in record.evidence),
        roles=tuple(taxonomy.roles.label(r) for r in record.roles),
        harms=tuple(taxonomy.harms.label(h) for h in record.harms),
        regions=record.regions,
        summary=record.summary,
        outcomes=record.outcomes,
        sources=source_lines(record.sources),
        why=why_summary(item) if isinstance(item, Match) else None,
        link_checked=_link_checked(record.url, checks),
    )


def _link_checked(url: str | None, checks: Mapping[str, LinkCheck] | None) -> str | None:
    check = checks.get(url) if checks and url else None
    return link_note(check) if check else None


@dataclass(frozen=True, slots=True)
class ContactCard:
    """An organisation as a card: sector, focus, its public channel, people and work."""

    id: str
    name: str
    url: str | None
    sector: str  # label
    focus: tuple[str, ...]  # harm labels
    regions: tuple[str, ...]
    channel_label: str  # "Contact" or "Website"
    channel: str | None
    description: str
    people: tuple[tuple[str, str, str], ...]  # name, public role, source
    work: tuple[tuple[str, str | None], ...]  # resource titles and their links
    sources: tuple[SourceLine, ...]
    why: str


def contact_card(match: ContactMatch, catalogue: Catalogue, *, work: int = 5) -> ContactCard:
    """The card of a ranked organisation, with its first `work` resources."""
    o: Organisation = match.organisation
    taxonomy = catalogue.taxonomy
    contact = safe_link(o.contact, CHANNELS)
    return ContactCard(
        id=o.id,
        name=o.name,
        url=safe_link(o.url),
        sector=taxonomy.sectors.label(o.sector),
        focus=tuple(taxonomy.harms.label(h) for h in o.harms),
        regions=o.regions,
        channel_label="Contact" if contact else "Web page",
        channel=contact or safe_link(o.url),
        description=o.description,
        people=tuple((p.name, p.role, p.source) for p in o.people),
        work=tuple((r.title, safe_link(r.url)) for r in match.resources[:work]),
        sources=source_lines(o.sources),
        why=contact_why(match),
    )
