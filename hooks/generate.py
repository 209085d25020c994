"""MkDocs hook: a thin adapter between MkDocs and the `vpguide` package.

- on_config: loads and validates data/ once per build; any problem stops the build with every
  `file:line:column: path: message` and no traceback. Replaces the nav placeholder `principles/` with the
  generated sections. Adds `vpguide/mdstash.py` after md_in_html (the same Markdown, in linear time).
- on_files: adds one generated page per principle, theme and service type (`File.generated`), whose
  "edit this page" link points to the YAML it comes from, and the downloads (JSON, CSV).
- on_page_content: lighter pages (`vpguide/pagecontent.py`): each glossary term marked up where it first
  appears, permalinks named by aria-label, and the combined checklist's full measure texts written beside it
  as JSON files that its script loads when they are needed (README, Performance).
- on_env: the navigation's items rendered once per build for all the pages they read the same from, not
  once per page (overrides/partials/nav-item.html).
- on_page_content and on_post_page also let go of each page's Markdown and HTML once nothing needs them.
- on_post_build (last): puts the Content-Security-Policy in every built HTML page, with the hashes of its
  inline scripts (`vpguide/csp.py`); not while serving.
While `mkdocs serve` runs, the package is imported afresh for every rebuild, so edits to its code and
templates show up without a restart.
"""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import normalize_url

log = logging.getLogger("mkdocs.hooks.generate")
# Navigation entries replaced by generated sections: `- Title: principles/` in mkdocs.yml.
NAV_PLACEHOLDERS = {"principles/": "nav", "checklists/": "checklists_nav"}
PACKAGE = "vpguide"
_state: dict = {"serving": False, "site": None}


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


@event_priority(100)  # before mkdocs-macros, whose macros read the same site
def on_config(config):
    project_dir = Path(config.config_file_path).parent
    if _state["serving"]:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
    if str(project_dir) not in sys.path:
        sys.path.insert(0, str(project_dir))
    load = importlib.import_module(f"{PACKAGE}.load")
    errors = importlib.import_module(f"{PACKAGE}.errors")
    site_module = importlib.import_module(f"{PACKAGE}.site")
    try:
        site = site_module.Site(
            load.load_model(project_dir / "data", project_dir=project_dir), site_url=config.site_url or ""
        )
    except errors.DataError as err:
        raise PluginError(err.report()) from None
    _state["site"] = site
    freshness = importlib.import_module(f"{PACKAGE}.freshness")
    for entry in freshness.stale_entries(site.model, freshness.today()):
        # A notice, not a warning: a strict build (and so a deploy) still goes out.
        log.info(f"Freshness notice: {entry}")
    config.nav = _expand_nav(
        config.nav, {key: getattr(site, method)() for key, method in NAV_PLACEHOLDERS.items()}
    )
    mdstash = importlib.import_module(f"{PACKAGE}.mdstash")
    if "md_in_html" in config.markdown_extensions:
        # After md_in_html: the same parser with its HTML stash cleaned up in constant time (issue 7).
        config.markdown_extensions.append(mdstash.FastMarkdownInHtml())
    if not config.repo_url:
        config.edit_uri = None  # no repository known (a local build): no "edit this page" links
    return config


def _expand_nav(nav, generated: dict):
    if nav is None:
        return None
    out = []
    for item in nav:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if isinstance(value, str) and value in generated:
                out.append({title: generated[value]})
            elif isinstance(value, list):
                out.append({title: _expand_nav(value, generated)})
            else:
                out.append(item)
        else:
            out.append(item)
    return out


def _redirects(config) -> dict[str, str]:
    """extra.redirects in mkdocs.yml: old page -> new page, both docs-relative .md paths."""
    return config.extra.get("redirects") or {}


@event_priority(50)
def on_files(files: Files, config) -> Files:
    site = _state["site"]
    site_module = importlib.import_module(f"{PACKAGE}.site")
    project_dir = Path(config.config_file_path).parent
    for page in site.pages.values():
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"docs/{page.src_uri} exists, but this page is generated from {page.data_file}: "
                "delete the file"
            )
        file = File.generated(config, page.src_uri, content=site.generated_source)
        file.edit_uri = os.path.relpath(project_dir / page.data_file, config.docs_dir).replace(os.sep, "/")
        files.append(file)
    for old, new in _redirects(config).items():
        if files.get_file_from_path(new) is None:
            raise PluginError(f"{config.config_file_path}: extra.redirects: {old}: there is no page {new}")
        location = site_module.relative_address(old, new)
        content = f"---\ntemplate: redirect.html\nlocation: {location}\nsearch:\n  exclude: true\n---\n"
        files.append(File.generated(config, old, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    # The downloads wait on disk, not in memory, until MkDocs copies them: at scale they are as large as the
    # pages (160 MB at 50 times the real data: README, Performance). The folder goes when the build ends.
    _remove_downloads()
    folder = Path(tempfile.mkdtemp(prefix="vp-downloads-"))
    _state["downloads"] = folder
    for path, content in site.downloads().items():
        source = folder / path
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(content.encode("utf-8"))
        files.append(File.generated(config, path, abs_src_path=str(source)))
    return files


def _remove_downloads() -> None:
    folder = _state.pop("downloads", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@event_priority(-100)  # last, after plugins that write pages of their own (mkdocs-redirects' redirect pages)
def on_post_build(config) -> None:
    _remove_downloads()
    if _state["serving"]:
        return  # `mkdocs serve` injects an inline live-reload script that the policy would block
    csp = importlib.import_module(f"{PACKAGE}.csp")
    for problem in csp.secure_site(Path(config.site_dir), [Path(d) for d in config.theme.dirs]):
        # A warning: the strict build (and so the deploy) stops, naming the page and line.
        log.warning(f"Content-Security-Policy: {problem}")


def on_env(env, config, files):
    """`vp_nav_children` for overrides/partials/nav-item.html: a section's items, each rendered by the
    theme's `render` macro as Material's own loop does, but once per build for each place it is rendered
    from, not once per page (README, Performance).

    An item that neither is nor holds the current page renders the same from every page whose links to it
    read the same. A relative address from page P to a page T outside P's folder depends only on the folder
    above P and on how deep P is (mkdocs.utils.get_relative_url), so items are reused between pages that
    share those; an item with a page inside P's folder (every item, from the home page) is rendered for P
    alone (a link: once for each address it has)."""
    site_module = importlib.import_module(f"{PACKAGE}.site")
    limit = config.extra.get("navigation_section_limit", site_module.NAV_SECTION_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise PluginError(
            f"{config.config_file_path}: extra.navigation_section_limit: {limit!r} is not a whole number of "
            "at least 1 (the most items a navigation section lists)"
        )
    rendered: dict[tuple, str] = {}
    prefixes: dict[int, set[tuple[str, ...]]] = {}

    def folders(item) -> set[tuple[str, ...]]:
        """Every folder that holds a page of `item` (a page, link or section), as path parts."""
        if id(item) not in prefixes:
            if item.children:
                found = set().union(*(folders(child) for child in item.children))
            else:
                parts = _parts(str(item.url))
                found = {parts[:n] for n in range(len(parts) + 1)}
            prefixes[id(item)] = found
        return prefixes[id(item)]

    listings: dict[tuple[int, int], list] = {}
    indexes: dict[int, object] = {}
    positions: dict[tuple[int, int], int] = {}

    def nav_index(section):
        """A section's own page (navigation.indexes): its first index page, or None."""
        if id(section) not in indexes:
            indexes[id(section)] = next((item for item in section.children if item.is_index), None)
        return indexes[id(section)]

    def listed(section, index) -> list[tuple[int, object]]:
        """A section's items with their numbers (from 1, as Material numbers them), without its own page
        (shown as the section's link with navigation.indexes)."""
        key = (id(section), id(index))
        if key not in listings:
            listings[key] = [
                (n, item) for n, item in enumerate(section.children, start=1) if not (index and item == index)
            ]
            positions.update(((id(section), id(item)), i) for i, (_, item) in enumerate(listings[key]))
        return listings[key]

    def nav_long(section, index) -> int:
        """How many items a section has when it has more than the limit (overrides/partials/nav-item.html
        then shows it as one link on pages outside it, a window of them on pages inside it), else 0."""
        count = len(listed(section, index))
        return count if count > limit else 0

    @jinja2.pass_context
    def nav_children(context, section, index, path: str, level: int, render) -> str:
        page = context.get("page")
        base = context.get("base_url", "")
        if page is None:  # a page that links from the site's root (404.html)
            mine, where = None, ("root", base)
        else:
            folder, _, name = page.url.rpartition("/")
            mine = _parts(folder if "." in name else page.url)
            where = ("folder", mine[:-1], len(mine))
        items = listed(section, index)
        # The item that is or holds the page: the page itself, else its parent sections, nearest first.
        current, item = None, page
        while item is not None and current is None:
            current, item = positions.get((id(section), id(item))), item.parent
        out = []
        for number, item in (items[i] for i in site_module.nav_window(len(items), current, limit)):
            args = (item, f"{path}_{number}", level + 1, section)
            if item == page or item.active:
                out.append(render(*args))
                continue
            if mine is None or mine not in folders(item):
                key = (id(item), *args[1:3], section.active, where)
            elif not item.children:
                key = (id(item), normalize_url(str(item.url), page=page, base=base))
            else:
                out.append(render(*args))
                continue
            if key not in rendered:
                rendered[key] = render(*args)
            out.append(rendered[key])
        return "".join(out)  # the theme's environment does not escape: the items are HTML

    env.globals["vp_nav_children"] = nav_children
    env.globals["vp_nav_long"] = nav_long
    env.globals["vp_nav_index"] = nav_index
    return env


def _parts(url: str) -> tuple[str, ...]:
    return tuple(part for part in url.split("/") if part and part != ".")


def on_build_error(error) -> None:
    _remove_downloads()


def on_shutdown() -> None:
    _remove_downloads()


def current_site():
    """The site of the build in progress, for macros.py."""
    return _state["site"]


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Glossary terms become tooltips (the `abbr` extension, after macros ran; on_page_content keeps the
    first on each page)."""
    return markdown + _state["site"].abbreviations


def on_page_content(html: str, page, config, files) -> str:
    content = importlib.import_module(f"{PACKAGE}.pagecontent")
    html, deferred = content.defer_details(html)
    folder = Path(config.site_dir) / Path(page.file.dest_uri).parent
    for name, data in deferred.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content.details_json(data), encoding="utf-8")
    _let_go_of_markdown(page)
    return content.lighten(html)


# MkDocs keeps every page's Markdown and HTML until the build ends, though nothing of this site reads the
# Markdown once it is HTML, nor the HTML once the page is written (the search plugin indexed it in
# on_page_context): at 50 times the real data, over 400 MB held to the end (README, Performance).
def _let_go_of_markdown(page) -> None:
    page.title = page.title  # MkDocs would read the title from the Markdown while the page had no HTML
    page.markdown = ""


@event_priority(-100)  # last: after the theme rendered the page and every plugin saw it
def on_post_page(output: str, page, config) -> str:
    page.content = None
    return output
