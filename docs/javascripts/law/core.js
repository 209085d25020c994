/* The choice of jurisdictions on the checklists, without the page: what a measure's `data-vp-law` tokens
   say for the jurisdictions and service types chosen, and the choice as the address keeps it (?law=a,b).

   A token is `jurisdiction:force` on a service type's checklist and `jurisdiction:force:type+type` on the
   combined checklist, with the service types that law binds; force is `required` or `expected`
   (vpguide/site.py, law_tokens). */

export const FORCES = ["required", "expected"];
const TOKEN = /^([a-z0-9]+(?:-[a-z0-9]+)*):(required|expected)(?::([a-z0-9+-]+))?$/;

/** The tokens of an attribute: [{jurisdiction, force, services}], services null when the token names none.
    What is not a token is left out. */
export function parseTokens(attribute) {
  const tokens = [];
  for (const word of String(attribute || "").split(/\s+/)) {
    const match = TOKEN.exec(word);
    if (!match) continue;
    tokens.push({
      jurisdiction: match[1],
      force: match[2],
      services: match[3] ? match[3].split("+").filter(Boolean) : null,
    });
  }
  return tokens;
}

/** What the law of the chosen jurisdictions makes of a measure: {force, required, expected}, force
    `required` when one of them requires it, `expected` when one expects it and none requires it, else
    `voluntary`; `required` and `expected` list the jurisdictions, in the order chosen. `services`: the
    service types chosen on the combined checklist (a token counts when it binds one of them), or null. */
export function statusOf(tokens, chosen, services = null) {
  const found = { required: [], expected: [] };
  for (const jurisdiction of chosen) {
    const forces = tokens
      .filter((t) => t.jurisdiction === jurisdiction)
      .filter((t) => !services || !services.length || !t.services || t.services.some((s) => services.includes(s)))
      .map((t) => t.force);
    if (forces.includes("required")) found.required.push(jurisdiction);
    else if (forces.includes("expected")) found.expected.push(jurisdiction);
  }
  const force = found.required.length ? "required" : found.expected.length ? "expected" : "voluntary";
  return { force, required: found.required, expected: found.expected };
}

/** Counts of statuses: {required, expected, voluntary}. */
export function countStatuses(statuses) {
  const counts = { required: 0, expected: 0, voluntary: 0 };
  for (const status of statuses) counts[status.force] += 1;
  return counts;
}

/** The jurisdictions the address asks for (?law=a,b, or law= repeated), among `known`, in `known`'s order;
    with `name`, the values of that parameter instead. */
export function fromSearch(search, known, name = "law") {
  const asked = new Set();
  new URLSearchParams(search).getAll(name).forEach((value) => {
    value.split(",").forEach((id) => asked.add(id.trim()));
  });
  return known.filter((id) => asked.has(id));
}

/** `search` with the choice in it: other parameters kept, `law` last, its commas left readable. */
export function withChoice(search, chosen) {
  const params = new URLSearchParams(search);
  params.delete("law");
  let query = params.toString();
  if (chosen.length) query = (query ? query + "&" : "") + "law=" + chosen.join(",");
  return query ? "?" + query : "";
}

/** "A", "A and B", "A, B and C". */
export function andList(names) {
  if (names.length < 2) return names.join("");
  return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
}

/** The line a measure shows for a status, with jurisdictions named by `names` (id -> name). */
export function statusLine(status, names) {
  const name = (id) => names[id] || id;
  const parts = [];
  if (status.required.length) parts.push("Required in " + andList(status.required.map(name)));
  if (status.expected.length) parts.push("expected in " + andList(status.expected.map(name)));
  if (!parts.length) return "Voluntary in the jurisdictions you chose";
  const line = parts.join("; ");
  return line[0].toUpperCase() + line.slice(1);
}
