"""The systems measured: bridge and two peers, bm25s (numba backend) and SQLite FTS5.

Each system has the same life: `setup` (untimed, before the memory baseline: the peers'
document text; bridge's catalogue folder on disk), `build` (timed), then per query `prepare`
(untimed: the peers' precomputed filter) and `search` (timed). Every system indexes the same
text: the four fields bridge indexes (title, organisation and partner names, tag labels,
summary), made by bridge.engine.text.resource_fields.

bridge's build is a first start: `open_engine` on the catalogue folder with an empty cache,
so it reads and validates every record file, fits the engine and stores it. The peers build
from their texts in memory. Each system's library is imported before its build is timed.

Filters: bridge resolves and applies its own filters inside `search` (so its timed region
includes them). The peers are handed the allowed rows, computed once per query outside the
timed region with bridge's own filter rules (see synthetic.allowed_mask).
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from bench.synthetic import Data, write_catalogue
from bridge.catalogue import helper
from bridge.catalogue.location import record_files
from bridge.engine.text import resource_fields
from bridge.model import Query


def _fields(data: Data) -> list[tuple[str, str, str, str]]:
    catalogue = data.catalogue
    out = []
    for record in catalogue.resources:
        f = resource_fields(record, catalogue)
        out.append((f.title, f.organisation, f.tags, f.summary))
    return out


class System:
    name: ClassVar[str]
    notes: ClassVar[tuple[str, ...]] = ()

    def setup(self, data: Data, folder: Path, cache: Path) -> None:  # untimed, before baseline
        self.data = data

    def build(self) -> None:  # timed
        raise NotImplementedError

    def prepare(self, mask: np.ndarray | None) -> None:  # untimed, per query
        return None

    def search(self, query: Query) -> Any:  # timed
        raise NotImplementedError

    def rows(self, result: Any) -> list[int]:  # untimed: result -> catalogue rows
        raise NotImplementedError

    def after_build(self) -> dict[str, Any]:
        return {}


class Bridge(System):
    name = "bridge"
    notes = (
        "bridge: build = open_engine(folder, cache=an empty folder), a first start: every "
        "record file of the synthetic catalogue folder read (JSON Lines, 10,000 records a "
        "file) and validated (at 100k and 1M, 40% of the files by a second process bridge "
        "starts, whose CPU time the build's CPU column adds), the engine fitted and stored in "
        "the cache (bridge's modules and "
        "numba imported before, as `import bm25s` is for bm25s; loading the compiled loops "
        "from numba's disk cache is timed); query = "
        "engine.search(query, top=10): filter resolution, query expansion, typo correction, "
        "scoring, diversity re-ranking and explanations",
        "bridge restart: a fresh process imports bridge.engine.stored (untimed) and times "
        "open_engine(folder, cache) on the cache the build above wrote; it must be read from "
        "the cache (the worker fails otherwise). The first query after it is timed apart: it "
        "loads numba's compiled loops from numba's disk cache",
    )

    def setup(self, data: Data, folder: Path, cache: Path) -> None:
        # Imported before the timing, as the peers' libraries are; numba too, which bridge's
        # compiled loops need at this size and which `import bm25s` imports for bm25s.
        import numba  # noqa: F401

        import bridge.catalogue.reading  # noqa: F401
        import bridge.engine.fitting  # noqa: F401
        import bridge.engine.stored  # noqa: F401

        if not (folder / "taxonomy").is_dir():
            write_catalogue(data, folder)
        self.data, self.folder, self.cache = data, folder, cache

    def build(self) -> None:
        from bridge.engine.stored import open_engine

        opened = open_engine(self.folder, cache=self.cache)
        if opened.from_cache:
            raise RuntimeError(f"the cache {self.cache} was not empty")
        self.engine = opened.engine
        self.problems = opened.problems

    def search(self, query: Query) -> Any:
        return self.engine.search(query, top=10)

    def rows(self, result: Any) -> list[int]:
        return [int(m.record.id[1:]) for m in result.matches]

    def after_build(self) -> dict[str, Any]:
        loaded = self.engine.catalogue
        same = loaded.resources == self.data.catalogue.resources
        same = same and loaded.organisations == self.data.catalogue.organisations
        started = time.perf_counter()
        organisations = self.engine.organisations  # built on first use, not by open_engine
        took = time.perf_counter() - started
        problems = [] if same else ["the catalogue read from files differs from the generated"]
        problems += [f"load problem: {p}" for p in self.problems[:5]]
        return {
            "helper_peak_mb": _helper_peak_mb(self.folder),
            "terms": len(self.engine.index.vocabulary),
            "organisation_index_s": took,
            "organisations": len(organisations.profiles),
            "build_problems": problems,
            "folder_mb": _megabytes(self.folder),
            "cache_mb": _megabytes(self.cache),
        }


_LAUNCHER = (  # starts a command, prints the peak RSS (KiB) of it and what it started
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _helper_peak_mb(folder: Path) -> float:
    """The peak RSS of bridge's catalogue helper on its share of the folder (0: none runs),
    run again apart and untimed from a small launcher: the kernel's peak for a child process
    includes the size of the process that started it, so the build's own helper, started by
    a worker holding the data, cannot be measured that way."""
    _, resources = record_files(folder)
    _, theirs = helper.shares(resources)
    if not theirs:
        return 0.0
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-P", "-m", "bridge.catalogue.helper", str(folder), out]
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, *command, *map(str, theirs)],
            capture_output=True,
            text=True,
            check=True,
        )
    return int(done.stdout.split()[-1]) / 1024


def _megabytes(folder: Path) -> float:
    """The size of the files in a folder and its subfolders."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


class BM25S(System):
    name = "bm25s"
    notes = (
        "bm25s.BM25(backend='numba'); build = bm25s.tokenize(texts, stopwords='en') + index, "
        "from the texts in memory; query = bm25s.tokenize(query) + retrieve(k=10, "
        "weight_mask=float32 mask, n_threads=1); no field weights, no stemming; numba "
        "compiles on the first (warm-up) query",
    )

    def setup(self, data: Data, folder: Path, cache: Path) -> None:
        import bm25s  # noqa: F401

        self.texts = [" ".join(f) for f in _fields(data)]
        self.mask: np.ndarray | None = None

    def build(self) -> None:
        import bm25s

        tokens = bm25s.tokenize(self.texts, stopwords="en", show_progress=False)
        retriever = bm25s.BM25(backend="numba")
        retriever.index(tokens, show_progress=False)
        self.retriever = retriever

    def after_build(self) -> dict[str, Any]:
        del self.texts  # the peers' corpus copy is not part of the query phase
        return {"terms": len(self.retriever.vocab_dict)}

    def prepare(self, mask: np.ndarray | None) -> None:
        self.mask = None if mask is None else mask.astype(np.float32)

    def search(self, query: Query) -> Any:
        import bm25s

        tokens = bm25s.tokenize([query.text], stopwords="en", return_ids=False, show_progress=False)
        docs, scores = self.retriever.retrieve(
            tokens, k=10, weight_mask=self.mask, show_progress=False, n_threads=1
        )
        return docs[0], scores[0]

    def rows(self, result: Any) -> list[int]:
        docs, scores = result
        return [int(d) for d, s in zip(docs.tolist(), scores.tolist(), strict=True) if s > 0]


_TERM = re.compile(r"\w\w+")


class SQLiteFTS5(System):
    name = "sqlite-fts5"
    # How MATCH is restricted to the allowed rows: "in" (+rowid IN) or "join"; see notes.
    filter_mode: ClassVar[str] = "in"
    notes = (
        "stdlib sqlite3, in-memory; build = CREATE VIRTUAL TABLE fts5(title, organisation, "
        "tags, summary, tokenize='unicode61') + one executemany INSERT in a transaction + "
        "'optimize'; query = MATCH of the query's non-stop-words joined with OR, ORDER BY "
        "bm25(docs, 3, 1.5, 1, 1) (bridge's field weights) LIMIT 10",
        "sqlite filter: the allowed rowids are loaded into a temp table (INTEGER PRIMARY KEY) "
        "before the timed region and the query adds `+rowid IN (SELECT id FROM allowed)`. The "
        "unary + keeps SQLite from pushing the IN list into FTS5 as one rowid lookup per "
        "allowed row: at 10k records, 60 profile queries, p50 was 754 ms with plain `rowid "
        "IN`, 4.0 ms with `+rowid IN`, 3.9 ms as a JOIN, 4.9 ms with EXISTS and 9.5 ms with a "
        "materialised CTE; at 100k, 42 ms (+rowid IN), 47 ms (JOIN), 44 ms (EXISTS), so "
        "`+rowid IN` was kept",
    )
    SQL: ClassVar[dict[str, str]] = {
        "none": "SELECT rowid FROM docs WHERE docs MATCH ? "
        "ORDER BY bm25(docs, 3.0, 1.5, 1.0, 1.0) LIMIT 10",
        "in": "SELECT rowid FROM docs WHERE docs MATCH ? AND +rowid IN (SELECT id FROM allowed) "
        "ORDER BY bm25(docs, 3.0, 1.5, 1.0, 1.0) LIMIT 10",
        "join": "SELECT docs.rowid FROM allowed JOIN docs ON docs.rowid = allowed.id "
        "WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.5, 1.0, 1.0) LIMIT 10",
    }

    def setup(self, data: Data, folder: Path, cache: Path) -> None:
        from bm25s.stopwords import STOPWORDS_EN

        self.stop = frozenset(STOPWORDS_EN)
        self.records = [(i, *f) for i, f in enumerate(_fields(data))]
        self.sql = self.SQL["none"]

    def build(self) -> None:
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.execute(
            "CREATE VIRTUAL TABLE docs USING "
            "fts5(title, organisation, tags, summary, tokenize='unicode61')"
        )
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO docs(rowid, title, organisation, tags, summary) VALUES (?, ?, ?, ?, ?)",
            self.records,
        )
        db.execute("COMMIT")
        db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        db.execute("CREATE TEMP TABLE allowed(id INTEGER PRIMARY KEY)")
        self.db = db

    def after_build(self) -> dict[str, Any]:
        del self.records
        return {}

    def prepare(self, mask: np.ndarray | None) -> None:
        if mask is None:
            self.sql = self.SQL["none"]
            return
        self.db.execute("BEGIN")
        self.db.execute("DELETE FROM allowed")
        self.db.executemany(
            "INSERT INTO allowed(id) VALUES (?)", ((r,) for r in np.flatnonzero(mask).tolist())
        )
        self.db.execute("COMMIT")
        self.sql = self.SQL[self.filter_mode]

    def search(self, query: Query) -> Any:
        terms = dict.fromkeys(t for t in _TERM.findall(query.text.lower()) if t not in self.stop)
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        return self.db.execute(self.sql, (match,)).fetchall()

    def rows(self, result: Any) -> list[int]:
        return [r[0] for r in result]


SYSTEMS: dict[str, type[System]] = {s.name: s for s in (Bridge, BM25S, SQLiteFTS5)}
