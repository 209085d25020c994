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
# What the steps work on: Markdown after macros, the pages' content as HTML, the whole pages as written, and
# what the theme's templates wrote around the content (the whole page less its content).
sizes = {"markdown": 0, "content_html": 0, "output_html": 0, "template_html": 0}
# Each page's own time (from its Markdown to its HTML content, then from its context to its written page)
# and its Markdown, by source path: the cost of a page, apart from what the build does once.
page_seconds: dict[str, float] = {}
page_markdown: dict[str, int] = {}
# The same, step by step, for each page: where a page's own time goes.
page_steps: dict[str, dict[str, float]] = {}
_open: dict[str, float] = {}
_page: dict[str, str | None] = {"uri": None}


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
    seconds = _stop(step)
    _add(steps, step, seconds)
    if _page["uri"] is not None:
        _add(page_steps.setdefault(_page["uri"], {}), step, seconds)
    if sample:
        rss[step] = max(rss.get(step, 0), _rss_kb())


def begin_page(page) -> None:
    _page["uri"] = page.file.src_uri
    begin("page " + page.file.src_uri)


def end_page(page) -> None:
    _page["uri"] = None
    _add(page_seconds, page.file.src_uri, _stop("page " + page.file.src_uri))


def _stop(key: str) -> float | None:
    """Seconds since `begin(key)`, or None when it was not begun."""
    began = _open.pop(key, None)
    return None if began is None else time.perf_counter() - began


def _add(totals: dict[str, float], key: str, seconds: float | None) -> None:
    if seconds is not None:
        totals[key] = totals.get(key, 0.0) + seconds


def write() -> None:
    out = os.environ.get("BENCH_STEPS_OUT")
    if not out:
        return
    with open(out, "w", encoding="utf-8") as f:
        json.dump(
            {
                "steps": steps,
                "rss_kb": rss,
                "pages": pages["count"],
                "sizes": sizes,
                "page_seconds": page_seconds,
                "page_markdown": page_markdown,
                "page_steps": page_steps,
            },
            f,
            indent=2,
        )
