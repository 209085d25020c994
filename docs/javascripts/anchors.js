/* A link to a place on a page lands on it, and stays on it. Whatever the case of its letters: `#p1-02` finds
   `#P1-02` (the address is corrected, so that a copy of it is right and the heading is highlighted). And
   while the page settles (its long parts loading, the self-assessment's controls being built, the theme
   marking the words searched for), the place is kept in view until the visitor scrolls, types or clicks,
   or for ten seconds. At the first load and at every change of the fragment. A hidden place (a measure
   outside the combined checklist's choice) is shown by that page's script, then kept in view too. */
import { idFor } from "./anchors/core.js";

const HOLD_MS = 10000;
const VISITOR = ["wheel", "touchstart", "keydown", "pointerdown"];

let release = null;

function land() {
  if (release) release();
  const fragment = window.location.hash.slice(1);
  if (!fragment) return;
  const ids = Array.from(document.querySelectorAll("[id]"), (node) => node.id);
  const id = idFor(fragment, ids);
  if (id) {
    // A navigation to the right fragment, in place of this one: the browser scrolls as for any link
    // (below the theme's header), the place becomes the page's target, and this runs again for it.
    window.location.replace("#" + encodeURIComponent(id));
    return;
  }
  let target = null;
  try {
    target = document.getElementById(decodeURIComponent(fragment));
  } catch (error) {
    return;
  }
  if (target) release = hold(target);
}

/** Keep `target` where the browser put it while what is around it changes size; returns the release. */
function hold(target) {
  const content = target.closest("article") || document.body;
  let released = false;
  const observer = new ResizeObserver(() => {
    if (!released && target.getClientRects().length) target.scrollIntoView({ block: "start" });
  });
  const timer = window.setTimeout(stop, HOLD_MS);
  observer.observe(content);
  for (const type of VISITOR) window.addEventListener(type, stop, { capture: true, passive: true });
  function stop() {
    if (released) return;
    released = true;
    observer.disconnect();
    window.clearTimeout(timer);
    for (const type of VISITOR) window.removeEventListener(type, stop, { capture: true });
    if (release === stop) release = null;
  }
  return stop;
}

window.addEventListener("hashchange", land);
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => window.setTimeout(land, 0));
} else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", land);
else land();
