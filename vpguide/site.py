"""The pages made from the model: which exist, where they live, their navigation, and their Markdown.

Python decides what goes on a page; the Jinja templates in `templates/` decide how it looks. Every page
source that MkDocs sees for a generated page is the same one line, `{{ generated_page() }}`: data never
enters a page source that a template engine evaluates. Text from data is autoescaped into Markdown, so it
can carry Markdown emphasis and links but never markup.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2

from . import export
from .crossref import in_prose
from .model import Model

TEMPLATES = Path(__file__).parent / "templates"
# What MkDocs sees as the source of every generated page.
GENERATED_SOURCE = "{{ generated_page() }}\n"
# Fragments that hand-written pages may include: `{{ fragment("theme_cards") }}`.
FRAGMENTS = (
    "theme_cards",
    "introduction",
    "sources",
    "attribution",
    "governments",
    "risk_profile",
    "examples",
)
REPORTING = "reporting.md"
# The words in principles 1 to 5 that the reporting directory answers.
REPORT_PHRASE = "report to appropriate authorities"
GLOSSARY = "glossary.md"
# What changed in each version of the guidance, from data/changelog.yaml and the measures' versions.
CHANGES = "changes.md"


CHECKLISTS_INDEX = "checklists/index.md"
# One list for several service types, chosen in the browser (the choice lives in the URL).
COMBINED_CHECKLIST = "checklists/combined.md"
# The whole guidance in one document, to print or save as PDF (kept out of the navigation).
PRINT = "print.md"


def checklist_uri(service_type: str) -> str:
    return f"checklists/{service_type}.md"


def principle_uri(number: int) -> str:
    return f"principles/{number}.md"


def theme_uri(theme_id: str) -> str:
    return f"themes/{theme_id}/index.md"


PRINCIPLES_INDEX = "principles/index.md"


# A navigation section with more items than this is listed in full nowhere: on a page outside it, it is one
# link to its own page; on a page inside it, it lists this many items around the page and a link to its own
# page, which lists them all. The real sections are far shorter; without a limit, a site with hundreds of
# service types would carry every page's link in every page (README, Performance). `extra:
# navigation_section_limit` in mkdocs.yml sets another.
NAV_SECTION_LIMIT = 25


def nav_window(count: int, current: int | None, limit: int = NAV_SECTION_LIMIT) -> range:
    """Which of a navigation section's `count` items (positions 0 to count - 1) a page lists, the page's own
    item or the one that holds it being at `current` (None: none of them): all up to `limit`; beyond, `limit`
    items with the current one as near the middle as the ends allow."""
    if count <= limit:
        return range(count)
    start = min(max((current or 0) - limit // 2, 0), count - limit)
    return range(start, start + limit)


def page_address(src_uri: str) -> str:
    """The folder a page is published as (`use_directory_urls`): `checklists/web.md` -> `checklists/web`."""
    path = src_uri.removesuffix(".md")
    path = path.removesuffix("index") if path.endswith("/index") or path == "index" else path
    return path.rstrip("/") or "."


def relative_address(source: str, target: str) -> str:
    """The address of page `target` from page `source` (both docs-relative .md paths), as a link in the
    built site has it: `relative_address("old/glossary.md", "glossary.md")` -> `../../glossary/`."""
    rel = posixpath.relpath(page_address(target), page_address(source))
    return "./" if rel == "." else rel + "/"


def link_phrase(text: str, phrase: str, target: str) -> str:
    """Make every occurrence of `phrase` in Markdown `text` a link to `target`; the words stay as they are."""
    return text.replace(phrase, f"[{phrase}]({target})")


def month_year(value: str) -> str:
    """`2020-03` or `2020-03-05` -> `March 2020`."""
    return datetime.date.fromisoformat(value[:7] + "-01").strftime("%B %Y")


def in_sentence(name: str) -> str:
    """A name inside a sentence: lower case, acronyms kept (`Generative AI` -> `generative AI`)."""
    return " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in name.split(" "))


def long_date(value: str) -> str:
    """`2026-11-29` -> `29 November 2026`."""
    day = datetime.date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


def version_anchor(version: str) -> str:
    """The anchor of a version on the changes page: `1.2.0` -> `v1-2-0`."""
    return "v" + version.replace(".", "-")


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where MkDocs places it, relative to docs/
    nav_title: str
    template: str
    data_file: str  # the YAML it comes from, relative to the project, for "edit this page"
    principle: int | None = None
    theme: str | None = None
    service_type: str | None = None


class Site:
    """The generated pages of one model, and the renderer for them and for fragments."""

    generated_source = GENERATED_SOURCE

    def __init__(self, model: Model, site_url: str = ""):
        self.model = model
        self.site_url = site_url  # the published address, when known: for absolute permalinks
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._env.filters["month_year"] = month_year
        self._env.filters["long_date"] = long_date
        self._env.filters["in_sentence"] = in_sentence
        self._env.filters["version_anchor"] = version_anchor
        self._env.filters["link_phrase"] = link_phrase
        self._env.filters["risk_label"] = lambda risk_id: self.model.risk(risk_id).name.lower()

    @cached_property
    def pages(self) -> dict[str, GeneratedPage]:
        model, source = self.model, self.model.data_file("principles.yaml")
        pages = [
            GeneratedPage(PRINCIPLES_INDEX, "The Voluntary Principles", "principles_index.md.j2", source)
        ]
        for theme in model.themes:
            pages.append(
                GeneratedPage(theme_uri(theme.id), theme.heading, "theme.md.j2", source, theme=theme.id)
            )
            for p in model.principles_of(theme.id):
                title = f"{p.number}. {p.title}"
                pages.append(
                    GeneratedPage(
                        principle_uri(p.number), title, "principle.md.j2", source, principle=p.number
                    )
                )
        services = model.data_file("service_types.yaml")
        pages.append(GeneratedPage(CHECKLISTS_INDEX, "Checklists", "checklists_index.md.j2", services))
        pages.append(GeneratedPage(COMBINED_CHECKLIST, "Combined checklist", "combined.md.j2", services))
        for service in model.service_types:
            pages.append(
                GeneratedPage(
                    checklist_uri(service.id),
                    service.name,
                    "checklist.md.j2",
                    services,
                    service_type=service.id,
                )
            )
        pages.append(
            GeneratedPage(
                REPORTING, "Where to report", "reporting.md.j2", model.data_file("jurisdictions.yaml")
            )
        )
        pages.append(GeneratedPage(GLOSSARY, "Glossary", "glossary.md.j2", model.data_file("glossary.yaml")))
        pages.append(GeneratedPage(PRINT, "The whole guidance, printable", "print.md.j2", source))
        pages.append(GeneratedPage(CHANGES, "Changes", "changes.md.j2", model.data_file("changelog.yaml")))
        return {page.src_uri: page for page in pages}

    def checklists_nav(self) -> list:
        """The checklists index (the section's own page), the combined checklist, then one page per
        service type."""
        combined = {self.pages[COMBINED_CHECKLIST].nav_title: COMBINED_CHECKLIST}
        return [CHECKLISTS_INDEX, combined] + [
            {self.pages[checklist_uri(s.id)].nav_title: checklist_uri(s.id)} for s in self.model.service_types
        ]

    def downloads(self) -> dict[str, str]:
        """Every download by its path under the site root."""
        return export.downloads(self.model, self.site_url)

    def nav(self) -> list:
        """The navigation of the generated pages: the principles index (the section's own page, with
        `navigation.indexes`), then a section per theme with its principles."""
        items: list = [PRINCIPLES_INDEX]
        for theme in self.model.themes:
            children: list = [theme_uri(theme.id)]
            children += [
                {self.pages[principle_uri(p.number)].nav_title: principle_uri(p.number)}
                for p in self.model.principles_of(theme.id)
            ]
            items.append({self.pages[theme_uri(theme.id)].nav_title: children})
        return items

    def render_page(self, src_uri: str) -> str:
        page = self.pages[src_uri]
        model = self.model
        context = {}
        if page.principle is not None:
            principle = model.principle(page.principle)
            previous, following = model.neighbours(principle.number)
            context = {
                "p": principle,
                "theme": model.theme(principle.theme),
                "related": [model.principle(n) for n in principle.related],
                "previous": previous,
                "next": following,
                "reporting": model.reporting_applies(principle.number),
            }
        elif page.theme is not None:
            context = {"theme": model.theme(page.theme), "principles": model.principles_of(page.theme)}
        elif page.service_type is not None:
            context = {"service": model.service_type(page.service_type)}
        return self._render(page.template, src_uri, context)

    @cached_property
    def abbreviations(self) -> str:
        """Markdown abbreviation definitions for every glossary term, to append to every page."""
        return self._env.get_template("abbreviations.md.j2").render(model=self.model)

    def reference_link(self, reference_id: str) -> str:
        """A Markdown link to a reference's official address, for hand-written pages."""
        reference = self.model.reference(reference_id)
        return self._env.from_string("[{{ r.name }}]({{ r.url }})").render(r=reference)

    def render_fragment(self, name: str, current_uri: str) -> str:
        if name not in FRAGMENTS:
            raise KeyError(f"unknown fragment {name!r}; known: {', '.join(FRAGMENTS)}")
        return self._render(f"fragments/{name}.md.j2", current_uri, {})

    def _render(self, template: str, current_uri: str, context: dict) -> str:
        base = posixpath.dirname(current_uri)

        def url(target: str, anchor: str = "") -> str:
            """A Markdown link from the current page to `target` (a docs-relative .md path); MkDocs
            checks it and turns it into the page's address."""
            rel = posixpath.relpath(target, base or ".")
            return rel + (f"#{anchor}" if anchor else "")

        def href(target: str, anchor: str = "") -> str:
            """The same link as a final address, for raw HTML, which MkDocs leaves alone."""
            rel = posixpath.relpath(page_address(target), page_address(current_uri))
            return ("" if rel == "." else rel + "/") + (f"#{anchor}" if anchor else "")

        def file_href(path: str) -> str:
            """The address of a file (a path from the site root) from the current page, for raw HTML."""
            return posixpath.relpath(path, page_address(current_uri))

        def measure_links(text: str, service_type: str | None = None) -> str:
            """Turn measure ids mentioned in the prose of text ("see P9-07") into links: to the measure on
            this checklist when it applies here (on the printable document, to it there), otherwise to it on
            the first checklist it applies to. An id inside a link or a code span stays as written."""

            def link(match: re.Match) -> str:
                measure = self.model.measure(match.group(0))
                if service_type in measure.service_types and current_uri == checklist_uri(service_type):
                    return f"[{measure.id}](#{measure.id})"
                if current_uri == PRINT:  # every measure is on the page, as `#print-P9-07`
                    return f"[{measure.id}](#print-{measure.id})"
                return f"[{measure.id}]({url(checklist_uri(measure.service_types[0]), measure.id)})"

            return in_prose(text, link)

        def permalink(anchor: str) -> str:
            """The address of `anchor` on the current page: absolute when the site's address is known."""
            return export.page_permalink(self.site_url, page_address(current_uri) + "/", anchor)

        return self._env.get_template(template).render(
            model=self.model,
            url=url,
            href=href,
            file_href=file_href,
            measure_links=measure_links,
            principle_uri=principle_uri,
            theme_uri=theme_uri,
            checklist_uri=checklist_uri,
            principles_index=PRINCIPLES_INDEX,
            checklists_index=CHECKLISTS_INDEX,
            combined_checklist=COMBINED_CHECKLIST,
            permalink=permalink,
            reporting_page=REPORTING,
            changes_page=CHANGES,
            REPORT_PHRASE=REPORT_PHRASE,
            export=export,
            **context,
        )
