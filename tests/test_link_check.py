"""The weekly link check: which addresses it checks, and that it tells a live address from a dead one
(against a server on this machine; CI's weekly run checks the real addresses)."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from check_links import cited_addresses

from vpguide.load import load_model


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200 if self.path == "/alive" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_it_checks_every_cited_address():
    model = load_model(ROOT / "data")
    urls = cited_addresses()
    assert {r.url for r in model.references} <= set(urls)
    assert {s.url for s in model.publication.sources} <= set(urls)
    assert all(url.startswith("https://") for url in urls)


def test_it_reports_a_dead_address_and_exits_non_zero(server):
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "check_links.py"),
            f"{server}/alive",
            f"{server}/gone",
            "--timeout",
            "5",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert f"FAIL {server}/gone: HTTP 404" in run.stdout
    assert "1 of 2 addresses answered" in run.stdout


def test_it_passes_when_every_address_answers(server):
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_links.py"), f"{server}/alive"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout
