"""Benchmark hook for the baseline: captures what the data-driven machinery produces, so that plain
Material can build the same pages from static files. Added last (priority -1000 on every event) to a
throwaway copy's mkdocs.yml by bench/baseline.py; writes into $BENCH_CAPTURE_DIR:

- docs/<page>.md: every page's Markdown after macros and hooks (the last on_page_markdown), with its front
  matter (page.meta) written back;
- docs/<file>: every other generated file (the downloads);
- nav.json: the navigation after the hook expanded it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

LAST = -1000


def _out() -> Path:
    return Path(os.environ["BENCH_CAPTURE_DIR"])


@event_priority(LAST)
def on_config(config):
    _out().mkdir(parents=True, exist_ok=True)
    (_out() / "nav.json").write_text(json.dumps(config.nav, indent=1), encoding="utf-8")


@event_priority(LAST)
def on_files(files, config):
    for file in files:
        if file.generated_by and not file.is_documentation_page():
            target = _out() / "docs" / file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content_bytes)


@event_priority(LAST)
def on_page_markdown(markdown, page, config, files):
    target = _out() / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    front = (
        f"---\n{yaml.safe_dump(page.meta, sort_keys=False, allow_unicode=True)}---\n\n" if page.meta else ""
    )
    target.write_text(front + markdown, encoding="utf-8")
    return markdown
