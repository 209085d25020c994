"""The real site, built with `mkdocs build --strict`: what its HTML shows and that every link resolves."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, TEST_REPO_URL

from vpguide.load import load_model

# With pytest-xdist (`make test`), this module's tests run in one process: every page, parsed once.
pytestmark = pytest.mark.xdist_group("site")

MODEL = load_model(ROOT / "data")


def text(node) -> str:
    return " ".join(node.get_text().split())


def plain(markdown: str) -> str:
    """Markdown text as it reads on the page: emphasis markers and list dashes gone, spaces normalised."""
    markdown = re.sub(r"^\s*- ", "", markdown, flags=re.M)
    return " ".join(markdown.replace("*", "").split())


@pytest.fixture(scope="session")
def pages(site_dir: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of the site by its path relative to the site root."""
    return {
        p.relative_to(site_dir).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in sorted(site_dir.rglob("*.html"))
    }


def page(pages, path: str) -> BeautifulSoup:
    assert path in pages, f"{path} was not built"
    return pages[path]


def official_blocks(soup) -> list[str]:
    return [text(b) for b in soup.select("article .admonition.official")]


@pytest.mark.parametrize("number", range(1, 12))
def test_principle_page_shows_its_official_statement_and_context(pages, number):
    principle = MODEL.principle(number)
    soup = page(pages, f"principles/{number}/index.html")
    assert text(soup.select_one("article h1")).startswith(f"Principle {number}: {principle.title}")
    blocks = official_blocks(soup)
    assert blocks, "no block marked as official text"
    assert blocks[0].startswith(f"Official text: Principle {number}")
    assert plain(principle.statement) in blocks[0]
    assert plain(principle.context) in blocks[0]
    # Its theme, linked.
    theme = MODEL.theme(principle.theme)
    assert text(soup.select_one(f'article a[href="../../themes/{theme.id}/"]')) == theme.heading
    # Related principles, linked.
    for related in principle.related:
        assert soup.select_one(f'article a[href="../{related}/"]'), f"no link to related principle {related}"


@pytest.mark.parametrize("number", range(1, 12))
def test_reporting_note_appears_exactly_where_it_applies(pages, number):
    blocks = official_blocks(page(pages, f"principles/{number}/index.html"))
    has_note = any(plain(MODEL.reporting_note.text) in b for b in blocks)
    assert has_note == (number <= 5)


def test_previous_and_next(pages):
    for number in range(1, 12):
        pager = page(pages, f"principles/{number}/index.html").select_one("nav.vp-pager")
        hrefs = [a["href"] for a in pager.select("a")]
        expected = [f"../{n}/" for n in (number - 1, number + 1) if 1 <= n <= 11]
        assert hrefs == expected
        assert pager.get("aria-label")


@pytest.mark.parametrize("theme", [t.id for t in MODEL.themes])
def test_theme_page_lists_its_principles_with_statements(pages, theme):
    record = MODEL.theme(theme)
    soup = page(pages, f"themes/{theme}/index.html")
    assert text(soup.select_one("article h1")).startswith(record.heading)
    body = text(soup.select_one("article"))
    assert " ".join(record.why.split()) in body
    assert "Why it matters" in body
    blocks = official_blocks(soup)
    members = MODEL.principles_of(theme)
    assert len(blocks) == len(members) > 0
    for block, principle in zip(blocks, members, strict=True):
        assert plain(principle.statement) in block
        assert soup.select_one(f'article a[href="../../principles/{principle.number}/"]')


def test_all_principles_page_has_introduction_and_every_statement(pages):
    soup = page(pages, "principles/index.html")
    body = text(soup.select_one("article"))
    for paragraph in MODEL.introduction.paragraphs:
        assert paragraph in body
    for item in MODEL.introduction.examples:
        assert item in body
    for principle in MODEL.principles:
        assert plain(principle.statement) in body


def test_home_page_shows_themes_and_principles_as_cards(pages):
    soup = page(pages, "index.html")
    cards = soup.select("article .grid.cards > ul > li")
    assert len(cards) == len(MODEL.themes) == 7
    for card, theme in zip(cards, MODEL.themes, strict=True):
        assert card.select_one("a")["href"] == f"themes/{theme.id}/"
        linked = [a["href"] for a in card.select(":scope ul a")]
        assert linked == [f"principles/{p.number}/" for p in MODEL.principles_of(theme.id)]
    body = text(soup.select_one("article"))
    assert "Where to start" in body
    assert "company" in body
    assert "parent" in body


def test_navigation_has_a_section_per_theme_with_its_principles(pages):
    nav = page(pages, "about/index.html").select_one("nav.md-nav--primary")
    labels = [text(a) for a in nav.select("a.md-nav__link, label.md-nav__link")]
    for theme in MODEL.themes:
        assert theme.heading in labels
        for p in MODEL.principles_of(theme.id):
            assert f"{p.number}. {p.title}" in labels
    positions = [labels.index(f"{p.number}. {p.title}") for p in MODEL.principles]
    theme_order = [labels.index(t.heading) for t in MODEL.themes]
    assert theme_order == sorted(theme_order)
    assert positions == sorted(positions)


def test_every_page_links_every_page_of_the_navigation_to_its_own_address(site_dir, pages):
    """The navigation's links are rendered once per build for each address they have from a page (hook
    on_env, overrides/partials/nav-item.html), not once per page: from every page, each title in the
    navigation still leads to its own page, the current one included."""
    root = site_dir.resolve()

    def links(path: str) -> set[tuple[str, str]]:
        nav = page(pages, path).select_one("nav.md-nav--primary")
        out = set()
        for a in nav.select("a.md-nav__link[href]"):
            if not urldefrag(a["href"]).url:
                continue  # the current page's table of contents
            target, _ = _target(site_dir, path, a["href"])
            assert target.exists(), f"{path}: {a['href']} leads nowhere"
            out.add((target.relative_to(root).as_posix(), text(a)))
        return out

    home = links("index.html")
    in_nav = len(pages) - 2  # all but the 404 page and the printable guidance
    assert len(home) == len({target for target, _ in home}) == in_nav, "one title for each page"
    for path in pages:
        if path != "404.html":  # served at any depth, with addresses from the site root
            assert links(path) == home, path


def test_edit_links_send_generated_pages_to_their_yaml(pages):
    yaml_edit = f"{TEST_REPO_URL}/edit/main/data/principles.yaml"
    for path in ["principles/index.html", "principles/3/index.html", "themes/grooming/index.html"]:
        edit = page(pages, path).select_one('a[rel="edit"]')
        assert edit is not None, f"no edit link on {path}"
        assert edit["href"] == yaml_edit
    assert (
        page(pages, "about/index.html").select_one('a[rel="edit"]')["href"]
        == f"{TEST_REPO_URL}/edit/main/docs/about.md"
    )


def test_about_page(pages):
    body = text(page(pages, "about/index.html").select_one("article"))
    assert " ".join(MODEL.publication.attribution.split()) in body
    assert "not legal advice" in body
    assert "Report a problem with this site" in body
    about = page(pages, "about/index.html")
    assert about.select_one(f'article a[href="{TEST_REPO_URL}/issues"]')
    for source in MODEL.publication.sources:
        assert about.select_one(f'article a[href="{source.url}"]')


def test_404_page_exists(pages):
    soup = page(pages, "404.html")
    assert soup.select_one("article")


def test_no_request_to_google_fonts_or_other_cdns(site_dir):
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html, path
        assert "fonts.gstatic.com" not in html, path


def _target(site_dir: Path, page_path: str, href: str) -> tuple[Path, str]:
    url, fragment = urldefrag(href)
    url = urlsplit(url).path  # a query (?law=australia) is for the page's script, not another file
    base = Path(page_path).parent
    resolved = (site_dir / base / unquote(url)).resolve() if url else (site_dir / page_path).resolve()
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, unquote(fragment)


def test_every_internal_link_and_anchor_resolves(site_dir, pages):
    ids = {path: {el["id"] for el in soup.select("[id]")} for path, soup in pages.items()}
    broken = []
    checked = 0
    for path, soup in pages.items():
        if path == "404.html":
            continue  # served at any depth; its links are checked in the browser tests
        for a in soup.select("a[href]"):
            href = a["href"]
            if urlsplit(href).scheme or href.startswith("//"):
                continue
            target, fragment = _target(site_dir, path, href)
            checked += 1
            if not target.exists():
                broken.append(f"{path}: {href} (no such file)")
                continue
            rel = target.relative_to(site_dir.resolve()).as_posix()
            if fragment and rel in ids and fragment not in ids[rel]:
                broken.append(f"{path}: {href} (no anchor #{fragment})")
    assert checked > 500
    assert broken == []


def test_external_links_go_only_to_the_sources_in_the_data(pages):
    allowed = {urlsplit(s.url).hostname for s in MODEL.publication.sources}
    allowed |= {urlsplit(r.url).hostname for r in MODEL.references}
    # The law: each instrument's and provision's official address (data/obligations.yaml).
    allowed |= {urlsplit(i.url).hostname for i in MODEL.instruments}
    allowed |= {urlsplit(p.url).hostname for p in MODEL.provisions}
    allowed.add(urlsplit(MODEL.publication.promoted_by.url).hostname)
    allowed.add(urlsplit(TEST_REPO_URL).hostname)
    seen = set()
    for path, soup in pages.items():
        for a in soup.select("a[href]"):
            parts = urlsplit(a["href"])
            if parts.scheme:
                assert parts.scheme == "https", f"{path}: {a['href']}"
                seen.add(parts.hostname)
    assert seen <= allowed, seen - allowed
