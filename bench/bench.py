"""`make bench`: how fast the site builds and how light it is, on this machine, beside a baseline.

Timings belong here, not in the tests: these machines are noisy. Everything is measured in one run, side
by side, and printed as medians; the results also go to bench/results/ as JSON (latest.json and one file per
run) so that runs can be compared.

1. build: the real site's `mkdocs build --strict` beside the baseline (bench/baseline.py: the same pages as
   static Markdown, plain Material, no macros, no hooks), BENCH_RUNS times each (default 5), interleaved
   (real first on even runs, baseline first on odd ones) so that noise hits both. Wall time with
   time.perf_counter around the build; peak memory from getrusage(RUSAGE_CHILDREN) in a fresh wrapper
   process per build (bench/measure.py). Goal: the machinery adds at most 20%.
2. scale: synthetic data at 1x, 10x and 50x (bench/synthetic.py) in temporary copies, validated with
   `python -m vpguide validate --data`, built with step timers (bench/hooks/): time per page, peak memory,
   and the time of each step against what drives it. Goals: per page at 50x within 1.2x of 1x, under 1 GB,
   no step growing faster than linearly. BENCH_SCALE_RUNS builds per size (default 3); a size whose first
   build takes over a minute is built once.
3. weight: first-load transfer of four pages and the search index (bench/weight.py). Budget 150 KB gzip.
4. interaction: the combined checklist with every service type, 50 status changes (bench/interaction.py).
   Budget one frame, 16 ms.
5. lighthouse: the four pages, mobile, BENCH_LIGHTHOUSE_RUNS times each (default 3; the median run by
   performance is reported) (bench/lighthouse.py). Performance at least 95, the rest 100.

`python bench/bench.py --only build,weight` runs some sections; `--help` lists the options.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for extra in (BENCH, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import baseline  # noqa: E402
import interaction  # noqa: E402
import lighthouse  # noqa: E402
import server  # noqa: E402
import synthetic  # noqa: E402
import weight  # noqa: E402
from browser import CHROMIUM_ARGS, chromium_path  # noqa: E402

SECTIONS = ("build", "scale", "weight", "interaction", "lighthouse")
RESULTS = BENCH / "results"
STEP_HOOKS = [BENCH / "hooks" / f"step_{name}.py" for name in ("first", "policy", "last")]
LONG_BUILD_SECONDS = 60
MB = 1_000_000
# Goals and budgets from the issue.
BUILD_OVERHEAD_GOAL = 1.20
PER_PAGE_GOAL = 1.20
SCALE_MEMORY_GOAL_MB = 1000
LINEAR_TOLERANCE = 1.20  # growth exponent between the two largest sizes: 1 is linear, 2 quadratic
FRAME_MS = 16.0
# What each step of a build works on, so that its growth can be judged against it: the data (its YAML), the
# Markdown the macros produce, the pages' HTML content, the number of pages (a page's theme template should
# cost the same whatever the size), the search index, the pages as written.
STEP_DRIVERS = {
    "data: load and validate (hook on_config)": "data_yaml",
    "files: generated pages and downloads (hook on_files)": "data_yaml",
    "pages: macros and glossary (on_page_markdown)": "markdown",
    "pages: Markdown to HTML": "markdown",
    "pages: search indexing (on_page_context)": "content_html",
    # Not the pages: a page's templates render its navigation and table of contents, which grow with the
    # headings a page has (a checklist has one per principle), so the step works on what they write.
    "pages: theme templates (Material, with navigation)": "template_html",
    "post-build: search index and other plugins": "search_index",
    "post-build: Content-Security-Policy (hook)": "output_html",
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- Builds ---------------------------------------------------------------------------------------------


def timed_build(project: Path, site_dir: Path, env: dict | None = None) -> dict:
    """One `mkdocs build --strict` of `project` in a fresh wrapper process: seconds and peak memory (KB)."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    command = [sys.executable, str(BENCH / "measure.py"), str(project), "--"]
    command += [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)]
    done = subprocess.run(
        command, env={**baseline.build_env(), **(env or {})}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the wrapper failed:\n{done.stderr}")
    result = json.loads(done.stdout)
    if result["returncode"] != 0:
        raise SystemExit(f"mkdocs build failed in {project}:\n{result['stderr']}")
    return result


def html_stats(site_dir: Path) -> tuple[int, int]:
    """Number of HTML pages and their total bytes."""
    pages = list(site_dir.rglob("*.html"))
    return len(pages), sum(p.stat().st_size for p in pages)


def section_build(tmp: Path, runs: int) -> dict:
    real = baseline.snapshot(tmp / "real")
    log("capturing the generated Markdown for the baseline")
    captured = baseline.capture(baseline.snapshot(tmp / "capture"), tmp / "captured")
    base = baseline.make_baseline(real, captured, tmp / "baseline")
    samples: dict[str, list[dict]] = {"real": [], "baseline": []}
    for i in range(runs):
        order = ("real", "baseline") if i % 2 == 0 else ("baseline", "real")
        for name in order:
            project = real if name == "real" else base
            samples[name].append(timed_build(project, tmp / f"site-{name}"))
        log(
            f"build run {i + 1}/{runs}: real {samples['real'][-1]['seconds']:.2f} s, "
            f"baseline {samples['baseline'][-1]['seconds']:.2f} s"
        )
    pages = {name: html_stats(tmp / f"site-{name}") for name in samples}
    if pages["real"][0] != pages["baseline"][0]:
        raise SystemExit(f"the baseline has {pages['baseline'][0]} pages, the real site {pages['real'][0]}")
    out: dict = {"runs": runs}
    for name, rows in samples.items():
        out[name] = {
            "seconds": [r["seconds"] for r in rows],
            "maxrss_mb": [r["maxrss_kb"] * 1024 / MB for r in rows],
            "median_seconds": statistics.median(r["seconds"] for r in rows),
            "median_maxrss_mb": statistics.median(r["maxrss_kb"] * 1024 / MB for r in rows),
            "pages": pages[name][0],
            "html_mb": pages[name][1] / MB,
        }
    out["time_ratio"] = out["real"]["median_seconds"] / out["baseline"]["median_seconds"]
    out["memory_ratio"] = out["real"]["median_maxrss_mb"] / out["baseline"]["median_maxrss_mb"]
    out["goal_met"] = out["time_ratio"] <= BUILD_OVERHEAD_GOAL
    return out


# --- Scale ----------------------------------------------------------------------------------------------


def page_kind(src_uri: str) -> str:
    """What kind of page a source path is, for the time per page of each kind."""
    if src_uri == "checklists/combined.md":
        return "combined checklist"
    if src_uri == "print.md":
        return "whole guidance (print)"
    if src_uri.startswith("checklists/") and src_uri != "checklists/index.md":
        return "service-type checklist"
    if src_uri.startswith("principles/") and src_uri != "principles/index.md":
        return "principle"
    if src_uri.startswith("themes/"):
        return "theme"
    return "other page"


def per_kind(page_seconds: list[dict], page_markdown: dict) -> dict:
    """Median of runs for each page, then for each kind of page: how many, the median time and Markdown of
    one page, and the pages themselves (for the pages present at every size)."""
    pages = {uri: statistics.median(run[uri] for run in page_seconds) for uri in page_seconds[0]}
    kinds: dict[str, dict] = {}
    for uri in pages:
        kinds.setdefault(page_kind(uri), {"uris": []})["uris"].append(uri)
    out = {}
    for kind, entry in sorted(kinds.items()):
        uris = entry["uris"]
        out[kind] = {
            "pages": len(uris),
            "median_ms": statistics.median(pages[u] for u in uris) * 1000,
            "median_markdown_kb": statistics.median(page_markdown.get(u, 0) for u in uris) / 1000,
        }
    return {
        "kinds": out,
        "pages_ms": {uri: s * 1000 for uri, s in pages.items()},
        "pages_markdown_kb": {uri: page_markdown.get(uri, 0) / 1000 for uri in pages},
    }


def like_for_like(one: dict, other: dict) -> dict:
    """Each page of the real site (1x) against the same page in a larger site: its own time per KB of its
    Markdown there, over the same at 1x. A page that lists more as the data grows (a principle lists every
    measure that serves it) takes longer for what it holds, not for the size of the site; what this catches
    is a page that costs more for the same content (a navigation or lookups that grow with the site).
    Returns the ratio of every page present in both, and their median per kind and over all."""
    ratios = {}
    for uri, ms in one["pages_ms"].items():
        kb1, kb2 = one["pages_markdown_kb"].get(uri), other["pages_markdown_kb"].get(uri)
        ms2 = other["pages_ms"].get(uri)
        if kb1 and kb2 and ms2 and ms:
            ratios[uri] = (ms2 / kb2) / (ms / kb1)
    kinds: dict[str, list[float]] = {}
    for uri, ratio in ratios.items():
        kinds.setdefault(page_kind(uri), []).append(ratio)
    return {
        "pages": ratios,
        "kinds": {kind: statistics.median(values) for kind, values in sorted(kinds.items())},
        "kind_pages": {kind: len(values) for kind, values in kinds.items()},
        "median": statistics.median(ratios.values()) if ratios else None,
    }


def section_scale(tmp: Path, factors: list[int], runs: int) -> dict:
    sizes: dict[str, dict] = {}
    for factor in [1, *factors]:
        project = tmp / f"scale-{factor}x"
        log(f"scale {factor}x: generating")
        summary = synthetic.make_scaled_project(project, factor)
        start = time.perf_counter()
        check = subprocess.run(
            [sys.executable, "-m", "vpguide", "validate", "--data", "data"],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        validate_seconds = time.perf_counter() - start
        if check.returncode != 0:
            raise SystemExit(f"synthetic data at {factor}x is not valid:\n{check.stderr[-3000:]}")
        baseline.add_hooks(project / "mkdocs.yml", STEP_HOOKS)
        rows, steps = [], []
        for i in range(runs):
            steps_file = tmp / f"steps-{factor}x-{i}.json"
            rows.append(
                timed_build(project, tmp / f"site-{factor}x", env={"BENCH_STEPS_OUT": str(steps_file)})
            )
            steps.append(json.loads(steps_file.read_text(encoding="utf-8")))
            last = rows[-1]
            log(f"scale {factor}x run {i + 1}: {last['seconds']:.1f} s, {last['maxrss_kb'] / 1024:.0f} MiB")
            if rows[-1]["seconds"] > LONG_BUILD_SECONDS:
                break
        pages, html_bytes = html_stats(tmp / f"site-{factor}x")
        seconds = statistics.median(r["seconds"] for r in rows)
        sizes[f"{factor}x"] = {
            "factor": factor,
            "data": summary,
            "validate_seconds": validate_seconds,
            "runs": len(rows),
            "seconds": [r["seconds"] for r in rows],
            "median_seconds": seconds,
            "pages": pages,
            "html_mb": html_bytes / MB,
            "ms_per_page": seconds / pages * 1000,
            "markdown_kb_per_page": steps[0]["sizes"]["markdown"] / steps[0]["pages"] / 1000,
            "ms_per_markdown_mb": seconds / (steps[0]["sizes"]["markdown"] / MB) * 1000,
            "peak_mb": statistics.median(r["maxrss_kb"] * 1024 / MB for r in rows),
            "drivers": {
                "data": factor,
                # The YAML, not the factor: the cells (principles x service types) grow faster than it.
                "data_yaml": sum(f.stat().st_size for f in (project / "data").rglob("*.yaml")),
                "pages": pages,
                **steps[0]["sizes"],
                "search_index": (tmp / f"site-{factor}x" / weight.SEARCH_INDEX).stat().st_size,
            },
            "steps": {
                step: statistics.median(s["steps"].get(step, 0.0) for s in steps)
                for step in steps[0]["steps"]
                if step != "build"
            },
            **per_kind([s["page_seconds"] for s in steps], steps[0]["page_markdown"]),
            # Where the real site's pages spend their own time, step by step (the first run).
            "real_pages_steps": {
                uri: times
                for uri, times in steps[0].get("page_steps", {}).items()
                if uri in sizes.get("1x", {}).get("pages_ms", steps[0]["page_seconds"])
            },
        }
        shutil.rmtree(tmp / f"site-{factor}x", ignore_errors=True)
        shutil.rmtree(project, ignore_errors=True)
    one = sizes["1x"]
    names = list(sizes)
    for size in sizes.values():
        size["per_page_ratio"] = size["ms_per_page"] / one["ms_per_page"]
    # Growth of each step: against 1x, and as an exponent between the two largest sizes (where a step that
    # grows faster than what it works on would show; at 1x some steps take milliseconds).
    growth = {}
    if len(names) >= 3:
        small, large = sizes[names[-2]], sizes[names[-1]]
        for step, driver in STEP_DRIVERS.items():
            t1, ts, tl = (z["steps"].get(step, 0.0) for z in (one, small, large))
            ds, dl = small["drivers"][driver], large["drivers"][driver]
            if min(t1, ts, tl) <= 0 or ds <= 0 or dl <= ds:
                continue
            growth[step] = {
                "driver": driver,
                "ratio_vs_1x": tl / t1,
                "driver_ratio_vs_1x": dl / one["drivers"][driver],
                "exponent": math.log(tl / ts) / math.log(dl / ds),
                "between": [names[-2], names[-1]],
            }
    largest = sizes[names[-1]]
    same_pages = like_for_like(one, largest)
    return {
        "sizes": sizes,
        "growth": growth,
        "like_for_like": same_pages,
        # Every kind of the real site's pages, against itself: see like_for_like.
        "per_page_goal_met": bool(same_pages["kinds"]) and max(same_pages["kinds"].values()) <= PER_PAGE_GOAL,
        "memory_goal_met": largest["peak_mb"] < SCALE_MEMORY_GOAL_MB,
        "superlinear_steps": [step for step, g in growth.items() if g["exponent"] > LINEAR_TOLERANCE],
    }


# --- Browser sections -----------------------------------------------------------------------------------


def section_weight(browser, origin: str, site_dir: Path) -> dict:
    pages = {}
    for name, path in weight.budget_pages(site_dir).items():
        load = weight.first_load(browser, origin, path)
        pages[name] = {
            "path": path,
            "html_bytes": load.html.raw,
            "html_gzip": load.html.gzip,
            "first_load_gzip": load.gzip_total,
            "first_load_raw": load.raw_total,
            "requests": len(load.resources),
            "by_kind_gzip": load.by_kind(),
            "resources": [vars(r) for r in load.resources],
            "budget_met": load.gzip_total <= weight.FIRST_LOAD_BUDGET,
        }
    raw, gz = weight.search_index_size(site_dir)
    return {
        "pages": pages,
        "search_index": {
            "raw": raw,
            "gzip": gz,
            "raw_budget": weight.SEARCH_INDEX_RAW_BUDGET,
            "gzip_budget": weight.SEARCH_INDEX_GZIP_BUDGET,
            "budget_met": raw <= weight.SEARCH_INDEX_RAW_BUDGET and gz <= weight.SEARCH_INDEX_GZIP_BUDGET,
        },
        "budget": weight.FIRST_LOAD_BUDGET,
        "budget_met": all(p["budget_met"] for p in pages.values()),
    }


def section_interaction(browser, origin: str, site_dir: Path) -> dict:
    path = weight.budget_pages(site_dir)["combined checklist, every service type"]
    result = interaction.measure(browser, origin, path, changes=50)
    result["budget_ms"] = FRAME_MS
    result["budget_met"] = result["progress_worst_ms"] <= FRAME_MS
    return result


def section_lighthouse(origin: str, site_dir: Path, tmp: Path, runs: int) -> dict:
    missing = lighthouse.available()
    if missing:
        return {"error": missing}
    pages = {}
    for name, path in weight.budget_pages(site_dir).items():
        results = []
        for i in range(runs):
            log(f"lighthouse: {name} ({i + 1}/{runs})")
            results.append(
                lighthouse.run(origin + path, tmp / f"lighthouse-{len(pages)}-{i}.json", chromium_path())
            )
        errors = [r["error"] for r in results if "error" in r]
        if errors:
            pages[name] = {"path": path, "error": errors[0]}
            continue
        # The median run by performance score: its other scores, metrics and lost points.
        chosen = sorted(results, key=lambda r: r["scores"]["performance"] or 0)[len(results) // 2]
        pages[name] = {
            "path": path,
            **chosen,
            "performance_runs": [r["scores"]["performance"] for r in results],
        }
    met = all(
        "error" not in p and all((p["scores"][c] or 0) >= t for c, t in lighthouse.TARGETS.items())
        for p in pages.values()
    )
    return {"version": lighthouse.VERSION, "runs": runs, "pages": pages, "budget_met": met}


# --- Report ---------------------------------------------------------------------------------------------


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        memory_gb = int(mem.split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        memory_gb = 0
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "Markdown", "playwright"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    for name, command in (("chromium", [chromium_path(), "--version"]), ("node", ["node", "--version"])):
        try:
            versions[name] = subprocess.run(
                command, capture_output=True, text=True, timeout=30
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            versions[name] = None
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory_gib": round(memory_gb, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "versions": versions,
    }


def table(rows: list[list], header: list[str]) -> str:
    cells = [header, *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in cells[1:])])


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def kb(n: float) -> str:
    return f"{n / 1000:.1f} KB"


def report(results: dict) -> str:
    out = []
    m = results["machine"]
    out.append(
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gib']} GiB; Python {m['python']}; "
        f"{m['versions'].get('chromium')}; Node {m['versions'].get('node')}"
    )
    if "build" in results:
        b = results["build"]
        out.append(f"\n1. Build: mkdocs build --strict, median of {b['runs']} interleaved runs each")
        rows = [
            [
                name,
                f"{b[name]['median_seconds']:.2f}",
                f"{b[name]['median_maxrss_mb']:.0f}",
                b[name]["pages"],
                f"{b[name]['html_mb']:.1f}",
                " ".join(f"{s:.2f}" for s in b[name]["seconds"]),
            ]
            for name in ("real", "baseline")
        ]
        rows.append(["real / baseline", f"{b['time_ratio']:.2f}x", f"{b['memory_ratio']:.2f}x", "", "", ""])
        out.append(table(rows, ["", "time s", "peak MB", "pages", "HTML MB", "runs s"]))
        out.append(
            f"Goal: machinery adds at most 20% (ratio <= {BUILD_OVERHEAD_GOAL}): {verdict(b['goal_met'])}"
        )
    if "scale" in results:
        s = results["scale"]
        out.append(
            "\n2. Scale: synthetic data (bench/synthetic.py; P/S/M: principles, service types, measures)"
        )
        rows = []
        for name, z in s["sizes"].items():
            d = z["data"]
            rows.append(
                [
                    name,
                    f"{d['principles']}/{d['service_types']}/{d['measures']}",
                    z["pages"],
                    z["runs"],
                    f"{z['validate_seconds']:.1f}",
                    f"{z['median_seconds']:.1f}",
                    f"{z['ms_per_page']:.0f}",
                    f"{z['per_page_ratio']:.2f}x",
                    f"{z['markdown_kb_per_page']:.0f}",
                    f"{z['ms_per_markdown_mb']:.0f}",
                    f"{z['html_mb']:.0f}",
                    f"{z['peak_mb']:.0f}",
                ]
            )
        out.append(
            table(
                rows,
                [
                    "size",
                    "P/S/M",
                    "pages",
                    "runs",
                    "validate s",
                    "build s",
                    "ms/page",
                    "vs 1x",
                    "MD KB/page",
                    "ms/MD MB",
                    "HTML MB",
                    "peak MB",
                ],
            )
        )
        names = list(s["sizes"])
        kinds = sorted({k for z in s["sizes"].values() for k in z.get("kinds", {})})
        kind_rows = []
        for kind in kinds:
            row = [kind]
            for n in names:
                k = s["sizes"][n].get("kinds", {}).get(kind)
                ms, md = (k["median_ms"], k["median_markdown_kb"]) if k else (0, 0)
                row += [f"{k['pages']}: {ms:.0f} ms, {md:.0f} KB" if k else ""]
            first, last = (s["sizes"][n].get("kinds", {}).get(kind) for n in (names[0], names[-1]))
            row += [f"{last['median_ms'] / first['median_ms']:.2f}x" if first and last else ""]
            kind_rows.append(row)
        if kind_rows:
            out.append(
                "Each kind of page: how many, the median page's own time (its Markdown, HTML and "
                "template) and Markdown:"
            )
            out.append(table(kind_rows, ["kind", *names, f"{names[-1]}/1x"]))
        same = s.get("like_for_like")
        if same and same["kinds"]:
            out.append(
                "Time per page, like for like: each page of the real site, built again inside the "
                f"{names[-1]} site, against itself at 1x: its own time per KB of its Markdown there over "
                "the same at 1x (median of the pages of each kind):"
            )
            out.append(
                table(
                    [[kind, same["kind_pages"][kind], f"{r:.2f}x"] for kind, r in same["kinds"].items()]
                    + [["all", len(same["pages"]), f"{same['median']:.2f}x"]],
                    ["kind", "pages", f"{names[-1]} / 1x"],
                )
            )
        step_rows = []
        for step, driver in STEP_DRIVERS.items():
            if step not in s["sizes"]["1x"]["steps"]:
                continue
            row = [step] + [f"{s['sizes'][n]['steps'].get(step, 0):.2f}" for n in names]
            g = s["growth"].get(step)
            row += (
                [
                    f"{g['ratio_vs_1x']:.0f}x",
                    f"{driver} {g['driver_ratio_vs_1x']:.0f}x",
                    f"{g['exponent']:.2f}",
                ]
                if g
                else ["", driver, ""]
            )
            step_rows.append(row)
        between = "-".join(names[-2:])
        out.append(
            f"Steps, seconds (summed over pages); growth {names[-1]} vs 1x beside what the step works on, "
            f"and its exponent {between} (1 = linear):"
        )
        out.append(table(step_rows, ["step", *names, f"{names[-1]}/1x", "works on", f"exponent {between}"]))
        largest = s["sizes"][names[-1]]
        if same and same["kinds"]:
            worst = max(same["kinds"], key=same["kinds"].get)
            out.append(
                f"Goal: time per page at {names[-1]} within {PER_PAGE_GOAL}x of 1x, like for like "
                f"(every kind): at most {same['kinds'][worst]:.2f}x ({worst}), "
                f"{verdict(s['per_page_goal_met'])}; "
                f"build time over pages, whose mix changes: {largest['per_page_ratio']:.2f}x"
            )
        out.append(
            f"Goal: peak memory at {names[-1]} under 1 GB: {largest['peak_mb']:.0f} MB, "
            f"{verdict(s['memory_goal_met'])}"
        )
        out.append(
            f"Goal: no step grows faster than linearly (exponent <= {LINEAR_TOLERANCE}): "
            + (
                verdict(True)
                if not s["superlinear_steps"]
                else "NOT MET: " + "; ".join(s["superlinear_steps"])
            )
        )
    if "weight" in results:
        w = results["weight"]
        out.append("\n3. Weight: first visit, each response gzipped (level 9); search index excluded")
        rows = []
        for name, p in w["pages"].items():
            kinds = p["by_kind_gzip"]
            other = sum(v for k, v in kinds.items() if k not in ("document", "stylesheet", "script"))
            rows.append(
                [
                    name,
                    p["path"].split("?")[0],
                    kb(p["html_bytes"]),
                    kb(p["html_gzip"]),
                    kb(kinds.get("stylesheet", 0)),
                    kb(kinds.get("script", 0)),
                    kb(other),
                    p["requests"],
                    kb(p["first_load_gzip"]),
                    verdict(p["budget_met"]),
                ]
            )
        header = [
            "page",
            "path",
            "HTML",
            "HTML gz",
            "CSS gz",
            "JS gz",
            "other gz",
            "requests",
            "first load gz",
        ]
        out.append(table(rows, [*header, "<= 150 KB"]))
        si = w["search_index"]
        out.append(
            f"Search index: {kb(si['raw'])} raw, {kb(si['gzip'])} gzip (budget {kb(si['raw_budget'])} raw, "
            f"{kb(si['gzip_budget'])} gzip): {verdict(si['budget_met'])}"
        )
    if "interaction" in results:
        i = results["interaction"]
        out.append(
            f"\n4. Interaction: combined checklist, every service type ({i['measures_shown']} measures), "
            f"{i['changes']} status changes"
        )
        out.append(
            table(
                [
                    [
                        "to updated progress",
                        f"{i['progress_median_ms']:.1f}",
                        f"{i['progress_worst_ms']:.1f}",
                    ],
                    ["to next frame", f"{i['frame_median_ms']:.1f}", f"{i['frame_worst_ms']:.1f}"],
                ],
                ["", "median ms", "worst ms"],
            )
        )
        out.append(
            f"Budget: one frame ({FRAME_MS:.0f} ms) to updated progress, worst case: "
            f"{verdict(i['budget_met'])}"
        )
    if "lighthouse" in results:
        lh = results["lighthouse"]
        out.append(
            f"\n5. Lighthouse {lighthouse.VERSION}, mobile, {lh.get('runs', 1)} run(s) per page "
            "(the run with the median performance score)"
        )
        if "error" in lh:
            out.append(f"Not run: {lh['error']}")
        else:
            rows, lost = [], []
            for name, p in lh["pages"].items():
                if "error" in p:
                    rows.append([name, "error", "", "", "", ""])
                    lost.append(f"  {name}: {p['error']}")
                    continue
                sc = p["scores"]
                rows.append(
                    [
                        name,
                        sc["performance"],
                        sc["accessibility"],
                        sc["best-practices"],
                        sc["seo"],
                        " ".join(f"{k} {v}" for k, v in p["metrics"].items()),
                    ]
                )
                for cid, items in p["lost"].items():
                    if items:
                        lost.append(f"  {name}, {cid}: {'; '.join(items)}")
            out.append(table(rows, ["page", "perf", "a11y", "best pr.", "SEO", "metrics"]))
            if lost:
                out.append("Points lost:\n" + "\n".join(lost))
            out.append(f"Budget: performance >= 95, the others 100: {verdict(lh['budget_met'])}")
    out.append(f"\nTotal time: {results['seconds'] / 60:.1f} minutes")
    return "\n".join(out)


# --- Main -----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"sections, comma-separated: {','.join(SECTIONS)}"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=int(os.environ.get("BENCH_RUNS", "5")),
        help="builds of each kind (BENCH_RUNS, 5)",
    )
    parser.add_argument(
        "--scale-runs",
        type=int,
        default=int(os.environ.get("BENCH_SCALE_RUNS", "3")),
        help="builds per synthetic size (BENCH_SCALE_RUNS, 3); a size whose build takes over a minute: once",
    )
    parser.add_argument(
        "--factors",
        default=os.environ.get("BENCH_FACTORS", "10,50"),
        help="synthetic sizes besides 1x (BENCH_FACTORS, 10,50)",
    )
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3")),
        help="Lighthouse runs per page (BENCH_LIGHTHOUSE_RUNS, 3)",
    )
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    factors = [int(f) for f in args.factors.split(",") if f.strip()]

    started = time.perf_counter()
    results: dict = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    with tempfile.TemporaryDirectory(prefix="vp-bench-") as name:
        tmp = Path(name)
        if "build" in sections:
            log(f"build: real and baseline, {args.runs} runs each")
            results["build"] = section_build(tmp, args.runs)
        if "scale" in sections:
            results["scale"] = section_scale(tmp, factors, args.scale_runs)
        browser_sections = [s for s in ("weight", "interaction", "lighthouse") if s in sections]
        if browser_sections:
            site_dir = tmp / "site-weight"
            log("building the real site for the browser sections")
            timed_build(baseline.snapshot(tmp / "real-browser"), site_dir)
            with server.serve(site_dir) as origin:
                if "weight" in sections or "interaction" in sections:
                    from playwright.sync_api import sync_playwright

                    with sync_playwright() as playwright:
                        browser = playwright.chromium.launch(
                            executable_path=chromium_path(), args=CHROMIUM_ARGS
                        )
                        try:
                            if "weight" in sections:
                                log("weight")
                                results["weight"] = section_weight(browser, origin, site_dir)
                            if "interaction" in sections:
                                log("interaction")
                                results["interaction"] = section_interaction(browser, origin, site_dir)
                        finally:
                            browser.close()
                if "lighthouse" in sections:
                    results["lighthouse"] = section_lighthouse(origin, site_dir, tmp, args.lighthouse_runs)
    results["seconds"] = time.perf_counter() - started
    text = report(results)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    stamp = results["date"].replace(":", "").replace("+0000", "Z")
    for path in (RESULTS / f"bench-{stamp}.json", RESULTS / "latest.json"):
        path.write_text(json.dumps({**results, "report": text}, indent=2) + "\n", encoding="utf-8")
    log(f"results: {RESULTS / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
