/* Writing the self-assessment and merging what other tabs save (store.js reads it): loaded with the first
   change or storage event. README.md, "Self-assessment", for the rules:
   - a change is read-merge-write: what is saved is read and merged in first (another tab may have saved
     since), then the change is applied and saved; changes run one after another, in the order asked;
   - a saved value that could not be read is copied to UNREADABLE_KEY before the first save over it;
   - another tab's save is merged (field by field, the later change winning: merge.js) and written back only
     when the merge holds something it lacked, so that the tabs settle after one exchange;
   - the version 1 key is never written: what a tab still running the old script saves there is merged in;
   - when the browser refuses to save, the assessment lives in the page until it is left (`unsaved`). */
import { STORAGE_KEY, STORAGE_KEY_V1, UNREADABLE_KEY } from "./format.js";
import { parseStored } from "./read.js";
import { sameContent, serialize } from "./state.js";
import { mergeStates } from "./merge.js";
import { rawSaved, readSaved } from "./store.js";

function save(store, state) {
  try {
    if (store.keep !== null) {
      window.localStorage.setItem(UNREADABLE_KEY, store.keep);
      store.keep = null;
    }
    window.localStorage.setItem(STORAGE_KEY, serialize(state));
    store.unsaved = false;
  } catch (error) {
    store.unsaved = true; // a copy that could not be kept stops the save too
  }
}

/** `change(state)` on what is saved merged with the page's state: it returns {state, ...} (saved) or
    {error, ...} (nothing saved); `listener` is told. Returns the change's result. */
export function update(store, change, listener) {
  const saved = readSaved(rawSaved(), parseStored);
  let base = store.state;
  if (!saved.unavailable && !saved.error) base = mergeStates(base, saved.state);
  else if (saved.error && saved.text !== null) store.keep = saved.text;
  const result = change(base);
  store.state = result.error ? base : result.state;
  if (!result.error) save(store, store.state);
  listener(store.state, "here");
  return result;
}

/** Another tab saved (or a tab still running version 1, under its own key; `key` null: storage cleared). */
export function changedElsewhere(store, key, value, listener) {
  if (key === null) {
    store.state = readSaved(rawSaved(), parseStored).state;
    return listener(store.state, "elsewhere");
  }
  const remote = parseStored(value);
  if (remote.error) {
    // Another version's value: nothing to merge; a save here keeps a copy of it first.
    if (key === STORAGE_KEY && value !== null) store.keep = value;
    return;
  }
  store.state = mergeStates(store.state, remote.state);
  const saved = key === STORAGE_KEY_V1 ? readSaved(rawSaved(), parseStored) : remote;
  if (!saved.error && !sameContent(store.state, saved.state)) save(store, store.state);
  listener(store.state, "elsewhere");
}
