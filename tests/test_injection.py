"""Data is never markup. What a hostile pull request can put in the YAML is refused with its file and line,
or reaches every page as inert text; markup that reaches a built page all the same fails the finishing step
and, in Chromium, never runs.

1. The injections found in review, each one line of YAML, built for real and loaded in Chromium on every
   kind of page, with `securitypolicyviolation` and dialogs listened for: a principle title or a service
   type name that closes `<title>` and opens a script (Material writes `page.title | striptags`, and
   `striptags` decodes `&lt;`), a decoy policy, a refresh to another site.
2. A property-style sweep: every plain, Markdown and address field of every data file is given each of a
   set of hostile strings; each is refused at that field's own line, or the site is built with it and it
   is inert: no script, no policy lost, nothing from the text turned into markup.
3. The finishing step on markup injected into built pages of every kind, past the validator.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from browser import serve
from conftest import ROOT, build_site
from project import copy_machinery  # tests/conftest.py puts tools/ on the path
from selectolax.lexbor import LexborHTMLParser
from test_csp import LISTEN, POLICY_FIRST, real_allowed

from vpguide import csp
from vpguide.load import DATA_FILES, MEASURES_DIR, MEASURES_SCHEMA, SCHEMA_DIR, validate
from vpguide.yamlio import Document, format_path, read_yaml

TITLE = "    title: Known child sexual abuse material\n"
SCRIPT = "&lt;/title&gt;&lt;script&gt;alert(document.domain)&lt;/script&gt;"
INJECTIONS = {
    "principle title closes <title> and runs a script": (
        "principles.yaml",
        TITLE,
        f"    title: Known material{SCRIPT}\n",
    ),
    "service type name closes <title> and runs a script": (
        "service_types.yaml",
        "    name: Social media\n",
        f"    name: Social media{SCRIPT}\n",
    ),
    "a decoy policy in <head>": (
        "principles.yaml",
        TITLE,
        '    title: Known material&lt;/title&gt;&lt;meta http-equiv="Content-Security-Policy" '
        "content=\"script-src * 'unsafe-inline'\"&gt;\n",
    ),
    "a refresh to another site": (
        "principles.yaml",
        TITLE,
        '    title: Known material&lt;/title&gt;&lt;meta http-equiv="refresh" content="0; url=//example.org/"&gt;\n',
    ),
}
# One page of every kind, as a visitor reaches it.
PAGE_KINDS = [
    "/",
    "/about/",
    "/principles/",
    "/principles/1/",
    "/themes/prevent-csam/",
    "/checklists/",
    "/checklists/social-media/",
    "/checklists/combined/",
    "/print/",
    "/reporting/",
    "/glossary/",
    "/changes/",
    "/a/missing/page/",
]


def project_with(where: Path, changes: dict[str, str]) -> Path:
    """The real project (machinery and data) in `where`, with data files replaced: name -> text."""
    copy_machinery(where)
    shutil.copytree(ROOT / "data", where / "data")
    for name, text in changes.items():
        (where / "data" / name).write_text(text, encoding="utf-8")
    return where / "mkdocs.yml"


def nothing_runs(browser, site: Path) -> list[str]:
    """Every kind of page in Chromium: what ran, what was blocked, and any policy lost, duplicated or
    misplaced, or a refresh written."""
    found = []
    context = browser.new_context()
    context.add_init_script(LISTEN)
    dialogs: list[str] = []
    with serve(site) as origin:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in PAGE_KINDS:
            page.goto(origin + path, wait_until="load")
            page.wait_for_timeout(300)
            if not page.url.startswith(origin):
                found.append(f"{path}: the page went to {page.url}")
                continue
            where = page.evaluate(POLICY_FIRST)
            if where["count"] != 1 or where["before"]:
                found.append(f"{path}: {where['count']} policies, after {where['before']}")
            if page.evaluate("() => document.querySelectorAll('meta[http-equiv=refresh i]').length"):
                found.append(f"{path}: a refresh")
            seen = page.evaluate("() => window.__vpCspViolations")
            if seen:
                found.append(f"{path}: blocked {seen}")
    context.close()
    return found + [f"a dialog: {d}" for d in dialogs]


@pytest.mark.parametrize("name", list(INJECTIONS))
def test_an_injection_through_the_data_never_runs(name, tmp_path, browser):
    """Refused with the file and line (and no traceback); were it ever built, it would run nowhere."""
    file, old, new = INJECTIONS[name]
    text = (ROOT / "data" / file).read_text(encoding="utf-8")
    assert text.count(old) >= 1
    changed = text.replace(old, new, 1)
    config = project_with(tmp_path / "project", {file: changed})
    result = build_site(config, tmp_path / "site")
    output = result.stdout + result.stderr
    if result.returncode != 0:
        line = changed.splitlines().index(new.rstrip("\n")) + 1
        assert f"data/{file}:{line}:" in output, output
        assert "Traceback" not in output, output
        return
    assert nothing_runs(browser, tmp_path / "site") == []


# --- Every field, hostile strings --------------------------------------------------------------------------

# Each hostile string, with the kinds of field that may hold it (it is then shown as text; every other kind
# must refuse it at the field's own line).
HOSTILE = {
    "Known</title><script>alert(document.domain)</script>": set(),
    "Known&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;": set(),
    "Known &#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;": set(),
    # Legacy references need no semicolon in HTML; Markdown writes a bare & as &amp;, so there it is text.
    "Known &lt/title&gt&ltscript&gtalert(1)&lt/script&gt": {"markdown"},
    '<meta http-equiv="refresh" content="0; url=//example.org/">': set(),
    '!!! official "Official text"\n\n    A forged official text.': set(),
    "Known\n\n*[Known]: a tooltip on every word": set(),
    "Known { onclick=alert(1) } {: #id }": set(),
    "Known[^1]\n\n[^1]: a footnote": set(),
    "Known \x02wzxhzdk:0\x03 and \u202etxet\u202c": set(),
    "[Known](javascript:alert(1)) and [more](https://user:pw@example.org/)": set(),
    "# A heading\n\n> a quote\n\n```\ncode\n```": set(),
    "K" * 10_000: set(),
    "Known 3 < 4 and 7 > 5, AT&T & R&D": {"markdown"},
    '=HYPERLINK("https://example.org/","Known")': {"plain", "markdown"},
}


def string_fields() -> list[tuple[str, tuple, str]]:
    """Every string of the real data that a schema `format` governs: (data file, path, format)."""
    out = []
    names = [(name, schema) for name, schema in DATA_FILES.items()]
    names += [
        (f"{MEASURES_DIR}/{p.name}", MEASURES_SCHEMA)
        for p in sorted((ROOT / "data" / MEASURES_DIR).glob("*.yaml"))
    ]
    for name, schema_name in names:
        schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
        defs = schema.get("$defs", {})
        data = read_yaml((ROOT / "data" / name).read_text(encoding="utf-8"), name).data

        def walk(node, value, path, name=name, defs=defs):
            while "$ref" in node:
                node = {**defs[node["$ref"].split("/")[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
            if isinstance(value, dict):
                for key, item in value.items():
                    sub = node.get("properties", {}).get(key) or node.get("additionalProperties") or {}
                    walk(sub if isinstance(sub, dict) else {}, item, (*path, key), name, defs)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    walk(node.get("items", {}), item, (*path, i), name, defs)
            elif isinstance(value, str) and node.get("format"):
                out.append((name, path, node["format"]))

        walk(schema, data, ())
    return out


def set_at(data, path: tuple, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def dumped(name: str, data) -> str:
    """A data file's text again: its `$schema` line, then the data."""
    depth = name.count("/") + 1
    modeline = f"# yaml-language-server: $schema={'../' * depth}schemas/"
    schema = MEASURES_SCHEMA if name.startswith(MEASURES_DIR) else DATA_FILES[name]
    return f"{modeline}{schema}\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


def test_every_field_refuses_or_neutralises_every_hostile_string(tmp_path, browser):
    fields = string_fields()
    assert {fmt for _, _, fmt in fields} == {"plain", "markdown", "https-url"}
    assert len(fields) > 1000
    originals = {
        name: read_yaml((ROOT / "data" / name).read_text(encoding="utf-8"), name).data
        for name, _, _ in fields
    }
    accepted: list[tuple[str, tuple, str]] = []  # (file, path, hostile string)
    for number, (hostile, may_hold) in enumerate(HOSTILE.items()):
        data = json.loads(json.dumps(originals))
        for name, path, fmt in fields:
            set_at(data[name], path, hostile if fmt != "https-url" else "https://example.org/" + hostile)
        where = tmp_path / f"data-{number}"
        shutil.copytree(ROOT / "data", where)
        texts = {name: dumped(name, value) for name, value in data.items()}
        for name, text in texts.items():
            (where / name).write_text(text, encoding="utf-8")
        # Each problem as (data file, path, line); the files are named from the project, data-N/...
        problems = validate(where, project_dir=tmp_path)
        refused = {(p.file.split("/", 1)[1], p.path, p.line) for p in problems}
        whole = {p.file.split("/", 1)[1] for p in problems if p.path == "(document)"}  # too large to read
        docs: dict[str, Document] = {name: read_yaml(text, name) for name, text in texts.items()}
        for name, path, fmt in fields:
            if name in whole or (name, format_path(path), docs[name].where(path)[0]) in refused:
                continue
            assert fmt in may_hold, f"{name}: {format_path(path)} ({fmt}) accepts {hostile[:80]!r}"
            accepted.append((name, path, hostile))
    # What a field may hold reaches the build, all in one: each accepted string in its fields.
    assert {h for _, _, h in accepted} == {h for h, kinds in HOSTILE.items() if kinds}
    data = json.loads(json.dumps(originals))
    per_field: dict[tuple, list[str]] = {}
    for name, path, hostile in accepted:
        per_field.setdefault((name, path), []).append(hostile)
    for number, ((name, path), strings) in enumerate(per_field.items()):
        # Fields take turns with the strings they accept; a number keeps items of a list apart.
        set_at(data[name], path, f"{strings[number % len(strings)]} {number}")
    config = project_with(tmp_path / "project", {name: dumped(name, value) for name, value in data.items()})
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert_inert(tmp_path / "site", {h for _, _, h in accepted})
    assert nothing_runs(browser, tmp_path / "site") == []


def assert_inert(site: Path, hostiles: set[str]) -> None:
    """The finished site holds nothing the templates do not write, each text shows as written wherever it is
    shown, and the downloads neutralise what a spreadsheet would run. Each page is read once."""
    allowed = real_allowed()
    shown = dict.fromkeys(hostiles, 0)
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert csp.check(html, allowed) == [], page
        text = " ".join((LexborHTMLParser(html).body.text(deep=True) if "<body" in html else "").split())
        for hostile in hostiles:
            shown[hostile] += " ".join(hostile.split()) in text
    for hostile, pages in shown.items():
        assert pages > 10, f"{hostile!r} is shown as written on {pages} pages only"
    for csv_file in (site / "downloads" / "checklists").glob("*.csv"):
        for line in csv_file.read_text(encoding="utf-8").splitlines():
            assert ',"=' not in line, csv_file
            assert not line.startswith("="), csv_file


# --- The finishing step ------------------------------------------------------------------------------------


def test_markup_past_the_validator_fails_the_finishing_step(site_dir, tmp_path):
    """Injected straight into built pages of every kind: a script in <title>, a decoy policy, a refresh, a
    module script. The finishing step names each page and line and leaves the page without a policy, so the
    build fails; the pages it cannot vouch for are never published as secured."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    injected = {
        "index.html": ("<title>", "<title>x</title><script>alert(document.domain)</script><title>"),
        "principles/1/index.html": (
            "<title>",
            '<title>x</title><meta http-equiv="Content-Security-Policy" content="script-src *"><title>',
        ),
        "checklists/social-media/index.html": (
            "<title>",
            '<title>x</title><meta http-equiv="refresh" content="0; url=//example.org/"><title>',
        ),
        "checklists/combined/index.html": ("</body>", "<script type=module>alert(1)</script></body>"),
        "404.html": ("</body>", '<a href="javascript:alert(1)">x</a></body>'),
    }
    for path, (old, new) in injected.items():
        page = copy / path
        page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    material = real_allowed()
    assert material.scripts
    problems = csp.secure_site(
        copy, [ROOT / "overrides", Path(__import__("material").__file__).parent / "templates"]
    )
    named = sorted({p.split(":")[0] for p in problems})
    assert named == sorted(injected), problems
    assert all(": line " in p for p in problems), problems
    assert any("alert(document.domain)" in p for p in problems)
    assert any("a Content-Security-Policy that the finishing step did not write" in p for p in problems)
    assert any("<meta http-equiv='refresh'" in p for p in problems)
