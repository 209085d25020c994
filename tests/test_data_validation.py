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


SEARCH_WHY = re.search(
    r"    why: >-\n      Search and suggestion features.*?\n(?=  - id:)", REAL, re.S
).group(0)


def set_search_why(text: str) -> str:
    """The real principles.yaml with the search theme's `why` (Markdown text) set to `text`."""
    return replace_once(REAL, SEARCH_WHY, f"    why: {yaml_quoted(text)}\n")


def yaml_quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar; control characters as escapes (YAML refuses them raw)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + "".join(f"\\x{ord(c):02x}" if ord(c) < 0x20 else c for c in escaped) + '"'


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
        ("Entities &lt;script&gt; here.", "a character reference (&lt;) is not allowed in text"),
        ("Numeric &#60;script&#62; here.", "a character reference (&#60;) is not allowed in text"),
        (
            "A [link](http://www.iwf.org.uk/) here.",
            "link 'http://www.iwf.org.uk/': addresses must start with https://",
        ),
        (
            "A [link](javascript:alert(1)) here.",
            "link 'javascript:alert(1': addresses must start with https://",
        ),
        ("A [link](data:text/html,hi) here.", "link 'data:text/html,hi': addresses must start with https://"),
        (
            "A [link](https://user:secret@www.iwf.org.uk/) here.",
            "link 'https://user:secret@www.iwf.org.uk/': an address must not carry a user name or password",
        ),
        ("A [link](https://xn--iwf-8qa.org.uk/) here.", "link 'https://xn--iwf-8qa.org.uk/': the host"),
        (
            "A [link](https://www.iwf.org.uk:8443/) here.",
            "link 'https://www.iwf.org.uk:8443/': an address must not name a port",
        ),
        ("A bare http://www.iwf.org.uk/ address.", "addresses must start with https://, inside a link"),
        ("Reversed \u202etext\u202c here.", "invisible control or formatting characters are not allowed"),
        ("Placeholder \x02wzxhzdk:0\x03 here.", "invisible control or formatting characters are not allowed"),
        ('!!! official "Official text"\n\n    A forged box.', "line 1 of the text starts an admonition"),
        ("??? note\n\n    Folded.", "line 1 of the text starts an admonition"),
        ("Text.\n\n*[Text]: a tooltip on any word", "line 3 of the text starts an abbreviation definition"),
        (
            "A [link][ref] here.\n\n[ref]: https://www.iwf.org.uk/",
            "line 3 of the text starts a link reference",
        ),
        ("A footnote[^1] here.", "footnotes ([^...]) are not allowed in text"),
        ("# A heading", "line 1 of the text starts a heading (#)"),
        ("> A quote", "line 1 of the text starts a block quote (>)"),
        ("Text.\n\n```\ncode\n```", "line 3 of the text starts a code fence"),
        ("Text.\n\n    indented code", "line 3 of the text is indented as code"),
        ("Text.\n\n---", "line 3 of the text starts a horizontal rule"),
        ("a | b", "the character | is not allowed in text"),
        ("x" * 5001, "is 5,001 characters long; at most 5,000 here"),
    ],
)
def test_unsafe_text_is_rejected(tmp_path, text, message):
    """Markdown text holds the site's small dialect (vpguide/textrules.py), nothing more."""
    bad = set_search_why(text)
    problems = problems_for(tmp_path, bad)
    line = line_of(bad, f"    why: {yaml_quoted(text)}"[:40])
    assert any(p.startswith(f"data/principles.yaml:{line}:10: themes[3].why: {message}") for p in problems), (
        problems
    )


def test_the_markdown_dialect_is_fine(tmp_path):
    ok = set_search_why(
        "Keep *search* results **clean** and _calm_; see [WeProtect](https://www.weprotect.org/), "
        "`P1-02`, 5 < 6, AT&T and P1-02.\n\n- a list item\n  continued\n    - nested\n1. numbered"
    )
    assert problems_for(tmp_path, ok) == []


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (
            "Known material&lt;/title&gt;&lt;script&gt;alert(document.domain)&lt;/script&gt;",
            "'&l': an & followed by a letter, digit or # reads as a character reference",
        ),
        ("Known material</title><script>alert(1)</script>", "angle brackets < > are not allowed here"),
        ("Fish &amp chips", "'&a': an & followed by a letter"),
        ("Known *material*", "Markdown markup (*) is not allowed here"),
        ("Known [material](https://www.iwf.org.uk/)", "Markdown markup ([ ]) is not allowed here"),
        ("Known `material` #1", "Markdown markup (# `) is not allowed here"),
        ("Known material | table", "Markdown markup (|) is not allowed here"),
        ("- Known material", "must not start with a list marker"),
        ("1. Known material", "must not start with a list marker"),
        ("K" * 161, "is 161 characters long; at most 160 here"),
    ],
)
def test_titles_are_plain_text(tmp_path, title, message):
    """A title reaches the navigation, the page's <title> (through the theme's `striptags`, which decodes
    entities) and the search index as it is: plain text only."""
    bad = replace_once(
        REAL, "    title: Known child sexual abuse material\n", f"    title: {yaml_quoted(title)}\n"
    )
    problems = problems_for(tmp_path, bad)
    line = line_of(bad, f"    title: {yaml_quoted(title)}")
    assert any(
        p.startswith(f"data/principles.yaml:{line}:12: principles[0].title: {message}") for p in problems
    ), problems


def test_plain_text_may_hold_ordinary_punctuation(tmp_path):
    ok = replace_once(
        REAL,
        "    title: Known child sexual abuse material\n",
        "    title: 'Known material: \"quotes\", (brackets), A & B, 5 + 6 - 1!'\n",
    )
    assert problems_for(tmp_path, ok) == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://www.weprotect.org/", "addresses must start with https://"),
        ("https://user@www.weprotect.org/", "an address must not carry a user name or password"),
        ("https://www.weprotect.org:444/", "an address must not name a port"),
        ("https://www.wéprotect.org/", "an address may hold only letters, digits"),
        ("https://xn--wprotect-f1a.org/", "the host 'xn--wprotect-f1a.org' is written in IDNA"),
        ("https://WWW.weprotect.org/", "the host 'WWW.weprotect.org' is not a lower-case ASCII domain name"),
        ('https://www.weprotect.org/"onmouseover=x', "an address may hold only letters, digits"),
        ("https://www.weprotect.org/" + "a" * 480, "is 506 characters long; at most 500 here"),
    ],
)
def test_addresses_are_what_they_look_like(tmp_path, url, message):
    bad = replace_once(REAL, "    url: https://www.weprotect.org/", f"    url: '{url}'")
    problems = problems_for(tmp_path, bad)
    assert any(f"publication.promoted_by.url: {message}" in p for p in problems), problems


def test_a_measure_id_inside_a_link_is_not_a_mention(tmp_path):
    """Measure ids in prose must exist and become links; inside a link's address or text they stay as
    written (a link inside a link's address would break it)."""
    ok = set_search_why("See [the report](https://www.iwf.org.uk/P1-99) and `P1-98`.")
    assert problems_for(tmp_path, ok) == []
    measures = (ROOT / "data" / "measures" / "search.yaml").read_text(encoding="utf-8")
    bad = measures.replace("    what: >-\n", "    what: >-\n      Unlike P6-99, ", 1)
    problems = problems_for(tmp_path, bad, "measures/search.yaml")
    assert any("mentions measure P6-99, which does not exist" in p for p in problems), problems


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path):
    problems = problems_for(tmp_path, REAL + "# " + "x" * 1_000_000 + "\n")
    assert problems == ["data/principles.yaml:1:1: (document): larger than 1,000,000 bytes: split it"]


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
        r"data: valid \(7 themes, 11 principles, \d+ service types, \d+ measures, version \d+\.\d+\.\d+\)",
        result.stdout.strip(),
    )
