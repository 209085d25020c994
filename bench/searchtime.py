"""Search: how long Material's search takes to answer the queries of tests/test_search.py, in Chromium.

The page starts the theme's own search worker (the file the site ships, with the site's patch: vpguide/
search.py), gives it the site's index as Material does (message type 0, SETUP, with the site's choice of
suggestions) and sends each query as a
visitor's typing would end (type 2, QUERY), `runs` times, timing each answer (type 3, RESULT) with
`performance.now()` in the page: the search itself and the message round trip, not the typing or the
drawing of the list. The first answer of each query is left out (the worker's first use of its terms);
the median and worst of the rest are reported, and the time to set the index up.
"""

from __future__ import annotations

import json
import statistics

MEASURE = """async ([worker, index, queries, runs, suggest]) => {
  const data = await (await fetch(index)).json();
  const search = new Worker(worker);
  const ask = (message) => new Promise((resolve) => {
    search.onmessage = (event) => resolve(event.data);
    search.postMessage(message);
  });
  let start = performance.now();
  await ask({ type: 0, data: { config: data.config, docs: data.docs, options: { suggest } } });
  const setup = performance.now() - start;
  const times = {};
  const found = {};
  for (const query of queries) {
    times[query] = [];
    for (let i = 0; i <= runs; i++) {
      start = performance.now();
      const answer = await ask({ type: 2, data: query });
      if (i) times[query].push(performance.now() - start);
      found[query] = answer.data.items.length;
    }
  }
  search.terminate();
  return { setup, times, found };
}"""


def measure(browser, origin: str, queries: list[str], runs: int = 20) -> dict:
    page = browser.new_page()
    try:
        page.goto(origin + "/", wait_until="load")
        config = json.loads(page.locator("#__config").text_content())
        worker = page.evaluate("url => new URL(url, document.baseURI).href", config["search"])
        index = page.evaluate("() => new URL('search/search_index.json', document.baseURI).href")
        suggest = "search.suggest" in (config.get("features") or [])
        result = page.evaluate(MEASURE, [worker, index, queries, runs, suggest])
    finally:
        page.close()
    per_query = {
        q: {"median_ms": statistics.median(t), "worst_ms": max(t), "results": result["found"][q]}
        for q, t in result["times"].items()
    }
    every = [t for times in result["times"].values() for t in times]
    return {
        "runs": runs,
        "setup_ms": result["setup"],
        "queries": per_query,
        "median_ms": statistics.median(every),
        "worst_median_ms": max(q["median_ms"] for q in per_query.values()),
    }
