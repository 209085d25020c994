"""The permalink inventory: every published page, anchor and download of a built site.

Companies cite our pages, measure ids and downloads in policies, audits and transparency reports, so every
address we have published must keep working. `permalinks.txt` is the committed inventory;
tests/test_permalinks.py fails when a build no longer provides one of its entries.

    python tools/permalinks.py SITE_DIR            # print the inventory of a built site
    python tools/permalinks.py SITE_DIR --update   # rewrite permalinks.txt after a deliberate addition

Anchors are the ids of headings (sections people link to) and of measures (`#P1-03`); the ids Material
adds for its own widgets are not addresses anyone publishes.
"""

from __future__ import annotations

import argparse
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
INVENTORY = ROOT / "permalinks.txt"
DOWNLOADS = ("downloads",)
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Anchors(HTMLParser):
    """The ids of headings inside the article (the page's own content), and where the page sends its
    visitors when it is a redirect (the theme's redirect page holds a `<meta http-equiv="refresh">`)."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.refresh: str | None = None
        self._depth = 0  # > 0 while inside <article>

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            match = re.search(r"url=(\S+)", values.get("content") or "", re.I)
            self.refresh = match.group(1) if match else None
        if tag == "article":
            self._depth += 1
        elif self._depth and tag in HEADINGS:
            anchor = dict(attrs).get("id")
            if anchor:
                self.ids.append(anchor)

    def handle_endtag(self, tag):
        if tag == "article" and self._depth:
            self._depth -= 1


def page_address(site_dir: Path, html: Path) -> str:
    rel = html.relative_to(site_dir).as_posix()
    return "/" + re.sub(r"(^|/)index\.html$", r"\1", rel)


def inventory(site_dir: Path) -> list[str]:
    site_dir = Path(site_dir)
    out: set[str] = set()
    for html in site_dir.rglob("*.html"):
        if html.name == "404.html":
            continue
        address = page_address(site_dir, html)
        out.add(address)
        parser = _Anchors()
        parser.feed(html.read_text(encoding="utf-8"))
        out.update(f"{address}#{anchor}" for anchor in parser.ids)
    for folder in DOWNLOADS:
        for file in (site_dir / folder).rglob("*"):
            if file.is_file():
                out.add("/" + file.relative_to(site_dir).as_posix())
    return sorted(out)


def redirects(site_dir: Path) -> dict[str, str]:
    """Pages that moved: the old address -> the address its redirect page sends visitors to."""
    site_dir = Path(site_dir)
    out = {}
    for html in site_dir.rglob("*.html"):
        parser = _Anchors()
        parser.feed(html.read_text(encoding="utf-8"))
        if parser.refresh:
            address = page_address(site_dir, html)
            out[address] = urljoin(address, parser.refresh)
    return out


def lost(published: list[str], site_dir: Path) -> list[str]:
    """The published addresses a build no longer provides, either itself or through a redirect that keeps
    the anchor (the redirect page carries `#anchor` over to the new address)."""
    provided = set(inventory(site_dir))
    moved = redirects(site_dir)
    out = []
    for address in published:
        if address in provided:
            continue
        page, _, anchor = address.partition("#")
        target = moved.get(page)
        if target is not None and (target + ("#" + anchor if anchor else "")) in provided:
            continue
        out.append(address)
    return sorted(out)


def read_inventory(path: Path = INVENTORY) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


HEADER = """\
# Every address this site has published: pages, anchors and downloads. Never remove a line by hand:
# a test fails when a build no longer provides one. After a deliberate addition, refresh with
# `make permalinks`.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument(
        "--update", action="store_true", help=f"rewrite {INVENTORY.name}, keeping old entries"
    )
    args = parser.parse_args(argv)
    current = inventory(args.site_dir)
    if not args.update:
        print("\n".join(current))
        return 0
    published = read_inventory() if INVENTORY.exists() else []
    missing = lost(published, args.site_dir)
    if missing:
        print(
            f"{len(missing)} published addresses are missing from this build; not updating:", file=sys.stderr
        )
        print("\n".join(missing), file=sys.stderr)
        return 1
    # Addresses kept through a redirect stay listed: they were published, and must keep working.
    current = sorted(set(current) | set(published))
    INVENTORY.write_text(HEADER + "\n".join(current) + "\n", encoding="utf-8")
    added = len(set(current) - set(published))
    print(f"{INVENTORY.name}: {len(current)} addresses ({added} added)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
