"""Where bridge keeps files of its own: a cache of built indexes and a data folder (the
submissions database). Each can be moved with an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_VARIABLE = "BRIDGE_CACHE_DIR"
DATA_VARIABLE = "BRIDGE_DATA_DIR"


def cache_dir() -> Path:
    """`$BRIDGE_CACHE_DIR`, else the user's cache folder for bridge (it may not exist yet)."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("bridge", appauthor=False)


def data_dir() -> Path:
    """`$BRIDGE_DATA_DIR`, else the user's data folder for bridge (it may not exist yet)."""
    chosen = os.environ.get(DATA_VARIABLE)
    if chosen:
        return Path(chosen)
    from platformdirs import user_data_path

    return user_data_path("bridge", appauthor=False)
