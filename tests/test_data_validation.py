"""Bad data gets a clear error with file, line and column, all errors at once, and never a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vpguide.errors import DataError
from vpguide.load import load_model, validate
from vpguide.yamlio import read_yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = (ROOT / "data" / "principles.yaml").read_text(encoding="utf-8")
LINE_FORMAT = re.compile(r"^data/principles\.yaml:(\d+):(\d+): (\S+): (.+)$")


def copy_data(tmp_path: Path) -> Path:
    """A copy of the real data folder, to break one file of it."""
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(ROOT / "data", data)
    return data


def problems_for(tmp_path: Path, text: str, file: str = "principles.yaml") -> list[str]:
    data = copy_data(tmp_path)
    (data / file).write_text(text, encoding="utf-8")
    return [str(p) for p in validate(data, project_dir=tmp_path)]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, f"{old!r} not in the data"
    return text.replace(old, new, 1)


def test_real_data_is_valid():
    assert validate(ROOT / "data") == []
    model = load_model(ROOT / "data")
    assert [t.id for t in model.themes] == [
        "prevent-csam",
        "grooming",
        "livestreaming",
        "search",
        "children",
        "survivors",
        "collaboration",
    ]
    assert [p.number for p in model.principles] == list(range(1, 12))
    assert model.reporting_note.applies_to == (1, 2, 3, 4, 5)


def test_yaml_syntax_error_names_the_line(tmp_path):
    bad = replace_once(REAL, "  - id: grooming\n", "  - id: [grooming\n")
    problems = problems_for(tmp_path, bad)
    assert len(problems) == 1
    assert problems[0].startswith("data/principles.yaml:")
    assert "(syntax): YAML syntax error" in problems[0]
    line = int(problems[0].split(":")[1])
    assert abs(line - line_of(bad, "id: [grooming")) <= 2


def test_duplicate_key_is_an_error_not_a_silent_loss(tmp_path):
    bad = replace_once(
        REAL, "    title: Online grooming\n", "    title: Online grooming\n    title: Grooming again\n"
    )
    problems = problems_for(tmp_path, bad)
    line = line_of(bad, "    title: Grooming again")
    assert problems == [
        f"data/principles.yaml:{line}:5: principles[2].title: duplicate key 'title' "
        f"(first defined on line {line - 1}); one of the two would be lost"
    ]


def test_misspelt_key_suggests_the_right_one(tmp_path):
    bad = replace_once(
        REAL,
        "    statement: Companies seek to identify and combat preparatory",
        "    statment: Companies seek to identify and combat preparatory",
    )
    problems = problems_for(tmp_path, bad)
    line = line_of(bad, "statment:")
    assert (
        f"data/principles.yaml:{line}:5: principles[2].statment: unknown key 'statment': did you mean 'statement'?"
        in problems
    )
    assert f"data/principles.yaml:{line - 3}:5: principles[2]: missing required key 'statement'" in problems


def test_missing_and_empty_text(tmp_path):
    bad = replace_once(
        REAL, "    summary: Detect and disrupt", '    summary: "   "\n    x_summary: Detect and disrupt'
    )
    bad = replace_once(bad, "  - id: search\n    heading: Search\n", "  - id: search\n")
    problems = problems_for(tmp_path, bad)
    empty_line = line_of(bad, 'summary: "   "')
    assert f"data/principles.yaml:{empty_line}:14: themes[1].summary: must not be empty" in problems
    assert any(p.endswith("themes[3]: missing required key 'heading'") for p in problems)


def test_wrong_types(tmp_path):
    bad = replace_once(REAL, "  - number: 3\n", "  - number: three\n")
    bad = replace_once(
        bad, "  governments:\n    - Australia\n", "  governments: Australia\n  x:\n    - Australia\n"
    )
    problems = problems_for(tmp_path, bad)
    assert (
        f"data/principles.yaml:{line_of(bad, 'number: three')}:13: principles[2].number: expected a whole number, got 'three'"
        in problems
    )
    assert any("publication.governments: expected a list, got 'Australia'" in p for p in problems)


def test_duplicate_ids_and_numbers(tmp_path):
    bad = replace_once(REAL, "  - id: livestreaming\n", "  - id: grooming\n")
    bad = replace_once(bad, "  - number: 11\n", "  - number: 10\n")
    problems = problems_for(tmp_path, bad)
    assert (
        f"data/principles.yaml:{line_of(bad, '- id: grooming', 2)}:9: themes[2].id: theme id 'grooming' is used twice (first at themes[1])"
        in problems
    )
    assert (
        f"data/principles.yaml:{line_of(bad, '- number: 10', 2)}:13: principles[10].number: principle number 10 is used twice (first at principles[9])"
        in problems
    )


def test_unknown_references(tmp_path):
    bad = replace_once(REAL, "    theme: livestreaming\n", "    theme: livestreamin\n")
    bad = replace_once(bad, "    related: [9, 10]\n", "    related: [9, 12]\n")
    bad = replace_once(bad, "  applies_to: [1, 2, 3, 4, 5]\n", "  applies_to: [1, 2, 3, 4, 5, 40]\n")
    problems = problems_for(tmp_path, bad)
    assert any(
        p.endswith("principles[4].theme: unknown theme 'livestreamin': did you mean 'livestreaming'?")
        for p in problems
    )
    assert any(p.endswith("principles[10].related[1]: unknown principle 12") for p in problems)
    assert any(p.endswith("reporting_note.applies_to[5]: unknown principle 40") for p in problems)
    # The theme left without principles is named too.
    assert any(
        p.endswith("themes[2].id: theme 'livestreaming' has no principles: give one `theme: livestreaming`")
        for p in problems
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Prevent <script>alert(1)</script> it.", "raw HTML is not allowed in text"),
        ('See <img src="https://example.org/x.png">.', "raw HTML is not allowed in text"),
        ("Hidden <!-- comment --> text.", "raw HTML is not allowed in text"),
        ("A picture ![x](https://www.iwf.org.uk/x.png) here.", "images are not allowed in text"),
        ("Template {{ config.repo_url }} here.", "curly braces { } are not allowed in text"),
        ("Statement {% include 'x' %} here.", "curly braces { } are not allowed in text"),
        ("An attribute list { onclick=alert(1) } here.", "curly braces { } are not allowed in text"),
        ("A [link](http://www.iwf.org.uk/) here.", "links must start with https://"),
        ("A [link](javascript:alert(1)) here.", "links must start with https://"),
        ("A [link](data:text/html,hi) here.", "links must start with https://"),
        ("A [link][ref] here.\n\n[ref]: http://www.iwf.org.uk/", "links must start with https://"),
        ("A bare http://www.iwf.org.uk/ address.", "addresses must start with https://"),
        ("Reversed \u202etext\u202c here.", "invisible control or formatting characters are not allowed"),
    ],
)
def test_unsafe_text_is_rejected(tmp_path, text, message):
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    bad = replace_once(
        REAL, "    summary: Keep search results", f"    summary: {quoted}\n    x: Keep search results"
    )
    problems = problems_for(tmp_path, bad)
    line = line_of(bad, "    summary: " + quoted[:20])
    assert any(
        p.startswith(f"data/principles.yaml:{line}:14: themes[3].summary: {message}") for p in problems
    ), problems


def test_markdown_and_https_links_are_fine(tmp_path):
    ok = replace_once(
        REAL,
        "    summary: Keep search results and automatic suggestions from leading people to abuse, and point them to reporting and help.",
        "    summary: Keep *search* results **clean**; see [WeProtect](https://www.weprotect.org/) and 5 < 6.",
    )
    assert problems_for(tmp_path, ok) == []


def test_urls_must_be_https(tmp_path):
    bad = replace_once(REAL, "    url: https://www.weprotect.org/", "    url: http://www.weprotect.org/")
    problems = problems_for(tmp_path, bad)
    assert any(
        "publication.promoted_by.url: 'http://www.weprotect.org/' is not valid here: An https:// address."
        in p
        for p in problems
    )


def test_aliases_merge_keys_and_tags_are_refused(tmp_path):
    bad = replace_once(REAL, "  governments:\n", "  governments: &g\n")
    bad = replace_once(bad, "  launched_at: Washington DC\n", "  launched_at: !!python/name:os.system\n")
    bad = replace_once(bad, "  promoted_by:\n", "  copy: *g\n  <<: {title: x}\n  promoted_by:\n")
    problems = problems_for(tmp_path, bad)
    assert any(p.endswith("publication: merge keys (<<) are not supported") for p in problems)
    assert any("anchors and aliases (&, *) are not supported" in p for p in problems)
    assert any("unsupported tag 'tag:yaml.org,2002:python/name:os.system'" in p for p in problems)


def test_scalars_are_never_reinterpreted():
    doc = read_yaml("codes: [NO, no, off, yes, 0x10, 1e3, 2020-03-05, 10:30]\nn: 7\nflag: true\n", "t.yaml")
    assert doc.problems == []
    assert doc.data == {
        "codes": ["NO", "no", "off", "yes", "0x10", "1e3", "2020-03-05", "10:30"],
        "n": 7,
        "flag": True,
    }


def test_every_error_is_reported_at_once_sorted_by_line(tmp_path):
    bad = replace_once(REAL, "    theme: search\n", "    theme: serch\n")
    bad = replace_once(bad, "    title: Transparency reporting\n", "    titel: Transparency reporting\n")
    bad = replace_once(bad, "  short_title: Voluntary Principles\n", "  short_title: ''\n")
    problems = problems_for(tmp_path, bad)
    assert len(problems) >= 4  # the empty title, the unknown theme, the unknown key and the missing title
    lines = [int(LINE_FORMAT.match(p).group(1)) for p in problems]
    assert lines == sorted(lines)


def test_empty_and_multi_document_files(tmp_path):
    assert problems_for(tmp_path, "# only a comment\n") == [
        "data/principles.yaml:1:1: (document): the file is empty"
    ]
    assert any("only one YAML document per file" in p for p in problems_for(tmp_path, REAL + "---\nx: 1\n"))


def test_load_model_raises_with_every_problem(tmp_path):
    copy_data(tmp_path)
    (tmp_path / "data" / "principles.yaml").write_text(
        REAL.replace("    theme: search\n", "    theme: serch\n")
    )
    with pytest.raises(DataError) as caught:
        load_model(tmp_path / "data")
    assert caught.value.report().splitlines() == [
        "2 problems in the site's data:",
        f"data/principles.yaml:{line_of(REAL, '  - id: search')}:9: themes[3].id: theme 'search' has no principles: "
        "give one `theme: search`",
        f"data/principles.yaml:{line_of(REAL, '    theme: search')}:12: principles[5].theme: unknown theme 'serch': "
        "did you mean 'search'?",
    ]


def test_cli_reports_every_problem_without_traceback(tmp_path):
    copy_data(tmp_path)
    bad = replace_once(REAL, "    theme: search\n", "    theme: serch\n")
    bad = replace_once(bad, "  short_title: Voluntary Principles\n", "  shorttitle: Voluntary Principles\n")
    (tmp_path / "data" / "principles.yaml").write_text(bad)
    result = subprocess.run(
        [sys.executable, "-m", "vpguide", "validate"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "4 problems in the site's data:"
    assert all(LINE_FORMAT.match(line) for line in lines[1:]), lines
    assert result.stdout == ""


def test_cli_succeeds_on_the_real_data():
    result = subprocess.run(
        [sys.executable, "-m", "vpguide", "validate"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"data: valid \(7 themes, 11 principles, 12 service types, \d+ measures, version \d+\.\d+\.\d+\)",
        result.stdout.strip(),
    )
