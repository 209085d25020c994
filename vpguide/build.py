"""Render, build, finish: the site from the data, with MkDocs + Material or with Zensical.

1. `render.render` writes the generator's source into OUT (by default `build/`).
2. The generator builds it: MkDocs from this environment, Zensical from its own (`.venv-zensical`, or the
   program named by ZENSICAL). Each runs as a program of its own, so nothing here imports a generator.
3. `finish` secures the built pages (vpguide/csp.py): the Content-Security-Policy, with the inline scripts
   of the templates that wrote them, which each generator's Python reports.

`serve` renders, starts `mkdocs serve` on OUT, and renders again whenever the data, the pages, the templates,
the theme overrides or the code change (watchfiles): a data error is printed with its file and line, and the
server keeps the last good site until the YAML is fixed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import csp, search
from .render import GENERATORS, SITE_DIRS

# What `serve` watches for changes, in the project.
WATCHED = ("data", "docs", "overrides", "vpguide", "schemas", "mkdocs.yml")
# The theme package of each generator, whose templates write the inline scripts the policy allows.
THEMES = {"mkdocs": "material", "zensical": "zensical"}


def generator_program(generator: str, project: Path) -> list[str]:
    if generator == "mkdocs":
        return [sys.executable, "-m", "mkdocs"]
    return [os.environ.get("ZENSICAL") or str(project / ".venv-zensical" / "bin" / "zensical")]


def generator_env(project: Path) -> dict[str, str]:
    """The generator's environment: the project importable (its Markdown extension, vpguide/mdext.py),
    and no end-of-life banner from Material in the build log."""
    path = os.pathsep.join(filter(None, [str(project), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1"}


def theme_templates(generator: str, project: Path) -> Path:
    """The theme's templates folder, as the generator's own Python finds it."""
    program = generator_program(generator, project)
    python = program[0] if generator == "mkdocs" else str(Path(program[0]).with_name("python"))
    code = (
        f"import os, {THEMES[generator]} as t; print(os.path.join(os.path.dirname(t.__file__), 'templates'))"
    )
    found = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


def run_generator(generator: str, project: Path, out: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Build OUT's source with `generator` into `site_dir` (strict: a warning fails the build)."""
    if generator not in GENERATORS:
        raise ValueError(f"unknown generator {generator!r}: {', '.join(GENERATORS)}")
    program = generator_program(generator, project)
    config = out / f"{generator}.yml"
    if generator == "mkdocs":
        args = [*program, "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)]
    else:
        args = [*program, "build", "--strict", "--clean", "--config-file", str(config)]
    done = subprocess.run(args, cwd=out, env=generator_env(project), capture_output=True, text=True)
    built = out / SITE_DIRS[generator]
    if generator == "zensical" and done.returncode == 0 and built.resolve() != site_dir.resolve():
        shutil.rmtree(site_dir, ignore_errors=True)
        shutil.copytree(built, site_dir)
    return done


def finish(site_dir: Path, template_dirs: list[Path], search_keywords: Path | None = None) -> list[str]:
    """Put the search keywords in the site's index (vpguide/search.py) and secure every built page; the
    problems, each with its page and line ([] when the site is ready)."""
    problems = search.improve_site(site_dir, search_keywords) if search_keywords else []
    return [f"Search index: {p}" for p in problems] + [
        f"Content-Security-Policy: {p}" for p in csp.secure_site(site_dir, template_dirs)
    ]


def build(project: Path, out: Path, site_dir: Path, generator: str = "mkdocs") -> int:
    """Render, build, finish; prints what goes wrong, returns the exit status."""
    from .errors import DataError
    from .render import render

    try:
        rendered = render(project, out)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    for notice in rendered.notices:
        # A notice, not a failure: a strict build (and so a deploy) still goes out.
        print(f"Freshness notice: {notice}", file=sys.stderr)
    done = run_generator(generator, project, out, site_dir)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        return done.returncode
    templates = [out / "overrides" / generator, theme_templates(generator, project)]
    problems = finish(site_dir, templates, out / search.KEYWORDS_FILE)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def serve(project: Path, out: Path, dev_addr: str) -> int:
    """`mkdocs serve` on OUT, rendered again on every change of the project's sources."""
    import watchfiles

    render_command = [sys.executable, "-m", "vpguide", "render", str(out), "--project", str(project)]
    server = None

    def render_and_start():
        nonlocal server
        subprocess.run(render_command, env=generator_env(project), check=False)
        if server is None and (out / "mkdocs.yml").is_file():
            command = [
                *generator_program("mkdocs", project),
                "serve",
                "--config-file",
                str(out / "mkdocs.yml"),
            ]
            server = subprocess.Popen([*command, "--dev-addr", dev_addr], cwd=out, env=generator_env(project))
        elif server is None:
            print("Fix the problems above: the site is served once the data is valid.", file=sys.stderr)

    render_and_start()
    watched = [project / p for p in WATCHED if (project / p).exists()]
    try:
        for _changes in watchfiles.watch(*watched, raise_interrupt=False):
            render_and_start()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    return 0
