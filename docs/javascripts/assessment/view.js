/* What a checklist shows (checklist.js builds it into the toolbar): each measure's status beside its title,
   filters by status, tier and the law, and the long parts folded away. The filters are not saved; the fold
   is kept in this browser (a preference, not part of any assessment). The pure part (`passes`,
   `filterLabel`) is unit-tested (tests/js/view.test.js). */
import { STATUSES, STATUS_LABELS } from "./format.js";
import { element } from "./ui.js";

export const FOLD_KEY = "vp-fold-long-parts";
export const ANY = "";
export const LAW_FILTERS = Object.freeze({ required: "Required by law", bound: "Required or expected by law" });
export const TIER_FILTERS = Object.freeze({ baseline: "Baseline", enhanced: "Enhanced" });

/** Whether a measure ({status, tier, law: "required" | "expected" | ""}) passes the filters ({status,
    tier, law}, each ANY or a value: for law, "required", or "bound", required or expected). */
export function passes(measure, filters) {
  if (filters.status && measure.status !== filters.status) return false;
  if (filters.tier && measure.tier !== filters.tier) return false;
  if (filters.law === "required" && measure.law !== "required") return false;
  if (filters.law === "bound" && measure.law !== "required" && measure.law !== "expected") return false;
  return true;
}

/** "Showing 12 of 84 measures: in progress, baseline." or "" with no filter. */
export function filterLabel(shown, total, filters) {
  const parts = [
    filters.status && STATUS_LABELS[filters.status].toLowerCase(),
    filters.tier && TIER_FILTERS[filters.tier].toLowerCase(),
    filters.law && LAW_FILTERS[filters.law].toLowerCase(),
  ].filter(Boolean);
  if (!parts.length) return "";
  return "Showing " + shown + " of " + total + " measure" + (total === 1 ? "" : "s") + ": " + parts.join(", ") + ".";
}

/** A measure's force in law here: where jurisdictions are chosen, what law/choice.js marked; else what any
    jurisdiction's law asks (the page's data-vp-law). */
function lawOf(article) {
  const chosen = article.getAttribute("data-vp-law-status");
  if (chosen) return chosen === "required" || chosen === "expected" ? chosen : "";
  const tokens = (article.getAttribute("data-vp-law") || "").split(" ").filter(Boolean);
  if (tokens.some((token) => token.split(":")[1] === "required")) return "required";
  return tokens.length ? "expected" : "";
}

/** The filters and the fold, in `toolbar` (an element); `measures` the page's, `statusOf(m)` a measure's
    saved status. Returns {showBadge(m, status), apply()}. */
export function buildView(toolbar, measures, statusOf) {
  const filters = { status: ANY, tier: ANY, law: ANY };
  const box = element("div", { class: "vp-view" });
  const fieldset = element("fieldset", { class: "vp-view__filters" });
  fieldset.append(element("legend", {}, "Show"));
  const choice = (name, label, options) => {
    const id = "vp-filter-" + name;
    const select = element("select", { id });
    select.append(element("option", { value: ANY }, "All"));
    for (const [value, text] of Object.entries(options)) select.append(element("option", { value }, text));
    select.addEventListener("change", () => {
      filters[name] = select.value;
      apply();
    });
    const wrap = element("span", { class: "vp-view__choice" });
    wrap.append(element("label", { for: id }, label), select);
    fieldset.append(wrap);
  };
  choice("status", "Status", Object.fromEntries(STATUSES.map((s) => [s, STATUS_LABELS[s]])));
  choice("tier", "Tier", TIER_FILTERS);
  if (measures.some((m) => m.article.hasAttribute("data-vp-law"))) choice("law", "The law", LAW_FILTERS);
  const fold = element("input", { type: "checkbox", id: "vp-fold" });
  const foldLabel = element("label", { for: "vp-fold", class: "vp-view__fold" });
  foldLabel.append(fold, " Fold the long parts (why, how, evidence, references)");
  const summary = element("p", { class: "vp-view__summary", role: "status" });
  box.append(fieldset, foldLabel, summary);
  toolbar.append(box);

  const content = (toolbar.closest("article") || document.body);
  fold.checked = readFold();
  content.classList.toggle("vp-folded", fold.checked);
  fold.addEventListener("change", () => {
    content.classList.toggle("vp-folded", fold.checked);
    writeFold(fold.checked);
  });
  // The choice of jurisdictions (law/choice.js) changes the marks: the law filter follows.
  document.addEventListener("vp-law", () => filters.law && apply());

  function apply() {
    let shown = 0;
    let total = 0;
    for (const m of measures) {
      if (m.article.hidden) continue;
      total += 1;
      const pass = passes({ status: statusOf(m), tier: m.tier, law: lawOf(m.article) }, filters);
      m.article.classList.toggle("vp-filtered", !pass);
      if (pass) shown += 1;
    }
    summary.textContent = filterLabel(shown, total, filters);
  }

  function showBadge(m, status) {
    if (!m.badge) {
      const heading = m.article.querySelector("h4");
      if (!heading) return;
      m.badge = element("span", { class: "vp-status-badge" });
      heading.insertBefore(m.badge, heading.querySelector(".headerlink"));
    }
    if (m.badge.getAttribute("data-status") === status) return;
    m.badge.setAttribute("data-status", status);
    m.badge.textContent = STATUS_LABELS[status];
  }

  return { showBadge, apply, filtering: () => Boolean(filters.status || filters.tier || filters.law) };
}

function readFold() {
  try {
    return window.localStorage.getItem(FOLD_KEY) === "1";
  } catch (error) {
    return false;
  }
}

function writeFold(on) {
  try {
    if (on) window.localStorage.setItem(FOLD_KEY, "1");
    else window.localStorage.removeItem(FOLD_KEY);
  } catch (error) {
    // Storage refused (private mode, full): the fold still works for this page.
  }
}
