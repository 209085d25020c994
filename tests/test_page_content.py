"""Lighter pages (vpguide/pagecontent.py, called by the hook on every page): each glossary term marked up
where it first appears, permalinks named by aria-label, and the combined checklist's full measure texts in
a JSON file per principle, complete and with working links. The browser side (loading them) is in
tests/test_assessment.py."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from vpguide import pagecontent
from vpguide.load import load_model

MODEL = load_model(ROOT / "data")
COMBINED = "checklists/combined/index.html"


def soup(site_dir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / path).read_text(encoding="utf-8"), "html.parser")


def words(node) -> str:
    return " ".join(node.get_text().split())


# --- The functions --------------------------------------------------------------------------------------


def test_first_abbreviations_keeps_the_first_of_each_term():
    html = (
        '<p><abbr title="Def A">A</abbr> and <abbr title="Def B">B</abbr>, then '
        '<abbr title="Def A">A</abbr> again and <abbr title="Def A2">A</abbr>.</p>'
    )
    assert pagecontent.first_abbreviations(html) == (
        '<p><abbr title="Def A" tabindex="0">A</abbr> and <abbr title="Def B" tabindex="0">B</abbr>, then '
        'A again and <abbr title="Def A2" tabindex="0">A</abbr>.</p>'
    )


def test_first_abbreviations_leave_terms_in_links_buttons_labels_and_summaries_plain():
    html = (
        '<p><a href="x">The <abbr title="D">A</abbr></a> then <abbr title="D">A</abbr>.</p>'
        '<details><summary><abbr title="E">E</abbr></summary><p><abbr title="E">E</abbr></p></details>'
        '<label><input type="checkbox"> <abbr title="F">F</abbr></label><button><abbr title="F">F</abbr></button>'
        '<article><aside><abbr title="G">G</abbr></aside></article>'
    )
    assert pagecontent.first_abbreviations(html) == (
        '<p><a href="x">The A</a> then <abbr title="D" tabindex="0">A</abbr>.</p>'
        '<details><summary>E</summary><p><abbr title="E" tabindex="0">E</abbr></p></details>'
        '<label><input type="checkbox"> F</label><button>F</button>'
        '<article><aside><abbr title="G" tabindex="0">G</abbr></aside></article>'
    )


def test_permalinks_are_named_not_described():
    html = '<h2 id="x">X<a class="headerlink" href="#x" title="Link to this section">&para;</a></h2>'
    assert pagecontent.label_permalinks(html) == (
        '<h2 id="x">X<a class="headerlink" href="#x" aria-label="Link to this section">&para;</a></h2>'
    )


def test_defer_details_takes_the_bodies_out_with_nested_divs():
    html = (
        '<article class="vp-measure" data-measure-id="P1-01"><h4 id="P1-01">One</h4>'
        '<div class="vp-details"><p class="vp-details__pending">Later.</p>'
        '<div class="vp-details__body" data-vp-details="1"><p>How <abbr title="T">t</abbr> '
        '<abbr title="T">t</abbr></p><div class="admonition"><div>nested</div></div></div></div>'
        "<p>after</p></article>"
        '<article class="vp-measure" data-measure-id="P2-01"><div class="vp-details">'
        '<div class="vp-details__body" data-vp-details="2"><p>Two</p></div></div></article>'
    )
    left, files = pagecontent.defer_details(html)
    assert left == (
        '<article class="vp-measure" data-measure-id="P1-01"><h4 id="P1-01">One</h4>'
        '<div class="vp-details" data-vp-details-src="details/principle-1.json">'
        '<p class="vp-details__pending">Later.</p></div><p>after</p></article>'
        '<article class="vp-measure" data-measure-id="P2-01">'
        '<div class="vp-details" data-vp-details-src="details/principle-2.json"></div></article>'
    )
    assert files == {
        "details/principle-1.json": {
            "format": "vp-combined-details",
            "principle": 1,
            "measures": {
                # Each file is lightened on its own: the term's second appearance loses its markup.
                "P1-01": '<p>How <abbr title="T" tabindex="0">t</abbr> t</p><div class="admonition"><div>nested</div></div>'
            },
        },
        "details/principle-2.json": {
            "format": "vp-combined-details",
            "principle": 2,
            "measures": {"P2-01": "<p>Two</p>"},
        },
    }
    assert pagecontent.defer_details("<p>no details here</p>") == ("<p>no details here</p>", {})


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        (
            '<div class="vp-details"><div class="vp-details__body" data-vp-details="1"><p>x</p></div></div>',
            "outside",
        ),
        (
            '<article data-measure-id="P1-01"><div class="vp-details__body" data-vp-details="1"></div></article>',
            "not inside",
        ),
        (
            '<article data-measure-id="P1-01"><div class="vp-details"><div class="vp-details__body" data-vp-details="1">',
            "never closed",
        ),
    ],
)
def test_defer_details_refuses_what_it_cannot_split(html, problem):
    with pytest.raises(ValueError, match=problem):
        pagecontent.defer_details(html)


# --- The built site -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["checklists/social-media/index.html", COMBINED, "principles/1/index.html", "glossary/index.html"]
)
def test_each_term_is_marked_up_once_per_page(site_dir, path):
    page = soup(site_dir, path)
    terms = [(a.get_text(), a["title"]) for a in page.select("article abbr[title]")]
    assert terms, f"no glossary term on {path}"
    assert len(terms) == len(set(terms)), f"a term is marked up twice on {path}"


def test_the_largest_checklist_marks_up_every_term_it_uses(site_dir):
    """Each glossary term the page mentions is marked up (once): none is lost."""
    page = soup(site_dir, "checklists/social-media/index.html")
    content = words(page.select_one("article"))
    marked = {a.get_text() for a in page.select("article abbr[title]")}
    used = {t.term for t in MODEL.glossary if f" {t.term} " in f" {content} "}
    assert used
    assert used <= marked, used - marked


def test_permalinks_have_a_name_and_no_tooltip(site_dir):
    page = soup(site_dir, "checklists/social-media/index.html")
    links = page.select("a.headerlink")
    assert len(links) > 50
    for link in links:
        assert link["aria-label"] == "Link to this section"
        assert not link.has_attr("title")


@pytest.fixture(scope="module")
def combined(site_dir):
    return soup(site_dir, COMBINED)


@pytest.fixture(scope="module")
def deferred(site_dir) -> dict[str, dict]:
    folder = site_dir / "checklists" / "combined" / "details"
    return {
        p.relative_to(folder.parent).as_posix(): json.loads(p.read_text(encoding="utf-8"))
        for p in folder.glob("*.json")
    }


def test_combined_checklist_keeps_every_measure_with_where_the_rest_is(combined):
    articles = combined.select("article.vp-measure[data-measure-id]")
    assert [a["data-measure-id"] for a in articles] == [
        m.id
        for t in MODEL.themes
        for p in MODEL.principles_of(t.id)
        for m in MODEL.measures_for(principle=p.number)
        if m.principles[0] == p.number
    ]
    for article in articles:
        measure = MODEL.measure(article["data-measure-id"])
        assert article.select_one(f'h4[id="{measure.id}"]')
        assert " ".join(measure.what.replace("*", "").split())[:60] in words(article)
        # Without JavaScript, the rest is one link away: the measure on each checklist it applies to.
        applies = [a["href"] for a in article.select(".vp-applies a")]
        assert applies == [f"../{s}/#{measure.id}" for s in measure.service_types]
        holder = article.select_one(".vp-details")
        assert holder["data-vp-details-src"] == f"details/principle-{measure.principles[0]}.json"
        assert holder.select_one(".vp-details__pending")
        assert not holder.select(".vp-details__body, [data-vp-service-note]")
        assert article.select_one("a.vp-permalink")


def test_deferred_texts_are_complete(deferred):
    expected = {}
    for m in MODEL.measures:
        expected.setdefault(f"details/principle-{m.principles[0]}.json", []).append(m.id)
    assert {name: list(data["measures"]) for name, data in deferred.items()} == expected
    for name, data in deferred.items():
        assert data["format"] == "vp-combined-details"
        assert name == f"details/principle-{data['principle']}.json"
        for measure_id, html in data["measures"].items():
            measure = MODEL.measure(measure_id)
            body = BeautifulSoup(html, "html.parser")
            text = words(body)
            assert text.startswith("How.")
            for item in measure.evidence:
                assert " ".join(item.replace("*", "").split()) in text, (measure_id, item)
            notes = [n["data-vp-service-note"] for n in body.select("[data-vp-service-note]")]
            assert notes == [s for s, _ in measure.service_notes], measure_id
            for reference in measure.references:
                assert body.select_one(f'a[href="{MODEL.reference(reference).url}"]'), (measure_id, reference)


def test_deferred_links_resolve_from_the_combined_checklist(site_dir, deferred):
    """The texts are put into the combined checklist, so their relative links are relative to it."""
    ids: dict[Path, set[str]] = {}
    checked = 0
    for data in deferred.values():
        for measure_id, html in data["measures"].items():
            for a in BeautifulSoup(html, "html.parser").select("a[href]"):
                href = a["href"]
                if urlsplit(href).scheme:
                    continue
                url, fragment = urldefrag(href)
                target = (site_dir / "checklists" / "combined" / unquote(url)).resolve()
                if target.is_dir():
                    target /= "index.html"
                assert target.exists(), (measure_id, href)
                if fragment:
                    if target not in ids:
                        ids[target] = {
                            e["id"]
                            for e in BeautifulSoup(target.read_text("utf-8"), "html.parser").select("[id]")
                        }
                    assert fragment in ids[target], (measure_id, href)
                checked += 1
    assert checked > 50
