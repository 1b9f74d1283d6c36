"""bridge: the right resources and contacts for each person working against online CSEA."""

from bridge.catalogue import default_catalogue_dir, fingerprint, load_catalogue, read_catalogue
from bridge.errors import BridgeError, CatalogueError, Problem, UnknownTerm
from bridge.model import Catalogue, Organisation, Resource

__all__ = [
    "BridgeError",
    "Catalogue",
    "CatalogueError",
    "Organisation",
    "Problem",
    "Resource",
    "UnknownTerm",
    "default_catalogue_dir",
    "fingerprint",
    "load_catalogue",
    "read_catalogue",
]
__version__ = "0.1.0"
