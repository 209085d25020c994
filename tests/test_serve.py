"""`mkdocs serve` survives a broken edit: it prints the problem with file and line, keeps serving the last
good site, and shows the fixed data as soon as the YAML is repaired."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import TINY_DATA, make_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, timeout: float = 60.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_reports_a_broken_edit_and_recovers(tmp_path):
    project = make_project(tmp_path / "project")
    data_file = project / "data" / "principles.yaml"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(server.stdout.readline, "")), daemon=True)
    reader.start()
    page = f"http://127.0.0.1:{port}/principles/2/"
    try:
        wait_for(lambda: "the second thing" in (fetch(page) or ""), what="the first build")

        # A broken edit: a misspelt theme.
        data_file.write_text(
            TINY_DATA.read_text().replace(
                "    theme: alpha\n    statement: Companies seek to do the second",
                "    theme: alpa\n    statement: Companies seek to do the second",
                1,
            )
        )
        wait_for(
            lambda: any(
                "data/principles.yaml:" in line and "unknown theme 'alpa'" in line for line in output
            ),
            what="the error in the server's output",
        )
        assert server.poll() is None, "the server stopped"
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # still listening (MkDocs holds page requests until the next good build)

        # The fix, with a visible change, brings the site back.
        data_file.write_text(
            TINY_DATA.read_text().replace("do the second thing", "do the repaired second thing")
        )
        wait_for(lambda: "the repaired second thing" in (fetch(page) or ""), what="the repaired site")
        assert server.poll() is None

        # Templates and the package's Python code reload too, without a restart.
        template = project / "vpguide" / "templates" / "principle.md.j2"
        template.write_text(template.read_text() + "\nTemplate edited while serving.\n")
        wait_for(lambda: "Template edited while serving." in (fetch(page) or ""), what="the edited template")
        code = project / "vpguide" / "site.py"
        code.write_text(
            code.read_text().replace('title = f"{p.number}. {p.title}"', 'title = f"{p.number}) {p.title}"')
        )
        wait_for(lambda: "2) Second" in (fetch(page) or ""), what="the edited package code")
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    log = "".join(output)
    assert "The server will appear stuck until build errors are resolved" in log
    assert "Traceback" not in log
