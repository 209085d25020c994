/* The combined checklist (checklist.js loads it there): the service types chosen in the form and address
   (?services=a,b, or repeated), what is shown for them, and each measure's full text (a file per principle,
   vpguide/render.py), loaded near the screen, at the first key press (for finding in the page) and,
   synchronously, before printing. */
import { element, fetchJson } from "./ui.js";

const NEAR = "100% 0px 100% 0px";
const DETAILS_FORMAT = "vp-combined-details";

/** Start, before the page is first rendered; returns {chosen, chosenOrAll, loadAll, stop}, or null when the
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
  });
  const combined = {
    chosen: () => chosen,
    chosenOrAll: () => (chosen.length ? chosen : all),
    loadAll,
    stop,
  };
  const details = setupDetails();
  const onKey = () => loadAll(false);
  document.addEventListener("keydown", onKey);
  page.combined = combined;
  show();
  return combined;

  function stop() {
    document.removeEventListener("keydown", onKey);
    if (details && details.observer) details.observer.disconnect();
    details.stopped = true;
  }

  /** Show the measures of the chosen service types (all when none is chosen), their notes for those
      types, and a principle's not-applicable reasons only when it applies to none of them. */
  function show() {
    const shown = combined.chosenOrAll();
    const content = page.root.closest("article") || document;
    const isChosen = (id) => shown.includes(id);
    const anyChosen = (list) => (list || "").split(" ").some(isChosen);
    for (const m of page.measures) m.article.hidden = !m.serviceTypes.some(isChosen);
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
    const count = page.measures.filter((m) => !m.article.hidden).length;
    summary.textContent = chosen.length
      ? "Showing " + count + " measures for " + chosen.map((id) => names[id]).join(", ") + "."
      : "No service type chosen: showing all " + count + " measures.";
    api.showPermalinks();
  }

  /** The service notes in `root` for the chosen service types only (all when none is chosen). */
  function showNotes(root) {
    const shown = combined.chosenOrAll();
    root.querySelectorAll("[data-vp-service-note]").forEach((note) => {
      note.hidden = !shown.includes(note.getAttribute("data-vp-service-note"));
    });
  }

  /* ---- Each measure's full text ---- */

  function setupDetails() {
    const holders = document.querySelectorAll(".vp-details[data-vp-details-src]");
    const found = { files: {}, observer: null, stopped: false };
    holders.forEach((holder) => {
      const src = holder.getAttribute("data-vp-details-src");
      if (!found.files[src]) found.files[src] = { src, holders: [], state: "waiting" };
      found.files[src].holders.push(holder);
    });
    if (typeof window.IntersectionObserver !== "function") {
      Object.values(found.files).forEach((file) => loadDetails(file));
      return found;
    }
    found.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting && !found.stopped) loadDetails(found.files[entry.target.getAttribute("data-vp-details-src")]);
      }
    }, { rootMargin: NEAR });
    holders.forEach((holder) => found.observer.observe(holder));
    return found;
  }

  function loadAll(now) {
    Object.values(details.files).forEach((file) => loadDetails(file, now));
  }

  /** Load a file (in the background; `now`: before returning, for printing) and put its texts in place. */
  function loadDetails(file, now) {
    if (file.state === "loaded" || (file.state === "loading" && !now)) return;
    if (now) {
      const request = new XMLHttpRequest();
      try {
        request.open("GET", new URL(file.src, window.location.href).href, false);
        request.send();
        if (request.status === 200) showDetails(file, JSON.parse(request.responseText));
        else file.state = "failed";
      } catch (error) {
        file.state = "failed";
      }
      return;
    }
    file.state = "loading";
    fetchJson(file.src).then(
      (data) => {
        if (!details.stopped) showDetails(file, data);
      },
      () => {
        file.state = "failed"; // tried again when a measure comes near the screen again; the links stay
      },
    );
  }

  function showDetails(file, data) {
    if (file.state === "loaded") return;
    if (!data || data.format !== DETAILS_FORMAT || !data.measures || typeof data.measures !== "object") {
      file.state = "failed";
      return;
    }
    file.state = "loaded";
    for (const holder of file.holders) {
      if (details.observer) details.observer.unobserve(holder);
      const article = holder.closest("article[data-measure-id]");
      const text = article && data.measures[article.getAttribute("data-measure-id")];
      if (typeof text !== "string") continue; // the placeholder stays, with its links
      const body = element("div", { class: "vp-details__body" });
      // The site's own HTML, made from its data with the page (vpguide/render.py), same origin.
      body.innerHTML = text;
      showNotes(body);
      holder.replaceChildren(body);
    }
  }
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
