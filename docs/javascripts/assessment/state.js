/**
 * What changes a self-assessment's state (format.js): named assessments (create, rename, switch, delete,
 * restore), a measure's entry (`setMeasure`), and the state as text to save (`serialize`, `sameContent`).
 * Loaded by a page with its first change.
 *
 * Pure: no DOM, no storage, no clock, no randomness. Every function that stamps a date takes `now`; every
 * function that makes an id takes `newId`. States are never changed in place: each transition returns a new
 * state (sharing what did not change).
 *
 * @module state
 */

import {
  ASSESSMENT_ID,
  DEFAULT_NAME,
  DETAILS,
  FIELDS,
  FORMAT,
  LIMITS,
  MEASURE_ID,
  NEEDS_REASON,
  STATUS_LABELS,
  VERSION,
  entryOf,
  isObject,
  own,
} from "./format.js";
import {
  after,
  describeProblem,
  isoNow,
  lastChanged,
  later,
  mostRecent,
  quoted,
  readEntry,
  sameField,
  sameValues,
} from "./read.js";


/* ---- States ---- */

/** A new assessment, created at `now`. */
export function newAssessment(details, now) {
  const iso = isoNow(now);
  return {
    name: details.name || DEFAULT_NAME,
    organisation: details.organisation || "",
    product: details.product || "",
    created: iso,
    updated: iso,
    details_updated: iso,
    measures: {},
  };
}

function checkDetails(details) {
  for (const name of DETAILS) {
    const value = details[name];
    if (value === undefined) continue;
    if (typeof value !== "string") return { field: name, error: "The " + name + " is not text." };
    if (value.length > LIMITS[name]) {
      return { field: name, error: "The " + name + " is longer than " + LIMITS[name] + " characters." };
    }
  }
  return null;
}

/** The state as text to save: its format, version, current assessment, assessments and tombstones. */
export function serialize(state) {
  return JSON.stringify({
    format: FORMAT,
    version: VERSION,
    current: state.current,
    assessments: state.assessments,
    deleted: state.deleted,
  });
}

/** JSON with every object's keys in sorted order: the same text for the same content. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
  if (isObject(value)) {
    return "{" + Object.keys(value).sort().map((key) => JSON.stringify(key) + ":" + canonicalJson(value[key])).join(",") + "}";
  }
  return JSON.stringify(value);
}

/** True when two states hold the same assessments and tombstones, whatever the order of their keys
    (`current` aside: each tab has its own). After merging what another tab saved, write only when the
    result is not `sameContent` as what was saved: two tabs then stop at once. */
export function sameContent(a, b) {
  return canonicalJson([a.assessments, a.deleted]) === canonicalJson([b.assessments, b.deleted]);
}

/* ---- Named assessments ---- */

function withAssessment(state, id, assessment) {
  return { ...state, assessments: { ...state.assessments, [id]: assessment } };
}

/**
 * Create an assessment and make it current.
 * @param {object} state
 * @param {{name?: string, organisation?: string, product?: string}} details
 * @param {{now: Date|number|string, newId: () => string}} options `newId` is called until it gives an
 *   unused valid id (at most 100 times): a counter or a random id made by the caller.
 * @returns {{state: object, id: string} | {error: string, field?: string}}
 */
export function createAssessment(state, details, { now, newId }) {
  const bad = checkDetails(details || {});
  if (bad) return bad;
  for (let i = 0; i < 100; i++) {
    const id = newId();
    if (typeof id !== "string" || !ASSESSMENT_ID.test(id)) continue;
    if (own(state.assessments, id) || own(state.deleted, id)) continue;
    const next = withAssessment(state, id, newAssessment(details || {}, now));
    next.current = id;
    return { state: next, id };
  }
  return { error: "No new assessment id could be made." };
}

/** The state with a current assessment: the current one, else the most recent, else a new one named
    `DEFAULT_NAME` (for the first measure marked in a browser). Same options as `createAssessment`. */
export function ensureCurrent(state, options) {
  if (state.current && own(state.assessments, state.current)) return { state, id: state.current };
  const recent = mostRecent(state.assessments);
  if (recent) return { state: { ...state, current: recent }, id: recent };
  return createAssessment(state, { name: DEFAULT_NAME }, options);
}

/** Change an assessment's name, organisation or product (the fields given). An empty name becomes
    `DEFAULT_NAME`. Returns {state} or {error, field}. */
export function renameAssessment(state, id, details, now) {
  const assessment = own(state.assessments, id);
  if (!assessment) return { error: "There is no assessment " + quoted(id) + "." };
  const bad = checkDetails(details);
  if (bad) return bad;
  const next = { ...assessment };
  for (const name of DETAILS) if (details[name] !== undefined) next[name] = details[name];
  if (!next.name) next.name = DEFAULT_NAME;
  if (DETAILS.every((name) => next[name] === assessment[name])) return { state };
  next.details_updated = after(now, assessment.details_updated);
  next.updated = later(after(now, assessment.updated), next.details_updated);
  return { state: withAssessment(state, id, next) };
}

/** Make another assessment current. Returns {state} or {error}. */
export function switchAssessment(state, id) {
  if (!own(state.assessments, id)) return { error: "There is no assessment " + quoted(id) + "." };
  return { state: { ...state, current: id } };
}

/** Delete an assessment: it leaves a tombstone dated `now`, so that another tab's copy of it goes too
    (unless changed after `now`: merge.js). The current one becomes the most recent of the others.
    Returns {state, undo: the deleted assessment} or {error}. */
export function deleteAssessment(state, id, now) {
  const assessment = own(state.assessments, id);
  if (!assessment) return { error: "There is no assessment " + quoted(id) + "." };
  const assessments = { ...state.assessments };
  delete assessments[id];
  const deleted = { ...state.deleted, [id]: after(now, lastChanged(assessment)) };
  const current = state.current === id ? mostRecent(assessments) : state.current;
  return { state: { ...state, current, assessments, deleted }, undo: assessment };
}

/** Undo a deletion: put `assessment` back as `id`, dated `now` so that it also wins over the tombstone in
    other tabs, and make it current. */
export function restoreAssessment(state, id, assessment, now) {
  const deleted = { ...state.deleted };
  const tombstone = own(deleted, id) || "";
  delete deleted[id];
  const restored = { ...assessment, updated: after(now, later(lastChanged(assessment), tombstone)) };
  return { state: { ...withAssessment(state, id, restored), deleted, current: id } };
}

/* ---- Measures ---- */

/**
 * Change some fields of a measure's entry in an assessment, stamped `now`: `updated`, and in `times`
 * the fields whose value changed. Changes are checked as on reading; in addition a status that
 * needs a reason (not applicable, not adopted) cannot be saved without one: set status and reason in
 * one call. Nothing changes when the values are the same.
 *
 * @param {object} state
 * @param {string} assessmentId
 * @param {string} measureId
 * @param {{status?, note?, owner?, due?, evidence?, reason?}} changes
 * @param {Date|number|string} now
 * @returns {{state: object, entry: object, changed: boolean} | {error: string, field: string}}
 */
export function setMeasure(state, assessmentId, measureId, changes, now) {
  const assessment = own(state.assessments, assessmentId);
  if (!assessment) return { error: "There is no assessment " + quoted(assessmentId) + ".", field: "" };
  if (!MEASURE_ID.test(measureId)) return { error: quoted(measureId) + " is not a measure id.", field: "" };
  const previous = entryOf(assessment, measureId);
  const merged = { ...previous };
  for (const name of FIELDS) if (own(changes, name) !== undefined) merged[name] = changes[name];
  delete merged.times; // checked apart: the new values only
  delete merged.updated;
  const read = readEntry(merged, measureId);
  if (read.problems.length) {
    const p = read.problems[0];
    return { error: describeProblem(p), field: p.field };
  }
  const entry = { ...read.entry, times: { ...previous.times } };
  // Choosing such a status, or changing its reason, needs one; a note can still be edited on an entry
  // from version 1, which asked for no reason.
  const touched = !sameField("status", entry, previous) || !sameField("reason", entry, previous);
  if (NEEDS_REASON.includes(entry.status) && !entry.reason.trim() && touched) {
    return { error: STATUS_LABELS[entry.status] + " needs a reason.", field: "reason" };
  }
  if (sameValues(entry, previous)) {
    return { state, entry: previous, changed: false };
  }
  entry.updated = after(now, previous.updated);
  for (const name of FIELDS) if (!sameField(name, entry, previous)) entry.times[name] = entry.updated;
  const next = {
    ...assessment,
    updated: later(after(now, assessment.updated), entry.updated),
    measures: { ...assessment.measures, [measureId]: entry },
  };
  return { state: withAssessment(state, assessmentId, next), entry, changed: true };
}
