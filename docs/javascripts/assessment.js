/* The self-assessment's entry (README.md, "Self-assessment"): on a checklist it loads assessment/checklist.js,
   on the report page assessment/report.js, elsewhere nothing. Started again for each page document$ emits. */
let running = null; // a promise of the function that stops what runs for this page
let generation = 0;

function start() {
  const mine = ++generation;
  if (running) running.then((stop) => stop && stop());
  running = null;
  const checklist = document.querySelector(".vp-assessment[data-vp-scope]");
  const report = document.querySelector(".vp-report[data-vp-measures]");
  if (!checklist && !report) return;
  running = import(checklist ? "./assessment/checklist.js" : "./assessment/report.js")
    .then((part) => (mine === generation ? part.setup(checklist || report) : null))
    .catch((error) => console.error("The self-assessment could not start:", error));
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  // In a task of its own, after Material's: two short tasks keep the page answering, one long one not.
  window.document$.subscribe(() => window.setTimeout(start, 0));
} else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
