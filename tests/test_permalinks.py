"""A link published once keeps working: the built site provides every address in permalinks.txt."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from permalinks import inventory, lost, read_inventory

from vpguide.load import load_model


def test_every_published_address_is_still_provided(site_dir):
    missing = lost(read_inventory(), site_dir)
    assert not missing, (
        f"{len(missing)} published addresses no longer exist. Restore them, or keep their anchors and say where "
        "the content went (never delete a line of permalinks.txt):\n" + "\n".join(missing[:50])
    )


def test_every_measure_anchor_is_recorded(site_dir):
    """New measures get into the inventory, so that their links are protected from then on."""
    published = set(read_inventory())
    model = load_model(ROOT / "data")
    unrecorded = [
        f"/checklists/{service}/#{m.id}"
        for m in model.measures
        for service in m.service_types
        if f"/checklists/{service}/#{m.id}" not in published
    ]
    assert not unrecorded, "run `make permalinks` to record: " + ", ".join(unrecorded[:20])


def test_inventory_covers_pages_measures_and_downloads():
    published = read_inventory()
    assert "/checklists/messaging/#P1-02" in published
    assert "/principles/8/" in published
    assert "/downloads/dataset.json" in published
    assert "/downloads/checklists/vpn.csv" in published
    assert published == sorted(published)


def test_the_check_catches_a_lost_address(site_dir, tmp_path):
    """Removing a measure's anchor from a built page is noticed."""
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    page = copy / "checklists" / "messaging" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace('id="P1-02"', 'id="P1-02-gone"'), encoding="utf-8"
    )
    assert "/checklists/messaging/#P1-02" in set(read_inventory()) - set(inventory(copy))
