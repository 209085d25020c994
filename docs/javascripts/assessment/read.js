/**
 * Reading what is saved (`parseStored`: version 2 checked, version 1 migrated) and checking an entry
 * (`readEntry`, which imports and changes use too). Loaded by a page only when something is saved.
 *
 * Pure: no DOM, no storage, no clock. Never throws on bad data: a bad field is left out and reported.
 *
 * @module read
 */

import {
  ASSESSMENT_ID,
  DEFAULT_NAME,
  DETAILS,
  FIELDS,
  FORMAT,
  LIMITS,
  MEASURE_ID,
  STATUSES,
  V1_ASSESSMENT_ID,
  V1_STATUSES,
  VERSION,
  emptyEntry,
  emptyState,
  isObject,
  isSet,
  own,
} from "./format.js";


const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/* ---- Dates, links, entries and states ---- */

/** A date and time as canonical ISO 8601 in UTC (`2026-01-02T03:04:05.000Z`), which sorts as text;
    "" when `value` is not an ISO 8601 date and time with a time zone. */
export function toIso(value) {
  if (typeof value !== "string" || !ISO_DATE_TIME.test(value)) return "";
  if (CANONICAL.test(value)) return Number.isNaN(Date.parse(value)) ? "" : value;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return "";
  const iso = new Date(time).toISOString();
  return CANONICAL.test(iso) ? iso : "";
}

/** `now` (Date, milliseconds or ISO string) as a canonical ISO string; throws a TypeError when it is
    not a date: a missing `now` is a mistake in the calling code, not in the data. */
export function isoNow(now) {
  let iso = "";
  if (now instanceof Date || typeof now === "number") {
    const time = new Date(now).getTime();
    if (!Number.isNaN(time)) iso = new Date(time).toISOString();
  } else {
    iso = toIso(now);
  }
  if (!CANONICAL.test(iso)) throw new TypeError("`now` must be a date, got " + String(now));
  return iso;
}

/** The later of two canonical ISO strings ("" counts as earliest). */
export function later(a, b) {
  return a >= b ? a : b;
}

/** `now`, or one millisecond after `previous` when the clock says otherwise (it was set back): a
    change is always dated after what it changed, which merging relies on. */
export function after(now, previous) {
  const iso = isoNow(now);
  if (!previous || iso > previous) return iso;
  return new Date(Date.parse(previous) + 1).toISOString();
}

/** True for "YYYY-MM-DD" naming a real day. */
export function isDay(value) {
  const match = typeof value === "string" && DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Order of measure ids by principle then number (P2-01 before P10-01); others last, as text. */
export function compareIds(a, b) {
  const x = MEASURE_ID.exec(a);
  const y = MEASURE_ID.exec(b);
  if (x && y) return Number(x[1]) - Number(y[1]) || Number(x[2]) - Number(y[2]);
  if (x || y) return x ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Why `text` is not an acceptable evidence link, or "" when it is: https only (so never javascript:,
    data: or file:), parsed by URL, a host, no user name or password, no spaces or control characters,
    at most `LIMITS.link` characters. */
export function linkProblem(text) {
  if (typeof text !== "string") return "is not text";
  if (text.length > LIMITS.link) return "is longer than " + LIMITS.link + " characters";
  // The URL parser would quietly drop spaces, tabs and line breaks: refuse them instead.
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return "contains spaces or control characters";
  if (!/^https:\/\//i.test(text)) return "does not start with https://";
  let url;
  try {
    url = new URL(text);
  } catch {
    return "is not a web address";
  }
  if (url.protocol !== "https:" || !url.hostname) return "is not an https address";
  if (url.username || url.password) return "contains a user name or password";
  return "";
}

/** When field `name` of `entry` last changed ("" when never, or unknown). */
export function fieldTime(entry, name) {
  return own(entry.times, name) || "";
}

/** True when two entries hold the same fields and the same dates. */
export function sameEntry(a, b) {
  return a.updated === b.updated && sameValues(a, b) && FIELDS.every((name) => fieldTime(a, name) === fieldTime(b, name));
}

/** True when field `name` holds the same value in two entries. */
export function sameField(name, a, b) {
  if (name !== "evidence") return a[name] === b[name];
  return a.evidence.length === b.evidence.length && a.evidence.every((link, i) => link === b.evidence[i]);
}

/** True when two entries hold the same fields (dates not compared). */
export function sameValues(a, b) {
  return FIELDS.every((name) => sameField(name, a, b));
}

/** A value from a file, short and quoted, for a message. */
export function quoted(value) {
  let text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) text = String(value);
  return "\u201c" + (text.length > 40 ? text.slice(0, 40) + "\u2026" : text) + "\u201d";
}

/** A problem as a sentence: "P1-03, note: is longer than 5000 characters." */
export function describeProblem(problem) {
  const where = [problem.assessment ? "assessment " + problem.assessment : "", problem.measure || ""]
    .filter(Boolean)
    .join(", ");
  const subject = [where, problem.field].filter(Boolean).join(", ");
  return (subject ? subject + ": " : "") + problem.message + ".";
}

/** When anything in an assessment last changed: its details or any of its measures. */
export function lastChanged(assessment) {
  let last = later(later(assessment.updated || "", assessment.details_updated || ""), assessment.created || "");
  for (const id in assessment.measures) last = later(last, assessment.measures[id].updated);
  return last;
}

/** The id of the assessment changed most recently ("" when there is none). */
export function mostRecent(assessments) {
  let best = "";
  let bestTime = null;
  for (const id of Object.keys(assessments).sort()) {
    const time = lastChanged(assessments[id]);
    if (bestTime === null || time > bestTime) {
      best = id;
      bestTime = time;
    }
  }
  return best;
}

/** An assessment and its tombstone never both stay: the deletion wins over an assessment that did not
    change after it, and loses (the tombstone goes) to one that did. Returns a new state. */
export function settleTombstones(state) {
  const assessments = { ...state.assessments };
  const deleted = { ...state.deleted };
  for (const id of Object.keys(deleted)) {
    const assessment = own(assessments, id);
    if (!assessment) continue;
    if (lastChanged(assessment) > deleted[id]) delete deleted[id];
    else delete assessments[id];
  }
  return { ...state, assessments, deleted };
}


/* ---- Reading ---- */

/**
 * Check one measure's entry as read from storage or a file. Unknown fields are ignored; missing ones
 * take their empty value; a bad one is left out and reported as {measure, field, message}.
 *
 * Fields: `status` (one of `statuses`), `note` and `reason` (text, at most 5000 characters), `owner`
 * (200), `due` ("YYYY-MM-DD" or ""), `evidence` (at most 20 https links), `updated` (when it last changed:
 * ISO 8601, stored canonical, or "" when unknown) and `times` (when each field was last changed,
 * {field: ISO}, only for fields ever changed: merging decides field by field with them, so that a field
 * one tab did not touch never replaces the one another tab changed). A set field with no time of its own
 * takes the entry's `updated`; `updated` is at least the latest of `times`.
 *
 * @param {unknown} raw
 * @param {string} id the measure's id, for the problems
 * @param {{statuses?: readonly string[]}} [options]
 * @returns {{entry: object, problems: {measure: string, field: string, message: string}[], badStatus: boolean}}
 */
export function readEntry(raw, id, options = {}) {
  const statuses = options.statuses || STATUSES;
  const entry = emptyEntry();
  const problems = [];
  const problem = (field, message) => problems.push({ measure: id, field, message });
  if (!isObject(raw)) {
    problem("", "is not an object");
    return { entry, problems, badStatus: true };
  }
  let badStatus = false;
  const status = own(raw, "status");
  if (status !== undefined && status !== null) {
    if (typeof status === "string" && statuses.includes(status)) entry.status = status;
    else {
      badStatus = true;
      problem("status", "has the status " + quoted(status) + "; a status is one of " + statuses.join(", "));
    }
  }
  for (const name of ["note", "reason", "owner"]) {
    const value = own(raw, name);
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") problem(name, "is not text");
    else if (value.length > LIMITS[name]) problem(name, "is longer than " + LIMITS[name] + " characters");
    else entry[name] = value;
  }
  const due = own(raw, "due");
  if (due !== undefined && due !== null && due !== "") {
    if (isDay(due)) entry.due = due;
    else problem("due", "is not a date (YYYY-MM-DD): " + quoted(due));
  }
  const evidence = own(raw, "evidence");
  if (evidence !== undefined && evidence !== null) {
    if (!Array.isArray(evidence)) problem("evidence", "is not a list of links");
    else if (evidence.length > LIMITS.evidence) {
      problem("evidence", "has " + evidence.length + " links; at most " + LIMITS.evidence);
    } else {
      const links = [];
      evidence.forEach((link, i) => {
        const why = linkProblem(link);
        if (why) problem("evidence", "link " + (i + 1) + " " + why);
        else if (!links.includes(link)) links.push(link);
      });
      entry.evidence = links;
    }
  }
  const updated = own(raw, "updated");
  if (updated !== undefined && updated !== null && updated !== "") {
    const iso = toIso(updated);
    if (iso) entry.updated = iso;
    else problem("updated", "is not a date and time (ISO 8601): " + quoted(updated));
  }
  const times = own(raw, "times");
  if (times !== undefined && times !== null) {
    if (!isObject(times)) problem("times", "is not an object");
    else {
      for (const name of FIELDS) {
        const value = own(times, name);
        if (value === undefined || value === null || value === "") continue;
        const iso = toIso(value);
        if (iso) entry.times[name] = iso;
        else problem("times", "the time of " + name + " is not a date and time: " + quoted(value));
      }
    }
  }
  const given = entry.updated;
  for (const name of FIELDS) if (given && isSet(name, entry[name]) && !entry.times[name]) entry.times[name] = given;
  for (const name of FIELDS) if (entry.times[name]) entry.updated = later(entry.updated, entry.times[name]);
  return { entry, problems, badStatus };
}

/** Check a whole stored state (version 2), keeping all that is good. */
function readState(data) {
  const problems = [];
  const state = emptyState();
  if (!isObject(data.assessments)) return { error: 'the saved value has no "assessments".' };
  for (const id of Object.keys(data.assessments)) {
    if (!ASSESSMENT_ID.test(id)) {
      problems.push({ assessment: quoted(id), field: "", message: "is not an assessment id; left out" });
      continue;
    }
    const raw = data.assessments[id];
    if (!isObject(raw)) {
      problems.push({ assessment: id, field: "", message: "is not an object; left out" });
      continue;
    }
    const assessment = { name: DEFAULT_NAME, organisation: "", product: "", created: "", updated: "",
      details_updated: "", measures: {} };
    for (const name of DETAILS) {
      const value = own(raw, name);
      if (value === undefined || value === null) continue;
      if (typeof value === "string" && value.length <= LIMITS[name]) {
        if (value !== "" || name !== "name") assessment[name] = value;
      } else problems.push({ assessment: id, field: name, message: "is not text of at most " + LIMITS[name] + " characters" });
    }
    for (const name of ["created", "updated", "details_updated"]) {
      const value = own(raw, name);
      if (value === undefined || value === null || value === "") continue;
      const iso = toIso(value);
      if (iso) assessment[name] = iso;
      else problems.push({ assessment: id, field: name, message: "is not a date and time" });
    }
    const measures = own(raw, "measures");
    if (measures !== undefined && !isObject(measures)) {
      problems.push({ assessment: id, field: "measures", message: "is not an object; left out" });
    } else if (measures) {
      for (const measureId of Object.keys(measures)) {
        if (!MEASURE_ID.test(measureId)) {
          problems.push({ assessment: id, measure: quoted(measureId), field: "", message: "is not a measure id; left out" });
          continue;
        }
        const read = readEntry(measures[measureId], measureId);
        for (const p of read.problems) problems.push({ assessment: id, ...p });
        if (read.badStatus) continue; // without its status an entry would say the wrong thing
        assessment.measures[measureId] = read.entry;
      }
    }
    state.assessments[id] = assessment;
  }
  if (data.deleted !== undefined) {
    if (!isObject(data.deleted)) problems.push({ field: "deleted", message: "is not an object; left out" });
    else {
      for (const id of Object.keys(data.deleted)) {
        const iso = toIso(data.deleted[id]);
        if (ASSESSMENT_ID.test(id) && iso) state.deleted[id] = iso;
        else problems.push({ assessment: quoted(id), field: "deleted", message: "is not a deletion date; left out" });
      }
    }
  }
  const settled = settleTombstones(state);
  const current = own(data, "current");
  settled.current = typeof current === "string" && own(settled.assessments, current) ? current : mostRecent(settled.assessments);
  return { state: settled, problems };
}

/** Version 1 storage: one assessment, its entries and their dates kept. */
function migrateV1(data) {
  if (!isObject(data.measures)) return { error: 'the saved value (version 1) has no "measures".' };
  const problems = [];
  const assessment = { name: DEFAULT_NAME, organisation: "", product: "", created: "", updated: "",
    details_updated: "", measures: {} };
  let first = "";
  for (const id of Object.keys(data.measures)) {
    if (!MEASURE_ID.test(id)) {
      problems.push({ measure: quoted(id), field: "", message: "is not a measure id; left out" });
      continue;
    }
    const raw = data.measures[id];
    // Version 1 had only status, note and updated: anything else in it is ignored.
    const read = readEntry(isObject(raw) ? { status: raw.status, note: raw.note, updated: raw.updated } : raw, id,
      { statuses: V1_STATUSES });
    problems.push(...read.problems);
    if (read.badStatus) continue;
    assessment.measures[id] = read.entry;
    const updated = read.entry.updated;
    if (updated) {
      if (!first || updated < first) first = updated;
      assessment.updated = later(assessment.updated, updated);
    }
  }
  assessment.created = first;
  const state = emptyState();
  state.assessments[V1_ASSESSMENT_ID] = assessment;
  state.current = V1_ASSESSMENT_ID;
  return { state, problems, migrated: true };
}

/**
 * Read what is saved. Never throws.
 *
 * - `null` or `undefined` (nothing saved): an empty state.
 * - Version 2: checked; a bad field or entry is left out and reported in `problems`, the rest kept.
 * - Version 1 (`{"format", "version": 1, "measures": {id: {status, note, updated}}}`): migrated to one
 *   assessment, id `V1_ASSESSMENT_ID`, named `DEFAULT_NAME`, entries and their dates kept; `migrated`.
 * - Anything else (not JSON, another format, a later version): `error` and an empty state. The caller
 *   must then not write over the saved value without keeping a copy of it (README.md, "Self-assessment").
 *
 * @param {string|null|undefined} text
 * @returns {{state: object, problems: object[], migrated?: boolean, error?: string}}
 */
export function parseStored(text) {
  if (text === null || text === undefined) return { state: emptyState(), problems: [] };
  const fail = (error) => ({ error, state: emptyState(), problems: [] });
  if (typeof text !== "string") return fail("the saved value is not text.");
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return fail("the saved value is not valid JSON.");
  }
  if (!isObject(data) || data.format !== FORMAT) return fail('the saved value is not of the format "' + FORMAT + '".');
  let read;
  if (data.version === 1) read = migrateV1(data);
  else if (data.version === VERSION) read = readState(data);
  else return fail("the saved value has version " + quoted(data.version) + "; this page reads versions 1 and 2.");
  if (read.error) return fail(read.error);
  return read;
}
