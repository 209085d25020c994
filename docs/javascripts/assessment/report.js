/* The self-assessment's report (/checklists/report/): the assessment saved in this browser, summed up over
   the measures of a checklist (?scope=social-media), of several (?scope=combined:a,b) or of the whole
   guidance: who it is for (organisation, product), as of when, progress by principle and by tier, baseline
   measures not done, overdue items, owners, the reasons given for measures not applicable or not adopted,
   the measures legally required or expected where the checklists say so (data-vp-law), and every measure.
   Printed on a few pages (panels.css); exported as CSV (UTF-8 with a byte order mark, formula-safe) and
   JSON. The measures' titles, principles and tiers come from a file the renderer writes (vpguide/render.py,
   checklists/report/measures.json), loaded by this page only. */
import { DEFAULT_NAME, LIMITS, STATUS_LABELS, own } from "./format.js";
import { ensureCurrent, renameAssessment, switchAssessment } from "./state.js";
import { exportJson, fileName, reportCsv } from "./export.js";
import { localDay, summary } from "./progress.js";
import { newId, openStore } from "./store.js";
import { element, fetchJson, longDay, progressText } from "./ui.js";
import { download, evidenceList, stylesheet } from "./io.js";

const DATA_FORMAT = "vp-report-measures";
const NOTE_LENGTH = 160; // notes are shortened on paper; the exports have them whole
const COUNTED = ["done", "in-progress", "not-applicable", "not-adopted", "not-started"];

export function setup(root) {
  const report = { root, stopped: false, data: null, store: null, scope: "all", controls: null };
  const src = root.getAttribute("data-vp-measures");
  const listener = () => {
    if (!report.stopped && report.data) render(report);
  };
  Promise.all([fetchJson(src), openStore(listener), stylesheet("panels.css")]).then(
    ([data, store]) => {
      report.store = store;
      if (report.stopped) return store.stop();
      if (!data || data.format !== DATA_FORMAT || !Array.isArray(data.measures)) throw new Error("not the report's data");
      report.data = data;
      report.datasetVersion = root.getAttribute("data-vp-dataset-version") || data.version || "";
      report.links = checklistLinks();
      report.scope = scopeFromAddress(data);
      build(report);
      render(report);
      const problem = store.problem;
      if (problem) {
        say(report, "Part or all of the self-assessment saved in this browser could not be read" +
          (problem.message ? ": " + problem.message.replace(/\.$/, "") : "") + ".", true);
      }
    },
    () => {
      if (!report.stopped) {
        root.replaceChildren(element("p", { class: "vp-report__error" },
          "The list of this guidance's measures could not be loaded, so the report cannot be made. Try again when online."));
      }
    },
  );
  return function stop() {
    report.stopped = true;
    if (report.store) report.store.stop();
  };
}

/** The checklists' addresses and names, from the page's own links. */
function checklistLinks() {
  const links = { services: {}, combined: null };
  document.querySelectorAll(".vp-report__checklists a[data-vp-service]").forEach((a) => {
    links.services[a.getAttribute("data-vp-service")] = { href: a.href, name: a.textContent.trim() };
  });
  const combined = document.querySelector(".vp-report__checklists a[data-vp-combined]");
  if (combined) links.combined = combined.href;
  return links;
}

/** "social-media", "combined:a,b" or "all", from ?scope=; only service types of the guidance are kept. */
function scopeFromAddress(data) {
  const asked = new URLSearchParams(window.location.search).get("scope") || "";
  const known = data.service_types.map((s) => s.id);
  if (known.includes(asked)) return asked;
  if (asked.startsWith("combined:")) {
    const chosen = asked.slice(9).split(",").filter((id) => known.includes(id));
    if (chosen.length === 1) return chosen[0];
    if (chosen.length) return "combined:" + known.filter((id) => chosen.includes(id)).join(",");
  }
  return "all";
}

function servicesOf(scope, data) {
  if (scope === "all") return data.service_types.map((s) => s.id);
  if (scope.startsWith("combined:")) return scope.slice(9).split(",");
  return [scope];
}

function serviceName(report, id) {
  const found = report.data.service_types.find((s) => s.id === id);
  return found ? found.name : id;
}

function scopeName(report, scope) {
  if (scope === "all") return "Every measure of the guidance";
  if (scope.startsWith("combined:")) return "Combined: " + servicesOf(scope, report.data).map((id) => serviceName(report, id)).join(", ");
  return serviceName(report, scope);
}

/** The measures of the scope, in the checklists' order: {id, title, principle, tier, law, href}. */
function measuresOf(report) {
  const { data, scope } = report;
  const services = servicesOf(scope, data);
  const single = scope !== "all" && !scope.startsWith("combined:") ? report.links.services[scope] : null;
  return data.measures
    .filter((m) => scope === "all" || m.service_types.some((s) => services.includes(s)))
    .map((m) => {
      const applies = scope === "all" ? [] : m.service_types.filter((s) => services.includes(s));
      const tier = applies.length ? strictest(applies.map((s) => (m.tiers && own(m.tiers, s)) || m.tier), data.tiers || []) : m.tier;
      const base = single ? single.href : report.links.combined;
      return { id: m.id, title: m.title, principle: m.principle, tier, law: lawOf(m, scope === "all" ? m.service_types : applies),
        href: base ? base.split("#")[0] + "#" + m.id : "" };
    });
}

/** The `jurisdiction:force` tokens of a measure's articles on the checklists of `services` ({service: tokens}
    in the data), each once, "required" before "expected". */
function lawOf(m, services) {
  const tokens = [];
  for (const s of services) for (const token of (m.law && own(m.law, s)) || []) if (!tokens.includes(token)) tokens.push(token);
  const rank = (token) => (token.endsWith(":required") ? 0 : 1);
  return tokens.sort((a, b) => rank(a) - rank(b));
}

/** The strictest of some tiers, in the guidance's order (baseline first): what a measure is for a company
    that runs several of the service types. */
function strictest(tiers, order) {
  for (const tier of order) if (tiers.includes(tier)) return tier;
  return tiers[0] || "";
}

function current(report) {
  const state = report.store.state;
  return own(state.assessments, state.current) || null;
}

function say(report, text, isError) {
  if (!report.controls) return;
  report.controls.message.textContent = text;
  report.controls.message.classList.toggle("vp-toolbar__message--error", Boolean(isError));
}

/* ---- The controls (on screen only) ---- */

function build(report) {
  const controls = element("section", { class: "vp-report__controls", "aria-labelledby": "vp-report-controls-title" });
  controls.append(
    element("h2", { id: "vp-report-controls-title", class: "vp-visually-hidden" }, "Choose what the report shows"),
    element("p", { class: "vp-toolbar__privacy" }, "Made in this browser from the self-assessment saved in it: nothing " +
      "is sent anywhere. Print it, save it as PDF, or export it, to share it with your team."),
  );
  const row = element("div", { class: "vp-report__choices" });
  const field = (id, label, control) => {
    control.id = id;
    const box = element("div", { class: "vp-assess__field" });
    box.append(element("label", { for: id }, label), control);
    row.append(box);
    return control;
  };
  const assessment = field("vp-report-assessment", "Assessment", element("select"));
  const scope = field("vp-report-scope", "Measures of", element("select"));
  const organisation = field("vp-report-organisation", "Organisation",
    element("input", { type: "text", maxlength: String(LIMITS.organisation) }));
  const product = field("vp-report-product", "Product or service",
    element("input", { type: "text", maxlength: String(LIMITS.product) }));
  const options = [["all", scopeName(report, "all")]];
  if (report.scope.startsWith("combined:")) options.push([report.scope, scopeName(report, report.scope)]);
  for (const s of report.data.service_types) options.push([s.id, s.name + " checklist"]);
  scope.append(...options.map(([value, label]) => element("option", { value }, label)));
  scope.value = report.scope;
  const actions = element("div", { class: "vp-toolbar__actions" });
  const print = element("button", { type: "button", class: "vp-button" }, "Print or save as PDF");
  const csv = element("button", { type: "button", class: "vp-button" }, "Export CSV");
  const json = element("button", { type: "button", class: "vp-button" }, "Export JSON");
  actions.append(print, csv, json);
  const message = element("p", { class: "vp-toolbar__message", role: "status" });
  controls.append(row, actions, message);
  const sheet = element("div", { class: "vp-report__sheet" });
  report.root.replaceChildren(controls, sheet);
  report.controls = { controls, assessment, scope, organisation, product, message };
  report.sheet = sheet;

  print.addEventListener("click", () => window.print());
  csv.addEventListener("click", () => exportFile(report, "csv"));
  json.addEventListener("click", () => exportFile(report, "json"));
  assessment.addEventListener("change", () => {
    if (assessment.value) report.store.update((state) => switchAssessment(state, assessment.value));
  });
  scope.addEventListener("change", () => {
    report.scope = scope.value;
    // Written by hand: URLSearchParams would escape the commas, and the address is meant to be read.
    window.history.replaceState(window.history.state, "", window.location.pathname + "?scope=" + report.scope);
    render(report);
  });
  for (const [name, input] of [["organisation", organisation], ["product", product]]) {
    input.addEventListener("change", () => {
      const value = input.value.trim();
      report.store.update((state) => {
        const now = new Date();
        const made = ensureCurrent(state, { now, newId });
        return made.error ? made : renameAssessment(made.state, made.id, { [name]: value }, now);
      }).then((result) => say(report, result.error || "Saved.", Boolean(result.error)));
    });
  }
}

function exportFile(report, kind) {
  const assessment = current(report);
  const measures = measuresOf(report);
  const now = new Date();
  const scope = report.scope === "all" ? "" : report.scope;
  const name = fileName(scope || "all", localDay(now), kind);
  const empty = { name: DEFAULT_NAME, organisation: "", product: "", measures: {} };
  if (kind === "csv") download(name, "text/csv;charset=utf-8", reportCsv(measures, assessment || empty));
  else download(name, "application/json", exportJson(assessment || empty, { measures, scope, datasetVersion: report.datasetVersion, now }));
  say(report, "Exported to " + name + ".");
}

/* ---- The report ---- */

function render(report) {
  const state = report.store.state;
  const assessment = current(report);
  const c = report.controls;
  const ids = Object.keys(state.assessments).sort((a, b) => state.assessments[a].name.localeCompare(state.assessments[b].name));
  c.assessment.replaceChildren(...(ids.length
    ? ids.map((id) => element("option", { value: id }, state.assessments[id].name))
    : [element("option", { value: "" }, DEFAULT_NAME)]));
  c.assessment.value = assessment ? state.current : "";
  for (const name of ["organisation", "product"]) {
    if (document.activeElement !== c[name]) c[name].value = assessment ? assessment[name] : "";
  }
  const measures = measuresOf(report);
  const today = localDay(new Date());
  const s = summary(measures, assessment, today);
  const entries = new Map(measures.map((m) => [m.id, m]));
  const sheet = [];

  const head = element("header", { class: "vp-report__head" });
  const who = [assessment && assessment.organisation, assessment && assessment.product].filter(Boolean);
  head.append(element("p", { class: "vp-report__who" }, who.length ? who.join(" \u00b7 ") : "Organisation and product not given"));
  const facts = element("dl", { class: "vp-report__facts" });
  const fact = (term, value) => facts.append(element("dt", {}, term), element("dd", {}, value));
  fact("Assessment", assessment ? assessment.name : DEFAULT_NAME + " (nothing marked yet)");
  fact("Measures of", scopeName(report, report.scope) + " (" + measures.length + ")");
  fact("As of", longDay(today));
  if (assessment && assessment.updated) fact("Last changed", longDay(localDay(new Date(assessment.updated))));
  fact("Guidance", "Voluntary Principles to Counter Online Child Sexual Exploitation and Abuse, guidance version " + report.datasetVersion);
  head.append(facts);
  sheet.push(head);

  const progress = section("progress", "Progress");
  progress.append(element("p", { class: "vp-report__overall" }, "Overall: " + progressText(s.overall) + "."));
  progress.append(scroller(countsTable("By tier", "Tier", s.tiers.map((t) => [capitalised(t.tier), t.counts])), "Progress by tier"));
  const titles = new Map((report.data.principles || []).map((p) => [p.number, p.title]));
  progress.append(scroller(countsTable("By principle", "Principle", s.principles.map((p) =>
    [p.principle + ". " + (titles.get(p.principle) || ""), p.counts])), "Progress by principle"));
  sheet.push(progress);

  const legal = measures.filter((m) => m.law.length);
  if (legal.length) {
    const part = section("law", "Measures the law requires or expects (" + legal.length + ")");
    part.append(scroller(table(["Measure", "Law", "Status"], legal.map((m) =>
      [idCell(m), lawText(report, m.law), STATUS_LABELS[entryOf(assessment, m.id).status]])), "Measures the law requires or expects"));
    sheet.push(part);
  }

  const baseline = section("baseline", "Baseline measures not done (" + s.baselineNotDone.length + ")");
  if (s.baselineNotDone.length) {
    baseline.append(scroller(table(["Measure", "Status", "Owner", "Due"], s.baselineNotDone.map((e) =>
      [idCell(entries.get(e.id)), STATUS_LABELS[e.status], e.owner, e.due])), "Baseline measures not done"));
  } else baseline.append(element("p", {}, "None: every baseline measure is done."));
  sheet.push(baseline);

  const late = section("overdue", "Overdue (" + s.overdue.length + ")");
  if (s.overdue.length) {
    late.append(scroller(table(["Measure", "Due", "Owner", "Status"], s.overdue.map((e) =>
      [idCell(entries.get(e.id)), e.due, e.owner, STATUS_LABELS[e.status]])), "Overdue"));
  } else late.append(element("p", {}, "Nothing is overdue."));
  sheet.push(late);

  const owners = section("owners", "Owners");
  if (s.owners.owners.length) {
    owners.append(scroller(table(["Owner", "Measures", "Settled", "In progress", "Overdue"], s.owners.owners.map((o) =>
      [o.owner, String(o.counts.total), String(o.counts.settled), String(o.counts["in-progress"]), String(o.overdue)])), "Owners"));
  } else owners.append(element("p", {}, "No measure has an owner yet."));
  if (s.owners.unassigned.length) {
    owners.append(element("p", {}, "Not settled and without an owner: " + s.owners.unassigned.length + " measures."));
  }
  sheet.push(owners);

  const reasons = section("reasons", "Not applicable or considered, not adopted: the reasons (" + s.reasons.length + ")");
  if (s.reasons.length) {
    reasons.append(scroller(table(["Measure", "Status", "Reason"], s.reasons.map((e) =>
      [idCell(entries.get(e.id)), STATUS_LABELS[e.status], e.missing ? "No reason given yet" : e.reason])), "Reasons for not applicable or not adopted"));
  } else reasons.append(element("p", {}, "No measure is marked not applicable or not adopted."));
  sheet.push(reasons);

  const all = section("measures", "Every measure (" + measures.length + ")");
  const every = table(["Measure", "Tier", "Status", "Owner", "Due"], [], "vp-report__all");
  for (const m of measures) {
    // A measure's row, and under it, across the table, its note and evidence: a group kept on one page.
    const e = entryOf(assessment, m.id);
    const rows = table(["Measure", "Tier", "Status", "Owner", "Due"], [[idCell(m), capitalised(m.tier), STATUS_LABELS[e.status], e.owner, e.due]]).tBodies[0];
    if (e.note || e.evidence.length) {
      const detail = element("td", { colspan: "5", class: "vp-report__detail" });
      if (e.note) detail.append(element("span", { class: "vp-report__note" }, "Note: " + shortened(e.note)));
      if (e.evidence.length) detail.append(evidenceList(e.evidence));
      const row = element("tr");
      row.append(detail);
      rows.append(row);
    }
    every.append(rows);
  }
  every.tBodies[0].remove(); // the empty one table() made
  all.append(scroller(every, "Every measure"));
  sheet.push(all);
  sheet.push(element("p", { class: "vp-report__foot" }, "Made on " + longDay(today) + " in this browser, from the " +
    "self-assessment saved in it. Notes are shortened here (to " + NOTE_LENGTH + " characters, on paper to a line); " +
    "the CSV and JSON exports have them whole."));
  report.sheet.replaceChildren(...sheet);
}

function entryOf(assessment, id) {
  const entry = assessment && own(assessment.measures, id);
  return entry || { status: "not-started", note: "", owner: "", due: "", evidence: [], reason: "" };
}

function capitalised(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : "";
}

function shortened(text) {
  return text.length > NOTE_LENGTH ? text.slice(0, NOTE_LENGTH - 1).trimEnd() + "\u2026" : text;
}

function lawText(report, tokens) {
  const names = new Map();
  for (const j of report.data.jurisdictions || []) {
    names.set(j.id.toLowerCase(), j.name);
    names.set(String(j.code).toLowerCase(), j.name);
  }
  return tokens.map((token) => {
    const [where, force] = token.split(":");
    return (names.get(where.toLowerCase()) || where) + " (" + force + ")";
  }).join(", ");
}

function section(id, title) {
  const part = element("section", { class: "vp-report__part vp-report__part--" + id, "aria-labelledby": "vp-report-" + id });
  part.append(element("h2", { id: "vp-report-" + id }, title));
  return part;
}

/** A table in a box that scrolls sideways on a narrow screen (a region the keyboard can scroll too), so
    that the page does not. */
function scroller(t, label) {
  const box = element("div", { class: "vp-report__scroll", tabindex: "0", role: "region", "aria-label": label + " (table)" });
  box.append(t);
  return box;
}

/** A measure's cell: its id linked to it on its checklist, and its title. */
function idCell(m) {
  const cell = document.createDocumentFragment();
  if (!m) return cell;
  cell.append(m.href ? element("a", { href: m.href }, m.id) : element("span", {}, m.id), " " + m.title);
  return cell;
}

/** A table; `short`: the headings of columns whose cells never wrap (dates, tiers). */
function table(headings, rows, extraClass, short = ["Due", "Tier", "Status"]) {
  const t = element("table", { class: "vp-report__table" + (extraClass ? " " + extraClass : "") });
  const head = element("tr");
  for (const h of headings) head.append(element("th", { scope: "col" }, h));
  t.append(element("thead"), element("tbody"));
  t.tHead.append(head);
  for (const row of rows) {
    const tr = element("tr");
    row.forEach((value, i) => {
      const cell = element(i === 0 ? "th" : "td", i === 0 ? { scope: "row" } : {});
      if (short.includes(headings[i])) cell.className = "vp-report__short";
      if (typeof value === "string") cell.textContent = value;
      else cell.append(value);
      tr.append(cell);
    });
    t.tBodies[0].append(tr);
  }
  return t;
}

function countsTable(caption, first, rows) {
  const t = table([first, "Measures", "Done", "In progress", "Not applicable", "Not adopted", "Not started", "Settled"],
    rows.map(([label, counts]) => [label, String(counts.total), ...COUNTED.map((s) => String(counts[s])),
      counts.total ? Math.round((100 * counts.settled) / counts.total) + "%" : "\u2013"]), "vp-report__counts");
  t.prepend(element("caption", {}, caption));
  return t;
}

