"""Shared fixtures: the real site, built once per test session with the strict configuration."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import CHROMIUM_ARGS, chromium_path, serve
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from project import copy_machinery  # noqa: E402

# A repository address for the build under test, so that "edit this page" links are rendered.
TEST_REPO_URL = "https://github.com/example/voluntary-principles-site"


def build_site(
    config_file: Path,
    site_dir: Path,
    *,
    env: dict[str, str] | None = None,
    generator: str = "mkdocs",
    out: Path | None = None,
):
    """Build the project whose mkdocs.yml is `config_file` for real, as `make build` does: render into `out`
    (by default a folder beside `site_dir`), the generator's strict build into `site_dir`, the finishing
    step. Returns the completed process (never raises). The project's own copy of vpguide runs it."""
    project = config_file.parent
    out = out or site_dir.parent / f"{site_dir.name}-source"
    full_env = {**os.environ, "SITE_REPO_URL": TEST_REPO_URL, "PYTHONPATH": str(project), **(env or {})}
    command = [sys.executable, "-m", "vpguide", "build", "--generator", generator, "--project", str(project)]
    return subprocess.run(
        [*command, "--out", str(out), "--site-dir", str(site_dir)],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def built_once(tmp_path_factory, name: str, generator: str) -> Path:
    """The real site built by `generator` into a folder `name` once per test run: with pytest-xdist (`make
    test` runs the tests in several processes), the first process to need it builds it, under a lock, and
    the others use that build. The build is the same for all of them; only failing is said by each."""
    base = tmp_path_factory.getbasetemp()
    # Each xdist process has a folder of its own in the run's; the run's is shared.
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out, done = root / name, root / f"{name}.built"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            result = build_site(ROOT / "mkdocs.yml", out, generator=generator)
            if result.returncode != 0:
                pytest.fail(f"the {generator} build failed:\n{result.stdout}\n{result.stderr}")
            done.touch()
    return out


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real site, built once as `make build` builds it."""
    return built_once(tmp_path_factory, "site", "mkdocs")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The real site, built once with Zensical, as `make build-zensical` builds it."""
    return built_once(tmp_path_factory, "site-zensical", "zensical")


def real_project(where: Path, line: str, replacement: str) -> Path:
    """The real site (machinery and data) in `where`, its mkdocs.yml with `line`, which must be there once,
    replaced. Returns the configuration file."""
    import shutil

    copy_machinery(where)
    shutil.copytree(ROOT / "data", where / "data")
    config = where / "mkdocs.yml"
    source = config.read_text(encoding="utf-8")
    assert source.count(line) == 1, f"mkdocs.yml has {line!r} once"
    config.write_text(source.replace(line, replacement), encoding="utf-8")
    return config


def instant_project(where: Path) -> Path:
    """The real site with Material's instant navigation switched on: mkdocs.yml leaves it off (bench/README.md), and docs/javascripts/assessment.js must keep working with it."""
    assert "\n    - navigation.instant\n" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), (
        "mkdocs.yml switches instant navigation on itself"
    )
    features = "\n  features:\n"
    return real_project(where, features, features + "    - navigation.instant\n")


@pytest.fixture(scope="session")
def instant_origin(tmp_path_factory):
    """The real site with instant navigation (instant_project), built with the same strict build as the
    session's site, for the address of the local server that serves it for the whole session: instant
    navigation needs `site_url` (Material reads the sitemap to know which links are its own)."""
    where = tmp_path_factory.mktemp("site-instant")
    out = where / "site"
    out.mkdir()
    with serve(out) as url:
        result = build_site(instant_project(where / "project"), out, env={"SITE_URL": url + "/"})
        if result.returncode != 0:
            pytest.fail(f"the build failed:\n{result.stdout}\n{result.stderr}")
        yield url


@pytest.fixture(scope="session")
def browser():
    """The system's Chromium, one for the whole session and every browser test: Playwright's sync API runs
    one instance at a time, so a second `sync_playwright()` while this one lives would fail."""
    path = chromium_path()
    if not Path(path).exists():
        pytest.fail(f"Chromium not found at {path}: install it (make chromium) or set CHROMIUM_PATH")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


TINY = ROOT / "tests" / "fixtures" / "tiny"
TINY_DATA = TINY / "principles.yaml"


def make_project(where: Path, data: str | None = None) -> Path:
    """A complete copy of the site's machinery in `where`, with `data` (default: the tiny fixture data)."""
    import shutil

    copy_machinery(where)
    shutil.copytree(TINY, where / "data")
    # Hand-written pages that link to records only the real data has are replaced for fixture sites.
    shutil.copytree(ROOT / "tests" / "fixtures" / "tiny-docs", where / "docs", dirs_exist_ok=True)
    (where / "data" / "principles.yaml").write_text(
        data if data is not None else TINY_DATA.read_text(encoding="utf-8"), encoding="utf-8"
    )
    return where
