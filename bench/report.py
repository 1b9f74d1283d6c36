"""Tables, targets and RESULTS.md from the workers' results."""

from __future__ import annotations

import math
from typing import Any

SYSTEM_ORDER = ("bridge", "bm25s", "sqlite-fts5")
TARGET_SIZE = 100_000
CLI_RATIO = 3.0  # bridge search / python -c "import numpy", wall clock
BUILD_RATIO = 1.0  # bridge load+build / bm25s tokenise+index
RESTART_RATIO = 0.25  # bridge restart / bridge first build
PROFILE_RATIO = 1.5  # bridge profile p50 / bm25s profile p50

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
    return f"{a:.3f} vs {b:.3f} ms = {a / b:.2f}x"


Target = tuple[str, str, str, str, str]  # target, bridge, peer, ratio, verdict


def _verdict(ratio: float, limit: float) -> str:
    return "PASS" if ratio <= limit else "FAIL"


def targets(results: list[dict[str, Any]], info: dict[str, Any]) -> list[Target]:
    """The four targets of the issue, each as a ratio beside its peer, with its verdict."""
    out: list[Target] = [_cli_target(info.get("cli"))]
    bridge, bm25 = _get(results, "bridge", TARGET_SIZE), _get(results, "bm25s", TARGET_SIZE)
    at = f"{TARGET_SIZE // 1000}k"
    if bridge is None or bm25 is None:
        missing = "bridge" if bridge is None else "bm25s"
        for name in ("load+build", "restart", "profile p50"):
            out.append((f"{name} at {at}", f"{missing} not measured at {at}", "", "", "n/a"))
        return out
    out.append(_build_target(bridge, bm25, _at_target(info.get("build_turns")), at))
    restart = bridge.get("restart", {})
    if "restart_s" in restart:
        ratio = restart["restart_s"] / bridge["build_s"]
        cpu = restart["restart_cpu_s"] / bridge["build_cpu_s"]
        out.append(
            (
                f"restart at {at} <= {RESTART_RATIO:g}x the first build",
                f"{restart['restart_s']:.2f} s (CPU {restart['restart_cpu_s']:.2f} s)",
                f"first build {bridge['build_s']:.2f} s",
                f"{ratio:.2f}x (CPU {cpu:.2f}x)",
                _verdict(ratio, RESTART_RATIO),
            )
        )
    else:
        why = restart.get("error", "not measured")
        out.append((f"restart at {at}", f"failed: {why}", "", "", "FAIL"))
    out.append(_profile_target(bridge, bm25, _at_target(info.get("turns")), at))
    return out


def _at_target(turns: dict[str, Any] | None) -> dict[str, Any] | None:
    """Rounds in turns, when they ran at the size the targets are stated for."""
    return turns if turns and turns.get("size") == TARGET_SIZE else None


def _turns_target(name: str, turns: dict[str, Any], unit: str, limit: float) -> Target:
    """A target's row from rounds in turns: each system's median, the median ratio."""
    digits = _DIGITS[unit]
    return (
        f"{name} (median of {len(turns['rounds'])} rounds in turns)",
        f"{turns['bridge']:.{digits}f} {unit}",
        f"{turns['bm25s']:.{digits}f} {unit}",
        f"{turns['ratio']:.2f}x (rounds {turns['ratio_low']:.2f}-{turns['ratio_high']:.2f}x)",
        _verdict(turns["ratio"], limit),
    )


def _rounds_text(turns: dict[str, Any], unit: str) -> str:
    """Each round's times and ratio: '1.20 / 0.60 ms = 2.00x; ...'."""
    digits = _DIGITS[unit]
    return "; ".join(
        f"{r['bridge']:.{digits}f} / {r['bm25s']:.{digits}f} {unit} = "
        f"{r['bridge'] / r['bm25s']:.2f}x"
        for r in turns["rounds"]
    )


_DIGITS = {"s": 2, "ms": 3}


def _build_target(
    bridge: dict[str, Any], bm25: dict[str, Any], turns: dict[str, Any] | None, at: str
) -> Target:
    """Load+build against bm25s's tokenise+index: from the builds in turns when they ran,
    else from each system's query worker."""
    name = f"load+build at {at} <= {BUILD_RATIO:g}x bm25s tokenise+index"
    if turns and "error" not in turns:
        return _turns_target(name, turns, "s", BUILD_RATIO)
    ratio = bridge["build_s"] / bm25["build_s"]
    failed = f"; turns failed: {turns['error']}" if turns else ""
    return (
        name,
        f"{bridge['build_s']:.2f} s (CPU {bridge['build_cpu_s']:.2f} s)",
        f"{bm25['build_s']:.2f} s (CPU {bm25['build_cpu_s']:.2f} s)",
        f"{ratio:.2f}x (CPU {bridge['build_cpu_s'] / bm25['build_cpu_s']:.2f}x){failed}",
        _verdict(ratio, BUILD_RATIO),
    )


def _profile_target(
    bridge: dict[str, Any], bm25: dict[str, Any], turns: dict[str, Any] | None, at: str
) -> Target:
    """Profile p50 against bm25s's: from the rounds in turns when they ran, else from each
    system's own worker."""
    name = f"profile p50 at {at} <= {PROFILE_RATIO:g}x bm25s profile p50"
    if turns and "error" not in turns:
        return _turns_target(name, turns, "ms", PROFILE_RATIO)
    mine, theirs = bridge["profile"].get("p50", math.inf), bm25["profile"].get("p50", math.inf)
    ratio = mine / theirs if theirs else math.inf
    failed = f"; turns failed: {turns['error']}" if turns else ""
    return (
        name,
        f"{mine:.3f} ms",
        f"{theirs:.3f} ms",
        f"{ratio:.2f}x (CPU: {_cpu_ratio(bridge['profile'], bm25['profile'])}){failed}",
        _verdict(ratio, PROFILE_RATIO),
    )


def _cli_target(cli: dict[str, Any] | None) -> Target:
    name = f'`bridge search grooming` <= {CLI_RATIO:g}x `python -c "import numpy"`'
    if not cli:
        return (name, "not measured", "", "", "n/a")
    ratio = cli["bridge_median_s"] / cli["numpy_median_s"]
    return (
        name,
        f"{cli['bridge_median_s'] * 1000:.0f} ms",
        f"{cli['numpy_median_s'] * 1000:.0f} ms",
        f"{ratio:.2f}x",
        _verdict(ratio, CLI_RATIO),
    )


_CODE = "bridge's top modules and its catalogue, engine, cli and formats packages"


def _source_lines(results: list[dict[str, Any]]) -> list[str]:
    """Which bridge code the workers measured (a hash of it at each worker's start)."""
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
        return [f"- bridge source measured: sha256 of {_CODE} {next(iter(seen))}", ""]
    lines = [f"- bridge source (sha256 of {_CODE} when each worker started):"]
    lines += [f"  - {key}: {', '.join(runs)}" for key, runs in seen.items()]
    if missing:
        lines.append(
            f"  - not recorded (workers from before the fingerprint): {', '.join(missing)}"
        )
    return [*lines, ""]


def _cli_lines(cli: dict[str, Any] | None) -> list[str]:
    if not cli:
        return []
    runs = ", ".join(f"{t * 1000:.0f}" for t in cli["bridge_s"])
    numpy = ", ".join(f"{t * 1000:.0f}" for t in cli["numpy_s"])
    return [
        f"CLI start: `{cli['command']}` on the bundled catalogue (`resources/`) as a "
        "subprocess, its engine cache warm (one untimed run first fills a cache folder of the "
        f'benchmark\'s own), against `python -c "import numpy"`; {cli["runs"]} runs of each '
        f"in turns, medians compared. bridge: {runs} ms; numpy: {numpy} ms (1-minute load "
        f"average after them: {cli.get('load', 0):.1f}).",
        "",
    ]


def _build_turns_lines(turns: dict[str, Any] | None, results: list[dict[str, Any]]) -> list[str]:
    """What the builds in turns were, beside the builds of the query workers."""
    if not turns or "error" in turns:
        return []
    size, rounds = turns["size"], _rounds_text(turns, "s")
    alone = ""
    bridge, bm25 = _get(results, "bridge", size), _get(results, "bm25s", size)
    if bridge and bm25:
        mine, theirs = bridge["build_s"], bm25["build_s"]
        alone = (
            f" The query workers' builds, minutes apart, gave {mine:.2f} and {theirs:.2f} s "
            f"({mine / theirs:.2f}x)."
        )
    return [
        f"Builds in turns at {size:,} records: bridge's first start (an empty cache) and "
        "bm25s's tokenise+index, each in a fresh worker as the query workers build, round by "
        "round, the one to go first changing each round; the median of the rounds' ratios "
        f"is the verdict. Rounds (bridge / bm25s): {rounds}.{alone}",
        "",
    ]


def _turns_lines(turns: dict[str, Any] | None, results: list[dict[str, Any]]) -> list[str]:
    """What the rounds in turns were, beside what each system's own worker measured."""
    if not turns or "error" in turns:
        return []
    size, rounds = turns["size"], _rounds_text(turns, "ms")
    alone = ""
    bridge, bm25 = _get(results, "bridge", size), _get(results, "bm25s", size)
    if bridge and bm25 and bridge["profile"].get("p50") and bm25["profile"].get("p50"):
        mine, theirs = bridge["profile"]["p50"], bm25["profile"]["p50"]
        alone = (
            f" In their own workers, run one after the other, the two gave {mine:.3f} and "
            f"{theirs:.3f} ms ({mine / theirs:.2f}x)."
        )
    return [
        f"Profile queries in turns at {size:,} records: bridge and bm25s each built in a "
        "worker that stays up; then, round by round, each times all "
        f"{turns['queries']} profile queries (after 10 untimed ones) while the other waits, "
        "the one to go first changing each round. Both meet the same drift in the "
        "machine's speed, so the median of the rounds' p50 ratios is the verdict. Rounds "
        f"(bridge / bm25s p50): {rounds}.{alone}",
        "",
    ]


def _start_rows(results: list[dict[str, Any]], sizes: list[int]) -> list[str]:
    rows = []
    for size in sizes:
        run = _get(results, "bridge", size)
        if run is None:
            continue
        restart = run.get("restart", {})
        if "restart_s" in restart:
            again = (
                f"{restart['restart_s']:.2f} | {restart['restart_cpu_s']:.2f} "
                f"| {restart['restart_s'] / run['build_s']:.2f}x "
                f"| {restart['first_query_ms']:.0f}"
            )
        else:
            again = f"failed: {restart.get('error', 'not measured')} | | |"
        rows.append(
            f"| {size:,} | {run.get('folder_mb', 0):.0f} | {run['build_s']:.2f} "
            f"| {run['build_cpu_s']:.2f} | {run.get('cache_mb', 0):.0f} | {again} |"
        )
    return rows


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
        "## Targets",
        "",
        "The four targets of issue 11, each measured as a ratio beside its peer on this "
        "machine (wall clock, as the targets are stated; CPU time beside it where the peer "
        "ran in the same kind of process).",
        "",
        "| target | bridge | peer | ratio | verdict |",
        "| --- | ---: | ---: | ---: | --- |",
        *[f"| {t} | {b} | {p} | {r} | **{v}** |" for t, b, p, r, v in targets(results, info)],
        "",
        *_cli_lines(info.get("cli")),
        *_build_turns_lines(info.get("build_turns"), results),
        *_turns_lines(info.get("turns"), results),
        "## bridge's start at each size",
        "",
        "A first start reads the catalogue folder (records as JSON Lines tables), validates "
        "every record (from 16 MB of resource files on, a second process reads about 40% "
        "of them at the same time, so its CPU time is counted too), fits the engine and "
        "stores it in the cache (an empty folder); a "
        "restart is a fresh process reading the stored engine back. The first query after a "
        "restart loads the compiled loops (numba's own disk cache).",
        "",
        "| records | catalogue files (MB) | first start (s) | CPU (s) | stored engine (MB) "
        "| restart (s) | CPU (s) | restart / first | first query after restart (ms) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *_start_rows(results, sizes),
        "",
        "## Results",
        "",
        f"{info['queries']} short keyword queries (1-3 words) and {info['queries']} profile "
        "queries (a role, 0-2 harms, 0-2 regions, 20-60 words), after 10 warm-up queries of "
        "each kind. Latency is per query, single-threaded, wall clock (`time.perf_counter`); "
        "the CPU columns are the process's CPU time (`time.process_time`) for the same "
        "build and queries, which other load on the machine inflates far less; a build's CPU "
        "time adds that of the helper process bridge starts to read part of a large "
        "catalogue (its wall time runs beside this one's). Build peak is "
        "the build's peak RSS over the worker's RSS once the data existed. bridge's build is "
        "its first start (load+build, above); the peers' builds index texts in memory.",
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
                if bridge.get("helper_peak_mb"):
                    detail += (
                        " The helper process that reads part of the files peaks at "
                        f"{bridge['helper_peak_mb']:.0f} MB RSS on its own (run again apart; "
                        "not in the build peak above, which is the building process's)."
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
            "cProfile of a second, untimed first start (`open_engine` into another empty "
            "cache) in the same worker: reading and validating the files, fitting, storing "
            "(cProfile inflates many small Python calls, so read the shares).",
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
        "2015-2025 leaning recent, 10% none; every record and organisation links to its own "
        "page and cites one source page (url, title, date read), as the bundled records do. "
        "Seeded: the same catalogue for a size in every worker, the same queries at every "
        "size.",
        "- bridge's catalogue folder (written once per size, untimed): the bundled taxonomy "
        "(a copy of resources/taxonomy), the organisations in one JSON Lines table and the "
        "records in tables of 10,000; the bridge worker checks that the catalogue it loads "
        "equals the generated one, so every system indexes the same records.",
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
        "data (for the peers, their text; for bridge, its files) and a gc.collect, the worker "
        "resets its "
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
