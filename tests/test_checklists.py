"""The checklists: coverage of the data, and the YAML, HTML anchors, CSV and JSON agreeing measure for measure."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from vpguide import export
from vpguide.load import load_model
from vpguide.model import TIERS

MODEL = load_model(ROOT / "data")
SERVICE_IDS = [s.id for s in MODEL.service_types]
# The shared list of verified facts and addresses, and the project's own additions to it.
SOURCES = "".join(
    (ROOT / "reference" / name).read_text(encoding="utf-8") for name in ("sources.md", "sources-added.md")
)
SHARED_SOURCES = ROOT.parent / "shared" / "reference" / "sources.md"


def html(site_dir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / path).read_text(encoding="utf-8"), "html.parser")


def test_the_service_types_with_fixed_ids():
    """Ids are published addresses: the list only ever grows, in this order."""
    assert SERVICE_IDS == [
        "social-media",
        "gaming",
        "livestreaming",
        "messaging",
        "app-stores",
        "devices",
        "isp",
        "web-hosting",
        "vpn",
        "search",
        "file-sharing",
        "generative-ai",
        "dating",
        "adult-content",
        "cdn",
        "domain-registry",
        "payments",
    ]


@pytest.mark.parametrize("number", range(1, 12))
def test_at_least_five_measures_per_principle(number):
    assert len(MODEL.measures_for(principle=number)) >= 5


@pytest.mark.parametrize("service", SERVICE_IDS)
def test_at_least_fifteen_measures_per_service_type(service):
    assert len(MODEL.measures_for(service_type=service)) >= 15


def test_every_cell_has_a_measure_or_a_reason():
    for p in MODEL.principles:
        for s in SERVICE_IDS:
            has_measures = bool(MODEL.measures_for(principle=p.number, service_type=s))
            reason = MODEL.not_applicable_reason(p.number, s)
            assert has_measures != bool(reason), (p.number, s)


def test_measure_ids_are_unique_and_well_formed():
    ids = [m.id for m in MODEL.measures]
    assert len(ids) == len(set(ids))
    for m in MODEL.measures:
        assert re.fullmatch(r"P\d{1,2}-\d{2}", m.id)
        assert int(m.id[1:].split("-")[0]) == m.principles[0]


def test_every_address_in_the_data_comes_from_the_reference_list():
    """No invented URL: each one is in the project's copy of the verified reference list."""
    urls = [r.url for r in MODEL.references] + [s.url for s in MODEL.publication.sources]
    for text in [m.how for m in MODEL.measures] + [m.what for m in MODEL.measures]:
        urls += re.findall(r"https://[^\s)>\]]+", text)
    for url in urls:
        assert url in SOURCES, f"{url} is in neither reference/sources.md nor reference/sources-added.md"


def test_reference_list_copy_matches_the_shared_original():
    if not SHARED_SOURCES.exists():
        pytest.skip("../shared is not beside this checkout")
    assert (ROOT / "reference" / "sources.md").read_bytes() == SHARED_SOURCES.read_bytes()


def test_measures_cite_references_with_checked_dates():
    cited = {r for m in MODEL.measures for r in m.references}
    assert len(cited) >= 10
    for reference in MODEL.references:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", reference.checked)


@pytest.mark.parametrize("service", SERVICE_IDS)
def test_yaml_html_csv_and_json_agree(site_dir, service):
    expected = [m.id for m in MODEL.measures_for(service_type=service)]
    page = html(site_dir, f"checklists/{service}/index.html")
    anchors = [a["id"] for a in page.select("article.vp-measure h4[id]")]
    assert sorted(anchors) == sorted(expected)

    rows = list(
        csv.DictReader(
            io.StringIO((site_dir / f"downloads/checklists/{service}.csv").read_text(encoding="utf-8"))
        )
    )
    assert next(iter(rows[0])) == "id"
    assert [r["id"] for r in rows] == expected
    as_json = json.loads((site_dir / f"downloads/checklists/{service}.json").read_text(encoding="utf-8"))
    assert [m["id"] for m in as_json["measures"]] == expected
    assert as_json["version"] == MODEL.version

    for row, item in zip(rows, as_json["measures"], strict=True):
        measure = MODEL.measure(row["id"])
        assert row["title"] == export.spreadsheet_safe(measure.title) == item["title"]
        # The tier for this service type, which may differ from the measure's (tier_by_service_type).
        assert row["tier"] == measure.tier_for(service) == item["tier"]
        assert row["principles"] == "; ".join(str(n) for n in measure.principles)
        assert item["principles"] == list(measure.principles)
        assert item["evidence"] == list(measure.evidence)
        assert row["permalink"].endswith(f"checklists/{service}/#{measure.id}")
        # The anchor shows the measure's title and tier.
        heading = page.select_one(f'h4[id="{measure.id}"]')
        assert measure.title in heading.get_text()
        block = heading.find_parent("article")
        assert measure.tier_for(service).capitalize() in block.select_one(".vp-tier").get_text()

    reasons = {n.principle: n.reason for n in MODEL.not_applicable if n.service_type == service}
    assert {n["principle"]: n["reason"] for n in as_json["not_applicable"]} == reasons
    for number in reasons:
        section = page.select_one(f'[id="principle-{number}"]')
        assert section is not None


def test_dataset_json_is_complete_and_valid_against_its_schema(site_dir):
    data = json.loads((site_dir / "downloads/dataset.json").read_text(encoding="utf-8"))
    schema = json.loads((site_dir / "downloads/dataset.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert data["version"] == MODEL.version
    assert [p["number"] for p in data["principles"]] == list(range(1, 12))
    assert [t["id"] for t in data["themes"]] == [t.id for t in MODEL.themes]
    assert [s["id"] for s in data["service_types"]] == SERVICE_IDS
    assert [m["id"] for m in data["measures"]] == [m.id for m in MODEL.measures]
    for item in data["measures"]:
        measure = MODEL.measure(item["id"])
        assert item["service_types"] == list(measure.service_types)
        assert item["principles"] == list(measure.principles)
    assert len(data["not_applicable"]) == len(MODEL.not_applicable)


def test_matrix_is_a_real_table_matching_the_data(site_dir):
    page = html(site_dir, "checklists/index.html")
    table = page.select_one("table.vp-matrix")
    assert table.select_one("caption").get_text(strip=True)
    headers = [th.get_text(strip=True) for th in table.select("thead th[scope=col]")]
    assert headers == ["Service type", *[f"P{n}" for n in range(1, 12)], "All"]
    rows = table.select("tbody tr")
    assert len(rows) == len(SERVICE_IDS)
    for row, service in zip(rows, MODEL.service_types, strict=True):
        assert row.select_one("th[scope=row]").get_text(strip=True) == service.name
        cells = row.select("td")
        for cell, p in zip(cells, MODEL.principles, strict=False):
            link = cell.select_one("a")
            assert link["href"] == f"{service.id}/#principle-{p.number}"
            # Those listed under the principle, and "+n" those listed under another that also serve it.
            serving = MODEL.measures_for(principle=p.number, service_type=service.id)
            main = sum(m.principles[0] == p.number for m in serving)
            also = f"+{len(serving) - main}" if len(serving) > main else ""
            assert link.get_text(strip=True) == (f"{main}{also}" if serving else "N/A")
            assert link["aria-label"]
        assert cells[-1].get_text(strip=True) == str(len(MODEL.measures_for(service_type=service.id)))
    wrapper = table.find_parent("div", class_="vp-matrix-wrap")
    assert wrapper["tabindex"] == "0"
    assert wrapper["role"] == "region"


def test_principle_pages_list_their_measures_and_service_types(site_dir):
    """A measure is in full on the page of the principle it mainly serves, linked to each checklist it is on;
    a principle it also serves links to it there."""
    for p in MODEL.principles:
        page = html(site_dir, f"principles/{p.number}/index.html")
        for m in MODEL.measures_for(principle=p.number):
            if m.principles[0] == p.number:
                article = page.select_one(f'article.vp-measure--full:has(> h3[id="{m.id}"])')
                for s in m.service_types:
                    assert article.select_one(f'a[href="../../checklists/{s}/#{m.id}"]'), (p.number, m.id, s)
            else:
                assert page.select_one(f'a[href="../{m.principles[0]}/#{m.id}"]'), (p.number, m.id)


def test_theme_pages_sum_up_their_measures(site_dir):
    for theme in MODEL.themes:
        page = html(site_dir, f"themes/{theme.id}/index.html")
        table = page.select("article table")[-1]
        for row, p in zip(table.select("tbody tr"), MODEL.principles_of(theme.id), strict=True):
            cells = [c.get_text(strip=True) for c in row.select("td")]
            measures = MODEL.measures_for(principle=p.number)
            assert cells[1] == str(len(measures))
            assert cells[2:4] == [
                str(sum(m.tier == tier for m in measures)) for tier in ("baseline", "enhanced")
            ]


@pytest.mark.parametrize("service", SERVICE_IDS)
def test_checklists_count_their_measures_by_tier(site_dir, service):
    measures = MODEL.measures_for(service_type=service)
    baseline = sum(m.tier_for(service) == "baseline" for m in measures)
    facts = " ".join(
        html(site_dir, f"checklists/{service}/index.html").select(".vp-facts")[1].get_text().split()
    )
    assert f"{len(measures)} measures: {baseline} baseline, {len(measures) - baseline} enhanced." in facts


def test_tier_counts_name_every_tier_of_the_schema():
    schema = json.loads((ROOT / "schemas" / "measures.schema.json").read_text(encoding="utf-8"))
    tier = schema["properties"]["measures"]["items"]["properties"]["tier"]
    assert tuple(tier["enum"]) == TIERS
    assert MODEL.tier_counts(principle=1, service_type="no-such-service") == {"baseline": 0, "enhanced": 0}
    counts = MODEL.tier_counts()
    assert sum(counts.values()) == len(MODEL.measures)
    assert counts["enhanced"] > 0


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    for text in ["=HYPERLINK(1)", "+1", "-x", "@SUM(1)"]:
        assert export.spreadsheet_safe(text) == "'" + text
    assert export.spreadsheet_safe("Plain") == "Plain"


def test_service_names_inside_sentences_keep_their_acronyms(site_dir):
    """Inside a sentence: "For generative AI", never "For generative ai"."""
    from vpguide.site import in_sentence

    assert in_sentence("Generative AI") == "generative AI"
    assert in_sentence("Web hosting and cloud infrastructure") == "web hosting and cloud infrastructure"
    html = (site_dir / "checklists" / "generative-ai" / "index.html").read_text(encoding="utf-8")
    assert "For generative AI" in html
    assert "For generative ai" not in html
