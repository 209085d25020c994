import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as format from "../../docs/javascripts/assessment/format.js";
import * as read from "../../docs/javascripts/assessment/read.js";
import * as state from "../../docs/javascripts/assessment/state.js";
import * as p from "../../docs/javascripts/assessment/progress.js";
import { PAGE, counter, deepFreeze } from "./fixtures/data.js";

/** The storage format's three modules (format.js, read.js, state.js) as one namespace. */
const f = { ...format, ...read, ...state };

const T1 = "2026-01-10T10:00:00.000Z";

function sample() {
  let state = f.createAssessment(f.emptyState(), {}, { now: T1, newId: counter() }).state;
  const set = (id, fields) => {
    const result = f.setMeasure(state, "a1", id, fields, T1);
    assert.ok(!result.error, result.error);
    state = result.state;
  };
  set("P1-01", { status: "done", owner: "Ann", due: "2026-01-01" });
  set("P1-02", { status: "in-progress", owner: "Ann", due: "2026-01-05" });
  set("P1-03", { status: "not-adopted", reason: "Too costly for now", owner: " Bo " });
  set("P2-01", { status: "not-applicable", reason: "No users under 18" });
  set("P2-02", { status: "in-progress", due: "2026-01-10" });
  // P10-01: not started, no entry.
  return deepFreeze(state.assessments.a1);
}

describe("counts", () => {
  test("overall: settled is done + not applicable + not adopted", () => {
    assert.deepEqual(p.countStatuses(PAGE, sample()), {
      total: 6, settled: 3, "not-started": 1, "in-progress": 2, done: 1, "not-applicable": 1, "not-adopted": 1,
    });
  });

  test("per principle (by number) and per tier (baseline first)", () => {
    const result = p.progress([...PAGE].reverse(), sample());
    assert.deepEqual(result.principles.map((x) => [x.principle, x.counts.total, x.counts.settled]), [[1, 3, 2], [2, 2, 1], [10, 1, 0]]);
    assert.deepEqual(result.tiers.map((x) => [x.tier, x.counts.total, x.counts.settled]), [["baseline", 4, 2], ["enhanced", 2, 1]]);
    assert.equal(result.overall.total, 6);
  });

  test("a measure listed twice counts once; an empty assessment counts all as not started", () => {
    assert.equal(p.countStatuses([...PAGE, PAGE[0]], sample()).total, 6);
    const none = p.countStatuses(PAGE, null);
    assert.equal(none["not-started"], 6);
    assert.equal(none.settled, 0);
  });
});

describe("overdue", () => {
  test("due before today and not settled, earliest first", () => {
    const list = p.overdue(p.entriesFor(PAGE, sample()), "2026-01-10");
    assert.deepEqual(list.map((e) => e.id), ["P1-02"], "P1-01 is done; P2-02 is due today, not before");
    assert.deepEqual(p.overdue(p.entriesFor(PAGE, sample()), "2026-01-11").map((e) => e.id), ["P1-02", "P2-02"]);
  });

  test("also from an assessment's measures", () => {
    assert.deepEqual(p.overdue(sample().measures, "2026-02-01").map((e) => [e.id, e.due]), [["P1-02", "2026-01-05"], ["P2-02", "2026-01-10"]]);
    assert.deepEqual(p.overdue({}, "2026-02-01"), []);
  });

  test("localDay is the local date, not UTC", () => {
    const date = new Date(2026, 0, 2, 0, 30); // 00:30 local time
    assert.equal(p.localDay(date), "2026-01-02");
  });
});

test("owners: grouped as written (spaces trimmed), with counts and overdue; unassigned open ones", () => {
  const result = p.owners(PAGE, sample(), "2026-01-10");
  assert.deepEqual(result.owners.map((o) => [o.owner, o.ids, o.counts.total, o.counts.settled, o.overdue]), [
    ["Ann", ["P1-01", "P1-02"], 2, 1, 1],
    ["Bo", ["P1-03"], 1, 1, 0],
  ]);
  assert.deepEqual(result.unassigned, ["P2-02", "P10-01"]);
});

test("baseline measures not done, with status and reason", () => {
  const list = p.baselineNotDone(PAGE, sample());
  assert.deepEqual(list.map((e) => [e.id, e.status, e.reason]), [
    ["P1-02", "in-progress", ""],
    ["P2-01", "not-applicable", "No users under 18"],
    ["P10-01", "not-started", ""],
  ]);
});

test("reasons for not applicable and not adopted, a missing one flagged", () => {
  const migrated = f.parseStored(JSON.stringify({ format: "vp-self-assessment", version: 1,
    measures: { "P1-01": { status: "not-applicable", note: "", updated: T1 } } })).state.assessments.v1;
  assert.deepEqual(p.notApplicableReasons(PAGE, migrated).map((e) => [e.id, e.missing]), [["P1-01", true]]);
  assert.deepEqual(p.notApplicableReasons(PAGE, sample()).map((e) => [e.id, e.status, e.reason, e.missing]), [
    ["P1-03", "not-adopted", "Too costly for now", false],
    ["P2-01", "not-applicable", "No users under 18", false],
  ]);
});

test("summary gathers everything", () => {
  const s = p.summary(PAGE, sample(), "2026-01-11");
  assert.equal(s.overall.settled, 3);
  assert.deepEqual(s.overdue.map((e) => e.id), ["P1-02", "P2-02"]);
  assert.equal(s.owners.owners.length, 2);
  assert.equal(s.baselineNotDone.length, 3);
  assert.equal(s.reasons.length, 2);
  assert.equal(s.principles.length, 3);
  assert.equal(s.tiers.length, 2);
});
