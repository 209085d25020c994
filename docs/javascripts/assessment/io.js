/* Helpers of the self-assessment's parts loaded on demand: a download made in the browser, a stylesheet
   beside these modules, evidence as links. Nothing is ever sent anywhere. */
import { linkProblem } from "./read.js";
import { element } from "./ui.js";

/** A file made in the browser, downloaded: never sent anywhere. */
export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click(); // never attached to the page, so instant navigation does not see the click
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** A stylesheet beside these modules, added to the page once: the styles of the parts loaded on demand
    (panels.css: the dialogs, the report), which checklists.css does not carry. Resolves once it has loaded
    (or failed: the content still works, unstyled). */
export function stylesheet(name) {
  const href = new URL(name, import.meta.url).href;
  const found = Array.from(document.querySelectorAll("link[rel=stylesheet]")).find((link) => link.href === href);
  if (found) return found.vpLoaded || Promise.resolve();
  const link = element("link", { rel: "stylesheet", href });
  link.vpLoaded = new Promise((resolve) => {
    link.addEventListener("load", resolve);
    link.addEventListener("error", resolve);
  });
  document.head.append(link);
  return link.vpLoaded;
}

/** Evidence as links that are only ever followed: https only (checked again here), no referrer. */
export function evidenceList(links) {
  const list = element("ul", { class: "vp-evidence" });
  for (const link of links) {
    if (linkProblem(link)) continue;
    const item = element("li");
    item.append(element("a", { href: link, rel: "noreferrer" }, link));
    list.append(item);
  }
  return list;
}
