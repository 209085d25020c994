"""A local server for the benchmark that compresses like GitHub Pages: text (HTML, CSS, JavaScript, JSON,
SVG, XML) is sent gzipped to a client that accepts it, with GitHub Pages' `Cache-Control: max-age=600`.
Everything else (a missing path gets the site's 404.html, as on GitHub Pages) is tests/browser.py's server.
Lighthouse judges transfer sizes, so an uncompressed server would understate a real visit.
"""

from __future__ import annotations

import gzip
import sys
from http import HTTPStatus
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

import browser  # noqa: E402
from browser import _Handler  # noqa: E402

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
CACHE_CONTROL = "max-age=600"


class GzipHandler(_Handler):
    _cache: ClassVar[dict[str, bytes]] = {}

    def end_headers(self):
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def do_GET(self):
        self._send(head=False)

    def do_HEAD(self):
        self._send(head=True)

    def _send(self, *, head: bool) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and kind.startswith(COMPRESSIBLE)):
            super().do_HEAD() if head else super().do_GET()
            return
        body = self._cache.get(str(path))
        if body is None:
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self._cache[str(path)] = body
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def serve(site_dir: Path):
    """Serve `site_dir` on 127.0.0.1 on a free port, gzipped; a context manager that yields the origin."""
    GzipHandler._cache = {}
    return browser.serve(site_dir, GzipHandler)
