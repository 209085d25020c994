"""The OSCAL catalog download: valid for a real OSCAL model (compliance-trestle), complete, and linked to the
pages it names."""

from __future__ import annotations

import copy
import json
import os
import re
import uuid
from collections import Counter
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from pydantic.v1 import ValidationError
from trestle.oscal import OSCAL_VERSION_REGEX
from trestle.oscal.catalog import Catalog

from vpguide import oscal
from vpguide.load import load_model

MODEL = load_model(ROOT / "data")
# The address the test build was made for (conftest passes the environment on), or a stand-in: the links
# of a build without one are relative to the catalog.
SITE = (os.environ.get("SITE_URL") or "https://site.invalid/").rstrip("/") + "/"


@pytest.fixture(scope="module")
def built(site_dir) -> dict:
    return json.loads((site_dir / oscal.CATALOG).read_text(encoding="utf-8"))


def controls(catalog: dict) -> list[dict]:
    return [c for g in catalog["groups"] for c in g["controls"]]


def measure_parts(catalog: dict) -> list[dict]:
    return [
        part
        for c in controls(catalog)
        for part in c["parts"]
        if part["name"] == "guidance" and "class" in part
    ]


def every(catalog: dict, key: str) -> list[dict]:
    """Every object, at any depth, that has `key`."""
    found, stack = [], [catalog]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if key in item:
                found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_the_built_catalog_is_valid_for_trestle(site_dir):
    parsed = Catalog.oscal_read(site_dir / oscal.CATALOG)
    assert isinstance(parsed, Catalog)
    assert len(parsed.groups) == len(MODEL.themes)


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(lambda c: c["groups"][0]["controls"][0].pop("id"), id="control-without-id"),
        pytest.param(lambda c: c.update(uuid="not-a-uuid"), id="bad-uuid"),
        pytest.param(
            lambda c: c["groups"][0]["controls"][0]["parts"][2].update(id="P1 01"), id="part-id-space"
        ),
        pytest.param(lambda c: c["groups"][0]["controls"][0]["parts"][2].pop("name"), id="part-without-name"),
        pytest.param(lambda c: c["metadata"].update({"last-modified": "2026-11-29"}), id="date-without-time"),
        pytest.param(lambda c: c["metadata"].pop("last-modified"), id="no-last-modified"),
        pytest.param(lambda c: c["groups"][0]["controls"][0].update(tier="baseline"), id="unknown-field"),
    ],
)
def test_the_validator_rejects_a_broken_catalog(built, break_it):
    catalog = copy.deepcopy(built["catalog"])
    Catalog.parse_obj(catalog)  # the unbroken copy passes, so the change below is what fails
    break_it(catalog)
    with pytest.raises(ValidationError):
        Catalog.parse_obj(catalog)


def test_metadata_carries_the_data_version(built):
    metadata = built["catalog"]["metadata"]
    assert metadata["version"] == MODEL.version
    assert metadata["last-modified"] == f"{MODEL.versions[0].date}T00:00:00Z"
    # trestle reads any version without complaint: the versions its models are made for are these.
    assert re.fullmatch(OSCAL_VERSION_REGEX, metadata["oscal-version"])
    assert metadata["oscal-version"].startswith("1.1.")
    assert [p["name"] for p in metadata["parties"]] == list(MODEL.publication.governments)


def test_one_group_per_theme_one_control_per_principle_in_its_group(built):
    groups = built["catalog"]["groups"]
    assert [g["id"] for g in groups] == [t.id for t in MODEL.themes]
    for group, theme in zip(groups, MODEL.themes, strict=True):
        assert group["title"] == theme.heading
        assert group["parts"][0]["name"] == "overview"
        assert group["parts"][0]["prose"] == theme.summary
        assert [c["id"] for c in group["controls"]] == [f"p{p.number}" for p in MODEL.principles_of(theme.id)]
    assert sorted(c["id"] for c in controls(built["catalog"])) == sorted(
        f"p{p.number}" for p in MODEL.principles
    )


def test_statement_and_context_are_the_official_text(built):
    for control in controls(built["catalog"]):
        p = MODEL.principle(int(control["id"][1:]))
        assert control["title"] == p.title
        statement = [part for part in control["parts"] if part["name"] == "statement"]
        assert len(statement) == 1
        assert statement[0]["prose"] == p.statement
        context = next(part for part in control["parts"] if part["id"] == f"{control['id']}_gdn")
        assert context["name"] == "guidance"
        assert context["prose"] == p.context


def test_every_measure_is_one_part_of_the_principle_it_mainly_serves(built):
    parts = measure_parts(built["catalog"])
    counts = Counter(part["id"] for part in parts)
    assert counts == Counter(m.id for m in MODEL.measures)
    for control in controls(built["catalog"]):
        number = int(control["id"][1:])
        own = [part["id"] for part in control["parts"] if part in parts]
        assert own == [m.id for m in MODEL.measures if m.principles[0] == number]
    for part in parts:
        m = MODEL.measure(part["id"])
        assert part["title"] == m.title
        assert part["class"] == m.tier
        assert {"name": "label", "value": m.id} in part["props"]
        assert part["prose"].startswith(m.what + "\n\n")
        related = [link["href"] for link in part["links"] if link["rel"] == "related"]
        assert related == [f"#p{n}" for n in m.principles[1:]]
        references = [link["href"] for link in part["links"] if link["rel"] == "reference"]
        assert references == [MODEL.reference(r).url for r in m.references]


@cache
def measure_anchors(site_dir: Path, page: str) -> frozenset[str]:
    """The ids of the measure headings (`<h4 id="P1-03">` in `article.vp-measure`) on a built page."""
    soup = BeautifulSoup((site_dir / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    return frozenset(tag["id"] for tag in soup.select("article.vp-measure h4[id]"))


def resolve(href: str) -> tuple[str, str]:
    """The page (a folder under the site root) and anchor that `href`, read in the catalog, points to."""
    target = urljoin(SITE + oscal.CATALOG, href)
    assert target.startswith(SITE), f"{href} leaves the site"
    page, _, anchor = target[len(SITE) :].partition("#")
    return page, anchor


def test_measure_links_resolve_to_anchors_of_the_built_checklists(site_dir, built):
    for part in measure_parts(built["catalog"]):
        m = MODEL.measure(part["id"])
        pages = [resolve(link["href"]) for link in part["links"] if link["rel"] == "alternate"]
        expected = ["checklists/combined/"] + [f"checklists/{s}/" for s in m.service_types]
        assert [page for page, _ in pages] == expected
        for page, anchor in pages:
            assert anchor == m.id
            assert anchor in measure_anchors(site_dir, page), f"{page}#{anchor} is not in the built site"


def test_control_links_resolve(site_dir, built):
    ids = {item["id"] for item in every(built["catalog"], "id")}
    for control in controls(built["catalog"]):
        p = MODEL.principle(int(control["id"][1:]))
        page, anchor = resolve(control["links"][0]["href"])
        assert (page, anchor) == (f"principles/{p.number}/", "")
        assert (site_dir / page / "index.html").is_file()
        assert [link["href"] for link in control["links"][1:]] == [f"#p{n}" for n in p.related]
    for link in every(built["catalog"], "href"):
        if link["href"].startswith("#"):
            assert link["href"][1:] in ids


def test_only_names_and_props_that_oscal_defines(built):
    """trestle checks the structure, not OSCAL's lists of allowed values: without a namespace of our own
    (`ns`), every name must be one of OSCAL's, and every id unique across groups, controls and parts."""
    catalog = built["catalog"]
    assert not every(catalog, "ns")
    assert {g["parts"][0]["name"] for g in catalog["groups"]} == {"overview"}
    assert {part["name"] for c in controls(catalog) for part in c["parts"]} == {"statement", "guidance"}
    props = [prop["name"] for item in every(catalog, "props") for prop in item["props"]]
    assert set(props) == {"label", "sort-id"}
    ids = [item["id"] for item in every(catalog, "id")]
    assert len(ids) == len(set(ids))


def test_the_file_is_the_same_on_every_build(built):
    """Fixed UUIDs and dates: two calls, and the build, give the same catalog."""
    first = oscal.catalog(MODEL)
    second = oscal.catalog(load_model(ROOT / "data"))
    assert first == second
    uuids = [item["uuid"] for item in every(first, "uuid")]
    assert uuids == [item["uuid"] for item in every(second, "uuid")]
    assert len(uuids) == len(set(uuids)) == 1 + len(MODEL.publication.governments)
    assert all(uuid.UUID(u).version == 5 for u in uuids)
    assert built == json.loads(oscal.catalog_json(MODEL, SITE if os.environ.get("SITE_URL") else ""))


def test_the_checklists_page_links_to_the_catalog(site_dir):
    page = BeautifulSoup((site_dir / "checklists/index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one(f'a[href="../{oscal.CATALOG}"]')
    assert link is not None
    assert "OSCAL" in link.get_text()
