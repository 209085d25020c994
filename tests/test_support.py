"""Reporting directory, help, glossary tooltips and freshness: what the data and the built pages show."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, TINY, build_site, make_project

from vpguide.freshness import stale_entries
from vpguide.load import load_model, validate

MODEL = load_model(ROOT / "data")


def html(site_dir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / path).read_text(encoding="utf-8"), "html.parser")


def test_jurisdictions_cover_the_five_governments_the_eu_and_everywhere_else():
    assert [(j.code, j.id) for j in MODEL.jurisdictions] == [
        ("US", "united-states"),
        ("GB", "united-kingdom"),
        ("CA", "canada"),
        ("AU", "australia"),
        ("NZ", "new-zealand"),
        ("EU", "european-union"),
        ("IE", "ireland"),
        ("DE", "germany"),
        ("FR", "france"),
        ("NL", "netherlands"),
        ("INT", "elsewhere"),
    ]
    assert [r.reference for r in MODEL.jurisdictions[-1].public_routes] == ["inhope"]
    for j in MODEL.jurisdictions:
        assert j.checked
        for route in (*j.provider_routes, *j.public_routes):
            assert MODEL.reference(route.reference).url.startswith("https://")


def test_country_codes_stay_text(tmp_path):
    """`NO` (Norway) is the text NO, never the boolean false."""
    model = load_model(TINY)
    assert model.jurisdictions[0].code == "NO"
    data = tmp_path / "data"
    import shutil

    shutil.copytree(TINY, data)
    jurisdictions = data / "jurisdictions.yaml"
    jurisdictions.write_text(jurisdictions.read_text().replace("code: NO", "code: Norway"))
    problems = [str(p) for p in validate(data, project_dir=tmp_path)]
    assert any("jurisdictions[0].code: 'Norway' is not valid here: ISO 3166-1 alpha-2" in p for p in problems)


def test_unknown_reference_in_a_route_is_an_error(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    jurisdictions = data / "jurisdictions.yaml"
    jurisdictions.write_text(jurisdictions.read_text().replace("reference: iwf", "reference: iwff"))
    problems = [str(p) for p in validate(data, project_dir=tmp_path)]
    assert (
        "data/jurisdictions.yaml:8:20: jurisdictions[0].provider_routes[0].reference: unknown reference 'iwff': "
        "did you mean 'iwf'?" in problems
    )


def test_reporting_page_has_a_section_per_jurisdiction_with_its_routes_and_date(site_dir):
    page = html(site_dir, "reporting/index.html")
    for j in MODEL.jurisdictions:
        section = page.select_one(f'h2[id="{j.id}"]')
        assert section is not None, j.id
        assert j.name in section.get_text()
        for route in (*j.provider_routes, *j.public_routes):
            assert page.select_one(f'article a[href="{MODEL.reference(route.reference).url}"]')
        assert page.select_one(f'time[datetime="{j.checked}"]')


@pytest.mark.parametrize("number", range(1, 12))
def test_principles_1_to_5_link_report_to_appropriate_authorities_to_the_directory(site_dir, number):
    page = html(site_dir, f"principles/{number}/index.html")
    links = [a for a in page.select('article a[href="../../reporting/"]')]
    phrase = [a for a in links if a.get_text(" ", strip=True) == "report to appropriate authorities"]
    if number <= 5:
        assert len(phrase) == 1, "the official phrase links to the reporting directory"
        assert phrase[0].find_parent(class_="official")
    else:
        assert links == []


def test_help_is_one_step_away_on_every_page(site_dir):
    for path in site_dir.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        help_link = soup.select_one(".md-banner .vp-announce a")
        assert help_link is not None, path
        assert help_link.get_text(strip=True) == "Help and support"


def test_help_page_links_to_the_support_services(site_dir):
    page = html(site_dir, "help/index.html")
    for reference in ["take-it-down", "report-remove", "stopncii", "stop-it-now-us", "stop-it-now-uk"]:
        assert page.select_one(f'article a[href="{MODEL.reference(reference).url}"]'), reference


def test_glossary_terms_are_tooltips_and_listed(site_dir):
    glossary = html(site_dir, "glossary/index.html")
    for term in MODEL.glossary:
        assert glossary.select_one(f'h2[id="{term.id}"]'), term.id
    # A term in a generated page and in a hand-written page gets an accessible tooltip (abbr with title).
    ncmec = next(t for t in MODEL.glossary if t.term == "NCMEC")
    abbr = next(
        a for a in html(site_dir, "principles/1/index.html").select("article abbr") if a.get_text() == "NCMEC"
    )
    assert abbr["title"] == f"{ncmec.expansion}: {ncmec.definition}"
    assert html(site_dir, "help/index.html").select("article abbr")


def test_stale_entries_with_a_fixed_clock():
    import datetime

    assert stale_entries(MODEL, datetime.date(2026, 12, 1)) == []
    later = stale_entries(MODEL, datetime.date(2028, 1, 1))
    law = len(MODEL.instruments) + len(MODEL.provisions)
    assert len(later) == len(MODEL.references) + len(MODEL.jurisdictions) + law
    assert "data/references.yaml: reference 'weprotect'" in str(later[0])
    assert any(str(s).startswith("data/obligations.yaml: provision 'uk-osa-s66'") for s in later)


def test_validate_strict_fails_on_stale_entries_and_plain_validate_only_notes_them():
    strict = subprocess.run(
        [sys.executable, "-m", "vpguide", "validate", "--strict", "--today", "2028-01-01"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert strict.returncode == 1
    assert (
        "error: data/jurisdictions.yaml: jurisdiction 'united-states' (United States) was last checked"
        in strict.stderr
    )
    plain = subprocess.run(
        [sys.executable, "-m", "vpguide", "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "VPGUIDE_TODAY": "2028-01-01"},
    )
    assert plain.returncode == 0
    assert "notice: data/references.yaml: reference 'iwf'" in plain.stderr


def test_build_prints_a_freshness_notice_without_failing(tmp_path):
    project = make_project(tmp_path / "project")
    result = build_site(project / "mkdocs.yml", tmp_path / "site", env={"VPGUIDE_TODAY": "2028-01-01"})
    assert result.returncode == 0, result.stderr
    assert "Freshness notice: data/references.yaml: reference 'iwf'" in result.stderr
