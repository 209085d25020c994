/* The choice of jurisdictions on a checklist (loaded by ../law.js where the page has the form): each measure
   shows whether the law of the jurisdictions chosen requires it, expects it or leaves it voluntary, and a
   summary counts them and links to those the law requires or expects. The choice lives in the address
   (?law=a,b) and, for the next checklist opened, in this browser (localStorage); nothing is sent anywhere.
   On the combined checklist only the measures of the service types chosen there count. */
import { countStatuses, fromSearch, parseTokens, statusLine, statusOf, withChoice } from "./core.js";

const STORED = "vp-law-jurisdictions";

function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const name of Object.keys(attributes || {})) node.setAttribute(name, attributes[name]);
  if (text !== undefined) node.textContent = text;
  return node;
}

function stored(known) {
  try {
    const value = JSON.parse(window.localStorage.getItem(STORED) || "[]");
    return Array.isArray(value) ? known.filter((id) => value.includes(id)) : [];
  } catch {
    return []; // storage off or unreadable: no remembered choice
  }
}

function store(chosen) {
  try {
    window.localStorage.setItem(STORED, JSON.stringify(chosen));
  } catch {
    // storage off or full: the address still keeps the choice
  }
}

/** Start on the page of `form`; returns the function that stops it. */
export function setup(form) {
  const boxes = Array.from(form.querySelectorAll("input[type=checkbox][name=law]"));
  const names = {};
  for (const box of boxes) names[box.value] = box.dataset.vpName || box.value;
  const known = boxes.map((box) => box.value);
  const fromAddress = fromSearch(window.location.search, known);
  let chosen = fromAddress.length ? fromAddress : stored(known);
  const combined = form.dataset.vpLawScope === "combined";
  const services = combined ? document.querySelector("form.vp-services-form") : null;
  const summary = element("div", { class: "vp-law-summary", role: "status" });
  for (const box of boxes) box.checked = chosen.includes(box.value);
  form.hidden = false;
  form.after(summary);
  const onSubmit = (event) => event.preventDefault();
  const onChange = () => {
    chosen = boxes.filter((box) => box.checked).map((box) => box.value);
    const search = withChoice(window.location.search, chosen);
    window.history.replaceState(window.history.state, "", window.location.pathname + search + window.location.hash);
    store(chosen);
    show();
  };
  // After the combined checklist's own handler has shown the measures of the service types chosen.
  const onServices = () => window.setTimeout(show, 0);
  form.addEventListener("submit", onSubmit);
  form.addEventListener("change", onChange);
  if (services) services.addEventListener("change", onServices);
  show();
  return function stop() {
    form.removeEventListener("submit", onSubmit);
    form.removeEventListener("change", onChange);
    if (services) services.removeEventListener("change", onServices);
  };

  /** The service types chosen on the combined checklist: its form's, or, before its script has read the
      address into the form, the address's (?services=a,b). */
  function chosenServices() {
    if (!services) return null;
    const checked = Array.from(services.querySelectorAll("input[name=services]:checked")).map((box) => box.value);
    if (checked.length) return checked;
    const all = Array.from(services.querySelectorAll("input[name=services]")).map((box) => box.value);
    return fromSearch(window.location.search, all, "services");
  }

  /** Whether the combined checklist shows a measure for the service types chosen (all, when none is). */
  function forTypes(article, types) {
    if (!types || !types.length) return true;
    return (article.dataset.serviceTypes || "").split(" ").some((type) => types.includes(type));
  }

  function show() {
    const types = chosenServices();
    const statuses = [];
    const listed = { required: [], expected: [] };
    for (const article of document.querySelectorAll("article.vp-measure[data-measure-id]")) {
      let mark = article.querySelector(":scope > .vp-law-mark");
      if (!chosen.length) {
        delete article.dataset.vpLawStatus;
        if (mark) mark.remove();
        continue;
      }
      const status = statusOf(parseTokens(article.dataset.vpLaw), chosen, types);
      article.dataset.vpLawStatus = status.force;
      if (!mark) {
        mark = element("p", { class: "vp-law-mark" });
        const heading = article.querySelector("h4");
        if (heading) heading.after(mark);
        else article.prepend(mark);
      }
      mark.className = "vp-law-mark vp-law-mark--" + status.force;
      mark.textContent = statusLine(status, names) + ".";
      if (!forTypes(article, types)) continue; // the combined checklist does not show it for the types chosen
      statuses.push(status);
      if (status.force !== "voluntary") {
        const heading = article.querySelector("h4");
        listed[status.force].push({ id: article.dataset.measureId, title: heading ? headingText(heading) : "" });
      }
    }
    summary.replaceChildren();
    // For the checklist's filter by the law (assessment/view.js).
    document.dispatchEvent(new CustomEvent("vp-law"));
    if (!chosen.length) return;
    const counts = countStatuses(statuses);
    const where = chosen.map((id) => names[id]);
    summary.append(
      element(
        "p",
        { class: "vp-law-summary__counts" },
        "Where you chose (" + where.join(", ") + "): " + counts.required + " of these " + statuses.length +
          " measures required by law, " + counts.expected + " expected, " + counts.voluntary + " voluntary.",
      ),
    );
    for (const force of ["required", "expected"]) {
      if (!listed[force].length) continue;
      const details = element("details", { class: "vp-law-summary__list" });
      details.append(element("summary", {}, (force === "required" ? "Required" : "Expected") + " (" + listed[force].length + ")"));
      const list = element("ul");
      for (const item of listed[force]) {
        const entry = element("li");
        entry.append(element("a", { href: "#" + item.id }, item.title));
        list.append(entry);
      }
      details.append(list);
      summary.append(details);
    }
  }
}

/** A measure heading's text, without its permalink sign or the status the self-assessment adds to it. */
function headingText(heading) {
  let text = "";
  for (const node of heading.childNodes) {
    if (node.nodeType === 1 && node.matches(".headerlink, .vp-status-badge")) continue;
    text += node.textContent;
  }
  return text.trim();
}
