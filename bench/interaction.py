"""Interaction: on the combined checklist with every service type chosen, the time from changing a
measure's status to the updated progress, measured in the page with `performance.now()`.

Each change clicks the radio of a measure's next status (not started -> in progress -> done -> not
applicable -> not started), which fires `change` as a visitor's click does; docs/javascripts/assessment.js
saves the assessment and updates every status and progress bar synchronously. A MutationObserver on the
overall progress text resolves when the new text is in the DOM: that is "to updated progress" (the budget,
one frame, 16 ms). "To next frame" also waits for the next animation frame and a task after it, so it
includes the style, layout and paint of that frame. Between changes the page is left idle for 50 ms.
"""

from __future__ import annotations

import statistics

MEASURE = """
async ({changes}) => {
  const order = ["not-started", "in-progress", "done", "not-applicable"];
  const text = document.querySelector("#vp-progress-overall-text");
  const measures = Array.from(document.querySelectorAll("article.vp-measure:not([hidden])"));
  if (!text || measures.length === 0) throw new Error("no self-assessment on this page");
  const idle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const out = [];
  for (let i = 0; i < changes; i++) {
    const article = measures[(i * 7) % measures.length];
    const checked = article.querySelector("input[type=radio]:checked");
    const next = order[(order.indexOf(checked ? checked.value : "not-started") + 1) % order.length];
    const radio = article.querySelector(`input[type=radio][value="${next}"]`);
    const before = text.textContent;
    const updated = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (text.textContent !== before) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(text, {childList: true, characterData: true, subtree: true});
    });
    const start = performance.now();
    radio.click();
    const progress = await updated;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const frame = performance.now();
    out.push({progress: progress - start, frame: frame - start});
    await idle(50);
  }
  return out;
}
"""


def measure(browser, origin: str, path: str, changes: int = 50) -> dict:
    """Median and worst, in milliseconds, of `changes` status changes on `origin + path`."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(origin + path, wait_until="networkidle")
        page.wait_for_selector("#vp-progress-overall-text")
        # Controls come as measures near the screen and, for the others, while the browser is idle.
        page.wait_for_function(
            "() => document.querySelectorAll('article.vp-measure fieldset.vp-assess').length"
            " === document.querySelectorAll('article.vp-measure[data-measure-id]').length"
        )
        shown = page.evaluate("document.querySelectorAll('article.vp-measure:not([hidden])').length")
        samples = page.evaluate(MEASURE, {"changes": changes})
    finally:
        context.close()
    progress = [s["progress"] for s in samples]
    frame = [s["frame"] for s in samples]
    return {
        "changes": changes,
        "measures_shown": shown,
        "progress_median_ms": statistics.median(progress),
        "progress_worst_ms": max(progress),
        "frame_median_ms": statistics.median(frame),
        "frame_worst_ms": max(frame),
    }
