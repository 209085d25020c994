"""md_in_html with its HTML stash cleaned up in constant time (vpguide/mdstash.py): the same HTML as
Python-Markdown's own on every generated page, no list operation that moves the stash, and the site's
extension (vpguide/mdext.py) puts it in the configuration that both generators build with."""

from __future__ import annotations

import hashlib
import inspect

import markdown
import pytest
from conftest import ROOT
from markdown.extensions.md_in_html import MarkdownInHtmlProcessor

from vpguide.mdstash import FastMarkdownInHtml, FastStashProcessor
from vpguide.render import read_config, render

# With pytest-xdist (`make test`), this module's tests run in one process: the site rendered once.
pytestmark = pytest.mark.xdist_group("mdstash")

# sha256 of Python-Markdown 3.11.3's MarkdownInHtmlProcessor.run, which FastStashProcessor.run copies.
UPSTREAM_RUN = "db4eb8da10b76159b3ebe21ffe35806365df73b0cd74bf6c2b30347a329cbb97"

NESTED = """\
<section class="outer" markdown>
## Heading {#outer}

<div class="a" markdown>
Some *emphasis* and a [link](https://www.example.org/).

<div class="b" markdown>
- one
- two
</div>
Text right after a block.
</div>

<div class="raw">
*not Markdown*
</div>

<p markdown>A *span* element.</p>

!!! note "A note"
    <div markdown>**Inside** an admonition.</div>
</section>

Last paragraph with <span>inline HTML</span>.
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The real site's source, as `python -m vpguide render` writes it."""
    out = tmp_path_factory.mktemp("rendered")
    render(ROOT, out)
    return out


@pytest.fixture(scope="module")
def config(rendered) -> tuple[list[str], dict]:
    """The Markdown extensions and their settings of the rendered configuration, as a generator reads them."""
    config = read_config(rendered / "mkdocs.yml")
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        configs[name] = options
    return names, configs


@pytest.fixture(scope="module")
def convert(config):
    """convert(text, fast, stash=None): `text` to HTML with the real site's Markdown extensions and settings,
    with or without FastMarkdownInHtml; `stash`, a list, replaces the HTML stash."""
    names, configs = config

    def convert(text: str, fast: bool, stash: list | None = None) -> str:
        site = {**configs["vpguide.mdext"], "fast_md_in_html": fast}
        md = markdown.Markdown(extensions=names, extension_configs={**configs, "vpguide.mdext": site})
        if stash is not None:
            md.htmlStash.rawHtmlBlocks = stash
        return md.convert(text)

    return convert


def pages(rendered) -> dict[str, str]:
    """Every page's Markdown, as rendered, without its front matter."""
    return {
        p.relative_to(rendered / "docs").as_posix(): p.read_text(encoding="utf-8").split("\n---\n\n", 1)[-1]
        for p in sorted((rendered / "docs").rglob("*.md"))
    }


class CountingStash(list):
    """The HTML stash, counting the operations that move the entries after the one they touch."""

    moves = 0

    def pop(self, index=-1):
        if index not in (-1, len(self) - 1):
            self.moves += 1
        return super().pop(index)

    def insert(self, index, value):
        if index < len(self):
            self.moves += 1
        super().insert(index, value)


def test_nested_markdown_in_html_gives_the_same_html(convert):
    fast = convert(NESTED, fast=True)
    assert fast == convert(NESTED, fast=False)
    assert '<div class="b">' in fast
    assert "<li>two</li>" in fast
    assert "<em>not Markdown</em>" not in fast


def test_every_page_gives_the_same_html(convert, rendered):
    texts = pages(rendered)
    assert len(texts) > 30
    for src_uri, text in texts.items():
        assert convert(text, fast=True) == convert(text, fast=False), src_uri


def test_the_stash_is_never_moved_and_each_parsed_block_is_blanked(convert, rendered):
    text = pages(rendered)["checklists/combined.md"]
    upstream, fast = CountingStash(), CountingStash()
    convert(text, fast=False, stash=upstream)
    convert(text, fast=True, stash=fast)
    assert upstream.moves > 500  # Python-Markdown's own: two per HTML block with Markdown inside
    assert fast.moves == 0
    # Each parsed block is blanked, as upstream does, or the postprocessor would serialize it again.
    assert len(fast) == len(upstream)
    assert (
        [e for e in fast if not isinstance(e, str)] == [e for e in upstream if not isinstance(e, str)] == []
    )


def test_upstream_run_is_the_one_copied():
    digest = hashlib.sha256(inspect.getsource(MarkdownInHtmlProcessor.run).encode()).hexdigest()
    assert digest == UPSTREAM_RUN, (
        "Python-Markdown's MarkdownInHtmlProcessor.run changed: compare it with vpguide/mdstash.py, copy the "
        "change or, if it no longer moves the stash (pop then insert), drop mdstash and its use in mdext.py"
    )


def test_it_needs_md_in_html_first():
    with pytest.raises(ValueError, match="needs md_in_html before it"):
        markdown.Markdown(extensions=[FastMarkdownInHtml(), "md_in_html"])


def test_the_rendered_configuration_adds_it_last(config):
    names, configs = config
    assert names[-1] == "vpguide.mdext"
    assert names.index("md_in_html") < names.index("vpguide.mdext")
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    assert type(md.parser.blockprocessors["markdown_block"]) is FastStashProcessor
