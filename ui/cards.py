"""Cards and lines: the library's card values laid out as widgets. Every string from the
catalogue goes through `bridge.plain_markdown`; links are the card's checked ones."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

import streamlit as st

import bridge

KIND_COLOURS = {
    "research": "blue",
    "toolkit": "green",
    "programme": "violet",
    "policy": "orange",
    "dataset": "gray",
    "event": "red",
    "story": "green",
    "news": "gray",
}


@st.cache_resource(max_entries=4, show_spinner=False)
def _link_checks(folder: str, state: int) -> Mapping[str, bridge.LinkCheck]:
    """The catalogue's kept link checks, read once per state of their file."""
    del state  # the cache key only
    return bridge.read_link_checks(folder)


def link_checks() -> Mapping[str, bridge.LinkCheck]:
    """What `bridge links` last found for each address (nothing before its first run)."""
    folder = bridge.default_catalogue_dir()
    try:
        state = os.stat(folder / "link-checks.json").st_mtime_ns
    except OSError:
        return {}
    return _link_checks(str(folder), state)


def _text(value: str) -> str:
    return bridge.plain_markdown(value)


def _badges(labels: tuple[str, ...] | list[str], colour: str) -> str:
    return " ".join(f":{colour}-badge[{_text(label)}]" for label in labels)


def _linked(text: str, url: str | None) -> str:
    return f"[{_text(text)}](<{url}>)" if url else _text(text)


def _sources(card: bridge.ResourceCard | bridge.ContactCard) -> str:
    lines = []
    for source in card.sources:
        read = f" (read {source.accessed})" if source.accessed else ""
        lines.append(f"- {_linked(source.title, source.url)}{read}")
    return "\n".join(lines)


def resource_card(
    match: bridge.Match,
    catalogue: bridge.Catalogue,
    *,
    in_shortlist: bool,
    toggle: Callable[[str], None],
) -> None:
    """One result: its title linking to its page, the organisation linking to its site,
    badges, tags, summary, outcomes, sources, why this, and the shortlist button."""
    card = bridge.resource_card(match, catalogue, checks=link_checks())
    with st.container(border=True):
        st.markdown(f"### {_linked(card.title, card.url)}")
        if card.link_checked:
            st.caption(_text(card.link_checked))
        year = f" · {card.year}" if card.year else ""
        kind = _badges([card.kind_label], KIND_COLOURS.get(card.kind, "gray"))
        evidence = _badges(card.evidence, "orange")
        st.markdown(f"{_linked(card.organisation, card.organisation_url)}{year}  {kind} {evidence}")
        tags = [
            _badges(card.roles, "blue"),
            _badges(card.harms, "red"),
            _badges(card.regions, "gray"),
        ]
        st.markdown(" ".join(t for t in tags if t))
        st.markdown(_text(card.summary))
        if card.outcomes:
            st.markdown("\n".join(f"- {_text(o)}" for o in card.outcomes))
        if card.why:
            st.markdown("*Why this:* " + _text(card.why))
        if card.sources:
            with st.expander(f"Sources ({len(card.sources)})"):
                st.markdown(_sources(card))
        label = "Remove from shortlist" if in_shortlist else "Add to shortlist"
        st.button(
            label,
            key=f"shortlist-{card.id}",
            on_click=toggle,
            args=(card.id,),
            icon=":material/bookmark_remove:" if in_shortlist else ":material/bookmark_add:",
        )


def resource_line(item: bridge.Resource | bridge.Match, catalogue: bridge.Catalogue) -> str:
    """A record as a line of a compact list: title, organisation, year, badges."""
    card = bridge.resource_card(item, catalogue)
    year = f", {card.year}" if card.year else ""
    kind = _badges([card.kind_label], KIND_COLOURS.get(card.kind, "gray"))
    evidence = _badges(card.evidence, "orange")
    badges = " ".join(b for b in (kind, evidence) if b)
    return f"- {_linked(card.title, card.url)} — {_text(card.organisation)}{year} {badges}"


def contact_card(match: bridge.ContactMatch, catalogue: bridge.Catalogue) -> None:
    """One organisation: name linking to its site, sector and focus, its public channel,
    people with their sources, its work, why it ranks, and its sources."""
    card = bridge.contact_card(match, catalogue)
    with st.container(border=True):
        st.markdown(f"### {_linked(card.name, card.url)}")
        focus = ", ".join(card.focus) or "not stated"
        st.markdown(f"{_badges([card.sector], 'violet')}  Focus: {_text(focus)}")
        if card.regions:
            st.markdown("Regions: " + _text(", ".join(card.regions)))
        if card.channel:
            st.markdown(f"{card.channel_label}: {_linked(card.channel, card.channel)}")
        else:
            st.markdown("No public contact channel listed.")
        st.markdown(_text(card.description))
        for name, role, source in card.people:
            st.markdown(f"- {_text(name)}, {_text(role)} (source: {_text(source)})")
        if card.work:
            st.markdown("**Their work**\n" + "\n".join(f"- {_linked(t, u)}" for t, u in card.work))
        st.markdown("*Why this:* " + _text(card.why))
        if card.sources:
            with st.expander(f"Sources ({len(card.sources)})"):
                st.markdown(_sources(card))
