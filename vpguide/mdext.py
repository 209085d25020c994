"""The site's Python-Markdown extension, loaded by both generators (`markdown_extensions: - vpguide.mdext`
in the configuration that `python -m vpguide render` writes) and by the renderer itself. It works on the
element tree, after Python-Markdown has parsed the page:

- `glossary`: the first appearance of each glossary term on a page becomes `<abbr title="definition"
  tabindex="0">`; later appearances stay plain text, and so does a term inside a link, button, label,
  summary or code, which a tap already activates or which must read as written. The browser shows the
  title on hover; `tabindex` lets a tap or the Tab key focus the term, and docs/stylesheets/extra.css then
  writes the definition after it, in brackets, until focus moves on (no script, nothing over other content).
  Marking every appearance would put hundreds on a checklist (373 on the largest).
- A heading's permalink (the ¶ after it) is named by `aria-label`, not described by `title`: a screen
  reader says "Link to this section" instead of "¶", and no tooltip is made for each heading.
- `md_in_html` in linear time (vpguide/mdstash.py), when `md_in_html` comes before this extension.

Only the standard library and Python-Markdown: the Zensical environment imports it too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from . import mdstash

# Elements whose text is never marked: a tap already activates the first four, code reads as written.
UNMARKED = frozenset({"a", "button", "label", "summary", "code", "pre", "abbr"})
# Inline raw HTML is a placeholder in the tree's text (its tag is in the HTML stash): the start or end tag
# of an element that a tap activates.
_PLACEHOLDER = re.compile(re.escape(util.HTML_PLACEHOLDER).replace(r"%s", r"(\d+)"))
_INTERACTIVE_TAG = re.compile(r"<(/?)(a|button|label|summary)\b", re.I)
# After `toc` (5), which reads the headings' text and adds the permalinks.
PRIORITY = 4


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, terms: dict[str, str]):
        super().__init__(md)
        self.terms = terms
        names = sorted(terms, key=len, reverse=True)
        self.pattern = (
            re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else None
        )

    def run(self, root: etree.Element) -> None:
        if self.pattern is not None:
            self.inside = 0  # interactive elements open in inline raw HTML at this point of the page
            self._walk(root, set())

    def _terms(self, text: str):
        """The glossary terms in `text` outside inline raw HTML interactive elements, in order."""
        position = 0
        for placeholder in [*_PLACEHOLDER.finditer(text), None]:
            end = placeholder.start() if placeholder else len(text)
            if not self.inside:
                yield from self.pattern.finditer(text, position, end)
            if placeholder is None:
                return
            position = placeholder.end()
            stashed = self.md.htmlStash.rawHtmlBlocks[int(placeholder.group(1))]
            tag = _INTERACTIVE_TAG.match(stashed) if isinstance(stashed, str) else None
            if tag:
                self.inside = max(0, self.inside + (-1 if tag.group(1) else 1))

    def _walk(self, element: etree.Element, seen: set[str]) -> None:
        """Mark terms in `element`'s text and, in document order, in its children and their tails."""
        if element.tag in UNMARKED:
            return
        self._mark(element, "text", element, 0, seen)
        index = 0
        while index < len(element):
            child = element[index]
            self._walk(child, seen)
            index += 1 + self._mark(child, "tail", element, index + 1, seen)

    def _mark(self, holder: etree.Element, where: str, parent: etree.Element, at: int, seen: set[str]) -> int:
        """Split the first unseen terms out of `holder.text` or `holder.tail` into <abbr> elements inserted
        into `parent` from position `at`; returns how many were inserted."""
        text = getattr(holder, where)
        if not text or isinstance(text, AtomicString):
            return 0
        inserted = 0
        target, attribute = holder, where
        position = 0
        for match in list(self._terms(text)):
            term = match.group(0)
            if term in seen:
                continue
            seen.add(term)
            abbr = etree.Element("abbr", {"title": self.terms[term], "tabindex": "0"})
            abbr.text = AtomicString(term)
            setattr(target, attribute, text[position : match.start()])
            parent.insert(at + inserted, abbr)
            inserted += 1
            target, attribute = abbr, "tail"
            position = match.end()
        if inserted:
            setattr(target, attribute, text[position:])
        return inserted


class PermalinkLabels(Treeprocessor):
    """`<a class="headerlink" title="Link to this section">` -> the same with `aria-label`."""

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            if "headerlink" in (link.get("class") or "").split() and link.get("title") is not None:
                link.set("aria-label", link.attrib.pop("title"))


class SiteExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "glossary": [{}, "Glossary terms: the exact text -> its definition, for the title."],
            "fast_md_in_html": [True, "md_in_html in linear time (vpguide/mdstash.py); off only to compare."],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(
            GlossaryTreeprocessor(md, dict(self.getConfig("glossary"))), "vp-glossary", PRIORITY
        )
        md.treeprocessors.register(PermalinkLabels(md), "vp-permalinks", PRIORITY - 1)
        if self.getConfig("fast_md_in_html") and mdstash.NAME in md.parser.blockprocessors:
            mdstash.FastMarkdownInHtml().extendMarkdown(md)


def makeExtension(**kwargs) -> SiteExtension:
    return SiteExtension(**kwargs)
