"""The benchmark's own parts that can go stale without a benchmark run: the synthetic data must stay valid as
the schemas and rules change, and keep the real data as its first block (README, Performance)."""

from __future__ import annotations

import sys

from conftest import ROOT

from vpguide.load import load_model

sys.path.insert(0, str(ROOT / "bench"))
import synthetic

import bench

REAL = load_model(ROOT / "data")


def test_synthetic_data_is_valid_and_keeps_the_real_data_as_its_first_block(tmp_path):
    factor = 10  # the smallest with two groups of principles, so that the not-applicable cells are made too
    summary = synthetic.scale_data(ROOT / "data", tmp_path / "data", factor)
    model = load_model(tmp_path / "data")  # raises DataError with every problem when invalid
    assert summary["service_types"] == len(model.service_types) == factor * len(REAL.service_types)
    assert summary["measures"] == len(model.measures) == factor * len(REAL.measures)
    assert len(model.principles) == summary["principles"] == 2 * len(REAL.principles)
    for service in REAL.service_types:
        real = [(m.id, m.title) for m in REAL.measures_for(service_type=service.id)]
        assert [(m.id, m.title) for m in model.measures_for(service_type=service.id)] == real
        copy = f"{service.id}-b2"
        assert len(model.measures_for(service_type=copy)) == len(real), "every checklist keeps its size"


def test_pages_are_grouped_by_kind():
    kinds = {
        "checklists/combined.md": "combined checklist",
        "checklists/index.md": "other page",
        "checklists/social-media-b7.md": "service-type checklist",
        "principles/12.md": "principle",
        "principles/index.md": "other page",
        "themes/grooming-g2/index.md": "theme",
        "print.md": "whole guidance (print)",
        "index.md": "other page",
    }
    assert {uri: bench.page_kind(uri) for uri in kinds} == kinds
    timed = bench.per_kind(
        [
            {"principles/1.md": 0.010, "principles/2.md": 0.030},
            {"principles/1.md": 0.020, "principles/2.md": 0.040},
        ],
        {"principles/1.md": 1000, "principles/2.md": 3000},
    )
    assert timed["kinds"] == {"principle": {"pages": 2, "median_ms": 25.0, "median_markdown_kb": 2.0}}
    assert timed["pages_ms"] == {"principles/1.md": 15.0, "principles/2.md": 35.0}


def test_like_for_like_compares_each_real_page_with_itself_per_kb_of_its_markdown():
    one = {
        "pages_ms": {"themes/a.md": 10.0, "principles/1.md": 10.0, "about.md": 20.0},
        "pages_markdown_kb": {"themes/a.md": 5.0, "principles/1.md": 10.0, "about.md": 8.0},
    }
    large = {
        # The same content, 30% slower; ten times the content, ten times the time; a page only at 50x.
        "pages_ms": {
            "themes/a.md": 13.0,
            "principles/1.md": 100.0,
            "about.md": 20.0,
            "checklists/x-b2.md": 9.0,
        },
        "pages_markdown_kb": {
            "themes/a.md": 5.0,
            "principles/1.md": 100.0,
            "about.md": 8.0,
            "checklists/x-b2.md": 1,
        },
    }
    same = bench.like_for_like(one, large)
    assert set(same["pages"]) == {"themes/a.md", "principles/1.md", "about.md"}
    assert same["kinds"] == {"other page": 1.0, "principle": 1.0, "theme": 1.3}
    assert same["kind_pages"] == {"other page": 1, "principle": 1, "theme": 1}
    assert same["median"] == 1.0
