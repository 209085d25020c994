"""Budgets that are not timings: the weight of a first visit to four pages, and the size of the search index.

Timings (build, interaction, Lighthouse) are measured by `make bench`, not here: these machines are noisy.
The measurement is the benchmark's own (bench/weight.py): every response of a fresh visit until the network
is idle, each gzipped at level 9, the search index left out and budgeted on its own.
"""

from __future__ import annotations

import sys

import pytest
from browser import serve
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import weight

# Over budget today, and known: 87 measures in full are 87 KB gzip of HTML, and Material's CSS and
# JavaScript with the site's own are another 87 KB, so the page cannot fit in 150 KB without loading part of
# its content later (README, Performance). Strict: the day it fits, this marker must go. Until then it may
# not grow past COMBINED_CEILING.
COMBINED = "combined checklist, every service type"
COMBINED_CEILING = 180 * weight.KB
OVER_BUDGET = {
    COMBINED: pytest.mark.xfail(
        strict=True, reason="174 KB gzip: the full text of all 87 measures does not fit in 150 KB (README)"
    )
}


@pytest.fixture(scope="module")
def first_loads(site_dir, browser) -> dict[str, weight.FirstLoad]:
    with serve(site_dir) as origin:
        return {
            name: weight.first_load(browser, origin, path)
            for name, path in weight.budget_pages(site_dir).items()
        }


def describe(load: weight.FirstLoad) -> str:
    lines = [f"{load.page}: {load.gzip_total} bytes gzip on first load, {len(load.resources)} responses"]
    lines += [f"  {r.gzip:>8} {r.kind:<10} {r.url}" for r in sorted(load.resources, key=lambda r: -r.gzip)]
    return "\n".join(lines)


@pytest.mark.parametrize("name", [pytest.param(n, marks=OVER_BUDGET.get(n, ())) for n in weight.PAGES])
def test_first_load_within_budget(first_loads, name):
    load = first_loads[name]
    assert load.resources[0].kind == "document"
    assert load.search_index is not None, "the search index was not requested: is search still on?"
    assert load.gzip_total <= weight.FIRST_LOAD_BUDGET, describe(load)


def test_combined_checklist_does_not_grow_while_over_budget(first_loads):
    load = first_loads[COMBINED]
    assert load.gzip_total <= COMBINED_CEILING, describe(load)


def test_search_index_within_budget(site_dir):
    raw, gzipped = weight.search_index_size(site_dir)
    assert raw <= weight.SEARCH_INDEX_RAW_BUDGET, f"search index: {raw} bytes"
    assert gzipped <= weight.SEARCH_INDEX_GZIP_BUDGET, f"search index: {gzipped} bytes gzip"
