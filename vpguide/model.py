"""The domain: frozen records of the Voluntary Principles. No I/O, no MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

TIERS = ("baseline", "enhanced")  # as schemas/measures.schema.json allows, in that order


def _find(index: dict, value, kind: str):
    """The record for `value` in `index`; a clear KeyError when there is none."""
    try:
        return index[value]
    except KeyError:
        raise KeyError(f"unknown {kind} {value!r}") from None


def _by(records, attribute: str) -> dict:
    """`records` by `attribute`; the first record wins, as a scan would find it."""
    index: dict = {}
    for record in records:
        index.setdefault(getattr(record, attribute), record)
    return index


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
class Reference:
    """An organisation, tool, programme, standard or law that measures cite."""

    id: str
    name: str
    kind: str
    publisher: str
    url: str
    summary: str
    checked: str  # YYYY-MM-DD


@dataclass(frozen=True)
class Risk:
    """One of the three risks the introduction names, and the principles that matter most for it."""

    id: str
    name: str
    summary: str
    principles: tuple[int, ...]


@dataclass(frozen=True)
class ServiceType:
    id: str
    name: str
    role: str
    primary_risks: tuple[str, ...]
    sees_content: str  # all, some or none
    can_see: str
    cannot_see: str


@dataclass(frozen=True)
class Measure:
    """One concrete action in the checklists. Its id is stable: never reused or renumbered."""

    id: str
    title: str
    what: str
    why: str
    how: str
    principles: tuple[int, ...]  # the first is the one in its id
    service_types: tuple[str, ...]
    tier: str  # one of TIERS
    evidence: tuple[str, ...]
    references: tuple[str, ...] = ()
    service_notes: tuple[tuple[str, str], ...] = ()  # (service type id, note)
    tier_by_service_type: tuple[tuple[str, str], ...] = ()  # (service type id, tier) where it differs
    added: str = ""  # the version that added it
    changed: str | None = None  # the version that last changed what it asks
    data_file: str = ""

    def note_for(self, service_type: str) -> str | None:
        return dict(self.service_notes).get(service_type)

    def tier_for(self, service_type: str | None) -> str:
        """The tier for one service type (its own where the risk differs), or the measure's tier."""
        return dict(self.tier_by_service_type).get(service_type, self.tier) if service_type else self.tier

    @property
    def tiers(self) -> dict[str, str]:
        """The tier for each service type it applies to, in the order of `service_types`."""
        return {s: self.tier_for(s) for s in self.service_types}

    @property
    def version(self) -> str:
        """The version this measure's text dates from: when it was last changed, or added."""
        return self.changed or self.added


@dataclass(frozen=True)
class RetiredMeasure:
    """A measure taken out of the guidance. Its id is never reused; its anchor stays on the checklists that
    listed it, saying why and what replaced it."""

    id: str
    title: str
    service_types: tuple[str, ...]
    added: str
    retired: str
    reason: str
    replaced_by: tuple[str, ...] = ()
    data_file: str = ""

    @property
    def principle(self) -> int:
        """The principle in its id, under which its anchor stays."""
        return int(self.id[1:].split("-")[0])


@dataclass(frozen=True)
class NotApplicable:
    principle: int
    service_type: str
    reason: str
    data_file: str = ""


@dataclass(frozen=True)
class Route:
    reference: str  # a Reference id: the authority or hotline, its address and checked date
    what: str
    provisions: tuple[str, ...] = ()  # the provisions (data/obligations.yaml) that set a provider route


@dataclass(frozen=True)
class LegalBasis:
    text: str
    reference: str | None = None


@dataclass(frozen=True)
class Jurisdiction:
    """Where to report in one jurisdiction (code INT: everywhere else)."""

    id: str
    code: str  # ISO 3166-1 alpha-2, always text
    name: str
    summary: str
    provider_routes: tuple[Route, ...]  # routes the law sets for providers
    public_routes: tuple[Route, ...]  # routes for anyone
    legal_basis: tuple[LegalBasis, ...]
    provider_notes: str
    checked: str


# How a measure relates to a provision (NIST IR 8477's set relationships, read "the measure is ... the
# provision"), and how a provision binds.
RELATIONSHIPS = ("equal", "subset-of", "superset-of", "intersects")
FORCES = ("required", "expected")
# The statuses of law that binds, now or from a set date: a proposal or a lapsed rule requires nothing.
BINDING = ("in-force", "enacted", "adopted")


@dataclass(frozen=True)
class Mapping:
    """One line of the crosswalk: a measure that helps meet a provision."""

    measure: str
    relationship: str  # one of RELATIONSHIPS
    rationale: str


@dataclass(frozen=True)
class Provision:
    """A provision of an instrument that binds online services: a duty (`required`) or a code's measure or a
    regulator's expectation (`expected`)."""

    id: str
    provision: str
    title: str
    force: str  # one of FORCES
    service_types: tuple[str, ...]
    who: str
    requires: str
    status: str
    url: str
    checked: str
    measures: tuple[Mapping, ...]
    applies_from: str | None = None
    instrument: str = ""  # the id of the instrument it belongs to
    jurisdiction: str = ""


@dataclass(frozen=True)
class Instrument:
    """An act, regulation, code of practice, standard, guidance or proposal."""

    id: str
    jurisdiction: str
    kind: str
    title: str
    publisher: str
    url: str
    status: str
    summary: str
    checked: str
    provisions: tuple[Provision, ...] = ()
    citation: str | None = None
    applies_from: str | None = None


@dataclass(frozen=True)
class Term:
    """A glossary term: shown on /glossary/ and as a tooltip wherever its exact text appears."""

    id: str
    term: str
    definition: str
    expansion: str | None = None
    more: str | None = None
    reference: str | None = None
    synonyms: tuple[str, ...] = ()  # other names people search with: for the search, and on /glossary/
    measures: tuple[str, ...] = ()  # measure ids that put it into practice, the main one first


@dataclass(frozen=True)
class Version:
    version: str  # MAJOR.MINOR.PATCH
    date: str
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Model:
    """Everything the site shows, validated: references resolve, ids and numbers are unique."""

    publication: Publication
    introduction: Introduction
    themes: tuple[Theme, ...]
    principles: tuple[Principle, ...]  # sorted by number
    reporting_note: ReportingNote
    data_files: tuple[str, ...]  # paths relative to the project, for "edit this page"
    references: tuple[Reference, ...] = ()
    service_types: tuple[ServiceType, ...] = ()
    risks: tuple[Risk, ...] = ()
    measures: tuple[Measure, ...] = ()  # sorted by principle, then id
    not_applicable: tuple[NotApplicable, ...] = ()
    versions: tuple[Version, ...] = ()  # newest first
    jurisdictions: tuple[Jurisdiction, ...] = ()
    glossary: tuple[Term, ...] = ()
    retired: tuple[RetiredMeasure, ...] = ()  # sorted by principle, then id
    instruments: tuple[Instrument, ...] = ()  # the law in force, as of `law_as_of`
    law_as_of: str = ""

    def retired_for(self, *, principle: int, service_type: str | None = None) -> tuple[RetiredMeasure, ...]:
        """The retired measures whose anchors stay under `principle` (on `service_type`'s checklist)."""
        return tuple(
            r
            for r in self.retired
            if r.principle == principle and (service_type is None or service_type in r.service_types)
        )

    def release_kind(self, version: str) -> str:
        """`first`, `major`, `minor` or `patch`: what `version` is, compared with the version before it."""
        listed = [v.version for v in self.versions]
        index = listed.index(version)
        if index + 1 == len(listed):
            return "first"
        new, old = (tuple(int(x) for x in v.split(".")) for v in (version, listed[index + 1]))
        return "major" if new[0] > old[0] else "minor" if new[:2] > old[:2] else "patch"

    def changes_in(self, version: str) -> dict[str, tuple]:
        """What version `version` did to the measures: added, changed and retired, in measure order."""
        return {
            "added": tuple(m for m in self.measures if m.added == version),
            "changed": tuple(m for m in self.measures if m.changed == version),
            "retired": tuple(r for r in self.retired if r.retired == version),
        }

    @property
    def version(self) -> str:
        return self.versions[0].version if self.versions else "0.0.0"

    def data_file(self, name: str) -> str:
        """The project-relative path of the data file called `name`."""
        return next(f for f in self.data_files if f.rsplit("/", 1)[-1] == name)

    def theme(self, theme_id: str) -> Theme:
        return _find(self._index["themes"], theme_id, "theme")

    def principle(self, number: int) -> Principle:
        return _find(self._index["principles"], number, "principle")

    def principles_of(self, theme_id: str) -> tuple[Principle, ...]:
        return self._index["principles_of"].get(theme_id, ())

    def neighbours(self, number: int) -> tuple[Principle | None, Principle | None]:
        """The previous and next principle by number."""
        index = [p.number for p in self.principles].index(number)
        previous = self.principles[index - 1] if index > 0 else None
        following = self.principles[index + 1] if index + 1 < len(self.principles) else None
        return previous, following

    def reporting_applies(self, number: int) -> bool:
        return number in self.reporting_note.applies_to

    def reference(self, reference_id: str) -> Reference:
        return _find(self._index["references"], reference_id, "reference")

    def service_type(self, service_id: str) -> ServiceType:
        return _find(self._index["service_types"], service_id, "service type")

    def risk(self, risk_id: str) -> Risk:
        return _find(self._index["risks"], risk_id, "risk")

    def services_with_risk(self, risk_id: str) -> tuple[ServiceType, ...]:
        return tuple(s for s in self.service_types if risk_id in s.primary_risks)

    def measure(self, measure_id: str) -> Measure:
        return _find(self._index["measures"], measure_id, "measure")

    def measures_for(
        self, *, principle: int | None = None, service_type: str | None = None
    ) -> tuple[Measure, ...]:
        """Measures serving `principle` and applying to `service_type` (either may be left out), in the
        order of `measures`."""
        return self._index["measures_for"].get((principle, service_type), ())

    def tier_counts(self, *, principle: int | None = None, service_type: str | None = None) -> dict[str, int]:
        """How many of `measures_for(...)` are of each tier, for example `{"baseline": 5, "enhanced": 2}`
        (every tier named, 0 when none): counted once, not by each page that shows them."""
        return self._index["tier_counts"].get((principle, service_type), self._index["no_tiers"])

    def jurisdiction(self, jurisdiction_id: str) -> Jurisdiction:
        return _find(self._index["jurisdictions"], jurisdiction_id, "jurisdiction")

    def instruments_of(self, jurisdiction_id: str) -> tuple[Instrument, ...]:
        return self._index["instruments_of"].get(jurisdiction_id, ())

    @property
    def law_jurisdictions(self) -> tuple[Jurisdiction, ...]:
        """The jurisdictions whose law is described, in the order of data/jurisdictions.yaml."""
        return tuple(j for j in self.jurisdictions if self.instruments_of(j.id))

    def provision(self, provision_id: str) -> Provision:
        return _find(self._index["provisions"], provision_id, "provision")

    @property
    def provisions(self) -> tuple[Provision, ...]:
        return tuple(self._index["provisions"].values())

    def law_for(
        self, measure_id: str, service_type: str | None = None, *, binding: bool = False
    ) -> tuple[tuple[Provision, Mapping], ...]:
        """The provisions a measure helps meet, with how, in the order of data/obligations.yaml
        (`service_type`: only those that bind that kind of service; `binding`: only law that binds, not
        proposals or lapsed rules)."""
        found = self._index["law_for"].get(measure_id, ())
        return tuple(
            (p, m)
            for p, m in found
            if (service_type is None or service_type in p.service_types)
            and (not binding or p.status in BINDING)
        )

    def law_in(self, jurisdiction_id: str, service_type: str) -> dict[str, str]:
        """The measures that binding law of a jurisdiction requires or expects of a kind of service:
        measure id -> `required` or `expected` (required wins), in the checklists' order."""
        found: dict[str, str] = {}
        for m in self.measures_for(service_type=service_type):
            forces = {
                p.force
                for p, _ in self.law_for(m.id, service_type, binding=True)
                if p.jurisdiction == jurisdiction_id
            }
            if forces:
                found[m.id] = "required" if "required" in forces else "expected"
        return found

    def instrument(self, instrument_id: str) -> Instrument:
        return _find(self._index["instruments"], instrument_id, "instrument")

    def not_applicable_reason(self, principle: int, service_type: str) -> str | None:
        entry = self._index["not_applicable"].get((principle, service_type))
        return entry.reason if entry else None

    def not_applicable_for(
        self, *, principle: int | None = None, service_type: str | None = None
    ) -> tuple[NotApplicable, ...]:
        """The not-applicable cells of `principle` or of `service_type` (either may be left out), in order."""
        return self._index["not_applicable_for"].get((principle, service_type), ())

    @cached_property
    def _index(self) -> dict[str, dict]:
        """Lookups by id and by principle x service type, built once: the pages ask for every cell, so a
        scan per question would make a build grow with principles x service types x measures."""
        measures_for: dict[tuple, list[Measure]] = {(None, None): list(self.measures)}
        for m in self.measures:
            types = dict.fromkeys(m.service_types)
            for s in types:
                measures_for.setdefault((None, s), []).append(m)
            for p in dict.fromkeys(m.principles):
                measures_for.setdefault((p, None), []).append(m)
                for s in types:
                    measures_for.setdefault((p, s), []).append(m)
        not_applicable_for: dict[tuple, list[NotApplicable]] = {(None, None): list(self.not_applicable)}
        for n in self.not_applicable:
            for key in ((n.principle, None), (None, n.service_type), (n.principle, n.service_type)):
                not_applicable_for.setdefault(key, []).append(n)
        principles_of: dict[str, list[Principle]] = {}
        for p in self.principles:
            principles_of.setdefault(p.theme, []).append(p)
        not_applicable: dict[tuple, NotApplicable] = {}
        for n in self.not_applicable:
            not_applicable.setdefault((n.principle, n.service_type), n)
        provisions = {p.id: p for i in self.instruments for p in i.provisions}
        law_for: dict[str, list] = {}
        for p in provisions.values():
            for mapping in p.measures:
                law_for.setdefault(mapping.measure, []).append((p, mapping))
        instruments_of: dict[str, list[Instrument]] = {}
        for i in self.instruments:
            instruments_of.setdefault(i.jurisdiction, []).append(i)
        return {
            "jurisdictions": _by(self.jurisdictions, "id"),
            "instruments": _by(self.instruments, "id"),
            "provisions": provisions,
            "law_for": {key: tuple(value) for key, value in law_for.items()},
            "instruments_of": {key: tuple(value) for key, value in instruments_of.items()},
            "themes": _by(self.themes, "id"),
            "principles": _by(self.principles, "number"),
            "references": _by(self.references, "id"),
            "service_types": _by(self.service_types, "id"),
            "risks": _by(self.risks, "id"),
            "measures": _by(self.measures, "id"),
            "measures_for": {key: tuple(value) for key, value in measures_for.items()},
            # A service type's counts use its own tier; counts across service types, the measure's.
            "tier_counts": {
                key: {tier: sum(m.tier_for(key[1]) == tier for m in value) for tier in TIERS}
                for key, value in measures_for.items()
            },
            "no_tiers": dict.fromkeys(TIERS, 0),
            "not_applicable_for": {key: tuple(value) for key, value in not_applicable_for.items()},
            "not_applicable": not_applicable,
            "principles_of": {key: tuple(value) for key, value in principles_of.items()},
        }
