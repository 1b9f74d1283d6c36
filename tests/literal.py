"""The literal catalogue of the tests, and helpers to write records and run the CLI.

All content is synthetic: made-up organisations and records, never real case material.
Test modules import it as `literal` (pytest puts this folder on the path: `pythonpath`).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
RESOURCES = REPO / "resources"
TAXONOMY = RESOURCES / "taxonomy"

SUMMARY = (
    "A synthetic summary written for the bridge test suite only. It describes an imaginary "
    "piece of work in plain words, long enough to pass the rule that every summary holds "
    "at least twenty five words of text."
)

ORGANISATIONS = {
    "helpline-net": """\
id: helpline-net
name: Helpline Network Test
sector: helpline-hotline
description: An imaginary network of child helplines, made up for the tests.
url: https://helpline.example.org
contact: mailto:info@helpline.example.org
regions: [Global]
harms: [csea]
sources:
  - url: https://sources.example.org/helpline-net
    title: Synthetic test fixture
    accessed: 2026-12-01
""",
    "safe-lab": """\
id: safe-lab
name: Safe Lab Test
sector: academia
description: An imaginary research lab, made up for the tests.
url: https://safelab.example.org
regions: [Philippines]
harms: [grooming]
people:
  - name: Dr Test Person
    role: Director of the imaginary lab
    source: Synthetic test fixture
sources:
  - url: https://sources.example.org/safe-lab
    title: Synthetic test fixture
    accessed: 2026-12-01
""",
    "tech-alliance": """\
id: tech-alliance
name: Tech Alliance Test
sector: tech-industry
description: An imaginary industry alliance, made up for the tests.
contact: https://techalliance.example.org/contact
regions: [Global]
harms: [csam]
sources:
  - url: https://sources.example.org/tech-alliance
    title: Synthetic test fixture
    accessed: 2026-12-01
""",
}

RESOURCE_RECORDS = {
    "africa-helpline-programme": f"""\
id: africa-helpline-programme
kind: programme
title: Helplines Against Online Abuse in Africa
organisation: helpline-net
partners: [safe-lab]
year: 2022
summary: {SUMMARY}
roles: [helpline, civil-society]
harms: [csea]
regions: [Africa]
outcomes:
  - "Trained 120 imaginary counsellors."
sources:
  - url: https://sources.example.org/africa-helpline-programme
    title: Synthetic test fixture
    accessed: 2026-12-01
url: https://records.example.org/africa-helpline-programme
""",
    "asean-policy-brief": f"""\
id: asean-policy-brief
kind: policy
title: A Policy Brief on Sextortion in ASEAN
organisation: helpline-net
year: 2019
summary: {SUMMARY}
roles: [policymaker]
harms: [sextortion]
regions: [ASEAN]
pillar: networks-systems
sources:
  - url: https://sources.example.org/asean-policy-brief
    title: Synthetic test fixture
    accessed: 2026-12-01
url: https://records.example.org/asean-policy-brief
""",
    "asia-online-harms-news": f"""\
id: asia-online-harms-news
kind: news
title: News on Online Harms Across Asia
organisation: tech-alliance
url: https://news.example.org/asia
year: 2020
languages: [en]
summary: {SUMMARY}
roles: [parent]
harms: [online-harms]
regions: [Asia]
sources:
  - url: https://sources.example.org/asia-online-harms-news
    title: Synthetic test fixture
    accessed: 2026-12-01
""",
    "csam-hash-toolkit": f"""\
id: csam-hash-toolkit
kind: toolkit
title: "A Hash-Matching Toolkit {{for}} Platforms & Co"
organisation: tech-alliance
url: https://toolkit.example.org/hash
year: 2023
summary: {SUMMARY}
roles: [trust-safety, tech-industry]
harms: [csam]
regions: [Global]
pillar: technology-tools
sources:
  - url: https://sources.example.org/csam-hash-toolkit
    title: Synthetic test fixture
    accessed: 2026-12-01
""",
    "grooming-study-ph": f"""\
id: grooming-study-ph
kind: research
title: A Study of Online Grooming in the Philippines
organisation: safe-lab
url: https://safelab.example.org/grooming
year: 2021
languages: [en, tl]
summary: {SUMMARY}
roles: [researcher, educator]
harms: [grooming]
regions: [Philippines]
pillar: research-data
sources:
  - url: https://sources.example.org/grooming-study-ph
    title: Synthetic test fixture
    accessed: 2026-12-01
""",
    "kenya-grooming-event": f"""\
id: kenya-grooming-event
kind: event
title: A Workshop on Grooming Prevention in Kenya
organisation: helpline-net
summary: {SUMMARY}
roles: [educator, young-people]
harms: [grooming]
regions: [Kenya]
sources:
  - url: https://sources.example.org/kenya-grooming-event
    title: Synthetic test fixture
    accessed: 2026-12-01
url: https://records.example.org/kenya-grooming-event
""",
    "sea-livestream-dataset": f"""\
id: sea-livestream-dataset
kind: dataset
title: A Dataset on Livestreamed Abuse in South-eastern Asia
organisation: safe-lab
year: 2024
summary: {SUMMARY}
roles: [researcher, law-enforcement]
harms: [livestreaming]
regions: [South-eastern Asia]
sources:
  - url: https://sources.example.org/sea-livestream-dataset
    title: Synthetic test fixture
    accessed: 2026-12-01
url: https://records.example.org/sea-livestream-dataset
""",
}

ALL_IDS = sorted(RESOURCE_RECORDS)

# The columns of the import tables the tests write.
CSV_HEADER_FIELDS = (
    "id", "kind", "title", "organisation", "summary", "roles", "harms", "regions", "source",
    "year", "outcomes", "url", "sources",
)  # fmt: skip

# The `run_bridge` fixture: run the CLI with these arguments, return the finished process.
RunBridge = Callable[..., subprocess.CompletedProcess[str]]
# The `invoke` fixture: the same in-process (click's test runner), returning a click Result.
Invoke = Callable[..., Any]

# A valid resource record, one field per line, so a field's line is its position here.
RECORD_FIELDS = {
    "id": "x",
    "kind": "research",
    "title": "A synthetic record for one test",
    "organisation": "safe-lab",
    "year": "2021",
    "summary": SUMMARY,
    "roles": "[researcher]",
    "harms": "[grooming]",
    "regions": "[Philippines]",
    "source": "Synthetic test fixture",
}


def record_text(record_id: str, extra: str = "", **fields: str | None) -> str:
    """A resource record's YAML: the fields above, some replaced (None drops one), then `extra`.

    Lines: id 1, kind 2, title 3, organisation 4, year 5, summary 6, roles 7, harms 8,
    regions 9, source 10, `extra` from 11.
    """
    values = RECORD_FIELDS | {"id": record_id} | fields
    lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
    return "\n".join(lines) + "\n" + extra


def jsonl_line(record_id: str, **fields: object) -> str:
    """One JSON Lines record: a valid resource with `fields` replaced."""
    record = {
        "id": record_id,
        "kind": "research",
        "title": "A record from a JSON Lines table",
        "organisation": "safe-lab",
        "summary": SUMMARY,
        "roles": ["researcher"],
        "harms": ["grooming"],
        "regions": ["Kenya"],
        "source": "Synthetic test fixture",
    }
    return json.dumps(record | fields) + "\n"


def write_file(path: Path, text: str | bytes) -> Path:
    """Write a file (text as UTF-8, or bytes as given), making its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def build_catalogue(root: Path) -> Path:
    """The literal catalogue in `root`: the real taxonomy, 3 organisations, 7 resources."""
    shutil.copytree(TAXONOMY, root / "taxonomy")
    for org_id, text in ORGANISATIONS.items():
        write_file(root / "organisations" / f"{org_id}.yaml", text)
    for record_id, text in RESOURCE_RECORDS.items():
        write_file(root / "records" / f"{record_id}.yaml", text)
    return root


def bridge_command() -> list[str]:
    """The installed `bridge` console script beside this Python (or on PATH)."""
    script = Path(sys.executable).parent / "bridge"
    found = str(script) if script.exists() else shutil.which("bridge")
    if found is None:
        pytest.skip("the bridge console script is not installed")
    return [found]


def fail_writing(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make syncing the temporary file of `name` fail as a full disk does."""
    real = os.fsync

    def fsync(fd: int) -> None:
        if f".{name}." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def bulk_table(root: Path, folder: Path, count: int = 2000) -> Path:
    """A CSV of `count` new records for the catalogue in `root`: copies of its records under
    the ids bulk-00000, bulk-00001, ..."""
    from dataclasses import replace

    from bridge.catalogue.reading import read_catalogue
    from bridge.formats.records import to_csv

    base = read_catalogue(root).catalogue.resources
    rows = [replace(base[n % len(base)], id=f"bulk-{n:05d}") for n in range(count)]
    return write_file(folder / "bulk.csv", to_csv(rows))
