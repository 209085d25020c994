"""Benchmark hook, last of every event (priority -1000): closes the timing of each step. See stepclock.py."""

from __future__ import annotations

import stepclock
from mkdocs.plugins import event_priority

LAST = -1000


@event_priority(LAST)
def on_config(config):
    stepclock.end("data: load and validate (hook on_config)", sample=True)


@event_priority(LAST)
def on_files(files, config):
    stepclock.end("files: generated pages and downloads (hook on_files)", sample=True)


@event_priority(LAST)
def on_nav(nav, config, files):
    stepclock.end("nav: plugins")


@event_priority(LAST)
def on_page_markdown(markdown, page, config, files):
    stepclock.end("pages: macros and glossary (on_page_markdown)")
    stepclock.sizes["markdown"] += len(markdown)
    stepclock.page_markdown[page.file.src_uri] = len(markdown)
    stepclock.begin("pages: Markdown to HTML")
    return markdown


@event_priority(LAST)
def on_page_content(html, page, config, files):
    stepclock.end("pages: on_page_content plugins")
    stepclock.end_page(page)


@event_priority(LAST)
def on_env(env, config, files):
    stepclock.end("env: plugins")


@event_priority(LAST)
def on_page_context(context, page, config, nav):
    stepclock.end("pages: search indexing (on_page_context)")
    stepclock.begin("pages: theme templates (Material, with navigation)")
    return context


@event_priority(LAST)
def on_post_page(output, page, config):
    stepclock.end("pages: on_post_page plugins")
    stepclock.end_page(page)
    return output


@event_priority(LAST)
def on_post_build(config):
    stepclock.end("post-build: Content-Security-Policy (hook)", sample=True)
    stepclock.end("build")
    stepclock.write()
