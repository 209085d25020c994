import { test } from "node:test";
import assert from "node:assert/strict";
import { idFor } from "../../docs/javascripts/anchors/core.js";

const IDS = ["principle-1", "P1-02", "P11-04", "theme-prevent"];

test("a fragment in another case names the id", () => {
  assert.equal(idFor("p1-02", IDS), "P1-02");
  assert.equal(idFor("PRINCIPLE-1", IDS), "principle-1");
  assert.equal(idFor("p11-04", IDS), "P11-04");
});

test("an exact match is the browser's: nothing to do", () => {
  assert.equal(idFor("P1-02", IDS), null);
});

test("no fragment, no match or a malformed one: nothing", () => {
  assert.equal(idFor("", IDS), null);
  assert.equal(idFor("p1-2", IDS), null);
  assert.equal(idFor("%E0%A4%A", IDS), null);
});

test("a percent-encoded fragment is decoded first", () => {
  assert.equal(idFor("p1%2D02", IDS), "P1-02");
});
