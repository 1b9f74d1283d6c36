"""On-demand speed benchmark: bridge against bm25s and SQLite FTS5.

    python -m bench [--sizes 1000,10000,100000,1000000] [--queries 200] [--out bench/RESULTS.md]

Each (system, size) runs in a fresh worker process (`python -m bench --worker ...`) that
generates the seeded catalogue and queries, builds the system's index (timed, with its
peak memory over a baseline taken after the data exist), then times every query. bridge
builds from the catalogue written as files (a first start, empty cache); a second fresh
worker then times its restart from the cache the first wrote. Before the sizes, the parent
times `bridge search` as a command against `python -c "import numpy"`. At --profile-size,
bridge and bm25s then time their profile queries in turns (see `_turns`), and their builds
in fresh workers in turns (`_build_turns`), which give the profile and build targets their
verdicts. The parent gathers the workers' JSON, prints the tables and
writes them to --out.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import SYSTEM_ORDER

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200, help="of each kind (short, profile)")
    parser.add_argument("--out", default="bench/RESULTS.md")
    parser.add_argument("--systems", default=",".join(SYSTEM_ORDER))
    parser.add_argument(
        "--budget", type=float, default=120.0, help="seconds of query time per kind and system"
    )
    parser.add_argument(
        "--timeout", type=float, default=3600.0, help="seconds for one worker before it is dropped"
    )
    parser.add_argument(
        "--profile-size", type=int, default=100_000, help="size at which to cProfile a query"
    )
    parser.add_argument(
        "--build-profile-size",
        type=int,
        default=100_000,
        help="size at which to cProfile bridge's build (a second, untimed build)",
    )
    parser.add_argument(
        "--cli-runs", type=int, default=9, help="timed runs of each command for the CLI start"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=9,
        help="rounds of bridge's and bm25s's profile queries in turns at --profile-size (0: none)",
    )
    parser.add_argument(
        "--build-rounds",
        type=int,
        default=5,
        help="rounds of bridge's and bm25s's builds in turns at --profile-size (0: none)",
    )
    parser.add_argument(
        "--render",
        metavar="JSON",
        help="only rewrite --out from a results.json of an earlier run",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker(json.loads(args.worker))
    if args.render:
        return _render_only(Path(args.render), args.out)
    _blas_env()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    return _run(sizes, systems, args)


def _blas_env() -> None:
    """The machine sets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for old OpenBLAS builds; they
    slow a current numpy, so the benchmark (and only it) runs without both."""
    from bench.measure import BLAS_VARS

    if any(v in os.environ for v in BLAS_VARS):
        env = {k: v for k, v in os.environ.items() if k not in BLAS_VARS}
        env["BENCH_UNSET_BLAS"] = ",".join(v for v in BLAS_VARS if v in os.environ)
        print("bench: re-running without " + env["BENCH_UNSET_BLAS"], file=sys.stderr)
        os.execve(sys.executable, [sys.executable, "-m", "bench", *sys.argv[1:]], env)


# --------------------------------------------------------------------------- the parent


def _run(sizes: list[int], systems: list[str], args: argparse.Namespace) -> int:
    from bench.measure import cli_start, machine
    from bench.report import add_overlaps, table_text

    lock = _exclusive()
    started = time.time()
    info = machine()
    info["unset_blas"] = os.environ.get("BENCH_UNSET_BLAS", "")
    info["queries"] = args.queries
    info["budget"] = args.budget
    info["sizes"] = sizes
    results: list[dict[str, Any]] = []
    out = ROOT / args.out if not Path(args.out).is_absolute() else Path(args.out)
    place = Path(tempfile.mkdtemp(prefix="bridge-bench-"))
    try:
        if "bridge" in systems and args.cli_runs:
            print("bench: bridge search as a command ...", file=sys.stderr, flush=True)
            info["cli"] = cli_start(str(ROOT), runs=args.cli_runs)
            info["cli"]["load"] = os.getloadavg()[0]
        for size in sizes:
            folder, cache = place / f"catalogue-{size}", place / f"cache-{size}"
            for system in systems:
                spec = _spec(
                    "queries",
                    system,
                    size,
                    args,
                    folder,
                    cache,
                    profile=system == "bridge" and size == args.profile_size,
                    build_profile=system == "bridge" and size == args.build_profile_size,
                )
                print(f"bench: {system} at {size:,} records ...", file=sys.stderr, flush=True)
                result = _spawn(spec, args.timeout)
                if system == "bridge" and "error" not in result:
                    print(f"bench: bridge restart at {size:,} ...", file=sys.stderr, flush=True)
                    result["restart"] = _spawn({**spec, "kind": "restart"}, args.timeout)
                results.append(result)
                _progress(result)
            if size == args.profile_size and {"bridge", "bm25s"} <= set(systems):
                _in_turns(size, folder, cache, args, info)
            add_overlaps(results, size)
            print(table_text(results, size), flush=True)
            info["elapsed_s"] = time.time() - started
            _save(out, results, info)
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
    finally:
        shutil.rmtree(place, ignore_errors=True)
    print(f"bench: wrote {out} in {time.time() - started:.0f} s", file=sys.stderr)
    lock.close()
    return 0


def _spec(
    kind: str,
    system: str,
    size: int,
    args: argparse.Namespace,
    folder: Path,
    cache: Path,
    **extra: Any,
) -> dict[str, Any]:
    """What a worker of this kind is told: the system, the size, the queries and their
    budget, and where the catalogue folder and the cache are."""
    return {
        "kind": kind,
        "system": system,
        "size": size,
        "queries": args.queries,
        "budget": args.budget,
        "folder": str(folder),
        "cache": str(cache),
        **extra,
    }


def _save(out: Path, results: list[dict[str, Any]], info: dict[str, Any]) -> None:
    from bench.report import render

    out.write_text(render(results, info, info["sizes"]))
    raw = [{k: v for k, v in r.items() if not k.endswith("_rows")} for r in results]
    out.with_name("results.json").write_text(json.dumps({"machine": info, "runs": raw}))


def _exclusive() -> Any:
    """Holds a machine-wide lock for the run, so two benchmark runs never share the cores
    (and never overwrite each other's RESULTS.md halfway); a second run waits."""
    import fcntl

    handle = open(Path(tempfile.gettempdir()) / "bridge-bench.lock", "a+")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("bench: another benchmark run is in progress; waiting for it", file=sys.stderr)
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _render_only(source: Path, out_name: str) -> int:
    from bench.report import add_overlaps, render

    saved = json.loads(source.read_text())
    runs = saved["runs"]
    sizes = saved["machine"].get("sizes") or sorted({r["size"] for r in runs})
    for size in sizes:
        add_overlaps(runs, size)
    out = ROOT / out_name if not Path(out_name).is_absolute() else Path(out_name)
    out.write_text(render(runs, saved["machine"], sizes))
    raw = [{k: v for k, v in r.items() if not k.endswith("_rows")} for r in runs]
    source.write_text(json.dumps({"machine": saved["machine"], "runs": raw}))
    print(f"bench: rewrote {out} from {source}", file=sys.stderr)
    return 0


def _spawn(spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        path = Path(handle.name)
    spec = {**spec, "out": str(path)}
    command = [sys.executable, "-m", "bench", "--worker", json.dumps(spec)]
    start = time.time()
    try:
        done = subprocess.run(command, cwd=ROOT, timeout=timeout, stdout=subprocess.PIPE, text=True)
        if done.returncode == 0 and path.stat().st_size:
            return json.loads(path.read_text())
        error = f"worker exited with code {done.returncode}"
        if done.returncode < 0:
            error += " (killed: out of memory?)" if done.returncode == -9 else " (signal)"
    except subprocess.TimeoutExpired:
        error = f"did not finish within {timeout:.0f} s"
    finally:
        path.unlink(missing_ok=True)
    return {
        "system": spec["system"],
        "size": spec["size"],
        "error": error,
        "wall_s": time.time() - start,
    }


_TURNS = ("bridge", "bm25s")


def _in_turns(
    size: int, folder: Path, cache: Path, args: argparse.Namespace, info: dict[str, Any]
) -> None:
    """The profile queries' and the builds' rounds in turns, into `info`."""
    if args.rounds:
        print(f"bench: bridge and bm25s in turns at {size:,} ...", file=sys.stderr)
        info["turns"] = _turns(size, folder, cache, args)
        _rounds_progress(info["turns"], "profile p50", "ms")
    if args.build_rounds:
        print(f"bench: bridge's and bm25s's builds in turns at {size:,} ...", file=sys.stderr)
        info["build_turns"] = _build_turns(size, folder, cache, args)
        _rounds_progress(info["build_turns"], "build", "s")


def _turns(size: int, folder: Path, cache: Path, args: argparse.Namespace) -> dict[str, Any]:
    """bridge's and bm25s's profile queries timed in turns: both built in workers that stay
    up, then each times a round of every profile query when told, one after the other,
    the first of each round changing. Workers run one after the other minutes apart, and the
    machine's speed drifts in between; rounds in turns meet the same drift, so the median of
    the rounds' p50 ratios holds from one run to the next."""
    workers: dict[str, subprocess.Popen[str]] = {}
    try:
        for system in _TURNS:
            spec = _spec(
                "turns", system, size, args, folder, cache.with_name(cache.name + "-turns")
            )
            workers[system] = subprocess.Popen(
                [sys.executable, "-m", "bench", "--worker", json.dumps(spec)],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            _answer(workers[system], system)  # built, one at a time: "ready"
        rounds: list[dict[str, float]] = []
        for number in range(args.rounds):
            order = _TURNS if number % 2 == 0 else _TURNS[::-1]
            p50 = {}
            for system in order:
                command = workers[system].stdin
                assert command is not None
                command.write("round\n")
                command.flush()
                p50[system] = statistics.median(json.loads(_answer(workers[system], system)))
            rounds.append(p50)
    except RuntimeError as failed:
        return {"size": size, "error": str(failed)}
    finally:
        for worker in workers.values():
            with contextlib.suppress(OSError):
                worker.communicate("end\n", timeout=60)
            if worker.poll() is None:
                worker.kill()
        shutil.rmtree(cache.with_name(cache.name + "-turns"), ignore_errors=True)
    return {**_rounds_summed(size, rounds), "queries": args.queries}


def _build_turns(size: int, folder: Path, cache: Path, args: argparse.Namespace) -> dict[str, Any]:
    """bridge's first start and bm25s's tokenise+index timed again, each in a fresh worker,
    round by round, the first of each round changing: builds minutes apart met different
    machine speeds too, so the median of the rounds' ratios is the build target's verdict."""
    rounds: list[dict[str, float]] = []
    for number in range(args.build_rounds):
        order = _TURNS if number % 2 == 0 else _TURNS[::-1]
        took: dict[str, float] = {}
        for system in order:
            spec = _spec(
                "build", system, size, args, folder, cache.with_name(cache.name + "-build")
            )
            done = _spawn(spec, args.timeout)
            if "error" in done:
                return {"size": size, "error": f"{system}: {done['error']}"}
            took[system] = done["build_s"]
        rounds.append(took)
    return _rounds_summed(size, rounds)


def _rounds_summed(size: int, rounds: list[dict[str, float]]) -> dict[str, Any]:
    """Rounds in turns (bridge's and bm25s's time in each): the median of the rounds'
    ratios with their range, and each system's median time."""
    ratios = [r["bridge"] / r["bm25s"] for r in rounds]
    return {
        "size": size,
        "rounds": rounds,
        "ratio": statistics.median(ratios),
        "ratio_low": min(ratios),
        "ratio_high": max(ratios),
        **{system: statistics.median(r[system] for r in rounds) for system in _TURNS},
    }


def _rounds_progress(turns: dict[str, Any], what: str, unit: str) -> None:
    if "error" in turns:
        print(f"bench:   FAILED: {turns['error']}", file=sys.stderr, flush=True)
        return
    digits = 3 if unit == "ms" else 2
    print(
        f"bench:   {len(turns['rounds'])} rounds: {what} bridge {turns['bridge']:.{digits}f} "
        f"{unit}, bm25s {turns['bm25s']:.{digits}f} {unit}; ratio {turns['ratio']:.2f}x "
        f"({turns['ratio_low']:.2f}-{turns['ratio_high']:.2f})",
        file=sys.stderr,
        flush=True,
    )


def _answer(worker: subprocess.Popen[str], system: str) -> str:
    """A turns worker's next line; a worker that ended instead is a failed run."""
    assert worker.stdout is not None
    line = worker.stdout.readline()
    if not line:
        raise RuntimeError(f"the {system} worker for turns ended (code {worker.wait()})")
    return line


def _progress(result: dict[str, Any]) -> None:
    if "error" in result:
        print(f"bench:   FAILED: {result['error']}", file=sys.stderr, flush=True)
        return
    s, p = result["short"], result["profile"]
    restart = result.get("restart", {})
    again = f"; restart {restart['restart_s']:.2f} s" if "restart_s" in restart else ""
    print(
        f"bench:   build {result['build_s']:.2f} s, {result['build_mb']:.0f} MB{again}; "
        f"short p50 {s.get('p50', float('nan')):.3f} ms; "
        f"profile p50 {p.get('p50', float('nan')):.3f} ms; worker {result['wall_s']:.0f} s",
        file=sys.stderr,
        flush=True,
    )


# --------------------------------------------------------------------------- the worker


def _worker(spec: dict[str, Any]) -> int:
    if spec["kind"] == "restart":
        return _restart_worker(spec)
    if spec["kind"] == "turns":
        return _turns_worker(spec)
    if spec["kind"] == "build":
        return _build_worker(spec)
    from bench.measure import Baseline, latencies, summary, timed
    from bench.peers import SYSTEMS
    from bench.synthetic import allowed_mask, check_masks, generate

    start = time.time()
    source = _bridge_source()
    name, size, count = spec["system"], spec["size"], spec["queries"]
    gen_s, _, data = timed(lambda: generate(size, count))
    masks = [allowed_mask(data, q) for q in data.profile]
    checked = check_masks(data, masks, sample=50) if name == "bridge" else 0
    system = SYSTEMS[name]()
    folder, cache = Path(spec["folder"]), Path(spec["cache"])
    write_s, _, _ = timed(lambda: system.setup(data, folder, cache))
    load = [os.getloadavg()[0]]
    baseline = Baseline()
    build_s, build_cpu_s, _ = timed(system.build)
    build_mb = baseline.peak_since()
    extra = system.after_build()
    gc.collect()
    budget = spec["budget"]

    def no_filter(_: int) -> None:
        system.prepare(None)

    short_ms, short_cpu, short_out = latencies(
        lambda i: system.search(data.short[i]), no_filter, count, budget_s=budget
    )
    profile_ms, profile_cpu, profile_out = latencies(
        lambda i: system.search(data.profile[i]),
        lambda i: system.prepare(masks[i]),
        count,
        budget_s=budget,
    )
    load.append(os.getloadavg()[0])
    short_rows = [system.rows(r) for r in short_out]
    profile_rows = [system.rows(r) for r in profile_out]
    problems = _validate(name, size, masks, profile_out, profile_rows)
    problems += extra.pop("build_problems", [])
    result = {
        "system": name,
        "size": size,
        "generate_s": gen_s,
        "setup_s": write_s,
        "baseline_mb": baseline.mb,
        "baseline_exact": baseline.exact,
        "build_s": build_s,
        "build_cpu_s": build_cpu_s,
        "build_mb": build_mb,
        "short": summary(short_ms, short_cpu, count),
        "profile": summary(profile_ms, profile_cpu, count),
        "short_rows": short_rows,
        "profile_rows": profile_rows,
        "mask_share": _mask_share(masks, size),
        "mask_rows_checked": checked,
        "problems": problems,
        "notes": list(system.notes),
        "load": load,
        "bridge_source": source,
        **extra,
    }
    if spec.get("profile"):
        result["cprofile"] = _profile(system, data, profile_ms)
    if spec.get("build_profile"):
        result["build_cprofile"] = _build_profile(system, cache.with_name(cache.name + "-again"))
    result["wall_s"] = time.time() - start
    Path(spec["out"]).write_text(json.dumps(result))
    return 0


def _build_worker(spec: dict[str, Any]) -> int:
    """One system's build timed as the query worker times it (bridge: a first start into an
    empty cache), and nothing else."""
    from bench.measure import Baseline, timed
    from bench.peers import SYSTEMS
    from bench.synthetic import generate

    data = generate(spec["size"], spec["queries"])
    system = SYSTEMS[spec["system"]]()
    cache = Path(spec["cache"])
    shutil.rmtree(cache, ignore_errors=True)
    system.setup(data, Path(spec["folder"]), cache)
    Baseline()  # collected and marked as before the query worker's build
    try:
        build_s, build_cpu_s, _ = timed(system.build)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    result = {
        "system": spec["system"],
        "size": spec["size"],
        "build_s": build_s,
        "build_cpu_s": build_cpu_s,
    }
    Path(spec["out"]).write_text(json.dumps(result))
    return 0


def _turns_worker(spec: dict[str, Any]) -> int:
    """One system built (untimed), then its profile queries timed a round at a time: a round
    for each line "round" on stdin, its latencies (ms) one JSON line on stdout; any other
    line, or none, ends it. Only those lines go to stdout."""
    from bench.measure import latencies
    from bench.peers import SYSTEMS
    from bench.synthetic import allowed_mask, generate

    channel, sys.stdout = sys.stdout, sys.stderr
    data = generate(spec["size"], spec["queries"])
    masks = [allowed_mask(data, q) for q in data.profile]
    system = SYSTEMS[spec["system"]]()
    shutil.rmtree(spec["cache"], ignore_errors=True)  # bridge builds into an empty cache
    system.setup(data, Path(spec["folder"]), Path(spec["cache"]))
    system.build()
    system.after_build()
    gc.collect()
    print("ready", file=channel, flush=True)
    for line in sys.stdin:
        if line.strip() != "round":
            break
        wall, _, _ = latencies(
            lambda i: system.search(data.profile[i]),
            lambda i: system.prepare(masks[i]),
            spec["queries"],
            budget_s=spec["budget"],
        )
        print(json.dumps(wall), file=channel, flush=True)
    return 0


def _restart_worker(spec: dict[str, Any]) -> int:
    """bridge started again in a fresh process: the engine read back from the cache the
    build wrote, then one profile query (the first, which loads the compiled loops)."""
    start = time.time()
    imports_s, _, _ = _timed_import()
    from bench.measure import timed
    from bench.synthetic import SEED, make_queries, region_choices, taxonomy
    from bridge.engine.stored import open_engine

    tax = taxonomy()
    _, profile = make_queries(1, SEED, tax, region_choices(tax))
    folder, cache = Path(spec["folder"]), Path(spec["cache"])
    wall, cpu, opened = timed(lambda: open_engine(folder, cache=cache))
    result: dict[str, Any] = {"system": "bridge", "size": spec["size"], "imports_s": imports_s}
    if not opened.from_cache:
        result["error"] = "the engine was built again, not read from the cache"
    else:
        first_s, _, _ = timed(lambda: opened.engine.search(profile[0], top=10))
        result.update(restart_s=wall, restart_cpu_s=cpu, first_query_ms=first_s * 1000)
    result["wall_s"] = time.time() - start
    Path(spec["out"]).write_text(json.dumps(result))
    return 0


def _timed_import() -> tuple[float, float, Any]:
    from bench.measure import timed

    def load() -> Any:
        import bridge.engine.stored

        return bridge.engine.stored

    return timed(load)


def _bridge_source() -> dict[str, str]:
    """A fingerprint of the bridge code the benchmark runs (its top modules and the
    catalogue, engine, cli and formats packages) as this worker started, and the newest
    file's time: the code may change between workers of one run."""
    import hashlib

    package = ROOT / "bridge"
    top = [p for p in package.glob("*.py")]
    inner = [
        p for d in ("catalogue", "engine", "cli", "formats") for p in (package / d).rglob("*.py")
    ]
    files = sorted([*top, *inner])
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    newest = max((p.stat().st_mtime for p in files), default=0.0)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(newest))
    return {"sha256": digest.hexdigest()[:12], "newest": stamp}


def _validate(
    name: str, size: int, masks: list[Any], outputs: list[Any], rows: list[list[int]]
) -> list[str]:
    """Bridge's count of passing records must equal the peers' mask; peers' rows must pass."""
    problems = []
    for i, (mask, out, found) in enumerate(zip(masks, outputs, rows, strict=False)):
        allowed = size if mask is None else int(mask.sum())
        if name == "bridge" and out.total != allowed:
            problems.append(f"profile query {i}: bridge passed {out.total}, mask {allowed}")
        if mask is not None and any(not mask[r] for r in found):
            problems.append(f"profile query {i}: a result outside the filter")
    return problems[:10]


def _mask_share(masks: list[Any], size: int) -> float:
    import numpy as np

    shares = [1.0 if m is None else float(m.sum()) / size for m in masks]
    return float(np.mean(shares))


def _profile(system: Any, data: Any, profile_ms: list[float]) -> dict[str, Any]:
    """cProfile of the profile query whose latency is nearest the median, run 20 times."""
    import numpy as np

    median = float(np.median(profile_ms))
    index = int(np.argmin(np.abs(np.asarray(profile_ms) - median)))
    query = data.profile[index]
    runs = 20
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        system.search(query)
    profiler.disable()
    blocks = _stats(profiler, 20, 30)
    return {
        "query_index": index,
        "runs": runs,
        "latency_ms": profile_ms[index],
        "words": len(query.text.split()),
        "role": query.role,
        "harms": list(query.harms),
        "regions": list(query.regions),
        **blocks,
    }


def _build_profile(system: Any, cache: Path) -> dict[str, Any]:
    """cProfile of one more (untimed) build of the system, into another empty cache."""
    system.cache = cache
    profiler = cProfile.Profile()
    profiler.enable()
    system.build()
    profiler.disable()
    shutil.rmtree(cache, ignore_errors=True)
    return _stats(profiler, 20, 30)


def _stats(profiler: cProfile.Profile, by_own: int, by_cumulative: int) -> dict[str, str]:
    blocks = {}
    for key, limit in (("tottime", by_own), ("cumulative", by_cumulative)):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats(key).print_stats(limit)
        blocks[key] = _short_paths(buffer.getvalue())
    return blocks


def _short_paths(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    keep = [lines[i] for i in range(len(lines)) if "function calls" in lines[i]] + lines[start:]
    out = "\n".join(line.rstrip() for line in keep if line.strip())
    for prefix in sorted({p for p in sys.path if p}, key=len, reverse=True):
        out = out.replace(prefix.rstrip("/") + "/", "")
    return out.replace(str(ROOT) + "/", "")


if __name__ == "__main__":
    sys.exit(main())
