import { test } from "node:test";
import assert from "node:assert/strict";
import { ANY, filterLabel, passes } from "../../docs/javascripts/assessment/view.js";

const NONE = { status: ANY, tier: ANY, law: ANY };
const m = (status, tier, law) => ({ status, tier, law });

test("no filter shows every measure and says nothing", () => {
  assert.ok(passes(m("done", "enhanced", ""), NONE));
  assert.equal(filterLabel(84, 84, NONE), "");
});

test("status and tier filters match exactly and combine", () => {
  const filters = { ...NONE, status: "in-progress", tier: "baseline" };
  assert.ok(passes(m("in-progress", "baseline", ""), filters));
  assert.ok(!passes(m("in-progress", "enhanced", ""), filters));
  assert.ok(!passes(m("done", "baseline", ""), filters));
  assert.equal(filterLabel(3, 84, filters), "Showing 3 of 84 measures: in progress, baseline.");
});

test("the law filter: required only, or required and expected", () => {
  const required = { ...NONE, law: "required" };
  const bound = { ...NONE, law: "bound" };
  assert.ok(passes(m("done", "baseline", "required"), required));
  assert.ok(!passes(m("done", "baseline", "expected"), required));
  assert.ok(passes(m("done", "baseline", "expected"), bound));
  assert.ok(passes(m("done", "baseline", "required"), bound));
  assert.ok(!passes(m("done", "baseline", ""), bound));
  assert.equal(filterLabel(1, 1, bound), "Showing 1 of 1 measure: required or expected by law.");
});
