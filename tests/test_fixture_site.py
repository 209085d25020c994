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


def built(tmp_path: Path, data: str) -> Path:
    project = make_project(tmp_path / "project", data)
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
    site = built(tmp_path, data)

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
        "docs/principles/2.md exists, but this page is generated from data/principles.yaml" in result.stderr
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
