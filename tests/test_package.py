"""bridge/__init__.py and the commands' imports: `import bridge` loads none of the heavy
libraries, and a search on a stored engine loads only numpy of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "sklearn", "scipy", "pandas", "altair", "streamlit", "pydantic", "numba", "yaml",
    "filelock", "asyncio", "rapidfuzz", "numpy",
)  # fmt: skip
LOADED = f"import sys; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
SEARCH = """
import json, sys
from click.testing import CliRunner
from bridge.cli import main
done = CliRunner().invoke(main, json.loads(sys.argv[1]))
assert done.exit_code == 0, done.output
"""


def _loaded(code: str, *args: str) -> list[str]:
    """The heavy libraries a new Python process has imported once `code` has run."""
    done = subprocess.run(
        [sys.executable, "-c", code + "\n" + LOADED, *args],
        capture_output=True, text=True, check=True, env=os.environ.copy(),
    )  # fmt: skip
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1].replace("'", '"'))
    return loaded


def test_import_bridge_loads_no_heavy_library() -> None:
    """The public API is imported on first use, so `import bridge` costs next to nothing."""
    assert _loaded("import bridge") == []


def test_a_search_on_a_stored_engine_loads_only_numpy(catalogue_dir: Path) -> None:
    """The first search builds and stores the engine (scikit-learn and pydantic); the next,
    in a new process, reads it back: no scikit-learn, scipy, pydantic, YAML, pandas, file
    lock or fuzzy matching (for typos only), only numpy for the stored arrays."""
    command = json.dumps(["search", "grooming", "--catalogue", str(catalogue_dir)])
    first = _loaded(SEARCH, command)
    assert {"sklearn", "pydantic"} <= set(first)
    assert _loaded(SEARCH, command) == ["numpy"]
