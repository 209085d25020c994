"""The baseline for the build benchmark: the same pages as static Markdown, built by plain Material.

1. `snapshot`: a copy of the project as it is now (the real site; other work in the tree cannot change it
   halfway through a run).
2. `capture`: one throwaway build of a second copy with bench/hooks/capture.py added last, which writes
   every page's Markdown after macros and hooks, the generated downloads and the expanded navigation.
3. `make_baseline`: a project with that Markdown as docs/ (plus the static files of docs/ and the theme
   overrides), and the real mkdocs.yml without the macros plugin, the hooks and `watch`, with the captured
   navigation written out. Same theme, features, markdown_extensions, CSS, JavaScript and validation.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
# What a project needs (tests/conftest.py's make_project), and its data.
PROJECT_PARTS = ["mkdocs.yml", "macros.py", "hooks", "vpguide", "schemas", "overrides", "docs", "data"]
BASELINE_PARTS = ["overrides"]
DROPPED_SECTIONS = {"hooks", "watch"}
DROPPED_PLUGINS = {"macros"}


def build_env() -> dict[str, str]:
    """The environment of every build: a local build (no SITE_URL or SITE_REPO_URL), no end-of-life banner."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SITE_REPO_URL")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def copy_parts(source: Path, dest: Path, parts: list[str]) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        if (source / part).is_dir():
            shutil.copytree(source / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / part, dest / part)
    return dest


def snapshot(dest: Path) -> Path:
    """A copy of the real project: its configuration, code, templates, docs and data."""
    return copy_parts(ROOT, dest, PROJECT_PARTS)


def add_hooks(config_file: Path, hooks: list[Path]) -> None:
    """Append `hooks` (absolute paths) to the `hooks:` list of a copied mkdocs.yml."""
    sections = _sections(config_file.read_text(encoding="utf-8"))
    for key, lines in sections:
        if key == "hooks":
            while lines and not lines[-1].strip():
                lines.pop()
            lines.extend(f"  - {hook}\n" for hook in hooks)
            lines.append("\n")
            break
    else:
        sections.append(["hooks", ["hooks:\n", *(f"  - {hook}\n" for hook in hooks)]])
    config_file.write_text("".join(line for _, lines in sections for line in lines), encoding="utf-8")


def capture(project: Path, out: Path) -> Path:
    """Build `project` once with the capture hook; the pages' Markdown and the nav land in `out`."""
    add_hooks(project / "mkdocs.yml", [BENCH / "hooks" / "capture.py"])
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out / "site")],
        cwd=project,
        env={**build_env(), "BENCH_CAPTURE_DIR": str(out)},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"capture build failed:\n{done.stderr}")
    return out


def make_baseline(real: Path, captured: Path, dest: Path) -> Path:
    """A plain Material project serving the captured pages of `real`."""
    copy_parts(real, dest, BASELINE_PARTS)
    shutil.copytree(captured / "docs", dest / "docs")
    for static in (real / "docs").rglob("*"):
        if static.is_file() and static.suffix != ".md":
            target = dest / "docs" / static.relative_to(real / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(static, target)
    nav = json.loads((captured / "nav.json").read_text(encoding="utf-8"))
    text = (real / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(baseline_config(text, nav), encoding="utf-8")
    return dest


def _sections(text: str) -> list[list]:
    """mkdocs.yml as [top-level key, lines]; comments and blank lines go with the key above them."""
    sections: list[list] = [[None, []]]
    for line in text.splitlines(keepends=True):
        match = re.match(r"([A-Za-z_][\w-]*):", line)
        if match:
            sections.append([match.group(1), [line]])
        else:
            sections[-1][1].append(line)
    return sections


def _without_plugins(lines: list[str], dropped: set[str]) -> list[str]:
    out, skipping = [lines[0]], False
    for line in lines[1:]:
        item = re.match(r"  - ([\w-]+)", line)
        if item:
            skipping = item.group(1) in dropped
        elif line.strip() and not line.startswith("   "):
            skipping = False
        if not skipping:
            out.append(line)
    return out


def baseline_config(text: str, nav: list) -> str:
    """The real mkdocs.yml without macros, hooks and watch, with the generated navigation written out."""
    out = []
    for key, lines in _sections(text):
        if key in DROPPED_SECTIONS:
            continue
        if key == "plugins":
            lines = _without_plugins(lines, DROPPED_PLUGINS)
        elif key == "edit_uri":
            # The hook drops "edit this page" when no repository is known (a local build, like this one).
            lines = ['edit_uri: ""\n']
        elif key == "nav":
            dumped = yaml.safe_dump(nav, sort_keys=False, allow_unicode=True, width=10_000)
            lines = ["nav:\n", *("  " + line + "\n" for line in dumped.splitlines()), "\n"]
        out.extend(lines)
    return "".join(out)
