/**
 * Progress of an assessment over the measures on a page: counts per principle, per tier and overall,
 * what is overdue, who owns what, baseline measures not done, and the reasons given for measures not
 * applicable or not adopted.
 *
 * Inputs: `measures`, the page's list `[{id, title, principle, tier}]` (a measure listed twice counts
 * once, where it is first listed), and an assessment (format.js); a measure with no entry is not started.
 *
 * @module progress
 */

import { NEEDS_REASON, STATUSES, entryOf, isSettled } from "./format.js";


/** Tiers in the guidance's order (vpguide/model.py TIERS); others follow in alphabetical order. */
export const TIERS = Object.freeze(["baseline", "enhanced"]);

function unique(measures) {
  const seen = new Set();
  return measures.filter((m) => !seen.has(m.id) && seen.add(m.id));
}

/** Counts with every status at 0. */
export function emptyCounts() {
  const counts = { total: 0, settled: 0 };
  for (const status of STATUSES) counts[status] = 0;
  return counts;
}

function add(counts, status) {
  counts.total += 1;
  counts[status] += 1;
  if (isSettled(status)) counts.settled += 1;
}

/**
 * How many of `measures` have each status: {total, settled, "not-started", "in-progress", done,
 * "not-applicable", "not-adopted"}; `settled` = done + not applicable + not adopted.
 */
export function countStatuses(measures, assessment) {
  const counts = emptyCounts();
  for (const m of unique(measures)) add(counts, entryOf(assessment, m.id).status);
  return counts;
}

/**
 * Counts overall, per principle (by number) and per tier.
 * @returns {{overall: object, principles: {principle: number, counts: object}[],
 *   tiers: {tier: string, counts: object}[]}}
 */
export function progress(measures, assessment) {
  const overall = emptyCounts();
  const principles = new Map();
  const tiers = new Map();
  for (const m of unique(measures)) {
    const status = entryOf(assessment, m.id).status;
    add(overall, status);
    if (!principles.has(m.principle)) principles.set(m.principle, emptyCounts());
    add(principles.get(m.principle), status);
    if (!tiers.has(m.tier)) tiers.set(m.tier, emptyCounts());
    add(tiers.get(m.tier), status);
  }
  const tierRank = (tier) => (TIERS.includes(tier) ? TIERS.indexOf(tier) : TIERS.length);
  return {
    overall,
    principles: [...principles]
      .sort((a, b) => a[0] - b[0])
      .map(([principle, counts]) => ({ principle, counts })),
    tiers: [...tiers]
      .sort((a, b) => tierRank(a[0]) - tierRank(b[0]) || String(a[0]).localeCompare(String(b[0])))
      .map(([tier, counts]) => ({ tier, counts })),
  };
}

/** The page's measures with their entries: [{id, title, principle, tier, status, note, owner, due,
    evidence, reason, updated}], in page order. */
export function entriesFor(measures, assessment) {
  return unique(measures).map((m) => ({ ...entryOf(assessment, m.id), ...m }));
}

/**
 * Entries due before `today` and not settled, earliest first.
 * @param {{id: string, due: string, status: string}[] | Object<string, object>} entries a list (as
 *   `entriesFor` gives) or an assessment's `measures` ({id: entry})
 * @param {string} today the visitor's local date, YYYY-MM-DD (`localDay`)
 * @returns {object[]} the entries (each with its `id`)
 */
export function overdue(entries, today) {
  const list = Array.isArray(entries) ? entries : Object.keys(entries).map((id) => ({ id, ...entries[id] }));
  return list
    .filter((e) => e.due && e.due < today && !isSettled(e.status))
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A date's day in the visitor's time zone, YYYY-MM-DD (not `toISOString`, which is UTC). */
export function localDay(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
}

/**
 * Who owns what: per owner (as written, spaces around it ignored), the ids, counts and how many are
 * overdue when `today` is given; sorted by owner. `unassigned`: the ids with no owner that are not
 * settled.
 * @returns {{owners: {owner: string, ids: string[], counts: object, overdue: number}[], unassigned: string[]}}
 */
export function owners(measures, assessment, today = "") {
  const byOwner = new Map();
  const unassigned = [];
  for (const e of entriesFor(measures, assessment)) {
    const owner = e.owner.trim();
    if (!owner) {
      if (!isSettled(e.status)) unassigned.push(e.id);
      continue;
    }
    if (!byOwner.has(owner)) byOwner.set(owner, { owner, ids: [], counts: emptyCounts(), overdue: 0 });
    const group = byOwner.get(owner);
    group.ids.push(e.id);
    add(group.counts, e.status);
    if (today && overdue([e], today).length) group.overdue += 1;
  }
  return {
    owners: [...byOwner.values()].sort((a, b) => a.owner.localeCompare(b.owner)),
    unassigned,
  };
}

/** Baseline measures (expected of every provider) whose status is not done, in page order, with their
    status and reason (a baseline measure marked not applicable is listed with its reason). */
export function baselineNotDone(measures, assessment) {
  return entriesFor(measures, assessment).filter((e) => e.tier === "baseline" && e.status !== "done");
}

/** Measures not applicable or not adopted, in page order, each with its reason and `missing`: true when
    it has none (possible for entries from version 1, which asked for none: the UI should ask for it). */
export function notApplicableReasons(measures, assessment) {
  return entriesFor(measures, assessment)
    .filter((e) => NEEDS_REASON.includes(e.status))
    .map((e) => ({ ...e, missing: !e.reason.trim() }));
}

/** Everything above at once, for a page's progress panel or a printed summary. */
export function summary(measures, assessment, today) {
  const entries = entriesFor(measures, assessment);
  return {
    ...progress(measures, assessment),
    overdue: overdue(entries, today),
    owners: owners(measures, assessment, today),
    baselineNotDone: baselineNotDone(measures, assessment),
    reasons: notApplicableReasons(measures, assessment),
  };
}
