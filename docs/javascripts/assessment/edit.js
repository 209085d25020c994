/* Changing the self-assessment on a checklist (checklist.js shows it): a status (with its reason where one
   is needed), the text fields, the owner, due date and evidence (built when first opened), the assessment
   chosen; and what the page says when what is saved could not be read. Loaded at the visitor's first
   interaction with the page. Every change is read-merge-write (store.js). */
import { LIMITS, NEEDS_REASON, STATUS_LABELS, entryOf, own } from "./format.js";
import { describeProblem, linkProblem } from "./read.js";
import { ensureCurrent, setMeasure, switchAssessment } from "./state.js";
import { newId } from "./store.js";
import { element } from "./ui.js";
import { evidenceList, stylesheet } from "./io.js";
import { fieldOf, linksOf, syncField, text, valueOf } from "./checklist.js";

const NOT_SAVED = "Your browser does not let this page save: what you mark will be lost when you leave the page.";

/** Why what is saved is not shown, or only in part. */
export function problemMessage(problem) {
  const why = (problem.first ? describeProblem(problem.first) : problem.message || "").replace(/\.$/, "");
  if (problem.kind === "unavailable") return NOT_SAVED;
  if (problem.kind === "old-unreadable") {
    return "The self-assessment an earlier version of this site saved in this browser could not be read (" + why + "), so it was ignored.";
  }
  return (problem.kind === "unreadable"
    ? "The self-assessment saved in this browser could not be read (" + why + "), so it is not shown."
    : "Part of the self-assessment saved in this browser could not be read and is left out (" +
      (problem.count > 1 ? problem.count + " problems; the first: " : "") + why + ").") +
    " A copy of what was saved is kept in this browser (vp-self-assessment-v2-unreadable) when you next change something here.";
}

/** A measure's owner, due date and evidence fields, built when its "Owner, due date and evidence" is first
    opened, showing what is saved. */
export function buildMore(api, m) {
  return stylesheet("panels.css").then(() => {
    if (!m.controls.links) moreFields(api, m);
  });
}

function moreFields(api, m) {
  const c = m.controls;
  const row = element("div", { class: "vp-assess__row" });
  row.append(
    fieldOf(m, "owner", "Owner of", element("input", { type: "text", maxlength: String(LIMITS.owner) })),
    fieldOf(m, "due", "Due date of", element("input", { type: "date" })),
  );
  const evidence = fieldOf(m, "evidence", "Evidence links (https, one a line) for",
    text(LIMITS.evidence * (LIMITS.link + 1), "vp-links-" + m.id));
  c.links = element("div", { class: "vp-assess__links", id: "vp-links-" + m.id });
  evidence.append(c.links);
  c.fields.evidence.addEventListener("change", () => checkLinks(m));
  c.more.append(row, evidence);
  const entry = entryOf(api.current(), m.id);
  for (const name of ["owner", "due", "evidence"]) syncField(m, name, valueOf(name, entry[name]), "start");
  showLinks(c, entry.evidence);
}

export function showLinks(c, links) {
  const text = links.join("\n");
  if (c.links.vpShown === text && !c.links.classList.contains("vp-assess__links--error")) return;
  // A list of links refused is shown until what is typed is what is saved.
  if (c.links.classList.contains("vp-assess__links--error") && valueOf("evidence", c.fields.evidence.value) !== text) return;
  c.links.classList.remove("vp-assess__links--error");
  c.links.vpShown = text;
  c.links.replaceChildren(...(links.length ? [evidenceList(links)] : []));
}

/** The visitor chose a status: saved at once; one that needs a reason, with it, once there is one. */
export function chooseStatus(api, m, status) {
  const c = m.controls;
  const reason = c.fields.reason.value;
  if (NEEDS_REASON.includes(status) && !reason.trim()) {
    c.pending = status;
    c.reasonBox.hidden = false;
    c.hint.textContent = "Give the reason to save \u201c" + STATUS_LABELS[status] + "\u201d: until then the status stays " +
      STATUS_LABELS[entryOf(api.current(), m.id).status].toLowerCase() + ".";
    return;
  }
  c.pending = null;
  save(api, m, NEEDS_REASON.includes(status) ? { status, reason } : { status });
}

/** The visitor typed in a field: saved as typed (evidence once every link is acceptable). */
export function typed(api, m, name) {
  const c = m.controls;
  const value = c.fields[name].value;
  if (c.conflict) c.conflict.replaceChildren();
  if (name === "evidence") {
    const links = linksOf(value);
    if (links.length > LIMITS.evidence || links.some((link) => linkProblem(link))) return; // said on change
    return save(api, m, { evidence: links }, name);
  }
  if (name !== "reason") return save(api, m, { [name]: value }, name);
  const status = c.pending || entryOf(api.current(), m.id).status;
  if (!NEEDS_REASON.includes(status)) return save(api, m, { reason: value }, name);
  if (!value.trim()) {
    c.hint.textContent = STATUS_LABELS[status] + " needs a reason." + (c.pending ? "" : " The last one given stays saved.");
    return;
  }
  save(api, m, { status, reason: value }, name);
}

/** Evidence that cannot be saved, said when the visitor leaves the field. */
export function checkLinks(m) {
  const c = m.controls;
  const links = linksOf(c.fields.evidence.value);
  const problems = links.map((link, i) => linkProblem(link) && "link " + (i + 1) + " " + linkProblem(link)).filter(Boolean);
  if (links.length > LIMITS.evidence) problems.unshift("at most " + LIMITS.evidence + " links");
  if (!problems.length) return;
  c.links.classList.add("vp-assess__links--error");
  c.links.replaceChildren(element("p", {}, "Not saved: " + problems[0] + ". Each link must start with https://."));
}

export function switchTo(api, id) {
  if (!id) return;
  api.change((state) => switchAssessment(state, id)).then(() => {
    const chosen = api.current();
    if (chosen) api.say("Now showing \u201c" + chosen.name + "\u201d.");
  });
}

/**
 * Save `changes` to measure `m` of the current assessment (made, "My assessment", when there is none).
 * `typedIn`: the text field typed in. A save replaces only the value that was typed over: when another tab
 * saved a different one in between (its storage event not seen yet), nothing is saved, the field shows the
 * other tab's text and what was typed here is offered beside it (README.md, "Self-assessment").
 */
function save(api, m, changes, typedIn) {
  const c = m.controls;
  return api.change((state) => {
    const now = new Date();
    const made = ensureCurrent(state, { now, newId });
    if (made.error) return made;
    const mine = typedIn ? valueOf(typedIn, changes[typedIn]) : "";
    if (typedIn) {
      const saved = valueOf(typedIn, entryOf(own(made.state.assessments, made.id), m.id)[typedIn]);
      if (saved !== c.shown[typedIn] && saved !== mine) {
        return { error: "conflict", field: typedIn, mine: c.fields[typedIn].value, theirs: saved };
      }
    }
    const result = setMeasure(made.state, made.id, m.id, changes, now);
    if (typedIn && !result.error) c.shown[typedIn] = mine;
    return result;
  }).then((result) => {
    if (!api.page || !api.page.measures.includes(m)) return;
    if (result.error === "conflict") return showConflict(api, m, result);
    if (result.error) {
      c.hint.textContent = result.error;
      if (result.field === "reason") c.reasonBox.hidden = false;
      return;
    }
    if (changes.status) c.pending = null;
    if (api.page.store.unsaved) api.say(NOT_SAVED, true);
    api.announceProgressSoon();
  });
}

/** Another tab changed the text typed over: its text stays, and what was typed here is offered. */
function showConflict(api, m, { field, mine, theirs }) {
  const c = m.controls;
  c.fields[field].value = theirs;
  c.shown[field] = theirs;
  if (!c.conflict) {
    c.conflict = element("div", { class: "vp-assess__conflict" });
    c.more.after(c.conflict);
  }
  const use = element("button", { type: "button", class: "vp-button" }, "Use what I typed instead");
  use.addEventListener("click", () => {
    c.fields[field].value = mine;
    c.conflict.replaceChildren();
    save(api, m, { [field]: field === "evidence" ? linksOf(mine) : mine });
  });
  c.conflict.replaceChildren(
    element("p", {}, "This was changed in another tab while you typed: its text is shown above and was kept. What you typed:"),
    element("p", { class: "vp-assess__mine" }, mine),
    use,
  );
}
