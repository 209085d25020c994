import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as format from "../../docs/javascripts/assessment/format.js";
import * as read from "../../docs/javascripts/assessment/read.js";
import * as state from "../../docs/javascripts/assessment/state.js";
import * as m from "../../docs/javascripts/assessment/merge.js";
import { exportJson } from "../../docs/javascripts/assessment/export.js";
import { PAGE, IDS, KNOWN, counter, deepFreeze } from "./fixtures/data.js";
import { bigCase } from "./fixtures/big.js";

/** The storage format's three modules (format.js, read.js, state.js) as one namespace. */
const f = { ...format, ...read, ...state };

const T0 = "2026-01-09T10:00:00.000Z";
const T1 = "2026-01-10T10:00:00.000Z";
const T2 = "2026-01-11T10:00:00.000Z";
const T3 = "2026-01-12T10:00:00.000Z";
const T4 = "2026-01-13T10:00:00.000Z";
const EXPORT = { measures: PAGE, scope: "social-media", datasetVersion: "0.1.0" };

/** A state with assessment "a1" and the given measures set in order, each at its own time. */
function stateWith(changes) {
  let state = f.createAssessment(f.emptyState(), { name: "Shop" }, { now: T0, newId: counter() }).state;
  for (const [id, fields, now] of changes) {
    const set = f.setMeasure(state, "a1", id, fields, now);
    assert.ok(!set.error, set.error);
    state = set.state;
  }
  return state;
}

function v2File(measures, extra = {}) {
  return JSON.stringify({ format: "vp-self-assessment", version: 2, dataset_version: "0.1.0", exported: T1,
    scope: "social-media", measures, ...extra });
}

function v1File(measures, exported = T1) {
  return JSON.stringify({ format: "vp-self-assessment", version: 1, dataset_version: "0.1.0", exported,
    scope: "social-media", measures });
}

const kinds = (plan) => Object.fromEntries(plan.items.map((i) => [i.id, i.kind]));

describe("import: nothing is silently lost", () => {
  test("an earlier export imported after newer work keeps the newer work (newer-here)", () => {
    // Export at T1 with P1-03 in progress.
    const before = stateWith([["P1-03", { status: "in-progress", note: "started" }, T0]]);
    const file = exportJson(before.assessments.a1, { ...EXPORT, now: T1 });
    // Then P1-03 is marked done with a note.
    const after = deepFreeze(stateWith([["P1-03", { status: "in-progress", note: "started" }, T0],
      ["P1-03", { status: "done", note: "Keyword list live since March" }, T2]]));
    const local = after.assessments.a1;
    const { plan } = m.planImport(local, file, IDS);
    assert.equal(plan.items.length, 1);
    assert.equal(plan.items[0].kind, "newer-here");
    assert.equal(plan.items[0].choice, "local");
    const applied = m.applyPlan(local, plan, {}, T3);
    assert.deepEqual(applied.changed, []);
    assert.equal(applied.assessment.measures["P1-03"].status, "done");
    assert.equal(applied.assessment.measures["P1-03"].note, "Keyword list live since March");
  });

  test("an entry in the file without a note keeps the saved note, even when the file is newer", () => {
    const local = stateWith([["P1-03", { status: "in-progress", note: "Vendor chosen", owner: "Ann" }, T0]]).assessments.a1;
    const file = v2File([{ id: "P1-03", status: "done", updated: T2 }]);
    const { plan } = m.planImport(local, file, IDS);
    assert.equal(plan.items[0].kind, "newer-in-file");
    const applied = m.applyPlan(local, plan, {}, T3);
    assert.deepEqual(applied.changed, ["P1-03"]);
    assert.deepEqual(applied.assessment.measures["P1-03"], { ...f.emptyEntry(), status: "done", note: "Vendor chosen",
      owner: "Ann", updated: T2, times: { status: T2, note: T0, owner: T0 } });
    // An empty note is no different from a missing one.
    const empty = m.planImport(local, v2File([{ id: "P1-03", status: "done", note: "", owner: "", updated: T2 }]), IDS).plan;
    assert.equal(m.applyPlan(local, empty, {}, T3).assessment.measures["P1-03"].note, "Vendor chosen");
  });

  test("choosing the file's version against the dates still never erases a set value", () => {
    const local = stateWith([["P1-03", { status: "done", note: "mine", owner: "Ann" }, T2]]).assessments.a1;
    for (const updated of [T1, T2]) { // newer-here, then conflict
      const { plan } = m.planImport(local, v2File([{ id: "P1-03", status: "in-progress", note: "", updated }]), IDS);
      const entry = m.applyPlan(local, plan, { "P1-03": "file" }, T3).assessment.measures["P1-03"];
      assert.deepEqual([entry.status, entry.note, entry.owner], ["in-progress", "mine", "Ann"], plan.items[0].kind);
    }
  });

  test("a not-started entry with nothing else never overrides anything", () => {
    const local = stateWith([["P1-03", { status: "done", note: "n" }, T0]]).assessments.a1;
    const file = v2File([{ id: "P1-03", status: "not-started", note: "", evidence: [], updated: T4 }, { id: "P1-01", status: "not-started" }]);
    const { plan } = m.planImport(local, file, IDS);
    assert.deepEqual(plan.items, []);
    assert.equal(plan.skipped, 2);
    // Even when chosen, a newer not-started with a note changes only the note.
    const withNote = m.planImport(local, v2File([{ id: "P1-03", status: "not-started", note: "new note", updated: T4 }]), IDS).plan;
    const applied = m.applyPlan(local, withNote, {}, T4).assessment.measures["P1-03"];
    assert.equal(applied.status, "done");
    assert.equal(applied.note, "new note");
  });
});

describe("import between two browsers", () => {
  test("a field the file carries unchanged never replaces one changed here later (field times)", () => {
    // Browser X: P1-01 in progress with a note (T0), exported (T1) and imported into browser Y.
    const x0 = stateWith([["P1-01", { status: "in-progress", note: "shared" }, T0]]);
    const fresh = f.createAssessment(f.emptyState(), {}, { now: T0, newId: () => "y" }).state.assessments.y;
    const first = m.planImport(fresh, exportJson(x0.assessments.a1, { ...EXPORT, now: T1 }), IDS).plan;
    const y = m.applyPlan(fresh, first, {}, T1).assessment;
    // Y changes the note (T2); X marks it done (T3) and exports again.
    const yState = f.setMeasure({ ...f.emptyState(), current: "y", assessments: { y } }, "y", "P1-01", { note: "Y's note" }, T2).state;
    const x1 = f.setMeasure(x0, "a1", "P1-01", { status: "done" }, T3).state;
    const file = exportJson(x1.assessments.a1, { ...EXPORT, now: T4 });
    const { plan } = m.planImport(yState.assessments.y, file, IDS);
    assert.equal(plan.items[0].kind, "newer-in-file");
    assert.deepEqual(plan.items[0].fields, { status: "file", note: "here" });
    const entry = m.applyPlan(yState.assessments.y, plan, {}, T4).assessment.measures["P1-01"];
    assert.equal(entry.status, "done");
    assert.equal(entry.note, "Y's note");
    assert.deepEqual(entry.times, { status: T3, note: T2 });
  });
});

describe("planImport kinds", () => {
  test("new, same, newer-here, newer-in-file and conflict, with their defaults", () => {
    const local = stateWith([
      ["P1-01", { status: "done", note: "same" }, T1],
      ["P1-02", { status: "done", note: "here" }, T3],
      ["P1-03", { status: "in-progress" }, T1],
      ["P2-01", { status: "in-progress", note: "mine" }, T2],
    ]).assessments.a1;
    const file = v2File([
      { id: "P1-01", status: "done", note: "same", updated: T0 },
      { id: "P1-02", status: "in-progress", note: "file", updated: T2 },
      { id: "P1-03", status: "done", updated: T2 },
      { id: "P2-01", status: "done", note: "theirs", updated: T2 },
      { id: "P2-02", status: "in-progress", owner: "Bo", updated: T2 },
      { id: "P10-01", status: "done" }, // no date of its own: the file's exported date (T1)
    ], { exported: "" });
    const { plan } = m.planImport(local, file, IDS);
    assert.deepEqual(kinds(plan), { "P1-01": "same", "P1-02": "newer-here", "P1-03": "newer-in-file", "P2-01": "conflict",
      "P2-02": "new", "P10-01": "new" });
    assert.deepEqual(plan.counts, { new: 2, same: 1, "newer-here": 1, "newer-in-file": 1, conflict: 1 });
    assert.deepEqual(Object.fromEntries(plan.items.map((i) => [i.id, i.choice])),
      { "P1-01": "local", "P1-02": "local", "P1-03": "file", "P2-01": "local", "P2-02": "file", "P10-01": "file" });
    assert.equal(plan.file.scope, "social-media");
    assert.equal(plan.file.version, 2);
  });

  test("a file entry that adds nothing the assessment lacks is the same", () => {
    const local = stateWith([["P1-01", { status: "done", note: "n", owner: "Ann" }, T1]]).assessments.a1;
    assert.equal(m.planImport(local, v2File([{ id: "P1-01", status: "done", updated: T4 }]), IDS).plan.items[0].kind, "same");
  });

  test("missing dates do not decide: conflict, kept by default, taken when chosen (dated now)", () => {
    const local = f.parseStored(JSON.stringify({ format: "vp-self-assessment", version: 1,
      measures: { "P1-01": { status: "in-progress", note: "undated" } } })).state.assessments.v1;
    const { plan } = m.planImport(local, v1File([{ id: "P1-01", title: "t", status: "done", note: "filed" }], ""), IDS);
    assert.equal(plan.items[0].kind, "conflict");
    assert.equal(m.applyPlan(local, plan, {}, T3).assessment, local);
    const taken = m.applyPlan(local, plan, { "P1-01": "file" }, T3);
    assert.deepEqual(taken.changed, ["P1-01"]);
    assert.equal(taken.assessment.measures["P1-01"].note, "filed");
    assert.equal(taken.assessment.measures["P1-01"].updated, T3);
  });

  test("an empty or missing local assessment takes everything as new", () => {
    const file = v2File([{ id: "P1-01", status: "done", updated: T2 }]);
    assert.equal(m.planImport(null, file, IDS).plan.items[0].kind, "new");
    const fresh = f.createAssessment(f.emptyState(), {}, { now: T3, newId: counter() }).state.assessments.a1;
    const applied = m.applyPlan(fresh, m.planImport(fresh, file, IDS).plan, {}, T4);
    assert.deepEqual(applied.assessment.measures["P1-01"], { ...f.emptyEntry(), status: "done", updated: T2, times: { status: T2 } });
    assert.equal(applied.assessment.updated, T4);
  });
});

describe("applyPlan", () => {
  const local = deepFreeze(stateWith([
    ["P1-01", { status: "done", note: "keep" }, T3],
    ["P1-02", { status: "in-progress" }, T1],
  ]).assessments.a1);
  const file = v2File([
    { id: "P1-01", status: "in-progress", note: "older", updated: T2 },
    { id: "P1-02", status: "done", updated: T2 },
  ]);

  test("choices override the defaults; going against the dates is dated now", () => {
    const { plan } = m.planImport(local, file, IDS);
    const applied = m.applyPlan(local, plan, { "P1-01": "file", "P1-02": "local" }, T4);
    assert.deepEqual(applied.changed, ["P1-01"]);
    assert.equal(applied.assessment.measures["P1-01"].note, "older");
    assert.equal(applied.assessment.measures["P1-01"].updated, T4);
    assert.deepEqual(applied.assessment.measures["P1-01"].times, { status: T4, note: T4 });
    assert.equal(applied.assessment.measures["P1-02"].status, "in-progress");
  });

  test("returns the previous assessment as undo, and changes nothing it was given", () => {
    const { plan } = m.planImport(local, file, IDS);
    const applied = m.applyPlan(local, plan, {}, T4);
    assert.equal(applied.undo, local);
    assert.equal(local.measures["P1-02"].status, "in-progress");
    assert.equal(applied.assessment.measures["P1-02"].status, "done");
  });

  test("an entry changed here after planning is left alone (stale)", () => {
    const { plan } = m.planImport(local, file, IDS);
    const edited = f.setMeasure({ ...f.emptyState(), current: "a1", assessments: { a1: local } }, "a1", "P1-02",
      { note: "typed meanwhile" }, T4).state.assessments.a1;
    const applied = m.applyPlan(edited, plan, {}, T4);
    assert.deepEqual(applied.stale, ["P1-02"]);
    assert.deepEqual(applied.changed, []);
    assert.equal(applied.assessment.measures["P1-02"].note, "typed meanwhile");
  });

  test("undoImport puts back what the import changed, dated now, but not what was edited since", () => {
    const { plan } = m.planImport(local, v2File([
      { id: "P1-02", status: "done", updated: T2 },
      { id: "P2-01", status: "done", note: "new one", updated: T2 },
      { id: "P2-02", status: "in-progress", updated: T2 },
    ]), IDS);
    const applied = m.applyPlan(local, plan, {}, T3);
    assert.deepEqual(applied.changed, ["P1-02", "P2-01", "P2-02"]);
    let state = { ...f.emptyState(), current: "a1", assessments: { a1: applied.assessment } };
    state = f.setMeasure(state, "a1", "P2-02", { owner: "Cy" }, T4).state;
    const undone = m.undoImport(state.assessments.a1, applied, "2026-01-14T00:00:00.000Z");
    assert.deepEqual(undone.reverted, ["P1-02", "P2-01"]);
    assert.deepEqual(undone.kept, ["P2-02"]);
    const after = undone.assessment.measures;
    assert.equal(after["P1-02"].status, "in-progress");
    assert.equal(after["P1-02"].updated, "2026-01-14T00:00:00.000Z");
    assert.ok(!f.hasInfo(after["P2-01"]), "a measure the import added is emptied, dated, so other tabs follow");
    assert.equal(after["P2-02"].owner, "Cy");
    // Another tab still holding the import does not bring it back.
    const otherTab = { ...f.emptyState(), current: "a1", assessments: { a1: applied.assessment } };
    const merged = m.mergeStates({ ...f.emptyState(), current: "a1", assessments: { a1: undone.assessment } }, otherTab);
    assert.equal(merged.assessments.a1.measures["P1-02"].status, "in-progress");
    assert.ok(!f.hasInfo(merged.assessments.a1.measures["P2-01"]));
  });
});

describe("version 1 exports", () => {
  test("import with the file's exported date; not-started entries without a note are skipped", () => {
    const local = stateWith([["P1-02", { status: "in-progress", note: "mine" }, T2]]).assessments.a1;
    const file = v1File([
      { id: "P1-01", title: "Abuse contact", status: "done", note: "v1 note" },
      { id: "P1-02", title: "Hash matching", status: "done", note: "" },
      { id: "P1-03", title: "Keyword checks", status: "not-started", note: "" },
      { id: "P2-01", title: "Risk", status: "not-started", note: "only a note" },
      { id: "P2-02", title: "Age", status: "not-applicable", note: "no minors" },
    ], T1);
    const { plan } = m.planImport(local, file, IDS);
    assert.equal(plan.file.version, 1);
    assert.equal(plan.skipped, 1);
    assert.deepEqual(kinds(plan), { "P1-01": "new", "P1-02": "newer-here", "P2-01": "new", "P2-02": "new" });
    const after = m.applyPlan(local, plan, {}, T3).assessment.measures;
    assert.deepEqual(after["P1-01"], { ...f.emptyEntry(), status: "done", note: "v1 note", updated: T1, times: { status: T1, note: T1 } });
    assert.deepEqual(after["P1-02"], local.measures["P1-02"]);
    assert.equal(after["P2-01"].status, "not-started");
    assert.equal(after["P2-01"].note, "only a note");
    assert.equal(after["P2-02"].status, "not-applicable", "accepted without a reason: version 1 asked for none");
  });

  test("a version 1 export newer than the local entry is taken, field by field", () => {
    const local = stateWith([["P1-02", { status: "in-progress", note: "mine" }, T0]]).assessments.a1;
    const { plan } = m.planImport(local, v1File([{ id: "P1-02", status: "done", note: "" }], T2), IDS);
    assert.equal(plan.items[0].kind, "newer-in-file");
    const entry = m.applyPlan(local, plan, {}, T3).assessment.measures["P1-02"];
    assert.equal(entry.status, "done");
    assert.equal(entry.note, "mine");
  });

  test("version 1 statuses only", () => {
    assert.match(m.planImport(null, v1File([{ id: "P1-01", status: "not-adopted", note: "" }]), IDS).error, /P1-01, status/);
  });
});

describe("refused imports change nothing and name the first problem and the count", () => {
  const cases = {
    "not JSON": ["{nope", /not valid JSON/],
    "another format": [JSON.stringify({ format: "other", version: 2, measures: [] }), /format/],
    "a later version": [JSON.stringify({ format: "vp-self-assessment", version: 3, measures: [] }), /version “3”/],
    "no list": [JSON.stringify({ format: "vp-self-assessment", version: 2, measures: {} }), /not a list/],
    "unknown id": [v2File([{ id: "P8-01", status: "done" }]), /one problem: P8-01: is not a measure of this guidance/],
    "retired id": [v2File([{ id: "P9-01", status: "done" }]), /P9-01: was retired from the guidance in version 0\.2\.0/],
    "bad status": [v2File([{ id: "P1-01", status: "finished" }]), /P1-01, status: has the status “finished”/],
    "twice": [v2File([{ id: "P1-01", status: "done" }, { id: "P1-01", status: "done" }]), /P1-01: appears more than once/],
    "bad link": [v2File([{ id: "P1-01", status: "done", evidence: ["javascript:alert(1)"] }]), /P1-01, evidence: link 1/],
    "no id": [v2File([{ status: "done" }]), /measure 1, id: has no id/],
    "bad date": [v2File([{ id: "P1-01", status: "done", updated: "yesterday" }]), /P1-01, updated/],
    "bad details": [v2File([], { assessment: { name: 5 } }), /assessment name/],
  };
  for (const [name, [file, message]] of Object.entries(cases)) {
    test(name, () => {
      const result = m.planImport(null, file, IDS);
      assert.equal(result.plan, undefined);
      assert.match(result.error, /^Nothing was imported\./);
      assert.match(result.error, message);
    });
  }

  test("the count, and the first problem in file order", () => {
    const result = m.planImport(null, v2File([
      { id: "P1-01", status: "done" },
      { id: "P8-01", status: "done" },
      { id: "P1-02", status: "finished" },
      { id: "P9-01" },
    ]), IDS);
    assert.equal(result.problems.length, 3);
    assert.match(result.error, /The file has 3 problems; the first: P8-01: is not a measure/);
  });

  test("ids can be given as a list, retired ids as a list", () => {
    assert.ok(m.planImport(null, v2File([{ id: "P1-01", status: "done" }]), { knownIds: [...KNOWN] }).plan);
    assert.match(m.planImport(null, v2File([{ id: "P9-01", status: "done" }]), { knownIds: [...KNOWN], retiredIds: ["P9-01"] }).error,
      /P9-01: was retired from the guidance\.$/);
    assert.throws(() => m.planImport(null, v2File([]), {}), TypeError);
  });
});

describe("mergeEntries", () => {
  const e = (fields, times) => {
    const updated = Object.values(times).sort().pop() || "";
    return { ...f.emptyEntry(), ...fields, updated, times };
  };

  test("field by field, the later change wins; an untouched field never replaces a changed one", () => {
    // Both tabs started from {in-progress, "shared"} (T1); A changed the note (T2), B the status (T3).
    const a = e({ status: "in-progress", note: "A's note" }, { status: T1, note: T2 });
    const b = e({ status: "done", note: "shared" }, { status: T3, note: T1 });
    const merged = e({ status: "done", note: "A's note" }, { status: T3, note: T2 });
    assert.deepEqual(m.mergeEntries(a, b), merged);
    assert.deepEqual(m.mergeEntries(b, a), merged);
  });

  test("a field emptied later stays empty", () => {
    const older = e({ status: "done", note: "old note" }, { status: T1, note: T1 });
    const cleared = e({ status: "done", note: "" }, { status: T1, note: T2 });
    assert.deepEqual(m.mergeEntries(older, cleared), cleared);
    assert.deepEqual(m.mergeEntries(cleared, older), cleared);
  });

  test("the same time with different values: set over unset, then the same choice either way", () => {
    const a = e({ status: "in-progress", note: "A" }, { status: T2, note: T2 });
    const b = e({ status: "done", owner: "B" }, { status: T2, owner: T2 });
    assert.deepEqual(m.mergeEntries(a, b), m.mergeEntries(b, a));
    assert.equal(m.mergeEntries(a, b).note, "A");
    assert.equal(m.mergeEntries(a, b).owner, "B");
    const undated = { ...f.emptyEntry(), status: "done" };
    assert.deepEqual(m.mergeEntries(undated, f.emptyEntry()), undated);
  });

  test("associative and idempotent", () => {
    const a = e({ note: "a" }, { note: T1 });
    const b = e({ status: "done" }, { status: T2 });
    const c = e({ note: "c", owner: "C" }, { note: T3, owner: T0 });
    assert.deepEqual(m.mergeEntries(m.mergeEntries(a, b), c), m.mergeEntries(a, m.mergeEntries(b, c)));
    const ab = m.mergeEntries(a, b);
    assert.equal(m.mergeEntries(ab, ab), ab);
    assert.deepEqual(m.mergeEntries(ab, a), ab);
  });
});

describe("mergeStates: two tabs", () => {
  const start = stateWith([["P1-01", { status: "in-progress", note: "shared" }, T1]]);

  test("different measures: both kept", () => {
    const tabA = f.setMeasure(start, "a1", "P1-02", { status: "done" }, T2).state;
    const tabB = f.setMeasure(start, "a1", "P1-03", { status: "in-progress", note: "B" }, T3).state;
    const merged = m.mergeStates(tabA, tabB);
    const measures = merged.assessments.a1.measures;
    assert.equal(measures["P1-01"].note, "shared");
    assert.equal(measures["P1-02"].status, "done");
    assert.equal(measures["P1-03"].note, "B");
    assert.ok(f.sameContent(merged, m.mergeStates(tabB, tabA)), "commutative");
    assert.ok(f.sameContent(m.mergeStates(merged, tabB), merged), "idempotent");
  });

  test("the same measure: the newer wins, nothing lost", () => {
    const tabA = f.setMeasure(start, "a1", "P1-01", { note: "A's note" }, T2).state;
    const tabB = f.setMeasure(start, "a1", "P1-01", { status: "done" }, T3).state;
    const entry = m.mergeStates(tabA, tabB).assessments.a1.measures["P1-01"];
    assert.equal(entry.status, "done");
    assert.equal(entry.note, "A's note");
    assert.equal(entry.updated, T3);
    // The same field: the newer value wins.
    const tabC = f.setMeasure(start, "a1", "P1-01", { note: "C's note" }, T4).state;
    assert.equal(m.mergeStates(tabA, tabC).assessments.a1.measures["P1-01"].note, "C's note");
    assert.equal(m.mergeStates(tabC, tabA).assessments.a1.measures["P1-01"].note, "C's note");
  });

  test("a tab that saw the other's change and cleared a field is not undone", () => {
    const tabA = f.setMeasure(start, "a1", "P1-01", { note: "" }, T2).state; // A clears the note
    const merged = m.mergeStates(start, tabA); // B, still holding the note, hears of it
    assert.equal(merged.assessments.a1.measures["P1-01"].note, "");
  });

  test("assessments created in another tab appear; current stays this tab's", () => {
    const tabB = f.createAssessment(start, { name: "Other" }, { now: T2, newId: () => "b1" }).state;
    const merged = m.mergeStates(start, tabB);
    assert.deepEqual(Object.keys(merged.assessments), ["a1", "b1"]);
    assert.equal(merged.current, "a1");
    assert.equal(m.mergeStates(tabB, start).current, "b1");
  });

  test("a deletion wins over a copy not changed after it", () => {
    const tabA = f.deleteAssessment(start, "a1", T2).state;
    const merged = m.mergeStates(start, tabA);
    assert.deepEqual(merged.assessments, {});
    assert.equal(merged.current, "");
    assert.deepEqual(merged.deleted, { a1: T2 });
    assert.ok(f.sameContent(merged, m.mergeStates(tabA, start)));
  });

  test("a deletion loses to work done after it in another tab: the assessment comes back whole", () => {
    const tabA = f.deleteAssessment(start, "a1", T2).state;
    const tabB = f.setMeasure(start, "a1", "P1-02", { status: "done" }, T3).state;
    const merged = m.mergeStates(tabA, tabB);
    assert.deepEqual(Object.keys(merged.assessments.a1.measures), ["P1-01", "P1-02"]);
    assert.deepEqual(merged.deleted, {});
    assert.equal(merged.current, "a1");
  });

  test("a rename in one tab and a measure changed in the other: both kept", () => {
    const tabA = f.renameAssessment(start, "a1", { name: "Renamed" }, T2).state;
    const tabB = f.setMeasure(start, "a1", "P1-02", { status: "done" }, T3).state;
    for (const merged of [m.mergeStates(tabA, tabB), m.mergeStates(tabB, tabA)]) {
      assert.equal(merged.assessments.a1.name, "Renamed");
      assert.equal(merged.assessments.a1.measures["P1-02"].status, "done");
      assert.equal(merged.assessments.a1.updated, T3);
      assert.equal(merged.assessments.a1.created, T0);
    }
  });

  test("two tabs stop writing at once: after one merge each, the contents agree", () => {
    let stored = start;
    let tabA = f.setMeasure(start, "a1", "P1-02", { status: "done" }, T2).state;
    let tabB = f.setMeasure(start, "a1", "P1-03", { note: "b" }, T2).state;
    // A writes (read, merge, write); B hears of it, merges, and writes because it has more.
    stored = tabA = m.mergeStates(tabA, stored);
    tabB = m.mergeStates(tabB, stored);
    assert.ok(!f.sameContent(tabB, stored));
    stored = tabB;
    tabA = m.mergeStates(tabA, stored);
    assert.ok(f.sameContent(tabA, stored), "A has nothing to write back");
  });

  test("the states given are not changed", () => {
    const a = deepFreeze(f.setMeasure(start, "a1", "P1-02", { status: "done" }, T2).state);
    const b = deepFreeze(f.setMeasure(start, "a1", "P1-02", { note: "x" }, T3).state);
    assert.doesNotThrow(() => m.mergeStates(a, b));
  });
});

test("a 1 MB import plans and merges (timing: bench.js)", (t) => {
  const { text, local, knownIds, bytes, count } = bigCase();
  assert.ok(bytes >= 1_000_000 && bytes <= f.MAX_IMPORT_BYTES, String(bytes));
  const start = performance.now();
  const { plan } = m.planImport(local, text, { knownIds });
  const applied = m.applyPlan(local, plan, {}, T4);
  const merged = m.mergeStates({ ...f.emptyState(), current: "a1", assessments: { a1: local } },
    { ...f.emptyState(), current: "a1", assessments: { a1: applied.assessment } });
  const elapsed = performance.now() - start;
  t.diagnostic(`${bytes} bytes, ${count} measures: plan, apply and mergeStates in ${elapsed.toFixed(1)} ms (first run, cold)`);
  const quarter = count / 4;
  assert.equal(plan.items.length, count);
  assert.ok(Math.abs(plan.counts.new - quarter) <= 1 && Math.abs(plan.counts["newer-here"] - quarter) <= 1, JSON.stringify(plan.counts));
  assert.equal(applied.changed.length, plan.counts.new + plan.counts["newer-in-file"]);
  for (const item of plan.items) {
    const entry = merged.assessments.a1.measures[item.id];
    const kept = item.kind === "newer-here" || item.kind === "conflict" || item.kind === "same";
    assert.equal(entry.note, kept ? item.local.note : item.incoming.note, item.id + " " + item.kind);
    if (kept) assert.equal(entry, local.measures[item.id], item.id + " untouched");
  }
  assert.ok(elapsed < 2000, "far slower than expected: " + elapsed + " ms");
});
