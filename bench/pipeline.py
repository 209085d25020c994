"""The site's build for the benchmark, stage by stage as `python -m vpguide build` runs it, each stage a
fresh process wrapped by bench/measure.py (its wall time and peak memory alone):

1. render: `python -m vpguide render OUT`, into an empty OUT (a first build, not an update);
2. generator: `mkdocs build --strict` (MkDocs + Material) or `zensical build --strict --clean`, with the
   arguments and environment that vpguide/build.py gives them;
3. finish: `python -m vpguide finish SITE --templates ...` (the Content-Security-Policy, vpguide/csp.py).

`python -m vpguide build` runs render and finish in one process, so it starts Python and imports the site's
code once where this does it twice (about 0.17 s on the bench machine).

The baseline is the same rendered Markdown built by plain Material: OUT/mkdocs.yml without the site's
Markdown extension (vpguide.mdext), and no finish.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for extra in (ROOT, ROOT / "tools"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from project import PROJECT_PARTS  # noqa: E402

from vpguide import build  # noqa: E402
from vpguide.render import EXTENSION, SITE_DIRS  # noqa: E402

GENERATORS = ("mkdocs", "zensical")
MB = 1_000_000


def snapshot(dest: Path, source: Path = ROOT, *, data: bool = True) -> Path:
    """A copy of the project's machinery (tools/project.py's parts), and its data unless `data` is false:
    what the benchmark builds, so that work going on in the tree cannot change a run halfway."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in [*PROJECT_PARTS, *(["data"] if data else [])]:
        if (source / part).is_dir():
            shutil.copytree(source / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / part, dest / part)
    return dest


def environment(project: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A local build's environment (no SITE_URL or SITE_REPO_URL), with only `project` importable."""
    env = {k: v for k, v in build.generator_env(project).items() if k not in ("SITE_URL", "SITE_REPO_URL")}
    return {**env, "PYTHONPATH": str(project), **(extra or {})}


def measured(command: list[str], cwd: Path, env: dict[str, str]) -> dict:
    """Run `command` in a fresh wrapper process: seconds, peak resident memory (MB), CPU seconds."""
    wrapper = [sys.executable, str(BENCH / "measure.py"), str(cwd), "--", *map(str, command)]
    done = subprocess.run(wrapper, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the wrapper failed:\n{done.stderr}")
    result = json.loads(done.stdout)
    if result["returncode"] != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed in {cwd}:\n{result['stderr']}")
    return {
        "seconds": result["seconds"],
        "peak_mb": result["maxrss_kb"] * 1024 / MB,
        "cpu": result["cpu_seconds"],
    }


def site_dir(generator: str, out: Path) -> Path:
    """Where the generator writes the site, as the rendered configuration says."""
    return out / SITE_DIRS[generator]


@functools.cache
def theme_templates(generator: str) -> Path:
    return build.theme_templates(generator, ROOT)


def render(project: Path, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "vpguide", "render", out, "--project", project]
    return measured(command, project, environment(project))


def generate(generator: str, project: Path, out: Path, config: Path | None = None, env=None) -> dict:
    """The generator's strict build of OUT (or of `config`, a copy of its configuration in OUT)."""
    site = site_dir(generator, out)
    shutil.rmtree(site, ignore_errors=True)
    command = [*build.generator_program(generator, ROOT), "build", "--strict"]
    command += ["--config-file", config or out / f"{generator}.yml"]
    command += ["--site-dir", site] if generator == "mkdocs" else ["--clean"]
    return measured(command, out, environment(project, env))


def finish(generator: str, project: Path, out: Path) -> dict:
    templates = [out / "overrides" / generator, theme_templates(generator)]
    command = [sys.executable, "-m", "vpguide", "finish", site_dir(generator, out), "--templates", *templates]
    return measured(command, project, environment(project))


def run(generator: str, project: Path, out: Path, *, hook: Path | None = None, env=None) -> dict:
    """The whole build with `generator`: each stage's seconds and peak memory, the total, the peak of all.
    With `hook`, MkDocs builds a copy of its configuration with that hook added (with_hook)."""
    stages = {"render": render(project, out)}
    config = with_hook(out, hook) if hook else None
    stages["generator"] = generate(generator, project, out, config, env)
    stages["finish"] = finish(generator, project, out)
    return summary(stages)


def baseline(project: Path, out: Path) -> dict:
    """Plain Material on the Markdown already rendered in OUT (baseline_config), no finish."""
    return summary({"generator": generate("mkdocs", project, out, baseline_config(out))})


def summary(stages: dict[str, dict]) -> dict:
    return {
        "stages": {name: s["seconds"] for name, s in stages.items()},
        "stage_peak_mb": {name: s["peak_mb"] for name, s in stages.items()},
        "seconds": sum(s["seconds"] for s in stages.values()),
        "peak_mb": max(s["peak_mb"] for s in stages.values()),
    }


def baseline_config(out: Path) -> Path:
    """OUT/baseline.yml: OUT/mkdocs.yml without the site's Markdown extension (the list item and its
    indented configuration), everything else as rendered."""
    lines = (out / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if line.rstrip() in (f"- {EXTENSION}", f"- {EXTENSION}:"):
            skipping = True
            continue
        if skipping and line.startswith((" ", "\t")):
            continue
        skipping = False
        kept.append(line)
    if len(kept) == len(lines):
        raise SystemExit(f"{out / 'mkdocs.yml'} has no `- {EXTENSION}` to leave out")
    target = out / "baseline.yml"
    target.write_text("".join(kept), encoding="utf-8")
    return target


def with_hook(out: Path, hook: Path) -> Path:
    """OUT/bench-mkdocs.yml: OUT/mkdocs.yml with `hook` as its only hook (the site itself has none)."""
    text = (out / "mkdocs.yml").read_text(encoding="utf-8")
    if any(line.startswith("hooks:") for line in text.splitlines()):
        raise SystemExit(f"{out / 'mkdocs.yml'} has hooks of its own")
    target = out / "bench-mkdocs.yml"
    target.write_text(f"{text.rstrip()}\nhooks:\n- {hook}\n", encoding="utf-8")
    return target


def html_stats(site: Path) -> tuple[int, int]:
    """Number of HTML pages of a built site and their total bytes."""
    pages = list(site.rglob("*.html"))
    return len(pages), sum(p.stat().st_size for p in pages)
