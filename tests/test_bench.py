"""The benchmark's own parts that can go stale without a benchmark run (bench/README.md): the synthetic data
must stay valid as the schemas and rules change and keep the real data as its first block; the baseline and
the timed copy of the rendered configuration differ from it only as they should; the page timing hook and
the figures computed from what it writes. No timing is asserted: `make bench` measures, tests do not."""

from __future__ import annotations

import importlib.util
import json
import sys
from types import SimpleNamespace

import pytest
from conftest import ROOT

from vpguide.load import load_model
from vpguide.render import EXTENSION, read_config, render

sys.path.insert(0, str(ROOT / "bench"))
import pipeline
import synthetic

import bench

REAL = load_model(ROOT / "data")


@pytest.mark.parametrize(
    ("factor", "groups"),
    [
        (5, 1),  # the benchmark's size (BENCH_FACTORS)
        (10, 2),  # the smallest with two groups of principles: the not-applicable cells across groups
    ],
)
def test_synthetic_data_is_valid_and_keeps_the_real_data_as_its_first_block(tmp_path, factor, groups):
    summary = synthetic.scale_data(ROOT / "data", tmp_path / "data", factor)
    model = load_model(tmp_path / "data")  # raises DataError with every problem when invalid
    assert summary["service_types"] == len(model.service_types) == factor * len(REAL.service_types)
    assert summary["measures"] == len(model.measures) == factor * len(REAL.measures)
    assert len(model.principles) == summary["principles"] == groups * len(REAL.principles)
    for service in REAL.service_types:
        real = [(m.id, m.title) for m in REAL.measures_for(service_type=service.id)]
        assert [(m.id, m.title) for m in model.measures_for(service_type=service.id)] == real
        copy = f"{service.id}-b2"
        assert len(model.measures_for(service_type=copy)) == len(real), "every checklist keeps its size"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("rendered")
    render(ROOT, out)
    return out


def test_the_baseline_is_the_rendered_configuration_without_the_sites_extension(rendered):
    config, base = read_config(rendered / "mkdocs.yml"), read_config(pipeline.baseline_config(rendered))
    assert config["markdown_extensions"][-1] == {EXTENSION: config["markdown_extensions"][-1][EXTENSION]}
    assert base["markdown_extensions"] == config["markdown_extensions"][:-1]
    assert {k: v for k, v in base.items() if k != "markdown_extensions"} == {
        k: v for k, v in config.items() if k != "markdown_extensions"
    }


def test_the_timed_copy_adds_the_hook_and_nothing_else(rendered):
    config, timed = (
        read_config(rendered / "mkdocs.yml"),
        read_config(pipeline.with_hook(rendered, bench.HOOK)),
    )
    assert "hooks" not in config, "the site has no hook of its own"
    assert timed == {**config, "hooks": [str(bench.HOOK)]}


def test_the_page_timing_hook_writes_both_spans_and_the_markdown_of_every_page(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("pagetime", bench.HOOK)
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    out = tmp_path / "pages.json"
    monkeypatch.setenv("BENCH_PAGES_OUT", str(out))
    pages = [SimpleNamespace(file=SimpleNamespace(src_uri=uri)) for uri in ("index.md", "principles/1.md")]
    for page in pages:  # MkDocs converts every page's Markdown, then renders every page's template
        assert hook.on_page_markdown("# Title\n\ntext", page=page, config={}, files=[]) is None
        assert hook.on_page_content("<h1>Title</h1>", page=page, config={}, files=[]) is None
    for page in pages:
        assert hook.on_page_context({}, page=page, config={}, nav=None) is None
        assert hook.on_post_page("<html>", page=page, config={}) is None
    hook.on_post_build(config={})
    written = json.loads(out.read_text(encoding="utf-8"))
    assert set(written) == {"index.md", "principles/1.md"}
    for entry in written.values():
        assert entry["markdown_chars"] == len("# Title\n\ntext")
        assert set(entry) == {"markdown_chars", *bench.SPANS}
        assert all(entry[span] >= 0 for span in bench.SPANS)


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
    runs = [
        {
            "principles/1.md": {"markdown_chars": 1000, "markdown": 0.004, "template": 0.006},
            "principles/2.md": {"markdown_chars": 3000, "markdown": 0.010, "template": 0.020},
        },
        {
            "principles/1.md": {"markdown_chars": 1000, "markdown": 0.008, "template": 0.012},
            "principles/2.md": {"markdown_chars": 3000, "markdown": 0.020, "template": 0.020},
        },
    ]
    timed = bench.per_kind(runs)
    assert timed["kinds"] == {"principle": {"pages": 2, "median_ms": 25.0, "median_markdown_kb": 2.0}}
    assert timed["pages_ms"] == pytest.approx({"principles/1.md": 15.0, "principles/2.md": 35.0})
    assert timed["pages_markdown_kb"] == {"principles/1.md": 1.0, "principles/2.md": 3.0}
    assert timed["spans"] == pytest.approx({"markdown": 0.021, "template": 0.029})


def test_like_for_like_compares_each_real_page_with_itself_per_kb_of_its_markdown():
    one = {
        "pages_ms": {"themes/a.md": 10.0, "principles/1.md": 10.0, "about.md": 20.0},
        "pages_markdown_kb": {"themes/a.md": 5.0, "principles/1.md": 10.0, "about.md": 8.0},
    }
    large = {
        # The same content, 30% slower; ten times the content, ten times the time; a page only at 5x.
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
    assert same["kinds"] == pytest.approx({"other page": 1.0, "principle": 1.0, "theme": 1.3})
    assert same["kind_pages"] == {"other page": 1, "principle": 1, "theme": 1}
    assert same["median"] == 1.0


def test_medians_of_runs_are_taken_per_stage_and_of_the_totals():
    runs = [
        pipeline.summary({"render": {"seconds": s, "peak_mb": 50}, "generator": {"seconds": g, "peak_mb": p}})
        for s, g, p in ((1.0, 5.0, 70), (3.0, 2.0, 90), (2.0, 1.0, 80))
    ]
    assert [r["seconds"] for r in runs] == [6.0, 5.0, 3.0]
    assert [r["peak_mb"] for r in runs] == [70, 90, 80], "a build's peak is its largest stage's"
    got = bench.medians(runs)
    assert got["stages"] == {"render": 2.0, "generator": 2.0}
    assert got["seconds"] == 5.0, "the median of the totals, not the sum of the stages' medians"
    assert got["peak_mb"] == 80


def test_growth_judges_each_stage_against_what_it_works_on():
    def size(seconds: float, spans: float, drivers: int) -> dict:
        stages = {"render": seconds, "generator": seconds + 2 * spans, "finish": seconds}
        return {
            "generators": {g: {"stages": stages} for g in pipeline.GENERATORS},
            "spans": {span: spans for span in bench.SPANS},
            "drivers": {"data_yaml": drivers, "markdown": drivers, "html": drivers},
        }

    # Stages four times slower for data twice the size: the square; the pages' spans linear.
    grown = bench.growth(size(1.0, 1.0, 100), size(4.0, 2.0, 200))
    assert set(grown) == set(bench.STAGES)
    assert grown["finish, MkDocs site"]["exponent"] == pytest.approx(2.0)
    assert grown["MkDocs: pages, Markdown to HTML"]["exponent"] == pytest.approx(1.0)
    assert grown["render"]["ratio"] == pytest.approx(4.0)
    assert grown["render"]["driver_ratio"] == pytest.approx(2.0)
