"""mkdocs-macros module: the macros pages may call. A thin adapter over `vpguide.site.Site`.

The site is the one the hook loaded for this build (hooks/generate.py runs first): the data is read and
validated once. Macros return Markdown rendered from templates; mkdocs-macros does not evaluate their
output again, so text from data is never treated as a template.
"""

from __future__ import annotations

HOOK = "hooks/generate.py"  # as listed under `hooks:` in mkdocs.yml


def define_env(env):
    site = env.conf["hooks"][HOOK].current_site()

    @env.macro
    def generated_page() -> str:
        """The whole body of a page generated from data (its source is just this call)."""
        return site.render_page(env.page.file.src_uri)

    @env.macro
    def fragment(name: str) -> str:
        """A piece of data-driven Markdown for a hand-written page, for example `fragment("theme_cards")`."""
        return site.render_fragment(name, env.page.file.src_uri)

    @env.macro
    def reference(reference_id: str) -> str:
        """A link to a reference from data/references.yaml, for example `reference("iwf")`."""
        return site.reference_link(reference_id)
