"""Shared state of the benchmark's step hooks (step_first.py, step_last.py): time spent in each step of a
build, summed over pages, the resident memory at each step's end, and how much each step worked on. Written as
JSON to $BENCH_STEPS_OUT when the build ends. Only the benchmark adds these hooks, to a temporary copy's
mkdocs.yml."""

from __future__ import annotations

import json
import os
import time

steps: dict[str, float] = {}
rss: dict[str, int] = {}
pages = {"count": 0}
# What the steps work on: Markdown after macros, the pages' content as HTML, the whole pages as written.
sizes = {"markdown": 0, "content_html": 0, "output_html": 0}
_open: dict[str, float] = {}


def _rss_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def begin(step: str) -> None:
    _open[step] = time.perf_counter()


def end(step: str, *, sample: bool = False) -> None:
    began = _open.pop(step, None)
    if began is not None:
        steps[step] = steps.get(step, 0.0) + time.perf_counter() - began
    if sample:
        rss[step] = max(rss.get(step, 0), _rss_kb())


def write() -> None:
    out = os.environ.get("BENCH_STEPS_OUT")
    if not out:
        return
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"steps": steps, "rss_kb": rss, "pages": pages["count"], "sizes": sizes}, f, indent=2)
