/* Each measure's long parts (why, how to put it in place, the service notes, the evidence to keep, the
   references) on the checklists and the printable guidance. The page holds a placeholder per measure
   (`.vp-details[data-vp-details-src]`, linking to the measure's principle page, where the text always is);
   the text is in a file per page and principle that the renderer writes (vpguide/render.py), HTML made from
   the site's own data. A file is loaded when one of its measures comes near the screen, at the first key
   press (so that finding in the page finds it) and, synchronously, before printing. Each placeholder filled
   gets a `vp-details` event, for the combined checklist's choice of service types. */
import { detailsOf } from "./details/core.js";

const NEAR = "100% 0px 100% 0px"; // a screen's height above and below the visible part

let stopPage = null;

function start() {
  if (stopPage) stopPage();
  stopPage = null;
  const holders = document.querySelectorAll(".vp-details[data-vp-details-src]");
  if (holders.length) stopPage = setup(holders);
}

/** Watch the page's placeholders; returns the function that stops. */
function setup(holders) {
  const files = {};
  let stopped = false;
  holders.forEach((holder) => {
    const src = holder.getAttribute("data-vp-details-src");
    if (!files[src]) files[src] = { src, holders: [], state: "waiting" };
    files[src].holders.push(holder);
  });
  let observer = null;
  if (typeof window.IntersectionObserver === "function") {
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) load(files[entry.target.getAttribute("data-vp-details-src")], false);
        }
      },
      { rootMargin: NEAR },
    );
    holders.forEach((holder) => observer.observe(holder));
  } else {
    Object.values(files).forEach((file) => load(file, false));
  }
  const loadAll = (now) => Object.values(files).forEach((file) => load(file, now));
  const onKey = () => loadAll(false);
  const beforePrint = () => loadAll(true);
  document.addEventListener("keydown", onKey);
  window.addEventListener("beforeprint", beforePrint);
  return () => {
    stopped = true;
    if (observer) observer.disconnect();
    document.removeEventListener("keydown", onKey);
    window.removeEventListener("beforeprint", beforePrint);
  };

  /** Load a file (in the background; `now`: before returning, for printing) and put its texts in place. */
  function load(file, now) {
    if (!file || stopped || file.state === "loaded" || (file.state === "loading" && !now)) return;
    const url = new URL(file.src, window.location.href).href;
    if (now) {
      const request = new XMLHttpRequest();
      try {
        request.open("GET", url, false);
        request.send();
        show(file, request.status === 200 ? safeParse(request.responseText) : null);
      } catch (error) {
        file.state = "failed";
      }
      return;
    }
    file.state = "loading";
    fetch(url, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then(
        (data) => show(file, data),
        () => show(file, null),
      );
  }

  function show(file, data) {
    if (stopped || file.state === "loaded") return;
    const texts = detailsOf(data);
    if (!texts) {
      file.state = "failed"; // tried again when a measure comes near the screen again; the links stay
      return;
    }
    file.state = "loaded";
    keepInPlace(() => fill(file, texts));
  }

  function fill(file, texts) {
    for (const holder of file.holders) {
      if (observer) observer.unobserve(holder);
      const text = texts[holder.getAttribute("data-vp-measure")];
      if (typeof text !== "string") continue; // the placeholder stays, with its link
      const body = document.createElement("div");
      body.className = "vp-details__body";
      // The site's own HTML, made from its data with the page (vpguide/render.py), from the same origin.
      body.innerHTML = text;
      holder.replaceChildren(body);
      holder.dispatchEvent(new CustomEvent("vp-details", { bubbles: true }));
    }
  }
}

/** Make `change` without moving what the visitor is looking at: the place the address points to, when it is
    on screen, or else the first heading on screen, stays where it was. (Chromium's scroll anchoring keeps it
    on some pages and not on others, `/print/` for one; when it did, there is nothing left to correct.) */
function keepInPlace(change) {
  const reference = onScreen(document.querySelector(":target")) || firstHeadingOnScreen();
  const before = reference ? reference.getBoundingClientRect().top : 0;
  change();
  if (!reference) return;
  const moved = reference.getBoundingClientRect().top - before;
  if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
}

function onScreen(node) {
  if (!node) return null;
  const box = node.getBoundingClientRect();
  return box.height && box.bottom > 0 && box.top < window.innerHeight ? node : null;
}

function firstHeadingOnScreen() {
  for (const heading of document.querySelectorAll("article h2[id], article h3[id], article h4[id]")) {
    const box = heading.getBoundingClientRect();
    if (box.top >= 0) return box.top < window.innerHeight ? heading : null;
  }
  return null;
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    return null;
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => window.setTimeout(start, 0));
} else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
