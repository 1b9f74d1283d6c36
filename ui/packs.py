"""Workshop packs: upload the room, check every row, preview, download one zip.

The upload is the uploader's data: it lives in this session only, is never cached for
other users, and is escaped wherever it is shown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import bridge
from ui.engine import current_engine

MAX_MB = 1


def _errors_table(error: bridge.ProblemsFound) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Row": p.line or "", "Column": p.field, "Problem": p.message} for p in error.problems]
    )


def workshop_packs() -> None:
    engine = current_engine()
    catalogue = engine.catalogue
    st.title("Workshop packs")
    st.markdown(
        "Upload a CSV with one row per participant: `name`, `role`, `harms`, `regions`, "
        "`interests` (several harms or regions separated by `;`). Every row is checked "
        "first; packs are made only when all rows are valid."
    )
    st.download_button(
        "Download a template CSV",
        bridge.PARTICIPANTS_TEMPLATE,
        "participants-template.csv",
        "text/csv",
        on_click="ignore",
        key="template",
    )
    upload = st.file_uploader(
        "Participants (CSV)", type=["csv"], max_upload_size=MAX_MB, key="participants"
    )
    top = st.slider("Resources per pack", 3, 20, 10, key="pack_top")
    if upload is None:
        st.markdown("Nothing you upload is stored: it stays in this browser session.")
        return
    if upload.size > MAX_MB * 1_000_000:
        st.error(f"The file is larger than {MAX_MB} MB.")
        return
    try:
        room = bridge.read_participants(upload.getvalue(), upload.name, catalogue.taxonomy)
    except bridge.ProblemsFound as error:
        st.error(f"{len(error.problems)} problems; nothing was made. Fix them and upload again.")
        st.dataframe(_errors_table(error), hide_index=True, key="pack-errors")
        return
    workshop = bridge.build_workshop(room, engine, top=top)
    files = bridge.workshop_files(workshop, catalogue)
    st.success(f"{len(room)} participants; {len(workshop.pairs)} suggested pairs.")
    st.download_button(
        "Download every pack (zip)",
        bridge.zip_bytes(files),
        "workshop-packs.zip",
        "application/zip",
        on_click="ignore",
        key="packs-zip",
        type="primary",
    )
    taxonomy = catalogue.taxonomy
    st.header("Participants")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Name": p.name,
                    "Role": taxonomy.roles.label(p.role),
                    "Harms": ", ".join(taxonomy.harms.label(h) for h in p.harms),
                    "Regions": ", ".join(p.regions),
                    "Interests": p.interests,
                }
                for p in room
            ]
        ),
        hide_index=True,
        key="pack-participants",
    )
    st.header("Suggested pairs")
    if workshop.pairs:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "First": pair.first.name,
                        "Second": pair.second.name,
                        "Why": "; ".join(pair.reasons),
                    }
                    for pair in workshop.pairs
                ]
            ),
            hide_index=True,
            key="pack-pairs",
        )
    else:
        st.markdown("No pairs: no two participants of complementary roles share interests.")
    st.header("Resources the room shares")
    st.dataframe(
        pd.DataFrame(
            [
                {"Resource": s.resource.title, "Packs": len(s.holders), "Who": ", ".join(s.holders)}
                for s in workshop.shared
            ],
            columns=["Resource", "Packs", "Who"],
        ),
        hide_index=True,
        key="pack-shared",
    )
    st.header("Preview a pack")
    names = [pack.participant.name for pack in workshop.packs]
    chosen = st.selectbox(
        "Participant", range(len(names)), format_func=names.__getitem__, key="pack-preview"
    )
    with st.container(border=True):
        pack = workshop.packs[chosen]
        st.markdown(bridge.pack_markdown(pack, catalogue, escape_text=bridge.plain_markdown))
