"""`make bench`: how fast the site builds, with MkDocs + Material and with Zensical, and how light it is, on
this machine, side by side in one run, as medians.

Timings belong here, not in the tests: these machines are noisy. Every figure also goes to bench/results/
as JSON (latest.json and one file per run). bench/README.md says what each section measures and how, and
keeps the log of runs.

1. build: the real site's whole build (render, generator, finish: bench/pipeline.py) with MkDocs and with
   Zensical, beside the baseline (plain Material on the same rendered Markdown: no site extension, no
   finish), BENCH_RUNS times each (5), interleaved. Goal: the MkDocs build at most 1.2x the baseline.
2. scale: synthetic data at 1x and BENCH_FACTORS (5) (bench/synthetic.py), built BENCH_SCALE_RUNS times
   (3; once when a build takes over two minutes) with both generators, MkDocs with a bench-only hook that
   times each page (bench/hooks/pagetime.py). Goals at the largest size: time per page like for like
   within 1.2x of 1x, peak memory under 1 GB.
3. weight: first load of four pages and the search index (bench/weight.py), both generators. Budget
   150 KB gzip.
4. interaction: the combined checklist with every service type, 50 status changes (bench/interaction.py),
   the MkDocs site. Budget one frame, 16 ms.
5. lighthouse: the budget pages, mobile, BENCH_LIGHTHOUSE_RUNS times each (3; the median run by
   performance), the MkDocs site (bench/lighthouse.py). Performance at least 95, the rest 100.
6. search: the queries of tests/test_search.py through Material's own search worker, 20 times each
   (bench/searchtime.py), the MkDocs site. Goal: each query's median under 50 ms.
7. import: the self-assessment's 1 MB import in Node (bench/assessment_import.js): planning and applying
   it, median of 15 runs. Goal: under 100 ms.

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

import interaction  # noqa: E402
import lighthouse  # noqa: E402
import pipeline  # noqa: E402
import searchtime  # noqa: E402
import server  # noqa: E402
import synthetic  # noqa: E402
import weight  # noqa: E402
from browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from pipeline import GENERATORS, MB  # noqa: E402

SECTIONS = ("build", "scale", "weight", "interaction", "lighthouse", "search", "import")
SEARCH_MS = 50.0
IMPORT_MS = 100.0
RESULTS = BENCH / "results"
HOOK = BENCH / "hooks" / "pagetime.py"
SPANS = ("markdown", "template")  # a page's own time, in two parts (HOOK)
LONG_BUILD_SECONDS = 120  # a size whose whole build takes longer is built once
BUILDS = (*GENERATORS, "baseline")
NAMES = {"mkdocs": "MkDocs + Material", "zensical": "Zensical", "baseline": "baseline"}
# Goals and budgets.
BUILD_OVERHEAD_GOAL = 1.20
PER_PAGE_GOAL = 1.20
SCALE_MEMORY_GOAL_MB = 1000
LINEAR = 1.20  # a stage whose growth exponent against what it works on is above this grows faster
FRAME_MS = 16.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def medians(rows: list[dict]) -> dict:
    """The median over runs of each stage, of the total and of the peak memory (bench/pipeline.py's
    summaries). The total's median is that of the totals: the stages' medians need not add up to it."""
    return {
        "stages": {s: statistics.median(r["stages"][s] for r in rows) for s in rows[0]["stages"]},
        "stage_peak_mb": {
            s: statistics.median(r["stage_peak_mb"][s] for r in rows) for s in rows[0]["stages"]
        },
        "seconds": statistics.median(r["seconds"] for r in rows),
        "peak_mb": statistics.median(r["peak_mb"] for r in rows),
        "runs_seconds": [r["seconds"] for r in rows],
    }


# --- Build ----------------------------------------------------------------------------------------------


def section_build(project: Path, tmp: Path, runs: int) -> dict:
    base_out = tmp / "out-baseline"
    pipeline.render(project, base_out)
    outs = {"mkdocs": tmp / "out-mkdocs", "zensical": tmp / "out-zensical", "baseline": base_out}
    samples: dict[str, list[dict]] = {name: [] for name in BUILDS}
    for i in range(runs):
        # Each build first, second and last in turn, so that noise hits all three.
        for name in BUILDS[i % 3 :] + BUILDS[: i % 3]:
            if name == "baseline":
                samples[name].append(pipeline.baseline(project, base_out))
            else:
                samples[name].append(pipeline.run(name, project, outs[name]))
        log(
            f"build run {i + 1}/{runs}: "
            + ", ".join(f"{n} {samples[n][-1]['seconds']:.2f} s" for n in BUILDS)
        )
    out: dict = {"runs": runs}
    for name, rows in samples.items():
        pages, html = pipeline.html_stats(
            pipeline.site_dir("zensical" if name == "zensical" else "mkdocs", outs[name])
        )
        out[name] = {**medians(rows), "pages": pages, "html_mb": html / MB}
    if out["mkdocs"]["pages"] != out["baseline"]["pages"]:
        raise SystemExit(
            f"the baseline has {out['baseline']['pages']} pages, the site {out['mkdocs']['pages']}"
        )
    base = out["baseline"]["seconds"]
    out["time_ratio"] = out["mkdocs"]["seconds"] / base
    out["generator_ratio"] = out["mkdocs"]["stages"]["generator"] / base
    out["memory_ratio"] = out["mkdocs"]["peak_mb"] / out["baseline"]["peak_mb"]
    out["zensical_ratio"] = out["zensical"]["seconds"] / out["mkdocs"]["seconds"]
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


def per_kind(timed: list[dict]) -> dict:
    """From the hook's pages of each run (bench/hooks/pagetime.py): each page's own time (its two spans,
    median of runs) and Markdown, and for each kind of page how many, the median page's time and Markdown."""
    pages = {
        uri: statistics.median(sum(run[uri].get(s, 0) for s in SPANS) for run in timed) for uri in timed[0]
    }
    chars = {uri: entry["markdown_chars"] for uri, entry in timed[0].items()}
    kinds: dict[str, list[str]] = {}
    for uri in pages:
        kinds.setdefault(page_kind(uri), []).append(uri)
    return {
        "kinds": {
            kind: {
                "pages": len(uris),
                "median_ms": statistics.median(pages[u] for u in uris) * 1000,
                "median_markdown_kb": statistics.median(chars[u] for u in uris) / 1000,
            }
            for kind, uris in sorted(kinds.items())
        },
        "pages_ms": {uri: s * 1000 for uri, s in pages.items()},
        "pages_markdown_kb": {uri: chars[uri] / 1000 for uri in pages},
        # The two spans of each page, median of runs: where a page's own time goes.
        "pages_spans_ms": {
            uri: {s: statistics.median(run[uri].get(s, 0) for run in timed) * 1000 for s in SPANS}
            for uri in pages
        },
        # Summed over pages, median of runs: what the two spans cost the whole build.
        "spans": {
            span: statistics.median(sum(p.get(span, 0) for p in run.values()) for run in timed)
            for span in SPANS
        },
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


# Where the time of a size goes, and what each part works on: the data's YAML, the pages' Markdown, the
# written HTML.
STAGES = {
    "render": "data_yaml",
    "MkDocs: pages, Markdown to HTML": "markdown",
    "MkDocs: pages, search and templates": "html",
    "MkDocs: the rest of its build": "html",
    "finish, MkDocs site": "html",
    "Zensical build": "markdown",
    "finish, Zensical site": "html",
}


def stage_seconds(size: dict) -> dict[str, float]:
    m, z = (size["generators"][g]["stages"] for g in GENERATORS)
    spans = size["spans"]
    return {
        "render": m["render"],
        "MkDocs: pages, Markdown to HTML": spans["markdown"],
        "MkDocs: pages, search and templates": spans["template"],
        "MkDocs: the rest of its build": m["generator"] - spans["markdown"] - spans["template"],
        "finish, MkDocs site": m["finish"],
        "Zensical build": z["generator"],
        "finish, Zensical site": z["finish"],
    }


def growth(one: dict, large: dict) -> dict:
    """Each stage at the largest size against 1x, beside what it works on, and the exponent of the one in
    the other (1: linear, 2: with the square)."""
    t1, tl = stage_seconds(one), stage_seconds(large)
    out = {}
    for stage, driver in STAGES.items():
        d1, dl = one["drivers"][driver], large["drivers"][driver]
        if min(t1[stage], tl[stage]) > 0 and dl > d1 > 0:
            out[stage] = {
                "seconds": [t1[stage], tl[stage]],
                "ratio": tl[stage] / t1[stage],
                "driver": driver,
                "driver_ratio": dl / d1,
                "exponent": math.log(tl[stage] / t1[stage]) / math.log(dl / d1),
            }
    return out


def validate(project: Path) -> float:
    start = time.perf_counter()
    command = [sys.executable, "-m", "vpguide", "validate", "--data", "data"]
    check = subprocess.run(
        command, cwd=project, env=pipeline.environment(project), capture_output=True, text=True
    )
    if check.returncode != 0:
        raise SystemExit(f"synthetic data in {project} is not valid:\n{check.stderr[-3000:]}")
    return time.perf_counter() - start


def section_scale(project: Path, tmp: Path, factors: list[int], runs: int) -> dict:
    sizes: dict[str, dict] = {}
    for factor in [1, *factors]:
        name = f"{factor}x"
        log(f"scale {name}: generating")
        scaled = pipeline.snapshot(tmp / f"scale-{name}", project, data=False)
        data = synthetic.scale_data(project / "data", scaled / "data", factor)
        validate_seconds = validate(scaled)
        outs = {g: tmp / f"out-{name}-{g}" for g in GENERATORS}
        rows: dict[str, list[dict]] = {g: [] for g in GENERATORS}
        timed = []
        for i in range(runs):
            for generator in GENERATORS if i % 2 == 0 else GENERATORS[::-1]:
                if generator == "mkdocs":
                    pages_file = tmp / f"pages-{name}-{i}.json"
                    env = {"BENCH_PAGES_OUT": str(pages_file)}
                    rows[generator].append(
                        pipeline.run(generator, scaled, outs[generator], hook=HOOK, env=env)
                    )
                    timed.append(json.loads(pages_file.read_text(encoding="utf-8")))
                else:
                    rows[generator].append(pipeline.run(generator, scaled, outs[generator]))
            last = {g: rows[g][-1] for g in GENERATORS}
            log(
                f"scale {name} run {i + 1}: "
                + ", ".join(f"{g} {r['seconds']:.1f} s, {r['peak_mb']:.0f} MB" for g, r in last.items())
            )
            if max(r["seconds"] for r in last.values()) > LONG_BUILD_SECONDS:
                break
        pages, html = pipeline.html_stats(pipeline.site_dir("mkdocs", outs["mkdocs"]))
        kinds = per_kind(timed)
        markdown = sum(p["markdown_chars"] for p in timed[0].values())
        generators = {}
        for generator, done in rows.items():
            generators[generator] = medians(done)
            generators[generator]["ms_per_page"] = generators[generator]["seconds"] / pages * 1000
        sizes[name] = {
            "factor": factor,
            "data": data,
            "validate_seconds": validate_seconds,
            "runs": len(timed),
            "pages": pages,
            "html_mb": html / MB,
            "markdown_kb_per_page": markdown / len(timed[0]) / 1000,
            "drivers": {
                # The YAML, not the factor: the cells (principles x service types) grow faster than it.
                "data_yaml": sum(f.stat().st_size for f in (scaled / "data").rglob("*.yaml")),
                "markdown": markdown,
                "html": html,
            },
            "generators": generators,
            **kinds,
        }
        for path in (scaled, *outs.values()):
            shutil.rmtree(path, ignore_errors=True)
    names = list(sizes)
    one, largest = sizes[names[0]], sizes[names[-1]]
    for size in sizes.values():
        for generator in GENERATORS:
            size["generators"][generator]["per_page_ratio"] = (
                size["generators"][generator]["ms_per_page"] / one["generators"][generator]["ms_per_page"]
            )
    same = like_for_like(one, largest)
    return {
        "sizes": sizes,
        "like_for_like": same,
        "growth": growth(one, largest),
        # Every kind of the real site's pages, against itself: see like_for_like.
        "per_page_goal_met": bool(same["kinds"]) and max(same["kinds"].values()) <= PER_PAGE_GOAL,
        "memory_goal_met": largest["generators"]["mkdocs"]["peak_mb"] < SCALE_MEMORY_GOAL_MB,
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
            "search_index_loaded": load.search_index is not None,
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
    path = weight.budget_pages(site_dir)[weight.PAGES[-1]]
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


def section_search(browser, origin: str) -> dict:
    from test_search import QUERIES

    result = searchtime.measure(browser, origin, list(QUERIES))
    result["budget_ms"] = SEARCH_MS
    result["budget_met"] = result["worst_median_ms"] < SEARCH_MS
    return result


def section_import(project: Path) -> dict:
    """The 1 MB import, timed in Node on the snapshot's scripts (its timer and case copied beside them)."""
    (project / "bench").mkdir(exist_ok=True)
    shutil.copy2(BENCH / "assessment_import.js", project / "bench" / "assessment_import.js")
    cases = project / "tests" / "js"
    shutil.copytree(ROOT / "tests" / "js" / "fixtures", cases / "fixtures", dirs_exist_ok=True)
    shutil.copy2(ROOT / "tests" / "js" / "package.json", cases / "package.json")  # ES modules
    done = subprocess.run(
        ["node", str(project / "bench" / "assessment_import.js"), "15", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip()[-500:]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["budget_ms"] = IMPORT_MS
    result["budget_met"] = result["median_ms"]["plan + apply"] < IMPORT_MS
    return result


def browser_sections(sections: list[str], project: Path, tmp: Path, lighthouse_runs: int) -> dict:
    """The real site built once with each generator that the sections need (weight: both; interaction and
    Lighthouse: MkDocs, the one deployed), served as GitHub Pages serves it (bench/server.py)."""
    from playwright.sync_api import sync_playwright

    generators = GENERATORS if "weight" in sections else ("mkdocs",)
    sites = {}
    for generator in generators:
        log(f"building the real site with {generator} for the browser sections")
        pipeline.run(generator, project, tmp / f"out-browser-{generator}")
        sites[generator] = pipeline.site_dir(generator, tmp / f"out-browser-{generator}")
    results: dict = {}
    if {"weight", "interaction", "search"} & set(sections):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                if "weight" in sections:
                    results["weight"] = {}
                    for generator, site in sites.items():
                        log(f"weight: {generator}")
                        with server.serve(site) as origin:
                            results["weight"][generator] = section_weight(browser, origin, site)
                if "interaction" in sections:
                    log("interaction")
                    with server.serve(sites["mkdocs"]) as origin:
                        results["interaction"] = section_interaction(browser, origin, sites["mkdocs"])
                if "search" in sections:
                    log("search")
                    with server.serve(sites["mkdocs"]) as origin:
                        results["search"] = section_search(browser, origin)
            finally:
                browser.close()
    if "lighthouse" in sections:
        with server.serve(sites["mkdocs"]) as origin:
            results["lighthouse"] = section_lighthouse(origin, sites["mkdocs"], tmp, lighthouse_runs)
    return results


# --- Report ---------------------------------------------------------------------------------------------


def output(command: list[str]) -> str | None:
    try:
        return (
            subprocess.run(command, capture_output=True, text=True, timeout=30, cwd=ROOT).stdout.strip()
            or None
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def machine() -> dict:
    info = {"cpu": "", "memory_gib": 0.0}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
        info["cpu"] = next(x.split(":", 1)[1].strip() for x in cpuinfo if x.startswith("model name"))
        mem = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        info["memory_gib"] = round(int(mem.split()[1]) / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "Markdown", "selectolax", "playwright"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    zensical_python = str(Path(pipeline.build.generator_program("zensical", ROOT)[0]).with_name("python"))
    versions["zensical"] = output(
        [zensical_python, "-c", "from importlib.metadata import version as v; print(v('zensical'))"]
    )
    versions["chromium"] = output([chromium_path(), "--version"])
    versions["node"] = output(["node", "--version"])
    versions["lighthouse"] = lighthouse.VERSION
    return {
        "nproc": os.cpu_count(),
        **info,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "commit": output(["git", "describe", "--always", "--dirty", "--abbrev=7"]),
        # Other work on the machine shows in every timing: the load average (1 minute; 2 cores busy is 2.0)
        # at the start and after each section.
        "load": {"start": os.getloadavg()[0]},
        "versions": versions,
    }


def table(rows: list[list], header: list[str], left: int = 1) -> str:
    """Plain text columns: the first `left` ones (names) aligned left, the figures right."""
    cells = [header, *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in cells[1:])])


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def kb(n: float) -> str:
    return f"{n / 1000:.1f} KB"


def seconds(stages: dict, stage: str) -> str:
    return f"{stages[stage]:.2f}" if stage in stages else "-"


def report_build(b: dict) -> list[str]:
    out = [
        f"\n1. Build: the real site, render + generator + finish, median of {b['runs']} interleaved runs each"
    ]
    rows = []
    for name in BUILDS:
        r = b[name]
        rows.append(
            [
                NAMES[name],
                *(seconds(r["stages"], s) for s in ("render", "generator", "finish")),
                f"{r['seconds']:.2f}",
                f"{r['peak_mb']:.0f}",
                r["pages"],
                f"{r['html_mb']:.1f}",
                " ".join(f"{s:.2f}" for s in r["runs_seconds"]),
            ]
        )
    out.append(
        table(
            rows,
            ["", "render s", "generator s", "finish s", "total s", "peak MB", "pages", "HTML MB", "runs s"],
        )
    )
    out.append(
        f"MkDocs build / baseline: {b['time_ratio']:.2f}x (its generator alone, with the site's "
        f"extension: {b['generator_ratio']:.2f}x; peak memory {b['memory_ratio']:.2f}x); "
        f"Zensical / MkDocs: {b['zensical_ratio']:.2f}x"
    )
    out.append(
        f"Goal: the whole MkDocs build at most {BUILD_OVERHEAD_GOAL}x the baseline: {verdict(b['goal_met'])}"
    )
    return out


def report_scale(s: dict) -> list[str]:
    out = ["\n2. Scale: synthetic data (bench/synthetic.py; P/S/M: principles, service types, measures)"]
    names = list(s["sizes"])
    rows = []
    for name, z in s["sizes"].items():
        d = z["data"]
        for generator in GENERATORS:
            g = z["generators"][generator]
            rows.append(
                [
                    f"{name} {NAMES[generator]}",
                    f"{d['principles']}/{d['service_types']}/{d['measures']}",
                    z["pages"],
                    z["runs"],
                    *(seconds(g["stages"], st) for st in ("render", "generator", "finish")),
                    f"{g['seconds']:.1f}",
                    f"{g['ms_per_page']:.0f}",
                    f"{g['per_page_ratio']:.2f}x",
                    f"{z['html_mb']:.0f}",
                    f"{g['peak_mb']:.0f}",
                ]
            )
    header = ["size", "P/S/M", "pages", "runs", "render s", "generator s", "finish s", "total s", "ms/page"]
    out.append(table(rows, [*header, "vs 1x", "HTML MB", "peak MB"]))
    kind_rows = []
    for kind in sorted({k for z in s["sizes"].values() for k in z["kinds"]}):
        found = [s["sizes"][n]["kinds"].get(kind) for n in names]
        row = [
            kind,
            *(
                f"{k['pages']}: {k['median_ms']:.0f} ms, {k['median_markdown_kb']:.0f} KB" if k else ""
                for k in found
            ),
        ]
        kind_rows.append(row)
    out.append(
        "MkDocs, each kind of page: how many, the median page's own time (Markdown to its written page) "
        "and Markdown:"
    )
    out.append(table(kind_rows, ["kind", *names]))
    same = s["like_for_like"]
    out.append(
        f"Time per page, like for like: each page of the real site, built again inside the {names[-1]} "
        "site, against itself at 1x: its own time per KB of its Markdown there over the same at 1x "
        "(median per kind):"
    )
    rows = [[kind, same["kind_pages"][kind], f"{r:.2f}x"] for kind, r in same["kinds"].items()]
    out.append(
        table(
            [*rows, ["all", len(same["pages"]), f"{same['median']:.2f}x"]],
            ["kind", "pages", f"{names[-1]} / 1x"],
        )
    )
    rows = []
    for stage, g in s["growth"].items():
        faster = " (faster than linear)" if g["exponent"] > LINEAR else ""
        rows.append(
            [
                stage,
                *(f"{t:.2f}" for t in g["seconds"]),
                f"{g['ratio']:.1f}x",
                f"{g['driver']} {g['driver_ratio']:.1f}x",
                f"{g['exponent']:.2f}{faster}",
            ]
        )
    out.append(
        f"Stages, seconds (pages' spans summed over pages), {names[-1]} against 1x beside what each works on:"
    )
    out.append(table(rows, ["stage", names[0], names[-1], "ratio", "works on", "exponent"]))
    out.append(
        "(exponent: log of the stage's ratio over log of what it works on: 1 linear, 2 with the square; "
        f"above {LINEAR} is marked)"
    )
    largest = s["sizes"][names[-1]]
    worst = max(same["kinds"], key=same["kinds"].get)
    per_page = "; ".join(f"{NAMES[g]} {largest['generators'][g]['per_page_ratio']:.2f}x" for g in GENERATORS)
    out.append(
        f"Goal: time per page at {names[-1]} within {PER_PAGE_GOAL}x of 1x, like for like (MkDocs, "
        f"every kind): at most {same['kinds'][worst]:.2f}x ({worst}), {verdict(s['per_page_goal_met'])}; "
        f"build time over pages, whose mix changes: {per_page}"
    )
    peaks = "; ".join(f"{NAMES[g]} {largest['generators'][g]['peak_mb']:.0f} MB" for g in GENERATORS)
    out.append(
        f"Goal: peak memory at {names[-1]} under 1 GB (MkDocs): {peaks}, {verdict(s['memory_goal_met'])}"
    )
    return out


def report_weight(w: dict) -> list[str]:
    out = ["\n3. Weight: first visit, each response gzipped (level 9); search index excluded"]
    rows = []
    for generator, site in w.items():
        for name, p in site["pages"].items():
            kinds = p["by_kind_gzip"]
            other = sum(v for k, v in kinds.items() if k not in ("document", "stylesheet", "script"))
            rows.append(
                [
                    NAMES[generator],
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
        "site",
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
    out.append(table(rows, [*header, "<= 150 KB"], left=3))
    for generator, site in w.items():
        si = site["search_index"]
        loaded = sum(p["search_index_loaded"] for p in site["pages"].values())
        out.append(
            f"Search index, {NAMES[generator]}: {kb(si['raw'])} raw, {kb(si['gzip'])} gzip (budget "
            f"{kb(si['raw_budget'])} raw, {kb(si['gzip_budget'])} gzip): {verdict(si['budget_met'])}; "
            f"fetched on the first load of {loaded} of {len(site['pages'])} pages"
        )
    return out


def report_interaction(i: dict) -> list[str]:
    out = [
        f"\n4. Interaction (MkDocs site): combined checklist, every service type "
        f"({i['measures_shown']} measures), {i['changes']} status changes"
    ]
    rows = [
        ["to updated progress", f"{i['progress_median_ms']:.1f}", f"{i['progress_worst_ms']:.1f}"],
        ["to next frame", f"{i['frame_median_ms']:.1f}", f"{i['frame_worst_ms']:.1f}"],
    ]
    out.append(table(rows, ["", "median ms", "worst ms"]))
    out.append(
        f"Budget: one frame ({FRAME_MS:.0f} ms) to updated progress, worst case: {verdict(i['budget_met'])}"
    )
    return out


def report_lighthouse(lh: dict) -> list[str]:
    out = [
        f"\n5. Lighthouse {lighthouse.VERSION} (MkDocs site), mobile, {lh.get('runs', 1)} run(s) per page "
        "(the run with the median performance score)"
    ]
    if "error" in lh:
        return [*out, f"Not run: {lh['error']}"]
    rows, lost = [], []
    for name, p in lh["pages"].items():
        if "error" in p:
            rows.append([name, "error", "", "", "", "", ""])
            lost.append(f"  {name}: {p['error']}")
            continue
        sc = p["scores"]
        runs = " ".join(str(r) for r in p["performance_runs"])
        metrics = " ".join(f"{k} {v}" for k, v in p["metrics"].items())
        rows.append(
            [name, sc["performance"], runs, sc["accessibility"], sc["best-practices"], sc["seo"], metrics]
        )
        lost += [f"  {name}, {cid}: {'; '.join(items)}" for cid, items in p["lost"].items() if items]
    out.append(table(rows, ["page", "perf", "perf runs", "a11y", "best pr.", "SEO", "metrics"]))
    if lost:
        out.append("Points lost:\n" + "\n".join(lost))
    out.append(f"Budget: performance >= 95, the others 100: {verdict(lh['budget_met'])}")
    return out


def report_search(r: dict) -> list[str]:
    out = [
        f"\n6. Search (MkDocs site): Material's worker, the queries of tests/test_search.py, {r['runs']} "
        f"answers each after the first; index set up in {r['setup_ms']:.0f} ms"
    ]
    rows = [
        [query, q["results"], f"{q['median_ms']:.1f}", f"{q['worst_ms']:.1f}"]
        for query, q in r["queries"].items()
    ]
    out.append(table(rows, ["query", "results", "median ms", "worst ms"], left=1))
    out.append(
        f"Goal: each query's median under {SEARCH_MS:.0f} ms: at most {r['worst_median_ms']:.1f} ms, "
        f"{verdict(r['budget_met'])}"
    )
    return out


def report_import(r: dict) -> list[str]:
    out = ["\n7. Import: the self-assessment's 1 MB import, in Node"]
    if "error" in r:
        return [*out, f"Not run: {r['error']}"]
    out[0] += f" {r['node']} ({r['bytes']} bytes, {r['measures']} measures), median of {r['runs']} runs"
    out.append(table([[name, f"{ms:.1f}"] for name, ms in r["median_ms"].items()], ["step", "median ms"]))
    out.append(
        f"Goal: planned and applied in under {IMPORT_MS:.0f} ms: {r['median_ms']['plan + apply']:.1f} ms, "
        f"{verdict(r['budget_met'])}"
    )
    return out


def report(results: dict) -> str:
    m, v = results["machine"], results["machine"]["versions"]
    out = [
        f"{results['date']}, commit {m['commit']}. Machine: {m['nproc']} cores, {m['cpu']}, "
        f"{m['memory_gib']} GiB; Python {m['python']}; MkDocs {v['mkdocs']}, Material "
        f"{v['mkdocs-material']}, Zensical {v['zensical']}, Markdown {v['Markdown']}; {v['chromium']}; "
        f"Node {v['node']}; Lighthouse {v['lighthouse']}"
    ]
    for section, write in (
        ("build", report_build),
        ("scale", report_scale),
        ("weight", report_weight),
        ("interaction", report_interaction),
        ("lighthouse", report_lighthouse),
        ("search", report_search),
        ("import", report_import),
    ):
        if section in results:
            out += write(results[section])
    load = ", ".join(f"{when} {value:.1f}" for when, value in m["load"].items())
    out.append(f"\nTotal time: {results['seconds'] / 60:.1f} minutes. Load average (1 minute): {load}")
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
        help="builds per synthetic size (BENCH_SCALE_RUNS, 3); once when a build takes over two minutes",
    )
    parser.add_argument(
        "--factors",
        default=os.environ.get("BENCH_FACTORS", "5"),
        help="synthetic sizes besides 1x (BENCH_FACTORS, 5)",
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
    if not factors or min(factors) <= 1:
        parser.error("--factors: sizes above 1, for example 5 or 5,10")

    started = time.perf_counter()
    results: dict = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    with tempfile.TemporaryDirectory(prefix="vp-bench-") as name:
        tmp = Path(name)
        project = pipeline.snapshot(tmp / "project")
        if "build" in sections:
            log(f"build: MkDocs, Zensical and the baseline, {args.runs} runs each")
            results["build"] = section_build(project, tmp, args.runs)
            results["machine"]["load"]["after build"] = os.getloadavg()[0]
        if "scale" in sections:
            results["scale"] = section_scale(project, tmp, factors, args.scale_runs)
            results["machine"]["load"]["after scale"] = os.getloadavg()[0]
        if "import" in sections:
            log("import")
            results["import"] = section_import(project)
        if {"weight", "interaction", "lighthouse", "search"} & set(sections):
            results.update(browser_sections(sections, project, tmp, args.lighthouse_runs))
            results["machine"]["load"]["after the browser sections"] = os.getloadavg()[0]
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
