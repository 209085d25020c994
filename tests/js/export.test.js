import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as format from "../../docs/javascripts/assessment/format.js";
import * as read from "../../docs/javascripts/assessment/read.js";
import * as state from "../../docs/javascripts/assessment/state.js";
import * as m from "../../docs/javascripts/assessment/merge.js";
import * as x from "../../docs/javascripts/assessment/export.js";
import { readCsv, viaBytes } from "./fixtures/read-csv.js";
import { PAGE, IDS, counter, deepFreeze } from "./fixtures/data.js";

/** The storage format's three modules (format.js, read.js, state.js) as one namespace. */
const f = { ...format, ...read, ...state };

const T1 = "2026-01-10T10:00:00.000Z";
const T2 = "2026-01-11T10:00:00.000Z";
const T3 = "2026-01-12T10:00:00.000Z";
const TRICKY = "café – “quotes”";

function sample() {
  let state = f.createAssessment(f.emptyState(), { name: "Shop", organisation: "Org", product: "App" },
    { now: T1, newId: counter() }).state;
  const set = (id, fields, now) => {
    state = f.setMeasure(state, "a1", id, fields, now).state;
  };
  set("P1-01", { status: "done", note: TRICKY + "\nsecond line, with \"quotes\"", owner: "Ann", due: "2026-02-01",
    evidence: ["https://example.org/a", "https://example.org/b?x=1,2"] }, T2);
  set("P1-02", { status: "not-applicable", reason: "=HYPERLINK(\"https://evil.example\")" }, T2);
  set("P1-03", { status: "in-progress", note: "-starts with a minus" }, T2);
  set("P1-03", { status: "not-started", note: "" }, T3); // reset: carries nothing
  set("P3-01", { status: "done" }, T2); // not on the page
  return deepFreeze(state.assessments.a1);
}

describe("exportData and exportJson", () => {
  test("only the page's measures that carry information, each with every field, updated and times", () => {
    const data = x.exportData(sample(), { measures: PAGE, scope: "social-media", datasetVersion: "0.1.0", now: T3 });
    assert.equal(data.format, "vp-self-assessment");
    assert.equal(data.version, 2);
    assert.equal(data.dataset_version, "0.1.0");
    assert.equal(data.exported, T3);
    assert.equal(data.scope, "social-media");
    assert.deepEqual(data.assessment, { name: "Shop", organisation: "Org", product: "App" });
    assert.deepEqual(data.measures.map((i) => i.id), ["P1-01", "P1-02"]);
    assert.deepEqual(Object.keys(data.measures[0]), ["id", "title", "status", "note", "owner", "due", "evidence", "reason",
      "updated", "times"]);
    assert.equal(data.measures[0].title, "Abuse contact");
    assert.equal(data.measures[0].updated, T2);
  });

  test("without a page list: every measure with information, in id order", () => {
    const data = x.exportData(sample(), { scope: "combined:a,b", datasetVersion: "0.1.0", now: T3 });
    assert.deepEqual(data.measures.map((i) => i.id), ["P1-01", "P1-02", "P3-01"]);
    assert.equal(data.scope, "combined:a,b");
  });

  test("round trip: an export imported into an empty assessment gives the same entries", () => {
    const assessment = sample();
    const text = x.exportJson(assessment, { measures: PAGE, scope: "social-media", datasetVersion: "0.1.0", now: T3 });
    assert.ok(text.endsWith("}\n"));
    const fresh = f.createAssessment(f.emptyState(), {}, { now: T3, newId: counter("b") }).state.assessments.b1;
    const { plan } = m.planImport(fresh, text, IDS);
    assert.deepEqual(plan.file.details, { name: "Shop", organisation: "Org", product: "App" });
    const imported = m.applyPlan(fresh, plan, {}, T3).assessment;
    for (const id of ["P1-01", "P1-02"]) assert.deepEqual(imported.measures[id], assessment.measures[id], id);
    // And again into the assessment it came from: nothing to do.
    assert.deepEqual(m.planImport(assessment, text, IDS).plan.counts, { new: 0, same: 2, "newer-here": 0, "newer-in-file": 0, conflict: 0 });
  });
});

describe("toCsv", () => {
  test("BOM first, CRLF line ends, RFC 4180 quoting", () => {
    const csv = x.toCsv([{ a: "plain", b: 'say "hi", twice' }, { a: "two\nlines", b: "" }, { a: 3, b: ["x", "y"] }], ["a", "b"]);
    assert.equal(csv, '\uFEFFa,b\r\nplain,"say ""hi"", twice"\r\n"two\nlines",\r\n3,x y\r\n');
  });

  test("formula-like cells get a leading apostrophe", () => {
    const cells = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "a=1", "1-2"];
    const csv = x.toCsv(cells.map((c) => ({ c })), ["c"]);
    const read = readCsv(csv).slice(1).map((r) => r[0]);
    assert.deepEqual(read, ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "'\r=1", "a=1", "1-2"]);
  });

  test("read back as a spreadsheet would: exact characters", () => {
    const csv = x.toCsv([{ t: TRICKY, n: 'line 1\r\nline 2\n"quoted", comma' }], ["t", "n"]);
    const rows = readCsv(viaBytes(csv));
    assert.deepEqual(rows, [["t", "n"], [TRICKY, 'line 1\r\nline 2\n"quoted", comma']]);
    assert.equal(rows[1][0].normalize("NFC"), rows[1][0], "no decomposed characters introduced");
  });

  test("spreadsheetSafe and csvCell", () => {
    assert.equal(x.spreadsheetSafe("=x"), "'=x");
    assert.equal(x.spreadsheetSafe("x"), "x");
    assert.equal(x.csvCell(null), "");
    assert.equal(x.csvCell(undefined), "");
    assert.equal(x.csvCell('-"a"'), '"\'-""a"""');
  });
});

describe("the report", () => {
  test("every page measure, with principle, tier, status, owner, due, evidence, note, reason, updated", () => {
    const csv = x.reportCsv(PAGE, sample());
    assert.ok(csv.startsWith("\uFEFFid,title,principle,tier,status,owner,due,evidence,note,reason,updated\r\n"));
    const rows = readCsv(viaBytes(csv));
    assert.deepEqual(rows[0], [...x.REPORT_COLUMNS]);
    assert.equal(rows.length, 1 + PAGE.length);
    const byId = Object.fromEntries(rows.slice(1).map((r) => [r[0], Object.fromEntries(r.map((v, i) => [rows[0][i], v]))]));
    assert.deepEqual(byId["P1-01"], {
      id: "P1-01", title: "Abuse contact", principle: "1", tier: "baseline", status: "done", owner: "Ann", due: "2026-02-01",
      evidence: "https://example.org/a https://example.org/b?x=1,2", note: TRICKY + "\nsecond line, with \"quotes\"", reason: "",
      updated: T2,
    });
    assert.equal(byId["P1-02"].reason, "'=HYPERLINK(\"https://evil.example\")", "formula neutralised");
    assert.equal(byId["P1-03"].status, "not-started");
    assert.equal(byId["P1-03"].updated, T3);
    assert.equal(byId["P2-01"].status, "not-started");
    assert.equal(byId["P2-01"].updated, "");
    assert.equal(byId["P3-01"], undefined, "only the page's measures");
  });

  test("reportRows keeps page order and raw values", () => {
    const rows = x.reportRows(PAGE, sample());
    assert.deepEqual(rows.map((r) => r.id), PAGE.map((p) => p.id));
    assert.deepEqual(rows[0].evidence, ["https://example.org/a", "https://example.org/b?x=1,2"]);
    assert.equal(rows[0].principle, 1);
  });
});

test("fileName", () => {
  assert.equal(x.fileName("social-media", "2026-01-12", "json"), "vp-self-assessment-social-media-2026-01-12.json");
  assert.equal(x.fileName("combined:a,b", "2026-01-12", "csv"), "vp-self-assessment-combined-a-b-2026-01-12.csv");
  assert.equal(x.fileName("../x", "", "csv"), "vp-self-assessment-x.csv");
});
