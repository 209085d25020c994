"""Page weight: what a first visit to a page loads, and the search index. Shared by `make bench` and
tests/test_budgets.py, so that the budget and the figure in the README are the same measurement.

First load = every response Chromium receives for a fresh visit (empty cache) until the network is idle:
the HTML, CSS, JavaScript (the search worker's script included), images and fonts, each compressed with
Python's gzip at level 9 (images too, where it changes next to nothing). The search index (MkDocs +
Material's `search/search_index.json`, fetched by its search worker on every first visit; Zensical's
`search.json`) is left out and reported, and budgeted, on its own.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# Budgets that are not timings; tests/test_budgets.py keeps them.
KB = 1000
# At most 150 KB gzip on first load for any of the budget pages.
FIRST_LOAD_BUDGET = 150 * KB
# The search index: each measure once, with its full text (vpguide/search.py), about 0.5 MB raw and 120 KB
# gzip for 104 measures. Material's worker downloads the whole index on a first visit, after the page has
# loaded; on a slow mobile connection (1.6 Mbit/s) 150 KB is under a second.
SEARCH_INDEX = "search/search_index.json"
SEARCH_INDEXES = (SEARCH_INDEX, "search.json")  # MkDocs + Material's, Zensical's
SEARCH_INDEX_RAW_BUDGET = 700 * KB
SEARCH_INDEX_GZIP_BUDGET = 150 * KB


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


# The pages the budgets cover, by name.
PAGES = (
    "home",
    "principle",
    "largest checklist",
    "largest law page",
    "whole guidance, printable",
    "combined checklist, every service type",
)


def budget_pages(site_dir: Path) -> dict[str, str]:
    """The URL path (with query) on the site of each of PAGES: the home page, principle 1, the largest
    checklist and the largest law page (by HTML bytes), the whole guidance in one document, and the combined
    checklist with every service type chosen (all its checkboxes, in the address as a visitor would share
    it)."""
    checklists = [p for p in (site_dir / "checklists").glob("*/index.html") if p.parent.name != "combined"]
    largest = max(checklists, key=lambda p: p.stat().st_size)
    laws = list((site_dir / "law").glob("*/index.html"))
    law = max(laws, key=lambda p: p.stat().st_size).parent.name if laws else ""
    paths = (
        "/",
        "/principles/1/",
        f"/checklists/{largest.parent.name}/",
        f"/law/{law}/" if law else "/law/",
        "/print/",
        "/checklists/combined/?services=" + ",".join(all_services(site_dir)),
    )
    return dict(zip(PAGES, paths, strict=True))


def all_services(site_dir: Path) -> list[str]:
    """The service type ids, in the combined checklist's order."""
    from html.parser import HTMLParser

    ids: list[str] = []

    class Boxes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") == "services" and a.get("value"):
                ids.append(a["value"])

    Boxes().feed((site_dir / "checklists" / "combined" / "index.html").read_text(encoding="utf-8"))
    return ids


@dataclass
class Resource:
    url: str
    kind: str  # Playwright's resource type: document, stylesheet, script, image, font, fetch, ...
    raw: int
    gzip: int


@dataclass
class FirstLoad:
    page: str
    resources: list[Resource] = field(default_factory=list)
    search_index: Resource | None = None

    @property
    def gzip_total(self) -> int:
        return sum(r.gzip for r in self.resources)

    @property
    def raw_total(self) -> int:
        return sum(r.raw for r in self.resources)

    @property
    def html(self) -> Resource:
        return next(r for r in self.resources if r.kind == "document")

    def by_kind(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.resources:
            out[r.kind] = out.get(r.kind, 0) + r.gzip
        return out


def first_load(browser, origin: str, path: str) -> FirstLoad:
    """Open `origin + path` in a fresh context of `browser` (Playwright) and weigh what it loads."""
    context = browser.new_context()
    responses = []
    context.on("response", lambda response: responses.append(response))
    try:
        page = context.new_page()
        page.goto(origin + path, wait_until="networkidle")
        page.wait_for_timeout(300)  # late requests of the search worker
        result = FirstLoad(path)
        seen = set()
        for response in responses:
            url = response.url
            if not url.startswith(origin) or url in seen or response.status >= 300:
                continue
            seen.add(url)
            body = response.body()
            resource = Resource(
                url.removeprefix(origin), response.request.resource_type, len(body), gzip_size(body)
            )
            if urlsplit(url).path.endswith(tuple("/" + index for index in SEARCH_INDEXES)):
                result.search_index = resource
            else:
                result.resources.append(resource)
        return result
    finally:
        context.close()


def search_index_size(site_dir: Path) -> tuple[int, int]:
    """The search index's size (the generator's own, SEARCH_INDEXES): raw bytes and gzip level 9."""
    data = next(site_dir / i for i in SEARCH_INDEXES if (site_dir / i).is_file()).read_bytes()
    return len(data), gzip_size(data)
