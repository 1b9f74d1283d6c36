"""Tables, targets and RESULTS.md from the workers' results."""

from __future__ import annotations

import math
from typing import Any

SYSTEM_ORDER = ("bridge", "bm25s", "sqlite-fts5")
TARGET_SIZE = 100_000
BIG_SIZE = 1_000_000
MAX_RATIO = 3.0
PROFILE_P50_MS = 2.0
BUILD_S = 15.0
PEAK_MB = 1024.0

HEADER = (
    "| system | build (s) | build CPU (s) | build peak (MB) | short p50 (ms) | short p99 (ms) "
    "| profile p50 (ms) | profile p99 (ms) | CPU p50 short / profile (ms) "
    "| top-10 overlap with bm25s (short / profile) |"
)
RULE = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"


def _ms(stats: dict[str, Any], key: str) -> str:
    if not stats.get("n"):
        return "—"
    value = _num(stats[key])
    if stats["n"] < stats["wanted"]:
        value += f" ({stats['n']}/{stats['wanted']} q)"
    return value


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _overlap(mine: list[list[int]], theirs: list[list[int]]) -> float | None:
    pairs = list(zip(mine, theirs, strict=False))
    if not pairs:
        return None
    shares = [len(set(a) & set(b)) / len(b) for a, b in pairs if b]
    return sum(shares) / len(shares) if shares else None


def _ordered(results: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    found = [r for r in results if r["size"] == size]
    rank = {s: i for i, s in enumerate(SYSTEM_ORDER)}
    return sorted(found, key=lambda r: rank.get(r["system"], 99))


def table_rows(results: list[dict[str, Any]], size: int) -> list[str]:
    runs = _ordered(results, size)
    bm25 = next((r for r in runs if r["system"] == "bm25s" and "error" not in r), None)
    lines = [HEADER, RULE]
    for run in runs:
        if "error" in run:
            lines.append(f"| {run['system']} | failed: {run['error']} | | | | | | | | |")
            continue
        overlap = "—"
        short, profile = run.get("overlap_short"), run.get("overlap_profile")
        if short is None and bm25 is not None and "short_rows" in run and "short_rows" in bm25:
            short = _overlap(run["short_rows"], bm25["short_rows"])
            profile = _overlap(run["profile_rows"], bm25["profile_rows"])
        if short is not None and profile is not None:
            overlap = f"{short:.2f} / {profile:.2f}"
        cpu = " / ".join(_num(run[k].get("cpu_p50")) for k in ("short", "profile"))
        lines.append(
            f"| {run['system']} | {run['build_s']:.2f} | {run.get('build_cpu_s', 0):.2f} "
            f"| {run['build_mb']:.0f} "
            f"| {_ms(run['short'], 'p50')} | {_ms(run['short'], 'p99')} "
            f"| {_ms(run['profile'], 'p50')} | {_ms(run['profile'], 'p99')} "
            f"| {cpu} | {overlap} |"
        )
    return lines


def add_overlaps(results: list[dict[str, Any]], size: int) -> None:
    """Stores each run's top-10 overlap with bm25s, so the rows need not be kept."""
    runs = _ordered(results, size)
    bm25 = next((r for r in runs if r["system"] == "bm25s" and "short_rows" in r), None)
    if bm25 is None:
        return
    for run in runs:
        if "short_rows" in run:
            run["overlap_short"] = _overlap(run["short_rows"], bm25["short_rows"])
            run["overlap_profile"] = _overlap(run["profile_rows"], bm25["profile_rows"])


def table_text(results: list[dict[str, Any]], size: int) -> str:
    return f"\n{size:,} records\n" + "\n".join(table_rows(results, size)) + "\n"


def _get(results: list[dict[str, Any]], system: str, size: int) -> dict[str, Any] | None:
    run = next((r for r in results if r["system"] == system and r["size"] == size), None)
    return None if run is None or "error" in run else run


def _cpu_ratio(mine: dict[str, Any], theirs: dict[str, Any]) -> str:
    a, b = mine.get("cpu_p50"), theirs.get("cpu_p50")
    if a is None or not b:
        return "n/a"
    return f"{a:.3f} vs {b:.3f} ms = {a / b:.1f}x"


def targets(results: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(target, measured, PASS/FAIL/n/a) for the 100k targets and the 1M growth."""
    out: list[tuple[str, str, str]] = []
    bridge, bm25 = _get(results, "bridge", TARGET_SIZE), _get(results, "bm25s", TARGET_SIZE)

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    if bridge is None:
        out.append(("targets at 100k", "bridge not measured at 100k", "n/a"))
    else:
        p50 = bridge["profile"].get("p50", math.inf)
        out.append(
            (
                f"bridge profile p50 <= {PROFILE_P50_MS:g} ms",
                f"{p50:.3f} ms (CPU {bridge['profile'].get('cpu_p50', math.nan):.3f} ms)",
                verdict(p50 <= PROFILE_P50_MS),
            )
        )
        for kind in ("short", "profile"):
            if bm25 is None:
                out.append((f"bridge {kind} p50 within 3x of bm25s", "bm25s missing", "n/a"))
                continue
            mine, theirs = bridge[kind].get("p50", math.inf), bm25[kind].get("p50", math.inf)
            ratio = mine / theirs if theirs else math.inf
            out.append(
                (
                    f"bridge {kind} p50 <= {MAX_RATIO:g} x bm25s {kind} p50",
                    f"{mine:.3f} ms vs {theirs:.3f} ms = {ratio:.1f}x "
                    f"(CPU: {_cpu_ratio(bridge[kind], bm25[kind])})",
                    verdict(ratio <= MAX_RATIO),
                )
            )
        out.append(
            (
                f"bridge build <= {BUILD_S:g} s",
                f"{bridge['build_s']:.2f} s (CPU {bridge.get('build_cpu_s', math.nan):.2f} s)",
                verdict(bridge["build_s"] <= BUILD_S),
            )
        )
        out.append(
            (
                "bridge build peak memory <= 1 GB",
                f"{bridge['build_mb']:.0f} MB",
                verdict(bridge["build_mb"] <= PEAK_MB),
            )
        )
    big = _get(results, "bridge", BIG_SIZE)
    if bridge is None or big is None:
        failed = next(
            (r for r in results if r["system"] == "bridge" and r["size"] == BIG_SIZE), None
        )
        why = f"failed: {failed['error']}" if failed else "not measured at both sizes"
        verdict_text = "FAIL" if failed else "n/a"
        out.append(("bridge 1M build time grows <= records (10x of 100k)", why, verdict_text))
        out.append(("bridge 1M build memory grows <= records (10x of 100k)", why, verdict_text))
        return out
    factor = BIG_SIZE / TARGET_SIZE
    for label, key, unit in (("time", "build_s", "s"), ("memory", "build_mb", "MB")):
        ratio = big[key] / bridge[key] if bridge[key] else math.inf
        measured = f"{bridge[key]:.2f} -> {big[key]:.2f} {unit} = {ratio:.1f}x"
        if key == "build_s" and bridge.get("build_cpu_s") and big.get("build_cpu_s"):
            cpu = big["build_cpu_s"] / bridge["build_cpu_s"]
            measured += (
                f" (CPU {bridge['build_cpu_s']:.2f} -> {big['build_cpu_s']:.2f} s = {cpu:.1f}x)"
            )
        out.append(
            (
                f"bridge 1M build {label} grows <= records ({factor:g}x of 100k)",
                measured,
                verdict(ratio <= factor),
            )
        )
    return out


def _source_lines(results: list[dict[str, Any]]) -> list[str]:
    """Which bridge code the workers measured (a hash of bridge/*.py at worker start)."""
    seen: dict[str, list[str]] = {}
    for run in results:
        source = run.get("bridge_source")
        if source:
            key = f"`{source['sha256']}` (newest file {source['newest']})"
            seen.setdefault(key, []).append(f"{run['system']}@{run['size']:,}")
    missing = [f"{r['system']}@{r['size']:,}" for r in results if not r.get("bridge_source")]
    if not seen:
        return []
    if len(seen) == 1 and not missing:
        return [f"- bridge source measured: sha256 of bridge/*.py {next(iter(seen))}", ""]
    lines = ["- bridge source (sha256 of bridge/*.py when each worker started):"]
    lines += [f"  - {key}: {', '.join(runs)}" for key, runs in seen.items()]
    if missing:
        lines.append(
            f"  - not recorded (workers from before the fingerprint): {', '.join(missing)}"
        )
    return [*lines, ""]


def render(results: list[dict[str, Any]], info: dict[str, Any], sizes: list[int]) -> str:
    lines = [
        "# bridge speed benchmark",
        "",
        "Generated by `python -m bench` (or `make bench`); do not edit by hand. "
        "Synthetic, seeded catalogues; the same records and queries for every system.",
        "",
        "## Machine",
        "",
        f"- date: {info['date']}; run took {info.get('elapsed_s', 0) / 60:.1f} min",
        f"- CPU: {info['cpu']}, {info['cpus']} logical CPUs, {info['memory_gb']} GiB memory",
        f"- Python {info['python']} on {info['platform']}",
        "- packages: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()),
        "- BLAS: "
        + (
            "; ".join(
                f"{b.get('internal_api')} {b.get('version')} kernel {b.get('architecture')}, "
                f"{b.get('num_threads')} threads"
                for b in info["blas"]
            )
            or "unknown"
        )
        + (
            f" (ran with {info['unset_blas']} unset)"
            if info.get("unset_blas")
            else " (OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE were not set)"
        ),
        *_source_lines(results),
        "## Results",
        "",
        f"{info['queries']} short keyword queries (1-3 words) and {info['queries']} profile "
        "queries (a role, 0-2 harms, 0-2 regions, 20-60 words), after 10 warm-up queries of "
        "each kind. Latency is per query, single-threaded, wall clock (`time.perf_counter`); "
        "the CPU columns are the process's CPU time (`time.process_time`) for the same "
        "build and queries, which other load on the machine inflates far less. Build peak is "
        "the build's peak RSS over the worker's RSS once the data existed. Verdicts use wall "
        "clock, as the targets are stated.",
        "",
    ]
    for size in sizes:
        runs = _ordered(results, size)
        if not runs:
            continue
        lines += [f"### {size:,} records", "", *table_rows(results, size), ""]
        ok = [r for r in runs if "error" not in r]
        if ok:
            first = ok[0]
            bridge = next((r for r in ok if r["system"] == "bridge"), None)
            detail = (
                f"Data: generated in {first['generate_s']:.1f} s per worker; "
                f"worker RSS with data (baseline) {first['baseline_mb']:.0f} MB; "
                f"profile filters pass {first['mask_share'] * 100:.0f}% of records on average."
            )
            if bridge is not None:
                detail += f" bridge's index has {bridge.get('terms', 0):,} terms."
                if "organisation_index_s" in bridge:
                    detail += (
                        " Its organisation index, built on the first contacts query and not "
                        f"part of the build above, took {bridge['organisation_index_s']:.2f} s."
                    )
            loads = [x for r in ok for x in r.get("load", [])]
            if loads:
                detail += (
                    f" 1-minute load average at the workers' start and end: "
                    f"{min(loads):.1f}-{max(loads):.1f} (on {info['cpus']} CPUs)."
                )
            lines += [detail, ""]
        problems = [f"{r['system']}: {p}" for r in ok for p in r.get("problems", [])]
        if problems:
            lines += ["Problems found while checking results:", ""]
            lines += [f"- {p}" for p in problems] + [""]
    lines += ["## Targets at 100k (and growth to 1M)", "", "| target | measured | verdict |"]
    lines += ["| --- | --- | --- |"]
    lines += [f"| {t} | {m} | **{v}** |" for t, m, v in targets(results)]
    lines += [""]
    profiled = next((r for r in results if "cprofile" in r), None)
    if profiled is not None:
        prof = profiled["cprofile"]
        lines += [
            f"## Where bridge's time goes ({profiled['size']:,} records)",
            "",
            f"cProfile of profile query #{prof['query_index']} (the one nearest the median, "
            f"{prof['latency_ms']:.2f} ms unprofiled; {prof['words']} words, role "
            f"{prof['role']}, harms {prof['harms'] or 'none'}, regions "
            f"{prof['regions'] or 'none'}), run {prof['runs']} times. cProfile adds overhead to "
            "every Python call, so read the shares, not the absolute times.",
            "",
            "By own time:",
            "",
            "```",
            prof["tottime"],
            "```",
            "",
            "By cumulative time:",
            "",
            "```",
            prof["cumulative"],
            "```",
            "",
        ]
    built = next((r for r in results if "build_cprofile" in r), None)
    if built is not None:
        prof = built["build_cprofile"]
        lines += [
            f"## Where bridge's build time goes ({built['size']:,} records)",
            "",
            "cProfile of a second, untimed `Engine(catalogue)` in the same worker (cProfile "
            "inflates many small Python calls, so read the shares).",
            "",
            "By own time:",
            "",
            "```",
            prof["tottime"],
            "```",
            "",
            "By cumulative time:",
            "",
            "```",
            prof["cumulative"],
            "```",
            "",
        ]
    notes = sorted({n for r in results if "error" not in r for n in r.get("notes", [])})
    lines += [
        "## Method",
        "",
        "- Data (bench/synthetic.py): titles of 6-12 and summaries of 40-90 words drawn from a "
        "Zipf (s = 1.1) vocabulary of 39 function words, ~300 domain words at ranks 40-6000 "
        "and 50,000 pseudo-words; one organisation per 20 records (skewed sizes), 15% with a "
        "partner; roles 1-4, harms 1-3 (csea most common), regions 1-3 with ~15% Global and "
        "the rest mostly countries (Zipf over countries, 15% M49 regions and groups); years "
        "2015-2025 leaning recent, 10% none. Seeded: the same catalogue for a size in every "
        "worker, the same queries at every size.",
        "- Every system indexes the same text per record: title, organisation and partner "
        "names, tag labels (kind, harms, roles, regions) and summary, as "
        "bridge.engine.text.resource_fields gives them.",
        "- Filters: bridge applies its own filters inside the timed `search`. The peers get "
        "the rows passing the same filters (bridge's rules: resolve_filters, harm_relation, "
        "Regions.relation, OR within a facet, AND across), computed once per query outside "
        "the timed region; each worker cross-checks that mask against "
        "bridge.engine.filters.passes on sampled rows, bridge's `Results.total` against the mask "
        "size for every profile query, and that no peer result falls outside the mask. "
        "Short queries carry no filters.",
        "- Memory: each (system, size) runs in a fresh worker process. After generating the "
        "data (and, for the peers, their text) and a gc.collect, the worker resets its "
        "peak-RSS mark (/proc/self/clear_refs = 5) and reads its RSS as the baseline; the "
        "build peak is resource.getrusage().ru_maxrss after the build minus that baseline. "
        "RSS, not tracemalloc, because numba's, SQLite's and some numpy memory bypasses "
        "Python's allocator.",
        "- The machine is shared: other processes may run beside the benchmark, which the "
        "load averages under each table show; a load above 1 means a benchmark process had "
        "to share a core some of the time, inflating its times.",
        f"- A kind of query stops early once it has spent {info.get('budget', 0):.0f} s; the "
        "table then shows how many of the queries were timed (`n/200 q`). A worker that "
        "fails or runs out of time is reported as failed instead of stopping the run.",
        "- Top-10 overlap: the share of bm25s's top 10 that the system also returns, "
        "averaged over the queries where bm25s returns anything; a sanity check that the "
        "systems retrieve comparable records, not a quality measure (bridge adds facet and "
        "role points and diversity).",
        *[f"- {n}" for n in notes],
        "",
    ]
    return "\n".join(lines)
