"""Versioned guidance: each measure says the version it was added or last changed in, a retired measure keeps
its anchor and says why, /changes/ shows every version, the downloads carry it, and the validator holds the
versioning rules (a new measure is a minor version, a retired one a major version)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys

import jsonschema
import pytest
from browser import serve
from bs4 import BeautifulSoup
from conftest import ROOT, TINY, build_site, make_project

from vpguide.load import load_model, validate

sys.path.insert(0, str(ROOT / "tools"))
from permalinks import inventory, lost

# With pytest-xdist (`make test`), this module's tests run in one process: the site with a history, built once.
pytestmark = pytest.mark.xdist_group("versions")

SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/changelog.schema.json\n"


def changelog(*versions: str) -> str:
    """A changelog with `versions`, newest first, a month apart."""
    entries = "".join(
        f'  - version: {v}\n    date: "2026-{12 - i:02d}-01"\n    changes:\n      - Release {v}.\n'
        for i, v in enumerate(versions)
    )
    return SCHEMA_LINE + "versions:\n" + entries


# The tiny data's history: 0.1.0 published P1-01 and P3-01; 0.2.0 added P1-02 and P1-03; 0.2.1 reworded
# P3-01; 1.0.0 retired P1-02 in favour of P1-01.
HISTORY = changelog("1.0.0", "0.2.1", "0.2.0", "0.1.0")
ADDED = """\
  - id: P1-03
    title: Do the newer measure
    what: What to do newer.
    why: Why newer.
    how: How newer.
    principles: [1]
    service_types: [web]
    tier: baseline
    added: 0.2.0
    evidence:
      - A record.
"""
RETIRED = """\
retired:
  - id: P1-02
    title: Do the old measure
    service_types: [web, chat]
    added: 0.2.0
    retired: 1.0.0
    reason: It asked for the same as P1-01.
    replaced_by: [P1-01]
"""


def tiny_history(data) -> None:
    """Write the history above into a copy of the tiny data in `data`."""
    (data / "changelog.yaml").write_text(HISTORY)
    measures = data / "measures" / "tiny.yaml"
    text = measures.read_text()
    text = text.replace(
        "    tier: enhanced\n    added: 0.1.0\n", "    tier: enhanced\n    added: 0.1.0\n    changed: 0.2.1\n"
    )
    text = text.replace("not_applicable:\n", ADDED + "not_applicable:\n") + RETIRED
    measures.write_text(text)


def problems_of(tmp_path, edit) -> list[str]:
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    tiny_history(data)
    edit(data)
    return [str(p) for p in validate(data, project_dir=tmp_path)]


def replace_in(file: str, old: str, new: str):
    def edit(data):
        text = (data / file).read_text()
        assert old in text, old
        (data / file).write_text(text.replace(old, new, 1))

    return edit


def test_the_history_is_valid(tmp_path):
    assert problems_of(tmp_path, lambda data: None) == []


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "measures/tiny.yaml",
            "    added: 0.2.0\n    evidence",
            "    added: 0.3.0\n    evidence",
            "measures[2].added: version 0.3.0 is not in data/changelog.yaml: add it there first",
        ),
        (
            "measures/tiny.yaml",
            "    changed: 0.2.1\n",
            "    changed: 0.1.0\n",
            "measures[1].changed: changed in 0.1.0, not after it was added in 0.1.0",
        ),
        (
            # A new measure in a patch version: 0.2.1 follows 0.2.0.
            "measures/tiny.yaml",
            "    added: 0.2.0\n    evidence",
            "    added: 0.2.1\n    evidence",
            "measures[2].added: added in 0.2.1, which follows 0.2.0: a measure added there needs at least a "
            "minor version",
        ),
        (
            # Retiring in a minor version: 1.0.0 renamed 0.3.0 breaks the rule.
            "changelog.yaml",
            "  - version: 1.0.0\n",
            "  - version: 0.3.0\n",
            "retired[0].retired: version 1.0.0 is not in data/changelog.yaml",
        ),
        (
            "measures/tiny.yaml",
            "    retired: 1.0.0\n",
            "    retired: 0.2.1\n",
            "retired[0].retired: retired in 0.2.1, which follows 0.2.0: a measure retired there needs a major "
            "version",
        ),
        (
            "measures/tiny.yaml",
            "    retired: 1.0.0\n",
            "    retired: 0.2.0\n",
            "retired[0].retired: retired in 0.2.0, not after it was added in 0.2.0",
        ),
        (
            # A retired id is never given to another measure.
            "measures/tiny.yaml",
            "  - id: P1-03\n",
            "  - id: P1-02\n",
            "measure id 'P1-02' is used twice",
        ),
        (
            "measures/tiny.yaml",
            "    replaced_by: [P1-01]\n",
            "    replaced_by: [P1-09]\n",
            "retired[0].replaced_by[0]: unknown measure P1-09",
        ),
        (
            "measures/tiny.yaml",
            "    replaced_by: [P1-01]\n",
            "    replaced_by: [P1-02]\n",
            "retired[0].replaced_by[0]: a measure cannot replace itself",
        ),
        (
            "measures/tiny.yaml",
            "    service_types: [web, chat]\n    added: 0.2.0\n    retired",
            "    service_types: [web, chta]\n    added: 0.2.0\n    retired",
            "retired[0].service_types[1]: unknown service type 'chta': did you mean 'chat'?",
        ),
        (
            "measures/tiny.yaml",
            "    what: What to do newer.\n",
            "    what: What to do newer, as P1-02 said.\n",
            "measures[2].what: mentions measure P1-02, which is retired: mention what replaced it",
        ),
        (
            "measures/tiny.yaml",
            "    reason: It asked for the same as P1-01.\n",
            "    reason: It asked <b>the same</b>.\n",
            "retired[0].reason: raw HTML is not allowed in text",
        ),
    ],
)
def test_versioning_rules(tmp_path, file, old, new, expected):
    problems = problems_of(tmp_path, replace_in(file, old, new))
    assert any(expected in p for p in problems), expected + "\n---\n" + "\n".join(problems)
    assert all(p.startswith("data/") and ":" in p for p in problems), problems  # file:line:column


def test_a_measure_needs_the_version_that_added_it(tmp_path):
    problems = problems_of(
        tmp_path, replace_in("measures/tiny.yaml", "    added: 0.2.0\n    evidence", "    evidence")
    )
    assert any("measures[2]: missing required key 'added'" in p for p in problems), problems


def test_the_model_knows_each_versions_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    tiny_history(data)
    model = load_model(data)
    assert model.version == "1.0.0"
    assert [model.release_kind(v.version) for v in model.versions] == ["major", "patch", "minor", "first"]
    assert [m.id for m in model.changes_in("0.2.0")["added"]] == ["P1-03"]
    assert [m.id for m in model.changes_in("0.2.1")["changed"]] == ["P3-01"]
    assert [r.id for r in model.changes_in("1.0.0")["retired"]] == ["P1-02"]
    assert model.measure("P3-01").version == "0.2.1"
    assert model.measure("P1-03").version == "0.2.0"


@pytest.fixture(scope="session")
def history_site(tmp_path_factory):
    where = tmp_path_factory.mktemp("history")
    project = make_project(where / "project")
    tiny_history(project / "data")
    site = where / "site"
    result = build_site(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


def soup(site, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_a_retired_measure_keeps_its_anchor_on_every_checklist_that_listed_it(history_site):
    for service in ("web", "chat"):
        page = soup(history_site, f"checklists/{service}/index.html")
        heading = page.select_one('article.vp-retired h4[id="P1-02"]')
        assert heading is not None, service
        block = heading.find_parent("article")
        text = block.get_text(" ", strip=True)
        assert "(retired)" in heading.get_text()
        assert "Retired in version 1.0.0" in text
        assert "It asked for the same as P1-01." in text
        assert block.select_one('a[href="../../changes/#v1-0-0"]')
        # The replacement is linked, on this page where it applies.
        assert block.select_one('a[href="#P1-01"]'), block
        # Nothing to assess: the self-assessment only acts on measures in use.
        assert block.get("data-measure-id") is None
    combined = soup(history_site, "checklists/combined/index.html")
    assert combined.select_one('article.vp-retired h4[id="P1-02"]')
    printable = soup(history_site, "print/index.html")
    heading = printable.select_one('h4[id="print-P1-02"]')
    assert heading.get_text(" ", strip=True).startswith("P1-02 · Do the old measure (retired)")
    assert "Retired in version 1.0.0: It asked for the same as P1-01." in printable.get_text(" ", strip=True)
    # The permalink inventory sees the anchor, so links published to it stay protected.
    assert "/checklists/chat/#P1-02" in inventory(history_site)
    assert "/print/#print-P1-02" in inventory(history_site)


def test_each_measure_says_the_version_its_text_dates_from(history_site):
    page = soup(history_site, "checklists/web/index.html")
    for measure_id, words, anchor in (
        ("P1-01", "Added in version 0.1.0", "v0-1-0"),
        ("P3-01", "Changed in version 0.2.1", "v0-2-1"),
        ("P1-03", "Added in version 0.2.0", "v0-2-0"),
    ):
        block = page.select_one(f'article.vp-measure[data-measure-id="{measure_id}"]')
        assert words in block.get_text(" ", strip=True), measure_id
        assert block.select_one(f'a[href="../../changes/#{anchor}"]'), measure_id


def test_changes_page_shows_every_version_with_what_it_did(history_site):
    page = soup(history_site, "changes/index.html")
    headings = [h.get("id") for h in page.select("article h2")]
    assert headings == ["v1-0-0", "v0-2-1", "v0-2-0", "v0-1-0"]
    text = page.select_one("article").get_text(" ", strip=True)
    assert "now 1.0.0" in text
    for words in ("major version", "patch version", "minor version", "first published version"):
        assert words in text
    section = {h.get("id"): h for h in page.select("article h2")}

    def until_next(anchor: str) -> str:
        out = []
        for sibling in section[anchor].find_next_siblings():
            if sibling.name == "h2":
                break
            out.append(sibling.get_text(" ", strip=True))
        return " ".join(out)

    assert "Measures retired (1)" in until_next("v1-0-0")
    assert "P1-02" in until_next("v1-0-0")
    assert "Measures changed (1)" in until_next("v0-2-1")
    assert "P3-01" in until_next("v0-2-1")
    assert "Measures added (1)" in until_next("v0-2-0")
    assert "P1-03" in until_next("v0-2-0")
    assert page.select_one('a[href="../checklists/web/#P1-02"]')


def test_downloads_carry_versions_and_retired_measures(history_site):
    dataset = json.loads((history_site / "downloads/dataset.json").read_text())
    schema = json.loads((history_site / "downloads/dataset.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(dataset)
    assert dataset["version"] == "1.0.0"
    assert [v["version"] for v in dataset["versions"]] == ["1.0.0", "0.2.1", "0.2.0", "0.1.0"]
    by_id = {m["id"]: m for m in dataset["measures"]}
    assert (by_id["P3-01"]["added"], by_id["P3-01"]["changed"]) == ("0.1.0", "0.2.1")
    assert by_id["P1-01"]["changed"] is None
    assert dataset["retired_measures"] == [
        {
            "id": "P1-02",
            "title": "Do the old measure",
            "principle": 1,
            "service_types": ["web", "chat"],
            "added": "0.2.0",
            "retired": "1.0.0",
            "reason": "It asked for the same as P1-01.",
            "replaced_by": ["P1-01"],
        }
    ]
    checklist = json.loads((history_site / "downloads/checklists/chat.json").read_text())
    assert [r["id"] for r in checklist["retired_measures"]] == ["P1-02"]
    rows = list(csv.DictReader(io.StringIO((history_site / "downloads/checklists/web.csv").read_text())))
    assert {r["guidance_version"] for r in rows} == {"1.0.0"}
    assert {r["id"]: (r["added"], r["changed"]) for r in rows} == {
        "P1-01": ("0.1.0", ""),
        "P1-03": ("0.2.0", ""),
        "P3-01": ("0.1.0", "0.2.1"),
    }


def test_the_real_site_dates_every_measure(site_dir):
    model = load_model(ROOT / "data")
    page = soup(site_dir, "changes/index.html")
    assert [h.get("id") for h in page.select("article h2")] == [
        "v" + v.version.replace(".", "-") for v in model.versions
    ]
    for service in model.service_types:
        checklist = soup(site_dir, f"checklists/{service.id}/index.html")
        for block in checklist.select("article.vp-measure[data-measure-id]"):
            m = model.measure(block["data-measure-id"])
            assert f"in version {m.version}" in block.get_text(" ", strip=True), (service.id, m.id)


def test_a_moved_page_keeps_its_address_and_anchors(tmp_path, browser):
    """A page moved in mkdocs.yml's extra.redirects answers at its old address (the theme's redirect page),
    and the permalink check accepts the old address and its anchors only while the redirect and the anchors
    exist."""
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert "\n  redirects: {}\n" in text
    config.write_text(
        text.replace("\n  redirects: {}\n", "\n  redirects:\n    old-glossary.md: glossary.md\n")
    )
    site = tmp_path / "site"
    result = build_site(config, site)
    assert result.returncode == 0, result.stderr
    anchor = soup(site, "glossary/index.html").select_one("article h2[id]")["id"]
    published = ["/old-glossary/", f"/old-glossary/#{anchor}", "/glossary/"]
    assert lost(published, site) == []
    assert lost(["/old-glossary/#no-such-anchor", "/elsewhere/"], site) == [
        "/elsewhere/",
        "/old-glossary/#no-such-anchor",
    ]
    # In a browser, the old address with an anchor lands on the new page at that anchor.
    with serve(site) as origin:
        page = browser.new_page()
        try:
            page.goto(f"{origin}/old-glossary/#{anchor}")
            page.wait_for_url(f"{origin}/glossary/#{anchor}")
            assert page.locator(f"[id='{anchor}']").is_visible()
        finally:
            page.close()
