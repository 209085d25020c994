/**
 * The self-assessment's 1 MB import, timed in Node: reading and planning it (merge.js planImport), applying
 * the plan (applyPlan), merging the result with another tab's copy (mergeStates), and writing then reading
 * the stored state (state.js serialize, read.js parseStored). Prints the median of several runs, after two
 * warm-up runs. The case (tests/js/fixtures/big.js): an export of about 1 MB (under the 1 MiB import
 * limit), a quarter of its measures new, a quarter newer in the file, a quarter newer here, a quarter the
 * same or in conflict.
 *
 *     node bench/assessment_import.js [runs] [--json]    # default 15 runs
 *
 * bench/bench.py runs it (its "import" section, with --json: the medians as JSON); nothing to install
 * (Node 20).
 */
// CommonJS (bench/package.json, Lighthouse's, says no module type), importing the ES modules it times.
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const load = (rel) => import(pathToFileURL(path.join(__dirname, "..", rel)).href);

async function main() {
  const [read, state, format, merge, { bigCase }] = await Promise.all([
    load("docs/javascripts/assessment/read.js"),
    load("docs/javascripts/assessment/state.js"),
    load("docs/javascripts/assessment/format.js"),
    load("docs/javascripts/assessment/merge.js"),
    load("tests/js/fixtures/big.js"),
  ]);
  const args = process.argv.slice(2);
  const runs = Number(args.find((a) => /^\d+$/.test(a))) || 15;
  const { text, local, knownIds, bytes, count } = bigCase();
  const now = "2026-06-01T00:00:00.000Z";
  const before = { ...format.emptyState(), current: "a1", assessments: { a1: local } };

  function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  function time(fn) {
    const start = performance.now();
    const result = fn();
    return [performance.now() - start, result];
  }

  const timings = { plan: [], apply: [], "plan + apply": [], mergeStates: [], "serialize + parseStored": [] };
  let counts;
  for (let run = 0; run < runs + 2; run++) {
    const [tPlan, planned] = time(() => merge.planImport(local, text, { knownIds }));
    if (planned.error) throw new Error(planned.error);
    const [tApply, applied] = time(() => merge.applyPlan(local, planned.plan, {}, now));
    const after = { ...before, assessments: { a1: applied.assessment } };
    const [tMerge] = time(() => merge.mergeStates(before, after));
    const [tStore, stored] = time(() => read.parseStored(state.serialize(after)));
    if (stored.error) throw new Error(stored.error);
    if (run < 2) continue; // warm-up
    timings.plan.push(tPlan);
    timings.apply.push(tApply);
    timings["plan + apply"].push(tPlan + tApply);
    timings.mergeStates.push(tMerge);
    timings["serialize + parseStored"].push(tStore);
    counts = planned.plan.counts;
  }

  if (args.includes("--json")) {
    const medians = Object.fromEntries(Object.entries(timings).map(([name, values]) => [name, median(values)]));
    console.log(JSON.stringify({ bytes, measures: count, runs, node: process.version, counts, median_ms: medians }));
    return;
  }
  console.log(`1 MB import: ${bytes} bytes, ${count} measures; plan counts ${JSON.stringify(counts)}`);
  console.log(`Node ${process.version}, median of ${runs} runs (after 2 warm-up runs):`);
  for (const [name, values] of Object.entries(timings)) {
    const ms = (v) => v.toFixed(1);
    console.log(`  ${name.padEnd(24)} ${ms(median(values))} ms (min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))})`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
