"""Downloads: the dataset and the per-service checklists as JSON and CSV.

These files are a public contract that other tools read: fields are only ever added, never renamed or
removed without a major version. `schemas/dataset.schema.json` describes dataset.json and is published
beside it.
"""

from __future__ import annotations

import csv
import io
import json

from . import addresses as a
from .load import SCHEMA_DIR
from .model import Measure, Model, RetiredMeasure

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
            m.tier,
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
    }
    for service in model.service_types:
        files[a.checklist_download(service.id, "json")] = checklist_json(model, service.id, site_url)
        files[a.checklist_download(service.id, "csv")] = checklist_csv(model, service.id, site_url)
    return files
