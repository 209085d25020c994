"""`make serve` (`python -m vpguide serve`: render, `mkdocs serve` on the result, render again on every
change) survives a broken edit: it prints the problem with file and line, keeps serving the last good site,
and shows the fixed data as soon as the YAML is repaired; templates, code and hand-written pages reload too."""

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
        [sys.executable, "-m", "vpguide", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(project)},
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
        assert "the second thing" in (fetch(page) or ""), "the last good site is no longer served"

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
        text = code.read_text()
        assert 'f"{p.number}. {p.title}"' in text
        code.write_text(text.replace('f"{p.number}. {p.title}"', 'f"{p.number}) {p.title}"'))
        wait_for(lambda: "2) Second" in (fetch(page) or ""), what="the edited package code")
        # A hand-written page too.
        about = project / "docs" / "how-to-apply.md"
        about.write_text(about.read_text() + "\nEdited while serving.\n")
        wait_for(
            lambda: "Edited while serving." in (fetch(f"http://127.0.0.1:{port}/how-to-apply/") or ""),
            what="the edited page",
        )
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    log = "".join(output)
    assert "Traceback" not in log
