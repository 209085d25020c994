/* The self-assessment saved in this browser (localStorage), shared by every tab: read here; written and
   merged with what other tabs save by sync.js, loaded with the first change or storage event. Version 2
   lives under STORAGE_KEY; when it is absent, the version 1 key is read (and migrated, read.js), never
   written. read.js loads only when something is saved. README.md, "Self-assessment". */

import { STORAGE_KEY, STORAGE_KEY_V1, emptyState } from "./format.js";

let reader = null;
let tools = null;

function loadReader() {
  if (!reader) reader = import("./read.js");
  return reader;
}

/** What a change needs (sync.js and, with it, read.js, merge.js, state.js), loaded once. */
export function loadTools() {
  if (!tools) tools = import("./sync.js");
  return tools;
}

/** The saved texts: {text, old} (version 2; version 1 when there is no version 2), or {unavailable}. */
export function rawSaved() {
  try {
    const text = window.localStorage.getItem(STORAGE_KEY);
    return { text, old: text === null ? window.localStorage.getItem(STORAGE_KEY_V1) : null };
  } catch (error) {
    return { unavailable: true, text: null, old: null };
  }
}

/** What is saved, read: {state, text, error?, problems, oldUnreadable?, unavailable?}. */
export function readSaved(raw, parseStored) {
  if (raw.text === null && raw.old === null) return { ...raw, state: emptyState(), problems: [] };
  if (raw.text !== null) return { ...parseStored(raw.text), text: raw.text };
  const read = parseStored(raw.old); // version 1, read only: if it cannot be read, it is left as it is
  return { ...read, error: "", oldUnreadable: read.error || "", text: null };
}

/** The store of one page, once what is saved is read; `listener(state, how)` after every change: how is
    "here" (`update`) or "elsewhere" (another tab). */
export function openStore(listener) {
  const raw = rawSaved();
  if (raw.text === null && raw.old === null) return Promise.resolve(create(listener, raw, null));
  // Read again once read.js is here (another tab may have saved meanwhile); from then on, events count.
  return loadReader().then((read) => create(listener, rawSaved(), read.parseStored));
}

function create(listener, raw, parseStored) {
  const first = readSaved(raw, parseStored);
  const store = { state: first.state, problem: null, unsaved: Boolean(raw.unavailable), keep: null, update, stop };
  if (raw.unavailable) store.problem = { kind: "unavailable" };
  else if (first.error) store.problem = { kind: "unreadable", message: first.error };
  else if (first.problems.length) {
    store.problem = { kind: "partial", first: first.problems[0], count: first.problems.length };
  } else if (first.oldUnreadable) store.problem = { kind: "old-unreadable", message: first.oldUnreadable };
  // What could not be read is copied to UNREADABLE_KEY before the first save over it (sync.js).
  if (first.error || first.problems.length) store.keep = first.text;
  let queue = Promise.resolve();
  const run = (job) => {
    const result = queue.then(loadTools).then(job);
    queue = result.catch(() => undefined);
    return result;
  };

  /** `change(state)` (read-merge-write, sync.js); resolves with its result. Changes run in order. */
  function update(change) {
    return run((sync) => sync.update(store, change, listener));
  }

  function onStorage(event) {
    const key = event.key;
    if (event.storageArea !== window.localStorage || (key !== STORAGE_KEY && key !== STORAGE_KEY_V1 && key !== null)) return;
    run((sync) => sync.changedElsewhere(store, key, event.newValue, listener));
  }

  window.addEventListener("storage", onStorage);

  function stop() {
    window.removeEventListener("storage", onStorage);
  }

  return store;
}

/** An id for a new assessment: "a", the time in base 36 and random digits (format.js ASSESSMENT_ID). */
export function newId() {
  const random = window.crypto.getRandomValues(new Uint32Array(2));
  return "a" + Date.now().toString(36) + random[0].toString(36) + random[1].toString(36);
}
