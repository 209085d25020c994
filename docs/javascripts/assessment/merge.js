/**
 * Merging that never loses work: importing a file into an assessment (a plan the visitor can review,
 * then apply, then undo), and merging what another tab saved (the browser's `storage` event).
 *
 * Rules (README.md, "Self-assessment"):
 * - Every entry carries `updated`, and `times`: when each of its fields last changed. Merging decides
 *   field by field, the later change winning, so that a field one side did not touch never replaces one
 *   the other side changed, and a field deliberately emptied stays empty.
 * - An import never replaces a set value with an unset one ("", [], or the status not-started): a note
 *   missing from the file never erases the saved one.
 * - An import is refused whole, changing nothing, when anything in the file is wrong.
 *
 * @module merge
 */

import {
  FIELDS,
  FORMAT,
  LIMITS,
  MEASURE_ID,
  V1_STATUSES,
  emptyEntry,
  emptyState,
  hasInfo,
  isObject,
  isSet,
  own,
} from "./format.js";
import {
  after,
  compareIds,
  describeProblem,
  fieldTime,
  isoNow,
  lastChanged,
  later,
  mostRecent,
  quoted,
  readEntry,
  sameEntry,
  sameField,
  sameValues,
  settleTombstones,
  toIso,
} from "./read.js";


export const KINDS = Object.freeze(["new", "same", "newer-here", "newer-in-file", "conflict"]);

/* ---- Entries ---- */

/** The fields of `over` where set, else those of `under` (values only, no dates). */
export function overlay(over, under) {
  const result = {};
  for (const name of FIELDS) result[name] = isSet(name, over[name]) ? over[name] : under[name];
  return result;
}

/** Of two values changed at the same time, the same one whichever order they come in: set over unset,
    else the larger as JSON. */
function tieBreak(name, x, y) {
  if (isSet(name, x) !== isSet(name, y)) return isSet(name, x) ? x : y;
  return JSON.stringify(x) >= JSON.stringify(y) ? x : y;
}

/**
 * Merge two copies of one measure's entry, field by field: each field from the copy that changed it
 * later (`times`); at the same time (or both unknown), set over unset, else a fixed choice. `updated` is
 * the later of the two. Commutative, associative and idempotent: every tab reaches the same entry.
 * @returns {object} an entry (`a` itself when both are the same)
 */
export function mergeEntries(a, b) {
  if (sameEntry(a, b)) return a;
  const result = {};
  const times = {};
  for (const name of FIELDS) {
    const ta = fieldTime(a, name);
    const tb = fieldTime(b, name);
    result[name] = ta > tb ? a[name] : tb > ta ? b[name] : tieBreak(name, a[name], b[name]);
    if (ta || tb) times[name] = later(ta, tb);
  }
  return { ...result, updated: later(a.updated, b.updated), times };
}

/* ---- Tabs ---- */

function sortedKeys(...objects) {
  const keys = new Set();
  for (const object of objects) for (const key of Object.keys(object)) keys.add(key);
  return [...keys];
}

/**
 * Merge two copies of one assessment: each measure by `mergeEntries`; name, organisation and product
 * from the copy whose `details_updated` is later; `created` the earlier, `updated` the later.
 */
export function mergeAssessments(a, b) {
  if (a === b) return a;
  let details;
  if (a.details_updated !== b.details_updated) details = a.details_updated > b.details_updated ? a : b;
  else details = JSON.stringify([a.name, a.organisation, a.product]) >= JSON.stringify([b.name, b.organisation, b.product]) ? a : b;
  const measures = {};
  for (const id of sortedKeys(a.measures, b.measures).sort(compareIds)) {
    const x = own(a.measures, id);
    const y = own(b.measures, id);
    measures[id] = x && y ? mergeEntries(x, y) : x || y;
  }
  const created = a.created && b.created ? (a.created < b.created ? a.created : b.created) : a.created || b.created;
  return {
    name: details.name,
    organisation: details.organisation,
    product: details.product,
    created,
    updated: later(a.updated, b.updated),
    details_updated: later(a.details_updated, b.details_updated),
    measures,
  };
}

/**
 * Merge this tab's state with what another tab saved (or what is saved, before writing).
 * - Assessments in one state only are kept; in both, merged (`mergeAssessments`).
 * - A deletion (tombstone `deleted[id]`, the later of the two) wins over an assessment that did not
 *   change after it; an assessment changed after it (in the other tab, before it heard of the deletion)
 *   comes back whole, and the tombstone goes.
 * - `current` stays this tab's (`local`) when it still exists, else the other's, else the most recent:
 *   each tab keeps its own choice; compare states with `sameContent`, which ignores it.
 * Commutative apart from `current`, and idempotent.
 * @returns {object} a new state
 */
export function mergeStates(local, remote) {
  const state = emptyState();
  for (const id of sortedKeys(local.deleted, remote.deleted).sort()) {
    state.deleted[id] = later(own(local.deleted, id) || "", own(remote.deleted, id) || "");
  }
  for (const id of sortedKeys(local.assessments, remote.assessments).sort()) {
    const x = own(local.assessments, id);
    const y = own(remote.assessments, id);
    state.assessments[id] = x && y ? mergeAssessments(x, y) : x || y;
  }
  const settled = settleTombstones(state);
  if (local.current && own(settled.assessments, local.current)) settled.current = local.current;
  else if (remote.current && own(settled.assessments, remote.current)) settled.current = remote.current;
  else settled.current = mostRecent(settled.assessments);
  return settled;
}

/* ---- Import ---- */

function idSet(ids) {
  if (ids instanceof Set) return ids;
  if (Array.isArray(ids)) return new Set(ids);
  if (isObject(ids)) return new Set(Object.keys(ids));
  return new Set();
}

/** The version that retired `id`, or true when retired in an unknown version, or "" when not retired. */
function retiredIn(retiredIds, id) {
  if (retiredIds instanceof Set || Array.isArray(retiredIds)) return idSet(retiredIds).has(id) ? true : "";
  if (isObject(retiredIds)) {
    const version = own(retiredIds, id);
    return version === undefined ? "" : version || true;
  }
  return "";
}

function refuse(problems) {
  const first = describeProblem(problems[0]);
  const error =
    "Nothing was imported. " +
    (problems.length === 1 ? "The file has one problem: " : "The file has " + problems.length + " problems; the first: ") +
    first;
  return { error, problems };
}

/**
 * Read and check an exported file (JSON text or its parsed value), version 1 or 2. Refused whole
 * ({error, problems}) when it is not JSON, of another format or version, has no list of measures, or
 * any measure has an unknown or retired id, appears twice, or has a bad field. Otherwise the entries that
 * carry information (`skipped` counts the others: in version 1 every measure is exported, not-started
 * ones included). Version 1 entries (no date of their own) are dated with the file's `exported`.
 *
 * @param {string|object} input
 * @param {{knownIds: Set<string>|string[], retiredIds?: object|Set<string>|string[]}} options
 *   `retiredIds` as in checklists/measure-ids.json: {id: the version that retired it}.
 * @returns {{file: {version, scope, dataset_version, exported, details, entries: {id, entry}[], skipped}}
 *   | {error: string, problems: object[]}}
 */
export function readImport(input, { knownIds, retiredIds } = {}) {
  if (!knownIds) throw new TypeError("readImport needs knownIds");
  const known = idSet(knownIds);
  let data = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input);
    } catch {
      return refuse([{ field: "", message: "the file is not valid JSON" }]);
    }
  }
  if (!isObject(data) || data.format !== FORMAT) {
    return refuse([{ field: "", message: 'the file is not a self-assessment exported from this site (its "format" is not "' + FORMAT + '")' }]);
  }
  if (data.version !== 1 && data.version !== 2) {
    return refuse([{ field: "", message: "the file has version " + quoted(data.version) + "; this site reads versions 1 and 2" }]);
  }
  if (!Array.isArray(data.measures)) return refuse([{ field: "", message: 'the file\'s "measures" is not a list' }]);
  const v1 = data.version === 1;
  const problems = [];
  const exported = toIso(data.exported);
  if (data.exported !== undefined && data.exported !== "" && !exported) {
    problems.push({ field: "exported", message: "is not a date and time: " + quoted(data.exported) });
  }
  const details = { name: "", organisation: "", product: "" };
  if (!v1 && data.assessment !== undefined) {
    if (!isObject(data.assessment)) problems.push({ field: "assessment", message: "is not an object" });
    else {
      for (const name of Object.keys(details)) {
        const value = own(data.assessment, name);
        if (value === undefined || value === null) continue;
        if (typeof value === "string" && value.length <= LIMITS[name]) details[name] = value;
        else problems.push({ field: "assessment " + name, message: "is not text of at most " + LIMITS[name] + " characters" });
      }
    }
  }
  const entries = [];
  const seen = new Set();
  let skipped = 0;
  data.measures.forEach((item, i) => {
    if (!isObject(item) || typeof item.id !== "string") {
      problems.push({ measure: "measure " + (i + 1), field: "id", message: "has no id" });
      return;
    }
    const id = item.id;
    if (!known.has(id)) {
      const retired = retiredIn(retiredIds, id);
      if (retired) {
        problems.push({ measure: id, field: "", message: "was retired from the guidance" + (retired === true ? "" : " in version " + retired) });
      } else {
        problems.push({ measure: MEASURE_ID.test(id) ? id : quoted(id), field: "", message: "is not a measure of this guidance" });
      }
      return;
    }
    if (seen.has(id)) {
      problems.push({ measure: id, field: "", message: "appears more than once" });
      return;
    }
    seen.add(id);
    // Version 1 held status and note only (its title is not read), and no dates: an entry with no date
    // of its own is dated when the file was exported.
    const undated = item.updated === undefined || item.updated === null || item.updated === "";
    let raw = item;
    if (v1) raw = { status: item.status, note: item.note, updated: exported };
    else if (undated) raw = { ...item, updated: exported };
    const read = readEntry(raw, id, v1 ? { statuses: V1_STATUSES } : {});
    if (read.problems.length) {
      problems.push(...read.problems);
      return;
    }
    const entry = read.entry;
    if (!hasInfo(entry)) {
      skipped += 1;
      return;
    }
    entries.push({ id, entry });
  });
  if (problems.length) return refuse(problems);
  return {
    file: {
      version: data.version,
      scope: typeof data.scope === "string" ? data.scope : "",
      dataset_version: typeof data.dataset_version === "string" ? data.dataset_version : "",
      exported,
      details,
      entries,
      skipped,
    },
  };
}

/** Which side changed field `name` later: "file", "here", or "undecided" (the same time, or one unknown).
    A field never set here is the file's to give. */
function decide(name, here, incoming) {
  const there = fieldTime(incoming, name);
  const mine = fieldTime(here, name);
  if (!isSet(name, here[name]) && !mine) return "file";
  if (!there || !mine || there === mine) return "undecided";
  return there > mine ? "file" : "here";
}

/**
 * Plan an import into `localAssessment` (nothing changes yet). Each entry of the file that carries
 * information is one item. Only the fields the file has set and that differ from here are weighed, each
 * by when it changed on each side (`fields`: {name: "file" | "here" | "undecided"}):
 * - `new`: no entry here; taken.
 * - `same`: taking it would change nothing (the file holds nothing this assessment lacks).
 * - `newer-here`: every such field changed later here; kept.
 * - `newer-in-file`: some changed later in the file, the others later here; taken: the file's newer
 *   fields, this assessment's newer ones.
 * - `conflict`: for some field the dates do not decide (equal or missing); kept by default.
 * `taken` is what choosing the file gives: for `new` and `newer-in-file` as above, for `newer-here` and
 * `conflict` every field the file has set. Never a set value replaced by an unset one: a note missing
 * from the file never erases the saved one.
 *
 * @param {object|null} localAssessment
 * @param {string|object} imported the file's text or parsed value
 * @param {{knownIds, retiredIds?}} options see `readImport`
 * @returns {{plan: {file, items: {id, kind, choice: "file"|"local", local, incoming, taken, fields}[],
 *   counts, skipped}} | {error: string, problems: object[]}}
 */
export function planImport(localAssessment, imported, options) {
  const read = readImport(imported, options);
  if (read.error) return read;
  const local = (localAssessment && localAssessment.measures) || {};
  const counts = Object.fromEntries(KINDS.map((kind) => [kind, 0]));
  const items = read.file.entries.map(({ id, entry: incoming }) => {
    const found = own(local, id) || null;
    const here = found || emptyEntry();
    const fields = {};
    for (const name of FIELDS) {
      if (isSet(name, incoming[name]) && !sameField(name, incoming, here)) fields[name] = decide(name, here, incoming);
    }
    const decisions = Object.values(fields);
    let kind;
    if (!found) kind = "new";
    else if (!decisions.length) kind = "same";
    else if (decisions.includes("undecided")) kind = "conflict";
    else if (decisions.includes("file")) kind = "newer-in-file";
    else kind = "newer-here";
    let taken;
    if (kind === "new" || kind === "newer-in-file") {
      taken = {};
      for (const name of FIELDS) taken[name] = fields[name] === "file" ? incoming[name] : here[name];
    } else taken = overlay(incoming, here);
    counts[kind] += 1;
    const choice = kind === "new" || kind === "newer-in-file" ? "file" : "local";
    return { id, kind, choice, local: found, incoming, taken, fields };
  });
  const { entries, ...file } = read.file;
  return { plan: { file, items, counts, skipped: read.file.skipped } };
}

/**
 * Apply a plan to `local` (the assessment as it is now), with the visitor's `choices` ({id: "file" or
 * "local"}) over the plan's defaults. An entry that changed here since the plan was made is left alone
 * (`stale`). A field taken because it changed later in the file keeps the file's time; one taken against
 * the dates (or without them) is dated `now`, so that the choice also wins in other tabs.
 *
 * @returns {{assessment: object, undo: object, changed: string[], stale: string[]}} `undo`: `local` as it
 *   was; to undo, use `undoImport` (putting `undo` back as it is would let other tabs bring the import back).
 */
export function applyPlan(local, plan, choices = {}, now) {
  const iso = isoNow(now);
  const measures = { ...local.measures };
  const changed = [];
  const stale = [];
  for (const item of plan.items) {
    const choice = own(choices, item.id) || item.choice;
    if (choice !== "file" || item.kind === "same") continue;
    const current = own(local.measures, item.id) || null;
    if (current ? !item.local || !sameEntry(current, item.local) : item.local) {
      stale.push(item.id);
      continue;
    }
    const here = current || emptyEntry();
    if (sameValues(item.taken, here)) continue;
    const stamp = after(iso, here.updated);
    const entry = { ...item.taken, updated: here.updated, times: { ...here.times } };
    for (const name of FIELDS) {
      if (sameField(name, item.taken, here)) continue;
      const time = item.fields[name] === "file" ? fieldTime(item.incoming, name) : "";
      entry.times[name] = time || stamp;
      entry.updated = later(entry.updated, entry.times[name]);
    }
    measures[item.id] = entry;
    changed.push(item.id);
  }
  if (!changed.length) return { assessment: local, undo: local, changed, stale };
  let updated = later(local.updated, iso);
  for (const id of changed) updated = later(updated, measures[id].updated);
  return { assessment: { ...local, updated, measures }, undo: local, changed, stale };
}

/**
 * Undo an import applied by `applyPlan` (`applied` is its result) in `assessment` (as it is now): each
 * measure the import changed goes back to what it was, the fields put back dated `now` (so that other
 * tabs follow); one changed again since the import is left alone (`kept`).
 * @returns {{assessment: object, reverted: string[], kept: string[]}}
 */
export function undoImport(assessment, applied, now) {
  const iso = isoNow(now);
  const measures = { ...assessment.measures };
  const reverted = [];
  const kept = [];
  for (const id of applied.changed) {
    const current = own(assessment.measures, id);
    const imported = own(applied.assessment.measures, id);
    if (!current || !imported || !sameEntry(current, imported)) {
      kept.push(id);
      continue;
    }
    const before = own(applied.undo.measures, id) || emptyEntry();
    const stamp = after(iso, current.updated);
    const entry = { ...current, times: { ...current.times }, updated: stamp };
    for (const name of FIELDS) {
      if (sameField(name, before, current)) continue;
      entry[name] = before[name];
      entry.times[name] = stamp;
    }
    measures[id] = entry;
    reverted.push(id);
  }
  if (!reverted.length) return { assessment, reverted, kept };
  return { assessment: { ...assessment, updated: lastChanged({ ...assessment, measures }), measures }, reverted, kept };
}
