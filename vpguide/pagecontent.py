"""Rendered page content (the HTML that Markdown produced, before the theme wraps it), made lighter for the
browser. Plain Python, no MkDocs: hooks/generate.py calls these on every page (README, Performance).

- `first_abbreviations`: a glossary term is marked up (`<abbr title="definition" tabindex="0">`) where it
  first appears on the page, not at every appearance: a checklist mentions some terms hundreds of times (on
  the largest checklist, 373 became 20). The browser shows the title on hover; `tabindex` lets a tap or the
  Tab key focus the term, and `docs/stylesheets/extra.css` then writes the definition after it, in brackets,
  until focus moves on (no script, nothing over other content). Inside a link, button, label or summary,
  which a tap already activates, a term is plain text.
- `label_permalinks`: a heading's permalink (the ¶ after it) is named by `aria-label`, not described by
  `title`. A screen reader then says "Link to this section" instead of "¶", and Material makes no tooltip
  for each of the 100 headings of a checklist.
- `defer_details`: the full text of each measure on the combined checklist (how, service notes, evidence,
  references: `div.vp-details__body` in the template) goes to a JSON file per principle, which
  docs/javascripts/assessment.js loads as the measures come near the screen, before printing, and on a
  visitor's first key press. The page keeps everything else: every measure's heading and anchor, what to do,
  why, the service types it applies to (each a link to the measure in full on that checklist, which is how a
  visitor without JavaScript reaches the rest) and its permalink.

The HTML is Python-Markdown's output for the site's own templates: regular, quoted attributes, `div`
elements closed. The functions rely on that, not on a general HTML parser.
"""

from __future__ import annotations

import html
import json
import re

# <abbr title="...">term</abbr>, as Python-Markdown's abbr extension writes it (the term is plain text), or
# the start or end tag of an element that a tap activates.
ABBR_OR_INTERACTIVE = re.compile(
    r'<abbr title="(?P<title>[^"]*)">(?P<term>[^<]*)</abbr>'
    r"|<(?P<end>/?)(?P<tag>a|button|label|summary)\b[^>]*>"
)
HEADERLINK = re.compile(r'<a class="headerlink" href="([^"]*)" title="([^"]*)">')
DETAILS_BODY = re.compile(r'<div class="vp-details__body" data-vp-details="(\d+)">')
DIV_TAG = re.compile(r"<(/?)div\b[^>]*>")
MEASURE_ID = re.compile(r'data-measure-id="([^"]+)"')
# Where the deferred text of principle `n` goes, relative to the page's own folder.
DETAILS_FOLDER = "details"
DETAILS_FORMAT = "vp-combined-details"


def first_abbreviations(content: str) -> str:
    """Keep each term's `<abbr>` at its first appearance outside interactive elements only, focusable; every
    other appearance becomes the plain term."""
    seen: set[tuple[str, str]] = set()
    inside = 0  # how many interactive elements are open around the current position

    def first(match: re.Match) -> str:
        nonlocal inside
        if match.group("tag") is not None:
            inside = max(0, inside + (-1 if match.group("end") else 1))
            return match.group(0)
        key = (match.group("title"), match.group("term"))
        if inside or key in seen:
            return match.group("term")
        seen.add(key)
        return f'<abbr title="{key[0]}" tabindex="0">{key[1]}</abbr>'

    return ABBR_OR_INTERACTIVE.sub(first, content)


def label_permalinks(content: str) -> str:
    """`<a class="headerlink" href="#x" title="Link to this section">` -> the same with `aria-label`."""
    return HEADERLINK.sub(r'<a class="headerlink" href="\1" aria-label="\2">', content)


def lighten(content: str) -> str:
    """Everything above that applies to every page."""
    return label_permalinks(first_abbreviations(content))


def details_file(principle: str) -> str:
    """The deferred text of a principle's measures, relative to the page's folder."""
    return f"{DETAILS_FOLDER}/principle-{principle}.json"


def defer_details(content: str) -> tuple[str, dict[str, dict]]:
    """Take every `<div class="vp-details__body" data-vp-details="n">` out of `content`; the `vp-details`
    element around it gets `data-vp-details-src`, the file its text is in. Returns the content left and, per
    file (relative to the page's folder), its JSON: `{"format", "principle", "measures": {id: html}}`. Each
    file's text is lightened on its own, as a page would be."""
    out: list[str] = []
    files: dict[str, dict] = {}
    position = 0
    for match in DETAILS_BODY.finditer(content):
        if match.start() < position:
            raise ValueError("a vp-details__body inside another one")
        end = _closing_div(content, match.end())
        measure = MEASURE_ID.match(content, content.rfind('data-measure-id="', 0, match.start()))
        if measure is None:
            raise ValueError("a vp-details__body outside a measure (article[data-measure-id])")
        principle = match.group(1)
        name = details_file(principle)
        wrapper = content.rfind('<div class="vp-details"', position, match.start())
        if wrapper == -1:
            raise ValueError(f"the vp-details__body of {measure.group(1)} is not inside div.vp-details")
        opening = content.index(">", wrapper)
        out.append(content[position:opening])
        out.append(f' data-vp-details-src="{html.escape(name)}"')
        out.append(content[opening : match.start()])
        entry = files.setdefault(
            name, {"format": DETAILS_FORMAT, "principle": int(principle), "measures": {}}
        )
        entry["measures"][measure.group(1)] = lighten(content[match.end() : end - len("</div>")].strip())
        position = end
    out.append(content[position:])
    return "".join(out), files


def _closing_div(content: str, start: int) -> int:
    """The end of the `</div>` that closes a div opened just before `start`."""
    depth = 1
    for tag in DIV_TAG.finditer(content, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    raise ValueError("a div is never closed")


def details_json(data: dict) -> str:
    """One deferred file as written: compact, UTF-8."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
