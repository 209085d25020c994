/* The dialog of named assessments (one per product, say): rename this one (name, organisation, product),
   start a new one, export all of one, delete one (with undo). Switching is the toolbar's choice. Loaded at
   the first click on "Assessments…". Everything stays in this browser. */
import { DEFAULT_NAME, LIMITS } from "./format.js";
import { createAssessment, deleteAssessment, ensureCurrent, renameAssessment, restoreAssessment } from "./state.js";
import { exportJson, fileName } from "./export.js";
import { localDay } from "./progress.js";
import { newId } from "./store.js";
import { element } from "./ui.js";
import { download, stylesheet } from "./io.js";

const DETAILS = [
  ["name", "Name"],
  ["organisation", "Organisation"],
  ["product", "Product or service"],
];

function detailFields(prefix, values) {
  const box = element("div", { class: "vp-dialog__fields" });
  const inputs = {};
  for (const [name, label] of DETAILS) {
    const input = element("input", { type: "text", id: prefix + name, maxlength: String(LIMITS[name]) });
    input.value = values[name] || "";
    const wrap = element("div", { class: "vp-assess__field" });
    wrap.append(element("label", { for: input.id }, label), input);
    box.append(wrap);
    inputs[name] = input;
  }
  return { box, inputs };
}

function valuesOf(inputs) {
  const values = {};
  for (const name of Object.keys(inputs)) values[name] = inputs[name].value.trim();
  return values;
}

export function open(api, opener) {
  return stylesheet("panels.css").then(() => show(api, opener));
}

function show(api, opener) {
  const assessment = api.current();
  const dialog = element("dialog", { class: "vp-dialog md-typeset", "aria-labelledby": "vp-manage-title" });
  const form = element("form", { method: "dialog" });
  form.append(
    element("h2", { id: "vp-manage-title" }, "Assessments in this browser"),
    element("p", {}, "Keep one assessment per product or service, for example. They are saved only in this " +
      "browser: no account, no server, no cookie. Switch between them with the toolbar's choice."),
  );
  const here = element("fieldset");
  here.append(element("legend", {}, "This assessment"));
  const mine = detailFields("vp-this-", assessment || { name: DEFAULT_NAME });
  const save = element("button", { type: "submit", value: "rename", class: "vp-button" }, "Save the name and details");
  const all = element("button", { type: "submit", value: "export", class: "vp-button" }, "Export all of it (JSON)");
  const remove = element("button", { type: "submit", value: "delete", class: "vp-button" }, "Delete it\u2026");
  here.append(mine.box, save, all, remove);
  const fresh = element("fieldset");
  fresh.append(element("legend", {}, "A new assessment"));
  const made = detailFields("vp-new-", {});
  const create = element("button", { type: "submit", value: "create", class: "vp-button" }, "Start it");
  fresh.append(made.box, create);
  const buttons = element("div", { class: "vp-dialog__buttons" });
  buttons.append(element("button", { type: "submit", value: "close", class: "vp-button" }, "Close"));
  form.append(here, fresh, buttons);
  dialog.append(form);
  document.body.append(dialog);
  dialog.addEventListener("close", () => {
    const how = dialog.returnValue;
    const values = valuesOf(how === "create" ? made.inputs : mine.inputs);
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
    if (how === "rename") rename(api, values);
    else if (how === "create") start(api, values);
    else if (how === "export") exportAll(api);
    else if (how === "delete") removeCurrent(api);
  });
  dialog.showModal();
}

function rename(api, values) {
  api.change((state) => {
    const now = new Date();
    const made = ensureCurrent(state, { now, newId });
    if (made.error) return made;
    return renameAssessment(made.state, made.id, values, now);
  }).then((result) => {
    if (result.error) api.say(result.error, true);
    else api.say("Saved: \u201c" + api.current().name + "\u201d.");
  });
}

function start(api, values) {
  api.change((state) => createAssessment(state, values, { now: new Date(), newId })).then((result) => {
    if (result.error) api.say(result.error, true);
    else api.say("Started \u201c" + api.current().name + "\u201d: every measure starts as not started.");
  });
}

function exportAll(api) {
  const assessment = api.current();
  if (!assessment) return api.say("Nothing to export yet: nothing has been marked in this browser.");
  const now = new Date();
  const name = fileName("all-" + assessment.name, localDay(now), "json");
  download(name, "application/json", exportJson(assessment, { scope: "", datasetVersion: api.page.datasetVersion, now }));
  api.say("Exported all of \u201c" + assessment.name + "\u201d, every measure with something marked or written, to " + name + ".");
}

function removeCurrent(api) {
  const assessment = api.current();
  if (!assessment) return api.say("Nothing to delete: nothing has been marked in this browser.");
  const question = "Delete \u201c" + assessment.name + "\u201d from this browser? Every status, note, owner, date and " +
    "link in it goes. Export it first to keep a copy.";
  if (!window.confirm(question)) return api.say("Nothing was deleted.");
  const id = api.page.store.state.current;
  let removed = null;
  api.change((state) => {
    const result = deleteAssessment(state, id, new Date());
    removed = result.undo || null;
    return result;
  }).then((result) => {
    if (result.error) return api.say(result.error, true);
    const undo = element("button", { type: "button", class: "vp-button" }, "Undo the deletion");
    undo.addEventListener("click", () => {
      api.change((state) => restoreAssessment(state, id, removed, new Date())).then(() => {
        api.say("\u201c" + removed.name + "\u201d is back.");
      });
    });
    api.say("Deleted \u201c" + assessment.name + "\u201d.", false, [undo]);
  });
}

