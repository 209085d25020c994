"""Benchmark hook, first of every event (priority 1000): opens the timing of each step. See stepclock.py."""

from __future__ import annotations

import stepclock
from mkdocs.plugins import event_priority

FIRST = 1000


@event_priority(FIRST)
def on_config(config):
    stepclock.begin("build")
    stepclock.begin("data: load and validate (hook on_config)")


@event_priority(FIRST)
def on_files(files, config):
    stepclock.begin("files: generated pages and downloads (hook on_files)")


@event_priority(FIRST)
def on_nav(nav, config, files):
    stepclock.begin("nav: plugins")


@event_priority(FIRST)
def on_page_markdown(markdown, page, config, files):
    stepclock.pages["count"] += 1
    stepclock.begin_page(page)
    stepclock.begin("pages: macros and glossary (on_page_markdown)")


@event_priority(FIRST)
def on_page_content(html, page, config, files):
    stepclock.end("pages: Markdown to HTML", sample=True)
    stepclock.sizes["content_html"] += len(html)
    stepclock.begin("pages: on_page_content plugins")


@event_priority(FIRST)
def on_env(env, config, files):
    stepclock.begin("env: plugins")


@event_priority(FIRST)
def on_page_context(context, page, config, nav):
    stepclock.begin_page(page)
    stepclock.begin("pages: search indexing (on_page_context)")


@event_priority(FIRST)
def on_post_page(output, page, config):
    stepclock.end("pages: theme templates (Material, with navigation)", sample=True)
    stepclock.sizes["output_html"] += len(output)
    # What the theme's templates wrote around the page's content: navigation, table of contents, header.
    stepclock.sizes["template_html"] += len(output) - len(page.content or "")
    stepclock.begin("pages: on_post_page plugins")


@event_priority(FIRST)
def on_post_build(config):
    stepclock.begin("post-build: search index and other plugins")
