"""bridge: the right resources and contacts for each person working against online CSEA.

The public API. Each name is imported from its home module on first use, so `import
bridge` stays light: a command or page pays only for the parts it uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bridge.catalogue.curation import check_record, record_from_form, save_record
    from bridge.catalogue.location import default_catalogue_dir, fingerprint
    from bridge.catalogue.reading import load_catalogue, read_catalogue
    from bridge.catalogue.record_yaml import resource_yaml
    from bridge.engine.contacts import ContactMatch, ContactResults
    from bridge.engine.gaps import AXES, GapTable, cell_records, gap_table
    from bridge.engine.learnt import TagModel, fit_tag_model
    from bridge.engine.rank import Engine, FacetCount, Match, Results
    from bridge.engine.similarity import similar_records
    from bridge.engine.stored import Opened, open_engine, prepare_contacts
    from bridge.errors import (
        BridgeError,
        CatalogueError,
        Problem,
        ProblemsFound,
        RecordExists,
        SaveFailed,
        UnknownTerm,
        WriteConflict,
        load_warnings,
    )
    from bridge.formats.cards import (
        ContactCard,
        ResourceCard,
        contact_card,
        resource_card,
        safe_link,
    )
    from bridge.formats.chart import chart_png, chart_svg, gap_chart
    from bridge.formats.contacts import contact_channel, contacts_csv, contacts_markdown
    from bridge.formats.gaps import gap_frame, gaps_csv
    from bridge.formats.labels import harm_choice, organisation_choices, region_choice
    from bridge.formats.markup import plain_markdown
    from bridge.formats.packs import pack_markdown, workshop_files, zip_bytes
    from bridge.formats.records import EXPORT_FILES, EXPORT_FORMATS, card_markdown, render
    from bridge.formats.room import inferred_summary
    from bridge.formats.why import contact_why, why_summary
    from bridge.model import Catalogue, Citation, Organisation, Query, Reason, Resource
    from bridge.submissions.curators import configured_hash
    from bridge.submissions.curators import verify as verify_password
    from bridge.submissions.limits import may_submit, recent, wait_seconds
    from bridge.submissions.queue import Queue, Submission
    from bridge.urlstate import PAGE_PARAMS, LinkState, parse_params, to_params
    from bridge.web.checks import LinkCheck, read_link_checks
    from bridge.web.drafts import Draft, draft_from_page, draft_from_reference, read_page
    from bridge.web.fetching import FetchFailed, FetchPolicy, FetchRefused
    from bridge.web.references import Reference, read_references
    from bridge.web.suggestions import PhraseBook, Suggestion
    from bridge.workshop.columns import FIELD_LABELS as PARTICIPANT_FIELDS
    from bridge.workshop.columns import ColumnChoiceError, ColumnMapping
    from bridge.workshop.inference import ProfileReader, Reading
    from bridge.workshop.packs import Workshop, build_workshop
    from bridge.workshop.participants import TEMPLATE as PARTICIPANTS_TEMPLATE
    from bridge.workshop.participants import Participant
    from bridge.workshop.registration import (
        Entry,
        Registration,
        guess_columns,
        read_participants,
        read_registration,
        read_room,
    )
    from bridge.workshop.spreadsheets import Sheet, read_sheet

_HOMES: dict[str, tuple[str, str]] = {
    "check_record": ("bridge.catalogue.curation", "check_record"),
    "record_from_form": ("bridge.catalogue.curation", "record_from_form"),
    "save_record": ("bridge.catalogue.curation", "save_record"),
    "default_catalogue_dir": ("bridge.catalogue.location", "default_catalogue_dir"),
    "fingerprint": ("bridge.catalogue.location", "fingerprint"),
    "load_catalogue": ("bridge.catalogue.reading", "load_catalogue"),
    "read_catalogue": ("bridge.catalogue.reading", "read_catalogue"),
    "resource_yaml": ("bridge.catalogue.record_yaml", "resource_yaml"),
    "ContactMatch": ("bridge.engine.contacts", "ContactMatch"),
    "ContactResults": ("bridge.engine.contacts", "ContactResults"),
    "AXES": ("bridge.engine.gaps", "AXES"),
    "GapTable": ("bridge.engine.gaps", "GapTable"),
    "cell_records": ("bridge.engine.gaps", "cell_records"),
    "gap_table": ("bridge.engine.gaps", "gap_table"),
    "Engine": ("bridge.engine.rank", "Engine"),
    "FacetCount": ("bridge.engine.rank", "FacetCount"),
    "Match": ("bridge.engine.rank", "Match"),
    "Results": ("bridge.engine.rank", "Results"),
    "similar_records": ("bridge.engine.similarity", "similar_records"),
    "Opened": ("bridge.engine.stored", "Opened"),
    "open_engine": ("bridge.engine.stored", "open_engine"),
    "prepare_contacts": ("bridge.engine.stored", "prepare_contacts"),
    "BridgeError": ("bridge.errors", "BridgeError"),
    "CatalogueError": ("bridge.errors", "CatalogueError"),
    "Problem": ("bridge.errors", "Problem"),
    "ProblemsFound": ("bridge.errors", "ProblemsFound"),
    "RecordExists": ("bridge.errors", "RecordExists"),
    "SaveFailed": ("bridge.errors", "SaveFailed"),
    "UnknownTerm": ("bridge.errors", "UnknownTerm"),
    "WriteConflict": ("bridge.errors", "WriteConflict"),
    "load_warnings": ("bridge.errors", "load_warnings"),
    "ContactCard": ("bridge.formats.cards", "ContactCard"),
    "ResourceCard": ("bridge.formats.cards", "ResourceCard"),
    "contact_card": ("bridge.formats.cards", "contact_card"),
    "resource_card": ("bridge.formats.cards", "resource_card"),
    "safe_link": ("bridge.formats.cards", "safe_link"),
    "chart_png": ("bridge.formats.chart", "chart_png"),
    "chart_svg": ("bridge.formats.chart", "chart_svg"),
    "gap_chart": ("bridge.formats.chart", "gap_chart"),
    "contact_channel": ("bridge.formats.contacts", "contact_channel"),
    "contacts_csv": ("bridge.formats.contacts", "contacts_csv"),
    "contacts_markdown": ("bridge.formats.contacts", "contacts_markdown"),
    "gap_frame": ("bridge.formats.gaps", "gap_frame"),
    "gaps_csv": ("bridge.formats.gaps", "gaps_csv"),
    "harm_choice": ("bridge.formats.labels", "harm_choice"),
    "organisation_choices": ("bridge.formats.labels", "organisation_choices"),
    "region_choice": ("bridge.formats.labels", "region_choice"),
    "plain_markdown": ("bridge.formats.markup", "plain_markdown"),
    "pack_markdown": ("bridge.formats.packs", "pack_markdown"),
    "workshop_files": ("bridge.formats.packs", "workshop_files"),
    "zip_bytes": ("bridge.formats.packs", "zip_bytes"),
    "EXPORT_FILES": ("bridge.formats.records", "EXPORT_FILES"),
    "EXPORT_FORMATS": ("bridge.formats.records", "EXPORT_FORMATS"),
    "card_markdown": ("bridge.formats.records", "card_markdown"),
    "render": ("bridge.formats.records", "render"),
    "inferred_summary": ("bridge.formats.room", "inferred_summary"),
    "contact_why": ("bridge.formats.why", "contact_why"),
    "why_summary": ("bridge.formats.why", "why_summary"),
    "Catalogue": ("bridge.model", "Catalogue"),
    "Citation": ("bridge.model", "Citation"),
    "Organisation": ("bridge.model", "Organisation"),
    "Query": ("bridge.model", "Query"),
    "Reason": ("bridge.model", "Reason"),
    "Resource": ("bridge.model", "Resource"),
    "configured_hash": ("bridge.submissions.curators", "configured_hash"),
    "verify_password": ("bridge.submissions.curators", "verify"),
    "may_submit": ("bridge.submissions.limits", "may_submit"),
    "recent": ("bridge.submissions.limits", "recent"),
    "wait_seconds": ("bridge.submissions.limits", "wait_seconds"),
    "Queue": ("bridge.submissions.queue", "Queue"),
    "Submission": ("bridge.submissions.queue", "Submission"),
    "LinkState": ("bridge.urlstate", "LinkState"),
    "PAGE_PARAMS": ("bridge.urlstate", "PAGE_PARAMS"),
    "parse_params": ("bridge.urlstate", "parse_params"),
    "to_params": ("bridge.urlstate", "to_params"),
    "LinkCheck": ("bridge.web.checks", "LinkCheck"),
    "read_link_checks": ("bridge.web.checks", "read_link_checks"),
    "TagModel": ("bridge.engine.learnt", "TagModel"),
    "fit_tag_model": ("bridge.engine.learnt", "fit_tag_model"),
    "Draft": ("bridge.web.drafts", "Draft"),
    "draft_from_page": ("bridge.web.drafts", "draft_from_page"),
    "draft_from_reference": ("bridge.web.drafts", "draft_from_reference"),
    "read_page": ("bridge.web.drafts", "read_page"),
    "FetchFailed": ("bridge.web.fetching", "FetchFailed"),
    "FetchPolicy": ("bridge.web.fetching", "FetchPolicy"),
    "FetchRefused": ("bridge.web.fetching", "FetchRefused"),
    "Reference": ("bridge.web.references", "Reference"),
    "read_references": ("bridge.web.references", "read_references"),
    "PhraseBook": ("bridge.web.suggestions", "PhraseBook"),
    "Suggestion": ("bridge.web.suggestions", "Suggestion"),
    "PARTICIPANT_FIELDS": ("bridge.workshop.columns", "FIELD_LABELS"),
    "ColumnChoiceError": ("bridge.workshop.columns", "ColumnChoiceError"),
    "ColumnMapping": ("bridge.workshop.columns", "ColumnMapping"),
    "ProfileReader": ("bridge.workshop.inference", "ProfileReader"),
    "Reading": ("bridge.workshop.inference", "Reading"),
    "Workshop": ("bridge.workshop.packs", "Workshop"),
    "build_workshop": ("bridge.workshop.packs", "build_workshop"),
    "PARTICIPANTS_TEMPLATE": ("bridge.workshop.participants", "TEMPLATE"),
    "Participant": ("bridge.workshop.participants", "Participant"),
    "Entry": ("bridge.workshop.registration", "Entry"),
    "Registration": ("bridge.workshop.registration", "Registration"),
    "guess_columns": ("bridge.workshop.registration", "guess_columns"),
    "read_participants": ("bridge.workshop.registration", "read_participants"),
    "read_registration": ("bridge.workshop.registration", "read_registration"),
    "read_room": ("bridge.workshop.registration", "read_room"),
    "Sheet": ("bridge.workshop.spreadsheets", "Sheet"),
    "read_sheet": ("bridge.workshop.spreadsheets", "read_sheet"),
}
__all__ = [
    "AXES",
    "BridgeError",
    "Catalogue",
    "CatalogueError",
    "Citation",
    "ColumnChoiceError",
    "ColumnMapping",
    "ContactCard",
    "ContactMatch",
    "ContactResults",
    "Draft",
    "EXPORT_FILES",
    "EXPORT_FORMATS",
    "Engine",
    "Entry",
    "FetchFailed",
    "FetchPolicy",
    "FetchRefused",
    "FacetCount",
    "GapTable",
    "LinkCheck",
    "LinkState",
    "Match",
    "Opened",
    "Organisation",
    "PAGE_PARAMS",
    "PARTICIPANTS_TEMPLATE",
    "PARTICIPANT_FIELDS",
    "Participant",
    "PhraseBook",
    "Problem",
    "ProblemsFound",
    "ProfileReader",
    "Query",
    "Queue",
    "Reading",
    "Reference",
    "Reason",
    "RecordExists",
    "Registration",
    "Resource",
    "ResourceCard",
    "Results",
    "SaveFailed",
    "Sheet",
    "Submission",
    "Suggestion",
    "TagModel",
    "UnknownTerm",
    "Workshop",
    "WriteConflict",
    "build_workshop",
    "card_markdown",
    "cell_records",
    "chart_png",
    "chart_svg",
    "check_record",
    "configured_hash",
    "contact_card",
    "contact_channel",
    "contact_why",
    "contacts_csv",
    "contacts_markdown",
    "default_catalogue_dir",
    "draft_from_page",
    "draft_from_reference",
    "fingerprint",
    "fit_tag_model",
    "gap_chart",
    "gap_frame",
    "gap_table",
    "gaps_csv",
    "guess_columns",
    "harm_choice",
    "inferred_summary",
    "load_catalogue",
    "load_warnings",
    "may_submit",
    "open_engine",
    "organisation_choices",
    "pack_markdown",
    "parse_params",
    "plain_markdown",
    "prepare_contacts",
    "read_catalogue",
    "read_link_checks",
    "read_page",
    "read_references",
    "read_participants",
    "read_registration",
    "read_room",
    "read_sheet",
    "recent",
    "record_from_form",
    "region_choice",
    "render",
    "resource_card",
    "resource_yaml",
    "safe_link",
    "save_record",
    "similar_records",
    "to_params",
    "verify_password",
    "wait_seconds",
    "why_summary",
    "workshop_files",
    "zip_bytes",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'bridge' has no attribute {name!r}")
    value = getattr(importlib.import_module(home[0]), home[1])
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
