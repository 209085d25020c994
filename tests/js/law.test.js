import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as law from "../../docs/javascripts/law/core.js";

describe("tokens", () => {
  test("a checklist's tokens and the combined checklist's, anything else left out", () => {
    assert.deepEqual(law.parseTokens("united-kingdom:required european-union:expected:search+social-media <b> uk:maybe"), [
      { jurisdiction: "united-kingdom", force: "required", services: null },
      { jurisdiction: "european-union", force: "expected", services: ["search", "social-media"] },
    ]);
    assert.deepEqual(law.parseTokens(undefined), []);
    assert.deepEqual(law.parseTokens(""), []);
  });
});

describe("status", () => {
  const tokens = law.parseTokens("united-kingdom:expected australia:required");

  test("required wins over expected; jurisdictions in the order chosen", () => {
    assert.deepEqual(law.statusOf(tokens, ["united-kingdom", "australia"]), {
      force: "required", required: ["australia"], expected: ["united-kingdom"],
    });
    assert.equal(law.statusOf(tokens, ["united-kingdom"]).force, "expected");
  });

  test("voluntary where no jurisdiction chosen has law on it", () => {
    assert.deepEqual(law.statusOf(tokens, ["canada"]), { force: "voluntary", required: [], expected: [] });
    assert.equal(law.statusOf([], ["canada"]).force, "voluntary");
  });

  test("on the combined checklist a token counts for the service types it binds", () => {
    const combined = law.parseTokens("united-kingdom:required:social-media+gaming united-kingdom:expected:search");
    assert.equal(law.statusOf(combined, ["united-kingdom"], ["search"]).force, "expected");
    assert.equal(law.statusOf(combined, ["united-kingdom"], ["gaming", "search"]).force, "required");
    assert.equal(law.statusOf(combined, ["united-kingdom"], ["isp"]).force, "voluntary");
    assert.equal(law.statusOf(combined, ["united-kingdom"], []).force, "required"); // none chosen: all
    const expectedFirst = law.parseTokens("united-kingdom:expected:search united-kingdom:required:gaming");
    assert.equal(law.statusOf(expectedFirst, ["united-kingdom"], ["search", "gaming"]).force, "required");
  });

  test("counts", () => {
    const statuses = [{ force: "required" }, { force: "voluntary" }, { force: "voluntary" }, { force: "expected" }];
    assert.deepEqual(law.countStatuses(statuses), { required: 1, expected: 1, voluntary: 2 });
  });

  test("the line a measure shows", () => {
    const names = { "united-kingdom": "United Kingdom", australia: "Australia", "european-union": "European Union" };
    const status = law.statusOf(law.parseTokens("australia:required european-union:required united-kingdom:expected"),
      ["united-kingdom", "european-union", "australia"]);
    assert.equal(law.statusLine(status, names), "Required in European Union and Australia; expected in United Kingdom");
    assert.equal(law.statusLine(law.statusOf(tokens, ["united-kingdom"]), names), "Expected in United Kingdom");
    assert.equal(law.statusLine(law.statusOf(tokens, ["canada"]), names), "Voluntary in the jurisdictions you chose");
  });
});

describe("the address", () => {
  const known = ["united-states", "united-kingdom", "european-union"];

  test("reads the choice, known ids only, in the known order, commas or repeats", () => {
    assert.deepEqual(law.fromSearch("?law=european-union,united-kingdom,mars", known), ["united-kingdom", "european-union"]);
    assert.deepEqual(law.fromSearch("?law=united-states&law=european-union", known), ["united-states", "european-union"]);
    assert.deepEqual(law.fromSearch("?law=european-union%2Cunited-states", known), ["united-states", "european-union"]);
    assert.deepEqual(law.fromSearch("", known), []);
    assert.deepEqual(law.fromSearch("?services=search,isp", ["isp", "search"], "services"), ["isp", "search"]);
  });

  test("writes it readable, other parameters kept", () => {
    assert.equal(law.withChoice("?services=search&law=x", ["united-kingdom", "european-union"]),
      "?services=search&law=united-kingdom,european-union");
    assert.equal(law.withChoice("?law=united-kingdom", []), "");
    assert.equal(law.withChoice("", ["united-states"]), "?law=united-states");
  });

  test("names in a sentence", () => {
    assert.equal(law.andList([]), "");
    assert.equal(law.andList(["A"]), "A");
    assert.equal(law.andList(["A", "B", "C"]), "A, B and C");
  });
});
