"""The whole guidance in one document (/print/, vpguide/templates/print.md.j2), printed to PDF by headless
Chromium: the PDF's text has every measure id of the data and every principle's statement, a sane number of
pages, and nothing of the site's navigation. The same reading of a checklist's PDF names the measures it
lacks, so the check can fail. The built page itself: official text marked as everywhere else, measure
headings with ids of their own (`#print-P1-03`; `#P1-03` belongs to the checklists), no self-assessment.

The PDF's text is read with pypdf (requirements-test.txt). Chromium writes one text operation per glyph, so
reading the 120 or so pages is most of this module's time.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import serve
from bs4 import BeautifulSoup
from conftest import ROOT
from pypdf import PdfReader

from vpguide.load import load_model

# With pytest-xdist (`make test`), this module's tests run in one process: the printed guidance, printed and read once.
pytestmark = pytest.mark.xdist_group("print")

MODEL = load_model(ROOT / "data")
PRINT = "/print/"
# A measure id in the PDF's text; a line may break after its hyphen ("P9-" at the end of a line, "07" next).
ID_IN_TEXT = re.compile(r"\bP([0-9]{1,2})- ?([0-9]{2})\b")
# Text of the site's frame that must not reach paper: the skip link, the help line, the header's site name,
# the navigation's sections, the table of contents and "back to top". Each is checked to be on the page.
FRAME_TEXT = [
    "Skip to content",
    "Need support, or to report abuse?",
    "Voluntary Principles in practice",
    "How to apply",
    "Themes and principles",
    "Table of contents",
    "Back to top",
]
A4 = {"format": "A4"}


@dataclass
class Printed:
    pages: int
    text: str  # every page's text, whitespace collapsed to single spaces
    frame: str  # the page's text content on screen, the frame included


def read_pdf(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def ids_in(text: str) -> set[str]:
    return {f"P{number}-{serial}" for number, serial in ID_IN_TEXT.findall(text)}


def missing_ids(text: str, expected) -> list[str]:
    """The ids in `expected` that the text does not show, in order."""
    found = ids_in(text)
    return [i for i in expected if i not in found]


def squeeze(text: str) -> str:
    """Text without any whitespace, so that where lines break does not matter."""
    return "".join(text.split())


def plain(markdown: str) -> str:
    """Markdown text as printed: emphasis markers and link syntax gone."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown).replace("*", "")


def print_to_pdf(browser, origin: str, path: str) -> tuple[bytes, str, dict]:
    """Open `path`, let the site's scripts run, print it as a PDF; also the page's text content and what
    the self-assessment script found to act on, as printed."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(origin + path, wait_until="networkidle")
        page.emulate_media(media="print")
        # Printing loads each measure's long parts first (docs/javascripts/details.js): the state after it.
        pdf = page.pdf(**A4)
        state = page.evaluate(
            """() => ({
                assessment: document.querySelectorAll(
                    '.vp-assessment, .vp-toolbar, fieldset.vp-assess, .vp-print-status, [data-measure-id]'
                ).length,
                ids: [...document.querySelectorAll('article [id]')].map(el => el.id),
                printedText: document.querySelector('article').innerText,
            })"""
        )
        return pdf, page.evaluate("() => document.body.textContent"), state
    finally:
        context.close()


@pytest.fixture(scope="session")
def origin(site_dir: Path):
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def printed(browser, origin) -> tuple[Printed, dict]:
    pdf, frame, state = print_to_pdf(browser, origin, PRINT)
    pages, text = read_pdf(pdf)
    return Printed(pages, text, frame), state


def test_pdf_has_every_measure_id(printed):
    document, _ = printed
    assert missing_ids(document.text, [m.id for m in MODEL.measures]) == []


def test_pdf_has_every_principle_statement_and_the_reporting_note(printed):
    document, _ = printed
    text = squeeze(document.text)
    missing = [p.number for p in MODEL.principles if squeeze(plain(p.statement)) not in text]
    assert missing == [], f"statements of principles {missing} are not in the PDF"
    assert squeeze(plain(MODEL.reporting_note.text)) in text
    assert squeeze(plain(MODEL.introduction.paragraphs[0])) in text


def test_pdf_page_count_is_sane(printed):
    """About one measure a page: not cut short, not blown up by a broken layout."""
    document, _ = printed
    measures = len(MODEL.measures)
    assert measures // 3 <= document.pages <= 3 * measures + 20, document.pages


def test_pdf_has_no_navigation(printed):
    document, _ = printed
    on_page = [t for t in FRAME_TEXT if t in document.frame]
    assert on_page == FRAME_TEXT, "the frame's text is no longer on the page: update FRAME_TEXT"
    assert [t for t in FRAME_TEXT if t in document.text] == []
    assert "¶" not in document.text  # the headings' permalinks


def test_page_has_no_self_assessment_and_no_checklist_anchors(printed):
    """assessment.js finds nothing to act on; measure headings do not take the checklists' `#P1-03`."""
    _, state = printed
    assert state["assessment"] == 0
    measure_ids = {m.id for m in MODEL.measures}
    assert measure_ids.isdisjoint(state["ids"])
    assert {f"print-{i}" for i in measure_ids} <= set(state["ids"])


def test_check_names_what_a_pdf_lacks(browser, origin, site_dir):
    """The same reading of the PDF of the smallest checklist: its own measures are found, and every measure
    id the page does not show (neither a measure of its own nor one its text mentions) is reported missing."""
    service = min(MODEL.service_types, key=lambda s: len(MODEL.measures_for(service_type=s.id)))
    pdf, _, state = print_to_pdf(browser, origin, f"/checklists/{service.id}/")
    _, text = read_pdf(pdf)
    every_id = [m.id for m in MODEL.measures]
    shown = ids_in(state["printedText"])
    missing = missing_ids(text, every_id)
    assert missing, "a checklist's PDF cannot have every measure"
    assert missing == [i for i in every_id if i not in shown]
    assert missing_ids(text, [m.id for m in MODEL.measures_for(service_type=service.id)]) == []


def test_official_text_is_marked_as_everywhere_else(site_dir):
    """The introduction, each principle's statement and context, and the note on reporting: each in an
    "Official text" block, once."""
    soup = BeautifulSoup((site_dir / "print" / "index.html").read_text(encoding="utf-8"), "html.parser")
    blocks = soup.select("article .admonition.official")
    titles = [b.select_one(".admonition-title").get_text(strip=True) for b in blocks]
    expected = [f"Official text: {MODEL.introduction.heading}"]
    for p in MODEL.principles:
        expected.append(f"Official text: Principle {p.number}")
        if MODEL.reporting_note.applies_to and p.number == min(MODEL.reporting_note.applies_to):
            expected.append(MODEL.reporting_note.heading)
    # In the publication's order: the themes keep the principles in number order.
    assert titles == expected
