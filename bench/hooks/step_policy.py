"""Benchmark hook, just before the site's own last step (priority -99, before hooks/generate.py's -100):
separates the Content-Security-Policy pass from the search index and the other plugins' post-build work,
since the policy reads every written page (navigation included) and the search index only the content.
See stepclock.py."""

from __future__ import annotations

import stepclock
from mkdocs.plugins import event_priority

BEFORE_POLICY = -99


@event_priority(BEFORE_POLICY)
def on_post_build(config):
    stepclock.end("post-build: search index and other plugins", sample=True)
    stepclock.begin("post-build: Content-Security-Policy (hook)")
