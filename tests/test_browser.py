"""The built site in a real browser: every page in both colour schemes is accessible (axe-core, WCAG 2.2
AA and best practices), loads nothing from another host and logs no error; the 404 page helps the visitor
back from any depth; the colour scheme toggle works from the keyboard; the home page fits a phone's
screen; the search dialog, open with results, is accessible too.

Uses the system's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) through Playwright; no download.
A failure names the page and scheme, and lists each axe violation with its elements.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import (
    AXE_OPTIONS,
    MISSING_PATH,
    NOT_FOUND_PAGE,
    POLICY_FIRST,
    SCHEMES,
    Watch,
    discover_pages,
    format_violations,
    pages_for_collection,
    serve,
    url_path,
)


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", pages_for_collection())
    if "scheme" in metafunc.fixturenames:
        metafunc.parametrize("scheme", list(SCHEMES))


@pytest.fixture(scope="session")
def origin(site_dir: Path):
    """The built site on a local server that answers missing paths with 404.html and status 404."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def axe():
    return Axe()


# The body carries the scheme Material picked from the system preference (and is not switching), and the
# search box says it is ready: the text Material shows once its worker has loaded the index.
SETTLED = """scheme => {
    const body = document.body;
    if (body.getAttribute('data-md-color-scheme') !== scheme || body.hasAttribute('data-md-color-switching'))
        return false;
    const meta = document.querySelector('.md-search-result__meta');
    if (!meta) return true;
    const ready = JSON.parse(document.getElementById('__config').textContent)
        .translations['search.result.placeholder'];
    return meta.textContent.trim() === ready;
}"""


# On a checklist, every measure laid out: the page lets the browser skip the measures off screen while it
# opens, then has it lay them out while idle (docs/stylesheets/checklists.css), and axe-core reads stale
# positions in skipped ones.
LAID_OUT = "() => !document.querySelector('article.vp-measure[data-measure-id]:not([data-vp-laid-out])')"


def _light_search_index(route) -> None:
    """Material's search index with its configuration and no entry: the search starts at once."""
    response = route.fetch()
    data = response.json()
    data["docs"] = []
    route.fulfill(response=response, body=json.dumps(data))


class Visit:
    """A fresh browser context and page for one test, watched for foreign requests, errors and what the
    policy blocked. Unless the test searches (`search`), the search index has no entry: Material's worker
    would index every entry again on every page opened, and only the search tests look at what it finds."""

    def __init__(self, browser, origin: str, scheme: str, *, search: bool = False, **context_options):
        self.origin = origin
        self.scheme = scheme
        self.context = browser.new_context(color_scheme=scheme, reduced_motion="reduce", **context_options)
        if not search:
            self.context.route("**/search/search_index.json", _light_search_index)
        self.page = self.context.new_page()
        self.watch = Watch(origin)
        self.watch.attach(self.context, self.page)

    def open(self, path: str):
        """Go to `path` and wait until the page has settled: loaded, in the expected colour scheme, and
        with Material's search ready (its worker has fetched the index), so every request it makes
        on its own has been made. Quicker than waiting for the network to be idle for 500 ms."""
        response = self.page.goto(self.origin + path, wait_until="load")
        assert response is not None, f"no response for {path}"
        self.page.wait_for_function(SETTLED, arg=SCHEMES[self.scheme], timeout=10_000)
        return response

    def switch(self, scheme: str) -> None:
        """Change the emulated system preference and wait until Material has followed it."""
        self.scheme = scheme
        self.page.emulate_media(color_scheme=scheme)
        self.page.wait_for_function(SETTLED, arg=SCHEMES[scheme], timeout=10_000)

    def close(self):
        self.context.close()


def visits(browser, origin: str, check=None):
    """The body of a `visit` fixture: yields a maker of Visits; on leaving, `check(visit)` (if given) runs on
    each before it is closed, and every one is closed."""
    made: list[Visit] = []

    def make(scheme: str = "light", **context_options) -> Visit:
        v = Visit(browser, origin, scheme, **context_options)  # search=True for a test that searches
        made.append(v)
        return v

    yield make
    for v in made:
        try:
            if check is not None:
                check(v)
        finally:
            v.close()


@pytest.fixture
def visit(browser, origin):
    yield from visits(browser, origin)


def assert_accessible(axe, page, where: str, context=None) -> None:
    results = axe.run(page, context=context, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{where}: {format_violations(violations)}"


def tab_to(page, selector: str, presses: int, what: str) -> None:
    """Press Tab until the focused element matches `selector`, at most `presses` times."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{what} is not reachable with Tab")


def test_every_page_is_checked(site_dir):
    """The pages parametrized at collection are exactly the pages of the site under test."""
    assert list(pages_for_collection()) == discover_pages(site_dir)


# Pages made from one template with one stylesheet: the dark colour scheme is checked on one of each (the
# largest), the light one on every page. Every other page is a kind of its own.
DARK_FOR_ITS_KIND = {
    "checklist": "checklists/social-media/index.html",
    "principles": "principles/1/index.html",
    "themes": "themes/prevent-csam/index.html",
    "law": "law/united-kingdom/index.html",
}


# The self-assessment's controls are the same for every measure: on a checklist they are checked on the first
# measure of each principle (axe takes seconds more on the longest pages for the others), and in use, every
# state of them, by tests/test_assessment.py.
ONE_SET_OF_CONTROLS = {
    "exclude": [
        ["article.vp-measure[data-measure-id] ~ article.vp-measure[data-measure-id] fieldset.vp-assess"]
    ]
}


def kind(page_path: str) -> str:
    parts = page_path.split("/")
    if len(parts) == 3 and parts[0] == "checklists" and parts[1] not in ("combined", "report"):
        return "checklist"
    if len(parts) == 3 and parts[0] in DARK_FOR_ITS_KIND:
        return parts[0]
    return page_path


def test_dark_is_checked_on_a_page_of_each_kind():
    pages = pages_for_collection()
    for page_kind, page in DARK_FOR_ITS_KIND.items():
        assert page in pages, page
        assert kind(page) == page_kind


def test_the_watch_reports_what_the_policy_blocks(site_dir, browser, tmp_path):
    """Every watched visit fails on a violation: a page with one inline script the policy does not allow."""
    page = tmp_path / "about" / "index.html"
    page.parent.mkdir()
    html = (site_dir / "about" / "index.html").read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", "<script>document.title = 'ran'</script></body>"), "utf-8")
    with serve(tmp_path) as origin:
        v = Visit(browser, origin, "light")
        try:
            v.page.goto(origin + "/about/", wait_until="load")
            v.page.wait_for_function("() => document.readyState === 'complete'")
            v.page.wait_for_timeout(100)  # the event is dispatched in a task of its own
            assert v.page.title() != "ran"
            blocked = [p for p in v.watch.problems() if p.startswith("Content-Security-Policy violation")]
            assert blocked, v.watch.problems()
            assert "script-src" in blocked[0]
        finally:
            v.close()


def test_page(page_path, visit, axe):
    """Each page, in the light colour scheme, then in the dark one if it is its kind's (the system
    preference, which Material follows): its policy the one first child of <head>, no axe violation,
    nothing blocked by the policy, nothing from another host, no console or page error. The page is loaded
    once; the emulated preference then changes, as when a visitor's system switches to dark."""
    v = visit("light")
    path = url_path(page_path)
    response = v.open(path)
    expected_status = 404 if page_path == NOT_FOUND_PAGE else 200
    assert response.status == expected_status, f"{page_path}: HTTP {response.status}"
    v.page.wait_for_function(LAID_OUT)
    reports = []
    where = v.page.evaluate(POLICY_FIRST)
    if where["count"] != 1 or where["before"] or "unsafe" in where["policy"]:
        reports.append(f"{page_path}: the policy is not the one first child of <head>: {where}")
    dark = DARK_FOR_ITS_KIND.get(kind(page_path), page_path) == page_path
    for scheme in SCHEMES if dark else ["light"]:
        v.switch(scheme)
        violations = axe.run(v.page, context=ONE_SET_OF_CONTROLS, options=AXE_OPTIONS).response["violations"]
        if violations:
            reports.append(f"{page_path} ({scheme}): {format_violations(violations)}")
    problems = v.watch.problems(not_found_url=v.origin + path if expected_status == 404 else None)
    if problems:
        reports.append(f"{page_path}:\n" + "\n".join(problems))
    assert not reports, "\n".join(reports)


def test_missing_url_is_404_with_the_404_page(origin):
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(origin + MISSING_PATH, timeout=10)
    assert caught.value.code == 404
    assert "Page not found" in caught.value.read().decode("utf-8")


def test_404_page_links_back_from_any_depth(site_dir, visit):
    """From a deep missing URL, the 404 page links to the home page, all principles and every theme."""
    v = visit()
    response = v.open(MISSING_PATH)
    assert response.status == 404
    page = v.page
    article = page.locator("article")
    assert article.get_by_role("heading", level=1).inner_text().strip() == "Page not found"
    links = article.locator("a[href]").evaluate_all(
        "links => links.map(a => ({text: a.textContent.trim(), href: a.href}))"
    )
    hrefs = {urlsplit(link["href"]).path for link in links}
    themes = sorted(p.parent.name for p in (site_dir / "themes").glob("*/index.html"))
    assert themes, "no theme pages in the built site"
    expected = {"/", "/principles/"} | {f"/themes/{t}/" for t in themes}
    assert expected <= hrefs, f"missing links: {sorted(expected - hrefs)}; links: {links}"
    assert any(link["text"] == "All principles" for link in links), links
    assert "search" in article.inner_text().lower()
    # Every link in the content leads to a real page (status 200), not back to the 404 page.
    for link in links:
        target = urljoin(v.origin + MISSING_PATH, link["href"])
        if not target.startswith(v.origin):
            continue
        with urllib.request.urlopen(target, timeout=10) as answer:
            assert answer.status == 200, f"{link} -> {answer.status}"
    # Following "All principles" in the browser works too.
    article.get_by_role("link", name="All principles").click()
    page.wait_for_url(v.origin + "/principles/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert not v.watch.problems(not_found_url=v.origin + MISSING_PATH)


def test_palette_toggle_is_keyboard_usable(visit):
    """The colour scheme toggle in the header is reached with Tab, named for what it does, shows the
    focus, and cycles with Enter through light, dark and the system preference, keeping the focus."""
    v = visit("light")
    v.open("/")
    page = v.page
    palette = "[data-md-component=palette]"
    tab_to(page, f"{palette}, {palette} *", 40, "the colour scheme toggle")

    def state() -> tuple[str, str, str]:
        """The focused control's name, and the palette's media query and scheme."""
        return tuple(
            page.evaluate(
                """() => [document.activeElement.getAttribute('aria-label'),
                          document.body.getAttribute('data-md-color-media'),
                          document.body.getAttribute('data-md-color-scheme')]"""
            )
        )

    def focus_shown() -> bool:
        # The control itself is invisible; the icon button shown is its label, which shows the focus.
        label = page.locator("[data-md-component=palette] :focus + label")
        return label.is_visible() and label.evaluate("e => getComputedStyle(e).outlineStyle") != "none"

    # The system preference (light here) is followed until the visitor picks a scheme.
    cycle = [
        ("Switch to light mode", "(prefers-color-scheme)", "default"),
        ("Switch to dark mode", "(prefers-color-scheme: light)", "default"),
        ("Switch to system preference", "(prefers-color-scheme: dark)", "slate"),
        ("Switch to light mode", "(prefers-color-scheme)", "default"),
    ]
    assert state() == cycle[0]
    assert focus_shown()
    for expected in cycle[1:]:
        page.keyboard.press("Enter")
        page.wait_for_function(
            "media => document.body.getAttribute('data-md-color-media') === media", arg=expected[1]
        )
        assert state() == expected
        assert focus_shown()
    assert not v.watch.problems()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/principles/1/",
        "/checklists/messaging/",
        "/checklists/combined/",
        "/checklists/social-media/?law=united-kingdom,european-union",
        "/law/united-kingdom/",
    ],
)
def test_pages_on_a_phone(path, scheme, visit, axe):
    """375x667: no horizontal scrolling and no axe violation. On a phone the table of contents sits inside
    the main navigation, so landmarks can clash there that never meet on a wide screen."""
    v = visit(scheme, viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    v.open(path)
    v.page.wait_for_function(LAID_OUT)
    sizes = v.page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert sizes["scroll"] <= sizes["inner"], f"horizontal scroll on a phone: {sizes}"
    assert_accessible(axe, v.page, f"{path} on a phone ({scheme})", ONE_SET_OF_CONTROLS)
    assert not v.watch.problems()


def test_glossary_terms_show_their_definition_on_a_tap_and_with_the_keyboard(scheme, visit, axe):
    """Where a glossary term first appears, a tap on a phone writes its definition after it, in brackets,
    until focus moves on (Material's tooltips are off: bench/README.md); Tab reaches it and does the
    same. axe-core finds nothing with a definition shown."""
    v = visit(scheme, viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    v.open("/checklists/messaging/")
    page = v.page
    page.wait_for_function(LAID_OUT)
    terms = page.locator("article abbr[tabindex='0']")
    assert terms.count() >= 5
    term = terms.first
    width = "e => e.getBoundingClientRect().width"
    shown = "e => getComputedStyle(e, '::after').content"
    border = "e => getComputedStyle(e).borderBottomStyle"
    plain = term.evaluate(width)
    term.scroll_into_view_if_needed()
    term.tap()
    assert page.evaluate("() => document.activeElement.matches('abbr[title]')")
    assert term.evaluate(width) > plain + 100  # the definition, a sentence, follows the term
    assert term.evaluate(shown) == f'" ({term.get_attribute("title")})"'
    assert term.evaluate(border) == "none"  # Material's dotted underline would run under the definition
    assert_accessible(axe, page, f"a glossary term's definition shown ({scheme})")
    page.locator("article h1").tap()
    assert term.evaluate(width) == plain
    assert term.evaluate(border) == "dotted"
    # With the keyboard: Tab from the heading reaches the first term after it.
    page.locator("article h1").evaluate("e => { e.tabIndex = -1; e.focus(); }")
    tab_to(page, "article abbr[tabindex]", 60, "a glossary term")
    reached = page.evaluate_handle("() => document.activeElement")
    assert reached.evaluate(shown) == f'" ({reached.evaluate("e => e.title")})"'
    page.keyboard.press("Tab")
    assert page.evaluate("e => document.activeElement !== e", reached)
    assert reached.evaluate(shown) == "none"
    assert not v.watch.problems()


def test_search_dialog(scheme, visit, axe):
    """The search dialog, open with results for a query: named, accessible, and served locally."""
    v = visit(scheme, search=True)
    v.open("/")
    page = v.page
    page.keyboard.press("/")
    query = page.get_by_role("textbox", name="Search")
    expect_focused = "() => document.activeElement && document.activeElement.matches('.md-search__input')"
    page.wait_for_function(expect_focused)
    query.press_sequentially("grooming")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    assert page.get_by_role("dialog", name="Search").is_visible()
    assert_accessible(axe, page, f"search dialog with results ({scheme})")
    # A result opens its page with the query's words highlighted (search.highlight).
    # The first result whose page has the query's words (a page matched by its sections alone has none).
    page.locator('.md-search-result__item a[href*="h=grooming"]').first.click()
    page.wait_for_url("**/*?h=grooming*")
    page.locator(".md-content mark").first.wait_for(state="visible")
    page.wait_for_function(LAID_OUT)  # settled: axe measures targets where they stay
    assert_accessible(axe, page, f"{page.url} with highlighted matches ({scheme})")
    assert not v.watch.problems()
