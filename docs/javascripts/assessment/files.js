/* Export (JSON, CSV) and import (JSON, with a preview and undo) on a checklist; loaded at the first click on
   one of these buttons. README.md, "Self-assessment": formats and merge rules. */
import { FIELDS, MAX_IMPORT_BYTES, STATUS_LABELS, own } from "./format.js";
import { fieldTime } from "./read.js";
import { createAssessment, deleteAssessment, ensureCurrent, newAssessment } from "./state.js";
import { applyPlan, planImport, undoImport } from "./merge.js";
import { exportJson, fileName, reportCsv } from "./export.js";
import { localDay } from "./progress.js";
import { newId } from "./store.js";
import { element, fetchJson, longDay } from "./ui.js";
import { download, stylesheet } from "./io.js";

const FIELD_LABELS = { status: "Status", note: "Note", owner: "Owner", due: "Due", evidence: "Evidence", reason: "Reason" };
const KIND_LABELS = {
  new: "New here",
  same: "The same",
  "newer-here": "Newer here",
  "newer-in-file": "Newer in the file",
  conflict: "Conflict",
};
// Listed one by one in the preview, each with its choice: at most this many (the rest take their default).
const MAX_ROWS = 200;
const IDS_UNAVAILABLE = "The list of this site's measures could not be loaded to check the file. Try again when online.";

/** The measure's title: its heading's text without the id, the heading's permalink or the status beside it. */
function titleOf(m) {
  if (m.title === undefined) {
    const heading = m.article.querySelector("h4").cloneNode(true);
    heading.querySelectorAll(".headerlink, .vp-status-badge").forEach((link) => link.remove());
    const text = heading.textContent.replace(/\s+/g, " ").trim();
    m.title = text.startsWith(m.id + " \u00b7 ") ? text.slice(m.id.length + 3) : text;
  }
  return m.title;
}

/** The visible measures as export.js and progress.js take them: {id, title, principle, tier}; on the
    combined checklist each tier is the strictest for the chosen service types. */
function exportMeasures(api) {
  const page = api.page;
  const chosen = page.combined ? page.combined.chosen() : [];
  return api.visibleMeasures().map((m) => {
    const differ = Object.fromEntries((m.article.getAttribute("data-tiers") || "").split(" ").filter(Boolean).map((p) => p.split(":")));
    const tiers = chosen.filter((s) => m.serviceTypes.includes(s)).map((s) => own(differ, s) || m.tier);
    const tier = tiers.includes("baseline") ? "baseline" : tiers[0] || m.tier;
    return { id: m.id, title: titleOf(m), principle: m.principle, tier };
  });
}

function assessmentOf(api) {
  return api.current() || newAssessment({}, new Date());
}

function named(assessment) {
  return "\u201c" + assessment.name + "\u201d";
}

export function exportJsonFile(api) {
  const assessment = assessmentOf(api);
  const now = new Date();
  const text = exportJson(assessment, {
    measures: exportMeasures(api),
    scope: api.scope(),
    datasetVersion: api.page.datasetVersion,
    now,
  });
  const name = fileName(api.scope(), localDay(now), "json");
  download(name, "application/json", text);
  const count = JSON.parse(text).measures.length;
  api.say("Exported " + named(assessment) + " to " + name + ": the " + count + " measures of this page with something marked or written.");
}

export function exportCsvFile(api) {
  const assessment = assessmentOf(api);
  const measures = exportMeasures(api);
  const name = fileName(api.scope(), localDay(new Date()), "csv");
  download(name, "text/csv;charset=utf-8", reportCsv(measures, assessment));
  api.say("Exported " + named(assessment) + " to " + name + ": every one of the " + measures.length + " measures of this page.");
}

const idsFiles = {}; // address -> promise of {measures, retired}, or of null when it could not be had

/** Every measure id of the guidance (a file written by the build), loaded at the first import. */
function measureIds(src) {
  const address = new URL(src, window.location.href).href;
  if (!idsFiles[address]) {
    idsFiles[address] = fetchJson(src)
      .then((data) => {
        if (!Array.isArray(data.measures) || !data.retired || typeof data.retired !== "object") throw new Error("not a list");
        return { knownIds: data.measures, retiredIds: data.retired };
      })
      .catch(() => {
        delete idsFiles[address]; // the next import tries again
        return null;
      });
  }
  return idsFiles[address];
}

/** Read, check and plan an import; show the plan; apply it when the visitor says so. Nothing changes
    before that, and nothing at all when the file has any problem. */
export function importFile(api, file) {
  const nothing = "Nothing was imported from " + file.name + ". ";
  if (file.size > MAX_IMPORT_BYTES) {
    api.say(nothing + "The file is larger than an exported self-assessment can be (1 MiB).", true);
    return Promise.resolve();
  }
  const page = api.page;
  return Promise.all([file.text(), measureIds(page.idsSrc), stylesheet("panels.css")]).then(
    ([text, ids]) => {
      if (api.page !== page) return; // the visitor has left the checklist
      if (!ids) return api.say(nothing + IDS_UNAVAILABLE, true);
      const planned = planImport(api.current(), text, ids);
      if (planned.error) return api.say(planned.error.replace(/^Nothing was imported\. /, nothing), true);
      showPlan(api, file.name, planned.plan, () => planImport(null, text, ids).plan);
    },
    () => api.say(nothing + "The file could not be read.", true),
  );
}

function describeValue(name, value) {
  if (name === "status") return STATUS_LABELS[value];
  if (name === "due") return value ? longDay(value) : "";
  if (name === "evidence") return value.join(" ");
  return value.length > 200 ? value.slice(0, 200) + "\u2026" : value;
}

function when(iso) {
  if (!iso) return "date unknown";
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return "changed " + longDay(localDay(date)) + ", " + pad(date.getHours()) + ":" + pad(date.getMinutes());
}

/** The fields of one side of an item, as a list: "Status: Done (changed 4 December 2026, 10:05)". */
function side(item, entry) {
  const list = element("ul", { class: "vp-plan__values" });
  const names = Object.keys(item.fields);
  for (const name of names.length ? names : FIELDS) {
    if (!entry) break;
    const value = describeValue(name, entry[name]);
    list.append(element("li", {}, FIELD_LABELS[name] + ": " + (value || "(empty)") + " (" + when(fieldTime(entry, name)) + ")"));
  }
  if (!entry) list.append(element("li", {}, "Nothing"));
  return list;
}

function showPlan(api, name, plan, planForNew) {
  const current = api.current();
  const into = current ? named(current) : "a new assessment, " + "\u201cMy assessment\u201d";
  const dialog = element("dialog", { class: "vp-dialog md-typeset", "aria-labelledby": "vp-import-title" });
  const form = element("form", { method: "dialog" });
  const file = plan.file;
  const from = [file.details.name && named(file.details), file.details.organisation, file.details.product].filter(Boolean);
  form.append(
    element("h2", { id: "vp-import-title" }, "Import " + name),
    element("p", {}, "Into " + into + ". The file: version " + file.version +
      (file.exported ? ", exported " + when(file.exported).replace(/^changed /, "") : "") +
      (file.scope ? ", from the checklist " + file.scope : "") + (from.length ? ", of " + from.join(", ") : "") + "."),
  );
  const counts = element("ul", { class: "vp-plan__counts" });
  const c = plan.counts;
  const lines = [
    [c.new, "new here: taken"],
    [c["newer-in-file"], "newer in the file: taken (only the fields changed later there)"],
    [c["newer-here"], "newer here: kept as they are here"],
    [c.conflict, "in conflict (the dates do not say which is newer): kept as they are here unless you choose the file's"],
    [c.same, "the same here and in the file"],
    [plan.skipped, "with nothing marked or written: skipped"],
  ];
  for (const [count, text] of lines) if (count) counts.append(element("li", {}, count + " " + text));
  if (!counts.children.length) counts.append(element("li", {}, "Nothing to import"));
  form.append(counts, element("p", {}, "An import never empties anything: a field the file leaves empty keeps what is " +
    "saved here. You can undo the import afterwards."));

  const listed = plan.items.filter((item) => item.kind !== "same" && item.kind !== "new");
  const radios = [];
  if (listed.length) {
    const table = element("table", { class: "vp-plan" });
    table.append(element("caption", {}, "Measures saved both here and in the file, where they differ"));
    const head = element("tr");
    for (const label of ["Measure", "Here", "In the file", "Keep"]) head.append(element("th", { scope: "col" }, label));
    table.append(element("thead"), element("tbody"));
    table.tHead.append(head);
    for (const item of listed.slice(0, MAX_ROWS)) {
      const row = element("tr", { "data-measure": item.id });
      const measure = element("th", { scope: "row" }, item.id + " ");
      measure.append(element("span", { class: "vp-plan__kind" }, KIND_LABELS[item.kind]));
      const choice = element("td");
      const group = element("fieldset", { class: "vp-plan__choice" });
      group.append(element("legend", { class: "vp-visually-hidden" }, "Keep for " + item.id));
      for (const [value, label] of [["local", "This browser\u2019s"], ["file", "The file\u2019s"]]) {
        const input = element("input", { type: "radio", name: "vp-keep-" + item.id, value });
        input.checked = item.choice === value;
        radios.push([item.id, input]);
        const wrap = element("label");
        wrap.append(input, " " + label);
        group.append(wrap);
      }
      choice.append(group);
      const here = element("td");
      here.append(side(item, item.local));
      const there = element("td");
      there.append(side(item, item.incoming));
      row.append(measure, here, there, choice);
      table.tBodies[0].append(row);
    }
    const scroll = element("div", { class: "vp-plan__scroll", tabindex: "0", role: "region", "aria-label": "Measures that differ" });
    scroll.append(table);
    form.append(scroll);
    if (listed.length > MAX_ROWS) {
      form.append(element("p", {}, "And " + (listed.length - MAX_ROWS) + " more, each with the choice above its kind gives."));
    }
  }
  const buttons = element("div", { class: "vp-dialog__buttons" });
  const apply = element("button", { type: "submit", value: "apply", class: "vp-button" }, "Import");
  const asNew = element("button", { type: "submit", value: "new", class: "vp-button" }, "Import as a new assessment");
  const cancel = element("button", { type: "submit", value: "cancel", class: "vp-button" }, "Cancel");
  buttons.append(apply, asNew, cancel);
  form.append(buttons);
  dialog.append(form);
  document.body.append(dialog);
  const opener = document.activeElement;
  dialog.addEventListener("close", () => {
    const how = dialog.returnValue;
    const choices = {};
    for (const [id, input] of radios) if (input.checked) choices[id] = input.value;
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
    if (how === "apply") applyImport(api, name, plan, choices);
    else if (how === "new") importAsNew(api, name, plan, planForNew());
    else api.say("Nothing was imported from " + name + ".");
  });
  dialog.showModal();
}

function withAssessment(state, id, assessment) {
  return { ...state, assessments: { ...state.assessments, [id]: assessment } };
}

function applyImport(api, name, plan, choices) {
  let target = null;
  return api.change((state) => {
    const now = new Date();
    const made = ensureCurrent(state, { now, newId });
    if (made.error) return made;
    target = made.id;
    const applied = applyPlan(own(made.state.assessments, made.id), plan, choices, now);
    return { state: withAssessment(made.state, made.id, applied.assessment), applied };
  }).then((result) => {
    if (result.error) return api.say("Nothing was imported from " + name + ": " + result.error, true);
    const { applied } = result;
    const kept = plan.items.filter((item) => item.kind !== "same" && (choices[item.id] || item.choice) === "local").length;
    const parts = [applied.changed.length + (applied.changed.length === 1 ? " measure" : " measures") + " changed"];
    if (kept) parts.push(kept + " kept as they are here");
    if (applied.stale.length) parts.push(applied.stale.length + " left alone because they changed here meanwhile");
    const undo = element("button", { type: "button", class: "vp-button" }, "Undo the import");
    undo.addEventListener("click", () => undoIt(api, name, target, applied));
    api.say("Imported " + name + ": " + parts.join(", ") + "." + saveNote(api), api.page.store.unsaved,
      applied.changed.length ? [undo] : []);
  });
}

function importAsNew(api, name, plan, fresh) {
  let target = null;
  return api.change((state) => {
    const now = new Date();
    const details = { ...plan.file.details };
    if (!details.name) details.name = "Imported from " + name.slice(0, 150);
    const made = createAssessment(state, details, { now, newId });
    if (made.error) return made;
    target = made.id;
    const applied = applyPlan(own(made.state.assessments, made.id), fresh, {}, now);
    return { state: withAssessment(made.state, made.id, applied.assessment), applied };
  }).then((result) => {
    if (result.error) return api.say("Nothing was imported from " + name + ": " + result.error, true);
    const undo = element("button", { type: "button", class: "vp-button" }, "Undo the import");
    undo.addEventListener("click", () => {
      api.change((state) => deleteAssessment(state, target, new Date())).then((r) => {
        if (!r.error) api.say("Import undone: the assessment it made is deleted.");
      });
    });
    const made = own(api.page.store.state.assessments, target);
    api.say("Imported " + name + " as a new assessment, " + named(made) + ": " + result.applied.changed.length +
      " measures." + saveNote(api), api.page.store.unsaved, [undo]);
  });
}

/** Put back what the import changed (dated now, so that other tabs follow), except what changed since. */
function undoIt(api, name, id, applied) {
  return api.change((state) => {
    const assessment = own(state.assessments, id);
    if (!assessment) return { error: "the assessment is no longer in this browser." };
    const undone = undoImport(assessment, applied, new Date());
    return { state: withAssessment(state, id, undone.assessment), undone };
  }).then((result) => {
    if (result.error) return api.say("The import of " + name + " could not be undone: " + result.error, true);
    const { reverted, kept } = result.undone;
    api.say("Import of " + name + " undone: " + reverted.length + (reverted.length === 1 ? " measure" : " measures") +
      " back as they were" + (kept.length ? "; " + kept.length + " changed since the import, so kept (" + kept.join(", ") + ")" : "") +
      "." + saveNote(api), api.page.store.unsaved);
  });
}

function saveNote(api) {
  return api.page.store.unsaved ? " Your browser did not let this page save it." : "";
}
