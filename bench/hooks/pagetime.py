"""Bench-only MkDocs hook: each page's own time and the size of its Markdown. bench/bench.py adds it to a
copy of the rendered configuration (bench/pipeline.py, with_hook); the site itself has no hook.

A page's own time is two spans, each from the first hook of an event to the last of another, so that every
plugin's work on the page is inside: "markdown", from its Markdown (on_page_markdown) to its HTML content
(on_page_content), which is Python-Markdown with the site's extension (vpguide/mdext.py); "template", from
its template context (on_page_context, where the search plugin indexes it) to its written page
(on_post_page), which is Material's templates, navigation included. Written as JSON to $BENCH_PAGES_OUT
when the build ends: {src_uri: {"markdown_chars", "markdown", "template"}}.
"""

from __future__ import annotations

import json
import os
import time

from mkdocs.plugins import event_priority

FIRST, LAST = 1000, -1000
pages: dict[str, dict] = {}
_started: dict[str, float] = {}


def begin(page) -> None:
    _started[page.file.src_uri] = time.perf_counter()


def end(page, span: str) -> None:
    uri = page.file.src_uri
    pages.setdefault(uri, {})[span] = time.perf_counter() - _started.pop(uri)


@event_priority(FIRST)
def on_page_markdown(markdown, page, config, files):
    pages.setdefault(page.file.src_uri, {})["markdown_chars"] = len(markdown)
    begin(page)


@event_priority(LAST)
def on_page_content(html, page, config, files):
    end(page, "markdown")


@event_priority(FIRST)
def on_page_context(context, page, config, nav):
    begin(page)


@event_priority(LAST)
def on_post_page(output, page, config):
    end(page, "template")


@event_priority(LAST)
def on_post_build(config):
    out = os.environ.get("BENCH_PAGES_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(pages, f, indent=1)
