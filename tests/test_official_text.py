"""The official text in data/principles.yaml is the publication's text, word for word, and all of it.

Compared with the project's own copy, reference/voluntary-principles-2020.txt, so that the tests need
nothing outside the repository. Straight and typographic quotes count as the same character.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vpguide.load import load_model

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "reference" / "voluntary-principles-2020.txt"
SHARED = ROOT.parent / "shared" / "reference" / "voluntary-principles-2020.txt"
MODEL = load_model(ROOT / "data")


def normalise(text: str) -> str:
    return " ".join(
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .split()
    )


def blocks(text: str) -> list[str]:
    """Paragraphs (or runs of list lines) separated by blank lines, whitespace-normalised."""
    out, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


REF_BLOCKS = blocks(REFERENCE.read_text(encoding="utf-8"))
THEME_HEADINGS = [t.heading for t in MODEL.themes]


def data_blocks(markdown: str) -> list[str]:
    return blocks(markdown)


def test_reference_copy_matches_the_shared_original():
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout; the project's own copy is used")
    assert REFERENCE.read_bytes() == SHARED.read_bytes()


def test_themes_are_the_official_headings_in_order():
    assert [b for b in REF_BLOCKS if b in THEME_HEADINGS] == THEME_HEADINGS


@pytest.mark.parametrize("number", [p.number for p in MODEL.principles])
def test_statement_and_context_are_word_for_word(number):
    principle = MODEL.principle(number)
    start = REF_BLOCKS.index(next(b for b in REF_BLOCKS if b.startswith(f"Principle {number}: ")))
    assert normalise(REF_BLOCKS[start]) == normalise(f"Principle {number}: {principle.statement}")
    context = []
    for block in REF_BLOCKS[start + 1 :]:
        if block.startswith(("Principle ", "Note on reporting")) or block in THEME_HEADINGS:
            break
        context.append(block)
    assert context[0].startswith("Context: ")
    context[0] = context[0].removeprefix("Context: ")
    assert [normalise(b) for b in data_blocks(principle.context)] == [normalise(b) for b in context]


def test_principles_sit_under_their_official_theme():
    current = None
    found = {}
    for block in REF_BLOCKS:
        if block in THEME_HEADINGS:
            current = next(t.id for t in MODEL.themes if t.heading == block)
        elif block.startswith("Principle ") and ":" in block:
            found[int(block.split(":")[0].split()[1])] = current
    assert found == {p.number: p.theme for p in MODEL.principles}


def test_introduction_and_examples_are_word_for_word():
    intro = MODEL.introduction
    start = REF_BLOCKS.index(intro.heading) + 1
    lead = REF_BLOCKS.index(intro.examples_lead)
    assert [normalise(p) for p in intro.paragraphs] == [normalise(b) for b in REF_BLOCKS[start:lead]]
    items = REF_BLOCKS[lead + 1].splitlines()
    assert [normalise("- " + item) for item in intro.examples] == [normalise(i) for i in items]
    end = REF_BLOCKS.index("The Voluntary Principles")
    assert [normalise(p) for p in intro.closing] == [normalise(b) for b in REF_BLOCKS[lead + 2 : end]]


def test_reporting_note_is_word_for_word_and_applies_to_1_to_5():
    note = MODEL.reporting_note
    at = REF_BLOCKS.index(note.heading)
    assert normalise(REF_BLOCKS[at + 1]) == normalise(note.text)
    assert "principles 1-5" in note.heading
    assert note.applies_to == (1, 2, 3, 4, 5)


def test_no_official_paragraph_is_left_out():
    """Every block of the publication, from the introduction on, is somewhere in the data."""
    published = {
        normalise(b) for b in [*THEME_HEADINGS, MODEL.introduction.heading, "The Voluntary Principles"]
    }
    published |= {
        normalise(p)
        for p in (
            *MODEL.introduction.paragraphs,
            MODEL.introduction.examples_lead,
            *MODEL.introduction.closing,
        )
    }
    published.add(normalise("\n".join("- " + i for i in MODEL.introduction.examples)))
    published |= {normalise(MODEL.reporting_note.heading), normalise(MODEL.reporting_note.text)}
    for p in MODEL.principles:
        published.add(normalise(f"Principle {p.number}: {p.statement}"))
        context = data_blocks(p.context)
        published.add(normalise("Context: " + context[0]))
        published |= {normalise(b) for b in context[1:]}
    start = REF_BLOCKS.index(MODEL.introduction.heading)
    missing = [b for b in REF_BLOCKS[start:] if normalise(b) not in published]
    assert missing == []
    assert REF_BLOCKS[0].startswith("to Counter Online Child Sexual Exploitation and Abuse")
    assert MODEL.publication.title.endswith(REF_BLOCKS[0])
