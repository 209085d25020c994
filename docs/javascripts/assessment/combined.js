/* The combined checklist (checklist.js loads it there): the service types chosen in the form and address
   (?services=a,b, or repeated), and what is shown for them, each measure's service notes included. */
import { element } from "./ui.js";

/** Start, before the page is first rendered; returns {chosen, chosenOrAll, stop}, or null when the
    page has no form. */
export function setup(api) {
  const form = document.querySelector("form.vp-services-form");
  if (!form) return null;
  const page = api.page;
  const boxes = Array.from(form.querySelectorAll("input[type=checkbox][name=services]"));
  const names = {};
  for (const box of boxes) names[box.value] = box.parentElement.textContent.trim();
  const all = boxes.map((box) => box.value);
  let chosen = fromAddress(all);
  const summary = element("p", { class: "vp-services-summary", role: "status" });
  for (const box of boxes) box.checked = chosen.includes(box.value);
  form.querySelectorAll("[data-vp-nojs]").forEach((node) => {
    node.hidden = true;
  });
  form.after(summary); // outside the form, so that it is printed
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("change", () => {
    chosen = boxes.filter((box) => box.checked).map((box) => box.value);
    window.history.replaceState(window.history.state, "", addressFor(chosen));
    show();
    api.render("here");
    api.refilter();
  });
  const combined = {
    chosen: () => chosen,
    chosenOrAll: () => (chosen.length ? chosen : all),
    stop,
  };
  // A measure's long parts, put in place by docs/javascripts/details.js, show the chosen types' notes only.
  const onDetails = (event) => showNotes(event.target);
  document.addEventListener("vp-details", onDetails);
  const onHash = () => {
    show();
    api.render("here");
    api.refilter();
  };
  window.addEventListener("hashchange", onHash);
  page.combined = combined;
  show();
  return combined;

  function stop() {
    document.removeEventListener("vp-details", onDetails);
    window.removeEventListener("hashchange", onHash);
  }

  /** Show the measures of the chosen service types (all when none is chosen), their notes for those
      types, and a principle's not-applicable reasons only when it applies to none of them. */
  function show() {
    const shown = combined.chosenOrAll();
    const content = page.root.closest("article") || document;
    const isChosen = (id) => shown.includes(id);
    const anyChosen = (list) => (list || "").split(" ").some(isChosen);
    const target = linkedMeasure();
    for (const m of page.measures) {
      const outside = !m.serviceTypes.some(isChosen);
      m.article.hidden = outside && m !== target;
      showOutside(m, outside && m === target);
    }
    showNotes(content);
    content.querySelectorAll("li[data-service-types]").forEach((item) => {
      item.hidden = !anyChosen(item.getAttribute("data-service-types"));
    });
    content.querySelectorAll("ul.vp-also-serves").forEach((list) => {
      list.hidden = !list.querySelector("li:not([hidden])");
    });
    content.querySelectorAll("section.vp-principle").forEach((section) => {
      const reasons = Array.from(section.querySelectorAll("[data-vp-not-applicable]"));
      const reasonFor = reasons.map((r) => r.getAttribute("data-vp-not-applicable"));
      const appliesToNone = chosen.length > 0 && chosen.every((id) => reasonFor.includes(id));
      reasons.forEach((reason, i) => {
        reason.hidden = chosen.length > 0 && !(appliesToNone && isChosen(reasonFor[i]));
      });
      const hasMeasures = section.querySelector("article.vp-measure:not([hidden]), li[data-service-types]:not([hidden])");
      section.hidden = !hasMeasures && !appliesToNone;
    });
    content.querySelectorAll("section.vp-theme").forEach((section) => {
      section.hidden = !section.querySelector("section.vp-principle:not([hidden])");
    });
    content.querySelectorAll(".vp-principle__body").forEach(markLastShown);
    // The table of contents follows: no entry for a hidden theme or principle.
    content.querySelectorAll("section.vp-theme, section.vp-principle").forEach((section) => {
      const heading = section.querySelector("h2[id], h3[id]");
      if (!heading) return;
      document.querySelectorAll('.md-nav--secondary a[href$="#' + heading.id + '"]').forEach((link) => {
        link.parentElement.hidden = section.hidden;
      });
    });
    const count = page.measures.filter((m) => !m.article.hidden && m !== target).length;
    summary.textContent = chosen.length
      ? "Showing " + count + " measures for " + chosen.map((id) => names[id]).join(", ") + "."
      : "No service type chosen: showing all " + count + " measures.";
    api.showPermalinks();
    if (target && target.article.hasAttribute("data-vp-outside") && !target.scrolled) {
      // The browser looked for it while it was hidden: it is in view now.
      target.scrolled = true;
      (target.article.querySelector("h4") || target.article).scrollIntoView();
    }
  }

  /** The measure the address points to (`#P5-03`, in any case: docs/javascripts/anchors.js), if any. */
  function linkedMeasure() {
    let id = "";
    try {
      id = decodeURIComponent(window.location.hash.slice(1)).toLowerCase();
    } catch (error) {
      return null;
    }
    return id ? page.measures.find((m) => m.id.toLowerCase() === id) || null : null;
  }

  /** A measure linked to but outside the chosen service types is shown all the same, with a line that
      says so and a button that adds its service types to the choice. */
  function showOutside(m, outside) {
    let line = m.article.querySelector(":scope > .vp-outside");
    if (!outside) {
      if (line) line.remove();
      m.article.removeAttribute("data-vp-outside");
      m.scrolled = false;
      return;
    }
    m.article.setAttribute("data-vp-outside", "");
    if (line) return;
    const types = m.serviceTypes.filter((id) => names[id]);
    const button = element("button", { type: "button", class: "vp-button" }, "Add them to the choice");
    button.addEventListener("click", () => {
      for (const box of boxes) if (types.includes(box.value)) box.checked = true;
      form.dispatchEvent(new Event("change"));
      // The line and its button are gone: the keyboard stays at the measure.
      const heading = m.article.querySelector("h4");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    });
    const applies = andList(types.map((id) => names[id]));
    line = element("p", { class: "vp-outside" }, "Outside the service types chosen: you followed a link to this measure, which applies to " + applies + ". ");
    line.append(button);
    (m.article.querySelector("h4") || m.article.firstChild).after(line);
  }

  /** The service notes in `root` for the chosen service types only (all when none is chosen). */
  function showNotes(root) {
    const shown = combined.chosenOrAll();
    root.querySelectorAll("[data-vp-service-note]").forEach((note) => {
      note.hidden = !shown.includes(note.getAttribute("data-vp-service-note"));
    });
  }

}

/** "A", "A and B", "A, B and C". */
function andList(items) {
  return items.length < 2 ? items.join("") : items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
}

/** The chosen service types from the address, in the form's order. */
function fromAddress(all) {
  const asked = [];
  new URLSearchParams(window.location.search).getAll("services").forEach((value) => {
    value.split(",").forEach((id) => asked.push(id.trim()));
  });
  return all.filter((id) => asked.includes(id));
}

function addressFor(chosen) {
  const params = new URLSearchParams(window.location.search);
  params.delete("services");
  let query = params.toString();
  // Written by hand: URLSearchParams would escape the commas, and the address is meant to be read.
  if (chosen.length) query = (query ? query + "&" : "") + "services=" + chosen.join(",");
  return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
}

/** A principle's part keeps no bottom margin after its last child (checklists.css): when the children after
    the last one shown are hidden, the one shown is marked instead. */
function markLastShown(body) {
  let last = body.lastElementChild;
  while (last && last.hidden) last = last.previousElementSibling;
  const marked = body.querySelector(":scope > .vp-last-shown");
  if (last === body.lastElementChild) last = null;
  if (marked === last) return;
  if (marked) marked.classList.remove("vp-last-shown");
  if (last) last.classList.add("vp-last-shown");
}
