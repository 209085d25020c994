"""The self-assessment on the checklists and its report, in a real browser (docs/javascripts/assessment.js and
docs/javascripts/assessment/; the pure core is unit-tested with Node: tests/js/).

Marking statuses (a reason required for "not applicable" and "considered, not adopted"), notes, owners, due
dates and evidence links (https only, shown as links that are never run); what survives a reload and going
to other pages, with full page loads (as the site is configured) and with Material's instant navigation;
progress per principle and overall; named assessments; export (JSON version 2, CSV: the files' contents,
exactly); import with its preview, which never loses work (the newer entry kept, a set value never replaced
by an unset one, undo), old exports (version 1) included; two tabs merging, a focused note included; the
storage key of version 1 read to migrate and never written; the report, printed on a few A4 pages (a real
PDF) and exported as CSV that a spreadsheet reads back right; the combined checklist from its address;
axe-core with the widgets in use, in both colour schemes; print; the checklists without JavaScript. Long
pages build a measure's controls when it comes near the screen (and the others while the browser is idle)
and the combined checklist loads each measure's full text the same way: tested with idle work switched off.
What only an import, a dialog or the report needs is loaded on demand. Every test also checks that nothing
was requested from another host, that nothing was logged as an error and that no cookie was set.

The site with instant navigation is built once more, for the address of its local server (conftest.py,
`instant_origin`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import AXE_OPTIONS, SCHEMES, format_violations, serve
from conftest import ROOT
from playwright.sync_api import expect
from pypdf import PdfReader
from test_browser import Visit, visits

from vpguide import export
from vpguide.load import load_model

MODEL = load_model(ROOT / "data")
FORMAT = "vp-self-assessment"
KEY = "vp-self-assessment-v2"
KEY_V1 = "vp-self-assessment"
UNREADABLE = "vp-self-assessment-v2-unreadable"
CHECKLIST = "/checklists/messaging/"
OTHER = "social-media"  # shares measures with messaging
COMBINED = "/checklists/combined/"
REPORT = "/checklists/report/"
LABELS = {
    "not-started": "Not started",
    "in-progress": "In progress",
    "done": "Done",
    "not-applicable": "Not applicable",
    "not-adopted": "Considered, not adopted",
}
ENTRY_FIELDS = ("status", "note", "owner", "due", "evidence", "reason")
REPORT_COLUMNS = [
    "id",
    "title",
    "principle",
    "tier",
    "status",
    "owner",
    "due",
    "evidence",
    "note",
    "reason",
    "updated",
]
TRICKY = "caf\u00e9 \u2013 \u201cquotes\u201d"  # the word café, an en dash, curly quotes
THIS = "This browser\u2019s"
THEIRS = "The file\u2019s"
# What only a change, an import, an export, a dialog or the report needs, or what is saved (read.js): never
# loaded when a checklist opens in a browser that has saved nothing.
ON_DEMAND = (
    "read.js",
    "state.js",
    "merge.js",
    "sync.js",
    "edit.js",
    "files.js",
    "manage.js",
    "report.js",
    "export.js",
    "progress.js",
    "io.js",
    "panels.css",
)


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
    c = Counter(statuses.get(m.id, "not-started") for m in measures)
    settled = c["done"] + c["not-applicable"] + c["not-adopted"]
    return (
        f"{settled} of {len(measures)} settled ({c['done']} done, {c['not-applicable']} not applicable, "
        f"{c['not-adopted']} not adopted), {c['in-progress']} in progress"
    )


@pytest.fixture(scope="module")
def origins(site_dir, zensical_site):
    """The real site, as configured (every page loads in full), built by each generator."""
    with serve(site_dir) as mkdocs, serve(zensical_site) as zensical:
        yield {"mkdocs": mkdocs, "zensical": zensical}


@pytest.fixture(scope="module")
def origin(request, origins):
    """The site MkDocs builds (the one deployed); a journey marked BOTH holds on Zensical's as well."""
    return origins[getattr(request, "param", "mkdocs")]


# The journeys whose pages or styles differ between the generators: the rest is the same script on the same
# HTML, tested once (tests/test_generators.py compares the two sites).
BOTH = pytest.mark.parametrize("origin", ["mkdocs", "zensical"], indirect=True)


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


def field(page, label: str, measure_id: str):
    return page.get_by_label(f"{label} {measure_id}", exact=True)


def mark(page, measure_id: str, status: str, note: str | None = None, reason: str | None = None) -> None:
    """Choose a status (by its value); a reason, when given, is typed after it (as the page asks)."""
    group(page, measure_id).get_by_role("radio", name=LABELS[status], exact=True).check()
    if reason is not None:
        field(page, "Reason for", measure_id).fill(reason)
    if note is not None:
        field(page, "Note on", measure_id).fill(note)


def open_more(page, measure_id: str) -> None:
    """Open a measure's "Owner, due date and evidence"."""
    details = page.locator(f'article[data-measure-id="{measure_id}"] details.vp-assess__more')
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()


def checked_status(page, measure_id: str) -> str:
    return page.locator(f'input[name="vp-status-{measure_id}"]:checked').get_attribute("value")


def raw(page, key: str = KEY) -> str | None:
    return page.evaluate("key => localStorage.getItem(key)", key)


def stored(page) -> dict | None:
    text = raw(page)
    return None if text is None else json.loads(text)


def entries(page) -> dict:
    """The current assessment's measures, as saved."""
    data = stored(page)
    return data["assessments"][data["current"]]["measures"] if data and data["current"] else {}


def values(measures: dict) -> dict:
    """The entries' fields, without their dates."""
    return {i: {f: e[f] for f in ENTRY_FIELDS} for i, e in measures.items()}


def wait_saved(page, measure_id: str, **expected) -> None:
    """Until the current assessment's entry of `measure_id` has the `expected` fields (saves are queued)."""
    page.wait_for_function(
        """([key, id, expected]) => {
            const data = JSON.parse(localStorage.getItem(key) || 'null');
            const assessment = data && data.assessments && data.assessments[data.current];
            const entry = assessment && assessment.measures && assessment.measures[id];
            return Boolean(entry) && Object.entries(expected).every(([k, v]) => JSON.stringify(entry[k]) === JSON.stringify(v));
        }""",
        arg=[KEY, measure_id, expected],
    )


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


def message(page) -> str:
    return page.locator(".vp-toolbar__message").inner_text()


def wait_message(page, text: str) -> str:
    page.wait_for_function(
        "text => document.querySelector('.vp-toolbar__message').textContent.includes(text)", arg=text
    )
    return message(page)


def choose_file(page, path: Path, content: str | bytes, *, through_button: bool = False) -> None:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    if through_button:
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Import JSON…").click()
        chooser.value.set_files(path)
    else:
        page.locator(".vp-toolbar input[type=file]").set_input_files(path)


def preview(page):
    """The import's preview dialog, once open."""
    dialog = page.get_by_role("dialog", name="Import", exact=False)
    dialog.wait_for()
    return dialog


def import_json(page, path: Path, content: str, *, choices: dict[str, str] | None = None, **kw) -> str:
    """Import `content` through the preview, accepting it (with `choices`: id -> THIS or THEIRS, the
    labels of the choice); returns the toolbar's message."""
    choose_file(page, path, content, **kw)
    dialog = preview(page)
    for measure_id, label in (choices or {}).items():
        dialog.locator(f'tr[data-measure="{measure_id}"]').get_by_label(label, exact=True).check()
    dialog.get_by_role("button", name="Import", exact=True).click()
    return wait_message(page, f"Imported {path.name}")


def refused(page, path: Path, content: str) -> str:
    choose_file(page, path, content)
    return wait_message(page, f"Nothing was imported from {path.name}")


def download(page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as caught:
        page.get_by_role("button", name=button, exact=True).click()
    return caught.value.suggested_filename, Path(caught.value.path()).read_bytes()


def v1_state(measures: dict) -> str:
    return json.dumps({"format": FORMAT, "version": 1, "measures": measures})


def seed(page, key: str, text: str) -> None:
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, text])


def v2_state(measures: dict, *, name="My assessment", organisation="", product="", aid="a1") -> str:
    when = "2026-05-01T10:00:00.000Z"
    full = {}
    for mid, fields in measures.items():
        entry = {"status": "not-started", "note": "", "owner": "", "due": "", "evidence": [], "reason": ""}
        entry.update(fields)
        entry.setdefault("updated", when)
        unset = {"status": "not-started", "evidence": []}
        entry.setdefault(
            "times", {f: entry["updated"] for f in ENTRY_FIELDS if entry[f] not in ("", unset.get(f))}
        )
        full[mid] = entry
    assessment = {
        "name": name,
        "organisation": organisation,
        "product": product,
        "created": when,
        "updated": when,
        "details_updated": when,
        "measures": full,
    }
    return json.dumps(
        {"format": FORMAT, "version": 2, "current": aid, "assessments": {aid: assessment}, "deleted": {}}
    )


def local_today(page) -> str:
    return page.evaluate(
        "() => { const d = new Date(); const p = n => String(n).padStart(2, '0');"
        " return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()); }"
    )


# ---------------------------------------------------------------------------------------------------------
# Marking, reloading, navigating
# ---------------------------------------------------------------------------------------------------------


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
    loaded: list[str] = []
    v.page.on(
        "request", lambda r: loaded.append(r.url.rsplit("/", 1)[-1]) if "/assessment/" in r.url else None
    )
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
    assert [name for name in ON_DEMAND if name in loaded] == [], "loaded before it was needed"

    marks = {"P1-01": "done", "P1-02": "in-progress", "P1-03": "not-applicable", "P2-01": "done"}
    mark(page, "P1-01", "done")
    mark(page, "P1-02", "in-progress", "Waiting for legal review, see ticket #42")
    # Not applicable needs a reason: until one is given, the status is not saved.
    mark(page, "P1-03", "not-applicable")
    assert page.locator("#vp-hint-P1-03").inner_text().startswith("Give the reason to save")
    field(page, "Reason for", "P1-03").fill("We host no images or video")
    mark(page, "P2-01", "done")
    considered = next(m.id for m in on_page if m.id not in marks and m.principles[0] == 2)
    mark(page, considered, "not-adopted", reason="Too costly for a team of two")
    marks[considered] = "not-adopted"
    # From the keyboard: the arrow keys move between a measure's statuses, Tab goes on to its note.
    by_keyboard = next(m.id for m in on_page if m.id not in marks)
    group(page, by_keyboard).get_by_role("radio", name="Not started").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.type("Owner: trust and safety")
    marks[by_keyboard] = "in-progress"
    assert field(page, "Note on", by_keyboard).input_value() == "Owner: trust and safety"
    wait_saved(page, by_keyboard, status="in-progress", note="Owner: trust and safety")
    wait_saved(page, "P1-03", status="not-applicable", reason="We host no images or video")

    # Progress: overall and per principle, as text and as the <progress> value (settled measures).
    assert page.locator("#vp-progress-overall-text").inner_text() == progress(marks, on_page)
    settled = sum(s in ("done", "not-applicable", "not-adopted") for s in marks.values())
    assert page.locator("#vp-progress-overall-label + progress").evaluate("p => [p.value, p.max]") == [
        settled,
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

    # Saved in localStorage under the version 2 key, in the documented format; the old key never written.
    data = stored(page)
    assert data["format"] == FORMAT
    assert data["version"] == 2
    assert raw(page, KEY_V1) is None
    assert list(data["assessments"]) == [data["current"]]
    assert data["assessments"][data["current"]]["name"] == "My assessment"
    saved = entries(page)
    assert sorted(saved) == sorted(marks)
    assert saved["P1-02"]["note"] == "Waiting for legal review, see ticket #42"
    assert {i: e["status"] for i, e in saved.items()} == marks
    for entry in saved.values():
        datetime.datetime.fromisoformat(entry["updated"].replace("Z", "+00:00"))
        assert set(entry["times"]) <= set(ENTRY_FIELDS)

    def assert_marks_shown():
        for measure_id, status in marks.items():
            assert checked_status(page, measure_id) == status, measure_id
        assert field(page, "Note on", "P1-02").input_value() == "Waiting for legal review, see ticket #42"
        assert field(page, "Reason for", "P1-03").input_value() == "We host no images or video"

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
    assert field(page, "Note on", "P1-02").input_value() == "Waiting for legal review, see ticket #42"
    assert page.locator("#vp-progress-overall-text").inner_text() == progress(
        marks, measures_on_page([OTHER])
    )
    # Back to "not started" with no note: nothing is set any more.
    mark(page, "P1-02", "not-started", "")
    wait_saved(page, "P1-02", status="not-started", note="")


def test_owner_due_date_and_evidence_links(visit, tmp_path: Path):
    """Owner, due date and evidence: https links only, shown as links with no referrer, never run;
    anything else is refused with a message and not saved."""
    v = visit()
    v.open(CHECKLIST)
    page = v.page
    wait_for_widgets(page, "messaging")
    group(page, "P1-01").wait_for()
    open_more(page, "P1-01")
    field(page, "Owner of", "P1-01").fill("Ann (trust and safety)")
    field(page, "Due date of", "P1-01").fill("2026-03-01")
    evidence = field(page, "Evidence links (https, one a line) for", "P1-01")
    for bad in (
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "http://example.org/policy",
        "https://user:pw@example.org/",
    ):
        evidence.fill(bad)
        evidence.blur()
        links = page.locator("#vp-links-P1-01")
        assert links.inner_text().startswith("Not saved:"), bad
        assert links.locator("a").count() == 0
    wait_saved(page, "P1-01", owner="Ann (trust and safety)", due="2026-03-01", evidence=[])
    evidence.fill(
        "https://example.org/policy\n\n  https://example.org/audit?year=2026  \nhttps://example.org/policy"
    )
    evidence.blur()
    wait_saved(page, "P1-01", evidence=["https://example.org/policy", "https://example.org/audit?year=2026"])
    shown = page.locator("#vp-links-P1-01 a")
    assert shown.evaluate_all("as => as.map(a => [a.getAttribute('href'), a.rel, a.textContent])") == [
        ["https://example.org/policy", "noreferrer", "https://example.org/policy"],
        ["https://example.org/audit?year=2026", "noreferrer", "https://example.org/audit?year=2026"],
    ]
    summary = page.locator('article[data-measure-id="P1-01"] details.vp-assess__more summary')
    assert (
        summary.inner_text()
        == "Owner, due date and evidence: Ann (trust and safety), due 1 March 2026, 2 links"
    )
    # A saved link that is not https (a value written by hand, say) is left out, never shown as a link.
    state = json.loads(
        v2_state({"P1-02": {"status": "done", "evidence": ["javascript:alert(1)", "https://example.org/ok"]}})
    )
    seed(page, KEY, json.dumps(state))
    page.reload()
    wait_for_widgets(page, "messaging")
    wait_message(page, "could not be read and is left out")
    group(page, "P1-02").wait_for()
    open_more(page, "P1-02")
    page.locator("#vp-links-P1-02 a").first.wait_for()
    assert page.locator("#vp-links-P1-02 a").evaluate_all("as => as.map(a => a.href)") == [
        "https://example.org/ok"
    ]
    assert (
        page.evaluate('() => document.querySelectorAll(\'a[href^="javascript:"], a[href^="data:"]\').length')
        == 0
    )


# ---------------------------------------------------------------------------------------------------------
# Export and import
# ---------------------------------------------------------------------------------------------------------


@BOTH
def test_export_json_and_csv(visit, tmp_path: Path):
    v = visit()
    v.open(CHECKLIST)
    page = v.page
    wait_for_widgets(page, "messaging")
    awkward = '=SUM(A1), "quoted", a comma\nand a new line; ' + TRICKY
    seed(
        page,
        KEY,
        v2_state(
            {
                "P1-01": {
                    "status": "done",
                    "note": "Published 2026-05-01",
                    "owner": "+Ann",
                    "due": "2026-06-01",
                },
                "P1-02": {"status": "in-progress", "note": awkward, "evidence": ["https://example.org/a"]},
                "P2-01": {"status": "not-applicable", "reason": "No users under 18"},
            },
            name="Messenger",
            organisation="Org",
            product="Chat",
        ),
    )
    page.reload()
    wait_for_widgets(page, "messaging")
    on_page = measures_on_page(["messaging"])
    saved = entries(page)
    today = local_today(page)

    # JSON, version 2: the page's measures that carry something, each with its fields and dates.
    name, body = download(page, "Export JSON")
    assert name == f"vp-self-assessment-messaging-{today}.json"
    exported = json.loads(body.decode("utf-8"))
    assert set(exported) == {
        "format",
        "version",
        "dataset_version",
        "exported",
        "scope",
        "assessment",
        "measures",
    }
    assert (exported["format"], exported["version"], exported["scope"]) == (FORMAT, 2, "messaging")
    assert exported["dataset_version"] == MODEL.version
    assert exported["assessment"] == {"name": "Messenger", "organisation": "Org", "product": "Chat"}
    datetime.datetime.fromisoformat(exported["exported"].replace("Z", "+00:00"))
    expected = [
        {"id": m.id, "title": m.title, **{f: saved[m.id][f] for f in (*ENTRY_FIELDS, "updated", "times")}}
        for m in on_page
        if m.id in saved
    ]
    assert exported["measures"] == expected
    assert "Exported" in message(page)

    # CSV: every measure of the page; UTF-8 with a byte order mark, CRLF, quoted where needed; a cell that a
    # spreadsheet would run as a formula starts with an apostrophe.
    name, body = download(page, "Export CSV")
    assert name == f"vp-self-assessment-messaging-{today}.csv"
    assert body.startswith(b"\xef\xbb\xbf")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    for m in on_page:
        e = saved.get(
            m.id,
            {
                "status": "not-started",
                "note": "",
                "owner": "",
                "due": "",
                "evidence": [],
                "reason": "",
                "updated": "",
            },
        )
        row = [
            m.id,
            m.title,
            str(m.principles[0]),
            m.tier_for("messaging"),
            e["status"],
            e["owner"],
            e["due"],
            " ".join(e["evidence"]),
            e["note"],
            e["reason"],
            e["updated"],
        ]
        writer.writerow([export.spreadsheet_safe(cell) for cell in row])
    assert body.decode("utf-8-sig") == out.getvalue()
    assert "'=SUM(A1)" in body.decode("utf-8")
    assert "'+Ann" in body.decode("utf-8")


@BOTH
def test_import_never_loses_work_and_can_be_undone(visit, tmp_path: Path):
    """Export, then mark P1-03 done with a note, then import the earlier file: P1-03 stays done with its
    note and the preview says it is newer here. A measure the file has without a note keeps its note.
    Undo puts back the state before the import."""
    v = visit()
    v.open(CHECKLIST)
    page = v.page
    wait_for_widgets(page, "messaging")
    on_page = [m.id for m in measures_on_page(["messaging"])]
    p13 = "P1-03"  # the scenario as the issue tells it
    p14, fresh, skipped = [i for i in on_page if i != p13][:3]
    mark(page, p13, "in-progress", "First look")
    mark(page, p14, "in-progress", "Keep this note")
    wait_saved(page, p14, note="Keep this note")
    _, body = download(page, "Export JSON")
    earlier = body.decode("utf-8")
    mark(page, p13, "done", "Signed off by legal")
    wait_saved(page, p13, status="done", note="Signed off by legal")

    text = import_json(page, tmp_path / "earlier.json", earlier, through_button=True)
    assert text == "Imported earlier.json: 0 measures changed, 1 kept as they are here.", text
    assert checked_status(page, p13) == "done"
    assert field(page, "Note on", p13).input_value() == "Signed off by legal"
    assert entries(page)[p13]["note"] == "Signed off by legal"

    # The preview says so, with both values and the choice, before anything changes.
    before = raw(page)
    choose_file(page, tmp_path / "again.json", earlier)
    dialog = preview(page)
    row = dialog.locator(f'tr[data-measure="{p13}"]')
    assert "Newer here" in row.inner_text()
    assert "Done" in row.inner_text()
    assert "In progress" in row.inner_text()
    assert row.get_by_label(THIS, exact=True).is_checked()
    assert "1 newer here: kept as they are here" in dialog.inner_text()
    assert "1 the same here and in the file" in dialog.inner_text()
    assert raw(page) == before
    dialog.get_by_role("button", name="Cancel", exact=True).click()
    assert (
        wait_message(page, "Nothing was imported from again.json") == "Nothing was imported from again.json."
    )
    assert raw(page) == before

    # A file whose P1-04 is newer but has no note (version 1 had no dates: it is dated by "exported"): the
    # status is taken, the saved note stays. A measure new here is taken.
    later = (
        (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")
    )
    v1 = {
        "format": FORMAT,
        "version": 1,
        "dataset_version": MODEL.version,
        "exported": later,
        "scope": "messaging",
        "measures": [
            {"id": p14, "title": "", "status": "done", "note": ""},
            {"id": fresh, "title": "", "status": "in-progress", "note": "From the team"},
            {"id": skipped, "title": "", "status": "not-started", "note": ""},
        ],
    }
    state_before = values(entries(page))
    text = import_json(page, tmp_path / "team.json", json.dumps(v1))
    assert text.startswith("Imported team.json: 2 measures changed"), text
    after = entries(page)
    assert after[p14]["status"] == "done"
    assert after[p14]["note"] == "Keep this note"
    assert field(page, "Note on", p14).input_value() == "Keep this note"
    assert after[fresh]["note"] == "From the team"
    assert skipped not in after

    # Undo: the state before the import, in storage and on the page.
    page.get_by_role("button", name="Undo the import").click()
    wait_message(page, "Import of team.json undone: 2 measures back as they were")
    restored = {
        i: e
        for i, e in values(entries(page)).items()
        if any(e[f] for f in ENTRY_FIELDS if f != "status") or e["status"] != "not-started"
    }
    assert restored == state_before
    assert checked_status(page, p14) == "in-progress"
    assert checked_status(page, fresh) == "not-started"


def test_old_exports_still_import_and_bad_files_change_nothing(visit, tmp_path: Path):
    """Every measure of today's version 1 export (not-started ones included) imports; a malformed, foreign,
    later, unknown or retired file changes nothing and says why."""
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
    on_page = measures_on_page(["messaging"])
    assert fetched == [], "the list is read only when a file is imported"
    old = {
        "format": FORMAT,
        "version": 1,
        "dataset_version": "0.1.0",
        "exported": "2026-05-01T10:00:00.000Z",
        "scope": "messaging",
        "measures": [{"id": m.id, "title": m.title, "status": "not-started", "note": ""} for m in on_page],
    }
    old["measures"][0].update(status="done", note="Published")
    old["measures"][1].update(status="not-applicable", note="")
    old["measures"][2].update(status="in-progress", note='=HYPERLINK("x")')

    assert refused(page, tmp_path / "first.json", json.dumps(old)).startswith(
        "Nothing was imported from first.json. The list of this site's measures could not be loaded"
    )
    assert raw(page) is None
    served["body"] = json.dumps({**real, "retired": {"P1-98": "2.0.0"}})
    bad_files = {
        "broken.json": ("{not json", "not valid JSON"),
        "foreign.json": (json.dumps({"name": "something else", "measures": []}), "not a self-assessment"),
        "future.json": (json.dumps({**old, "version": 3}), "version"),
        "unknown.json": (
            json.dumps({**old, "measures": [{"id": "P99-99", "status": "done"}]}),
            "P99-99: is not a measure of this guidance",
        ),
        "retired.json": (
            json.dumps({**old, "measures": [{"id": "P1-98", "status": "done"}]}),
            "P1-98: was retired from the guidance in version 2.0.0",
        ),
        "status.json": (
            json.dumps({**old, "measures": [{"id": "P1-01", "status": "finished"}]}),
            "has the status",
        ),
        "adopted.json": (
            json.dumps({**old, "measures": [{"id": "P1-01", "status": "not-adopted"}]}),
            "has the status",
        ),
        "link.json": (
            json.dumps(
                {**old, "version": 2, "measures": [{"id": "P1-01", "evidence": ["javascript:alert(1)"]}]}
            ),
            "does not start with https://",
        ),
    }
    for name, (content, reason) in bad_files.items():
        text = refused(page, tmp_path / name, content)
        assert text.startswith(f"Nothing was imported from {name}. The file has"), text
        assert reason in text, text
        assert raw(page) is None, name
    big = tmp_path / "big.json"
    text = refused(page, big, b" " * (1024 * 1024 + 1))
    assert "larger than an exported self-assessment can be" in text

    text = import_json(page, tmp_path / "old.json", json.dumps(old))
    assert text.startswith("Imported old.json: 3 measures changed"), text
    saved = entries(page)
    assert {i: (e["status"], e["note"]) for i, e in saved.items()} == {
        on_page[0].id: ("done", "Published"),
        on_page[1].id: ("not-applicable", ""),
        on_page[2].id: ("in-progress", '=HYPERLINK("x")'),
    }
    # A not-applicable measure from version 1 has no reason: the page asks for one.
    group(page, on_page[1].id).wait_for()
    assert "Give the reason" in page.locator(f"#vp-hint-{on_page[1].id}").inner_text()
    assert len(fetched) == 2, "a list that could not be read is asked for again; one that could, is kept"


def test_import_choices_and_as_a_new_assessment(visit, tmp_path: Path):
    """The visitor can take the file's value where it is older, or import into a new assessment."""
    v = visit()
    v.open(CHECKLIST)
    page = v.page
    wait_for_widgets(page, "messaging")
    mark(page, "P1-01", "in-progress", "Here")
    wait_saved(page, "P1-01", note="Here")
    file = {
        "format": FORMAT,
        "version": 2,
        "exported": "2026-01-01T00:00:00.000Z",
        "scope": "messaging",
        "assessment": {"name": "Partner", "organisation": "Partner Ltd", "product": "Chat"},
        "measures": [
            {"id": "P1-01", "status": "done", "note": "Theirs", "updated": "2026-01-01T00:00:00.000Z"}
        ],
    }
    text = import_json(page, tmp_path / "theirs.json", json.dumps(file), choices={"P1-01": THEIRS})
    assert text.startswith("Imported theirs.json: 1 measure changed"), text
    assert (entries(page)["P1-01"]["status"], entries(page)["P1-01"]["note"]) == ("done", "Theirs")

    choose_file(page, tmp_path / "partner.json", json.dumps(file))
    preview(page).get_by_role("button", name="Import as a new assessment").click()
    wait_message(page, "Imported partner.json as a new assessment, “Partner”")
    data = stored(page)
    assert len(data["assessments"]) == 2
    made = data["assessments"][data["current"]]
    assert (made["name"], made["organisation"], made["product"]) == ("Partner", "Partner Ltd", "Chat")
    assert page.locator("#vp-assessment-choice option:checked").inner_text() == "Partner"


# ---------------------------------------------------------------------------------------------------------
# Storage: version 1, unreadable values, other tabs
# ---------------------------------------------------------------------------------------------------------


def test_version_1_storage_is_migrated_and_never_written(visit):
    v = visit()
    v.open(CHECKLIST)
    page = v.page
    old = v1_state(
        {
            "P1-01": {"status": "done", "note": "Published", "updated": "2026-05-01T10:00:00.000Z"},
            "P1-02": {"status": "not-applicable", "note": "", "updated": "2026-05-02T10:00:00.000Z"},
        }
    )
    seed(page, KEY_V1, old)
    page.reload()
    wait_for_widgets(page, "messaging")
    group(page, "P1-02").wait_for()
    assert checked_status(page, "P1-01") == "done"
    assert field(page, "Note on", "P1-01").input_value() == "Published"
    assert raw(page) is None, "nothing is written before the visitor changes something"
    mark(page, "P1-03", "in-progress")
    wait_saved(page, "P1-03", status="in-progress")
    data = stored(page)
    assert data["current"] == "v1"
    assert entries(page)["P1-01"]["times"]["status"] == "2026-05-01T10:00:00.000Z"
    assert raw(page, KEY_V1) == old


def test_an_unreadable_value_is_kept_before_anything_is_saved(visit):
    v = visit()
    v.open(CHECKLIST)
    page = v.page
    later = json.dumps({"format": FORMAT, "version": 3, "everything": "else"})
    seed(page, KEY, later)
    page.reload()
    wait_for_widgets(page, "messaging")
    assert "vp-self-assessment-v2-unreadable" in wait_message(page, "could not be read")
    assert raw(page) == later
    mark(page, "P1-01", "done")
    wait_saved(page, "P1-01", status="done")
    assert raw(page, UNREADABLE) == later
    assert stored(page)["version"] == 2


def test_two_tabs_merge_and_a_focused_note_keeps_the_other_tabs_newer_save(visit):
    """Tab A's note has focus; tab B saves the same note: A shows B's text, and A's next keystroke edits it
    instead of overwriting it. Changes to other measures, and from a tab still running version 1, merge."""
    v = visit()
    a = v.page
    b = v.context.new_page()
    v.watch.attach(v.context, b)
    v.open(CHECKLIST)
    b.goto(v.origin + CHECKLIST)
    for page in (a, b):
        wait_for_widgets(page, "messaging")
    mark(a, "P1-01", "in-progress", "Draft from A")
    wait_saved(a, "P1-01", note="Draft from A")
    b.wait_for_function("() => document.getElementById('vp-note-P1-01').value === 'Draft from A'")
    note_a = field(a, "Note on", "P1-01")
    note_a.click()
    a.keyboard.press("End")
    field(b, "Note on", "P1-01").fill("Final from B")
    a.wait_for_function("() => document.getElementById('vp-note-P1-01').value === 'Final from B'")
    assert a.evaluate("() => document.activeElement.id") == "vp-note-P1-01"
    a.keyboard.type("!")
    wait_saved(a, "P1-01", note="Final from B!")
    b.wait_for_function("() => document.getElementById('vp-note-P1-01').value === 'Final from B!'")

    # Different measures at the same time: both kept.
    mark(b, "P1-02", "done")
    mark(a, "P1-03", "in-progress")
    wait_saved(a, "P1-02", status="done")
    wait_saved(a, "P1-03", status="in-progress")
    b.wait_for_function(
        "() => document.querySelector('input[name=\"vp-status-P1-03\"]:checked').value === 'in-progress'"
    )

    # A keystroke typed over a value another tab replaced before this tab heard of it (the storage event
    # not yet seen, as when two saves cross): the other tab's text is kept and what was typed is offered.
    state = stored(a)
    entry = state["assessments"][state["current"]]["measures"]["P1-01"]
    entry["note"] = "Crossed in the post"
    entry["times"]["note"] = entry["updated"] = "2099-01-01T00:00:00.000Z"
    a.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(state)]
    )  # no event here
    note_a.click()
    a.keyboard.press("End")
    a.keyboard.type("?")
    conflict = a.locator('article[data-measure-id="P1-01"] .vp-assess__conflict')
    conflict.get_by_text("Final from B!?").wait_for()
    assert note_a.input_value() == "Crossed in the post"
    assert entries(a)["P1-01"]["note"] == "Crossed in the post"
    conflict.get_by_role("button", name="Use what I typed instead").click()
    wait_saved(a, "P1-01", note="Final from B!?")

    # A tab still running version 1 saves under the old key: merged here, dated as it says.
    b.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [
            KEY_V1,
            v1_state(
                {
                    "P2-01": {
                        "status": "done",
                        "note": "From an old tab",
                        "updated": "2098-01-01T00:00:00.000Z",
                    }
                }
            ),
        ],
    )
    a.wait_for_function(
        "() => JSON.parse(localStorage.getItem('vp-self-assessment-v2')).assessments.v1 !== undefined"
    )
    data = stored(a)
    assert data["assessments"]["v1"]["measures"]["P2-01"]["note"] == "From an old tab"
    # The tabs settle: no more writes once both hold the same.
    settled = raw(a)
    a.wait_for_timeout(500)
    assert raw(a) == settled


# ---------------------------------------------------------------------------------------------------------
# Named assessments
# ---------------------------------------------------------------------------------------------------------


def test_named_assessments(visit):
    v = visit()
    v.open(CHECKLIST)
    page = v.page
    wait_for_widgets(page, "messaging")
    mark(page, "P1-01", "done")
    wait_saved(page, "P1-01", status="done")

    def dialog():
        page.get_by_role("button", name="Assessments…").click()
        found = page.get_by_role("dialog", name="Assessments in this browser")
        found.wait_for()
        return found

    d = dialog()
    d.get_by_label("Name", exact=True).first.fill("Chat app")
    d.get_by_label("Organisation", exact=True).first.fill("Example Ltd")
    d.get_by_role("button", name="Save the name and details").click()
    wait_message(page, "Saved: “Chat app”.")
    d = dialog()
    new = d.get_by_role("group", name="A new assessment")
    new.get_by_label("Name", exact=True).fill("Forum")
    new.get_by_label("Product or service", exact=True).fill("Community forum")
    new.get_by_role("button", name="Start it").click()
    wait_message(page, "Started “Forum”")
    assert checked_status(page, "P1-01") == "not-started"
    mark(page, "P1-01", "in-progress", "Forum's own")
    wait_saved(page, "P1-01", status="in-progress")
    choice = page.get_by_label("Assessment", exact=True)
    assert [o for o in choice.locator("option").all_inner_texts()] == ["Chat app", "Forum"]
    choice.select_option(label="Chat app")
    wait_message(page, "Now showing “Chat app”.")
    assert checked_status(page, "P1-01") == "done"
    data = stored(page)
    assert sorted(a["name"] for a in data["assessments"].values()) == ["Chat app", "Forum"]
    chat = data["assessments"][data["current"]]
    assert (chat["name"], chat["organisation"]) == ("Chat app", "Example Ltd")

    # Export all of one; delete one, then undo.
    d = dialog()
    with page.expect_download() as caught:
        d.get_by_role("button", name="Export all of it (JSON)").click()
    exported = json.loads(Path(caught.value.path()).read_text(encoding="utf-8"))
    assert exported["assessment"]["name"] == "Chat app"
    assert [m["id"] for m in exported["measures"]] == ["P1-01"]
    page.once("dialog", lambda question: question.accept())
    d = dialog()
    d.get_by_role("button", name="Delete it…").click()
    wait_message(page, "Deleted “Chat app”.")
    data = stored(page)
    assert [a["name"] for a in data["assessments"].values()] == ["Forum"]
    assert len(data["deleted"]) == 1
    assert checked_status(page, "P1-01") == "in-progress"
    page.get_by_role("button", name="Undo the deletion").click()
    wait_message(page, "“Chat app” is back.")
    assert sorted(a["name"] for a in stored(page)["assessments"].values()) == ["Chat app", "Forum"]
    assert checked_status(page, "P1-01") == "done"


# ---------------------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------------------


def full_assessment(service: str) -> str:
    """Every measure of a checklist assessed, with a note, an owner and dates; some not applicable or not
    adopted with their reasons, some overdue, some with evidence."""
    statuses = ["done", "in-progress", "not-started", "not-applicable", "done", "not-adopted", "in-progress"]
    measures = {}
    for i, m in enumerate(measures_on_page([service])):
        status = statuses[i % len(statuses)]
        measures[m.id] = {
            "status": status,
            "note": f"{TRICKY}: reviewed with the product team in sprint {i}, see the tracker for the decision log.",
            "owner": ["Ann", "Bo", "Chen", "=cmd|' /C calc'!A0"][i % 4],
            "due": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "evidence": [f"https://example.org/evidence/{i}"] if i % 3 == 0 else [],
            "reason": "Not offered to children; reviewed yearly"
            if status in ("not-applicable", "not-adopted")
            else "",
        }
    return v2_state(measures, name="Social app", organisation="Example Ltd", product="Example Social")


def open_report(v, query: str = "?scope=social-media") -> None:
    v.open(REPORT + query)
    v.page.locator(".vp-report__sheet header").wait_for()


@BOTH
def test_report_sums_up_and_prints_on_at_most_six_pages(visit):
    v = visit()
    v.open(REPORT)
    page = v.page
    seed(page, KEY, full_assessment("social-media"))
    open_report(v)
    text = page.locator(".vp-report__sheet").inner_text()
    measures = measures_on_page(["social-media"])
    for expected in (
        "Example Ltd · Example Social",
        "Social app",
        f"Social media ({len(measures)})",
        "Progress",
        "By tier",
        "By principle",
        "Baseline measures not done",
        "Overdue",
        "Owners",
        "Not applicable or considered, not adopted: the reasons",
        "Not offered to children; reviewed yearly",
        f"Every measure ({len(measures)})",
    ):
        assert expected in text, expected
    # The report's links: each measure to its checklist; evidence as https links with no referrer.
    first = measures[0]
    assert page.locator(f'.vp-report__all a[href$="/checklists/social-media/#{first.id}"]').count() == 1
    assert page.locator(".vp-report__all .vp-evidence a").evaluate_all(
        "as => as.every(a => a.protocol === 'https:' && a.rel === 'noreferrer')"
    )
    # Printed by Chromium as A4: a few pages, not the whole guidance.
    page.emulate_media(media="print")
    assert page.locator(".vp-report__controls").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
    pdf = page.pdf(format="A4")
    reader = PdfReader(io.BytesIO(pdf))
    printed = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert len(reader.pages) <= 6, f"{len(reader.pages)} pages"
    assert "Example Ltd" in printed
    assert "Baseline measures not done" in printed
    assert "Print or save as PDF" not in printed
    # A checklist's print points to the report for a summary.
    page.emulate_media(media="screen")
    v.open("/checklists/social-media/")
    wait_for_widgets(page, "social-media")
    page.emulate_media(media="print")
    note = page.locator(".vp-toolbar__print")
    assert note.is_visible()
    assert f"{v.origin}{REPORT}?scope=social-media" in note.inner_text()


def test_report_csv_reads_back_as_a_spreadsheet_would(visit, tmp_path: Path):
    v = visit()
    v.open(REPORT)
    page = v.page
    seed(page, KEY, full_assessment("social-media"))
    open_report(v)
    name, body = download(page, "Export CSV")
    assert name == f"vp-self-assessment-social-media-{local_today(page)}.csv"
    assert body[:3] == b"\xef\xbb\xbf", "no byte order mark: Excel would read it in the local code page"
    assert b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0] == REPORT_COLUMNS
    measures = measures_on_page(["social-media"])
    assert [r[0] for r in rows[1:]] == [m.id for m in measures]
    by_id = {r[0]: dict(zip(REPORT_COLUMNS, r, strict=True)) for r in rows[1:]}
    first = by_id[measures[0].id]
    assert first["note"].startswith(TRICKY + ":")
    assert first["title"] == measures[0].title
    assert first["tier"] == measures[0].tier_for("social-media")
    assert by_id[measures[3].id]["owner"] == "'=cmd|' /C calc'!A0", "a formula must not run"
    assert by_id[measures[0].id]["evidence"] == "https://example.org/evidence/0"
    # The JSON export of the report reads back as an import would.
    name, body = download(page, "Export JSON")
    exported = json.loads(body)
    assert exported["version"] == 2
    assert exported["scope"] == "social-media"
    assert len(exported["measures"]) == len(measures)


def test_report_without_an_assessment_and_with_another_scope(visit):
    v = visit()
    open_report(v, "?scope=combined:vpn,isp")
    page = v.page
    text = page.locator(".vp-report__sheet").inner_text()
    assert "My assessment (nothing marked yet)" in text
    both = measures_on_page(["vpn", "isp"])
    names = ", ".join(s.name for s in MODEL.service_types if s.id in ("vpn", "isp"))
    assert f"Combined: {names} ({len(both)})" in text
    page.get_by_label("Measures of", exact=True).select_option("vpn")
    page.wait_for_url(f"**{REPORT}?scope=vpn")
    assert f"({len(measures_on_page(['vpn']))})" in page.locator(".vp-report__sheet header").inner_text()
    page.get_by_label("Organisation", exact=True).fill("Example VPN Ltd")
    page.get_by_label("Organisation", exact=True).blur()
    page.wait_for_function(
        "() => { const d = JSON.parse(localStorage.getItem('vp-self-assessment-v2') || 'null');"
        " return Boolean(d) && d.assessments[d.current].organisation === 'Example VPN Ltd'; }"
    )
    page.locator(".vp-report__who").get_by_text("Example VPN Ltd").wait_for()


# ---------------------------------------------------------------------------------------------------------
# The combined checklist
# ---------------------------------------------------------------------------------------------------------


def visible_ids(page) -> list[str]:
    return page.locator("article.vp-measure:visible").evaluate_all(
        "articles => articles.map(a => a.dataset.measureId)"
    )


@BOTH
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
    mark(page, "P1-01", "done")
    expect(page.locator("#vp-progress-overall-text")).to_have_text(
        progress({"P1-01": "done"}, measures_on_page(chosen))
    )
    # The report link takes the choice along.
    assert (
        page.get_by_role("link", name="Report to print")
        .get_attribute("href")
        .endswith(f"{REPORT}?scope=combined:social-media,messaging")
    )
    mark(page, "P1-02", "in-progress", "n")
    _, body = download(page, "Export JSON")
    exported = json.loads(body)
    assert exported["scope"] == "combined:social-media,messaging"
    assert [m["id"] for m in exported["measures"]] == ["P1-01", "P1-02"]
    # The CSV: every measure shown, each with its tier for the chosen service types (the strictest).
    _, body = download(page, "Export CSV")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert [r["id"] for r in rows] == shown
    for r in rows:
        m = MODEL.measure(r["id"])
        tiers = {m.tier_for(s) for s in chosen if s in m.service_types}
        assert r["tier"] == ("baseline" if "baseline" in tiers else tiers.pop()), r["id"]

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


# ---------------------------------------------------------------------------------------------------------
# Accessibility and print
# ---------------------------------------------------------------------------------------------------------


def axe_reports(v, label: str) -> list[str]:
    reports = []
    axe = Axe()
    for scheme in SCHEMES:
        v.switch(scheme)
        violations = axe.run(v.page, options=AXE_OPTIONS).response["violations"]
        if violations:
            reports.append(f"{label} ({scheme}): {format_violations(violations)}")
    return reports


# The smallest checklist and a small combination: axe-core takes seconds on a long page, and every page
# (the combined checklist with all its measures included) is checked without widgets in test_browser.py.
@pytest.mark.parametrize(
    ("origin", "path", "scope", "width"),
    [
        *(
            ("mkdocs", path, scope, width)
            for path, scope in [("/checklists/vpn/", "vpn"), (COMBINED + "?services=vpn,isp", "combined")]
            for width in ("wide", "phone")
        ),
        # Zensical's theme styles the same widgets: the smallest checklist, on a phone.
        ("zensical", "/checklists/vpn/", "vpn", "phone"),
    ],
    indirect=["origin"],
)
def test_widgets_in_use_are_accessible(path, scope, width, visit, tmp_path: Path):
    """axe-core with statuses, a reason, a note, owner, date, links, a message, the announcement, the
    import's preview and the assessments' dialog shown, in both colour schemes, wide and on a phone."""
    options = (
        {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}
        if width == "phone"
        else {}
    )
    v = visit("light", **options)
    v.open(path)
    page = v.page
    wait_for_widgets(page, scope)
    first, second, third = visible_ids(page)[:3]
    mark(page, first, "done", "Checked by the trust and safety lead")
    mark(page, second, "in-progress")
    mark(page, third, "not-applicable")
    open_more(page, first)
    field(page, "Owner of", first).fill("Ann")
    field(page, "Evidence links (https, one a line) for", first).fill("https://example.org/policy")
    page.locator(".vp-toolbar input[type=file]").set_input_files(
        files=[{"name": "bad.json", "mimeType": "application/json", "buffer": b"{"}]
    )
    page.get_by_text("Nothing was imported from bad.json").wait_for()
    page.wait_for_function("() => document.querySelector('.vp-toolbar [aria-live=polite]').textContent")
    field(page, "Note on", second).focus()
    wait_for_all_controls(page)  # every measure laid out: axe-core reads stale positions in skipped ones
    sizes = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert sizes["scroll"] <= sizes["inner"], f"horizontal scroll: {sizes}"
    reports = axe_reports(v, path)
    # The import's preview, open, with a measure that differs.
    _, body = download(page, "Export JSON")
    changed = json.loads(body)
    changed["measures"][0]["status"] = "in-progress"
    changed["measures"][0]["updated"] = "2020-01-01T00:00:00.000Z"
    changed["measures"][0]["times"] = {}
    choose_file(page, tmp_path / "older.json", json.dumps(changed))
    preview(page)
    reports += axe_reports(v, path + " with the import's preview")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Assessments…").click()
    page.get_by_role("dialog", name="Assessments in this browser").wait_for()
    reports += axe_reports(v, path + " with the assessments' dialog")
    assert not reports, "\n".join(reports)


@pytest.mark.parametrize("width", ["wide", "phone"])
def test_report_is_accessible(width, visit):
    options = (
        {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}
        if width == "phone"
        else {}
    )
    v = visit("light", **options)
    v.open(REPORT)
    seed(v.page, KEY, full_assessment("vpn"))
    open_report(v, "?scope=vpn")
    sizes = v.page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert sizes["scroll"] <= sizes["inner"], f"horizontal scroll: {sizes}"
    reports = axe_reports(v, REPORT)
    assert not reports, "\n".join(reports)


@BOTH
def test_print(visit):
    """On paper: no navigation, header, toolbar buttons or controls; each measure's status, reason, owner,
    due date, note and evidence, and its full permalink."""
    v = visit()
    v.open(CHECKLIST)
    page = v.page
    wait_for_widgets(page, "messaging")
    mark(page, "P1-01", "done", "Signed off by legal")
    mark(page, "P1-02", "not-adopted", reason="Covered by P1-01")
    open_more(page, "P1-01")
    field(page, "Owner of", "P1-01").fill("Ann")
    field(page, "Due date of", "P1-01").fill("2026-03-01")
    field(page, "Evidence links (https, one a line) for", "P1-01").fill("https://example.org/policy")
    wait_saved(page, "P1-01", evidence=["https://example.org/policy"])
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
    assert first.locator(".vp-print-status").inner_text() == (
        "Status: Done. Owner: Ann. Due: 1 March 2026. Note: Signed off by legal Evidence: https://example.org/policy."
    )
    assert page.locator('article[data-measure-id="P1-02"] .vp-print-status').inner_text() == (
        "Status: Considered, not adopted. Reason: Covered by P1-01."
    )
    assert page.locator(".vp-print-status:visible").count() == len(measures_on_page(["messaging"]))
    permalink = first.locator("a.vp-permalink")
    assert permalink.is_visible()
    assert permalink.inner_text() == f"{v.origin}{CHECKLIST}#P1-01"
    assert page.locator("#vp-progress-overall-text").is_visible()
    assert page.locator(".vp-toolbar__print").is_visible()


# ---------------------------------------------------------------------------------------------------------
# Built and loaded as needed
# ---------------------------------------------------------------------------------------------------------

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
    seed(page, KEY, v2_state({last.id: {"status": "done", "note": "Far down"}}))
    page.reload()
    wait_for_widgets(page, "messaging")
    page.locator(f'article[data-measure-id="{first.id}"]').scroll_into_view_if_needed()
    group(page, first.id).wait_for()
    page.evaluate("() => window.scrollTo(0, 0)")
    assert not has_controls(page, middle.id)
    assert not has_controls(page, last.id)

    assert page.locator("#vp-progress-overall-text").inner_text() == progress({last.id: "done"}, on_page)
    _, body = download(page, "Export JSON")
    exported = json.loads(body)
    assert [m["id"] for m in exported["measures"]] == [last.id]
    assert exported["measures"][0]["title"] == last.title
    assert (exported["measures"][0]["status"], exported["measures"][0]["note"]) == ("done", "Far down")
    imported = {
        "format": FORMAT,
        "version": 2,
        "exported": "2026-05-02T10:00:00.000Z",
        "measures": [{"id": middle.id, "status": "in-progress", "note": "Imported"}],
    }
    page.locator(".vp-toolbar input[type=file]").set_input_files(
        files=[{"name": "team.json", "mimeType": "application/json", "buffer": json.dumps(imported).encode()}]
    )
    preview(page).get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported team.json: 1 measure changed").wait_for()
    assert not has_controls(page, middle.id)

    # Following a link to a measure (its anchor): its controls are built, showing what is saved.
    page.evaluate("id => { window.location.hash = id; }", middle.id)
    group(page, middle.id).wait_for()
    assert checked_status(page, middle.id) == "in-progress"
    assert field(page, "Note on", middle.id).input_value() == "Imported"
    # Scrolling to the last measure.
    page.locator(f'article[data-measure-id="{last.id}"]').scroll_into_view_if_needed()
    group(page, last.id).wait_for()
    assert checked_status(page, last.id) == "done"
    assert field(page, "Note on", last.id).input_value() == "Far down"

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


def test_modules_load_on_demand(visit, tmp_path: Path):
    """A checklist loads only what it shows; an export, the import and a dialog bring their modules when
    used; a page without the self-assessment loads only the entry module."""
    v = visit()
    page = v.page
    loaded: list[str] = []

    def mine(request):
        if "/javascripts/assessment" in request.url:
            loaded.append(request.url.rsplit("/", 1)[-1])

    page.on("request", mine)
    v.open("/about/")
    page.wait_for_timeout(300)
    assert loaded == ["assessment.js"]
    loaded.clear()
    v.open(CHECKLIST)
    wait_for_all_controls(page)
    assert [n for n in ON_DEMAND if n in loaded] == []
    assert "combined.js" not in loaded
    mark(page, "P1-01", "done")
    wait_saved(page, "P1-01", status="done")
    assert "merge.js" in loaded
    assert "files.js" not in loaded
    download(page, "Export JSON")
    assert {"files.js", "export.js"} <= set(loaded)
    assert "panels.css" not in loaded
    assert "manage.js" not in loaded
    page.get_by_role("button", name="Assessments…").click()
    page.get_by_role("dialog", name="Assessments in this browser").wait_for()
    assert {"manage.js", "panels.css"} <= set(loaded)
    assert "report.js" not in loaded


@BOTH
def test_without_javascript(visit):
    """Every measure, its permalink and the combined checklist's form; no control anywhere; printable. The
    report says it needs JavaScript and that the assessment lives only in this browser."""
    v = visit(java_script_enabled=False)
    page = v.page
    content = page.locator("article.md-content__inner")
    for path, service_types in [(CHECKLIST, ["messaging"]), (COMBINED, [s.id for s in MODEL.service_types])]:
        page.goto(v.origin + path)
        expected = [m.id for m in measures_on_page(service_types)]
        assert visible_ids(page) == expected
        assert content.locator("fieldset.vp-assess, .vp-toolbar, progress, textarea, select").count() == 0
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
    page.goto(v.origin + REPORT)
    text = page.locator(".vp-report__nojs").inner_text()
    assert text.startswith("This report needs JavaScript.")
    assert "saved in this browser, which never leaves it" in text
    link = page.locator(".vp-report__checklists").get_by_role("link", name="Social media", exact=True)
    assert link.get_attribute("href") == "../social-media/"
