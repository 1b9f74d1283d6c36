"""Result cards: every string from the catalogue shown as text, links built by the app."""

from __future__ import annotations

from collections.abc import Callable

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


def _badges(labels: list[str], colour: str) -> str:
    return " ".join(f":{colour}-badge[{bridge.plain_markdown(label)}]" for label in labels)


def resource_card(
    match: bridge.Match,
    catalogue: bridge.Catalogue,
    *,
    in_shortlist: bool,
    toggle: Callable[[str], None],
) -> None:
    """One result: title (linking out when the record has a URL), facts, chips, summary,
    outcomes, why this, and the shortlist button."""
    record = match.record
    taxonomy = catalogue.taxonomy
    with st.container(border=True):
        title = bridge.plain_markdown(record.title)
        st.markdown(f"### [{title}](<{record.url}>)" if record.url else f"### {title}")
        facts = [bridge.plain_markdown(catalogue.organisation_name(record.organisation))]
        if record.year:
            facts.append(str(record.year))
        kind = taxonomy.kinds.label(record.kind)
        st.markdown(" · ".join(facts) + "  " + _badges([kind], KIND_COLOURS[record.kind]))
        chips = [
            _badges([taxonomy.roles.label(r) for r in record.roles], "blue"),
            _badges([taxonomy.harms.label(h) for h in record.harms], "red"),
            _badges(list(record.regions), "gray"),
        ]
        st.markdown(" ".join(c for c in chips if c))
        st.markdown(bridge.plain_markdown(record.summary))
        if record.outcomes:
            st.markdown("\n".join(f"- {bridge.plain_markdown(o)}" for o in record.outcomes))
        st.markdown("*Why this:* " + bridge.plain_markdown(bridge.why_summary(match)))
        label = "Remove from shortlist" if in_shortlist else "Add to shortlist"
        st.button(
            label,
            key=f"shortlist-{record.id}",
            on_click=toggle,
            args=(record.id,),
            icon=":material/bookmark_remove:" if in_shortlist else ":material/bookmark_add:",
        )
