""" "Leave this site quickly" in a real browser: on every page a survivor or parent may reach, the first Tab
stop, in the page's flow (never over the text), usable on a phone; one click, or Escape three times on a
keyboard, replaces the page with a neutral site and keeps it out of the back history; pages without it
ignore Escape."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from browser import serve
from conftest import ROOT

# BaseLoader reads every value as text and constructs no object; mkdocs.yml's tags (!ENV, !!python/name)
# are why safe_load cannot read it.
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)  # noqa: S506
NEUTRAL = CONFIG["extra"]["quick_exit"]["url"]
PAGES = CONFIG["extra"]["quick_exit"]["pages"]


@pytest.fixture(scope="module")
def origin(site_dir: Path):
    with serve(site_dir) as url:
        yield url


@pytest.fixture
def page(browser, origin):
    context = browser.new_context()
    # The neutral site is answered locally; anything else from another host is refused.
    context.route(
        f"{NEUTRAL}**", lambda route: route.fulfill(body="<title>Neutral</title>", content_type="text/html")
    )
    context.route(
        lambda url: not url.startswith((origin, NEUTRAL, "data:", "blob:")), lambda route: route.abort()
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def test_quick_exit_is_on_the_pages_survivors_may_read(page, origin):
    survivors_and_parents = {
        "",
        "help/",
        "reporting/",
        "themes/grooming/",
        "themes/survivors/",
        "principles/3/",
        "principles/8/",
        "glossary/",
    }
    assert set(PAGES) >= survivors_and_parents
    for path in PAGES:
        page.goto(f"{origin}/{path}")
        link = page.get_by_role("link", name="Leave this site quickly")
        assert link.is_visible()
        assert link.get_attribute("href") == NEUTRAL
    page.goto(f"{origin}/principles/1/")
    assert page.get_by_role("link", name="Leave this site quickly").count() == 0


def test_one_click_leaves_and_skips_the_page_in_history(page, origin):
    page.goto(f"{origin}/")
    page.locator(".vp-announce a", has_text="Help and support").click()
    page.wait_for_url(f"{origin}/help/")
    page.get_by_role("link", name="Leave this site quickly").click()
    page.wait_for_url(NEUTRAL)
    assert page.title() == "Neutral"
    page.go_back()
    page.wait_for_url(f"{origin}/")  # the help page is no longer in the history


def test_escape_three_times_leaves(page, origin):
    page.goto(f"{origin}/")
    page.goto(f"{origin}/principles/8/")
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    page.wait_for_url(f"{origin}/")


def test_escape_does_nothing_where_there_is_no_quick_exit(page, origin):
    page.goto(f"{origin}/principles/1/")
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == f"{origin}/principles/1/"


def test_two_escapes_are_not_enough(page, origin):
    page.goto(f"{origin}/help/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == f"{origin}/help/"


@pytest.mark.parametrize("path", PAGES)
def test_it_is_the_first_tab_stop_then_a_skip_link(page, origin, path):
    page.goto(f"{origin}/{path}")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.href]")
    assert focused == ["Leave this site quickly", NEUTRAL]
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    target = page.evaluate("() => location.hash.slice(1)")
    assert target
    assert page.locator(f"[id='{target}']").evaluate("e => e.tagName") == "H1"


@pytest.mark.parametrize("width", [375, 1280])
def test_it_never_covers_text(browser, origin, width):
    """In the page's flow at the top, not fixed over the content, at phone and desktop width; scrolled
    away, it is gone from view with the rest of the top of the page."""
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(f"{origin}/help/")
    link = page.get_by_role("link", name="Leave this site quickly")
    assert link.evaluate("e => getComputedStyle(e).position") in ("static", "relative")
    box = link.bounding_box()
    content = page.locator("article h1").bounding_box()
    assert box["y"] + box["height"] <= content["y"]
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    assert link.bounding_box()["y"] + box["height"] < 0
    context.close()


def test_on_a_phone_it_says_what_works(browser, origin):
    """A phone has no Escape key: the hint there does not offer it; on a computer it does."""
    phone = browser.new_context(viewport={"width": 375, "height": 700}, has_touch=True, is_mobile=True)
    page = phone.new_page()
    page.goto(f"{origin}/help/")
    hint = page.locator(".vp-quick-exit__hint")
    assert "neutral site" in hint.inner_text()
    assert "Escape" not in hint.inner_text()
    link = page.get_by_role("link", name="Leave this site quickly")
    assert link.bounding_box()["height"] >= 24  # a target a finger can hit (WCAG 2.5.8)
    phone.close()
    desktop = browser.new_context()
    page = desktop.new_page()
    page.goto(f"{origin}/help/")
    assert "Escape three times" in page.locator(".vp-quick-exit__hint").inner_text()
    desktop.close()
