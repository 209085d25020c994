"""A copy of the site's machinery (configuration, adapters, package, schemas, theme, pages) without its data:
what fixture sites in the tests and scaled sites in the benchmark are built from."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["mkdocs.yml", "vpguide", "schemas", "overrides", "docs"]


def copy_machinery(where: Path) -> Path:
    """Copy everything a site needs except `data/` into `where`."""
    where.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, where / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, where / part)
    return where
