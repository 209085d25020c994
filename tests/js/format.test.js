import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as format from "../../docs/javascripts/assessment/format.js";
import * as read from "../../docs/javascripts/assessment/read.js";
import * as state from "../../docs/javascripts/assessment/state.js";
import { counter, deepFreeze } from "./fixtures/data.js";

/** The storage format's three modules (format.js, read.js, state.js) as one namespace. */
const f = { ...format, ...read, ...state };

const T1 = "2026-01-10T10:00:00.000Z";
const T2 = "2026-01-11T10:00:00.000Z";
const T3 = "2026-01-12T10:00:00.000Z";
const T4 = "2026-01-13T10:00:00.000Z";

/** A state with one assessment "a1" created at T1. */
function oneAssessment() {
  const made = f.createAssessment(f.emptyState(), { name: "Shop" }, { now: T1, newId: counter() });
  return made.state;
}

describe("dates", () => {
  test("toIso gives canonical UTC and refuses what is not ISO 8601 with a zone", () => {
    assert.equal(f.toIso("2026-01-10T11:00:00+01:00"), T1);
    assert.equal(f.toIso("2026-01-10T10:00Z"), T1);
    assert.equal(f.toIso(T1), T1);
    for (const bad of ["2026-01-10", "2026-01-10T10:00:00", "yesterday", "", 12, null, "2026-13-01T00:00:00Z"]) {
      assert.equal(f.toIso(bad), "", String(bad));
    }
  });

  test("isoNow takes a Date, milliseconds or a string, and throws without one", () => {
    assert.equal(f.isoNow(new Date(T1)), T1);
    assert.equal(f.isoNow(Date.parse(T1)), T1);
    assert.equal(f.isoNow(T1), T1);
    assert.throws(() => f.isoNow(undefined), TypeError);
    assert.throws(() => f.isoNow("soon"), TypeError);
  });

  test("after is later than what it follows even when the clock went back", () => {
    assert.equal(f.after(T2, T1), T2);
    assert.equal(f.after(T1, T2), "2026-01-11T10:00:00.001Z");
    assert.equal(f.after(T1, T1), "2026-01-10T10:00:00.001Z");
    assert.equal(f.after(T1, ""), T1);
    assert.equal(f.later(T1, T2), T2);
    assert.equal(f.later("", T1), T1);
  });

  test("isDay accepts real days only", () => {
    assert.ok(f.isDay("2024-02-29"));
    assert.ok(!f.isDay("2025-02-29"));
    assert.ok(!f.isDay("2025-2-1"));
    assert.ok(!f.isDay("2025-01-01T00:00:00Z"));
  });
});

test("compareIds orders by principle then number", () => {
  assert.deepEqual(["P10-01", "P2-10", "P2-02", "x", "P1-03"].sort(f.compareIds), ["P1-03", "P2-02", "P2-10", "P10-01", "x"]);
  assert.ok(f.MEASURE_ID.test("P99-00"));
  for (const bad of ["P0-01", "P01-01", "P100-01", "P1-1", "p1-01", "P1-001"]) assert.ok(!f.MEASURE_ID.test(bad), bad);
});

describe("linkProblem", () => {
  test("accepts https links", () => {
    assert.equal(f.linkProblem("https://example.org/policy?x=1#a"), "");
    assert.equal(f.linkProblem("HTTPS://Example.org"), "");
  });
  test("refuses everything else, with a reason", () => {
    const bad = {
      "http://example.org": "https",
      "javascript:alert(1)": "https",
      "data:text/html,<b>x</b>": "https",
      "file:///etc/passwd": "https",
      "https:example.org": "https",
      "https://": "web address",
      "https://user:secret@example.org/": "user name or password",
      "https://user@example.org/": "user name or password",
      "https://exa mple.org": "spaces",
      "https://example.org/\nx": "control",
      " https://example.org": "spaces",
      ["https://example.org/" + "a".repeat(2000)]: "longer than 2000",
    };
    for (const [link, why] of Object.entries(bad)) assert.match(f.linkProblem(link), new RegExp(why), link);
    assert.equal(f.linkProblem(42), "is not text");
    assert.equal(f.linkProblem("https://example.org/" + "a".repeat(1980)), "");
  });
});

describe("readEntry", () => {
  test("keeps good fields, ignores unknown ones, fills the rest", () => {
    const read = f.readEntry({ status: "done", note: "n", extra: 1, evidence: ["https://a.example"], updated: "2026-01-10T11:00:00+01:00" }, "P1-01");
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.entry, { status: "done", note: "n", owner: "", due: "", evidence: ["https://a.example"], reason: "", updated: T1,
      times: { status: T1, note: T1, evidence: T1 } });
  });

  test("reports each bad field with its measure and field, and leaves it out", () => {
    const read = f.readEntry({
      status: "done",
      note: "x".repeat(5001),
      reason: "y".repeat(5001),
      owner: "o".repeat(201),
      due: "2026-02-30",
      evidence: ["https://ok.example", "javascript:alert(1)"],
      updated: "last week",
    }, "P1-03");
    assert.deepEqual(read.problems.map((p) => [p.measure, p.field]), [
      ["P1-03", "note"], ["P1-03", "reason"], ["P1-03", "owner"], ["P1-03", "due"], ["P1-03", "evidence"], ["P1-03", "updated"],
    ]);
    assert.equal(read.entry.status, "done");
    assert.equal(read.entry.note, "");
    assert.deepEqual(read.entry.evidence, ["https://ok.example"]);
    assert.match(f.describeProblem(read.problems[0]), /^P1-03, note: is longer than 5000 characters\.$/);
  });

  test("limits are inclusive", () => {
    const read = f.readEntry({ note: "x".repeat(5000), reason: "y".repeat(5000), owner: "o".repeat(200),
      evidence: Array.from({ length: 20 }, (_, i) => "https://e.example/" + i) }, "P1-01");
    assert.deepEqual(read.problems, []);
    const more = f.readEntry({ evidence: Array.from({ length: 21 }, (_, i) => "https://e.example/" + i) }, "P1-01");
    assert.equal(more.problems[0].field, "evidence");
  });

  test("a bad status is reported and flagged; a missing one is not started", () => {
    const bad = f.readEntry({ status: "finished" }, "P1-01");
    assert.ok(bad.badStatus);
    assert.equal(bad.problems[0].field, "status");
    assert.equal(f.readEntry({}, "P1-01").entry.status, "not-started");
    assert.ok(f.readEntry({ status: "not-adopted" }, "P1-01", { statuses: f.V1_STATUSES }).badStatus);
  });

  test("hasInfo and isSet: not started with nothing written carries nothing", () => {
    assert.ok(!f.hasInfo(f.emptyEntry()));
    assert.ok(f.hasInfo({ ...f.emptyEntry(), owner: "Ann" }));
    assert.ok(f.hasInfo({ ...f.emptyEntry(), status: "in-progress" }));
    assert.ok(!f.isSet("evidence", []));
  });
});

describe("parseStored", () => {
  test("nothing saved gives an empty state", () => {
    const read = f.parseStored(null);
    assert.equal(read.error, undefined);
    assert.deepEqual(read.state, f.emptyState());
  });

  test("a corrupt value gives an error and an empty state, and never throws", () => {
    for (const text of ["{", "[]", '"x"', "null", '{"format":"other","version":2}', '{"format":"vp-self-assessment","version":3,"assessments":{}}',
      '{"format":"vp-self-assessment","version":2}', '{"format":"vp-self-assessment","version":1}', 42]) {
      const read = f.parseStored(text);
      assert.ok(read.error, String(text));
      assert.deepEqual(read.state, f.emptyState());
    }
    assert.match(f.parseStored('{"format":"vp-self-assessment","version":3}').error, /version “3”/);
  });

  test("version 1 migrates to one assessment, entries and dates kept", () => {
    const v1 = JSON.stringify({
      format: "vp-self-assessment",
      version: 1,
      measures: {
        "P1-01": { status: "done", note: "café – “quotes”", updated: T2 },
        "P1-02": { status: "not-applicable", note: "", updated: T1 },
        "P1-03": { status: "in-progress", note: "" },
      },
    });
    const read = f.parseStored(v1);
    assert.equal(read.error, undefined);
    assert.ok(read.migrated);
    assert.equal(read.state.current, f.V1_ASSESSMENT_ID);
    const a = read.state.assessments[f.V1_ASSESSMENT_ID];
    assert.equal(a.name, "My assessment");
    assert.equal(a.created, T1);
    assert.equal(a.updated, T2);
    assert.deepEqual(a.measures["P1-01"], { ...f.emptyEntry(), status: "done", note: "café – “quotes”", updated: T2,
      times: { status: T2, note: T2 } });
    assert.deepEqual(a.measures["P1-02"].times, { status: T1 }, "an empty note has no time");
    assert.equal(a.measures["P1-02"].reason, "", "version 1 had no reasons: flagged by progress, not refused");
    assert.equal(a.measures["P1-03"].updated, "");
    // Migrating is deterministic: two tabs migrating the same value agree.
    assert.deepEqual(f.parseStored(v1).state, read.state);
  });

  test("a bad entry in version 1 is left out and reported, the others kept", () => {
    const read = f.parseStored(JSON.stringify({ format: "vp-self-assessment", version: 1, measures: {
      "P1-01": { status: "done", note: "kept" }, "P1-02": { status: "not-adopted" }, "bogus": { status: "done" } } }));
    assert.deepEqual(Object.keys(read.state.assessments.v1.measures), ["P1-01"]);
    assert.equal(read.problems.length, 2);
  });

  test("version 2 round-trips through serialize", () => {
    let state = oneAssessment();
    state = f.setMeasure(state, "a1", "P1-03", { status: "done", note: "café – “quotes”\nline 2", owner: "Ann",
      due: "2026-03-01", evidence: ["https://example.org/e"] }, T2).state;
    state = f.deleteAssessment(f.createAssessment(state, { name: "Old" }, { now: T2, newId: () => "old" }).state, "old", T3).state;
    const text = f.serialize(state);
    const read = f.parseStored(text);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.state, state);
    assert.equal(f.serialize(read.state), text);
    assert.deepEqual(JSON.parse(text).deleted, { old: T3 });
  });

  test("version 2 with bad parts keeps all the rest and says where", () => {
    const text = JSON.stringify({
      format: "vp-self-assessment",
      version: 2,
      current: "nope",
      assessments: {
        a1: { name: "A", created: T1, updated: T2, measures: {
          "P1-01": { status: "done", note: "x".repeat(6000), owner: "Ann", updated: T2 },
          "P1-02": { status: "finished", note: "lost with its bad status" },
          "P1-03": { status: "in-progress", evidence: "https://not-a-list.example", updated: T1 },
          "bad-id": { status: "done" },
          constructor: { status: "done" },
        } },
        b2: { name: "B", created: T1, updated: T3, measures: {} },
        a3: "not an object",
      },
      deleted: { z9: "not a date" },
      unknown: true,
    }).replace('"a3":', '"__proto__":{"name":"C"},"a3":');
    const read = f.parseStored(text);
    assert.equal(read.error, undefined);
    assert.equal(read.state.current, "b2", "a current that does not exist becomes the most recent");
    assert.deepEqual(Object.keys(read.state.assessments).sort(), ["a1", "b2"]);
    const m = read.state.assessments.a1.measures;
    assert.deepEqual(Object.keys(m), ["P1-01", "P1-03"]);
    assert.equal(m["P1-01"].owner, "Ann");
    assert.equal(m["P1-01"].note, "");
    const where = read.problems.map((p) => [p.assessment, p.measure, p.field].join("|"));
    assert.ok(where.includes("a1|P1-01|note"));
    assert.ok(where.includes("a1|P1-02|status"));
    assert.ok(where.includes("a1|P1-03|evidence"));
    assert.equal(read.problems.length, 8, read.problems.map(f.describeProblem).join("\n"));
    assert.equal(Object.getPrototypeOf(read.state.assessments), Object.prototype);
  });

  test("a tombstone hides an assessment not changed after it, and goes when it was", () => {
    const base = { format: "vp-self-assessment", version: 2, current: "a1" };
    const old = f.parseStored(JSON.stringify({ ...base, assessments: { a1: { name: "A", updated: T1, measures: {} } }, deleted: { a1: T2 } }));
    assert.deepEqual(old.state.assessments, {});
    assert.deepEqual(old.state.deleted, { a1: T2 });
    const changed = f.parseStored(JSON.stringify({ ...base, assessments: { a1: { name: "A", updated: T3, measures: {} } }, deleted: { a1: T2 } }));
    assert.deepEqual(Object.keys(changed.state.assessments), ["a1"]);
    assert.deepEqual(changed.state.deleted, {});
  });
});

describe("named assessments", () => {
  test("create uses the id function, skips used ids, becomes current", () => {
    const start = deepFreeze(oneAssessment());
    const ids = ["a1", "bad id", "a2"];
    const made = f.createAssessment(start, { name: "Second", organisation: "Org", product: "App" }, { now: T2, newId: () => ids.shift() });
    assert.equal(made.id, "a2");
    assert.equal(made.state.current, "a2");
    assert.deepEqual(made.state.assessments.a2, { name: "Second", organisation: "Org", product: "App", created: T2, updated: T2,
      details_updated: T2, measures: {} });
    assert.deepEqual(Object.keys(start.assessments), ["a1"], "the state given is unchanged");
    assert.equal(f.createAssessment(start, { name: "x".repeat(201) }, { now: T2, newId: counter("b") }).field, "name");
    assert.ok(f.createAssessment(start, {}, { now: T2, newId: () => "a1" }).error);
    assert.equal(f.createAssessment(f.emptyState(), {}, { now: T2, newId: counter() }).state.assessments.a1.name, "My assessment");
  });

  test("an id left by a deleted assessment is not used again", () => {
    const state = f.deleteAssessment(oneAssessment(), "a1", T2).state;
    assert.equal(f.createAssessment(state, {}, { now: T3, newId: counter() }).id, "a2");
  });

  test("ensureCurrent keeps, picks the most recent, or creates", () => {
    const one = oneAssessment();
    assert.equal(f.ensureCurrent(one, { now: T2, newId: counter("x") }).state, one);
    assert.equal(f.ensureCurrent({ ...one, current: "" }, { now: T2, newId: counter("x") }).id, "a1");
    const made = f.ensureCurrent(f.emptyState(), { now: T2, newId: counter("x") });
    assert.equal(made.id, "x1");
    assert.equal(made.state.assessments.x1.name, "My assessment");
  });

  test("rename changes the details given and dates them", () => {
    const start = deepFreeze(oneAssessment());
    const renamed = f.renameAssessment(start, "a1", { organisation: "Org" }, T2).state.assessments.a1;
    assert.equal(renamed.name, "Shop");
    assert.equal(renamed.organisation, "Org");
    assert.equal(renamed.details_updated, T2);
    assert.equal(f.renameAssessment(start, "a1", { name: "" }, T2).state.assessments.a1.name, "My assessment");
    assert.equal(f.renameAssessment(start, "a1", { name: "Shop" }, T2).state, start, "no change, same state");
    assert.ok(f.renameAssessment(start, "zz", { name: "x" }, T2).error);
    assert.equal(f.renameAssessment(start, "a1", { product: 5 }, T2).field, "product");
  });

  test("switch changes the current assessment only to one that exists", () => {
    const two = f.createAssessment(oneAssessment(), {}, { now: T2, newId: () => "b" }).state;
    assert.equal(f.switchAssessment(two, "a1").state.current, "a1");
    assert.ok(f.switchAssessment(two, "constructor").error);
  });

  test("delete leaves a tombstone, moves current, and can be undone", () => {
    const two = deepFreeze(f.createAssessment(oneAssessment(), { name: "B" }, { now: T2, newId: () => "b" }).state);
    const deleted = f.deleteAssessment(two, "b", T3);
    assert.equal(deleted.state.current, "a1");
    assert.deepEqual(Object.keys(deleted.state.assessments), ["a1"]);
    assert.deepEqual(deleted.state.deleted, { b: T3 });
    assert.equal(deleted.undo, two.assessments.b);
    const restored = f.restoreAssessment(deleted.state, "b", deleted.undo, "2026-01-13T00:00:00.000Z").state;
    assert.deepEqual(restored.deleted, {});
    assert.equal(restored.current, "b");
    assert.equal(restored.assessments.b.updated, "2026-01-13T00:00:00.000Z");
    assert.ok(f.deleteAssessment(two, "zz", T3).error);
  });
});

describe("setMeasure", () => {
  test("sets the fields given, dated now, each changed field with its time", () => {
    const start = deepFreeze(oneAssessment());
    const first = f.setMeasure(start, "a1", "P1-03", { status: "in-progress", note: "started" }, T2);
    assert.ok(first.changed);
    assert.deepEqual(first.entry, { ...f.emptyEntry(), status: "in-progress", note: "started", updated: T2, times: { status: T2, note: T2 } });
    assert.equal(first.state.assessments.a1.updated, T2);
    const second = f.setMeasure(first.state, "a1", "P1-03", { status: "done" }, T3);
    assert.deepEqual(second.entry, { ...first.entry, status: "done", updated: T3, times: { status: T3, note: T2 } });
    const cleared = f.setMeasure(second.state, "a1", "P1-03", { note: "" }, T4).entry;
    assert.deepEqual(cleared.times, { status: T3, note: T4 }, "a cleared field keeps the time it was cleared");
    assert.equal(start.assessments.a1.measures["P1-03"], undefined, "the state given is unchanged");
  });

  test("not applicable and not adopted need a reason", () => {
    const start = oneAssessment();
    for (const status of ["not-applicable", "not-adopted"]) {
      const refused = f.setMeasure(start, "a1", "P1-01", { status }, T2);
      assert.equal(refused.field, "reason", status);
      assert.equal(refused.state, undefined);
      assert.equal(f.setMeasure(start, "a1", "P1-01", { status, reason: "  " }, T2).field, "reason");
      assert.ok(f.setMeasure(start, "a1", "P1-01", { status, reason: "We have no uploads." }, T2).changed);
    }
    const na = f.setMeasure(start, "a1", "P1-01", { status: "not-applicable", reason: "No uploads." }, T2).state;
    assert.equal(f.setMeasure(na, "a1", "P1-01", { reason: "" }, T3).field, "reason", "the reason cannot be emptied");
    const v1 = f.parseStored(JSON.stringify({ format: "vp-self-assessment", version: 1,
      measures: { "P1-01": { status: "not-applicable", note: "", updated: T1 } } })).state;
    assert.ok(f.setMeasure(v1, "v1", "P1-01", { note: "still editable" }, T2).changed, "a version 1 entry's note stays editable");
    assert.equal(f.setMeasure(v1, "v1", "P1-01", { status: "not-adopted" }, T2).field, "reason");
  });

  test("bad values are refused with their field", () => {
    const start = oneAssessment();
    assert.equal(f.setMeasure(start, "a1", "P1-01", { evidence: ["javascript:alert(1)"] }, T2).field, "evidence");
    assert.equal(f.setMeasure(start, "a1", "P1-01", { due: "tomorrow" }, T2).field, "due");
    assert.equal(f.setMeasure(start, "a1", "P1-01", { status: "finished" }, T2).field, "status");
    assert.equal(f.setMeasure(start, "a1", "P1-01", { note: "x".repeat(5001) }, T2).field, "note");
    assert.ok(f.setMeasure(start, "a1", "P1-1", { status: "done" }, T2).error);
    assert.ok(f.setMeasure(start, "zz", "P1-01", { status: "done" }, T2).error);
  });

  test("the same values change nothing; the clock going back still dates the change later", () => {
    const start = oneAssessment();
    assert.equal(f.setMeasure(start, "a1", "P1-01", { status: "not-started", note: "" }, T2).state, start);
    const set = f.setMeasure(start, "a1", "P1-01", { note: "n" }, T3).state;
    assert.equal(f.setMeasure(set, "a1", "P1-01", { note: "n" }, T3).changed, false);
    assert.equal(f.setMeasure(set, "a1", "P1-01", { note: "m" }, T2).entry.updated, "2026-01-12T10:00:00.001Z");
  });
});

test("sameContent ignores key order and current", () => {
  const a = f.setMeasure(f.setMeasure(oneAssessment(), "a1", "P1-01", { note: "1" }, T2).state, "a1", "P1-02", { note: "2" }, T2).state;
  const m = a.assessments.a1.measures;
  const b = { ...a, current: "", assessments: { a1: { ...a.assessments.a1, measures: { "P1-02": m["P1-02"], "P1-01": m["P1-01"] } } } };
  assert.notEqual(JSON.stringify(a.assessments), JSON.stringify(b.assessments));
  assert.ok(f.sameContent(a, b));
  assert.ok(!f.sameContent(a, f.setMeasure(a, "a1", "P1-01", { note: "x" }, T3).state));
});
