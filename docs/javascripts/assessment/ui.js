/* Small DOM helpers of the self-assessment's page modules (io.js has those of the parts loaded on demand).
   Text is only ever set as text (textContent), never as markup; styles only through classes. */


/** A new element with attributes and, when given, its text. */
export function element(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const name of Object.keys(attributes || {})) node.setAttribute(name, attributes[name]);
  if (text !== undefined) node.textContent = text;
  return node;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
  "November", "December"];

/** "2026-03-01" as "1 March 2026". */
export function longDay(day) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || "");
  return match ? Number(match[3]) + " " + MONTHS[Number(match[2]) - 1] + " " + match[1] : day || "";
}

/** Counts (progress.js `countStatuses`) as "12 of 72 settled (10 done, 1 not applicable, 1 not adopted),
    3 in progress". */
export function progressText(c) {
  return c.settled + " of " + c.total + " settled (" + c.done + " done, " + c["not-applicable"] + " not applicable, " +
    c["not-adopted"] + " not adopted), " + c["in-progress"] + " in progress";
}

/** A JSON file of this site, parsed; rejects when it cannot be had or read. */
export function fetchJson(src) {
  return window.fetch(new URL(src, window.location.href).href, { credentials: "same-origin" }).then((response) => {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  });
}
