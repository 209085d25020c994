"""Every address of the site: where each page and download lives, how pages link to each other, and the
permalinks that downloads and pages print. The one module that knows them; nothing else builds a path.

Pages are named by their source path in the docs folder (`checklists/messaging.md`), as the generators take
them; they are published as folders (`checklists/messaging/`, `use_directory_urls`). Downloads are files
under the site's root. Published addresses never change (permalinks.txt, tests/test_permalinks.py).
"""

from __future__ import annotations

import posixpath

# Pages generated from the data.
PRINCIPLES_INDEX = "principles/index.md"
CHECKLISTS_INDEX = "checklists/index.md"
# One list for several service types, chosen in the browser (the choice lives in the URL).
COMBINED_CHECKLIST = "checklists/combined.md"
# The self-assessment's report, made in the browser from what it saved (?scope=social-media).
REPORT = "checklists/report.md"
# The whole guidance in one document, to print or save as PDF (kept out of the navigation).
PRINT = "print.md"
REPORTING = "reporting.md"
# The law in force (data/obligations.yaml): what binds where, as of a date, and a page per jurisdiction.
LAW_INDEX = "law/index.md"
GLOSSARY = "glossary.md"
# What changed in each version of the guidance.
CHANGES = "changes.md"
ABOUT = "about.md"

# Downloads: a public contract (README, What the site is).
DATASET = "downloads/dataset.json"
DATASET_SCHEMA = "downloads/dataset.schema.json"
# The crosswalk from the law to the measures: one row per provision and measure, and its JSON Schema.
CROSSWALK_CSV = "downloads/crosswalk.csv"
CROSSWALK_JSON = "downloads/crosswalk.json"
CROSSWALK_SCHEMA = "downloads/crosswalk.schema.json"
# The guidance as an OSCAL 1.1 catalog (vpguide/oscal.py), for governance, risk and compliance tools.
OSCAL_CATALOG = "downloads/oscal/catalog.json"
# Not a download: every measure id, which the self-assessment reads when a file is imported, so that no
# checklist page has to carry them all.
MEASURE_IDS = "checklists/measure-ids.json"
# Each measure's full text on the checklists and the printable guidance, one file per page and principle,
# beside the page (details_file).
DETAILS_FOLDER = "details"
# Not a download: each measure's title, principle, tier and service types, which the report reads, beside it.
REPORT_DATA = "checklists/report/measures.json"


def principle_uri(number: int) -> str:
    return f"principles/{number}.md"


def theme_uri(theme_id: str) -> str:
    return f"themes/{theme_id}/index.md"


def law_uri(jurisdiction_id: str) -> str:
    """A jurisdiction's law page; each provision is an anchor on it, its id."""
    return f"law/{jurisdiction_id}.md"


def checklist_uri(service_type: str) -> str:
    return f"checklists/{service_type}.md"


def checklist_download(service_type: str, extension: str) -> str:
    return f"downloads/checklists/{service_type}.{extension}"


def details_file(page: str, principle: int) -> str:
    """The full texts of a principle's measures on `page` (a checklist or the printable guidance), from the
    site's root, in the page's folder: `checklists/social-media.md`, 1 ->
    `checklists/social-media/details/principle-1.json`."""
    return f"{page_path(page)}{DETAILS_FOLDER}/principle-{principle}.json"


def version_anchor(version: str) -> str:
    """The anchor of a version on the changes page: `1.2.0` -> `v1-2-0`."""
    return "v" + version.replace(".", "-")


def page_address(src_uri: str) -> str:
    """The folder a page is published as: `checklists/web.md` -> `checklists/web`; the home page is `.`."""
    path = src_uri.removesuffix(".md")
    path = path.removesuffix("index") if path.endswith("/index") or path == "index" else path
    return path.rstrip("/") or "."


def page_path(src_uri: str) -> str:
    """A page's address from the site's root, as published: `checklists/web.md` -> `checklists/web/`."""
    address = page_address(src_uri)
    return "" if address == "." else address + "/"


def markdown_link(source: str, target: str, anchor: str = "") -> str:
    """A link from page `source` to page or file `target` (both from the docs root) as Markdown needs it:
    relative, to the .md file, which the generator checks and turns into the page's address."""
    rel = posixpath.relpath(target, posixpath.dirname(source) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def relative_address(source: str, target: str, anchor: str = "") -> str:
    """The published address of page `target` from page `source` (both .md paths from the docs root), for
    raw HTML and redirects, which no generator rewrites: `relative_address("old/glossary.md",
    "glossary.md")` -> `../../glossary/`."""
    rel = posixpath.relpath(page_address(target), page_address(source))
    return ("./" if rel == "." else rel + "/") + (f"#{anchor}" if anchor else "")


def relative_file(source: str, path: str) -> str:
    """The address of a file (a path from the site's root) from page `source`, for raw HTML."""
    return posixpath.relpath(path, page_address(source))


def permalink(site_url: str, page: str, anchor: str = "") -> str:
    """The address of `anchor` on `page` (a .md path from the docs root): absolute when the site's address
    is known, otherwise from the site's root."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    return f"{base}{page_path(page)}" + (f"#{anchor}" if anchor else "")


def measure_permalink(site_url: str, service_type: str, measure_id: str) -> str:
    """The address of a measure on a checklist."""
    return permalink(site_url, checklist_uri(service_type), measure_id)
