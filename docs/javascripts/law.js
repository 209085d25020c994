/* The choice of jurisdictions (an ES module, on every page: mkdocs.yml, extra_javascript): on a checklist it
   loads law/choice.js, elsewhere nothing. Material's document$ emits on every page load, and with instant
   navigation on each page it swaps in: the page's part is stopped and started again each time. */
let stop = null;

function start() {
  if (stop) stop();
  stop = null;
  const form = document.querySelector("form[data-vp-law-form]");
  if (!form) return;
  const page = form;
  import("./law/choice.js")
    .then((part) => {
      if (page.isConnected) stop = part.setup(page);
    })
    .catch((error) => console.error("The choice of jurisdictions could not start:", error));
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => window.setTimeout(start, 0));
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
