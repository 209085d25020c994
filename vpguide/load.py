"""data/*.yaml -> a validated `Model`, or a `DataError` listing every problem with its file and line.

Three layers of checks, all run before anything is reported:
1. strict YAML (`yamlio`): syntax, duplicate keys, aliases, tags;
2. the JSON Schema in schemas/ (the same one editors use through the `$schema` modeline): unknown or
   misspelt keys, missing or empty text, wrong types, malformed ids, dates and addresses, lengths, and what
   each text may hold, named by its `format` and checked by `textrules` (plain text, the site's Markdown
   dialect, https addresses); no string anywhere may hold invisible control characters;
3. the checks a schema cannot express: cross-references (unique ids and numbers, known themes and
   principles, measures mentioned in text).
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import jsonschema

from . import textrules
from .crossref import cross_references, law_references, support_references
from .errors import DataError, Problem
from .model import (
    Instrument,
    Introduction,
    Jurisdiction,
    LegalBasis,
    Link,
    Mapping,
    Measure,
    Model,
    NotApplicable,
    Principle,
    Provision,
    Publication,
    Reference,
    ReportingNote,
    RetiredMeasure,
    Risk,
    Route,
    ServiceType,
    Source,
    Term,
    Theme,
    Version,
)
from .yamlio import Document, read_yaml

PRINCIPLES_FILE = "principles.yaml"
REFERENCES_FILE = "references.yaml"
SERVICE_TYPES_FILE = "service_types.yaml"
CHANGELOG_FILE = "changelog.yaml"
JURISDICTIONS_FILE = "jurisdictions.yaml"
GLOSSARY_FILE = "glossary.yaml"
OBLIGATIONS_FILE = "obligations.yaml"
# Each data file and the schema that describes it; every *.yaml in measures/ follows MEASURES_SCHEMA.
DATA_FILES = {
    PRINCIPLES_FILE: "principles.schema.json",
    REFERENCES_FILE: "references.schema.json",
    SERVICE_TYPES_FILE: "service_types.schema.json",
    CHANGELOG_FILE: "changelog.schema.json",
    JURISDICTIONS_FILE: "jurisdictions.schema.json",
    GLOSSARY_FILE: "glossary.schema.json",
    OBLIGATIONS_FILE: "obligations.schema.json",
}
MEASURES_DIR = "measures"
MEASURES_SCHEMA = "measures.schema.json"
# The schemas live beside the package in the repository, where the data files' `$schema` lines point.
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

# A data file larger than this is refused before it is parsed: the real files are under 100 KB.
MAX_FILE_BYTES = 1_000_000
FORMAT_CHECKER = jsonschema.FormatChecker(formats=())
for _name, _check in textrules.FORMATS.items():

    def _checker(value, _check=_check) -> bool:
        problems = _check(value) if isinstance(value, str) else []
        if problems:
            raise ValueError("\n".join(problems))
        return True

    FORMAT_CHECKER.checks(_name, raises=ValueError)(_checker)


def load_model(data_dir: Path, *, project_dir: Path | None = None, schema_dir: Path = SCHEMA_DIR) -> Model:
    """Read, validate and convert everything in `data_dir`. Raises `DataError` with every problem.

    File names in problems are relative to `project_dir` (by default the parent of `data_dir`).
    """
    data_dir = Path(data_dir)
    project_dir = Path(project_dir) if project_dir else data_dir.parent
    docs = {
        name: read_document(data_dir / name, data_dir, project_dir, schema_dir / schema)
        for name, schema in DATA_FILES.items()
    }
    measure_files = sorted((data_dir / MEASURES_DIR).glob("*.yaml"))
    measure_docs = [
        read_document(p, data_dir, project_dir, schema_dir / MEASURES_SCHEMA) for p in measure_files
    ]
    problems = [p for doc in (*docs.values(), *measure_docs) for p in doc.problems]
    if not measure_files:
        where = _display(data_dir / MEASURES_DIR, project_dir)
        problems.append(Problem(where, 1, 1, "(folder)", "no measure files (*.yaml) found"))
    problems += cross_references(
        docs[PRINCIPLES_FILE],
        docs[REFERENCES_FILE],
        docs[SERVICE_TYPES_FILE],
        measure_docs,
        docs[CHANGELOG_FILE],
    )
    problems += support_references(
        docs[REFERENCES_FILE], docs[JURISDICTIONS_FILE], docs[GLOSSARY_FILE], measure_docs
    )
    problems += law_references(
        docs[OBLIGATIONS_FILE], docs[JURISDICTIONS_FILE], docs[SERVICE_TYPES_FILE], measure_docs
    )
    if problems:
        raise DataError(problems)
    return _build_model(docs, measure_docs)


def validate(data_dir: Path, **kwargs) -> list[Problem]:
    """Every problem in the data, or an empty list."""
    try:
        load_model(data_dir, **kwargs)
    except DataError as err:
        return err.problems
    return []


def _display(path: Path, project_dir: Path) -> str:
    try:
        return path.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


def read_document(path: Path, data_dir: Path, project_dir: Path, schema_path: Path) -> Document:
    """Read one data file and run the checks that need only this file; problems are in `Document.problems`."""
    name = _display(path, project_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Document(name, problems=[Problem(name, 1, 1, "(document)", "file not found")])
    except UnicodeDecodeError as err:
        return Document(name, problems=[Problem(name, 1, 1, "(document)", f"not UTF-8 text: {err.reason}")])
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return Document(
            name,
            problems=[Problem(name, 1, 1, "(document)", f"larger than {MAX_FILE_BYTES:,} bytes: split it")],
        )
    doc = read_yaml(text, name)
    if doc.problems:
        doc.data = None  # a file that does not parse cleanly gives no trustworthy positions for more checks
        return doc
    depth = len(path.relative_to(data_dir).parts)
    modeline = f"# yaml-language-server: $schema={'../' * depth}schemas/{schema_path.name}"
    if modeline not in text.splitlines()[:3]:
        doc.problems.append(
            Problem(name, 1, 1, "(document)", f"the first line must be `{modeline}` so that editors validate")
        )
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    doc.problems.extend(_schema_problems(doc, schema))
    doc.problems.extend(_text_problems(doc, doc.data, ()))
    if not isinstance(doc.data, dict):
        doc.data = None
    return doc


# --- JSON Schema ---------------------------------------------------------------------------------------


def _schema_problems(doc: Document, schema: dict) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    problems = []
    for error in validator.iter_errors(doc.data):
        path = tuple(error.absolute_path)
        problems.extend(_explain(doc, path, error))
    return problems


def _explain(doc: Document, path: tuple, error: jsonschema.ValidationError) -> list[Problem]:
    value, kind, schema = error.instance, error.validator, error.schema
    if kind == "additionalProperties" and isinstance(value, dict):
        known = sorted(error.schema.get("properties", {}))
        out = []
        for key in sorted(set(value) - set(known)):
            hint = difflib.get_close_matches(str(key), known, n=1)
            suggestion = f"did you mean {hint[0]!r}?" if hint else f"expected one of: {', '.join(known)}"
            out.append(doc.problem((*path, key), f"unknown key {key!r}: {suggestion}", at_key=True))
        return out
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [doc.problem(path, f"missing required key {missing!r}")]
    if kind == "type":
        expected = error.validator_value
        return [doc.problem(path, f"expected {_type_name(expected)}, got {_describe(value)}")]
    if kind in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        return [doc.problem(path, "must not be empty")]
    if kind in ("minItems",) and value == []:
        return [doc.problem(path, "must not be an empty list")]
    if kind == "uniqueItems":
        return [doc.problem(path, "contains the same item twice")]
    if kind == "format" and isinstance(error.cause, ValueError):
        return [doc.problem(path, message) for message in str(error.cause).split("\n")]
    if kind == "maxLength" and isinstance(value, str):
        return [
            doc.problem(path, f"is {len(value):,} characters long; at most {error.validator_value:,} here")
        ]
    description = schema.get("description")
    if kind in ("pattern", "maxLength") and description:
        return [doc.problem(path, f"{_describe(value)} is not valid here: {description}")]
    return [doc.problem(path, error.message)]


def _type_name(expected) -> str:
    names = {"string": "text", "integer": "a whole number", "array": "a list", "object": "a mapping of keys"}
    if isinstance(expected, list):
        return " or ".join(names.get(e, e) for e in expected)
    return names.get(expected, expected)


def _describe(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return type(value).__name__


# --- Text safety ---------------------------------------------------------------------------------------


def _text_problems(doc: Document, value, path: tuple) -> list[Problem]:
    """Every string, whatever its schema says: no control or invisible formatting characters (the schema's
    formats, vpguide/textrules.py, check what each kind of text may hold)."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _text_problems(doc, item, (*path, key))]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _text_problems(doc, item, (*path, i))]
    if not isinstance(value, str):
        return []
    return [doc.problem(path, message) for message in textrules.invisible_problems(value)]


# --- Conversion ----------------------------------------------------------------------------------------


def _build_model(docs: dict[str, Document], measure_docs: list[Document]) -> Model:
    data = docs[PRINCIPLES_FILE].data
    pub = data["publication"]
    promoted = pub.get("promoted_by")
    intro = data["introduction"]
    note = data["reporting_note"]
    measures = [
        Measure(
            **{
                **m,
                "principles": tuple(m["principles"]),
                "service_types": tuple(m["service_types"]),
                "evidence": tuple(m["evidence"]),
                "references": tuple(m.get("references", ())),
                "service_notes": tuple(m.get("service_notes", {}).items()),
                "tier_by_service_type": tuple(m.get("tier_by_service_type", {}).items()),
            },
            data_file=doc.file,
        )
        for doc in measure_docs
        for m in doc.data["measures"]
    ]
    return Model(
        publication=Publication(
            title=pub["title"],
            short_title=pub["short_title"],
            date=pub["date"],
            launched=pub["launched"],
            launched_at=pub.get("launched_at"),
            launched_by=pub.get("launched_by"),
            governments=tuple(pub["governments"]),
            promoted_by=Link(**promoted) if promoted else None,
            sources=tuple(Source(**s) for s in pub["sources"]),
            attribution=pub["attribution"],
        ),
        introduction=Introduction(
            heading=intro["heading"],
            paragraphs=tuple(intro["paragraphs"]),
            examples_lead=intro["examples"]["lead"],
            examples=tuple(intro["examples"]["items"]),
            closing=tuple(intro["closing"]),
        ),
        themes=tuple(Theme(**t) for t in data["themes"]),
        principles=tuple(
            sorted(
                (Principle(**{**p, "related": tuple(p.get("related", ()))}) for p in data["principles"]),
                key=lambda p: p.number,
            )
        ),
        reporting_note=ReportingNote(
            heading=note["heading"], text=note["text"], applies_to=tuple(note["applies_to"])
        ),
        data_files=tuple(doc.file for doc in (*docs.values(), *measure_docs)),
        references=tuple(Reference(**r) for r in docs[REFERENCES_FILE].data["references"]),
        risks=tuple(
            Risk(**{**r, "principles": tuple(r["principles"])})
            for r in docs[SERVICE_TYPES_FILE].data["risks"]
        ),
        service_types=tuple(
            ServiceType(**{**t, "primary_risks": tuple(t["primary_risks"])})
            for t in docs[SERVICE_TYPES_FILE].data["service_types"]
        ),
        measures=tuple(sorted(measures, key=lambda m: (m.principles[0], m.id))),
        versions=tuple(
            Version(v["version"], v["date"], tuple(v["changes"]))
            for v in docs[CHANGELOG_FILE].data["versions"]
        ),
        jurisdictions=tuple(
            Jurisdiction(
                id=j["id"],
                code=j["code"],
                name=j["name"],
                summary=j["summary"],
                provider_routes=tuple(
                    Route(**{**r, "provisions": tuple(r.get("provisions", ()))})
                    for r in j.get("provider_routes", ())
                ),
                public_routes=tuple(Route(**r) for r in j["public_routes"]),
                legal_basis=tuple(LegalBasis(**b) for b in j.get("legal_basis", ())),
                provider_notes=j["provider_notes"],
                checked=j["checked"],
            )
            for j in docs[JURISDICTIONS_FILE].data["jurisdictions"]
        ),
        glossary=tuple(
            Term(**{**t, "synonyms": tuple(t.get("synonyms", ())), "measures": tuple(t.get("measures", ()))})
            for t in docs[GLOSSARY_FILE].data["terms"]
        ),
        instruments=tuple(_instrument(i) for i in docs[OBLIGATIONS_FILE].data["instruments"]),
        law_as_of=docs[OBLIGATIONS_FILE].data["as_of"],
        retired=tuple(
            sorted(
                (
                    RetiredMeasure(
                        **{
                            **r,
                            "service_types": tuple(r["service_types"]),
                            "replaced_by": tuple(r.get("replaced_by", ())),
                        },
                        data_file=doc.file,
                    )
                    for doc in measure_docs
                    for r in doc.data.get("retired", ())
                ),
                key=lambda r: (r.principle, r.id),
            )
        ),
        not_applicable=tuple(
            NotApplicable(**n, data_file=doc.file)
            for doc in measure_docs
            for n in doc.data.get("not_applicable", ())
        ),
    )


def _instrument(data: dict) -> Instrument:
    provisions = tuple(
        Provision(
            **{
                **p,
                "service_types": tuple(p["service_types"]),
                "measures": tuple(Mapping(**m) for m in p["measures"]),
            },
            instrument=data["id"],
            jurisdiction=data["jurisdiction"],
        )
        for p in data.get("provisions", ())
    )
    return Instrument(**{**data, "provisions": provisions})
