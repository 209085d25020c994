"""The site's Markdown extension (vpguide/mdext.py, which both generators load): each glossary term marked
up where it first appears, permalinks named by aria-label. And the measures' long parts on the checklists
and the printable guidance, which the renderer writes as a JSON file per page and principle, complete and
with working links, and in full on the principle pages. The browser side
(loading them) is in tests/test_assessment.py."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from vpguide.load import load_model
from vpguide.site import in_sentence

MODEL = load_model(ROOT / "data")
COMBINED = "checklists/combined/index.html"


def soup(site_dir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / path).read_text(encoding="utf-8"), "html.parser")


def words(node) -> str:
    return " ".join(node.get_text().split())


def convert(text: str, glossary: dict[str, str], *extensions) -> str:
    md = markdown.Markdown(
        extensions=[*extensions, "vpguide.mdext"], extension_configs={"vpguide.mdext": {"glossary": glossary}}
    )
    return md.convert(text)


# --- The extension --------------------------------------------------------------------------------------


def test_each_term_is_marked_where_it_first_appears():
    html = convert("A and B, then A again.\n\nA *third A* and B.", {"A": "Def A", "B": "Def B"})
    assert html == (
        '<p><abbr tabindex="0" title="Def A">A</abbr> and <abbr tabindex="0" title="Def B">B</abbr>, then A '
        "again.</p>\n<p>A <em>third A</em> and B.</p>"
    )


def test_terms_in_links_buttons_labels_summaries_and_code_stay_plain():
    html = convert(
        "[The A](https://www.example.org/) then `A` and A.\n\n"
        "<details markdown><summary>E</summary>E</details>\n\n"
        "<label markdown>F</label> <button>F</button>\n\n<article markdown>G and AB</article>",
        {"A": "D", "E": "E1", "F": "F1", "G": "G1"},
        "md_in_html",
    )
    page = BeautifulSoup(html, "html.parser")
    marked = [(a.get_text(), a.parent.name, a.parent.parent.name) for a in page.select("abbr")]
    assert marked == [("A", "p", "[document]"), ("E", "p", "details"), ("G", "p", "article")], html
    assert page.select_one("summary").get_text() == "E"
    assert page.select_one("label").get_text() == page.select_one("button").get_text() == "F"
    assert page.select_one("a").get_text() == "The A"
    assert page.select_one("code").get_text() == "A"
    assert "AB" in page.get_text()  # a term inside a longer word is no term


def test_a_term_gets_its_definition_as_title_and_no_markup_from_it():
    html = convert("CSAM here.", {"CSAM": 'Child sexual abuse material: "quoted" <b>not markup</b>'})
    assert html == (
        '<p><abbr tabindex="0" title="Child sexual abuse material: &quot;quoted&quot; &lt;b&gt;not markup&lt;/b&gt;">'
        "CSAM</abbr> here.</p>"
    )


def test_permalinks_are_named_not_described():
    md = markdown.Markdown(
        extensions=["toc", "vpguide.mdext"],
        extension_configs={"toc": {"permalink": True, "permalink_title": "Link"}},
    )
    html = md.convert("## X")
    assert html == '<h2 id="x">X<a aria-label="Link" class="headerlink" href="#x">&para;</a></h2>'


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
    marked_up = {a.get_text() for a in page.select("article abbr[title]")}
    for link in page.select("article a"):  # a term only inside a link stays plain (mdext.py)
        link.decompose()
    content = words(page.select_one("article"))
    marked = marked_up
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


# The pages whose measures' long parts the browser loads, each with its service type (None: every note).
DEFERRED_PAGES = [
    ("checklists/combined", None),
    *((f"checklists/{s.id}", s.id) for s in MODEL.service_types),
    ("print", None),
]


@pytest.fixture(scope="module")
def deferred(site_dir) -> dict[str, dict[str, dict]]:
    """Page folder -> details file name -> its parsed JSON."""
    return {
        page: {
            p.name: json.loads(p.read_text(encoding="utf-8"))
            for p in (site_dir / page / "details").glob("*.json")
        }
        for page, _ in DEFERRED_PAGES
    }


def _measures_on(service_type):
    return MODEL.measures_for(service_type=service_type) if service_type else MODEL.measures


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
        applies = words(article.select_one(".vp-applies"))
        assert (
            applies
            == "Applies to: " + ", ".join(MODEL.service_type(s).name for s in measure.service_types) + "."
        )
        assert "How." not in words(article)
        assert article.select_one("a.vp-permalink")


@pytest.mark.parametrize(("page", "service_type"), DEFERRED_PAGES, ids=[p for p, _ in DEFERRED_PAGES])
def test_each_measure_has_its_long_parts_one_link_away(site_dir, page, service_type):
    """Without JavaScript, the long parts of a measure are on its principle's page, one link away; the page
    holds the rest, a checklist its own service note too."""
    html = soup(site_dir, f"{page}/index.html")
    holders = html.select(".vp-details[data-vp-details-src]")
    assert sorted(h["data-vp-measure"] for h in holders) == sorted(m.id for m in _measures_on(service_type))
    for holder in holders:
        measure = MODEL.measure(holder["data-vp-measure"])
        main = measure.principles[0]
        assert holder["data-vp-details-src"] == f"details/principle-{main}.json"
        assert not holder.select(".vp-details__body, [data-vp-service-note]")
        links = [a["href"] for a in holder.select(".vp-details__pending a")]
        up = "../" * page.count("/") + "../"
        assert links == [f"{up}principles/{main}/#{measure.id}"], (page, measure.id)
        article = holder.find_parent("article")
        assert "How." not in words(article)
        assert "Why." not in words(article)
        note = measure.note_for(service_type) if service_type else None
        titles = [words(t) for t in article.select(".admonition.info .admonition-title")]
        name = in_sentence(MODEL.service_type(service_type).name) if note else ""
        assert titles == ([f"For {name}"] if note else []), (page, measure.id)


@pytest.mark.parametrize(("page", "service_type"), DEFERRED_PAGES, ids=[p for p, _ in DEFERRED_PAGES])
def test_deferred_texts_are_complete(deferred, page, service_type):
    expected = {}
    for m in _measures_on(service_type):
        expected.setdefault(f"principle-{m.principles[0]}.json", []).append(m.id)
    files = deferred[page]
    assert {name: list(data["measures"]) for name, data in files.items()} == expected
    for name, data in files.items():
        assert data["format"] == "vp-details"
        assert name == f"principle-{data['principle']}.json"
        for measure_id, html in data["measures"].items():
            measure = MODEL.measure(measure_id)
            body = BeautifulSoup(html, "html.parser")
            text = words(body)
            assert text.startswith("Why.")
            assert "How." in text
            # Each text is marked on its own, as a page would be: a term once at most.
            terms = [a.get_text() for a in body.select("abbr[title]")]
            assert len(terms) == len(set(terms)), measure_id
            for item in measure.evidence:
                assert " ".join(item.replace("*", "").split()) in text, (measure_id, item)
            notes = [n["data-vp-service-note"] for n in body.select("[data-vp-service-note]")]
            # A checklist holds its own note in the page.
            assert notes == ([] if service_type else [s for s, _ in measure.service_notes]), measure_id
            for reference in measure.references:
                assert body.select_one(f'a[href="{MODEL.reference(reference).url}"]'), (measure_id, reference)


@pytest.mark.parametrize(("page", "service_type"), DEFERRED_PAGES, ids=[p for p, _ in DEFERRED_PAGES])
def test_deferred_links_resolve_from_their_page(site_dir, deferred, page, service_type):
    """The texts are put into their page, so their relative links are relative to it."""
    ids: dict[Path, set[str]] = {}
    checked = 0
    for data in deferred[page].values():
        for measure_id, html in data["measures"].items():
            for a in BeautifulSoup(html, "html.parser").select("a[href]"):
                href = a["href"]
                if urlsplit(href).scheme:
                    continue
                url, fragment = urldefrag(href)
                target = (site_dir / page / unquote(url)).resolve()
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
    assert checked > len(_measures_on(service_type))


@pytest.mark.parametrize("principle", [p.number for p in MODEL.principles])
def test_a_principle_page_holds_its_measures_in_full(site_dir, principle):
    html = soup(site_dir, f"principles/{principle}/index.html")
    serving = MODEL.measures_for(principle=principle)
    main = [m for m in serving if m.principles[0] == principle]
    articles = html.select("article.vp-measure--full")
    assert [a.select_one("h3")["id"] for a in articles] == [m.id for m in main]
    for article, measure in zip(articles, main, strict=True):
        text = words(article)
        assert "How." in text
        assert " ".join(measure.why.replace("*", "").split())[:60] in text
        for item in measure.evidence:
            assert " ".join(item.replace("*", "").split()) in text, (measure.id, item)
        notes = [n["data-vp-service-note"] for n in article.select("[data-vp-service-note]")]
        assert notes == [s for s, _ in measure.service_notes]
        assert not article.has_attr("data-measure-id")  # not part of a self-assessment
    also = html.select_one("#also-serving")
    others = [m for m in serving if m.principles[0] != principle]
    if others:
        items = also.find_next("ul").select("li a")
        assert [a["href"] for a in items] == [f"../{m.principles[0]}/#{m.id}" for m in others]
    else:
        assert also is None
