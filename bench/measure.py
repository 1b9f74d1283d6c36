"""Timing, memory and machine facts for the benchmark.

Memory: each system's build runs in a fresh process. After the data are generated and
garbage-collected, the process's peak-RSS mark is reset (writing 5 to
/proc/self/clear_refs, Linux >= 4.0) and its current RSS read as the baseline; the build's
peak is then `ru_maxrss` (resource.getrusage, which the reset also resets) minus that
baseline. RSS rather than tracemalloc, because numba's, SQLite's and some of numpy's
allocations never pass through Python's allocator, and RSS is what the machine pays for.
Without clear_refs the baseline falls back to ru_maxrss before the build, which can only
understate the build's peak; the result then says so.
"""

from __future__ import annotations

import gc
import os
import platform
import resource
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

import numpy as np

PACKAGES = ("numpy", "scipy", "scikit-learn", "rapidfuzz", "bm25s", "numba", "llvmlite")
BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def _status(field: str) -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024  # kB -> MB
    except OSError:
        return None
    return None


def rss_mb() -> float:
    found = _status("VmRSS")
    return found if found is not None else maxrss_mb()


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def reset_peak() -> bool:
    """Resets the process's peak-RSS mark; False where the kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


class Baseline:
    """The memory mark before a build: collect, reset the peak, read the RSS."""

    def __init__(self) -> None:
        gc.collect()
        self.exact = reset_peak()
        self.mb = rss_mb() if self.exact else maxrss_mb()

    def peak_since(self) -> float:
        return max(0.0, maxrss_mb() - self.mb)


def cpu_seconds() -> float:
    """This process's CPU time, and that of the child processes it has waited for (bridge's
    catalogue helper): the whole cost of a build on the machine, whichever CPU it ran on."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds (with any helper's) of `fn()`, and its value."""
    cpu, start = cpu_seconds(), time.perf_counter()
    value = fn()
    return time.perf_counter() - start, cpu_seconds() - cpu, value


def latencies(
    run: Callable[[int], Any],
    prepare: Callable[[int], Any],
    count: int,
    *,
    warmup: int = 10,
    budget_s: float = 300.0,
) -> tuple[list[float], list[float], list[Any]]:
    """Wall-clock and CPU milliseconds per query for queries 0..count-1, after `warmup`
    untimed ones, and what each query returned.

    `prepare(i)` runs outside the timed region (a peer's precomputed filter); `run(i)`
    inside it. Stops early, keeping what it measured, once `budget_s` of query time is spent.
    """
    for i in range(min(warmup, count)):
        prepare(i)
        run(i)
    wall: list[float] = []
    cpu: list[float] = []
    results: list[Any] = []
    spent = 0.0
    for i in range(count):
        prepare(i)
        cpu_start, start = time.process_time(), time.perf_counter()
        value = run(i)
        elapsed = time.perf_counter() - start
        cpu.append((time.process_time() - cpu_start) * 1000)
        wall.append(elapsed * 1000)
        results.append(value)
        spent += elapsed
        if spent > budget_s:
            break
    return wall, cpu, results


def summary(ms: Sequence[float], cpu_ms: Sequence[float], wanted: int) -> dict[str, Any]:
    if not ms:
        return {"n": 0, "wanted": wanted}
    array, cpu = np.asarray(ms), np.asarray(cpu_ms)
    return {
        "n": len(ms),
        "wanted": wanted,
        "p50": float(np.percentile(array, 50)),
        "p99": float(np.percentile(array, 99)),
        "mean": float(array.mean()),
        "max": float(array.max()),
        "cpu_p50": float(np.percentile(cpu, 50)),
        "cpu_p99": float(np.percentile(cpu, 99)),
    }


def blas_info() -> list[dict[str, Any]]:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    keep = ("internal_api", "version", "architecture", "num_threads")
    return [{k: i.get(k) for k in keep} for i in threadpool_info()]


def machine() -> dict[str, Any]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    versions["sqlite"] = sqlite3.sqlite_version
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as info:
            names = (line.split(":", 1)[1].strip() for line in info if "model name" in line)
            cpu = next(names, cpu)
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "versions": versions,
        "blas": blas_info(),
        "blas_env": {k: os.environ.get(k) for k in BLAS_VARS},
    }


def wall_times(command: Sequence[str], runs: int, env: dict[str, str], cwd: str) -> list[float]:
    """Wall-clock seconds of each of `runs` runs of a command (its output discarded); a
    failing run raises."""
    import subprocess

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            command, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        times.append(time.perf_counter() - start)
    return times


def cli_start(root: str, runs: int = 9) -> dict[str, Any]:
    """`bridge search grooming` on the bundled catalogue against `python -c "import numpy"`,
    run in turns (so load on the machine falls on both), after one untimed run of each that
    fills bridge's engine cache (a folder of the benchmark's own) and the file cache."""
    import tempfile
    from pathlib import Path

    bridge = str(Path(sys.executable).parent / "bridge")
    commands = {
        "bridge": [bridge, "search", "grooming"],
        "numpy": [sys.executable, "-c", "import numpy"],
    }
    with tempfile.TemporaryDirectory(prefix="bridge-bench-cli-") as cache:
        env = {**os.environ, "BRIDGE_CACHE_DIR": cache, "BRIDGE_CATALOGUE": f"{root}/resources"}
        for command in commands.values():
            wall_times(command, 1, env, root)
        found: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                found[name] += wall_times(command, 1, env, root)
    medians = {name: float(np.median(times)) for name, times in found.items()}
    return {
        "runs": runs,
        "bridge_s": found["bridge"],
        "numpy_s": found["numpy"],
        "bridge_median_s": medians["bridge"],
        "numpy_median_s": medians["numpy"],
        "command": "bridge search grooming",
    }
