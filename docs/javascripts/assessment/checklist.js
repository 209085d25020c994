/* The self-assessment on the checklists: toolbar, each measure's controls, progress, printing (README.md,
   "Self-assessment"). It shows what is saved; edit.js, loaded at the first interaction, changes it. The
   page's data- attributes say the scope, the files it needs and each measure's principle and tier. Quick
   to open: the controls of a measure are built when it comes near the screen, the others while the
   browser is idle, all before printing; counts, prints and exports come from what is saved. */
import { DEFAULT_NAME, LIMITS, NEEDS_REASON, STATUSES, STATUS_LABELS, entryOf, isSettled, own } from "./format.js";
import { loadTools, openStore } from "./store.js";
import { element, longDay, progressText } from "./ui.js";
import { buildView } from "./view.js";

const NEAR = "100% 0px 100% 0px"; // a screen's height above and below the visible part
const ANNOUNCE_DELAY_MS = 1000;
const IDLE_MARGIN_MS = 4; // what is left of an idle period when building stops for the next one
export const TEXT_FIELDS = ["note", "reason", "owner", "due", "evidence"];

let page = null;
let editModule = null;
let edit = null; // edit.js once loaded

/** edit.js, loaded once, with what a change needs (store.js `loadTools`). */
function edits() {
  if (!editModule) {
    editModule = Promise.all([import("./edit.js"), loadTools()]).then(([module]) => {
      edit = module;
      return module;
    });
  }
  return editModule;
}

/** Start; resolves with the function that stops. What is saved is read first and, on the combined
    checklist, combined.js loaded: the page shows the chosen service types from the start. */
export function setup(root) {
  const combined = document.querySelector("form.vp-services-form") ? import("./combined.js") : null;
  let store = null;
  const listener = (state, how) => {
    if (page && page.store === store) render(how);
  };
  return Promise.all([openStore(listener), combined]).then(([opened, module]) => {
    store = opened;
    return start(root, store, module);
  });
}

function start(root, store, combinedModule) {
  const data = (name) => root.getAttribute("data-vp-" + name) || "";
  page = {
    root,
    scope: data("scope"),
    datasetVersion: data("dataset-version"),
    idsSrc: data("measure-ids"),
    reportHref: data("report"),
    measures: Array.from(document.querySelectorAll("article.vp-measure[data-measure-id]"), (article) => ({
      id: article.getAttribute("data-measure-id"),
      principle: Number(article.getAttribute("data-principle")),
      tier: article.getAttribute("data-tier") || "",
      serviceTypes: (article.getAttribute("data-service-types") || "").split(" ").filter(Boolean),
      article,
      built: false,
    })),
    announceTimer: 0,
    store,
  };
  const mine = page;
  page.toolbar = buildToolbar();
  page.view = buildView(page.toolbar.bar, page.measures, (m) => entryOf(current(), m.id).status);
  page.principles = buildPrincipleProgress();
  if (combinedModule) page.combined = combinedModule.setup(api);
  render("start");
  buildControlsLazily();
  showPermalinks();
  if (store.problem) edits().then((e) => page === mine && say(e.problemMessage(store.problem), true));
  // The first interaction brings what a change needs, so that saving does not wait for it.
  const content = root.closest("article") || document.body;
  content.addEventListener("focusin", edits, { once: true });
  content.addEventListener("pointerdown", edits, { once: true });
  window.addEventListener("beforeprint", beforePrint);
  return function stop() {
    mine.stopped = true;
    window.clearTimeout(mine.announceTimer);
    if (mine.observer) mine.observer.disconnect();
    if (mine.combined) mine.combined.stop();
    mine.store.stop();
    window.removeEventListener("beforeprint", beforePrint);
    if (page === mine) page = null;
  };
}

/* ---- What the other modules of the page use (edit.js, files.js, manage.js, combined.js) ---- */

export const api = {
  get page() {
    return page;
  },
  say,
  render,
  current,
  visibleMeasures,
  scope,
  showPermalinks,
  refilter: () => page.view.apply(),
  announceProgressSoon,
  change: (fn) => page.store.update(fn),
};

function current() {
  const state = page.store.state;
  return own(state.assessments, state.current) || null;
}

function visibleMeasures() {
  // A measure shown only because a link led to it (combined.js) is not part of the choice.
  return page.measures.filter((m) => !m.article.hidden && !m.article.hasAttribute("data-vp-outside"));
}

/** The service type, or "combined:" and the service types chosen (all when none is). */
function scope() {
  return page.combined ? "combined:" + page.combined.chosenOrAll().join(",") : page.scope;
}

/* ---- The toolbar and progress ---- */

function button(label) {
  return element("button", { type: "button", class: "vp-button" }, label);
}

function buildToolbar() {
  const bar = element("section", { class: "vp-toolbar", "aria-labelledby": "vp-toolbar-title" });
  const chooser = element("div", { class: "vp-toolbar__assessment" });
  const select = element("select", { id: "vp-assessment-choice" });
  const manage = button("Assessments\u2026");
  chooser.append(element("label", { for: "vp-assessment-choice" }, "Assessment"), select, manage);
  const overall = progressWidget("Overall", "vp-progress-overall");
  const actions = element("div", { class: "vp-toolbar__actions" });
  const json = button("Export JSON");
  const csv = button("Export CSV");
  const choose = button("Import JSON\u2026");
  const file = element("input", { type: "file", accept: ".json,application/json", hidden: "" });
  const report = element("a", { class: "vp-button", href: page.reportHref || "#" }, "Report to print");
  report.hidden = !page.reportHref;
  actions.append(json, csv, choose, file, report);
  const toolbar = {
    bar,
    select,
    overall,
    report,
    message: element("p", { class: "vp-toolbar__message", role: "status" }),
    after: element("div", { class: "vp-toolbar__after" }),
    printNote: element("p", { class: "vp-toolbar__print" }),
    announcer: element("p", { class: "vp-visually-hidden", "aria-live": "polite" }),
  };
  bar.append(
    element("h2", { class: "vp-toolbar__title", id: "vp-toolbar-title" }, "Your self-assessment"),
    element("p", { class: "vp-toolbar__privacy" }, "Saved only in this browser, on this device: no account, no " +
      "server, no cookie. Anyone using this browser can see it; export it to keep a copy or to share it with your team."),
    chooser, overall.box, actions, toolbar.message, toolbar.after, toolbar.printNote, toolbar.announcer,
  );
  page.root.replaceChildren(bar);
  const files = (run) => () => import("./files.js").then((f) => run(f));
  json.addEventListener("click", files((f) => f.exportJsonFile(api)));
  csv.addEventListener("click", files((f) => f.exportCsvFile(api)));
  choose.addEventListener("click", () => file.click());
  file.addEventListener("change", () => {
    const chosen = file.files[0];
    file.value = ""; // the same file can be chosen again
    if (chosen) files((f) => f.importFile(api, chosen))();
  });
  manage.addEventListener("click", () => import("./manage.js").then((m) => m.open(api, manage)));
  select.addEventListener("change", () => edits().then((e) => e.switchTo(api, select.value)));
  return toolbar;
}

/** The report's link, with this page's scope; on paper, its full address. */
function setReportLink() {
  if (!page.reportHref) return;
  const url = new URL(page.reportHref, window.location.href);
  url.search = "?scope=" + scope();
  page.toolbar.report.href = url.pathname + url.search;
  page.toolbar.printNote.textContent =
    "A summary of this assessment, a few pages long, to print or share: the report, " + url.href;
}

/** A message under the toolbar (with `isError`, marked as one), and `after` it, elements (a button). */
function say(text, isError, after) {
  page.toolbar.message.textContent = text;
  page.toolbar.message.classList.toggle("vp-toolbar__message--error", Boolean(isError));
  page.toolbar.after.replaceChildren(...(after || []));
}

function progressWidget(label, id) {
  const box = element("div", { class: "vp-progress" });
  const bar = element("progress", { "aria-labelledby": id + "-label", "aria-describedby": id + "-text" });
  const text = element("span", { class: "vp-progress__text", id: id + "-text" });
  box.append(element("span", { class: "vp-progress__label", id: id + "-label" }, label), bar, text);
  return { box, bar, text };
}

function countOf(measures, assessment) {
  const counts = { total: measures.length, settled: 0 };
  for (const status of STATUSES) counts[status] = 0;
  for (const m of measures) {
    const status = entryOf(assessment, m.id).status;
    counts[status] += 1;
    if (isSettled(status)) counts.settled += 1;
  }
  return counts;
}

function showProgress(widget, counts) {
  widget.box.hidden = counts.total === 0;
  widget.bar.max = Math.max(counts.total, 1);
  widget.bar.value = counts.settled;
  const text = progressText(counts);
  if (widget.text.textContent !== text) widget.text.textContent = text;
}

function announceProgressSoon() {
  window.clearTimeout(page.announceTimer);
  const mine = page;
  page.announceTimer = window.setTimeout(() => {
    if (page === mine) page.toolbar.announcer.textContent = "Progress: " + progressText(countOf(visibleMeasures(), current())) + ".";
  }, ANNOUNCE_DELAY_MS);
}

function buildPrincipleProgress() {
  const principles = [];
  for (const m of page.measures) {
    if (principles.some((p) => p.number === m.principle)) continue;
    const widget = progressWidget("Principle " + m.principle, "vp-progress-p" + m.principle);
    widget.box.classList.add("vp-progress--principle");
    m.article.before(widget.box);
    principles.push({ number: m.principle, widget });
  }
  return principles;
}

/** What is saved, everywhere on the page. `how`: "start", "here" (a change made here) or "elsewhere"
    (another tab). */
function render(how) {
  const state = page.store.state;
  const assessment = current();
  const select = page.toolbar.select;
  const ids = Object.keys(state.assessments).sort((a, b) => state.assessments[a].name.localeCompare(state.assessments[b].name));
  const names = ids.length ? ids.map((id) => [id, state.assessments[id].name]) : [["", DEFAULT_NAME]];
  const signature = JSON.stringify(names);
  if (select.vpNames !== signature) {
    select.replaceChildren(...names.map(([id, name]) => element("option", { value: id }, name)));
    select.vpNames = signature;
  }
  select.value = assessment ? state.current : "";
  for (const m of page.measures) showMeasure(m, entryOf(assessment, m.id), how);
  for (const p of page.principles) {
    showProgress(p.widget, countOf(page.measures.filter((m) => m.principle === p.number && !m.article.hidden && !m.article.hasAttribute("data-vp-outside")), assessment));
  }
  showProgress(page.toolbar.overall, countOf(visibleMeasures(), assessment));
  // A measure just changed here stays in view until the filters change; a change elsewhere re-filters.
  if (how !== "here") page.view.apply();
  setReportLink();
}

/* ---- Each measure's controls ---- */

function buildControls(m) {
  const id = m.id;
  const c = { radios: {}, shown: {}, fields: {}, pending: null };
  m.controls = c;
  const fieldset = element("fieldset", { class: "vp-assess" });
  const statuses = element("div", { class: "vp-assess__statuses" });
  for (const status of STATUSES) {
    const radio = element("input", { type: "radio", name: "vp-status-" + id, value: status });
    const label = element("label");
    label.append(radio, " " + STATUS_LABELS[status]);
    statuses.append(label);
    c.radios[status] = radio;
    radio.addEventListener("change", () => radio.checked && edits().then((e) => e.chooseStatus(api, m, status)));
  }
  c.reasonBox = fieldOf(m, "reason", "Reason for", text(LIMITS.reason, "vp-hint-" + id));
  c.hint = element("p", { class: "vp-assess__hint", id: "vp-hint-" + id });
  c.reasonBox.append(c.hint);
  // Owner, due date and evidence: the summary says what is saved; the fields are built when it is opened.
  c.summary = element("summary", {}, "");
  c.more = element("details", { class: "vp-assess__more" });
  c.more.append(c.summary);
  c.more.addEventListener("toggle", () => c.more.open && edits().then((e) => e.buildMore(api, m)));
  fieldset.append(element("legend", {}, "Your assessment of " + id), statuses, c.reasonBox,
    fieldOf(m, "note", "Note on", text(LIMITS.note)), c.more);
  // Before the permalink line, not after it: when the controls of a measure at the top edge of the screen
  // are built, the browser's scroll anchoring then keeps what is on screen in place.
  const permalinkLine = m.article.querySelector(".vp-permalink-line");
  if (permalinkLine) permalinkLine.before(fieldset);
  else m.article.append(fieldset);
  // Printed instead of the controls: what is saved, as text, under the heading.
  c.printed = element("p", { class: "vp-print-status" });
  (m.article.querySelector("h4") || m.article.firstChild).after(c.printed);
  m.built = true;
  showMeasure(m, entryOf(current(), id), "start");
}

/** A labelled field of measure `m`, saved as it is typed (edit.js). */
export function fieldOf(m, name, label, control) {
  control.id = "vp-" + name + "-" + m.id;
  const box = element("div", { class: "vp-assess__field" });
  box.append(element("label", { for: control.id }, label + " " + m.id), control);
  m.controls.fields[name] = control;
  m.controls.shown[name] = "";
  control.addEventListener("input", () => edits().then((e) => e.typed(api, m, name)));
  return box;
}

/** A text area of at most `limit` characters, described by the element `describedBy`, if any. */
export function text(limit, describedBy) {
  const area = element("textarea", { rows: "2", maxlength: String(limit) });
  if (describedBy) area.setAttribute("aria-describedby", describedBy);
  return area;
}

/** Evidence as typed: one link a line, blank lines and spaces around them ignored. */
export function linksOf(text) {
  return text.split("\n").map((line) => line.trim()).filter(Boolean);
}

/** A field's value as saved, as text: for evidence, its links one a line. */
export function valueOf(name, value) {
  return name === "evidence" ? (Array.isArray(value) ? value : linksOf(value)).join("\n") : value;
}

/** One measure's saved entry in its controls, its printed status and its left edge. */
function showMeasure(m, entry, how) {
  if (m.article.getAttribute("data-vp-status") !== entry.status) m.article.setAttribute("data-vp-status", entry.status);
  page.view.showBadge(m, entry.status);
  if (!m.built) return; // its controls show what is saved when they are built
  const c = m.controls;
  if (c.pending === entry.status) c.pending = null;
  if (!c.pending) c.radios[entry.status].checked = true;
  for (const name of TEXT_FIELDS) if (c.fields[name]) syncField(m, name, valueOf(name, entry[name]), how);
  const status = c.pending || entry.status;
  c.reasonBox.hidden = !NEEDS_REASON.includes(status);
  if (c.reasonBox.hidden || (!c.pending && entry.reason.trim())) c.hint.textContent = "";
  else if (!c.pending) c.hint.textContent = "Give the reason: this guidance asks for one (this status was saved before it did).";
  if (c.links) edit.showLinks(c, entry.evidence);
  const summary = [entry.owner, entry.due && "due " + longDay(entry.due),
    entry.evidence.length && entry.evidence.length + (entry.evidence.length === 1 ? " link" : " links")].filter(Boolean);
  const label = "Owner, due date and evidence" + (summary.length ? ": " + summary.join(", ") : "");
  if (c.summary.textContent !== label) c.summary.textContent = label;
  showPrinted(c.printed, entry);
}

/** The saved `value` of field `name` in its control, unless an edit there is not saved yet (it is newer).
    Also while it has focus, the caret kept: what another tab saved is what the next key press edits
    (README.md, "Self-assessment"). */
export function syncField(m, name, value, how) {
  const c = m.controls;
  const control = c.fields[name];
  const shown = valueOf(name, control.value);
  if (shown === value || shown !== c.shown[name]) {
    if (shown === value) c.shown[name] = value;
    return;
  }
  const focused = document.activeElement === control;
  const caret = focused && control.type !== "date" ? control.selectionStart : null;
  const atEnd = caret === control.value.length;
  control.value = value;
  c.shown[name] = value;
  if (caret !== null) control.setSelectionRange(atEnd ? value.length : Math.min(caret, value.length), atEnd ? value.length : Math.min(caret, value.length));
  if (focused && how === "elsewhere") {
    page.toolbar.announcer.textContent = "The " + name + " of " + m.id + " was changed in another tab; it now shows that text.";
  }
}

function showPrinted(printed, entry) {
  const parts = [["Status", STATUS_LABELS[entry.status]]];
  if (entry.reason && NEEDS_REASON.includes(entry.status)) parts.push(["Reason", entry.reason]);
  if (entry.owner) parts.push(["Owner", entry.owner]);
  if (entry.due) parts.push(["Due", longDay(entry.due)]);
  if (entry.note) parts.push(["Note", entry.note]);
  if (entry.evidence.length) parts.push(["Evidence", entry.evidence.join(" ")]);
  const signature = JSON.stringify(parts);
  if (printed.vpShown === signature) return;
  printed.vpShown = signature;
  const nodes = [];
  for (const [label, value] of parts) {
    if (nodes.length) nodes.push(" ");
    nodes.push(element("strong", {}, label + ":"), " " + value + (label === "Note" || /[.!?]$/.test(value) ? "" : "."));
  }
  printed.replaceChildren(...nodes);
}

/* ---- Built as needed ---- */

function ensureControls(m) {
  if (!m.built) buildControls(m);
}

/** Controls of the measures near the screen as they come near; while the browser is idle, in page order,
    each principle's part laid out, then each other measure's controls built and laid out, one each time. */
function buildControlsLazily() {
  const mine = page;
  if (typeof window.IntersectionObserver !== "function") return finishMeasures();
  const byArticle = new Map(page.measures.map((m) => [m.article, m]));
  page.observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting || mine.stopped) continue;
      ensureControls(byArticle.get(entry.target));
      mine.observer.unobserve(entry.target);
    }
  }, { rootMargin: NEAR });
  for (const m of page.measures) page.observer.observe(m.article);
  const bodies = principleBodies();
  let next = 0;
  // One part at a time, as many as the browser's idle period leaves time for (at least one).
  whenIdle(function slice(deadline) {
    do {
      if (mine.stopped) return;
      if (bodies.length) {
        layOut(bodies.shift());
        continue;
      }
      const m = mine.measures[next++];
      if (m) {
        mine.observer.unobserve(m.article);
        finishMeasure(m);
      }
      if (next >= mine.measures.length) {
        mine.observer.disconnect();
        return;
      }
    } while (deadline && deadline.timeRemaining() > IDLE_MARGIN_MS);
    whenIdle(slice);
  });
}

function principleBodies() {
  return Array.from((page.root.closest("article") || document).querySelectorAll(".vp-principle__body"));
}

function layOut(node) {
  node.setAttribute("data-vp-laid-out", "");
}

function finishMeasure(m) {
  ensureControls(m);
  layOut(m.article);
}

/** Everything laid out, every measure with its controls, at once (before printing). */
function finishMeasures() {
  principleBodies().forEach(layOut);
  page.measures.forEach(finishMeasure);
}

function whenIdle(callback) {
  if (typeof window.requestIdleCallback === "function") window.requestIdleCallback(callback);
  else window.setTimeout(callback, 50);
}

// Printing (from the browser's menu too): every control, so every printed status (each measure's text is
// docs/javascripts/details.js's).
function beforePrint() {
  if (!page) return;
  finishMeasures();
}

/** Each measure's permalink as a full address (with the choice of service types on the combined
    checklist), for reading on paper. */
function showPermalinks() {
  const chosen = page.combined ? page.combined.chosen() : [];
  const query = chosen.length ? "?services=" + chosen.join(",") : "";
  for (const m of page.measures) {
    const link = m.article.querySelector("a.vp-permalink");
    const address = window.location.origin + window.location.pathname + query + "#" + m.id;
    if (link && link.getAttribute("href") !== address) {
      link.href = address;
      link.textContent = address;
    }
  }
}
