"""The pages made from the model: which exist, their navigation, and their Markdown.

Python decides what goes on a page; the Jinja templates in `templates/` decide how it looks. Text from data
is only ever a value given to a template, autoescaped into the Markdown, never part of a template itself:
the hand-written pages (docs/*.md) are templates written by maintainers, whose data-driven parts
(`{{ fragment("theme_cards") }}`, `{{ reference("iwf") }}`) this module renders too, so that what a
generator reads is plain Markdown with nothing left to evaluate.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import addresses as a
from .crossref import in_prose
from .model import Model

TEMPLATES = Path(__file__).parent / "templates"
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
# The words in principles 1 to 5 that the reporting directory answers.
REPORT_PHRASE = "report to appropriate authorities"


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


def law_tokens(law, service_type: str | None) -> str:
    """The `data-vp-law` attribute of a measure's article, from `Model.law_for(..., binding=True)`, for the
    choice of jurisdictions on the checklists (docs/javascripts/law/core.js): on a service type's checklist,
    `jurisdiction:force` for each jurisdiction, `required` where any of its law requires the measure, else
    `expected`; on the combined checklist (`service_type` none),
    `jurisdiction:force:social-media+gaming`, with the service types that law binds."""
    if service_type:
        forces: dict[str, str] = {}
        for p, _ in law:
            if forces.get(p.jurisdiction) != "required":
                forces[p.jurisdiction] = p.force
        return " ".join(f"{j}:{force}" for j, force in forces.items())
    services: dict[tuple[str, str], list[str]] = {}
    for p, _ in law:
        found = services.setdefault((p.jurisdiction, p.force), [])
        found += [s for s in p.service_types if s not in found]
    return " ".join(f"{j}:{force}:{'+'.join(s)}" for (j, force), s in services.items())


def first_upper(text: str) -> str:
    """`in force since 17 March 2025` -> `In force since 17 March 2025`; unlike `capitalize`, the rest
    stays as it is."""
    return text[:1].upper() + text[1:]


def table_cell(text: str) -> str:
    """Text for a cell of a Markdown table: a `|` in it would end the cell."""
    return text.replace("|", "\\|")


def and_list(items) -> str:
    """`["A", "B", "C"]` -> `A, B and C`."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where the page lives in the docs folder
    nav_title: str
    template: str
    data_file: str  # the YAML it comes from, relative to the project, for "edit this page"
    principle: int | None = None
    theme: str | None = None
    service_type: str | None = None
    jurisdiction: str | None = None


class Site:
    """The generated pages of one model, and the renderer for them, for the hand-written pages' fragments
    and for the combined checklist's full texts."""

    def __init__(self, model: Model, site_url: str = "", repo_url: str = ""):
        self.model = model
        self.site_url = site_url  # the published address, when known: for absolute permalinks
        self.repo_url = repo_url  # the repository, when known: for "edit this page" and "report a problem"
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
        self._env.filters["and_list"] = and_list
        self._env.filters["table_cell"] = table_cell
        self._env.filters["first_upper"] = first_upper
        self._env.filters["version_anchor"] = a.version_anchor
        self._env.filters["link_phrase"] = link_phrase
        self._env.filters["risk_label"] = lambda risk_id: self.model.risk(risk_id).name.lower()
        self._env.filters["service_name"] = lambda sid: in_sentence(self.model.service_type(sid).name)
        self._pages = self._env.overlay(trim_blocks=False, lstrip_blocks=False)

    @cached_property
    def pages(self) -> dict[str, GeneratedPage]:
        model, source = self.model, self.model.data_file("principles.yaml")
        pages = [
            GeneratedPage(a.PRINCIPLES_INDEX, "The Voluntary Principles", "principles_index.md.j2", source)
        ]
        for theme in model.themes:
            pages.append(
                GeneratedPage(a.theme_uri(theme.id), theme.heading, "theme.md.j2", source, theme=theme.id)
            )
            for p in model.principles_of(theme.id):
                pages.append(
                    GeneratedPage(
                        a.principle_uri(p.number),
                        f"{p.number}. {p.title}",
                        "principle.md.j2",
                        source,
                        principle=p.number,
                    )
                )
        services = model.data_file("service_types.yaml")
        pages.append(GeneratedPage(a.CHECKLISTS_INDEX, "Checklists", "checklists_index.md.j2", services))
        pages.append(GeneratedPage(a.COMBINED_CHECKLIST, "Combined checklist", "combined.md.j2", services))
        pages.append(GeneratedPage(a.REPORT, "Self-assessment report", "report.md.j2", services))
        for service in model.service_types:
            pages.append(
                GeneratedPage(
                    a.checklist_uri(service.id),
                    service.name,
                    "checklist.md.j2",
                    services,
                    service_type=service.id,
                )
            )
        pages.append(
            GeneratedPage(
                a.REPORTING, "Where to report", "reporting.md.j2", model.data_file("jurisdictions.yaml")
            )
        )
        law = model.data_file("obligations.yaml")
        pages.append(GeneratedPage(a.LAW_INDEX, "The law", "law_index.md.j2", law))
        for j in model.law_jurisdictions:
            pages.append(GeneratedPage(a.law_uri(j.id), j.name, "law.md.j2", law, jurisdiction=j.id))
        pages.append(
            GeneratedPage(a.GLOSSARY, "Glossary", "glossary.md.j2", model.data_file("glossary.yaml"))
        )
        pages.append(GeneratedPage(a.PRINT, "The whole guidance, printable", "print.md.j2", source))
        pages.append(GeneratedPage(a.CHANGES, "Changes", "changes.md.j2", model.data_file("changelog.yaml")))
        return {page.src_uri: page for page in pages}

    def nav(self) -> list:
        """The navigation of the principles: their index (the section's own page, with
        `navigation.indexes`), then a section per theme with its principles."""
        items: list = [a.PRINCIPLES_INDEX]
        for theme in self.model.themes:
            children: list = [a.theme_uri(theme.id)]
            children += [
                {self.pages[a.principle_uri(p.number)].nav_title: a.principle_uri(p.number)}
                for p in self.model.principles_of(theme.id)
            ]
            items.append({self.pages[a.theme_uri(theme.id)].nav_title: children})
        return items

    def checklists_nav(self) -> list:
        """The checklists index (the section's own page), the combined checklist, the self-assessment's
        report, then one page per service type."""
        combined = {self.pages[a.COMBINED_CHECKLIST].nav_title: a.COMBINED_CHECKLIST}
        report = {self.pages[a.REPORT].nav_title: a.REPORT}
        return [a.CHECKLISTS_INDEX, combined, report] + [
            {self.pages[a.checklist_uri(s.id)].nav_title: a.checklist_uri(s.id)}
            for s in self.model.service_types
        ]

    def law_nav(self) -> list:
        """The law's index (the section's own page), then a page per jurisdiction whose law is described."""
        return [a.LAW_INDEX] + [
            {self.pages[a.law_uri(j.id)].nav_title: a.law_uri(j.id)} for j in self.model.law_jurisdictions
        ]

    @cached_property
    def glossary(self) -> dict[str, str]:
        """Each glossary term and the title it gets where it first appears on a page (vpguide/mdext.py)."""
        return {
            t.term: f"{t.expansion}: {t.definition}" if t.expansion else t.definition
            for t in self.model.glossary
        }

    def render_page(self, src_uri: str) -> str:
        """A generated page's Markdown."""
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
            context = {
                "service": model.service_type(page.service_type),
                "law_count": sum(
                    1
                    for m in model.measures_for(service_type=page.service_type)
                    if model.law_for(m.id, page.service_type, binding=True)
                ),
            }
        elif page.jurisdiction is not None:
            context = {"j": model.jurisdiction(page.jurisdiction)}
        return self._render(self._env.get_template(page.template), src_uri, context)

    def render_handwritten(self, source: str, src_uri: str) -> str:
        """A hand-written page (docs/*.md, a template) with its fragments and references rendered. Its
        lines stay as written around `{% ... %}` (no trimming, unlike the site's own templates)."""
        return self._render(self._pages.from_string(source), src_uri, {})

    def deferred_details(self) -> Iterator[tuple[str, str | None, list]]:
        """The pages whose measures' full texts are loaded by the browser (docs/javascripts/details.js), each
        with its service type (none: every service note) and its measures: the checklists and the printable
        guidance, which would be too heavy otherwise. The principle pages hold the same texts in full."""
        yield a.COMBINED_CHECKLIST, None, self.model.measures
        for service in self.model.service_types:
            yield a.checklist_uri(service.id), service.id, self.model.measures_for(service_type=service.id)
        yield a.PRINT, None, self.model.measures

    def render_details(self, measure_id: str, page: str, service_type: str | None) -> str:
        """The full text of a measure on `page` (how, the service notes unless `service_type` is given, whose
        note the page holds, evidence, references), as Markdown whose links are final addresses from that
        page: the browser inserts its HTML there."""
        template = self._env.get_template("details.md.j2")
        context = {
            "m": self.model.measure(measure_id),
            "service": self.model.service_type(service_type) if service_type else None,
        }
        return self._render(template, page, context, final=True)

    def reference_link(self, reference_id: str) -> Markup:
        """A Markdown link to a reference's official address, for hand-written pages."""
        reference = self.model.reference(reference_id)
        # The output of an autoescaping template: safe as it is.
        return Markup(self._env.from_string("[{{ r.name }}]({{ r.url }})").render(r=reference))  # noqa: S704

    def _render(self, template: jinja2.Template, current: str, context: dict, *, final: bool = False) -> str:
        def url(target: str, anchor: str = "") -> str:
            """A link from the current page to `target` (a page's .md path, or a file, from the docs root):
            in Markdown, the .md file, which the generator checks and turns into the page's address; for
            text the browser inserts (`final`), the address itself."""
            if final:
                if target.endswith(".md"):
                    return a.relative_address(current, target, anchor)
                return a.relative_file(current, target) + (f"#{anchor}" if anchor else "")
            return a.markdown_link(current, target, anchor)

        def href(target: str, anchor: str = "") -> str:
            """The same link as a final address, for raw HTML, which no generator rewrites."""
            return a.relative_address(current, target, anchor)

        def file_href(path: str) -> str:
            """The address of a file (a path from the site's root) from the current page, for raw HTML."""
            return a.relative_file(current, path)

        def measure_links(text: str, service_type: str | None = None) -> str:
            """Turn measure ids mentioned in the prose of text ("see P9-07") into links: to the measure on
            this checklist when it applies here (on the printable document, to it there), otherwise to it on
            the first checklist it applies to. An id inside a link or a code span stays as written."""

            def link(match) -> str:
                measure = self.model.measure(match.group(0))
                if service_type in measure.service_types and current == a.checklist_uri(service_type):
                    return f"[{measure.id}](#{measure.id})"
                if current == a.PRINT:  # every measure is on the page, as `#print-P9-07`
                    return f"[{measure.id}](#print-{measure.id})"
                return f"[{measure.id}]({url(a.checklist_uri(measure.service_types[0]), measure.id)})"

            return in_prose(text, link)

        def permalink(anchor: str) -> str:
            """The address of `anchor` on the current page: absolute when the site's address is known."""
            return a.permalink(self.site_url, current, anchor)

        def fragment(name: str) -> Markup:
            if name not in FRAGMENTS:
                raise KeyError(f"unknown fragment {name!r}; known: {', '.join(FRAGMENTS)}")
            rendered = self._render(self._env.get_template(f"fragments/{name}.md.j2"), current, {})
            # The output of an autoescaping template, so safe as it is; without its final newline, since a
            # fragment may stand inside a sentence.
            return Markup(rendered.rstrip("\n"))  # noqa: S704

        return template.render(
            model=self.model,
            url=url,
            href=href,
            file_href=file_href,
            measure_links=measure_links,
            law_tokens=law_tokens,
            permalink=permalink,
            fragment=fragment,
            reference=self.reference_link,
            repo_url=self.repo_url,
            principle_uri=a.principle_uri,
            theme_uri=a.theme_uri,
            checklist_uri=a.checklist_uri,
            checklist_download=a.checklist_download,
            principles_index=a.PRINCIPLES_INDEX,
            checklists_index=a.CHECKLISTS_INDEX,
            combined_checklist=a.COMBINED_CHECKLIST,
            report_page=a.REPORT,
            report_data_file=a.REPORT_DATA,
            print_page=a.PRINT,
            reporting_page=a.REPORTING,
            law_index=a.LAW_INDEX,
            law_uri=a.law_uri,
            crosswalk_csv=a.CROSSWALK_CSV,
            crosswalk_json=a.CROSSWALK_JSON,
            crosswalk_schema=a.CROSSWALK_SCHEMA,
            changes_page=a.CHANGES,
            about_page=a.ABOUT,
            dataset_file=a.DATASET,
            dataset_schema_file=a.DATASET_SCHEMA,
            oscal_file=a.OSCAL_CATALOG,
            measure_ids_file=a.MEASURE_IDS,
            details_src=lambda principle: a.relative_file(current, a.details_file(current, principle)),
            REPORT_PHRASE=REPORT_PHRASE,
            **context,
        )
