/* The pure part of anchors.js. */

/** The id among `ids` that the address's fragment (`#p1-02`, without its `#`, still percent-encoded) names
    when letter case is ignored, or null: none, or one with exactly that case (the browser's own). */
export function idFor(fragment, ids) {
  let wanted;
  try {
    wanted = decodeURIComponent(fragment || "");
  } catch (error) {
    return null;
  }
  if (!wanted) return null;
  const found = [];
  for (const id of ids) {
    if (id === wanted) return null;
    if (id.toLowerCase() === wanted.toLowerCase()) found.push(id);
  }
  return found.length ? found[0] : null;
}
