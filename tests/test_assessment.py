"""The self-assessment on the checklists, in a real browser (docs/javascripts/assessment.js).

Marking statuses and notes; what survives a reload and going to other pages, with full page loads (as the site
is configured) and with Material's instant navigation (which the script also supports); progress per principle
and overall; export (JSON, CSV: the files' contents, exactly), import (a valid file, a malformed one, a
foreign one), clear; the combined checklist from its address; axe-core with the widgets in use, in both
colour schemes; print; and the checklists without JavaScript. Long pages build a measure's controls when it
comes near the screen (and the others while the browser is idle) and the combined checklist loads each
measure's full text the same way: tested with idle work switched off, after scrolling, after following a
link to a measure, before exporting and before printing. Every test also checks that nothing was
requested from another host, that nothing was logged as an error and that no cookie was set.

The site with instant navigation is built once more, for the address of its local server (conftest.py,
`instant_origin`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import AXE_OPTIONS, SCHEMES, format_violations, serve
from conftest import ROOT
from test_browser import Visit, visits

from vpguide import export
from vpguide.load import load_model

MODEL = load_model(ROOT / "data")
KEY = "vp-self-assessment"
CHECKLIST = "/checklists/messaging/"
OTHER = "social-media"  # shares measures with messaging
COMBINED = "/checklists/combined/"


def measures_on_page(service_types: list[str]) -> list:
    """The measures a checklist (or the combined checklist for these service types) shows, in page order:
    by theme, then principle, each under the principle it mainly serves."""
    return [
        m
        for theme in MODEL.themes
        for p in MODEL.principles_of(theme.id)
        for m in MODEL.measures_for(principle=p.number)
        if m.principles[0] == p.number and set(m.service_types) & set(service_types)
    ]


def progress(statuses: dict[str, str], measures: list) -> str:
    counts = {s: 0 for s in ("done", "in-progress", "not-applicable")}
    for m in measures:
        status = statuses.get(m.id, "not-started")
        if status in counts:
            counts[status] += 1
    return (
        f"{counts['done']} of {len(measures)} done, {counts['in-progress']} in progress, "
        f"{counts['not-applicable']} not applicable"
    )


@pytest.fixture(scope="module")
def origins(site_dir, zensical_site):
    """The real site, as configured (every page loads in full), built by each generator."""
    with serve(site_dir) as mkdocs, serve(zensical_site) as zensical:
        yield {"mkdocs": mkdocs, "zensical": zensical}


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def origin(request, origins):
    """Each generator's site in turn: the journeys hold on both."""
    return origins[request.param]


def nothing_leaked(v: Visit) -> None:
    problems = v.watch.problems()
    assert not problems, "\n".join(problems)
    assert v.context.cookies() == []


@pytest.fixture
def visit(browser, origin):
    """A fresh, watched browser context; on leaving, nothing came from another host, nothing was logged as
    an error, and no cookie was set."""
    yield from visits(browser, origin, check=nothing_leaked)


def group(page, measure_id: str):
    return page.get_by_role("group", name=f"Your assessment of {measure_id}")


def mark(page, measure_id: str, status_label: str, note: str | None = None) -> None:
    group(page, measure_id).get_by_role("radio", name=status_label, exact=True).check()
    if note is not None:
        page.get_by_label(f"Note on {measure_id}", exact=True).fill(note)


def checked_status(page, measure_id: str) -> str:
    return page.locator(f'input[name="vp-status-{measure_id}"]:checked').get_attribute("value")


def stored(page) -> dict | None:
    text = page.evaluate("key => localStorage.getItem(key)", KEY)
    return None if text is None else json.loads(text)


def wait_for_widgets(page, scope: str) -> None:
    page.locator(f'.vp-assessment[data-vp-scope="{scope}"] .vp-toolbar').wait_for()


# Every measure on the page has its controls and has been laid out (the script does it while the browser
# is idle, a few measures at a time).
ALL_CONTROLS = """() => {
    const measures = document.querySelectorAll('article.vp-measure[data-measure-id]');
    return measures.length > 0
        && document.querySelectorAll('article.vp-measure fieldset.vp-assess').length === measures.length
        && document.querySelectorAll('article.vp-measure:not([data-vp-laid-out])').length === 0;
}"""


def wait_for_all_controls(page) -> None:
    page.wait_for_function(ALL_CONTROLS)


def import_json(page, path: Path, content: str, *, through_button: bool = False) -> None:
    """Write `content` to `path` and import it, through the visible button or the file input; returns once
    the toolbar's message names the file."""
    path.write_text(content, encoding="utf-8")
    if through_button:
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Import JSON…").click()
        chooser.value.set_files(path)
    else:
        page.locator(".vp-toolbar input[type=file]").set_input_files(path)
    page.wait_for_function(
        "name => document.querySelector('.vp-toolbar__message').textContent.includes(name)", arg=path.name
    )


def message(page) -> str:
    return page.locator(".vp-toolbar__message").inner_text()


@pytest.mark.parametrize("navigation", ["full", "full-zensical", "instant"])
def test_mark_reload_navigate_and_the_same_measure_elsewhere(navigation, request, browser, origins):
    """The same steps with full page loads (the site as configured, built by each generator) and with
    instant navigation, where Material swaps the page's content in without a reload and the script starts
    again through document$."""
    instant = navigation == "instant"
    if instant:
        url = request.getfixturevalue("instant_origin")
    else:
        url = origins["zensical" if navigation == "full-zensical" else "mkdocs"]
    with contextlib.contextmanager(visits)(browser, url, check=nothing_leaked) as make:
        journey(make(), instant)


def journey(v, instant: bool) -> None:
    """Mark, reload, go to another checklist that shares measures, come back."""
    v.open(CHECKLIST)
    page = v.page
    wait_for_widgets(page, "messaging")
    on_page = measures_on_page(["messaging"])
    ids = [m.id for m in on_page]
    wait_for_all_controls(page)
    assert page.locator("article.vp-measure fieldset.vp-assess").count() == len(ids)
    assert page.get_by_text("Saved only in this browser").is_visible()
    # Every measure starts as not started, with no note.
    assert page.locator('input[type=radio][value="not-started"]:checked').count() == len(ids)

    marks = {"P1-01": "done", "P1-02": "in-progress", "P1-03": "not-applicable", "P2-01": "done"}
    labels = {"done": "Done", "in-progress": "In progress", "not-applicable": "Not applicable"}
    for measure_id, status in marks.items():
        mark(page, measure_id, labels[status])
    mark(page, "P1-02", "In progress", "Waiting for legal review, see ticket #42")
    # From the keyboard: the arrow keys move between a measure's statuses, Tab goes on to its note.
    by_keyboard = next(m.id for m in on_page if m.id not in marks)
    group(page, by_keyboard).get_by_role("radio", name="Not started").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.type("Owner: trust and safety")
    marks[by_keyboard] = "in-progress"
    assert page.get_by_label(f"Note on {by_keyboard}", exact=True).input_value() == "Owner: trust and safety"

    # Progress: overall and per principle, as text and as the <progress> value.
    assert page.locator("#vp-progress-overall-text").inner_text() == progress(marks, on_page)
    assert page.locator("#vp-progress-overall-label + progress").evaluate("p => [p.value, p.max]") == [
        2,
        len(ids),
    ]
    for number in (1, 2, 3):
        of_principle = [m for m in on_page if m.principles[0] == number]
        assert page.locator(f"#vp-progress-p{number}-text").inner_text() == progress(marks, of_principle)
    # The live region announces the overall progress once the changes settle.
    page.wait_for_function(
        "text => document.querySelector('.vp-toolbar [aria-live=polite]').textContent === text",
        arg=f"Progress: {progress(marks, on_page)}.",
    )

    # Saved in localStorage, in the documented format.
    data = stored(page)
    assert data["format"] == KEY
    assert data["version"] == 1
    assert sorted(data["measures"]) == sorted(marks)
    assert data["measures"]["P1-02"]["note"] == "Waiting for legal review, see ticket #42"
    assert {e["status"] for e in data["measures"].values()} == set(marks.values())
    for entry in data["measures"].values():
        datetime.datetime.fromisoformat(entry["updated"].replace("Z", "+00:00"))

    def assert_marks_shown():
        for measure_id, status in marks.items():
            assert checked_status(page, measure_id) == status, measure_id
        assert page.get_by_label("Note on P1-02", exact=True).input_value() == (
            "Waiting for legal review, see ticket #42"
        )

    page.reload()
    wait_for_widgets(page, "messaging")
    assert_marks_shown()

    # Away and back: with instant navigation the page is never reloaded; without it every page loads in full.
    page.evaluate("() => { window.vpNoReload = true; }")
    page.locator(".md-nav--primary").get_by_role("link", name="About", exact=True).click()
    page.wait_for_url("**/about/**")
    # The URL changes at once; the content when the page has been fetched.
    page.locator(".vp-toolbar").wait_for(state="detached")
    assert page.locator("article.vp-measure").count() == 0
    page.go_back()
    page.wait_for_url(f"**{CHECKLIST}**")
    wait_for_widgets(page, "messaging")
    assert_marks_shown()

    # The same measures on another checklist: one status and note per measure, wherever it is shown.
    page.locator(".md-nav--primary").get_by_role("link", name="Social media", exact=True).click()
    page.wait_for_url(f"**/checklists/{OTHER}/**")
    wait_for_widgets(page, OTHER)
    if instant:
        assert page.evaluate("() => window.vpNoReload") is True, "instant navigation did not happen"
    else:
        assert page.evaluate("() => window.vpNoReload") is None, "the page was not loaded in full"
    shared = [m for m in marks if OTHER in MODEL.measure(m).service_types]
    assert shared
    for measure_id in shared:
        assert checked_status(page, measure_id) == marks[measure_id]
    assert page.get_by_label("Note on P1-02", exact=True).input_value() == (
        "Waiting for legal review, see ticket #42"
    )
    assert page.locator("#vp-progress-overall-text").inner_text() == progress(
        marks, measures_on_page([OTHER])
    )
    # Back to "not started" with no note: the measure leaves the store.
    mark(page, "P1-02", "Not started", "")
    assert "P1-02" not in stored(page)["measures"]


def seed(page, measures: dict) -> None:
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [KEY, json.dumps({"format": KEY, "version": 1, "measures": measures})],
    )


def test_import_checks_ids_against_the_list_the_build_wrote(visit, tmp_path: Path):
    """No checklist carries every measure id: an import reads them from checklists/measure-ids.json, once.
    When that list cannot be had, nothing is imported; an id retired from the guidance is named as such."""
    v = visit()
    page = v.page
    real = json.loads(export.measure_ids_json(MODEL))
    served = {"body": "<html>a captive portal</html>"}
    fetched = []

    def ids_file(route):
        fetched.append(route.request.url)
        route.fulfill(status=200, content_type="application/json", body=served["body"])

    page.route("**/checklists/measure-ids.json", ids_file)
    v.open(CHECKLIST)
    wait_for_widgets(page, "messaging")
    assert fetched == [], "the list is read only when a file is imported"
    before = page.evaluate("key => localStorage.getItem(key)", KEY)

    def import_file(name: str, ids: list[str]) -> str:
        entries = [{"id": i, "title": "", "status": "done", "note": ""} for i in ids]
        import_json(page, tmp_path / name, json.dumps({"format": KEY, "version": 1, "measures": entries}))
        return message(page)

    text = import_file("first.json", ["P1-01"])
    assert text.startswith(
        "Nothing was imported from first.json: the list of this site's measures could not"
    ), text
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == before

    served["body"] = json.dumps({**real, "retired": {"P1-98": "2.0.0"}})
    text = import_file("old.json", ["P1-01", "P1-98"])
    assert (
        text == "Nothing was imported from old.json: P1-98 was retired from the guidance in version 2.0.0."
    ), text
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == before

    text = import_file("good.json", ["P1-01"])
    assert text.startswith("Imported good.json: 1 of its 1 measures updated"), text
    assert stored(page)["measures"]["P1-01"]["status"] == "done"
    assert len(fetched) == 2, "a list that could not be read is asked for again; one that could, is kept"


def test_export_import_and_clear(visit, tmp_path: Path):
    v = visit()
    v.open(CHECKLIST)
    page = v.page
    # What is read back from storage is checked too: a corrupt value is ignored, with a message.
    page.evaluate('key => localStorage.setItem(key, \'{"format": "vp-self-assessment", "versi\')', KEY)
    page.reload()
    wait_for_widgets(page, "messaging")
    assert "could not be read, so it was ignored" in message(page)
    wait_for_all_controls(page)
    assert page.locator('input[type=radio][value="not-started"]:checked').count() == len(
        measures_on_page(["messaging"])
    )
    awkward = '=SUM(A1), "quoted", a comma\nand a new line; café'
    saved = {
        "P1-01": {"status": "done", "note": "Published 2026-05-01", "updated": "2026-05-01T10:00:00.000Z"},
        "P1-02": {"status": "in-progress", "note": awkward, "updated": "2026-05-02T10:00:00.000Z"},
        "P2-01": {"status": "not-applicable", "note": "", "updated": "2026-05-03T10:00:00.000Z"},
    }
    seed(page, saved)
    page.reload()
    wait_for_widgets(page, "messaging")
    wait_for_all_controls(page)
    on_page = measures_on_page(["messaging"])

    def status(m):
        return saved.get(m.id, {}).get("status", "not-started")

    def note(m):
        return saved.get(m.id, {}).get("note", "")

    # JSON: the measures of this page, with their titles, statuses and notes.
    with page.expect_download() as caught:
        page.get_by_role("button", name="Export JSON").click()
    download = caught.value
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert download.suggested_filename == f"vp-self-assessment-messaging-{today}.json"
    exported = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert set(exported) == {"format", "version", "dataset_version", "exported", "scope", "measures"}
    assert exported["format"] == KEY
    assert exported["version"] == 1
    assert exported["dataset_version"] == MODEL.version
    assert exported["scope"] == "messaging"
    datetime.datetime.fromisoformat(exported["exported"].replace("Z", "+00:00"))
    assert exported["measures"] == [
        {"id": m.id, "title": m.title, "status": status(m), "note": note(m)} for m in on_page
    ]
    assert "Exported" in message(page)

    # CSV: quoted where needed; a cell that a spreadsheet would run as a formula starts with an apostrophe.
    with page.expect_download() as caught:
        page.get_by_role("button", name="Export CSV").click()
    assert caught.value.suggested_filename == f"vp-self-assessment-messaging-{today}.csv"
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(["id", "title", "status", "note"])
    for m in on_page:
        writer.writerow([export.spreadsheet_safe(cell) for cell in (m.id, m.title, status(m), note(m))])
    csv_text = Path(caught.value.path()).read_bytes().decode("utf-8")  # keeps the \r\n
    assert csv_text == expected.getvalue()
    assert "'=SUM(A1)" in csv_text

    def import_file(name: str, content: str, *, through_button: bool = False) -> None:
        import_json(page, tmp_path / name, content, through_button=through_button)

    # A valid file: merged, reported, shown.
    changed = json.loads(json.dumps(exported))
    for item in changed["measures"]:
        if item["id"] == "P1-01":
            item.update(status="in-progress", note="Reopened after the audit")
        if item["id"] == "P1-03":
            item["status"] = "done"
    # A measure of another checklist: the assessment is one per browser, so it is kept too.
    elsewhere = next(m.id for m in MODEL.measures if "messaging" not in m.service_types)
    changed["measures"].append({"id": elsewhere, "title": "", "status": "done", "note": "n"})
    import_file("team.json", json.dumps(changed), through_button=True)
    expected_updates = 3  # P1-01, P1-03 and the other checklist's measure; the others are the same
    assert f"Imported team.json: {expected_updates} of its {len(changed['measures'])} measures updated" in (
        message(page)
    )
    assert checked_status(page, "P1-01") == "in-progress"
    assert page.get_by_label("Note on P1-01", exact=True).input_value() == "Reopened after the audit"
    assert checked_status(page, "P1-03") == "done"
    after_import = stored(page)
    assert after_import["measures"][elsewhere]["status"] == "done"
    assert after_import["measures"]["P1-02"]["note"] == awkward

    # A malformed file and foreign ones: a clear message, and nothing changes.
    before = page.evaluate("key => localStorage.getItem(key)", KEY)
    bad_files = {
        "broken.json": ("{not json", "not valid JSON"),
        "foreign.json": (json.dumps({"name": "something else", "measures": []}), "not a self-assessment"),
        "future.json": (json.dumps({**changed, "version": 2}), "version"),
        "unknown.json": (
            json.dumps({**changed, "measures": [{"id": "P99-99", "status": "done", "note": ""}]}),
            "not a measure on this site",
        ),
        "status.json": (
            json.dumps({**changed, "measures": [{"id": "P1-01", "status": "finished", "note": ""}]}),
            "has the status",
        ),
    }
    for name, (content, reason) in bad_files.items():
        import_file(name, content)
        text = message(page)
        assert text.startswith(f"Nothing was imported from {name}: "), text
        assert reason in text, text
        assert page.evaluate("key => localStorage.getItem(key)", KEY) == before, name
        assert checked_status(page, "P1-01") == "in-progress"

    # Clear asks first: dismissed, nothing changes; accepted, everything goes.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear all…").click()
    assert message(page) == "Nothing was cleared."
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == before
    questions = []

    def accept(dialog):
        questions.append((dialog.type, dialog.message))
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="Clear all…").click()
    assert [kind for kind, _ in questions] == ["confirm"]
    assert "cannot be undone" in questions[0][1]
    assert stored(page) is None
    assert page.locator('input[type=radio][value="not-started"]:checked').count() == len(on_page)
    assert page.get_by_label("Note on P1-02", exact=True).input_value() == ""
    assert page.locator("#vp-progress-overall-text").inner_text() == progress({}, on_page)


def visible_ids(page) -> list[str]:
    return page.locator("article.vp-measure:visible").evaluate_all(
        "articles => articles.map(a => a.dataset.measureId)"
    )


def test_combined_checklist_from_its_address(visit):
    v = visit()
    v.open(COMBINED + "?services=social-media,messaging")
    page = v.page
    wait_for_widgets(page, "combined")
    chosen = ["social-media", "messaging"]
    union = {m.id for s in chosen for m in MODEL.measures_for(service_type=s)}
    shown = visible_ids(page)
    assert len(shown) == len(set(shown)), "a measure is shown twice"
    assert set(shown) == union
    assert shown == [m.id for m in measures_on_page(chosen)]
    boxes = page.get_by_role("group", name="Service types you run").get_by_role("checkbox")
    assert [b.get_attribute("value") for b in boxes.all() if b.is_checked()] == chosen
    assert page.get_by_text(f"Showing {len(union)} measures for Social media, Messaging.").is_visible()
    # Each measure shows its notes for the chosen service types only (in its full text: a key press loads
    # them all).
    page.keyboard.press("Shift")
    wait_for_texts(page)

    def shown_notes():
        return page.locator("article.vp-measure [data-vp-service-note]:visible").evaluate_all(
            "notes => notes.map(n => [n.closest('article').dataset.measureId, n.dataset.vpServiceNote])"
        )

    assert sorted(shown_notes()) == sorted(
        [m.id, s] for m in measures_on_page(chosen) for s, _ in m.service_notes if s in chosen
    )

    # Marking here is marking everywhere; progress counts the measures shown.
    mark(page, "P1-01", "Done")
    assert page.locator("#vp-progress-overall-text").inner_text() == progress(
        {"P1-01": "done"}, measures_on_page(chosen)
    )
    with page.expect_download() as caught:
        page.get_by_role("button", name="Export JSON").click()
    exported = json.loads(Path(caught.value.path()).read_text(encoding="utf-8"))
    assert exported["scope"] == "combined:social-media,messaging"
    assert [m["id"] for m in exported["measures"]] == shown

    # Changing the boxes changes the list and the address, in its comma form.
    page.get_by_role("checkbox", name="Messaging", exact=True).uncheck()
    page.wait_for_url(f"**{COMBINED}?services=social-media")
    assert set(visible_ids(page)) == {m.id for m in MODEL.measures_for(service_type="social-media")}
    assert {s for _, s in shown_notes()} == {"social-media"}
    page.get_by_role("checkbox", name="Livestreaming", exact=True).check()
    page.wait_for_url(f"**{COMBINED}?services=social-media,livestreaming")
    assert set(visible_ids(page)) == {
        m.id for s in ("social-media", "livestreaming") for m in MODEL.measures_for(service_type=s)
    }
    page.reload()
    wait_for_widgets(page, "combined")
    assert page.get_by_role("checkbox", name="Livestreaming", exact=True).is_checked()
    assert checked_status(page, "P1-01") == "done"

    # Repeated services= (what the form sends without JavaScript) works too; a principle that applies to
    # none of the chosen types shows why, and only for them.
    v.open(COMBINED + "?services=vpn&services=isp")
    wait_for_widgets(page, "combined")
    chosen = ["isp", "vpn"]
    assert set(visible_ids(page)) == {m.id for s in chosen for m in MODEL.measures_for(service_type=s)}
    page.wait_for_url(f"**{COMBINED}?services=vpn&services=isp")
    reasons = page.locator("[data-vp-not-applicable]:visible").evaluate_all(
        "rs => rs.map(r => [r.closest('section.vp-principle').dataset.principle, r.dataset.vpNotApplicable])"
    )
    expected = sorted(
        [str(p.number), s]
        for p in MODEL.principles
        if all(MODEL.not_applicable_reason(p.number, t) for t in chosen)
        for s in chosen
    )
    assert sorted(reasons) == expected
    assert expected, "the test needs a principle that applies to neither ISPs nor VPNs"

    # No choice: every measure, as without JavaScript.
    for box in boxes.all():
        box.uncheck()
    page.wait_for_url(f"**{COMBINED}")
    assert len(visible_ids(page)) == len(MODEL.measures)


# The smallest checklist and a small combination: axe-core takes seconds on a long page, and every page
# (the combined checklist with all its measures included) is checked without widgets in test_browser.py.
@pytest.mark.parametrize(
    ("path", "scope"), [("/checklists/vpn/", "vpn"), (COMBINED + "?services=vpn,isp", "combined")]
)
def test_widgets_in_use_are_accessible(path, scope, visit):
    """axe-core with statuses, a note, a message and the announcement shown, in both colour schemes."""
    v = visit("light")
    v.open(path)
    page = v.page
    wait_for_widgets(page, scope)
    first, second, third = visible_ids(page)[:3]
    mark(page, first, "Done", "Checked by the trust and safety lead")
    mark(page, second, "In progress")
    mark(page, third, "Not applicable")
    page.locator(".vp-toolbar input[type=file]").set_input_files(
        files=[{"name": "bad.json", "mimeType": "application/json", "buffer": b"{"}]
    )
    page.get_by_text("Nothing was imported from bad.json").wait_for()
    page.wait_for_function("() => document.querySelector('.vp-toolbar [aria-live=polite]').textContent")
    page.get_by_label(f"Note on {second}", exact=True).focus()
    wait_for_all_controls(page)  # every measure laid out: axe-core reads stale positions in skipped ones
    reports = []
    axe = Axe()
    for scheme in SCHEMES:
        v.switch(scheme)
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            reports.append(f"{path} ({scheme}): {format_violations(violations)}")
    assert not reports, "\n".join(reports)


def test_print(visit):
    """On paper: no navigation, header, toolbar buttons or controls; each measure's status, note and full
    permalink."""
    v = visit()
    v.open(CHECKLIST)
    page = v.page
    wait_for_widgets(page, "messaging")
    mark(page, "P1-01", "Done", "Signed off by legal")
    # What the browser does when the visitor prints: beforeprint, then the print media.
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    for selector in [
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        ".vp-toolbar__actions",
        ".vp-toolbar__privacy",
        "fieldset.vp-assess",
        ".vp-progress progress",
    ]:
        assert page.locator(selector).first.is_hidden(), selector
    first = page.locator('article[data-measure-id="P1-01"]')
    assert first.locator(".vp-print-status").inner_text() == "Status: Done. Note: Signed off by legal"
    assert page.locator(".vp-print-status:visible").count() == len(measures_on_page(["messaging"]))
    permalink = first.locator("a.vp-permalink")
    assert permalink.is_visible()
    assert permalink.inner_text() == f"{v.origin}{CHECKLIST}#P1-01"
    assert page.locator("#vp-progress-overall-text").is_visible()


# The browser's idle time, switched off: only what the page needs at the moment gets built or loaded.
NO_IDLE = "window.requestIdleCallback = function () { return 0; };"
PRINT = "() => window.dispatchEvent(new Event('beforeprint'))"


def has_controls(page, measure_id: str) -> bool:
    return page.locator(f'article[data-measure-id="{measure_id}"] fieldset.vp-assess').count() == 1


def test_controls_are_built_when_needed(visit):
    """With no idle time, a measure far down the page gets its controls when it is scrolled to or linked
    to, and every measure before printing; progress, export and import count every measure from storage,
    with controls or not."""
    v = visit()
    page = v.page
    page.add_init_script(NO_IDLE)
    on_page = measures_on_page(["messaging"])
    first, middle, last = on_page[0], on_page[len(on_page) // 2], on_page[-1]
    v.open(CHECKLIST)
    seed(page, {last.id: {"status": "done", "note": "Far down", "updated": "2026-05-01T10:00:00.000Z"}})
    page.reload()
    wait_for_widgets(page, "messaging")
    page.locator(f'article[data-measure-id="{first.id}"]').scroll_into_view_if_needed()
    group(page, first.id).wait_for()
    page.evaluate("() => window.scrollTo(0, 0)")
    assert not has_controls(page, middle.id)
    assert not has_controls(page, last.id)

    assert page.locator("#vp-progress-overall-text").inner_text() == progress({last.id: "done"}, on_page)
    with page.expect_download() as caught:
        page.get_by_role("button", name="Export JSON").click()
    exported = json.loads(Path(caught.value.path()).read_text(encoding="utf-8"))
    assert [m["id"] for m in exported["measures"]] == [m.id for m in on_page]
    assert exported["measures"][-1] == {
        "id": last.id,
        "title": last.title,
        "status": "done",
        "note": "Far down",
    }
    imported = {
        "format": KEY,
        "version": 1,
        "measures": [{"id": middle.id, "status": "in-progress", "note": "Imported"}],
    }
    page.locator(".vp-toolbar input[type=file]").set_input_files(
        files=[{"name": "team.json", "mimeType": "application/json", "buffer": json.dumps(imported).encode()}]
    )
    page.get_by_text("Imported team.json: 1 of its 1 measures updated").wait_for()
    assert not has_controls(page, middle.id)

    # Following a link to a measure (its anchor): its controls are built, showing what is saved.
    page.evaluate("id => { window.location.hash = id; }", middle.id)
    group(page, middle.id).wait_for()
    assert checked_status(page, middle.id) == "in-progress"
    assert page.get_by_label(f"Note on {middle.id}", exact=True).input_value() == "Imported"
    # Scrolling to the last measure.
    page.locator(f'article[data-measure-id="{last.id}"]').scroll_into_view_if_needed()
    group(page, last.id).wait_for()
    assert checked_status(page, last.id) == "done"
    assert page.get_by_label(f"Note on {last.id}", exact=True).input_value() == "Far down"

    # Printing: every measure's controls (and so its printed status) before the page is printed.
    assert page.locator("article.vp-measure fieldset.vp-assess").count() < len(on_page)
    page.evaluate(PRINT)
    assert page.locator("article.vp-measure fieldset.vp-assess").count() == len(on_page)
    page.emulate_media(media="print")
    assert page.locator(".vp-print-status:visible").count() == len(on_page)
    assert page.locator(f'article[data-measure-id="{last.id}"] .vp-print-status').inner_text() == (
        "Status: Done. Note: Far down"
    )


def test_idle_time_builds_every_control(visit):
    """Left alone, the page builds every measure's controls and lays every measure out."""
    v = visit()
    v.open("/checklists/social-media/")
    wait_for_all_controls(v.page)
    assert v.page.locator("article.vp-measure fieldset.vp-assess").count() == len(
        measures_on_page(["social-media"])
    )


def wait_for_texts(page) -> None:
    """Every measure's full text is in the combined checklist."""
    page.wait_for_function(
        "() => document.querySelectorAll('.vp-details__body').length"
        " === document.querySelectorAll('.vp-details[data-vp-details-src]').length"
    )


def test_combined_texts_load_when_needed(visit):
    """The combined checklist loads a measure's full text (a file per principle) when the measure comes
    near the screen or is linked to, every text at the first key press and, at once, before printing. Each
    file is loaded once; the text is the measure's, with the notes of the chosen service types only."""
    v = visit()
    page = v.page
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url.rsplit("/", 1)[-1]) if "/details/" in r.url else None)
    chosen = ["social-media", "messaging"]
    shown = measures_on_page(chosen)
    v.open(COMBINED + "?services=" + ",".join(chosen))
    wait_for_widgets(page, "combined")
    last = shown[-1]
    assert f"principle-{last.principles[0]}.json" not in loaded
    article = page.locator(f'article[data-measure-id="{last.id}"]')
    assert article.locator(".vp-details__body").count() == 0
    assert article.locator(".vp-details__pending").count() == 1

    article.scroll_into_view_if_needed()
    article.locator(".vp-details__body").wait_for()
    assert article.locator(".vp-details__pending").count() == 0
    text = " ".join(article.inner_text().split())
    for item in last.evidence:
        assert " ".join(item.replace("*", "").split()) in text
    notes = article.locator("[data-vp-service-note]").evaluate_all(
        "notes => notes.map(n => [n.dataset.vpServiceNote, !n.hidden])"
    )
    assert notes == [[s, s in chosen] for s, _ in last.service_notes]

    middle = next(m for m in shown if f"principle-{m.principles[0]}.json" not in loaded)
    page.evaluate("id => { window.location.hash = id; }", middle.id)
    page.locator(f'article[data-measure-id="{middle.id}"] .vp-details__body').wait_for()

    # (Count from here: with instant navigation on, Material renders the page again on the first change of
    # its anchor, so files may have been loaded again above.)
    in_page = page.evaluate(
        "() => [...new Set([...document.querySelectorAll('.vp-details')]"
        ".filter(d => d.querySelector('.vp-details__body'))"
        ".map(d => d.dataset.vpDetailsSrc.split('/').pop()))]"
    )
    loaded.clear()
    page.keyboard.press("Shift")
    wait_for_texts(page)
    principles = {f"principle-{m.principles[0]}.json" for m in MODEL.measures}
    assert sorted(loaded) == sorted(principles - set(in_page)), "a file was loaded twice, or not at all"

    # Printing: the texts are in the page before it is printed, even those that were not loaded.
    v.open(COMBINED + "?services=vpn")
    wait_for_widgets(page, "combined")
    assert page.locator(".vp-details__body").count() < len(MODEL.measures)
    counts = page.evaluate(
        "() => { window.dispatchEvent(new Event('beforeprint')); return ["
        "document.querySelectorAll('.vp-details__body').length,"
        " document.querySelectorAll('.vp-details[data-vp-details-src]').length]; }"
    )
    assert counts == [len(MODEL.measures), len(MODEL.measures)]
    shown_notes = page.locator("[data-vp-service-note]:not([hidden])").evaluate_all(
        "notes => [...new Set(notes.map(n => n.dataset.vpServiceNote))]"
    )
    assert set(shown_notes) == {"vpn"} & {s for m in MODEL.measures for s, _ in m.service_notes}


def test_without_javascript(visit):
    """Every measure, its permalink and the combined checklist's form; no control anywhere; printable."""
    v = visit(java_script_enabled=False)
    page = v.page
    content = page.locator("article.md-content__inner")
    for path, service_types in [(CHECKLIST, ["messaging"]), (COMBINED, [s.id for s in MODEL.service_types])]:
        page.goto(v.origin + path)
        expected = [m.id for m in measures_on_page(service_types)]
        assert visible_ids(page) == expected
        assert content.locator("fieldset.vp-assess, .vp-toolbar, progress, textarea").count() == 0
        assert content.locator("input[type=radio]").count() == 0
        assert page.get_by_text("With JavaScript on, this page lets you mark each measure").is_visible()
        assert page.locator("a.vp-permalink:visible").count() == len(expected)
        page.emulate_media(media="print")
        assert page.locator("article.vp-measure:visible").count() == len(expected)
        assert page.locator("a.vp-permalink:visible").count() == len(expected)
        assert page.locator(".md-sidebar--primary").is_hidden()
        page.emulate_media(media="screen")
    # The combined checklist's form works as a form: it sends the choice in the address.
    boxes = page.get_by_role("checkbox")
    assert boxes.count() == len(MODEL.service_types)
    assert page.get_by_text("Choosing service types needs JavaScript").is_visible()
    page.get_by_role("checkbox", name="Messaging", exact=True).check()
    page.get_by_role("button", name="Show the checklist").click()
    page.wait_for_url(f"**{COMBINED}?services=messaging")
    assert len(visible_ids(page)) == len(MODEL.measures)
