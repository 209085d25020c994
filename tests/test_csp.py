"""The Content-Security-Policy (vpguide/csp.py, put in every page by the finishing step after the build).

First the module on its own: the hash is SHA-256 of the script's exact text, what runs is hashed and what
does not is not, the meta tag goes first in <head>, and a script that the policy does not list is reported.
Then Chromium: every page of the site loads with no CSP violation and its policy first in <head> (checked
with everything else on each page, by tests/test_browser.py's `test_page`, whose watch listens for
violations in every browser test), as do the search (its worker) and the self-assessment, here; so does
Material's instant navigation between pages of different depths, on the site built with it switched on
(mkdocs.yml leaves it off, but the shared policy keeps it possible); and a page changed after the build is
blocked, so the listener does see violations.

The browser tests use the site built for the address of their local server, as deployed (with `site_url`,
which instant navigation needs), one browser context for all of them, and the light scheme only: the
colour scheme changes no script or style source.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import material as material_package
import pytest
from browser import POLICY_FIRST, discover_pages, pages_for_collection, serve
from conftest import ROOT, build_site
from test_browser import SETTLED

from vpguide import csp

# With pytest-xdist (`make test`), this module's tests run in one process: the site built for its server's address, once.
pytestmark = pytest.mark.xdist_group("csp")

# A template folder as a theme would have it: one inline script with the page's depth in it, one without,
# a data block and an external script (neither needs a hash), a refresh for redirect pages.
TEMPLATES = {
    "base.html": (
        '<html><head><meta charset="utf-8"><title>{{ page.title }}</title>\n'
        '<script>var scope = new URL("{{ base_url }}", location);</script>\n'
        '<script id="__config" type="application/json">{{ config | tojson }}</script>\n'
        "<script src=\"{{ 'app.js' | url }}\"></script>\n"
        "</head><body>{% block content %}{% endblock %}\n"
        '<script>document.body.dataset.ready = "yes";</script></body></html>'
    ),
    "redirect.html": '<meta http-equiv="refresh" content="0;url={{ page.meta.location }}">',
}
PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>A page</title>
    <script>var scope = new URL("../..", location);</script>
  </head>
  <body>
    <p title="<script>not a script</script>">Text</p>
    <!-- <script>not a script either</script> -->
    <script type="application/json" id="data">{"a": 1}</script>
    <script src="app.js"></script>
    <script>document.body.dataset.ready = "yes";</script>
  </body>
</html>
"""


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def meta_policy(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert match, "no policy"
    return match.group(1)


@pytest.fixture
def allowed(tmp_path) -> csp.Allowed:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in TEMPLATES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return csp.allowed_from_templates([folder])


def finished(html: str, allowed: csp.Allowed) -> str:
    scanned = csp.scan(html, allowed)
    assert scanned.problems == []
    return csp.with_policy(html, csp.build_policy(scanned.hashes))


# --- The module ------------------------------------------------------------------------------------------


def test_hash_is_sha256_of_the_exact_script_text(allowed):
    text = 'var scope = new URL("../..", location);'
    assert csp.script_hash(text) == sha256(text)
    # Non-ASCII text is hashed as UTF-8, as browsers do.
    assert csp.script_hash("document.title = 'café ✓'") == sha256("document.title = 'café ✓'")
    assert [s.text for s in csp.scan(PAGE, allowed).scripts] == [text, 'document.body.dataset.ready = "yes";']
    policy = meta_policy(finished(PAGE, allowed))
    hashes = sorted([sha256(text), sha256('document.body.dataset.ready = "yes";')])
    assert csp.policy_sources(policy, "script-src") == ["'self'", *hashes]


def test_the_allowed_scripts_come_from_the_templates_not_the_pages(allowed):
    """A template's `{{ ... }}` may be a path of the site and nothing else: the same script with another
    depth is allowed, with a quote, a host or a scheme in that place it is not, and any other inline script
    is refused, however the page got it."""
    for depth in (".", "..", "../../..", "/voluntary-principles/"):
        assert allowed.script(f'var scope = new URL("{depth}", location);'), depth
    for value in ('", location);alert(1);("', "//evil.example/", "https://evil.example/", "..\\.."):
        assert not allowed.script(f'var scope = new URL("{value}", location);'), value
    assert not allowed.script("alert(document.domain)")
    assert not allowed.script('document.body.dataset.ready = "yes"; ')  # one character more
    assert allowed.meta("refresh", "0;url=../new/page/")
    assert not allowed.meta("refresh", "0;url=//evil.example/")
    assert not allowed.meta("refresh", "0;url=https://evil.example/")
    assert not allowed.meta("set-cookie", "a=b")


def real_allowed() -> csp.Allowed:
    """What the real site's templates write: the theme's overrides and Material's own templates."""
    return csp.allowed_from_templates(
        [ROOT / "overrides", Path(material_package.__file__).parent / "templates"]
    )


def test_the_real_themes_inline_scripts_are_allowed(site_dir):
    """Material's own inline scripts, as its templates write them on every page of the real site."""
    allowed = real_allowed()
    seen = set()
    for path in sorted(site_dir.rglob("*.html")):
        scanned = csp.scan(path.read_text(encoding="utf-8"), allowed)
        assert scanned.problems == [], path.relative_to(site_dir)
        seen |= {s.text.split("=")[0] for s in scanned.scripts}
    assert {"__md_scope", "var palette"} <= seen


def test_only_scripts_that_run_are_checked(allowed):
    """Data blocks (Material's `__config` is JSON) and external scripts need nothing; every type that runs
    must be one the templates write; scripts in comments or attribute values are not scripts; the text is
    taken as the browser sees it."""
    page = (
        "<html><head><meta charset='utf-8'></head><body>\n"
        "<script type='application/json'>{}</script>\n"
        "<script type='text/javascript; charset=utf-8'>1</script>\n"  # parameters: a data block
        "<script type='text/plain'>2</script>\n"
        "<script src='x.js'>3</script>\n"
        "<script type=' TEXT/JavaScript '>4</script>\n"
        "<script type=''>5</script>\n"
        "<script language='javascript'>6</script>\n"
        "<script type='module'>7</script>\n"
        "<SCRIPT>8</SCRIPT>\n"
        "<p title='<script>9</script>'><!-- <script>10</script> --></p>\n"
        "</body></html>"
    )
    problems = csp.scan(page, allowed).problems
    assert [p.split(": inline script ")[1].split(":")[0] for p in problems] == [
        "'4'",
        "'5'",
        "'6'",
        "'7'",
        "'8'",
    ]
    assert [p.split(":")[0] for p in problems] == ["line 6", "line 7", "line 8", "line 9", "line 10"]


def test_the_policy_is_the_first_child_of_head(allowed):
    out = finished(PAGE, allowed)
    assert out.split("<head>", 1)[1].startswith('<meta http-equiv="Content-Security-Policy"')
    assert csp.verify(out, meta_policy(out)) == []
    # Run again (Zensical keeps pages it did not change): the tag is replaced, not added.
    again = finished(out, allowed)
    assert again.count("Content-Security-Policy") == 1
    assert again == out
    with pytest.raises(ValueError, match="no <head>"):
        csp.with_policy("<p>no head</p>", csp.build_policy())


def test_a_policy_or_meta_that_no_template_writes_is_refused(allowed):
    """A decoy policy anywhere but first in <head> (the real one would be ignored after it, or it would
    loosen nothing but confuse), a refresh to another site, any other http-equiv."""
    page = PAGE.replace(
        "<p title",
        '<meta http-equiv="Content-Security-Policy" content="script-src *">\n'
        '<meta http-equiv="refresh" content="0;url=//evil.example/">\n'
        '<meta http-equiv="refresh" content="0;url=../elsewhere/">\n'
        '<meta http-equiv="set-cookie" content="a=b">\n<p title',
    )
    problems = csp.scan(page, allowed).problems
    assert problems == [
        "line 9: a Content-Security-Policy that the finishing step did not write",
        "line 10: <meta http-equiv='refresh' content='0;url=//evil.example/'>: no template writes it",
        "line 12: <meta http-equiv='set-cookie' content='a=b'>: no template writes it",
    ]


def test_the_policy_allows_only_this_site():
    policy = csp.build_policy([sha256("x")])
    sources = {source for part in policy.split(";") for source in part.split()[1:]}
    assert sources == {"'self'", "'none'", "data:", sha256("x")}
    for directive in ("default-src", "script-src", "style-src", "object-src", "base-uri", "form-action"):
        assert csp.policy_sources(policy, directive), directive
    assert csp.policy_sources(policy, "object-src") == ["'none'"]


def test_a_script_not_in_the_policy_is_reported(allowed):
    assert csp.check(finished(PAGE, allowed), allowed) == []
    assert csp.check(PAGE, allowed) == ["no Content-Security-Policy first in <head>"]
    extra = finished(PAGE, allowed).replace("</body>", "<script>alert(1)</script></body>")
    assert len(problems := csp.check(extra, allowed)) == 1
    assert "alert(1)" in problems[0]
    assert "not one the theme or the site ships" in problems[0]


def test_what_no_hash_can_allow_is_reported(allowed):
    html = (
        "<html><head><style>p{}</style></head><body>\n"
        "<p style='color: red'>x</p>\n"
        "<button onclick='go()'>Go</button>\n"
        "<a href=' JavaScript:go()'>Go</a>\n"
        "<a href='&#106;avascript:go()'>Go</a>\n"
        "</body></html>"
    )
    assert csp.scan(html, allowed).problems == [
        "line 1: <style> element: move the style to a stylesheet",
        "line 2: <p style=...>: move the style to a stylesheet",
        "line 3: <button onclick=...>: move the handler to a script file",
        "line 4: <a href=javascript:...>: use a script file",
        "line 5: <a href=javascript:...>: use a script file",
    ]


def test_secure_site_gives_every_instant_page_the_same_policy(tmp_path, allowed):
    """Pages that instant navigation loads share one policy listing all their scripts; another page (such
    as a redirect page) lists its own; a page with a problem is named with its line and left unfinished."""
    material = (
        '<html><head><meta charset="utf-8"><script>var scope = new URL("{}", location);</script></head>'
        '<body><div data-md-component="container"><script>document.body.dataset.ready = "yes";</script>'
        "</div></body></html>"
    )
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(material.format("."))
    (site / "a" / "index.html").write_text(material.format(".."))
    (site / "old.html").write_text('<html><head><meta http-equiv="refresh" content="0;url=a/"></head></html>')
    bad = "<html><head></head><body>\n<p style='x'>x</p><script>alert(1)</script></body></html>"
    (site / "bad.html").write_text(bad)
    templates = [tmp_path / "templates"]
    assert csp.secure_site(site, templates) == [
        "bad.html: line 2: <p style=...>: move the style to a stylesheet",
        "bad.html: line 2: inline script 'alert(1)': not one the theme or the site ships",
    ]
    assert (site / "bad.html").read_text() == bad
    policies = {
        p.relative_to(site).as_posix(): meta_policy(p.read_text())
        for p in site.rglob("*.html")
        if p.name != "bad.html"
    }
    shared = {
        sha256('var scope = new URL(".", location);'),
        sha256('var scope = new URL("..", location);'),
        sha256('document.body.dataset.ready = "yes";'),
    }
    assert policies["index.html"] == policies["a/index.html"]
    assert set(csp.policy_sources(policies["index.html"], "script-src")) == {"'self'", *shared}
    assert csp.policy_sources(policies["old.html"], "script-src") == ["'self'"]
    assert all(csp.check(p.read_text(), allowed) == [] for p in site.rglob("*.html") if p.name != "bad.html")


# --- The built site --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def origin(tmp_path_factory):
    """The site built for the address of its local server, as deployed with `site_url`."""
    out = tmp_path_factory.mktemp("site-csp")
    with serve(out) as url:
        result = build_site(ROOT / "mkdocs.yml", out, env={"SITE_URL": url + "/"})
        if result.returncode != 0:
            pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
        yield url, out


def test_every_built_page_has_a_policy_allowing_its_scripts(origin):
    """The static check on the real build: one policy for all Material pages, nothing it would block."""
    policies = set()
    allowed = real_allowed()
    for path in sorted(origin[1].rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert csp.check(html, allowed) == [], path
        if 'data-md-component="container"' in html:
            policies.add(meta_policy(html))
    assert len(policies) == 1
    (policy,) = policies
    assert "unsafe" not in policy
    assert "http" not in policy


# --- Chromium --------------------------------------------------------------------------------------------

# Installed before any script of the page: every violation event, and nothing can remove the listener
# before it runs (capture phase on window, where they all arrive).
LISTEN = """
window.__vpCspViolations = [];
window.addEventListener('securitypolicyviolation', e => window.__vpCspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}: ` +
    `${e.sample}`), true);
"""
VIOLATIONS = "() => window.__vpCspViolations"
CLICK_NAV_LINK = """href => [...document.querySelectorAll('.md-nav--primary a')]
    .find(a => a.href === href).click()"""


@pytest.fixture(scope="module")
def context(browser):
    """One context for the module; the listener runs first in every document of every page."""
    context = browser.new_context(color_scheme="light", reduced_motion="reduce")
    context.add_init_script(LISTEN)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


def open_settled(page, url: str):
    """Load and wait until Material has started and its search worker has loaded the index."""
    response = page.goto(url, wait_until="load")
    page.wait_for_function(SETTLED, arg="default", timeout=10_000)
    return response


def violations(page) -> list[str]:
    """What was blocked so far, after a moment: the events are dispatched in tasks of their own. (Chromium
    also logs "Refused to ...", but as a log entry that Playwright does not pass on as a console message.)"""
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 50))")
    return page.evaluate(VIOLATIONS)


def test_every_page_is_checked(origin):
    assert list(pages_for_collection()) == discover_pages(origin[1])


def test_search_and_self_assessment_have_no_violation(origin, page):
    """The search (typed into, its results opened) and a status changed on a checklist."""
    url, _ = origin
    open_settled(page, url + "/")
    page.keyboard.press("/")
    page.get_by_role("textbox", name="Search").press_sequentially("grooming")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible")
    # The first result whose page has the query's words (a page matched by its sections alone has none).
    page.locator('.md-search-result__item a[href*="h=grooming"]').first.click()
    page.wait_for_url("**/*?h=grooming*")
    page.locator(".md-content mark").first.wait_for(state="visible")
    assert violations(page) == []

    open_settled(page, url + "/checklists/messaging/")
    group = page.get_by_role("group", name="Your assessment of P1-01")
    group.get_by_role("radio", name="In progress", exact=True).check()
    page.get_by_label("Note on P1-01", exact=True).fill("A note")
    page.wait_for_function("() => localStorage.getItem('vp-self-assessment-v2') !== null")
    assert violations(page) == []


def test_instant_navigation_has_no_violation(instant_origin, page):
    """With instant navigation on (conftest.py, `instant_origin`), Material swaps pages of other depths in
    without a reload (their inline scripts differ in <head>, and the content's are run again): no violation,
    and still exactly one policy in <head>."""
    url = instant_origin
    open_settled(page, url + "/")
    page.evaluate("() => { window.vpNoReload = true; }")
    for path in ("/about/", "/checklists/messaging/", "/principles/1/", "/"):
        # A click on the navigation's link, as the DOM sees it: some are in collapsed sections.
        page.evaluate(CLICK_NAV_LINK, url + path)
        page.wait_for_url(url + path)
        page.wait_for_function(
            "path => document.querySelector('link[rel=canonical]')?.href.endsWith(path)", arg=path
        )
        assert page.evaluate("() => window.vpNoReload") is True, f"{path}: the page was reloaded"
        assert page.evaluate(POLICY_FIRST)["count"] == 1, path
    assert violations(page) == []


def test_the_listener_sees_a_script_not_in_the_policy(origin, page, tmp_path):
    """The browser test can fail: a built page with an extra inline script, a hashed script changed by one
    character, or a style attribute is blocked and reported, both in Chromium and by the static check. A JSON
    data block without a hash is not (Material's `__config` relies on it)."""
    _, site = origin
    allowed = real_allowed()
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    html = (site / "about" / "index.html").read_text(encoding="utf-8")
    palette = re.search(r"<script>(var palette=[^<]*)</script>", html).group(1)
    pages = {
        "extra": html.replace("</body>", "<script>window.vpInjected = true</script></body>"),
        "changed": html.replace(palette, palette.replace("var palette=", "var palette =")),
        "style": html.replace("<article ", '<article style="color: red" '),
        "data": html.replace(
            "</body>", '<script type="application/json" id="vp-data">{"a": 1}</script></body>'
        ),
    }
    expected = {
        "extra": "script-src-elem blocked inline",
        "changed": "script-src-elem blocked inline",
        "style": "style-src-attr blocked inline",
        "data": None,
    }
    with serve(copy) as copy_origin:
        for name, text in pages.items():
            (copy / "about" / "index.html").write_text(text, encoding="utf-8")
            assert bool(csp.check(text, allowed)) == bool(expected[name]), name
            page.goto(f"{copy_origin}/about/?{name}", wait_until="load")
            page.wait_for_function("() => document.readyState === 'complete'")
            if expected[name] is None:
                page.wait_for_function(SETTLED, arg="default", timeout=10_000)
                assert page.evaluate(VIOLATIONS) == [], name
                continue
            page.wait_for_function("() => window.__vpCspViolations.length > 0", timeout=5_000)
            seen = page.evaluate(VIOLATIONS)
            assert len(seen) == 1, (name, seen)
            assert seen[0].startswith(expected[name]), (name, seen)
            assert page.evaluate("() => window.vpInjected") is None
