"""Lighthouse 12.2.3 (`make bench` installs it from bench/package-lock.json into bench/node_modules) with
Debian's Chromium, mobile preset (the default form factor: a mid-range phone, 4x CPU slowdown, simulated
slow 4G), on pages served locally with gzip as GitHub Pages serves them (bench/server.py)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
VERSION = "12.2.3"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The budget: performance at least 95, the others 100.
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}


def available() -> str | None:
    """None when Lighthouse can run, otherwise why not."""
    if not LIGHTHOUSE.exists():
        return f"{LIGHTHOUSE} is missing: run `make bench` (it installs lighthouse@{VERSION})"
    return None


def run(url: str, out: Path, chromium: str) -> dict:
    """Run Lighthouse once on `url`; return scores (0-100), metrics and what lost points."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={chromium}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0 or not out.exists():
        printed = (done.stderr or done.stdout).strip()[-2000:]
        return {"error": f"lighthouse exited with {done.returncode}: {printed}"}
    report = json.loads(out.read_text(encoding="utf-8"))
    result: dict = {"scores": {}, "lost": {}, "metrics": {}, "warnings": report.get("runWarnings", [])}
    for cid in CATEGORIES:
        category = report["categories"][cid]
        score = category["score"]
        result["scores"][cid] = None if score is None else round(score * 100)
        lost = []
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                lost.append(f"{ref['id']} ({audit['score']:.2f}{', ' + shown if shown else ''})")
        result["lost"][cid] = lost
    for aid, short in METRICS.items():
        audit = report["audits"].get(aid)
        if audit:
            result["metrics"][short] = audit.get("displayValue", "")
    return result
