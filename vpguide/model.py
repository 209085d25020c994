"""The domain: frozen records of the Voluntary Principles. No I/O, no MkDocs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str
    note: str | None = None


@dataclass(frozen=True)
class Publication:
    title: str
    short_title: str
    date: str
    launched: str
    governments: tuple[str, ...]
    sources: tuple[Source, ...]
    attribution: str
    launched_at: str | None = None
    launched_by: str | None = None
    promoted_by: Link | None = None


@dataclass(frozen=True)
class Introduction:
    """Official text: the introduction and its examples of what a company may want to do."""

    heading: str
    paragraphs: tuple[str, ...]
    examples_lead: str
    examples: tuple[str, ...]
    closing: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    id: str
    heading: str  # official
    title: str  # ours
    summary: str  # ours
    why: str  # ours


@dataclass(frozen=True)
class Principle:
    number: int
    title: str  # ours
    theme: str
    statement: str  # official
    context: str  # official, Markdown
    related: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReportingNote:
    heading: str  # official
    text: str  # official
    applies_to: tuple[int, ...]


@dataclass(frozen=True)
class Model:
    """Everything the site shows, validated: references resolve, ids and numbers are unique."""

    publication: Publication
    introduction: Introduction
    themes: tuple[Theme, ...]
    principles: tuple[Principle, ...]  # sorted by number
    reporting_note: ReportingNote
    data_files: tuple[str, ...]  # paths relative to the project, for "edit this page"

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def principle(self, number: int) -> Principle:
        return next(p for p in self.principles if p.number == number)

    def principles_of(self, theme_id: str) -> tuple[Principle, ...]:
        return tuple(p for p in self.principles if p.theme == theme_id)

    def neighbours(self, number: int) -> tuple[Principle | None, Principle | None]:
        """The previous and next principle by number."""
        index = [p.number for p in self.principles].index(number)
        previous = self.principles[index - 1] if index > 0 else None
        following = self.principles[index + 1] if index + 1 < len(self.principles) else None
        return previous, following

    def reporting_applies(self, number: int) -> bool:
        return number in self.reporting_note.applies_to
