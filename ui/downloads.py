"""A row of download buttons, one per export format, made when clicked."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

import bridge


def export_buttons(
    label: str, stem: str, records: Sequence[bridge.Resource], catalogue: bridge.Catalogue
) -> None:
    """Buttons for the records in every export format; a file is made when its button is
    clicked."""
    organisations = catalogue.organisations_of(records)
    columns = st.columns(len(bridge.EXPORT_FORMATS))
    for column, fmt in zip(columns, bridge.EXPORT_FORMATS, strict=True):
        suffix, mime = bridge.EXPORT_FILES[fmt]
        column.download_button(
            fmt.upper() if fmt != "markdown" else "Markdown",
            data=lambda fmt=fmt: bridge.render(fmt, list(records), catalogue, organisations),
            file_name=f"{stem}.{suffix}",
            mime=mime,
            on_click="ignore",
            key=f"download-{stem}-{fmt}",
            disabled=not records,
            help=f"{label} as {fmt}",
        )
