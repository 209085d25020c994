/* Self-assessment on the checklists. Each measure can be marked not started, in progress, done or not
   applicable, with a note; progress shows per principle and overall; the assessment can be exported
   (JSON, CSV), imported (JSON) and cleared. It is saved only in this browser (localStorage, key
   "vp-self-assessment"), one assessment per browser keyed by measure id, so a measure shared by several
   checklists has one status and note everywhere. No server, no cookie, no other host.

   The templates put everything this script needs in the page, in data- attributes:
   - .vp-assessment[data-vp-scope]: where the toolbar goes; the scope (a service type id, or "combined"),
     the dataset version and every measure id the site knows (imports are checked against them);
   - article.vp-measure[data-measure-id]: a measure, with its title, principle and service types;
   - on the combined checklist, form.vp-services-form (one checkbox per service type), the service notes
     [data-vp-service-note] and the not-applicable reasons [data-vp-not-applicable].
   Without JavaScript the checklists stay complete and printable, with no controls. Material's document$
   emits on every page load, instant navigation included, and the widgets are built again each time.

   Long pages stay quick to open (bench/README.md): the toolbar and the progress are built at once, but
   a measure's controls only when it comes near the screen (IntersectionObserver), and the others a few at a
   time while the browser is idle, so that every control exists soon after the page has loaded; all of them
   before printing. The same idle work lets the browser lay out what it skipped while the page opened,
   each principle's part then each measure (content-visibility in checklists.css; [data-vp-laid-out] once
   done). What is saved, exported and counted comes from storage, never from the controls. On the
   combined checklist, the full text of each measure (div.vp-details[data-vp-details-src], a JSON file per
   principle, written by the renderer: vpguide/render.py) is loaded the same way: near the screen, at the
   visitor's first key press (so that finding in the page and reading with the keyboard reach everything),
   and before printing. */
(function () {
  "use strict";

  var STORAGE_KEY = "vp-self-assessment";
  var FORMAT = "vp-self-assessment";
  var VERSION = 1;
  var STATUSES = {
    "not-started": "Not started",
    "in-progress": "In progress",
    done: "Done",
    "not-applicable": "Not applicable",
  };
  var DEFAULT_STATUS = "not-started";
  var ANNOUNCE_DELAY_MS = 1000;
  var MAX_IMPORT_BYTES = 1024 * 1024;
  var MAX_NOTE_LENGTH = 5000;
  // Controls and texts are made ready this far beyond the screen, above and below (a screen's height).
  var NEAR = "100% 0px 100% 0px";
  // Idle work comes in slices of at most this long, so that the page never stops answering for long, and
  // lays out at most this many measures each time.
  var SLICE_MS = 8;
  var LAYOUTS_PER_SLICE = 1;
  var NOT_SAVED =
    "Your browser does not let this page save: what you mark will be lost when you leave the page.";

  /* ---------------------------------------------------------------------------------------------------
     Storage: {"format": "vp-self-assessment", "version": 1, "measures": {"P1-01": {status, note, updated}}}
     --------------------------------------------------------------------------------------------------- */

  // When the browser refuses local storage (or it is full), the assessment lives here until the page
  // is left, and the visitor is told that it is not saved.
  var unsaved = null;

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function isStatus(value) {
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(STATUSES, value);
  }

  /** The saved measures by id, and `problem`: null, "unreadable" (ignored) or "unavailable". */
  function readStorage() {
    if (unsaved) return { measures: Object.assign({}, unsaved), problem: "unavailable" };
    var text;
    try {
      text = window.localStorage.getItem(STORAGE_KEY);
    } catch (error) {
      return { measures: {}, problem: "unavailable" };
    }
    if (text === null) return { measures: {}, problem: null };
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { measures: {}, problem: "unreadable" };
    }
    if (!isObject(data) || data.format !== FORMAT || data.version !== VERSION || !isObject(data.measures)) {
      return { measures: {}, problem: "unreadable" };
    }
    var measures = {};
    var problem = null;
    Object.keys(data.measures).forEach(function (id) {
      var entry = data.measures[id];
      if (isObject(entry) && isStatus(entry.status) && typeof entry.note === "string") {
        measures[id] = {
          status: entry.status,
          note: entry.note,
          updated: typeof entry.updated === "string" ? entry.updated : "",
        };
      } else {
        problem = "unreadable";
      }
    });
    return { measures: measures, problem: problem };
  }

  /** Save all measures; false when the browser would not store them. */
  function writeStorage(measures) {
    try {
      var data = { format: FORMAT, version: VERSION, measures: measures };
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(data));
      unsaved = null;
      return true;
    } catch (error) {
      unsaved = Object.assign({}, measures);
      return false;
    }
  }

  function clearStorage() {
    unsaved = null;
    try {
      window.localStorage.removeItem(STORAGE_KEY);
      return true;
    } catch (error) {
      return false;
    }
  }

  /** Apply `change` to what is saved now (another tab may have saved since), then save. */
  function updateStorage(change) {
    var measures = readStorage().measures;
    var result = change(measures);
    return { measures: measures, saved: writeStorage(measures), result: result };
  }

  function entryOf(measures, id) {
    return measures[id] || { status: DEFAULT_STATUS, note: "", updated: "" };
  }

  /** Set a measure's status and note; one that is not started and has no note is not stored at all. */
  function setEntry(measures, id, status, note) {
    if (status === DEFAULT_STATUS && note === "") delete measures[id];
    else measures[id] = { status: status, note: note, updated: new Date().toISOString() };
  }

  /* ---------------------------------------------------------------------------------------------------
     Files: export as JSON and CSV, import JSON
     --------------------------------------------------------------------------------------------------- */

  function download(filename, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    link.click(); // never attached to the page, so instant navigation does not see the click
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
  }

  /** A spreadsheet runs a cell starting with = + - @ as a formula: such a cell gets a leading apostrophe
      (as vpguide/export.py does for the site's own CSV downloads). */
  function spreadsheetSafe(text) {
    return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
  }

  function csvCell(text) {
    var safe = spreadsheetSafe(text);
    return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  }

  function toCsv(header, rows) {
    var lines = [header.join(",")].concat(
      rows.map(function (row) {
        return row.map(csvCell).join(",");
      }),
    );
    return lines.join("\r\n") + "\r\n";
  }

  /** A value from a file, short and quoted, for a message. */
  function quoted(value) {
    var text = typeof value === "string" ? value : JSON.stringify(value);
    if (text === undefined) text = String(value);
    return "\u201c" + (text.length > 40 ? text.slice(0, 40) + "\u2026" : text) + "\u201d";
  }

  /** Check an exported file: {entries: [{id, status, note}]} or {error: "what is wrong"}. */
  function parseImport(text, ids) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { error: "the file is not valid JSON." };
    }
    if (!isObject(data) || data.format !== FORMAT) {
      return {
        error: 'the file is not a self-assessment exported from this site (its "format" is not "' + FORMAT + '").',
      };
    }
    if (data.version !== VERSION) {
      var version = quoted(data.version);
      return { error: "the file has version " + version + "; this site reads version " + VERSION + "." };
    }
    if (!Array.isArray(data.measures)) return { error: 'the file\'s "measures" is not a list.' };
    var entries = [];
    var seen = {};
    for (var i = 0; i < data.measures.length; i++) {
      var item = data.measures[i];
      if (!isObject(item) || typeof item.id !== "string") {
        return { error: "measure " + (i + 1) + " in the file has no id." };
      }
      if (!ids.measures.has(item.id)) {
        if (Object.prototype.hasOwnProperty.call(ids.retired, item.id)) {
          return { error: item.id + " was retired from the guidance in version " + ids.retired[item.id] + "." };
        }
        return { error: quoted(item.id) + " is not a measure on this site." };
      }
      if (seen[item.id]) return { error: item.id + " appears more than once." };
      if (!isStatus(item.status)) {
        return {
          error: item.id + " has the status " + quoted(item.status) + "; a status is one of " +
            Object.keys(STATUSES).join(", ") + ".",
        };
      }
      if (item.note !== undefined && typeof item.note !== "string") {
        return { error: "the note of " + item.id + " is not text." };
      }
      var note = item.note || "";
      if (note.length > MAX_NOTE_LENGTH) {
        return { error: "the note of " + item.id + " is longer than " + MAX_NOTE_LENGTH + " characters." };
      }
      seen[item.id] = true;
      entries.push({ id: item.id, status: item.status, note: note });
    }
    return { entries: entries };
  }

  /* ---------------------------------------------------------------------------------------------------
     The page: toolbar, controls on each measure, progress, and the combined checklist's choice
     --------------------------------------------------------------------------------------------------- */

  var page = null; // the checklist on screen; replaced on every page load

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function visibleMeasures() {
    return page.measures.filter(function (m) {
      return !m.article.hidden;
    });
  }

  function countStatuses(items, measures) {
    var counts = { total: items.length, "not-started": 0, "in-progress": 0, done: 0, "not-applicable": 0 };
    items.forEach(function (m) {
      counts[entryOf(measures, m.id).status] += 1;
    });
    return counts;
  }

  function progressText(counts) {
    return counts.done + " of " + counts.total + " done, " + counts["in-progress"] + " in progress, " +
      counts["not-applicable"] + " not applicable";
  }

  /** A labelled <progress> with its counts as text. */
  function progressWidget(label, id) {
    var box = element("div", { class: "vp-progress" });
    var name = element("span", { class: "vp-progress__label", id: id + "-label" }, label);
    var bar = element("progress", { "aria-labelledby": id + "-label", "aria-describedby": id + "-text" });
    var text = element("span", { class: "vp-progress__text", id: id + "-text" });
    box.append(name, bar, text);
    return { box: box, bar: bar, text: text };
  }

  function showProgress(widget, counts) {
    widget.box.hidden = counts.total === 0;
    widget.bar.max = Math.max(counts.total, 1);
    widget.bar.value = counts.done;
    widget.text.textContent = progressText(counts);
  }

  function say(text, isError) {
    page.message.textContent = text;
    page.message.classList.toggle("vp-toolbar__message--error", Boolean(isError));
  }

  function announceProgressSoon() {
    window.clearTimeout(page.announceTimer);
    page.announceTimer = window.setTimeout(function () {
      var counts = countStatuses(visibleMeasures(), readStorage().measures);
      page.announcer.textContent = "Progress: " + progressText(counts) + ".";
    }, ANNOUNCE_DELAY_MS);
  }

  function buildToolbar(root) {
    var bar = element("section", { class: "vp-toolbar", "aria-labelledby": "vp-toolbar-title" });
    bar.append(
      element("h2", { class: "vp-toolbar__title", id: "vp-toolbar-title" }, "Your self-assessment"),
      element(
        "p",
        { class: "vp-toolbar__privacy" },
        "Saved only in this browser, on this device: no account, no server, no cookie. Anyone using this " +
          "browser can see it; export it to keep a copy or to share it with your team.",
      ),
    );
    var overall = progressWidget("Overall", "vp-progress-overall");
    var actions = element("div", { class: "vp-toolbar__actions" });
    var exportJson = element("button", { type: "button", class: "vp-button" }, "Export JSON");
    var exportCsv = element("button", { type: "button", class: "vp-button" }, "Export CSV");
    var importButton = element("button", { type: "button", class: "vp-button" }, "Import JSON\u2026");
    var fileInput = element("input", { type: "file", accept: ".json,application/json", hidden: "" });
    var clear = element("button", { type: "button", class: "vp-button" }, "Clear all\u2026");
    actions.append(exportJson, exportCsv, importButton, fileInput, clear);
    var message = element("p", { class: "vp-toolbar__message", role: "status" });
    var announcer = element("p", { class: "vp-visually-hidden", "aria-live": "polite" });
    bar.append(overall.box, actions, message, announcer);
    root.replaceChildren(bar);

    exportJson.addEventListener("click", exportAsJson);
    exportCsv.addEventListener("click", exportAsCsv);
    importButton.addEventListener("click", function () {
      fileInput.click();
    });
    fileInput.addEventListener("change", function () {
      var file = fileInput.files[0];
      fileInput.value = ""; // the same file can be chosen again
      if (file) importFile(file);
    });
    clear.addEventListener("click", clearAll);
    return { overall: overall, message: message, announcer: announcer };
  }

  function buildControls(measure) {
    var id = measure.id;
    var fieldset = element("fieldset", { class: "vp-assess" });
    fieldset.append(element("legend", {}, "Your assessment of " + id));
    var statuses = element("div", { class: "vp-assess__statuses" });
    var radios = {};
    Object.keys(STATUSES).forEach(function (status) {
      var label = element("label");
      var radio = element("input", { type: "radio", name: "vp-status-" + id, value: status });
      label.append(radio, " " + STATUSES[status]);
      statuses.append(label);
      radios[status] = radio;
      radio.addEventListener("change", function () {
        if (radio.checked) save(measure);
      });
    });
    var noteId = "vp-note-" + id;
    var noteLabel = element("label", { for: noteId, class: "vp-assess__note-label" }, "Note on " + id);
    var note = element("textarea", { id: noteId, rows: "2", maxlength: String(MAX_NOTE_LENGTH) });
    note.addEventListener("input", function () {
      save(measure);
    });
    fieldset.append(statuses, noteLabel, note);
    // Before the permalink line, not after it: when the controls of a measure at the top edge of the screen
    // are built, the browser's scroll anchoring then keeps what is on screen in place.
    var permalinkLine = measure.article.querySelector(".vp-permalink-line");
    if (permalinkLine) permalinkLine.before(fieldset);
    else measure.article.append(fieldset);

    // Printed instead of the controls: the status and note as plain text, under the heading.
    var printed = element("p", { class: "vp-print-status" });
    var heading = measure.article.querySelector("h4");
    (heading || measure.article.firstChild).after(printed);
    measure.radios = radios;
    measure.note = note;
    measure.printed = printed;
    measure.built = true;
    showMeasure(measure, entryOf(page.saved, id));
  }

  /** The controls of `measure`, built if they are not yet. */
  function ensureControls(measure) {
    if (!measure.built) buildControls(measure);
  }

  /** Build the controls of the measures near the screen as they come near. While the browser is idle, in
      page order, let the browser lay out what follows each principle's heading, one principle at a time,
      then build the other measures' controls and let it lay them out, a few at a time: the stylesheet lets
      it skip both while off screen as the page opens (checklists.css), and tools that measure the page
      (axe-core) need everything laid out. */
  function buildControlsLazily() {
    var current = page;
    if (typeof window.IntersectionObserver !== "function") {
      finishMeasures();
      return;
    }
    var byArticle = new Map();
    page.measures.forEach(function (m) {
      byArticle.set(m.article, m);
    });
    page.observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          ensureControls(byArticle.get(entry.target));
          current.observer.unobserve(entry.target);
        });
      },
      { rootMargin: NEAR },
    );
    page.measures.forEach(function (m) {
      page.observer.observe(m.article);
    });
    var bodies = principleBodies();
    var nextBody = 0;
    var next = 0;
    whenIdle(function slice() {
      if (page !== current) return;
      if (nextBody < bodies.length) {
        layOut(bodies[nextBody++]);
        whenIdle(slice);
        return;
      }
      var started = window.performance.now();
      var end = Math.min(next + LAYOUTS_PER_SLICE, page.measures.length);
      while (next < end && window.performance.now() - started < SLICE_MS) {
        var measure = page.measures[next++];
        page.observer.unobserve(measure.article);
        finishMeasure(measure);
      }
      if (next < page.measures.length) whenIdle(slice);
      else page.observer.disconnect();
    });
  }

  /** What follows each principle's heading (div.vp-principle__body), in page order. */
  function principleBodies() {
    var content = page.root.closest("article") || document;
    return Array.prototype.slice.call(content.querySelectorAll(".vp-principle__body"));
  }

  function layOut(element) {
    element.setAttribute("data-vp-laid-out", "");
  }

  function layOutBodies() {
    principleBodies().forEach(layOut);
  }

  function finishMeasure(measure) {
    ensureControls(measure);
    layOut(measure.article);
  }

  /** Everything laid out, every measure with its controls, at once (before printing). */
  function finishMeasures() {
    layOutBodies();
    page.measures.forEach(finishMeasure);
  }

  function whenIdle(callback) {
    if (typeof window.requestIdleCallback === "function") window.requestIdleCallback(callback);
    else window.setTimeout(callback, 50);
  }

  /** The controls' values, saved; then progress and the printed status follow. */
  function save(measure) {
    var status = Object.keys(measure.radios).find(function (s) {
      return measure.radios[s].checked;
    }) || DEFAULT_STATUS;
    var update = updateStorage(function (measures) {
      setEntry(measures, measure.id, status, measure.note.value);
    });
    render(update.measures);
    if (!update.saved) say(NOT_SAVED, true);
    announceProgressSoon();
  }

  /** One measure's saved entry in its controls, its printed status and its left edge. */
  function showMeasure(m, entry) {
    m.article.setAttribute("data-vp-status", entry.status);
    if (!m.built) return; // its controls will show what is saved when they are built
    m.radios[entry.status].checked = true;
    if (m.note.value !== entry.note && document.activeElement !== m.note) m.note.value = entry.note;
    var printed = [element("strong", {}, "Status:"), " " + STATUSES[entry.status] + "."];
    if (entry.note) printed.push(" ", element("strong", {}, "Note:"), " " + entry.note);
    m.printed.replaceChildren.apply(m.printed, printed);
  }

  /** Show `measures` (what is saved) in every control, printed status and progress bar. */
  function render(measures) {
    page.saved = measures;
    page.measures.forEach(function (m) {
      showMeasure(m, entryOf(measures, m.id));
    });
    page.principles.forEach(function (p) {
      var items = page.measures.filter(function (m) {
        return m.principle === p.number && !m.article.hidden;
      });
      showProgress(p.widget, countStatuses(items, measures));
    });
    showProgress(page.toolbar.overall, countStatuses(visibleMeasures(), measures));
  }

  /* Per principle: progress above its first measure. */
  function buildPrincipleProgress() {
    var principles = [];
    page.measures.forEach(function (m) {
      if (principles.some(function (p) { return p.number === m.principle; })) return;
      var widget = progressWidget("Principle " + m.principle, "vp-progress-p" + m.principle);
      widget.box.classList.add("vp-progress--principle");
      m.article.before(widget.box);
      principles.push({ number: m.principle, widget: widget });
    });
    return principles;
  }

  /* ---- Export, import, clear ---- */

  function scope() {
    if (!page.combined) return page.scope;
    return "combined:" + (page.combined.chosen.length ? page.combined.chosen : page.combined.all).join(",");
  }

  function fileName(extension) {
    var date = new Date().toISOString().slice(0, 10);
    return "vp-self-assessment-" + page.scope + "-" + date + "." + extension;
  }

  function exportRows() {
    var measures = readStorage().measures;
    return visibleMeasures().map(function (m) {
      var entry = entryOf(measures, m.id);
      return { id: m.id, title: m.title, status: entry.status, note: entry.note };
    });
  }

  function exportAsJson() {
    var data = {
      format: FORMAT,
      version: VERSION,
      dataset_version: page.datasetVersion,
      exported: new Date().toISOString(),
      scope: scope(),
      measures: exportRows(),
    };
    var name = fileName("json");
    download(name, "application/json", JSON.stringify(data, null, 2) + "\n");
    say("Exported " + data.measures.length + " measures to " + name + ".");
  }

  function exportAsCsv() {
    var rows = exportRows();
    var name = fileName("csv");
    var csv = toCsv(["id", "title", "status", "note"], rows.map(function (r) {
      return [r.id, r.title, r.status, r.note];
    }));
    download(name, "text/csv", csv);
    say("Exported " + rows.length + " measures to " + name + ".");
  }

  function importFile(file) {
    var nothing = "Nothing was imported from " + file.name + ": ";
    if (file.size > MAX_IMPORT_BYTES) {
      say(nothing + "the file is larger than an exported self-assessment can be.", true);
      return;
    }
    var current = page;
    Promise.all([file.text(), measureIds(page.idsSrc)]).then(
      function (read) {
        if (page !== current) return; // the visitor has left the checklist
        var parsed = read[1] ? parseImport(read[0], read[1]) : { error: IDS_UNAVAILABLE };
        if (parsed.error) {
          say(nothing + parsed.error, true);
          return;
        }
        var update = updateStorage(function (measures) {
          var changed = 0;
          parsed.entries.forEach(function (e) {
            var before = entryOf(measures, e.id);
            if (before.status !== e.status || before.note !== e.note) {
              setEntry(measures, e.id, e.status, e.note);
              changed += 1;
            }
          });
          return changed;
        });
        render(update.measures);
        var onPage = parsed.entries.filter(function (e) {
          return page.measures.some(function (m) { return m.id === e.id; });
        }).length;
        var total = parsed.entries.length;
        var elsewhere = total - onPage;
        say(
          "Imported " + file.name + ": " + update.result + " of its " + total + " measures updated" +
            (update.result < total ? ", the others were already the same" : "") +
            (elsewhere ? " (" + elsewhere + " of its measures are not on this page)" : "") + "." +
            (update.saved ? "" : " Your browser did not let this page save them."),
          !update.saved,
        );
        announceProgressSoon();
      },
      function () {
        say(nothing + "the file could not be read.", true);
      },
    );
  }

  var IDS_UNAVAILABLE =
    "the list of this site's measures could not be loaded to check the file. Try again when online.";
  var idsFiles = {}; // address -> promise of {measures: Set, retired: {id: version}}, or of null on failure

  /** Every measure id of the guidance (a file written by the build), loaded when a file is first imported. */
  function measureIds(src) {
    var address = addressOf(src);
    if (!idsFiles[address]) {
      idsFiles[address] = fetchJson(src)
        .then(function (data) {
          if (!Array.isArray(data.measures) || !isObject(data.retired)) throw new Error("not a list of ids");
          return { measures: new Set(data.measures), retired: data.retired };
        })
        .catch(function () {
          delete idsFiles[address]; // the next import tries again
          return null;
        });
    }
    return idsFiles[address];
  }

  function clearAll() {
    var question =
      "Clear your self-assessment? This removes the status and note of every measure, on every " +
      "checklist, from this browser. It cannot be undone: export it first to keep a copy.";
    if (!window.confirm(question)) {
      say("Nothing was cleared.");
      return;
    }
    var cleared = clearStorage();
    render({});
    if (cleared) say("Cleared: every measure is back to not started, with no note.");
    else say("Your browser did not let this page clear what it saved.", true);
    announceProgressSoon();
  }

  /* ---- The combined checklist: the service types chosen in the form and in the address ---- */

  /** The chosen service types from ?services=a,b (repeated services= works too), in the form's order. */
  function servicesFromAddress(all) {
    var asked = [];
    new URLSearchParams(window.location.search).getAll("services").forEach(function (value) {
      value.split(",").forEach(function (id) {
        asked.push(id.trim());
      });
    });
    return all.filter(function (id) {
      return asked.indexOf(id) !== -1;
    });
  }

  function addressFor(chosen) {
    var params = new URLSearchParams(window.location.search);
    params.delete("services");
    var query = params.toString();
    // Written by hand: URLSearchParams would escape the commas, and the address is meant to be read.
    if (chosen.length) query = (query ? query + "&" : "") + "services=" + chosen.join(",");
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  function setupCombined() {
    var form = document.querySelector("form.vp-services-form");
    if (!form) return null;
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name=services]"));
    var names = {};
    boxes.forEach(function (box) {
      names[box.value] = box.parentElement.textContent.trim();
    });
    var combined = {
      names: names,
      all: boxes.map(function (box) { return box.value; }),
      chosen: [],
      summary: element("p", { class: "vp-services-summary", role: "status" }),
    };
    combined.chosen = servicesFromAddress(combined.all);
    boxes.forEach(function (box) {
      box.checked = combined.chosen.indexOf(box.value) !== -1;
    });
    form.querySelectorAll("[data-vp-nojs]").forEach(function (node) {
      node.hidden = true;
    });
    form.after(combined.summary); // outside the form, so that it is printed
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("change", function () {
      combined.chosen = boxes.filter(function (box) { return box.checked; }).map(function (box) {
        return box.value;
      });
      window.history.replaceState(window.history.state, "", addressFor(combined.chosen));
      showChosen();
      render(readStorage().measures);
    });
    return combined;
  }

  /** Show the measures of the chosen service types (all when none is chosen), their notes for those
      types, and a principle's not-applicable reasons only when it applies to none of them. */
  function showChosen() {
    var combined = page.combined;
    var chosen = combined.chosen.length ? combined.chosen : combined.all;
    var content = page.root.closest("article") || document;
    function isChosen(id) {
      return chosen.indexOf(id) !== -1;
    }
    function anyChosen(list) {
      return (list || "").split(" ").some(isChosen);
    }
    page.measures.forEach(function (m) {
      m.article.hidden = !m.serviceTypes.some(isChosen);
    });
    showNotes(content);
    content.querySelectorAll("li[data-service-types]").forEach(function (item) {
      item.hidden = !anyChosen(item.getAttribute("data-service-types"));
    });
    content.querySelectorAll("ul.vp-also-serves").forEach(function (list) {
      list.hidden = !list.querySelector("li:not([hidden])");
    });
    content.querySelectorAll("section.vp-principle").forEach(function (section) {
      var reasons = Array.prototype.slice.call(section.querySelectorAll("[data-vp-not-applicable]"));
      var reasonFor = reasons.map(function (r) { return r.getAttribute("data-vp-not-applicable"); });
      var appliesToNone = combined.chosen.length > 0 && combined.chosen.every(function (id) {
        return reasonFor.indexOf(id) !== -1;
      });
      reasons.forEach(function (reason, i) {
        reason.hidden = combined.chosen.length > 0 && !(appliesToNone && isChosen(reasonFor[i]));
      });
      var hasMeasures = section.querySelector(
        "article.vp-measure:not([hidden]), li[data-service-types]:not([hidden])",
      );
      section.hidden = !hasMeasures && !appliesToNone;
    });
    content.querySelectorAll("section.vp-theme").forEach(function (section) {
      section.hidden = !section.querySelector("section.vp-principle:not([hidden])");
    });
    content.querySelectorAll(".vp-principle__body").forEach(markLastShown);
    // The table of contents follows: no entry for a hidden theme or principle.
    content.querySelectorAll("section.vp-theme, section.vp-principle").forEach(function (section) {
      var heading = section.querySelector("h2[id], h3[id]");
      if (!heading) return;
      document.querySelectorAll('.md-nav--secondary a[href$="#' + heading.id + '"]').forEach(function (link) {
        link.parentElement.hidden = section.hidden;
      });
    });
    var count = visibleMeasures().length;
    combined.summary.textContent = combined.chosen.length
      ? "Showing " + count + " measures for " + combined.chosen.map(function (id) {
        return combined.names[id];
      }).join(", ") + "."
      : "No service type chosen: showing all " + count + " measures.";
    showPermalinks();
  }

  /** A principle's part keeps no bottom margin after its last child (checklists.css): when the children
      after the last one shown are hidden, the one shown is marked instead. */
  function markLastShown(body) {
    var last = body.lastElementChild;
    while (last && last.hidden) last = last.previousElementSibling;
    var marked = body.querySelector(":scope > .vp-last-shown");
    if (last === body.lastElementChild) last = null;
    if (marked === last) return;
    if (marked) marked.classList.remove("vp-last-shown");
    if (last) last.classList.add("vp-last-shown");
  }

  /** The service notes in `root` for the chosen service types only (all when none is chosen). */
  function showNotes(root) {
    if (!page.combined) return;
    var chosen = page.combined.chosen.length ? page.combined.chosen : page.combined.all;
    root.querySelectorAll("[data-vp-service-note]").forEach(function (note) {
      note.hidden = chosen.indexOf(note.getAttribute("data-vp-service-note")) === -1;
    });
  }

  /** Each measure's permalink as a full address (with the choice of service types, on the combined
      checklist), for reading on paper. */
  function showPermalinks() {
    var chosen = page.combined ? page.combined.chosen : [];
    var query = chosen.length ? "?services=" + chosen.join(",") : "";
    page.measures.forEach(function (m) {
      var link = m.article.querySelector("a.vp-permalink");
      if (!link) return;
      var address = window.location.origin + window.location.pathname + query + "#" + m.id;
      link.href = address;
      link.textContent = address;
    });
  }

  /* ---- The combined checklist: each measure's full text, from a file per principle ---- */

  var DETAILS_FORMAT = "vp-combined-details";

  /** Find the placeholders; load each file when one of its measures comes near the screen. */
  function setupDetails() {
    var holders = document.querySelectorAll(".vp-details[data-vp-details-src]");
    if (!holders.length) return null;
    var details = { files: {}, observer: null };
    holders.forEach(function (holder) {
      var src = holder.getAttribute("data-vp-details-src");
      var file = details.files[src];
      if (!file) {
        file = details.files[src] = { src: src, holders: [], state: "waiting" };
      }
      file.holders.push(holder);
    });
    if (typeof window.IntersectionObserver !== "function") {
      Object.keys(details.files).forEach(function (src) {
        loadDetails(details.files[src]);
      });
      return details;
    }
    var current = page;
    details.observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting && page === current) {
            loadDetails(details.files[entry.target.getAttribute("data-vp-details-src")]);
          }
        });
      },
      { rootMargin: NEAR },
    );
    holders.forEach(function (holder) {
      details.observer.observe(holder);
    });
    return details;
  }

  /** A file's address (relative to the page, as the build writes it) as an absolute one. */
  function addressOf(src) {
    return new URL(src, window.location.href).href;
  }

  /** A JSON file of this site, parsed; rejects when it cannot be had or read. */
  function fetchJson(src) {
    return window.fetch(addressOf(src), { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  /** Load a file (in the background; `now`: before returning, for printing) and put its texts in place. */
  function loadDetails(file, now) {
    if (file.state === "loaded" || (file.state === "loading" && !now)) return;
    var current = page;
    if (now) {
      var request = new XMLHttpRequest();
      try {
        request.open("GET", addressOf(file.src), false);
        request.send();
        if (request.status === 200) showDetails(file, JSON.parse(request.responseText));
        else detailsFailed(file);
      } catch (error) {
        detailsFailed(file);
      }
      return;
    }
    file.state = "loading";
    fetchJson(file.src).then(
      function (data) {
        if (page === current) showDetails(file, data);
      },
      function () {
        if (page === current) detailsFailed(file);
      },
    );
  }

  function loadAllDetails(now) {
    if (!page || !page.details) return;
    Object.keys(page.details.files).forEach(function (src) {
      loadDetails(page.details.files[src], now);
    });
  }

  function showDetails(file, data) {
    if (file.state === "loaded") return;
    if (!isObject(data) || data.format !== DETAILS_FORMAT || !isObject(data.measures)) {
      detailsFailed(file);
      return;
    }
    file.state = "loaded";
    file.holders.forEach(function (holder) {
      if (page.details && page.details.observer) page.details.observer.unobserve(holder);
      var article = holder.closest("article[data-measure-id]");
      var text = article && data.measures[article.getAttribute("data-measure-id")];
      if (typeof text !== "string") return; // the placeholder stays, with its links
      var body = element("div", { class: "vp-details__body" });
      // The site's own HTML, made from its data with the page (vpguide/render.py), same origin.
      body.innerHTML = text;
      showNotes(body);
      holder.replaceChildren(body);
    });
  }

  function detailsFailed(file) {
    file.state = "failed"; // tried again when a measure comes near the screen again; the links stay
  }

  /* ---- Start ---- */

  function setup() {
    if (page) {
      window.clearTimeout(page.announceTimer);
      if (page.observer) page.observer.disconnect();
      if (page.details && page.details.observer) page.details.observer.disconnect();
    }
    page = null;
    var root = document.querySelector(".vp-assessment[data-vp-scope]");
    if (!root) return;
    var articles = document.querySelectorAll("article.vp-measure[data-measure-id]");
    page = {
      root: root,
      scope: root.getAttribute("data-vp-scope"),
      datasetVersion: root.getAttribute("data-vp-dataset-version"),
      idsSrc: root.getAttribute("data-vp-measure-ids"),
      measures: Array.prototype.map.call(articles, function (article) {
        return {
          id: article.getAttribute("data-measure-id"),
          title: article.getAttribute("data-title"),
          principle: Number(article.getAttribute("data-principle")),
          serviceTypes: (article.getAttribute("data-service-types") || "").split(" "),
          article: article,
          built: false,
        };
      }),
      announceTimer: 0,
      saved: {},
      observer: null,
      details: null,
    };
    page.toolbar = buildToolbar(root);
    page.message = page.toolbar.message;
    page.announcer = page.toolbar.announcer;
    page.principles = buildPrincipleProgress();
    page.combined = setupCombined();
    if (page.combined) showChosen();
    else showPermalinks();
    var stored = readStorage();
    render(stored.measures);
    buildControlsLazily();
    page.details = setupDetails();
    if (stored.problem === "unreadable") {
      say("Part or all of the self-assessment saved in this browser could not be read, so it was ignored. " +
        "Marking a measure replaces it.", true);
    } else if (stored.problem === "unavailable") {
      say(NOT_SAVED, true);
    }
  }

  // Printing (from the browser's menu too): every control, for the printed statuses, and every text.
  window.addEventListener("beforeprint", function () {
    if (!page) return;
    finishMeasures();
    loadAllDetails(true);
  });

  // The first key press on the combined checklist loads every text: finding in the page (Ctrl+F) and
  // reading with the keyboard or a screen reader then reach all of it.
  document.addEventListener("keydown", function () {
    loadAllDetails(false);
  });

  // Another tab changed the assessment: show it here too.
  window.addEventListener("storage", function (event) {
    if (page && (event.key === STORAGE_KEY || event.key === null)) render(readStorage().measures);
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    // In a task of its own, after Material's: two short tasks keep the page answering, one long one not.
    window.document$.subscribe(function () {
      window.setTimeout(setup, 0);
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
