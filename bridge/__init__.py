"""bridge: the right resources and contacts for each person working against online CSEA."""

from bridge.catalogue import default_catalogue_dir, fingerprint, load_catalogue, read_catalogue
from bridge.contacts import ContactMatch, ContactResults
from bridge.curation import catalogue_writable, check_record, save_record, similar_records
from bridge.errors import (
    BridgeError,
    CatalogueError,
    Problem,
    RecordExists,
    SaveFailed,
    UnknownTerm,
    WriteConflict,
)
from bridge.exports import EXPORT_FORMATS, plain_markdown, render
from bridge.gapchart import chart_png, chart_svg, gap_chart
from bridge.gaps import VIEWS, GapTable, cell_records, gap_frame, gap_table, gaps_csv
from bridge.model import Catalogue, Organisation, Query, Resource
from bridge.packrender import pack_markdown, workshop_files, zip_bytes
from bridge.packs import Workshop, build_workshop
from bridge.participants import TEMPLATE as PARTICIPANTS_TEMPLATE
from bridge.participants import Participant, read_participants
from bridge.rank import Engine, FacetCount, Match, Reason, Results
from bridge.records import resource_yaml
from bridge.urlstate import ViewState, parse_params, to_params
from bridge.views import contact_channel, contact_why, contacts_csv, contacts_markdown, why_summary

__all__ = [
    "RecordExists",
    "SaveFailed",
    "WriteConflict",
    "catalogue_writable",
    "check_record",
    "resource_yaml",
    "save_record",
    "similar_records",
    "VIEWS",
    "GapTable",
    "cell_records",
    "chart_png",
    "chart_svg",
    "gap_chart",
    "gap_frame",
    "gap_table",
    "gaps_csv",
    "PARTICIPANTS_TEMPLATE",
    "ContactMatch",
    "ContactResults",
    "Participant",
    "Workshop",
    "build_workshop",
    "contact_channel",
    "contact_why",
    "contacts_csv",
    "contacts_markdown",
    "pack_markdown",
    "read_participants",
    "workshop_files",
    "zip_bytes",
    "EXPORT_FORMATS",
    "FacetCount",
    "ViewState",
    "parse_params",
    "plain_markdown",
    "render",
    "to_params",
    "why_summary",
    "BridgeError",
    "Catalogue",
    "CatalogueError",
    "Engine",
    "Match",
    "Organisation",
    "Problem",
    "Query",
    "Reason",
    "Resource",
    "Results",
    "UnknownTerm",
    "default_catalogue_dir",
    "fingerprint",
    "load_catalogue",
    "read_catalogue",
]
__version__ = "0.1.0"
