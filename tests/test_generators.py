"""Both generators build the same site from one render: MkDocs + Material (the default, deployed) and Zensical
(its successor, `make build-zensical`). The same permalink inventory (every page, anchor and download), the
same downloads byte for byte, the Content-Security-Policy first in every page of both with no violation in
Chromium, and the search working in each generator's own way. The self-assessment's journeys run on both in
tests/test_assessment.py; what differs between them is in README ("Two generators")."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browser import NOT_FOUND_PAGE, discover_pages, serve, url_path
from conftest import ROOT
from test_csp import LISTEN, POLICY_FIRST

sys.path.insert(0, str(ROOT / "tools"))
from permalinks import inventory, lost, read_inventory

from vpguide import csp

# What each generator writes beside the pages, that is no page or download of ours.
OWN = {
    "mkdocs": {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"},
    "zensical": {"search.json", "sitemap.xml"},
}


def files(site: Path) -> dict[str, bytes]:
    """The site's own files: downloads, the browser's data, stylesheets and scripts, not the theme's."""
    out = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith("assets/") and not rel.endswith(".html"):
            out[rel] = path.read_bytes()
    return out


def test_the_same_addresses(site_dir, zensical_site):
    """Every page, heading and measure anchor and download of one is in the other, and every address ever
    published is in both."""
    assert inventory(zensical_site) == inventory(site_dir)
    assert lost(read_inventory(), zensical_site) == []
    assert discover_pages(zensical_site) == discover_pages(site_dir)


def test_the_same_downloads_byte_for_byte(site_dir, zensical_site):
    mkdocs, zensical = files(site_dir), files(zensical_site)
    assert set(mkdocs) - OWN["mkdocs"] == set(zensical) - OWN["zensical"]
    differ = [
        rel
        for rel in set(mkdocs) & set(zensical)
        if rel not in OWN["mkdocs"] and mkdocs[rel] != zensical[rel]
    ]
    assert differ == []
    assert any(rel.startswith("downloads/") for rel in zensical)


def test_every_zensical_page_is_finished(zensical_site):
    """The policy, computed from Zensical's own templates, is the only one and first in <head>; nothing on
    any page is something its templates do not write."""
    allowed = csp.allowed_from_templates([ROOT / "overrides", zensical_templates()])
    for path in sorted(zensical_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert csp.check(html, allowed) == [], path.relative_to(zensical_site)
    assert csp.theme_styles(zensical_site)[0], "Zensical's search stylesheet is not allowed"


def zensical_templates() -> Path:
    from vpguide.build import theme_templates

    return theme_templates("zensical", ROOT)


@pytest.fixture(scope="module")
def zensical_origin(zensical_site):
    with serve(zensical_site) as url:
        yield url


@pytest.fixture(scope="module")
def watched(browser):
    context = browser.new_context(color_scheme="light", reduced_motion="reduce")
    context.add_init_script(LISTEN)
    page = context.new_page()
    yield page
    context.close()


def test_no_zensical_page_has_a_violation(zensical_site, zensical_origin, watched):
    for page_path in discover_pages(zensical_site):
        response = watched.goto(zensical_origin + url_path(page_path), wait_until="load")
        assert response.status == (404 if page_path == NOT_FOUND_PAGE else 200), page_path
        watched.wait_for_timeout(100)
        where = watched.evaluate(POLICY_FIRST)
        assert where["count"] == 1, (page_path, where)
        assert where["before"] == [], (page_path, where)
        assert watched.evaluate("() => window.__vpCspViolations") == [], page_path


def test_zensical_search_finds_a_measure_without_a_violation(zensical_origin, watched):
    """Zensical's search is its own (an index in search.json, a dialog in a shadow root, whose stylesheet
    the policy allows by its recorded hash): a query finds the grooming theme."""
    watched.goto(zensical_origin + "/", wait_until="load")
    watched.get_by_role("button", name="Search").first.click()
    watched.keyboard.type("grooming")
    result = watched.locator("a[href*='grooming']").first
    result.wait_for(state="attached", timeout=10_000)
    assert watched.evaluate("() => window.__vpCspViolations") == []
