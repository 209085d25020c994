"""Helpers for the browser tests: a local server that behaves like GitHub Pages, Chromium, axe-core.

Nothing here talks to the network: the site is served on 127.0.0.1, the browser is the system's
Chromium (CHROMIUM_PATH, default /usr/bin/chromium; `playwright install` is never needed), and every
request to another host is recorded and then aborted.
"""

from __future__ import annotations

import functools
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The two colour schemes of the palette in mkdocs.yml, as the system preference that selects each one,
# and the Material scheme it must produce.
SCHEMES = {"light": "default", "dark": "slate"}

# WCAG 2.0, 2.1 and 2.2 level A and AA, plus axe's best practices. Nothing is disabled.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

NOT_FOUND_PAGE = "404.html"
# Where the 404 page is opened: a missing URL several levels deep, so relative links would break.
MISSING_PATH = "/some/deep/missing/path/"
NOT_FOUND_CONSOLE = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def discover_pages(site_dir: Path) -> list[str]:
    """Every HTML page of a built site, as a POSIX path relative to its root, sorted."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


@functools.cache
def pages_for_collection() -> tuple[str, ...]:
    """The pages of the site, for parametrizing at collection time (before any fixture exists): from what
    the renderer writes (every page's Markdown, each moved address's page included), as the generator
    publishes them (`a/b.md` -> `a/b/index.html`, `use_directory_urls`), and the theme's 404 page. A render
    only (about a second, in every process of pytest-xdist): the tests themselves use the session's
    `site_dir` and check that it holds exactly these pages. If the render fails, one placeholder is
    returned: the `site_dir` fixture then fails with the build's output."""
    from vpguide.errors import DataError
    from vpguide.render import render

    with tempfile.TemporaryDirectory(prefix="vp-pages-") as tmp:
        try:
            render(ROOT, Path(tmp))
        except DataError:
            return ("<site build failed>",)
        pages = {NOT_FOUND_PAGE}
        for source in (Path(tmp) / "docs").rglob("*.md"):
            rel = source.relative_to(Path(tmp) / "docs").with_suffix("")
            pages.add((rel.parent if rel.name == "index" else rel).joinpath("index.html").as_posix())
        return tuple(sorted(pages))


def url_path(page: str) -> str:
    """The URL path a visitor uses for a built page; the 404 page is reached through a missing URL."""
    if page == NOT_FOUND_PAGE:
        return MISSING_PATH
    if page == "index.html":
        return "/"
    if page.endswith("/index.html"):
        return "/" + page.removesuffix("index.html")
    return "/" + page


class _Handler(SimpleHTTPRequestHandler):
    """Static files; a missing path gets the site's 404.html with status 404, as on GitHub Pages."""

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / NOT_FOUND_PAGE
        if code != HTTPStatus.NOT_FOUND or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: pytest shows failures, not access logs
        pass


@contextmanager
def serve(site_dir: Path, handler_class: type[SimpleHTTPRequestHandler] = _Handler) -> Iterator[str]:
    """Serve `site_dir` on 127.0.0.1 on a free port, in a thread; yields the origin, http://host:port.
    `handler_class` answers the requests (the benchmark's compresses: bench/server.py)."""
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def is_local(url: str, origin: str) -> bool:
    """Whether loading `url` stays on this machine: the local server, or data: and blob: URLs."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin


# Every document of a watched context reports what its Content-Security-Policy blocked.
REPORT_VIOLATIONS = """
addEventListener('securitypolicyviolation', e => window.__vpCspViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}: ` +
    `${e.sample}`), true);
"""
# Where the policy is in the page: the first child of <head>, and the only one.
POLICY_FIRST = """() => {
    const metas = document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]');
    const head = [...document.head.children];
    const at = head.indexOf(metas[0]);
    return {count: metas.length, at, before: head.slice(0, at).map(e => e.outerHTML),
            policy: metas[0] && metas[0].content};
}"""


@dataclass
class Watch:
    """What a page did: its requests to other hosts, its console errors, uncaught exceptions and what the
    Content-Security-Policy blocked."""

    origin: str
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def attach(self, context, page) -> None:
        # The context sees every request of its pages and their workers (the search worker included).
        context.on("request", self._on_request)
        # Nothing may leave the machine: record, then abort, anything for another host.
        context.route(lambda url: not is_local(url, self.origin), lambda route: route.abort())
        if not getattr(context, "_vp_watched", False):  # a second page of the context: the first's report
            context._vp_watched = True
            context.expose_binding(
                "__vpCspViolation",
                lambda source, text: self.csp_violations.append(f"{source['page'].url}: {text}"),
            )
            context.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_request(self, request) -> None:
        if not is_local(request.url, self.origin):
            self.foreign_requests.append(f"{request.resource_type} {request.url}")

    def _on_console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} ({where})")

    def problems(self, *, not_found_url: str | None = None) -> list[str]:
        """Everything that went wrong. Opening a missing URL on purpose (`not_found_url`), Chromium logs
        that document's status 404 as a console error: that one message, for that URL only, is expected."""
        expected = {f"{NOT_FOUND_CONSOLE} ({not_found_url})"} if not_found_url else set()
        out = [f"request to another host: {r}" for r in self.foreign_requests]
        out += [f"console error: {e}" for e in self.console_errors if e not in expected]
        out += [f"page error: {e}" for e in self.page_errors]
        out += [f"Content-Security-Policy violation: {e}" for e in self.csp_violations]
        return out


def format_violations(violations: list[dict]) -> str:
    """axe's violations, one block each: id, impact, help, and every node with its target and summary."""
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} [{v.get('helpUrl', '')}]")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
            lines.append(f"       {node.get('html', '')[:300]}")
    return "\n".join(lines)
