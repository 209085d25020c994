"""The site's own scripts and stylesheets as it ships them: minified by the renderer (vpguide/render.py), and
the minified scripts still the same programs: the Node unit tests (tests/js/) pass against the shipped
copies, not only against the sources in docs/."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

SOURCES = ROOT / "docs"
ASSETS = sorted(
    p.relative_to(SOURCES).as_posix()
    for folder in ("javascripts", "stylesheets")
    for p in (SOURCES / folder).rglob("*")
    if p.suffix in (".js", ".css")
)


def test_every_script_and_stylesheet_ships_minified(site_dir):
    before = after = 0
    for rel in ASSETS:
        source = (SOURCES / rel).read_bytes()
        shipped = (site_dir / rel).read_bytes()
        assert len(shipped) < len(source), rel
        assert b"\n  " not in shipped, f"{rel}: still indented"
        before += len(gzip.compress(source, 9))
        after += len(gzip.compress(shipped, 9))
    assert after < 0.8 * before, (before, after)


@pytest.fixture(scope="module")
def node():
    path = shutil.which("node")
    if path is None:
        pytest.fail("Node.js not found: the unit tests of the scripts need it (it is in `make test`)")
    return path


def test_the_unit_tests_pass_against_the_shipped_scripts(site_dir, tmp_path, node):
    shutil.copytree(site_dir / "javascripts", tmp_path / "docs" / "javascripts")
    shutil.copytree(ROOT / "tests" / "js", tmp_path / "tests" / "js")
    done = subprocess.run(
        [node, "--test", "tests/js/"], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout


def test_every_shipped_script_parses(site_dir, tmp_path, node):
    for rel in ASSETS:
        if not rel.endswith(".js"):
            continue
        copy = tmp_path / Path(rel).with_suffix(".mjs").name
        copy.write_bytes((site_dir / rel).read_bytes())
        done = subprocess.run([node, "--check", str(copy)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{rel}: {done.stderr}"
