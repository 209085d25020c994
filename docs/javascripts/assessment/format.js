/**
 * The self-assessment's storage format, version 2 (README.md, "Self-assessment"): constants, entries and
 * the basics of a state. Reading and checking is read.js, changing a state is state.js: a checklist opened
 * in a browser that has saved nothing needs neither. Pure: no DOM, no storage, no clock, no randomness.
 *
 * @module format
 */

export const FORMAT = "vp-self-assessment";
export const VERSION = 2;
/** Version 2's own key: a tab still running version 1 would write over a version 2 value in its key. */
export const STORAGE_KEY = "vp-self-assessment-v2";
/** Version 1's key: read to migrate, never written by version 2. */
export const STORAGE_KEY_V1 = "vp-self-assessment";
/** Where the UI keeps a copy of a saved value that `parseStored` could not read, before saving over it. */
export const UNREADABLE_KEY = "vp-self-assessment-v2-unreadable";
/** The assessment migrated from version 1: the same id in every tab, so that migrations merge. */
export const V1_ASSESSMENT_ID = "v1";
export const DEFAULT_NAME = "My assessment";

export const STATUSES = Object.freeze(["not-started", "in-progress", "done", "not-applicable", "not-adopted"]);
export const V1_STATUSES = Object.freeze(["not-started", "in-progress", "done", "not-applicable"]);
export const STATUS_LABELS = Object.freeze({
  "not-started": "Not started",
  "in-progress": "In progress",
  done: "Done",
  "not-applicable": "Not applicable",
  "not-adopted": "Considered, not adopted",
});
export const DEFAULT_STATUS = "not-started";
/** Statuses that settle a measure (counted as settled in progress, never overdue). */
export const SETTLED = Object.freeze(["done", "not-applicable", "not-adopted"]);
/** Statuses that need a reason. */
export const NEEDS_REASON = Object.freeze(["not-applicable", "not-adopted"]);
/** A measure's fields that hold what the visitor wrote (not its dates). */
export const FIELDS = Object.freeze(["status", "note", "owner", "due", "evidence", "reason"]);

export const LIMITS = Object.freeze({
  note: 5000,
  reason: 5000,
  owner: 200,
  name: 200,
  organisation: 200,
  product: 200,
  evidence: 20, // links per measure
  link: 2000, // characters per link
});
/** Larger files are refused before reading (the UI checks `File.size`). */
export const MAX_IMPORT_BYTES = 1024 * 1024;

/** P, a principle number 1 to 99, a hyphen, two digits. */
export const MEASURE_ID = /^P([1-9][0-9]?)-([0-9]{2})$/;
/** Letters, digits and hyphens, starting with a letter or digit (so never "__proto__"). */
export const ASSESSMENT_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** An assessment's details, which people write. */
export const DETAILS = Object.freeze(["name", "organisation", "product"]);

/* ---- Small helpers ---- */

/** A plain object (not null, not an array). */
export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `object[key]` when it is the object's own property, else undefined (so "constructor" is not found). */
export function own(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** True for one of `STATUSES`. */
export function isStatus(value) {
  return typeof value === "string" && STATUSES.includes(value);
}

/** True when `status` settles a measure (done, not applicable, not adopted). */
export function isSettled(status) {
  return SETTLED.includes(status);
}

/* ---- Entries ---- */

/** A measure's entry with nothing set: not started, no note, no dates. */
export function emptyEntry() {
  return { status: DEFAULT_STATUS, note: "", owner: "", due: "", evidence: [], reason: "", updated: "", times: {} };
}

/** True when the field `name` of an entry holds something: a status other than not started, a
    non-empty text, a non-empty list. */
export function isSet(name, value) {
  if (name === "status") return value !== DEFAULT_STATUS;
  if (name === "evidence") return Array.isArray(value) && value.length > 0;
  return typeof value === "string" && value !== "";
}

/** True when an entry carries anything the visitor wrote. */
export function hasInfo(entry) {
  return Boolean(entry) && FIELDS.some((name) => isSet(name, entry[name]));
}

/** The entry of measure `id` in `assessment`, or an empty one. */
export function entryOf(assessment, id) {
  return (assessment && own(assessment.measures, id)) || emptyEntry();
}

/* ---- States ---- */

/** A state with no assessment. */
export function emptyState() {
  return { format: FORMAT, version: VERSION, current: "", assessments: {}, deleted: {} };
}
