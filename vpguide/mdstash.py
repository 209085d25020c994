"""Python-Markdown's `md_in_html`, with its stash cleaned up in constant time.

`md_in_html` (Python-Markdown 3.11.3, the newest) keeps every HTML block of a page in one list, the HTML
stash. Each time it has parsed the Markdown inside one of them, it blanks the block's entry by
`rawHtmlBlocks.pop(index)` then `rawHtmlBlocks.insert(index, "")`: both move every later entry, so a page
costs time in the square of its HTML blocks. The combined checklist holds every measure, each in three or
four such blocks: at 50 times the real data, 3.8 of its 40 profiled seconds went there, and its time per
KB of Markdown grew 1.21x (bench/README.md).

Writing `rawHtmlBlocks[index] = ""` leaves the same list and takes constant time. `FastMarkdownInHtml`
registers a processor that does only that differently, under the same name and priority, so that it
replaces the original; it must come after `md_in_html` in the list of extensions (the site's extension,
vpguide/mdext.py, the last one, adds it). Its run() is upstream's, line for line, but for that one
statement. Python-Markdown is pinned; `tests/test_mdstash.py` shows the HTML is the same and says when
upstream changes `run`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import util
from markdown.extensions import Extension
from markdown.extensions.md_in_html import MarkdownInHtmlProcessor

NAME = "markdown_block"  # md_in_html's names and priority for its block processor
PRIORITY = 105


class FastStashProcessor(MarkdownInHtmlProcessor):
    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        m = util.HTML_PLACEHOLDER_RE.match(blocks[0])
        if m:
            index = int(m.group(1))
            stash = self.parser.md.htmlStash.rawHtmlBlocks
            element = stash[index]
            if isinstance(element, etree.Element):
                block = blocks.pop(0)
                parent.append(element)
                self.parse_element_content(element)
                stash[index] = ""  # upstream: stash.pop(index); stash.insert(index, "")
                content = block[m.end(0) :]
                if content:
                    blocks.insert(0, content)
                return True
        return False


class FastMarkdownInHtml(Extension):
    """Add after `md_in_html`: replaces its block processor with `FastStashProcessor`."""

    def extendMarkdown(self, md) -> None:
        if NAME not in md.parser.blockprocessors:
            raise ValueError("FastMarkdownInHtml needs md_in_html before it in the list of extensions")
        md.parser.blockprocessors.register(FastStashProcessor(md.parser), NAME, PRIORITY)
