"""The search knows the domain: real queries, typed into Material's search in a real browser, find what a
trust & safety lead or a policy officer would look for first; each measure is in the index once; the index
stays small."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from browser import serve
from test_browser import SETTLED, Visit

from vpguide import addresses as a
from vpguide.load import load_model
from vpguide.search import MATERIAL_INDEX

ROOT = Path(__file__).resolve().parent.parent
MODEL = load_model(ROOT / "data")
COMBINED = a.page_path(a.COMBINED_CHECKLIST)

# Query -> the section that must come first (Material lists sections grouped by page, each page's own entry
# first, which is left out here) and the sections that must also be on one of the first five pages listed.
QUERIES = {
    # A measure id is one term, exact id first, whatever the case.
    "P1-02": (f"{COMBINED}#P1-02", []),
    "p1-06": (f"{COMBINED}#P1-06", []),
    "P10-02": (f"{COMBINED}#P10-02", []),
    # The domain's words and abbreviations: the glossary's names for a term, its main measure first.
    "NCMEC report": (f"{COMBINED}#P1-06", ["glossary/#ncmec"]),
    "end-to-end encryption": (f"{COMBINED}#P2-07", ["glossary/#end-to-end-encryption"]),
    "E2EE": (f"{COMBINED}#P2-07", ["glossary/#end-to-end-encryption"]),
    "CSAM": (f"{COMBINED}#P1-01", ["glossary/#csam"]),
    "hash matching": (f"{COMBINED}#P1-02", ["glossary/#hash-matching"]),
    "sextortion": (f"{COMBINED}#P3-10", ["glossary/#sexual-extortion"]),
    "NCII": (f"{COMBINED}#P8-03", ["glossary/#ncii"]),
    "age assurance": (f"{COMBINED}#P7-02", []),
    "grooming": (f"{COMBINED}#P3-02", []),
    # A name that only a measure's full text holds (its references), which the page loads later.
    "PhotoDNA": (f"{COMBINED}#P1-02", []),
    "Take It Down": (f"{COMBINED}#P8-03", ["law/united-states/#us-take-it-down-act"]),
    # The law, by its numbers.
    "section 66": ("law/united-kingdom/#uk-osa-s66", []),
}


def index(site_dir: Path) -> dict:
    return json.loads((site_dir / MATERIAL_INDEX).read_text(encoding="utf-8"))


def test_each_measure_is_in_the_index_once_with_its_full_text(site_dir):
    docs = index(site_dir)["docs"]
    measure_locations = [d["location"] for d in docs if re.search(r"#P\d+-\d+$", d["location"])]
    assert sorted(measure_locations) == sorted(
        [f"{COMBINED}#{m.id}" for m in MODEL.measures] + [f"{COMBINED}#{r.id}" for r in MODEL.retired]
    )
    p1_02 = next(d for d in docs if d["location"] == f"{COMBINED}#P1-02")
    assert "PhotoDNA" in p1_02["keywords"]  # from the references, which the page itself loads later
    assert "Applies to: Social media" in p1_02["text"]  # its service types, shown
    # No checklist of a service type repeats a measure or the principles' official text.
    for service in MODEL.service_types:
        on_page = [d for d in docs if d["location"].startswith(a.page_path(a.checklist_uri(service.id)))]
        assert [d["location"] for d in on_page] == [a.page_path(a.checklist_uri(service.id))]


def test_glossary_names_are_keywords_and_never_shown(site_dir):
    docs = index(site_dir)["docs"]
    p2_07 = next(d for d in docs if d["location"] == f"{COMBINED}#P2-07")
    assert "E2EE" in p2_07["aliases"].split()
    assert "E2EE" not in p2_07["title"] + p2_07["text"]
    config = index(site_dir)["config"]
    assert {"keywords", "aliases", "terms"} <= set(config["fields"])


def test_the_index_is_at_most_150_kb_compressed(site_dir):
    size = len(gzip.compress((site_dir / MATERIAL_INDEX).read_bytes(), compresslevel=9))
    assert size <= 150_000, f"search index: {size / 1000:.1f} KB gzip"


@pytest.fixture(scope="module")
def origin(site_dir):
    with serve(site_dir) as url:
        yield url


def found(v: Visit, query: str) -> list[list[str]]:
    """What the search lists for `query`: for each page in order, its sections in order (addresses from the
    site's root; the page's own entry, which Material always shows first, left out)."""
    page = v.page
    v.open("/")  # afresh: the search's state never carries over from the last query
    page.wait_for_function(SETTLED, arg="default")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query)
    # Material answers each key press; the list is final once its highlight term is the query's last.
    last = query.lower().split()[-1]
    page.wait_for_function(
        """last => { const a = [...document.querySelectorAll('.md-search-result__list a')].find(a => a.hash);
                     return a && (new URL(a.href).searchParams.get('h') || '').split(' ').some(t => t.startsWith(last)); }""",
        arg=last,
    )
    groups = page.eval_on_selector_all(
        ".md-search-result__list > li",
        "items => items.map(li => [...li.querySelectorAll('a')].map(a => a.href))",
    )
    origin = v.origin + "/"
    out = []
    for hrefs in groups:
        addresses = [re.sub(r"\?h=[^#]*", "", href).removeprefix(origin) for href in hrefs]
        out.append([address for address in dict.fromkeys(addresses) if "#" in address])
    return out


@pytest.fixture(scope="module")
def searching(browser, origin):
    v = Visit(browser, origin, "light", search=True)
    yield v
    v.close()


@pytest.mark.parametrize("query", list(QUERIES))
def test_query_finds_what_is_looked_for_first(searching, query):
    first, among = QUERIES[query]
    groups = found(searching, query)
    sections = [address for group in groups for address in group]
    assert sections, f"{query!r}: nothing found"
    assert sections[0] == first, f"{query!r}: {[g[:3] for g in groups[:5]]}"
    near_top = [address for group in groups[:5] for address in group]
    for expected in among:
        assert expected in near_top, (
            f"{query!r}: {expected} not on the first five pages: {[g[:3] for g in groups[:5]]}"
        )
