"""A small catalogue whose text fields carry markup and script: valid records, hostile text.

Records are written as JSON, which is also YAML, so every payload reaches the app exactly
as written here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from appserver import ROOT

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
JS_LINK = "[click](javascript:window.__pwned=3)"
PIXEL = "![t](http://127.0.0.1:9/pixel.png)"
PAYLOADS = (SCRIPT, IMG, JS_LINK, PIXEL)
PIXEL_HOST = "127.0.0.1:9"

FILLER = (
    "This record exists only to test that the app shows catalogue text as text; its words "
    "are long enough to pass the summary rule of twenty-five words or more, and say nothing."
)
ORGANISATION = {
    "id": "hostile-org",
    "name": f"Hostile org {SCRIPT}",
    "sector": "civil-society",
    "description": f"An organisation made up for a test. {IMG}",
    "regions": [],
    "harms": ["csea"],
    "source": "Written for the browser tests",
}
RESOURCES = (
    {
        "id": "hostile-script",
        "kind": "research",
        "title": f"Script title {SCRIPT}",
        "summary": f"{IMG} {FILLER} {JS_LINK}",
        "organisation": "hostile-org",
        "url": "https://example.org/hostile-script",
        "year": 2024,
        "roles": ["parent"],
        "harms": ["grooming"],
        "regions": [],
        "outcomes": [PIXEL, SCRIPT],
        "source": "Written for the browser tests",
    },
    {
        "id": "hostile-img",
        "kind": "toolkit",
        "title": f"Image title {IMG}",
        "summary": f"{PIXEL} {FILLER} {SCRIPT}",
        "organisation": "hostile-org",
        "year": 2023,
        "roles": ["educator"],
        "harms": ["sextortion"],
        "regions": ["Europe"],
        "outcomes": [JS_LINK],
        "source": "Written for the browser tests",
    },
    {
        "id": "hostile-link",
        "kind": "programme",
        "title": f"Link title {JS_LINK} {PIXEL}",
        "summary": f"{JS_LINK} {FILLER} {PIXEL}",
        "organisation": "hostile-org",
        "year": 2022,
        "roles": ["researcher"],
        "harms": ["csea"],
        "regions": [],
        "outcomes": [IMG],
        "source": "Written for the browser tests",
    },
)
RESOURCE_IDS = tuple(r["id"] for r in RESOURCES)


def build_hostile_catalogue(folder: Path) -> Path:
    """The real taxonomy, one organisation and three resources with hostile text."""
    shutil.copytree(ROOT / "resources" / "taxonomy", folder / "taxonomy")
    _write(folder / "organisations" / "hostile-org.yaml", ORGANISATION)
    for record in RESOURCES:
        _write(folder / "records" / f"{record['id']}.yaml", record)
    return folder


def _write(path: Path, record: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
