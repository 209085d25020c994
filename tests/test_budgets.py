"""Budgets that are not timings: the weight of a first visit to four pages, and the size of the search index.

Timings (build, interaction, Lighthouse) are measured by `make bench`, not here: these machines are noisy.
The measurement is the benchmark's own (bench/weight.py): every response of a fresh visit until the network
is idle, each gzipped at level 9, the search index left out and budgeted on its own.
"""

from __future__ import annotations

import json
import sys

import pytest
from browser import serve
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import weight

# With pytest-xdist (`make test`), this module's tests run in one process: the first loads, measured once.
pytestmark = pytest.mark.xdist_group("budgets")


@pytest.fixture(scope="session")
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


@pytest.mark.parametrize("name", weight.PAGES)
def test_first_load_within_budget(first_loads, name):
    load = first_loads[name]
    assert load.resources[0].kind == "document"
    assert load.search_index is not None, "the search index was not requested: is search still on?"
    assert load.gzip_total <= weight.FIRST_LOAD_BUDGET, describe(load)


def test_search_index_within_budget(site_dir):
    raw, gzipped = weight.search_index_size(site_dir)
    assert raw <= weight.SEARCH_INDEX_RAW_BUDGET, f"search index: {raw} bytes"
    assert gzipped <= weight.SEARCH_INDEX_GZIP_BUDGET, f"search index: {gzipped} bytes gzip"


def test_combined_checklist_opened_at_a_measure_within_budget(site_dir, browser):
    """The combined checklist loads each measure's full text when it comes near the screen (bench/README.md): opened at a measure of the principle with the most text, its first load, that text
    included, still fits."""
    folder = site_dir / "checklists" / "combined" / "details"
    largest = max(folder.glob("*.json"), key=lambda p: weight.gzip_size(p.read_bytes()))
    ids = list(json.loads(largest.read_text(encoding="utf-8"))["measures"])
    path = weight.budget_pages(site_dir)[weight.PAGES[-1]] + "#" + ids[len(ids) // 2]
    with serve(site_dir) as origin:
        load = weight.first_load(browser, origin, path)
    assert any(r.url.endswith("/details/" + largest.name) for r in load.resources), describe(load)
    assert load.gzip_total <= weight.FIRST_LOAD_BUDGET, describe(load)
