"""Downloads: the dataset, the per-service checklists as JSON and CSV, and the crosswalk from the law to the
measures as JSON and CSV.

These files are a public contract that other tools read: fields are only ever added, never renamed or
removed without a major version. `schemas/dataset.schema.json` describes dataset.json and
`schemas/crosswalk.schema.json` crosswalk.json; each is published beside its file.
"""

from __future__ import annotations

import csv
import io
import json

from . import addresses as a
from .load import SCHEMA_DIR
from .model import Instrument, Measure, Model, Provision, RetiredMeasure

CSV_COLUMNS = (
    "id",
    "title",
    "tier",
    "principles",
    "themes",
    "what",
    "why",
    "how",
    "service_note",
    "evidence",
    "references",
    "permalink",
    "added",
    "changed",
    "guidance_version",
)


def _measure(model: Model, m: Measure) -> dict:
    return {
        "id": m.id,
        "title": m.title,
        "principles": list(m.principles),
        "themes": _themes_of(model, m),
        "service_types": list(m.service_types),
        "tier": m.tier,
        "tier_by_service_type": dict(m.tier_by_service_type),
        "what": m.what,
        "why": m.why,
        "how": m.how,
        "evidence": list(m.evidence),
        "references": list(m.references),
        "service_notes": dict(m.service_notes),
        "added": m.added,
        "changed": m.changed,
    }


def _retired(r: RetiredMeasure) -> dict:
    return {
        "id": r.id,
        "title": r.title,
        "principle": r.principle,
        "service_types": list(r.service_types),
        "added": r.added,
        "retired": r.retired,
        "reason": r.reason,
        "replaced_by": list(r.replaced_by),
    }


def _themes_of(model: Model, m: Measure) -> list[str]:
    return list(dict.fromkeys(model.principle(n).theme for n in m.principles))


def dataset(model: Model) -> dict:
    return {
        "$schema": "dataset.schema.json",
        "version": model.version,
        "title": f"{model.publication.title}: principles and implementation checklists",
        "principles": [
            {
                "number": p.number,
                "theme": p.theme,
                "title": p.title,
                "statement": p.statement,
                "context": p.context,
                "related": list(p.related),
                "reporting_note_applies": model.reporting_applies(p.number),
            }
            for p in model.principles
        ],
        "themes": [
            {"id": t.id, "title": t.title, "heading": t.heading, "summary": t.summary} for t in model.themes
        ],
        "service_types": [
            {
                "id": s.id,
                "name": s.name,
                "role": s.role,
                "primary_risks": list(s.primary_risks),
                "sees_content": s.sees_content,
                "can_see": s.can_see,
                "cannot_see": s.cannot_see,
            }
            for s in model.service_types
        ],
        "measures": [_measure(model, m) for m in model.measures],
        "retired_measures": [_retired(r) for r in model.retired],
        "versions": [
            {"version": v.version, "date": v.date, "changes": list(v.changes)} for v in model.versions
        ],
        "not_applicable": [
            {"principle": n.principle, "service_type": n.service_type, "reason": n.reason}
            for n in model.not_applicable
        ],
        "law": law(model),
        "references": [
            {
                "id": r.id,
                "name": r.name,
                "kind": r.kind,
                "publisher": r.publisher,
                "url": r.url,
                "checked": r.checked,
            }
            for r in model.references
        ],
    }


def _provision(p: Provision) -> dict:
    return {
        "id": p.id,
        "provision": p.provision,
        "title": p.title,
        "force": p.force,
        "status": p.status,
        "applies_from": p.applies_from,
        "service_types": list(p.service_types),
        "who": p.who,
        "requires": p.requires,
        "url": p.url,
        "checked": p.checked,
        "measures": [
            {"measure": m.measure, "relationship": m.relationship, "rationale": m.rationale}
            for m in p.measures
        ],
    }


def _instrument(i: Instrument) -> dict:
    return {
        "id": i.id,
        "jurisdiction": i.jurisdiction,
        "kind": i.kind,
        "title": i.title,
        "citation": i.citation,
        "publisher": i.publisher,
        "url": i.url,
        "status": i.status,
        "applies_from": i.applies_from,
        "summary": i.summary,
        "checked": i.checked,
        "provisions": [_provision(p) for p in i.provisions],
    }


def law(model: Model) -> dict:
    """The law as data/obligations.yaml describes it, as of its date."""
    return {"as_of": model.law_as_of, "instruments": [_instrument(i) for i in model.instruments]}


# The crosswalk's columns, after NIST's OLIR mappings: the provision is the focal element, the measure the
# reference element, and the relationship reads "the measure is <relationship> the provision".
CROSSWALK_COLUMNS = (
    "jurisdiction",
    "instrument_id",
    "instrument",
    "provision_id",
    "provision",
    "provision_title",
    "force",
    "status",
    "applies_from",
    "service_types",
    "provision_url",
    "checked",
    "measure_id",
    "measure_title",
    "relationship",
    "rationale",
    "measure_permalink",
    "law_as_of",
    "guidance_version",
)


def crosswalk(model: Model, site_url: str = "") -> dict:
    """One row per provision and measure that helps meet it; a provision no measure maps to has one row
    without a measure, so that every provision is there."""
    rows = []
    for instrument in model.instruments:
        for p in instrument.provisions:
            common = {
                "jurisdiction": p.jurisdiction,
                "instrument_id": instrument.id,
                "instrument": instrument.title,
                "provision_id": p.id,
                "provision": p.provision,
                "provision_title": p.title,
                "force": p.force,
                "status": p.status,
                "applies_from": p.applies_from,
                "service_types": list(p.service_types),
                "provision_url": p.url,
                "checked": p.checked,
            }
            unmapped = {"measure_id": None, "measure_title": None, "relationship": None, "rationale": None}
            for mapping in p.measures or (None,):
                if mapping is None:
                    rows.append({**common, **unmapped, "measure_permalink": None})
                    continue
                measure = model.measure(mapping.measure)
                rows.append(
                    {
                        **common,
                        "measure_id": measure.id,
                        "measure_title": measure.title,
                        "relationship": mapping.relationship,
                        "rationale": mapping.rationale,
                        "measure_permalink": a.measure_permalink(
                            site_url, measure.service_types[0], measure.id
                        ),
                    }
                )
    return {
        "$schema": "crosswalk.schema.json",
        "guidance_version": model.version,
        "law_as_of": model.law_as_of,
        "relationship_reads": "the measure is <relationship> the provision (NIST IR 8477)",
        "rows": rows,
    }


def crosswalk_json(model: Model, site_url: str = "") -> str:
    return _json(crosswalk(model, site_url))


def crosswalk_csv(model: Model, site_url: str = "") -> str:
    """The crosswalk's rows, `CROSSWALK_COLUMNS` in order; lists joined with "; ", no value left empty."""
    data = crosswalk(model, site_url)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CROSSWALK_COLUMNS)
    for row in data["rows"]:
        values = {**row, "law_as_of": data["law_as_of"], "guidance_version": data["guidance_version"]}
        cells = [
            "; ".join(v) if isinstance(v, list) else "" if v is None else v
            for v in map(values.get, CROSSWALK_COLUMNS)
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return out.getvalue()


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def dataset_json(model: Model) -> str:
    return _json(dataset(model))


def measure_ids_json(model: Model) -> str:
    """The ids an imported self-assessment may hold, and those it may hold from earlier versions."""
    return _json(
        {
            "version": model.version,
            "measures": [m.id for m in model.measures],
            "retired": {r.id: r.retired for r in model.retired},
        }
    )


def checklist(model: Model, service_type: str, site_url: str = "") -> dict:
    service = model.service_type(service_type)
    return {
        "version": model.version,
        "service_type": {"id": service.id, "name": service.name},
        "measures": [
            {
                **_measure(model, m),
                "tier": m.tier_for(service.id),  # this service type's
                "service_note": m.note_for(service.id),
                "permalink": a.measure_permalink(site_url, service.id, m.id),
            }
            for m in model.measures_for(service_type=service.id)
        ],
        "not_applicable": [
            {"principle": n.principle, "reason": n.reason}
            for n in model.not_applicable_for(service_type=service.id)
        ],
        "retired_measures": [_retired(r) for r in model.retired if service.id in r.service_types],
    }


def checklist_json(model: Model, service_type: str, site_url: str = "") -> str:
    return _json(checklist(model, service_type, site_url))


def checklist_csv(model: Model, service_type: str, site_url: str = "") -> str:
    """One row a measure, `id` first; lists are joined with "; ". Opens safely in any spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for m in model.measures_for(service_type=service_type):
        row = [
            m.id,
            m.title,
            m.tier_for(service_type),
            "; ".join(str(n) for n in m.principles),
            "; ".join(_themes_of(model, m)),
            m.what,
            m.why,
            m.how,
            m.note_for(service_type) or "",
            "; ".join(m.evidence),
            "; ".join(m.references),
            a.measure_permalink(site_url, service_type, m.id),
            m.added,
            m.changed or "",
            model.version,
        ]
        writer.writerow([spreadsheet_safe(value) for value in row])
    return out.getvalue()


def spreadsheet_safe(text: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: such a cell gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def downloads(model: Model, site_url: str = "") -> dict[str, str]:
    """The dataset, its schema, each checklist as JSON and CSV, and the self-assessment's list of ids, by
    their paths under the site root (the OSCAL catalog is vpguide/oscal.py's)."""
    files = {
        a.DATASET: dataset_json(model),
        a.DATASET_SCHEMA: (SCHEMA_DIR / "dataset.schema.json").read_text(encoding="utf-8"),
        a.MEASURE_IDS: measure_ids_json(model),
        a.CROSSWALK_CSV: crosswalk_csv(model, site_url),
        a.CROSSWALK_JSON: crosswalk_json(model, site_url),
        a.CROSSWALK_SCHEMA: (SCHEMA_DIR / "crosswalk.schema.json").read_text(encoding="utf-8"),
    }
    for service in model.service_types:
        files[a.checklist_download(service.id, "json")] = checklist_json(model, service.id, site_url)
        files[a.checklist_download(service.id, "csv")] = checklist_csv(model, service.id, site_url)
    return files
