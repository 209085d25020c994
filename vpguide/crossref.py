"""Checks across records and files that a JSON Schema cannot express.

Each check is defensive: it looks only at values of the right type, so that a file with schema errors
still gets its other problems reported in the same run.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import Problem
from .yamlio import Document

# A measure id as it appears in text, for example "see P9-07".
MEASURE_ID = re.compile(r"\bP[0-9]{1,2}-[0-9]{2}\b")
# What in Markdown text is not prose: a link (its text and its address) and a code span.
_NOT_PROSE = re.compile(r"\[[^\]]*\]\([^)]*\)|`[^`]*`")


def in_prose(text: str, replace) -> str:
    """`text` with `replace(match)` applied to every measure id in its prose, not inside a link (its text
    or its address) or a code span, which must stay as written."""
    out, position = [], 0
    for skipped in _NOT_PROSE.finditer(text):
        out.append(MEASURE_ID.sub(replace, text[position : skipped.start()]))
        out.append(skipped.group(0))
        position = skipped.end()
    out.append(MEASURE_ID.sub(replace, text[position:]))
    return "".join(out)


def mentioned_ids(text: str) -> list[str]:
    """The measure ids that the prose of `text` mentions, in order."""
    found: list[str] = []
    in_prose(text, lambda match: found.append(match.group(0)) or match.group(0))
    return found


@dataclass(frozen=True)
class Item:
    """One record of a list in a document, with its place for error messages."""

    doc: Document
    section: str
    index: int
    data: dict

    def problem(self, *path, message: str, at_key: bool = False) -> Problem:
        return self.doc.problem((self.section, self.index, *path), message, at_key=at_key)

    def get(self, key: str, kind: type):
        value = self.data.get(key)
        return value if isinstance(value, kind) and not isinstance(value, bool) else None

    def get_list(self, key: str, kind: type) -> list[tuple[int, object]]:
        values = self.data.get(key)
        if not isinstance(values, list):
            return []
        return [(j, v) for j, v in enumerate(values) if isinstance(v, kind) and not isinstance(v, bool)]


def usable(doc: Document | None) -> bool:
    return doc is not None and doc.data is not None


class Ids(dict):
    """The ids a file defines. When the file itself could not be read, its problem is already reported
    and every id counts as known: guessing which references are wrong would only bury that problem."""

    def __init__(self, values: dict, doc: Document | None):
        super().__init__(values)
        self.complete = usable(doc)

    def __contains__(self, key) -> bool:
        return super().__contains__(key) or not self.complete


def items(doc: Document | None, section: str) -> list[Item]:
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get(section), list):
        return []
    return [Item(doc, section, i, d) for i, d in enumerate(doc.data[section]) if isinstance(d, dict)]


def unique(records: list[Item], key: str, kind: type, label: str, out: list[Problem]) -> dict:
    """Map each value of `key` to its first record; a second use of a value is a problem."""
    first: dict = {}
    for record in records:
        value = record.get(key, kind)
        if value is None:
            continue
        if value in first:
            was = first[value]
            where = f"{was.section}[{was.index}]" + ("" if was.doc is record.doc else f" in {was.doc.file}")
            out.append(
                record.problem(key, message=f"{label} {_show(value)} is used twice (first at {where})")
            )
        else:
            first[value] = record
    return first


def _show(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _unknown(kind: str, value, known) -> str:
    hint = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
    if hint:
        return f"unknown {kind} {_show(value)}: did you mean {hint[0]!r}?"
    return f"unknown {kind} {_show(value)}"


def cross_references(
    principles_doc: Document,
    references_doc: Document,
    services_doc: Document,
    measure_docs: list[Document],
    changelog_doc: Document,
) -> list[Problem]:
    out: list[Problem] = []
    themes = items(principles_doc, "themes")
    principles = items(principles_doc, "principles")
    theme_ids = Ids(unique(themes, "id", str, "theme id", out), principles_doc)
    numbers = Ids(unique(principles, "number", int, "principle number", out), principles_doc)
    out += _principles(principles_doc, themes, principles, theme_ids, numbers)

    reference_ids = Ids(
        unique(items(references_doc, "references"), "id", str, "reference id", out), references_doc
    )
    services = items(services_doc, "service_types")
    service_ids = Ids(unique(services, "id", str, "service type id", out), services_doc)
    risks = items(services_doc, "risks")
    risk_ids = Ids(unique(risks, "id", str, "risk id", out), services_doc)
    for risk in risks:
        for j, number in risk.get_list("principles", int):
            if number not in numbers:
                out.append(risk.problem("principles", j, message=f"unknown principle {number}"))
    for service in services:
        for j, rid in service.get_list("primary_risks", str):
            if rid not in risk_ids:
                out.append(
                    service.problem(
                        "primary_risks", j, message=f"risk {rid!r} is not described under `risks`"
                    )
                )
    measures = [m for doc in measure_docs for m in items(doc, "measures")]
    retired = [r for doc in measure_docs for r in items(doc, "retired")]
    # One id, one measure, for ever: a retired measure's id is never given to another.
    unique(measures + retired, "id", str, "measure id", out)
    retired_ids = {r.get("id", str): r for r in retired}
    out += _measures(measures, numbers, service_ids, reference_ids, retired_ids)
    out += _baseline_dependencies(measures)
    not_applicable = [n for doc in measure_docs for n in items(doc, "not_applicable")]
    if all(usable(doc) for doc in (principles_doc, services_doc, *measure_docs)):
        out += _coverage(measures, not_applicable, numbers, services, service_ids)
    versions = items(changelog_doc, "versions")
    out += _versions(versions)
    if usable(changelog_doc):
        out += _measure_versions(measures, retired, versions, numbers, service_ids)
    return out


def version_number(text) -> tuple[int, int, int] | None:
    """`1.2.3` -> (1, 2, 3); None for anything else."""
    if not isinstance(text, str) or text.count(".") != 2 or not text.replace(".", "").isdigit():
        return None
    major, minor, patch = (int(x) for x in text.split("."))
    return major, minor, patch


def _versions(versions: list[Item]) -> Iterator[Problem]:
    """Versions are listed newest first, each once."""
    previous = None
    for v in versions:
        number = version_number(v.get("version", str))
        if number is None:
            continue
        if previous is not None and number >= previous:
            yield v.problem(
                "version",
                message=f"version {v.get('version', str)} must be lower than the one above it (newest first)",
            )
        previous = number


# What each kind of change to a measure requires of the version it is listed in, compared with the version
# before it: retiring a measure breaks links and audits (major), a new measure adds work (minor), a
# rewording is a patch.
_BUMPS = {"retired": (1, "a major version (1.0.0 -> 2.0.0)"), "added": (2, "at least a minor version")}


def _measure_versions(measures, retired, versions, numbers, service_ids) -> Iterator[Problem]:
    """Every `added`, `changed` and `retired` names a version of the changelog, in order, and each version
    is at least the kind of release its changes need: the versioning rules of README, Maintaining."""
    listed = [v.get("version", str) for v in versions]
    known = {text: version_number(text) for text in listed if version_number(text)}
    previous = {
        listed[i]: listed[i + 1]
        for i in range(len(listed) - 1)
        if listed[i] in known and listed[i + 1] in known
    }
    stamped: list[tuple[Item, str, str]] = []  # (record, key, version)
    for record, later in [(m, "changed") for m in measures] + [(r, "retired") for r in retired]:
        for key in ("added", later):
            text = record.get(key, str)
            if text is not None:
                stamped.append((record, key, text))
        first, then = record.get("added", str), record.get(later, str)
        if version_number(first) and version_number(then) and version_number(then) <= version_number(first):
            yield record.problem(later, message=f"{later} in {then}, not after it was added in {first}")
    for r in retired:
        mid = r.get("id", str)
        prefix = int(mid[1:].split("-")[0]) if mid and mid.startswith("P") else None
        if prefix is not None and prefix not in numbers:
            yield r.problem("id", message=f"unknown principle {prefix} in the id of retired measure {mid}")
        for j, sid in r.get_list("service_types", str):
            if sid not in service_ids:
                yield r.problem("service_types", j, message=_unknown("service type", sid, service_ids))
    for record, key, text in stamped:
        if text not in known:
            yield record.problem(
                key, message=f"version {text} is not in data/changelog.yaml: add it there first"
            )
            continue
        if key not in _BUMPS or text not in previous:  # the first version follows nothing
            continue
        level, kind = _BUMPS[key]
        before = previous[text]
        if known[text][:level] <= known[before][:level]:
            yield record.problem(
                key,
                message=f"{key} in {text}, which follows {before}: a measure {key} there needs {kind}",
            )


def _principles(doc, themes, principles, theme_ids, numbers) -> Iterator[Problem]:
    used_themes = set()
    for p in principles:
        theme = p.get("theme", str)
        if theme is not None:
            used_themes.add(theme)
            if theme not in theme_ids:
                yield p.problem("theme", message=_unknown("theme", theme, theme_ids))
        for j, ref in p.get_list("related", int):
            if ref == p.get("number", int):
                yield p.problem("related", j, message="a principle cannot be related to itself")
            elif ref not in numbers:
                yield p.problem("related", j, message=f"unknown principle {ref}")
    for tid, theme in theme_ids.items():
        if tid not in used_themes:
            yield theme.problem("id", message=f"theme {tid!r} has no principles: give one `theme: {tid}`")
    note = doc.data.get("reporting_note") if doc is not None and isinstance(doc.data, dict) else None
    applies = note.get("applies_to") if isinstance(note, dict) else None
    for j, ref in enumerate(applies if isinstance(applies, list) else []):
        if isinstance(ref, int) and not isinstance(ref, bool) and ref not in numbers:
            yield doc.problem(("reporting_note", "applies_to", j), f"unknown principle {ref}")


def _measures(measures, numbers, service_ids, reference_ids, retired_ids) -> Iterator[Problem]:
    measure_ids = {m.get("id", str) for m in measures}
    for r in retired_ids.values():
        for j, replacement in r.get_list("replaced_by", str):
            if replacement == r.get("id", str):
                yield r.problem("replaced_by", j, message="a measure cannot replace itself")
            elif replacement in retired_ids:
                yield r.problem(
                    "replaced_by", j, message=f"{replacement} is retired too: name the measure in use now"
                )
            elif replacement not in measure_ids:
                yield r.problem("replaced_by", j, message=f"unknown measure {replacement}")
    for m in measures:
        listed = m.get_list("principles", int)
        for j, number in listed:
            if number not in numbers:
                yield m.problem("principles", j, message=f"unknown principle {number}")
        mid = m.get("id", str)
        if mid and listed and mid.startswith("P"):
            prefix = int(mid[1:].split("-")[0])
            if prefix != listed[0][1]:
                yield m.problem(
                    "id",
                    message=f"measure {mid} must list principle {prefix} first in `principles`",
                )
        types = m.get_list("service_types", str)
        for j, sid in types:
            if sid not in service_ids:
                yield m.problem("service_types", j, message=_unknown("service type", sid, service_ids))
        notes = m.data.get("service_notes")
        for sid in notes if isinstance(notes, dict) else {}:
            if sid not in {t for _, t in types}:
                yield m.problem(
                    "service_notes",
                    sid,
                    message=f"a note for {sid!r}, which is not in this measure's service_types",
                    at_key=True,
                )
        tiers = m.data.get("tier_by_service_type")
        for sid, tier in tiers.items() if isinstance(tiers, dict) else ():
            if sid not in {t for _, t in types}:
                yield m.problem(
                    "tier_by_service_type",
                    sid,
                    message=f"a tier for {sid!r}, which is not in this measure's service_types",
                    at_key=True,
                )
            elif tier == m.get("tier", str):
                yield m.problem(
                    "tier_by_service_type",
                    sid,
                    message=f"{tier!r} is the measure's tier already: leave it out",
                )
        for j, ref in m.get_list("references", str):
            if ref not in reference_ids:
                yield m.problem("references", j, message=_unknown("reference", ref, reference_ids))
        texts = [((field,), m.get(field, str)) for field in ("what", "why", "how")]
        texts += [
            (("service_notes", sid), note) for sid, note in (notes.items() if isinstance(notes, dict) else ())
        ]
        for path, text in texts:
            for mentioned in mentioned_ids(text if isinstance(text, str) else ""):
                if mentioned in retired_ids:
                    yield m.problem(
                        *path,
                        message=f"mentions measure {mentioned}, which is retired: mention what replaced it",
                    )
                elif mentioned not in measure_ids:
                    yield m.problem(*path, message=f"mentions measure {mentioned}, which does not exist")


# Where a measure's text breaks into sentences and list items; a list item's continuation lines are joined
# to it first.
_CONTINUATION = re.compile(r"\n[ \t]+(?![-*+][ \t]|\d+[.)][ \t])")
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+|\n")
# Words that make a mention an option, not something the measure relies on:
# "where you run P5-04", "see P3-05".
_CONDITIONAL = re.compile(r"\b(?:where|wherever|if|when|whether|see)\b", re.I)


def tier_of(measure: Item, service_type: str) -> str | None:
    tiers = measure.data.get("tier_by_service_type")
    own = tiers.get(service_type) if isinstance(tiers, dict) else None
    return own if isinstance(own, str) else measure.get("tier", str)


def _baseline_dependencies(measures: list[Item]) -> Iterator[Problem]:
    """A measure that is baseline for a service type may not rely on one that is enhanced for it: in its
    `what` and `how`, such a measure may be mentioned only as an option, in a sentence that says where, if or
    when it applies (or "see ...")."""
    by_id = {m.get("id", str): m for m in measures}
    for m in measures:
        types = [sid for _, sid in m.get_list("service_types", str)]
        for field in ("what", "how"):
            text = _CONTINUATION.sub(" ", m.get(field, str) or "")
            for sentence in _SENTENCE_END.split(text):
                if _CONDITIONAL.search(sentence):
                    continue
                for mentioned in dict.fromkeys(mentioned_ids(sentence)):
                    other = by_id.get(mentioned)
                    if other is None:
                        continue
                    shared = [
                        t for t in types if t in {sid for _, sid in other.get_list("service_types", str)}
                    ]
                    bad = [
                        t for t in shared if tier_of(m, t) == "baseline" and tier_of(other, t) == "enhanced"
                    ]
                    if bad:
                        yield m.problem(
                            field,
                            message=f"baseline for {', '.join(bad)} but relies on {mentioned}, "
                            f"which is enhanced there: make {mentioned} baseline for {bad[0]}, "
                            f'or say where it applies ("where you run {mentioned}")',
                        )


def _coverage(measures, not_applicable, numbers, services, service_ids) -> Iterator[Problem]:
    """Every principle x service type cell has a measure or an explicit, reasoned "not applicable"."""
    covered: set[tuple[int, str]] = set()
    for m in measures:
        for _, number in m.get_list("principles", int):
            for _, sid in m.get_list("service_types", str):
                covered.add((number, sid))
    marked: dict[tuple[int, str], Item] = {}
    for n in not_applicable:
        cell = (n.get("principle", int), n.get("service_type", str))
        if None in cell:
            continue
        if cell[0] not in numbers:
            yield n.problem("principle", message=f"unknown principle {cell[0]}")
        if cell[1] not in service_ids:
            yield n.problem("service_type", message=_unknown("service type", cell[1], service_ids))
        if cell in marked:
            yield n.problem(message=f"principle {cell[0]} x {cell[1]!r} is marked not applicable twice")
        elif cell in covered:
            yield n.problem(
                message=f"principle {cell[0]} x {cell[1]!r} is marked not applicable, yet measures cover it"
            )
        marked[cell] = n
    for service in services:
        sid = service.get("id", str)
        if sid is None or service_ids.get(sid) is not service:
            continue
        missing = [
            number
            for number in sorted(numbers)
            if (number, sid) not in covered and (number, sid) not in marked
        ]
        if missing:
            listed = ", ".join(str(n) for n in missing)
            subject = f"principles {listed} have" if len(missing) > 1 else f"principle {listed} has"
            yield service.problem(
                "id",
                message=f"{subject} no measure for {sid!r} and {'are' if len(missing) > 1 else 'is'} "
                "not marked not applicable",
            )


def support_references(
    references_doc: Document,
    jurisdictions_doc: Document,
    glossary_doc: Document,
    measure_docs: list[Document] = (),
) -> list[Problem]:
    """Jurisdictions and glossary terms: unique ids and codes, known references and measures."""
    out: list[Problem] = []
    reference_ids = Ids(
        unique(items(references_doc, "references"), "id", str, "reference id", []), references_doc
    )
    jurisdictions = items(jurisdictions_doc, "jurisdictions")
    unique(jurisdictions, "id", str, "jurisdiction id", out)
    unique(jurisdictions, "code", str, "jurisdiction code", out)
    for j in jurisdictions:
        for key in ("provider_routes", "public_routes", "legal_basis"):
            for k, entry in j.get_list(key, dict):
                ref = entry.get("reference")
                if isinstance(ref, str) and ref not in reference_ids:
                    out.append(
                        j.problem(key, k, "reference", message=_unknown("reference", ref, reference_ids))
                    )
    terms = items(glossary_doc, "terms")
    unique(terms, "id", str, "glossary id", out)
    unique(terms, "term", str, "glossary term", out)
    known = _measure_ids(measure_docs)
    for t in terms:
        ref = t.get("reference", str)
        if ref is not None and ref not in reference_ids:
            out.append(t.problem("reference", message=_unknown("reference", ref, reference_ids)))
        for k, mid in t.get_list("measures", str):
            out.extend(_measure_reference(t, ("measures", k), mid, known))
    return out


def _measure_ids(measure_docs: list[Document]) -> tuple[dict, set, bool]:
    """The measures in use (id -> record), the retired ids, and whether every measure file could be read."""
    in_use = {m.get("id", str): m for doc in measure_docs for m in items(doc, "measures") if m.get("id", str)}
    retired = {r.get("id", str) for doc in measure_docs for r in items(doc, "retired") if r.get("id", str)}
    return in_use, retired, all(usable(doc) for doc in measure_docs)


def _measure_reference(item: Item, path: tuple, mid: str, known: tuple[dict, set, bool]) -> Iterator[Problem]:
    """A reference to a measure that is retired, or unknown."""
    in_use, retired, complete = known
    if mid in retired and mid not in in_use:
        yield item.problem(*path, message=f"measure {mid!r} is retired: name the measures that replace it")
    elif mid not in in_use and complete:
        yield item.problem(*path, message=_unknown("measure", mid, in_use))


def law_references(
    obligations_doc: Document,
    jurisdictions_doc: Document,
    services_doc: Document,
    measure_docs: list[Document],
) -> list[Problem]:
    """The law and its crosswalk: unique instrument and provision ids, known jurisdictions, service types
    and measures (not retired ones), provider routes that name real provisions, nothing checked after the
    date the law is described as of."""
    out: list[Problem] = []
    jurisdiction_ids = Ids(
        unique(items(jurisdictions_doc, "jurisdictions"), "id", str, "jurisdiction id", []), jurisdictions_doc
    )
    service_ids = Ids(
        unique(items(services_doc, "service_types"), "id", str, "service type id", []), services_doc
    )
    known = _measure_ids(measure_docs)
    instruments = items(obligations_doc, "instruments")
    unique(instruments, "id", str, "instrument id", out)
    as_of = (
        obligations_doc.data.get("as_of")
        if usable(obligations_doc) and isinstance(obligations_doc.data, dict)
        else None
    )
    provision_ids: dict[str, tuple[Item, int]] = {}
    for instrument in instruments:
        jid = instrument.get("jurisdiction", str)
        if jid is not None and jid not in jurisdiction_ids:
            out.append(
                instrument.problem("jurisdiction", message=_unknown("jurisdiction", jid, jurisdiction_ids))
            )
        out.extend(_after(instrument, ("checked",), instrument.get("checked", str), as_of))
        for k, provision in instrument.get_list("provisions", dict):
            pid = provision.get("id")
            if isinstance(pid, str):
                if pid in provision_ids:
                    was, index = provision_ids[pid]
                    out.append(
                        instrument.problem(
                            "provisions",
                            k,
                            "id",
                            message=f"provision id {pid!r} is used twice (first in instrument "
                            f"{was.get('id', str)!r}, provisions[{index}])",
                        )
                    )
                else:
                    provision_ids[pid] = (instrument, k)
            checked = provision.get("checked")
            out.extend(_after(instrument, ("provisions", k, "checked"), checked, as_of))
            for s, sid in enumerate(provision.get("service_types") or ()):
                if isinstance(sid, str) and sid not in service_ids:
                    out.append(
                        instrument.problem(
                            "provisions",
                            k,
                            "service_types",
                            s,
                            message=_unknown("service type", sid, service_ids),
                        )
                    )
            seen: set[str] = set()
            for m, mapping in enumerate(provision.get("measures") or ()):
                mid = mapping.get("measure") if isinstance(mapping, dict) else None
                if not isinstance(mid, str):
                    continue
                where = ("provisions", k, "measures", m, "measure")
                if mid in seen:
                    out.append(
                        instrument.problem(*where, message=f"measure {mid!r} is mapped twice to {pid!r}")
                    )
                seen.add(mid)
                out.extend(_measure_reference(instrument, where, mid, known))
    known_provisions = Ids(provision_ids, obligations_doc)
    for j in items(jurisdictions_doc, "jurisdictions"):
        for k, route in j.get_list("provider_routes", dict):
            for n, pid in enumerate(route.get("provisions") or ()):
                if isinstance(pid, str) and pid not in known_provisions:
                    out.append(
                        j.problem(
                            "provider_routes",
                            k,
                            "provisions",
                            n,
                            message=_unknown("provision", pid, known_provisions),
                        )
                    )
    return out


def _after(item: Item, path: tuple, checked, as_of) -> Iterator[Problem]:
    """A `checked` date later than the date the law is described as of."""
    if isinstance(checked, str) and isinstance(as_of, str) and checked > as_of:
        yield item.problem(
            *path,
            message=f"checked {checked} is after as_of {as_of}: the law is described as of as_of, so move "
            "as_of forward once every entry has been checked",
        )
