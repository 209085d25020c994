"""Tiny fixture sites, built for real: adding to the YAML alone adds pages, navigation and links, and bad
data stops the build with the file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import TINY_DATA, build_site, make_project

NEW_THEME = """\
  - id: gamma
    heading: Gamma heading
    title: Gamma
    summary: The gamma summary.
    why: Why gamma matters.
"""
NEW_PRINCIPLE = """\
  - number: 4
    title: Fourth
    theme: gamma
    statement: Companies seek to do the fourth thing.
    context: The fourth context.
    related: [1]
"""


def soup(site: Path, path: str) -> BeautifulSoup:
    file = site / path
    assert file.exists(), f"{path} was not built"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def nav_labels(site: Path) -> list[str]:
    nav = soup(site, "index.html").select_one("nav.md-nav--primary")
    return [" ".join(a.get_text(" ").split()) for a in nav.select("a.md-nav__link, label.md-nav__link")]


def built(tmp_path: Path, data: str, extra_not_applicable: str = "") -> Path:
    project = make_project(tmp_path / "project", data)
    if extra_not_applicable:
        measures = project / "data" / "measures" / "tiny.yaml"
        measures.write_text(measures.read_text() + extra_not_applicable)
    site = tmp_path / "site"
    result = build_site(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


def test_tiny_site_has_a_page_per_theme_and_principle(tmp_path):
    site = built(tmp_path, TINY_DATA.read_text())
    for path in ["themes/alpha/index.html", "themes/beta/index.html", "principles/index.html"]:
        assert soup(site, path).select_one("article h1")
    for n, word in [(1, "first"), (2, "second"), (3, "third")]:
        page = soup(site, f"principles/{n}/index.html")
        assert f"Companies seek to do the {word} thing." in page.select_one(".admonition.official").get_text()
    assert not (site / "principles" / "4").exists()
    assert "Gamma heading" not in nav_labels(site)


def test_adding_a_theme_and_principle_in_yaml_alone_adds_page_nav_and_links(tmp_path):
    data = TINY_DATA.read_text()
    data = data.replace("principles:\n", NEW_THEME + "principles:\n", 1)
    data = data.replace("reporting_note:\n", NEW_PRINCIPLE + "reporting_note:\n", 1)
    # The new principle's cells need a measure or a reason: here, a reason for each service type.
    reasons = "".join(
        f"  - principle: 4\n    service_type: {s}\n    reason: Not part of the fixture.\n"
        for s in ("web", "chat")
    )
    site = built(tmp_path, data, reasons)

    theme = soup(site, "themes/gamma/index.html")
    assert theme.select_one("article h1").get_text(strip=True).startswith("Gamma heading")
    assert "Companies seek to do the fourth thing." in theme.select_one(".admonition.official").get_text()

    fourth = soup(site, "principles/4/index.html")
    assert fourth.select_one("article h1").get_text(strip=True).startswith("Principle 4: Fourth")
    assert fourth.select_one('a[href="../1/"]'), "related principle link"
    assert fourth.select_one('a[href="../../themes/gamma/"]'), "theme link"
    # No reporting note: it applies to 1 and 2 only.
    assert "Report to the appropriate authorities." not in fourth.get_text()

    labels = nav_labels(site)
    assert labels.index("Beta heading") < labels.index("Gamma heading") < labels.index("4. Fourth")
    # The previous principle now points to it, and the home page and the index list it.
    assert soup(site, "principles/3/index.html").select_one('nav.vp-pager a[href="../4/"]')
    home = soup(site, "index.html")
    assert home.select_one('.grid.cards a[href="themes/gamma/"]')
    assert home.select_one('.grid.cards a[href="principles/4/"]')
    assert soup(site, "principles/index.html").select_one('a[href="../themes/gamma/"]')


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("    theme: beta\n", "    theme: betta\n"),
            ":12: principles[2].theme: unknown theme 'betta': did you mean 'beta'?",
        ),
        (
            ("    title: Second\n", "    title: Second\n    title: Again\n"),
            ":5: principles[1].title: duplicate key 'title'",
        ),
        (("  - id: beta\n", "  - id: [beta\n"), "(syntax): YAML syntax error"),
    ],
)
def test_strict_build_fails_with_file_and_line_and_no_traceback(tmp_path, change, expected):
    project = make_project(tmp_path / "project", TINY_DATA.read_text().replace(*change, 1))
    result = build_site(project / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/principles.yaml:" in output
    assert expected in output
    assert "Traceback" not in output
    assert not (tmp_path / "site" / "principles").exists(), "a partial site was written"


def test_a_hand_written_file_cannot_shadow_a_generated_page(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "docs" / "principles").mkdir()
    (project / "docs" / "principles" / "2.md").write_text("# A stale copy\n")
    result = build_site(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert (
        "docs/principles/2.md:1:1: (document): this page is generated from data/principles.yaml: delete the file"
        in result.stderr
    )


def test_text_from_data_is_never_evaluated_as_a_template(tmp_path):
    """Even if a template expression slipped past validation, it would be shown, never run."""
    from vpguide.load import load_model
    from vpguide.site import Site

    project = make_project(tmp_path / "project")
    model = load_model(project / "data")
    import dataclasses

    sneaky = dataclasses.replace(
        model.principles[0], statement="Shown {{ 7 * 7 }} {% if true %}x{% endif %} <b>y</b>"
    )
    model = dataclasses.replace(model, principles=(sneaky, *model.principles[1:]))
    markdown = Site(model).render_page("principles/1.md")
    assert "Shown {{ 7 * 7 }} {% if true %}x{% endif %} &lt;b&gt;y&lt;/b&gt;" in markdown
    assert "49" not in markdown


NEW_SERVICE = """\
  - id: forum
    name: Forums
    role: Discussion boards.
    primary_risks: [grooming]
    sees_content: all
    can_see: Posts.
    cannot_see: Private messages elsewhere.
"""
NEW_MEASURE = """\
  - id: P3-02
    title: Moderate forum threads
    what: Review reported threads.
    why: Threads can hide grooming.
    how: Use a review queue.
    principles: [3, 1, 2]
    service_types: [forum]
    tier: baseline
    added: 0.1.0
    evidence:
      - Queue statistics.
"""


def test_adding_a_service_type_and_measure_in_yaml_alone_adds_checklist_anchors_matrix_and_downloads(
    tmp_path,
):
    import csv
    import io
    import json
    import shutil

    from conftest import TINY

    project = make_project(tmp_path / "project")
    data = project / "data"
    (data / "service_types.yaml").write_text((TINY / "service_types.yaml").read_text() + NEW_SERVICE)
    (data / "measures" / "forum.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/measures.schema.json\nmeasures:\n" + NEW_MEASURE
    )
    site = tmp_path / "site"
    result = build_site(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr

    page = soup(site, "checklists/forum/index.html")
    assert page.select_one("article h1").get_text(strip=True).startswith("Checklist: Forums")
    assert page.select_one('article.vp-measure h4[id="P3-02"]')
    assert "Forums" in nav_labels(site)
    row = [
        r
        for r in soup(site, "checklists/index.html").select("table.vp-matrix tbody tr")
        if "Forums" in r.get_text()
    ]
    # Listed under principle 3, the one it mainly serves; "+1" under the two it also serves.
    assert [a.get_text(strip=True) for a in row[0].select("td a")] == ["0+1", "0+1", "1", "1"]
    rows = list(csv.DictReader(io.StringIO((site / "downloads/checklists/forum.csv").read_text())))
    assert [r["id"] for r in rows] == ["P3-02"]
    assert json.loads((site / "downloads/checklists/forum.json").read_text())["measures"][0]["id"] == "P3-02"
    dataset = json.loads((site / "downloads/dataset.json").read_text())
    assert "forum" in [s["id"] for s in dataset["service_types"]]
    assert "P3-02" in [m["id"] for m in dataset["measures"]]
    # The principle page links to the new anchor.
    assert soup(site, "principles/3/index.html").select_one('a[href="../../checklists/forum/#P3-02"]')
    shutil.rmtree(site)


def test_a_service_type_without_coverage_is_an_error(tmp_path):
    project = make_project(tmp_path / "project")
    from conftest import TINY

    (project / "data" / "service_types.yaml").write_text(
        (TINY / "service_types.yaml").read_text() + NEW_SERVICE
    )
    result = build_site(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert (
        "data/service_types.yaml:26:9: service_types[2].id: principles 1, 2, 3 have no measure for 'forum' "
        "and are not marked not applicable"
    ) in result.stderr
