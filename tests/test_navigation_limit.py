"""A navigation section longer than `extra.navigation_section_limit` (hooks/generate.py, overrides/partials/
nav-item.html): the real site with the limit set to 4, built for real, so that its sections (seven themes, the
combined checklist and twelve service types) are longer than the limit, as they would be with hundreds of
service types at the default limit of 25."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, real_project
from test_site import _target, text

from vpguide.load import load_model
from vpguide.site import NAV_SECTION_LIMIT, nav_window

MODEL = load_model(ROOT / "data")
LIMIT = 4


def project_with_limit(where: Path, value: str) -> Path:
    """The real site in `where`, with `extra: navigation_section_limit: value` (mkdocs.yml sets the default)."""
    return real_project(
        where, f"  navigation_section_limit: {NAV_SECTION_LIMIT}\n", f"  navigation_section_limit: {value}\n"
    )


@pytest.fixture(scope="module")
def limited(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("limited")
    result = build_site(project_with_limit(where / "project", str(LIMIT)), where / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return where / "site"


def nav_links(site: Path, path: str) -> list[tuple[str, str]]:
    """(page it leads to, relative to the site root; its text) for the primary navigation's links, the
    current page's table of contents left out."""
    soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.md-nav--primary")
    out = []
    for a in nav.select("a.md-nav__link[href]"):
        if not urldefrag(a["href"]).url:
            continue
        target, _ = _target(site, path, a["href"])
        assert target.exists(), f"{path}: {a['href']} leads nowhere"
        out.append((target.relative_to(site.resolve()).as_posix(), text(a)))
    return out


def checklists(links) -> list[str]:
    return [target for target, _ in links if re.fullmatch(r"checklists/[a-z-]+/index\.html", target)]


@pytest.mark.parametrize(
    ("count", "current", "limit", "expected"),
    [
        (3, 1, 25, range(3)),
        (25, 24, 25, range(25)),
        (26, 0, 25, range(25)),
        (26, 25, 25, range(1, 26)),
        (600, 300, 25, range(288, 313)),
        (13, None, 4, range(4)),
        (13, 12, 4, range(9, 13)),
        (13, 6, 4, range(4, 8)),
    ],
)
def test_window_holds_the_current_item_and_never_passes_the_ends(count, current, limit, expected):
    window = nav_window(count, current, limit)
    assert window == expected
    assert len(window) == min(count, limit)
    if current is not None:
        assert current in window


def test_the_real_sections_are_within_the_default_limit():
    """At the default limit the real site's navigation lists everything (tests/test_site.py holds that)."""
    assert len(MODEL.service_types) + 1 <= NAV_SECTION_LIMIT
    assert len(MODEL.themes) <= NAV_SECTION_LIMIT


def test_a_long_section_is_one_link_on_the_pages_outside_it(limited):
    for path in ("about/index.html", "index.html", "principles/1/index.html"):
        links = nav_links(limited, path)
        assert checklists(links) == [], path
        assert ("checklists/index.html", "Checklists") in links, path
    # Themes and principles (seven themes) is long too: from a checklist it is one link to its own page.
    links = nav_links(limited, "checklists/vpn/index.html")
    assert not [
        t for t, _ in links if t.startswith(("themes/", "principles/")) and t != "principles/index.html"
    ]
    assert ("principles/index.html", "Themes and principles") in links


@pytest.mark.parametrize("service", ["social-media", "vpn", "generative-ai"])
def test_inside_a_long_section_a_window_around_the_page_and_a_link_to_all(limited, service):
    order = ["checklists/combined/index.html"] + [
        f"checklists/{s.id}/index.html" for s in MODEL.service_types
    ]
    path = f"checklists/{service}/index.html"
    links = nav_links(limited, path)
    listed = checklists(links)
    assert path in listed
    assert len(listed) == LIMIT
    start = order.index(listed[0])
    assert listed == order[start : start + LIMIT], "a contiguous run of the section, in its order"
    assert ("checklists/index.html", f"All {len(order)} in Checklists") in links
    # The section's own page lists them all, and its navigation no link to itself as "all".
    own = nav_links(limited, "checklists/index.html")
    assert not [title for _, title in own if title.startswith("All ")]


def test_every_page_of_a_long_section_is_listed_on_its_own_page(limited):
    """What the navigation leaves out, the section's own page lists: nothing becomes unreachable."""
    index = (limited / "checklists/index.html").read_text(encoding="utf-8")
    for service in MODEL.service_types:
        assert f'href="{service.id}/"' in index, service.id
    themes = (limited / "principles/index.html").read_text(encoding="utf-8")
    for theme in MODEL.themes:
        assert f'href="../themes/{theme.id}/"' in themes, theme.id


def test_every_page_lists_at_most_the_limit_of_each_section(limited):
    """The navigation of every page stays bounded: each page lists top-level entries, at most LIMIT
    checklists, and principles only of the themes in its window."""
    for html in sorted(limited.rglob("*.html")):
        path = html.relative_to(limited).as_posix()
        if path == "404.html":  # served at any depth, with addresses from the site root
            continue
        links = nav_links(limited, path)
        assert len(checklists(links)) <= LIMIT, path
        themes = [t for t, _ in links if t.startswith("themes/")]
        assert len(themes) <= LIMIT, path


@pytest.mark.parametrize("value", ["0", "-3", "many", "true", "2.5"])
def test_a_limit_that_is_not_a_whole_number_stops_the_build(tmp_path, value):
    result = build_site(project_with_limit(tmp_path / "project", value), tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "mkdocs.yml: extra.navigation_section_limit:" in output
    assert "is not a whole number of at least 1" in output
    assert "Traceback" not in output
