"""Requirements are locked with hashes: every package of the site, of the tests and of the Zensical build is
pinned to one version and its files' sha256, the lock files agree with each other and with their .in files,
and every install in the Makefile checks the hashes."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

LOCKS = ("requirements.txt", "requirements-test.txt", "requirements-zensical.txt")
# `name==version \` followed by `--hash=sha256:...` lines, as pip-compile --generate-hashes writes them.
ENTRY = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\]+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})*)", re.M
)


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(text: str) -> dict[str, tuple[str, int]]:
    """Package -> (version, number of hashes)."""
    return {normal(m[1]): (m[2], m[3].count("--hash=")) for m in ENTRY.finditer(text)}


def requirement_lines(text: str) -> list[str]:
    """The lines that name a package (not comments, options, hashes or continuation)."""
    return [
        line
        for line in text.splitlines()
        if line and not line.startswith(("#", " ", "-")) and not line.lstrip().startswith("#")
    ]


@pytest.mark.parametrize("name", LOCKS)
def test_every_package_is_pinned_with_its_hashes(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    lines = requirement_lines(text)
    packages = locked(text)
    assert len(lines) == len(packages), "a requirement without an exact pin and hashes:\n" + "\n".join(
        line for line in lines if normal(line.split("==")[0]) not in packages
    )
    unhashed = [p for p, (_, hashes) in packages.items() if hashes == 0]
    assert not unhashed, f"{name}: no hash for {unhashed}"
    # Nothing tells pip to look elsewhere: the lock is the same on every machine.
    assert not re.search(r"^--(extra-)?index-url|^--find-links|^--trusted-host", text, re.M)


def test_the_test_lock_has_the_sites_versions():
    site = locked((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    test = locked((ROOT / "requirements-test.txt").read_text(encoding="utf-8"))
    assert set(site) <= set(test), set(site) - set(test)
    differ = {p: (site[p][0], test[p][0]) for p in site if site[p][0] != test[p][0]}
    assert not differ, differ


@pytest.mark.parametrize(
    ("source", "lock"),
    [
        ("requirements.in", "requirements.txt"),
        ("requirements-test.in", "requirements-test.txt"),
        ("requirements-zensical.in", "requirements-zensical.txt"),
    ],
)
def test_direct_dependencies_are_exact_and_locked_at_that_version(source, lock):
    direct = [
        line.split("#")[0].strip()
        for line in (ROOT / source).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "-"))
    ]
    assert direct
    packages = locked((ROOT / lock).read_text(encoding="utf-8"))
    for line in direct:
        name, sep, version = line.partition("==")
        assert sep, f"{source}: {line!r} is not an exact pin"
        assert packages.get(normal(name), ("",))[0] == version, (
            f"{lock} does not lock {line}: run `make lock`"
        )


def test_both_generators_read_markdown_with_the_same_python_markdown():
    """The site's Markdown extension (vpguide/mdext.py, with a copy of one Python-Markdown function in
    vpguide/mdstash.py) runs in both environments: one version of Python-Markdown for both."""
    site = locked((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    zensical = locked((ROOT / "requirements-zensical.txt").read_text(encoding="utf-8"))
    assert site["markdown"][0] == zensical["markdown"][0]


def test_every_install_checks_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and " -r " in line]
    assert len(installs) == len(LOCKS), installs
    assert all("--require-hashes" in line for line in installs), installs
    assert "--upgrade pip" not in makefile


def test_the_check_notices_a_missing_hash():
    text = "mkdocs==1.6.1 \\\n    --hash=sha256:" + "a" * 64 + "\nJinja2==3.1.6\n"
    assert locked(text) == {"mkdocs": ("1.6.1", 1), "jinja2": ("3.1.6", 0)}
