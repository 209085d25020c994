"""Landing on a measure from any link, and seeing where you stand, in a real browser: a link to a measure
outside the combined checklist's choice shows it, says so and can add its service types; an anchor in the
wrong case lands; each measure's long parts load near the screen and before printing, and are one link away
without JavaScript; the status beside each title, the filters by status, tier and the law, and the fold,
which leaves a handful of Tab stops per measure. The counts of the checklists' matrix add up."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import AXE_OPTIONS, format_violations, serve
from bs4 import BeautifulSoup
from conftest import ROOT
from test_browser import LAID_OUT, visits

from vpguide.load import load_model

MODEL = load_model(ROOT / "data")
CHECKLIST = "social-media"


def _outside(chosen: str):
    """A measure that does not apply to service type `chosen`."""
    return next(m for m in MODEL.measures if chosen not in m.service_types)


@pytest.fixture(scope="module")
def origin(site_dir):
    with serve(site_dir) as served:
        yield served


@pytest.fixture
def visit(browser, origin):
    def check(v):
        problems = v.watch.problems()
        assert not problems, "\n".join(problems)

    yield from visits(browser, origin, check=check)


def test_a_link_outside_the_chosen_services_shows_the_measure_and_adds_them(visit):
    measure = _outside("vpn")
    v = visit()
    v.open(f"/checklists/combined/?services=vpn#{measure.id}")
    page = v.page
    article = page.locator(f'article[data-measure-id="{measure.id}"]')
    line = article.locator(".vp-outside")
    line.wait_for()
    assert article.is_visible()
    names = [MODEL.service_type(s).name for s in measure.service_types]
    assert all(name in line.inner_text() for name in names)
    box = page.locator(f"#{measure.id}").bounding_box()
    header = page.locator("header.md-header").bounding_box()
    assert header["height"] <= box["y"] < page.viewport_size["height"], "the measure linked to is not in view"
    # Not part of the choice: the summary counts the measures of the chosen service types only.
    shown = len([m for m in MODEL.measures if "vpn" in m.service_types])
    assert page.locator(".vp-services-summary").inner_text().startswith(f"Showing {shown} measures")
    line.get_by_role("button").click()
    page.wait_for_function("() => !document.querySelector('.vp-outside')")
    query = re.search(r"services=([^&#]*)", page.url).group(1).split(",")
    assert set(query) == {"vpn", *measure.service_types}
    assert page.evaluate("document.activeElement.id") == measure.id


def test_an_anchor_in_another_case_lands_on_its_measure(visit):
    v = visit()
    v.open(f"/checklists/{CHECKLIST}/#p1-05")
    page = v.page
    page.wait_for_function("() => location.hash === '#P1-05'")
    box = page.locator("#P1-05").bounding_box()
    header = page.locator("header.md-header").bounding_box()
    assert header["height"] <= box["y"] < 200, box  # below the theme's header, not under it
    assert page.evaluate("document.querySelector(':target').id") == "P1-05"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        # From the search, with the words searched for marked by the theme.
        ("/checklists/combined/?h=grooming#P3-02", "P3-02"),
        ("/checklists/social-media/?h=grooming#P3-02", "P3-02"),
        ("/print/#print-P3-02", "print-P3-02"),
    ],
)
def test_a_link_stays_on_its_place_while_the_page_settles(visit, path, target):
    """Long parts load, controls are built and the theme marks words above the place: it stays in view."""
    v = visit()
    v.open(path)
    page = v.page
    page.wait_for_function("() => document.querySelector('.vp-details__body')")
    if "checklists" in path:
        page.wait_for_function(LAID_OUT)
    page.wait_for_timeout(300)  # what was loaded is laid out
    box = page.locator(f"#{target}").bounding_box()
    header = page.locator("header.md-header").bounding_box()
    assert header["height"] <= box["y"] < 200, box


def test_a_checklist_loads_each_measure_s_long_parts_near_the_screen_and_before_printing(visit):
    v = visit()
    v.open(f"/checklists/{CHECKLIST}/")
    page = v.page
    holders = page.locator(".vp-details[data-vp-details-src]")
    total = holders.count()
    assert total == len(MODEL.measures_for(service_type=CHECKLIST))
    first = page.locator("article.vp-measure[data-measure-id]").first
    first.scroll_into_view_if_needed()
    first.locator(".vp-details__body").wait_for()
    assert page.locator(".vp-details__body").count() < total  # only those near the screen
    page.emulate_media(media="print")
    page.pdf()
    assert page.locator(".vp-details__pending").count() == 0
    assert page.locator(".vp-details__body").count() == total
    # The note for this service type is in the page, once; the loaded parts hold no other note.
    assert page.locator(".vp-details__body [data-vp-service-note]").count() == 0


def test_the_printable_guidance_loads_every_long_part_before_printing(visit):
    v = visit()
    v.open("/print/")
    page = v.page
    page.emulate_media(media="print")
    page.pdf()
    assert page.locator(".vp-details__pending").count() == 0
    assert page.locator(".vp-details__body").count() == len(MODEL.measures)


def test_without_javascript_the_long_parts_are_one_link_away(browser, origin):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(origin + f"/checklists/{CHECKLIST}/#P1-05")
        link = page.locator('article[data-measure-id="P1-05"] .vp-details__pending a')
        link.click()
        page.wait_for_url("**/principles/1/#P1-05")
        article = page.locator("article.vp-measure--full", has=page.locator("#P1-05"))
        text = article.inner_text()
        measure = MODEL.measure("P1-05")
        assert "How." in text
        assert measure.evidence[0].replace("*", "")[:40] in " ".join(text.split())
    finally:
        context.close()


def _set_status(page, measure_id: str, status: str) -> None:
    article = page.locator(f'article[data-measure-id="{measure_id}"]')
    article.scroll_into_view_if_needed()
    article.locator(f'input[type=radio][value="{status}"]').check()
    page.wait_for_function(
        "([id, s]) => document.querySelector(`article[data-measure-id='${id}']`).dataset.vpStatus === s",
        arg=[measure_id, status],
    )


def test_status_beside_each_title_and_filters_by_status_tier_and_law(visit):
    v = visit()
    v.open(f"/checklists/{CHECKLIST}/")
    page = v.page
    page.wait_for_function(LAID_OUT)
    measures = MODEL.measures_for(service_type=CHECKLIST)
    badges = page.locator("article.vp-measure h4 .vp-status-badge")
    assert badges.count() == len(measures)
    assert set(badges.all_inner_texts()) == {"Not started"}
    done = measures[0].id
    _set_status(page, done, "done")
    assert page.locator(f"#{done} .vp-status-badge").inner_text() == "Done"

    shown = "article.vp-measure[data-measure-id]:not(.vp-filtered)"
    page.select_option("#vp-filter-status", "done")
    assert page.locator(shown).evaluate_all("a => a.map(x => x.dataset.measureId)") == [done]
    summary = page.locator(".vp-view__summary")
    assert summary.inner_text() == f"Showing 1 of {len(measures)} measures: done."
    page.select_option("#vp-filter-status", "")
    assert summary.inner_text() == ""

    page.select_option("#vp-filter-tier", "enhanced")
    enhanced = [m.id for m in measures if m.tier_for(CHECKLIST) == "enhanced"]
    assert page.locator(shown).evaluate_all("a => a.map(x => x.dataset.measureId)") == enhanced
    page.select_option("#vp-filter-tier", "")

    page.select_option("#vp-filter-law", "required")
    required = [
        m.id
        for m in measures
        if any(p.force == "required" for p, _ in MODEL.law_for(m.id, CHECKLIST, binding=True))
    ]
    assert required
    assert page.locator(shown).evaluate_all("a => a.map(x => x.dataset.measureId)") == required
    # Where jurisdictions are chosen, theirs.
    page.locator("form.vp-law-form input[value=united-kingdom]").check()
    in_uk = [m for m, force in MODEL.law_in("united-kingdom", CHECKLIST).items() if force == "required"]
    page.wait_for_function(
        "n => document.querySelectorAll('article.vp-measure[data-measure-id]:not(.vp-filtered)').length === n",
        arg=len(in_uk),
    )
    assert sorted(page.locator(shown).evaluate_all("a => a.map(x => x.dataset.measureId)")) == sorted(in_uk)
    page.select_option("#vp-filter-law", "")
    axe = Axe()
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, format_violations(violations)


def test_folded_a_measure_is_a_handful_of_tab_stops(visit):
    v = visit()
    v.open(f"/checklists/{CHECKLIST}/")
    page = v.page
    page.wait_for_function(LAID_OUT)
    page.check("#vp-fold")
    assert not page.locator(".vp-details").first.is_visible()
    stops = page.evaluate(
        """() => {
        const counts = [];
        for (const article of document.querySelectorAll('article.vp-measure[data-measure-id]')) {
          const focusable = [...article.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
            .filter((el) => el.tabIndex >= 0 && el.getClientRects().length
              && !(el.type === 'radio' && !el.checked && el.name
                   && article.querySelector(`input[name="${el.name}"]:checked`)));
          counts.push(focusable.length);
        }
        return counts;
      }"""
    )
    stops.sort()
    median = stops[len(stops) // 2]
    assert median <= 12, stops
    # Kept for the next visit, in this browser only.
    v.open(f"/checklists/{CHECKLIST}/")
    assert v.page.locator("#vp-fold").is_checked()
    assert not v.page.locator(".vp-details").first.is_visible()


def test_the_matrix_adds_up(site_dir):
    html = BeautifulSoup((site_dir / "checklists" / "index.html").read_text("utf-8"), "html.parser")
    rows = html.select("table.vp-matrix tbody tr")
    assert len(rows) == len(MODEL.service_types)
    for row, service in zip(rows, MODEL.service_types, strict=True):
        cells = row.select("td")
        total = int(cells[-1].get_text())
        main = 0
        for cell, p in zip(cells[:-1], MODEL.principles, strict=True):
            serving = MODEL.measures_for(principle=p.number, service_type=service.id)
            mains = [m for m in serving if m.principles[0] == p.number]
            if not serving:
                assert cell.get_text() == "N/A"
                continue
            text = cell.get_text().split()
            assert int(text[0]) == len(mains)
            also = len(serving) - len(mains)
            assert text[1:] == ([f"+{also}"] if also else []), (service.id, p.number)
            main += len(mains)
        assert main == total == len(MODEL.measures_for(service_type=service.id)), service.id
