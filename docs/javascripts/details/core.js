/* The pure part of details.js: what a details file must hold to be used. */
export const DETAILS_FORMAT = "vp-details";

/** The measure id -> HTML map of a details file's parsed JSON, or null when it is not one. */
export function detailsOf(data) {
  if (!data || typeof data !== "object" || data.format !== DETAILS_FORMAT) return null;
  const measures = data.measures;
  if (!measures || typeof measures !== "object" || Array.isArray(measures)) return null;
  const texts = {};
  for (const [id, html] of Object.entries(measures)) {
    if (typeof html === "string") texts[id] = html;
  }
  return texts;
}
