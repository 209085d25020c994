"""Bad checklist data (measures, service types, references, changelog) gets a clear error with its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import TINY

from vpguide.load import validate


def tiny_with(
    tmp_path: Path, changes: dict[str, tuple[str, str]] | None = None, extra: dict[str, str] | None = None
):
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    for file, (old, new) in (changes or {}).items():
        text = (data / file).read_text()
        assert old in text, (file, old)
        (data / file).write_text(text.replace(old, new, 1))
    for file, text in (extra or {}).items():
        (data / file).write_text(text)
    return [str(p) for p in validate(data, project_dir=tmp_path)]


def test_tiny_fixture_is_valid(tmp_path):
    assert tiny_with(tmp_path) == []


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "measures/tiny.yaml",
            "    service_types: [web]\n",
            "    service_types: [wbe]\n",
            "data/measures/tiny.yaml:{line}:21: measures[1].service_types[0]: unknown service type 'wbe': did you mean 'web'?",
        ),
        (
            "measures/tiny.yaml",
            "    references: [iwf]\n",
            "    references: [iwff]\n",
            "data/measures/tiny.yaml:{line}:18: measures[0].references[0]: unknown reference 'iwff': did you mean 'iwf'?",
        ),
        (
            "measures/tiny.yaml",
            "  - id: P3-01\n",
            "  - id: P1-01\n",
            "data/measures/tiny.yaml:{line}:9: measures[1].id: measure id 'P1-01' is used twice (first at measures[0])",
        ),
        (
            "measures/tiny.yaml",
            "    principles: [3]\n",
            "    principles: [3, 9]\n",
            "data/measures/tiny.yaml:{line}:21: measures[1].principles[1]: unknown principle 9",
        ),
        (
            "measures/tiny.yaml",
            "    principles: [1, 2]\n",
            "    principles: [2, 1]\n",
            "data/measures/tiny.yaml:3:9: measures[0].id: measure P1-01 must list principle 1 first in `principles`",
        ),
        (
            "measures/tiny.yaml",
            "    service_notes:\n      chat: Differs for chat.\n",
            "    service_notes:\n      chat: Differs for chat.\n      gaming: Not listed.\n",
            "data/measures/tiny.yaml:{line2}:7: measures[0].service_notes.gaming: a note for 'gaming', which is not in this measure's service_types",
        ),
        (
            "measures/tiny.yaml",
            "    tier: enhanced\n",
            "    tier: advanced\n",
            "data/measures/tiny.yaml:{line}:11: measures[1].tier: 'advanced' is not one of ['baseline', 'enhanced']",
        ),
        (
            "measures/tiny.yaml",
            "    evidence:\n      - A log.\n",
            "    evidence: []\n",
            "data/measures/tiny.yaml:{line}:15: measures[1].evidence: must not be an empty list",
        ),
        (
            "measures/tiny.yaml",
            "  - id: P3-01\n",
            "  - id: P3-1\n",
            "data/measures/tiny.yaml:{line}:9: measures[1].id: 'P3-1' is not valid here: A stable id such as P1-03",
        ),
        (
            "measures/tiny.yaml",
            "    service_type: chat\n",
            "    service_type: web\n",
            "data/measures/tiny.yaml:{line_minus_1}:5: not_applicable[0]: principle 3 x 'web' is marked not applicable, yet measures cover it",
        ),
        (
            "measures/tiny.yaml",
            "not_applicable:\n  - principle: 3\n    service_type: chat\n    reason: Chat has no third thing.\n",
            "",
            "data/service_types.yaml:19:9: service_types[1].id: principle 3 has no measure for 'chat' and is not marked not applicable",
        ),
        (
            "service_types.yaml",
            "    primary_risks: [grooming]\n",
            "    primary_risks: [gromming]\n",
            "data/service_types.yaml:{line}:21: service_types[1].primary_risks[0]: 'gromming' is not one of ['sharing', 'grooming', 'livestreaming']",
        ),
        (
            "references.yaml",
            "    url: https://www.iwf.org.uk/\n",
            "    url: www.iwf.org.uk\n",
            "data/references.yaml:{line}:10: references[0].url: addresses must start with https://",
        ),
        (
            "references.yaml",
            '    checked: "2026-11-29"\n',
            "    checked: 29/11/2026\n",
            "data/references.yaml:{line}:14: references[0].checked: '29/11/2026' is not valid here",
        ),
        (
            "changelog.yaml",
            "    changes:\n",
            '    changes:\n      - Another.\n  - version: 0.2.0\n    date: "2026-11-30"\n    changes:\n',
            "data/changelog.yaml:{line_plus_2}:14: versions[1].version: version 0.2.0 must be lower than the one above it (newest first)",
        ),
    ],
)
def test_catalogue_problem(tmp_path, file, old, new, expected):
    problems = tiny_with(tmp_path, {file: (old, new)})
    # `{line}` is where the changed text starts in the changed file; the others are counted from it.
    original = (TINY / file).read_text()
    start = original.index(old)
    line = original.count("\n", 0, start) + 1
    expected = expected.format(line=line, line2=line + 2, line_minus_1=line - 1, line_plus_2=line + 2)
    assert any(p.startswith(expected) for p in problems), expected + "\n---\n" + "\n".join(problems)


def test_measure_ids_are_unique_across_files(tmp_path):
    copy = (TINY / "measures" / "tiny.yaml").read_text().split("not_applicable:")[0]
    problems = tiny_with(tmp_path, extra={"measures/more.yaml": copy.replace("P3-01", "P3-02")})
    assert any(
        p.startswith(
            "data/measures/tiny.yaml:3:9: measures[0].id: measure id 'P1-01' is used twice "
            "(first at measures[0] in data/measures/more.yaml)"
        )
        for p in problems
    ), problems


def test_measure_file_needs_its_schema_line(tmp_path):
    text = (TINY / "measures" / "tiny.yaml").read_text().replace("../../schemas", "../schemas")
    problems = tiny_with(tmp_path, extra={"measures/tiny.yaml": text})
    assert problems == [
        "data/measures/tiny.yaml:1:1: (document): the first line must be "
        "`# yaml-language-server: $schema=../../schemas/measures.schema.json` so that editors validate"
    ]


def test_no_measure_files_is_an_error(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    shutil.rmtree(data / "measures")
    problems = [str(p) for p in validate(data, project_dir=tmp_path)]
    assert "data/measures:1:1: (folder): no measure files (*.yaml) found" in problems
