"""Check that every external address the site cites still answers: the references, the publication's
sources, the reporting routes and the quick-exit destination. Run weekly by .github/workflows/links.yml.

    python tools/check_links.py            # check, print each failure, exit 1 if any

An address fails when it does not answer with a success or redirect status within the timeout. A few
official sites refuse automated requests; a failure is a prompt for a person to check, not proof of a
dead link.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import sys
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vpguide.load import load_model  # noqa: E402

USER_AGENT = "voluntary-principles-site link check (weekly; see the repository)"


def cited_addresses(data_dir: Path = ROOT / "data") -> list[str]:
    model = load_model(data_dir)
    urls = {r.url for r in model.references} | {s.url for s in model.publication.sources}
    if model.publication.promoted_by:
        urls.add(model.publication.promoted_by.url)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506
    urls.add(config["extra"]["quick_exit"]["url"])
    return sorted(urls)


def check(url: str, timeout: float) -> str | None:
    """None when `url` answers; otherwise why not."""
    headers = {"User-Agent": USER_AGENT}
    try:
        response = requests.head(url, headers=headers, timeout=timeout, allow_redirects=True)
        if response.status_code in (403, 405, 501):  # some servers refuse HEAD: ask properly
            response = requests.get(url, headers=headers, timeout=timeout, allow_redirects=True, stream=True)
            response.close()
    except requests.RequestException as err:
        return f"{type(err).__name__}: {err}"
    if response.status_code >= 400:
        return f"HTTP {response.status_code}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*", help="addresses to check instead of those the data cites")
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args(argv)
    urls = args.urls or cited_addresses()
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(urls, pool.map(lambda u: check(u, args.timeout), urls), strict=True))
    failures = {url: why for url, why in results.items() if why}
    for url, why in failures.items():
        print(f"FAIL {url}: {why}")
    print(f"{len(urls) - len(failures)} of {len(urls)} addresses answered")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
