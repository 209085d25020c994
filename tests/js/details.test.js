import { test } from "node:test";
import assert from "node:assert/strict";
import { DETAILS_FORMAT, detailsOf } from "../../docs/javascripts/details/core.js";

test("a details file gives each measure's HTML", () => {
  const data = { format: DETAILS_FORMAT, principle: 1, measures: { "P1-01": "<p>How.</p>", "P1-02": "<p>x</p>" } };
  assert.deepEqual(detailsOf(data), { "P1-01": "<p>How.</p>", "P1-02": "<p>x</p>" });
});

test("anything else is not used", () => {
  assert.equal(detailsOf(null), null);
  assert.equal(detailsOf("text"), null);
  assert.equal(detailsOf({ format: "vp-combined-details", measures: {} }), null);
  assert.equal(detailsOf({ format: DETAILS_FORMAT }), null);
  assert.equal(detailsOf({ format: DETAILS_FORMAT, measures: ["<p>x</p>"] }), null);
});

test("an entry that is not text is left out, the rest kept", () => {
  const data = { format: DETAILS_FORMAT, measures: { "P1-01": 3, "P1-02": "<p>x</p>", "P1-03": null } };
  assert.deepEqual(detailsOf(data), { "P1-02": "<p>x</p>" });
});
