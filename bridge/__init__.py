"""bridge: the right resources and contacts for each person working against online CSEA."""

from bridge.catalogue import default_catalogue_dir, fingerprint, load_catalogue, read_catalogue
from bridge.errors import BridgeError, CatalogueError, Problem, UnknownTerm
from bridge.model import Catalogue, Organisation, Query, Resource
from bridge.rank import Engine, Match, Reason, Results

__all__ = [
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
