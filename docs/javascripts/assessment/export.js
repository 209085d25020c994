/**
 * Exports: the assessment as JSON (version 2, which `merge.readImport` reads back) and reports as CSV
 * that spreadsheets open with the right characters (UTF-8 with a byte order mark) and never run as
 * formulas.
 *
 * @module export
 */

import { FIELDS, FORMAT, VERSION, entryOf, hasInfo, own } from "./format.js";
import { compareIds, isoNow } from "./read.js";


/** The columns of the CSV report, in order. */
export const REPORT_COLUMNS = Object.freeze([
  "id",
  "title",
  "principle",
  "tier",
  "status",
  "owner",
  "due",
  "evidence",
  "note",
  "reason",
  "updated",
]);

/**
 * The export as a value: `format`, `version` 2, `dataset_version`, `exported` (`now`), `scope` (a
 * service type id, or "combined:<ids>"), `assessment` ({name, organisation, product}) and `measures`:
 * only those that carry information, each with every field, its `updated` and `times` (when each field
 * changed: an import weighs field by field with them)
 * ({id, title, status, note, owner, due, evidence, reason, updated, times}).
 *
 * @param {object} assessment
 * @param {{measures?: {id: string, title?: string}[], scope: string, datasetVersion: string,
 *   now: Date|number|string}} options `measures`: the page's, in page order (only those are exported,
 *   with their titles); without it every measure with information, in id order, untitled.
 * @returns {object}
 */
export function exportData(assessment, { measures, scope, datasetVersion, now }) {
  const seen = new Set();
  const list = measures
    ? measures.filter((m) => !seen.has(m.id) && seen.add(m.id))
    : Object.keys(assessment.measures).sort(compareIds).map((id) => ({ id, title: "" }));
  const items = [];
  for (const m of list) {
    const entry = own(assessment.measures, m.id);
    if (!hasInfo(entry)) continue;
    const item = { id: m.id, title: m.title || "" };
    for (const name of FIELDS) item[name] = name === "evidence" ? [...entry.evidence] : entry[name];
    item.updated = entry.updated;
    item.times = { ...entry.times };
    items.push(item);
  }
  return {
    format: FORMAT,
    version: VERSION,
    dataset_version: datasetVersion || "",
    exported: isoNow(now),
    scope: scope || "",
    assessment: { name: assessment.name, organisation: assessment.organisation, product: assessment.product },
    measures: items,
  };
}

/** `exportData` as the text of a file: indented JSON and a final line break. */
export function exportJson(assessment, options) {
  return JSON.stringify(exportData(assessment, options), null, 2) + "\n";
}

/** A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return before them) as a
    formula: such a cell gets a leading apostrophe, as the site's own CSV downloads do. */
export function spreadsheetSafe(text) {
  return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
}

/** One cell: a list joined with spaces, null and undefined as "", made formula-safe, then quoted as
    RFC 4180 says when it holds a comma, a quote or a line break. */
export function csvCell(value) {
  let text;
  if (value === undefined || value === null) text = "";
  else if (Array.isArray(value)) text = value.join(" ");
  else text = String(value);
  const safe = spreadsheetSafe(text);
  return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
}

/**
 * CSV of `rows` (objects) with `columns` (their keys, also the header): a UTF-8 byte order mark first
 * (Excel on Windows otherwise reads the file in the local code page), CRLF after every line, RFC 4180
 * quoting, formula-like cells neutralised.
 * @param {object[]} rows
 * @param {readonly string[]} columns
 * @returns {string}
 */
export function toCsv(rows, columns) {
  const lines = [columns.map(csvCell).join(",")];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column])).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

/**
 * The report's rows: every measure on the page, in page order, with what the assessment says of it
 * (not-started ones too).
 * @param {{id: string, title: string, principle: number, tier: string}[]} measures
 * @param {object} assessment
 * @returns {object[]} rows with `REPORT_COLUMNS`
 */
export function reportRows(measures, assessment) {
  return measures.map((m) => {
    const entry = entryOf(assessment, m.id);
    return {
      id: m.id,
      title: m.title,
      principle: m.principle,
      tier: m.tier,
      status: entry.status,
      owner: entry.owner,
      due: entry.due,
      evidence: entry.evidence,
      note: entry.note,
      reason: entry.reason,
      updated: entry.updated,
    };
  });
}

/** The report as CSV (`toCsv` of `reportRows` with `REPORT_COLUMNS`). */
export function reportCsv(measures, assessment) {
  return toCsv(reportRows(measures, assessment), REPORT_COLUMNS);
}

/** A file name: "vp-self-assessment-<scope>-<day>.<extension>", the scope reduced to letters, digits and
    hyphens ("combined:a,b" gives "combined-a-b"). `day`: the visitor's local date, YYYY-MM-DD. */
export function fileName(scope, day, extension) {
  const safe = String(scope || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return ["vp-self-assessment", safe, day].filter(Boolean).join("-") + "." + extension;
}
