""" "Leave this site quickly" in a real browser: one click, or Escape three times, replaces the page with a
neutral site and keeps the page out of the back history; pages without it ignore Escape."""

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
    assert set(PAGES) >= {"help/", "reporting/", "themes/survivors/", "principles/8/"}
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
