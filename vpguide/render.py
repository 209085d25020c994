"""`python -m vpguide render OUT`: everything a generator builds the site from, written from the data.

OUT holds, deterministically (the same data and project give the same files, byte for byte):
- `docs/`: every generated page's Markdown, the hand-written pages (docs/*.md, their fragments rendered),
  the stylesheets and scripts, the downloads, the browser's data (the measure ids for an import, the
  combined checklist's full texts, the self-assessment report's measures) and a page for each moved address
  (`extra.redirects`);
- `overrides/mkdocs/` and `overrides/zensical/`: the theme overrides for each generator (the project's
  `overrides/`, with `overrides/<generator>/` on top: partials copied from one theme do not fit the other);
- `mkdocs.yml` and `zensical.yml`: the project's mkdocs.yml, its navigation expanded with the generated
  pages, pointing at `docs/` and that generator's overrides, with this site's Markdown extension
  (vpguide/mdext.py) configured with the glossary. `!ENV` values stay for the generator to read.

Only files whose content changes are written, and files no longer produced are removed, so that a server
watching OUT reloads what changed. Nothing here imports a generator.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown
import rcssmin
import rjsmin
import yaml

from . import addresses as a
from . import export, freshness, oscal, search
from .errors import DataError, Problem
from .load import load_model
from .model import TIERS
from .site import Site, law_tokens

GENERATORS = ("mkdocs", "zensical")
CONFIG = "mkdocs.yml"
EXTENSION = "vpguide.mdext"
# Navigation entries replaced by generated sections: `- Title: principles/` in mkdocs.yml.
NAV_PLACEHOLDERS = ("principles/", "checklists/", "law/")
DETAILS_FORMAT = "vp-details"
REPORT_FORMAT = "vp-report-measures"
# Where each generator writes the site, inside OUT (Zensical keeps it within the project).
SITE_DIRS = {"mkdocs": "site-mkdocs", "zensical": "site-zensical"}
MANAGED = ("docs", "overrides", *(f"{g}.yml" for g in GENERATORS), "search-keywords.json")


@dataclass(frozen=True)
class Env:
    """A `!ENV` value of mkdocs.yml: the variable (or variables) and default, kept for the generator."""

    value: object


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _env_tag(loader, node):
    if isinstance(node, yaml.SequenceNode):
        return Env(tuple(loader.construct_sequence(node)))
    return Env(loader.construct_scalar(node))


def _env_node(dumper, env: Env):
    if isinstance(env.value, tuple):
        return dumper.represent_sequence("!ENV", list(env.value), flow_style=True)
    return dumper.represent_scalar("!ENV", env.value)


_Loader.add_constructor("!ENV", _env_tag)
_Dumper.add_representer(Env, _env_node)


def read_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader


def resolve(value, environ=os.environ):
    """What a generator reads for a configuration value: `!ENV [NAME, default]` looked up."""
    if not isinstance(value, Env):
        return value
    names = value.value if isinstance(value.value, tuple) else (value.value,)
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if environ.get(name):
            return environ[name]
    return default


def _expand_nav(nav, generated: dict):
    out = []
    for item in nav or []:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if isinstance(value, str) and value in generated:
                item = {title: generated[value]}
            elif isinstance(value, list):
                item = {title: _expand_nav(value, generated)}
        out.append(item)
    return out


def _front_matter(meta: dict) -> str:
    if not meta:
        return ""
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n"


def _extensions(config: dict) -> tuple[list[str], dict[str, dict]]:
    names, configs = [], {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            ((name, options),) = entry.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(entry)
    return names, configs


@dataclass(frozen=True)
class Rendered:
    written: list[str]  # the files that changed, relative to OUT
    notices: list[str]  # references and routes last checked over a year ago (vpguide/freshness.py)


def render(project: Path, out: Path, environ=os.environ) -> Rendered:
    """Write everything into `out`. Raises `DataError` with every problem of the data or of
    `extra.redirects`."""
    project = Path(project).resolve()
    config = read_config(project / CONFIG)
    site_url = resolve(config.get("site_url"), environ) or ""
    repo_url = resolve(config.get("repo_url"), environ) or ""
    model = load_model(project / "data", project_dir=project)
    site = Site(model, site_url=site_url, repo_url=repo_url)
    docs_dir = config.get("docs_dir", "docs")
    files: dict[str, bytes] = {}

    def page(path: str, text: str, meta: dict | None = None) -> None:
        files[f"docs/{path}"] = (_front_matter(meta or {}) + text).encode("utf-8")

    edit_root = (config.get("edit_uri") or "").removesuffix(f"{docs_dir}/")
    for generated in site.pages.values():
        meta = {"edit_url": f"{repo_url.rstrip('/')}/{edit_root}{generated.data_file}"} if repo_url else {}
        page(generated.src_uri, site.render_page(generated.src_uri), meta)
    handwritten, problems = set(), []
    for path in sorted((project / docs_dir).rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(project / docs_dir).as_posix()
        if rel in site.pages:
            raise DataError(
                [
                    Problem(
                        f"{docs_dir}/{rel}",
                        1,
                        1,
                        "(document)",
                        f"this page is generated from {site.pages[rel].data_file}: delete the file",
                    )
                ]
            )
        if path.suffix == ".md":
            try:
                page(rel, site.render_handwritten(path.read_text(encoding="utf-8"), rel))
            except (jinja2.TemplateError, KeyError) as err:
                where = getattr(err, "lineno", None) or _template_line(err) or 1
                message = err.args[0] if isinstance(err, KeyError) else f"{type(err).__name__}: {err}"
                problems.append(Problem(f"{docs_dir}/{rel}", where, 1, "(template)", message))
            handwritten.add(rel)
        else:
            files[f"docs/{rel}"] = _asset(path)
    redirects = (config.get("extra") or {}).get("redirects") or {}
    lines = (project / CONFIG).read_text(encoding="utf-8").splitlines()
    for old, new in redirects.items():
        line = next((n for n, text in enumerate(lines, 1) if text.strip().startswith(f"{old}:")), 1)
        if new not in site.pages and new not in handwritten:
            problems.append(Problem(CONFIG, line, 1, f"extra.redirects.{old}", f"there is no page {new}"))
        elif old in site.pages or old in handwritten:
            problems.append(Problem(CONFIG, line, 1, f"extra.redirects.{old}", "a page still lives there"))
        else:
            meta = {
                "template": "redirect.html",
                "location": a.relative_address(old, new),
                "search": {"exclude": True},
            }
            page(old, "", meta)
    if problems:
        raise DataError(problems)
    downloads = {**export.downloads(model, site_url), a.OSCAL_CATALOG: oscal.catalog_json(model, site_url)}
    for path, content in downloads.items():
        files[f"docs/{path}"] = content.encode("utf-8")

    extensions, extension_configs = _extensions(config)
    extension_configs[EXTENSION] = {**extension_configs.get(EXTENSION, {}), "glossary": site.glossary}
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    details, full_texts = _details(site, extensions, extension_configs)
    for path, content in details.items():
        files[f"docs/{path}"] = content.encode("utf-8")
    files[search.KEYWORDS_FILE] = search.keywords(site, full_texts).encode("utf-8")
    files[f"docs/{a.REPORT_DATA}"] = _report_data(site).encode("utf-8")
    files.update(_overrides(project))

    nav = _expand_nav(
        config.get("nav"),
        {"principles/": site.nav(), "checklists/": site.checklists_nav(), "law/": site.law_nav()},
    )
    not_in_nav = "\n".join(
        filter(None, [(config.get("not_in_nav") or "").strip(), *(f"/{old}" for old in redirects)])
    )
    for generator in GENERATORS:
        generated = {k: v for k, v in config.items() if k not in ("hooks", "watch", "nav", "not_in_nav")}
        if not repo_url:
            generated.pop("edit_uri", None)  # no repository known (a local build): no "edit this page"
        generated["docs_dir"] = "docs"
        generated["site_dir"] = SITE_DIRS[generator]
        generated["theme"] = {**config.get("theme", {}), "custom_dir": f"overrides/{generator}"}
        generated["extra"] = {k: v for k, v in (config.get("extra") or {}).items() if k != "redirects"}
        generated["nav"] = nav
        if not_in_nav:
            generated["not_in_nav"] = not_in_nav + "\n"
        generated["markdown_extensions"] = [
            {name: extension_configs[name]} if name in extension_configs else name for name in extensions
        ]
        text = "# Written by `python -m vpguide render` from ../mkdocs.yml: edit that file, not this one.\n"
        text += yaml.dump(generated, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
        files[f"{generator}.yml"] = text.encode("utf-8")
    notices = [str(entry) for entry in freshness.stale_entries(model, freshness.today())]
    return Rendered(write_tree(Path(out), files), notices)


def _asset(path: Path) -> bytes:
    """A file of the docs folder as the site ships it: the site's own scripts and stylesheets minified (a
    quarter to half of their weight on a first visit is comments and indentation; docs/ keeps them readable),
    everything else as it is."""
    if path.suffix == ".js":
        return rjsmin.jsmin(path.read_text(encoding="utf-8")).encode("utf-8")
    if path.suffix == ".css":
        return rcssmin.cssmin(path.read_text(encoding="utf-8")).encode("utf-8")
    return path.read_bytes()


def _template_line(err: BaseException) -> int | None:
    """The line of a hand-written page (a Jinja template) where `err` was raised, from its traceback."""
    line, tb = None, err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _details(
    site: Site, extensions: list[str], configs: dict[str, dict]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each measure's full text on the pages that load it in the browser (Site.deferred_details), as HTML,
    one JSON file per page and principle: what docs/javascripts/details.js inserts when a measure comes
    near the screen, at the first key press and before printing. Also each measure's full text with every
    service note, as HTML, for the search (the combined checklist's)."""
    converter = markdown.Markdown(extensions=[e for e in extensions if e != "toc"], extension_configs=configs)
    out: dict[str, dict] = {}
    full_texts: dict[str, str] = {}
    for page, service_type, measures in site.deferred_details():
        for m in measures:
            entry = out.setdefault(
                a.details_file(page, m.principles[0]),
                {"format": DETAILS_FORMAT, "principle": m.principles[0], "measures": {}},
            )
            html = converter.reset().convert(site.render_details(m.id, page, service_type))
            entry["measures"][m.id] = html
            if page == a.COMBINED_CHECKLIST:
                full_texts[m.id] = html
    files = {path: json.dumps(data, ensure_ascii=False, separators=(",", ":")) for path, data in out.items()}
    return files, full_texts


def _law_tokens(site: Site) -> dict[str, dict[str, list[str]]]:
    """Each measure's `data-vp-law` tokens as its article carries them on each service type's checklist
    (the law that binds a service type may differ): {measure: {service type: tokens}}, where there are
    any."""
    model = site.model
    found: dict[str, dict[str, list[str]]] = {}
    for service in model.service_types:
        for m in model.measures_for(service_type=service.id):
            law = model.law_for(m.id, service.id, binding=True)
            if law:
                found.setdefault(m.id, {})[service.id] = law_tokens(law, service.id).split()
    return found


def _report_data(site: Site) -> str:
    """What the self-assessment's report (docs/javascripts/assessment/report.js) needs of every measure, in
    the checklists' order (by theme, then principle): title, principle, tier and the tiers that differ by
    service type, service types, and the `data-vp-law` tokens of its article on each checklist where it has
    them. Read by the report page only, never by a checklist (README, Self-assessment)."""
    model = site.model
    laws = _law_tokens(site)
    measures = []
    for theme in model.themes:
        for p in model.principles_of(theme.id):
            for m in model.measures_for(principle=p.number):
                if m.principles[0] != p.number:
                    continue
                item = {
                    "id": m.id,
                    "title": m.title,
                    "principle": p.number,
                    "tier": m.tier,
                    "service_types": list(m.service_types),
                }
                if m.tier_by_service_type:
                    item["tiers"] = dict(m.tier_by_service_type)
                if laws.get(m.id):
                    item["law"] = laws[m.id]
                measures.append(item)
    data = {
        "format": REPORT_FORMAT,
        "version": model.version,
        "tiers": list(TIERS),
        "principles": [{"number": p.number, "title": p.title} for p in model.principles],
        "service_types": [{"id": s.id, "name": s.name} for s in model.service_types],
        # For naming the jurisdiction of a `data-vp-law` token, by id or code.
        "jurisdictions": [{"id": j.id, "code": j.code, "name": j.name} for j in model.jurisdictions],
        "measures": measures,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _overrides(project: Path) -> dict[str, bytes]:
    """Each generator's theme overrides: the shared ones, then its own on top."""
    shared = project / "overrides"
    files: dict[str, bytes] = {}
    for generator in GENERATORS:
        layers = [(shared, {g for g in GENERATORS}), (shared / generator, set())]
        for root, skip in layers:
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*")):
                rel = path.relative_to(root)
                if path.is_file() and rel.parts[0] not in skip:
                    files[f"overrides/{generator}/{rel.as_posix()}"] = path.read_bytes()
    return files


def write_tree(out: Path, files: dict[str, bytes]) -> list[str]:
    """Write `files` (path relative to `out` -> content) where they differ, and remove the files of the
    managed parts of `out` that are no longer produced. Returns the paths written."""
    written = []
    for rel, content in sorted(files.items()):
        target = out / rel
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(rel)
    for part in MANAGED:
        root = out / part
        if root.is_dir():
            for path in sorted(root.rglob("*"), reverse=True):
                rel = path.relative_to(out).as_posix()
                if path.is_file() and rel not in files:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
    return written
