"""Shared fixtures: the real site, built once per test session with the strict configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
# A repository address for the build under test, so that "edit this page" links are rendered.
TEST_REPO_URL = "https://github.com/example/voluntary-principles-site"


def build_site(config_file: Path, site_dir: Path, *, env: dict[str, str] | None = None):
    """Run `mkdocs build --strict` for real and return the completed process (never raises)."""
    full_env = {**os.environ, "SITE_REPO_URL": TEST_REPO_URL, **(env or {})}
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)],
        cwd=config_file.parent,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real site, built once with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "mkdocs.yml", out)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return out
