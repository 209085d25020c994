"""Synthetic data at N times the real size, for the scale benchmark (`make bench` builds 5x:
BENCH_FACTORS): `python bench/synthetic.py 5 DEST` writes a project to build.

What is scaled, and how (the schema limits principles to 1..99 and a measure id to two digits after
the hyphen, so principles cannot grow 50 times):

- **Service types** x N: N blocks of the real ones (block 1 keeps the real ids, block b gets
  `<id>-b<b>`), so there are N times as many checklist pages.
- **Measures** x N: every real measure once per block, applying to the same service types of its block
  (so a checklist keeps the real number of measures), its service notes (and tiers per service type) moved
  with it, and every measure id it mentions ("see P1-06") pointing at the copy in the same block.
- **Principles** and **themes** only as far as the id format needs: G groups of the eleven real principles
  and their seven themes (group 1 keeps the real numbers 1-11, group g numbers 11(g-1)+1..11g, related
  principles kept within the group), G the fewest for which every measure id still has two digits (5x:
  one group, the 11 principles; 10x: 2 groups, 22 principles; 50x: 6 groups, 66 principles). The official
  principles are eleven and are not expected to grow: the site grows by measures and service types. Block
  b's measures serve the principles of group ((b-1) mod G)+1, so the ids spread over all of them (at 50x,
  about 66 measures a principle).
- **Coverage**: every principle x service type cell needs a measure or a reasoned "not applicable". A
  block's service types have their measures under the principles of the block's group, as in the real data;
  the principles of the other groups are "not applicable" to them, with a reason saying so (written into
  the block's first measure file). So a checklist keeps the real measures and gains, for each principle of
  another group, its heading, official text and that reason, not copies of measures.
- **Not applicable** x N: the real cells that do not apply, in every block (the same share of the cells of
  a block's own group as in the real data, about 6%).
- Retired measures stay in block 1 only (an id is never used twice, retired or not).
- Every other data file (references, jurisdictions, glossary, changelog, ...) and the hand-written pages
  stay as they are.

Block 1 / group 1 is exactly the real data (same ids, numbers and addresses), so the hand-written pages'
links still resolve. At N = 1 the output is the real data, rewritten.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tools"))
from project import copy_machinery  # noqa: E402

from vpguide.crossref import MEASURE_ID  # noqa: E402
from vpguide.yamlio import read_yaml  # noqa: E402

MAX_PRINCIPLE = 99  # schemas: principle numbers are 1..99
MAX_SUFFIX = 99  # schemas: measure ids are P<n>-<two digits>
# A measure's fields keyed by service type id: the notes, and the tiers where they differ from its tier.
SERVICE_TYPE_MAPS = ("service_notes", "tier_by_service_type")
# The files scaled (with measures/); every other data file is copied as it is.
SCALED = ("principles.yaml", "service_types.yaml")


class _Dumper(yaml.SafeDumper):
    """Plain YAML the strict reader accepts: no anchors or aliases, long lines kept whole."""

    def ignore_aliases(self, data):
        return True


def _dump(path: Path, modeline: str, data: dict) -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)
    path.write_text(f"{modeline}\n{text}", encoding="utf-8")


def _read(path: Path) -> tuple[str, dict]:
    text = path.read_text(encoding="utf-8")
    doc = read_yaml(text, path.name)
    if doc.problems:
        raise SystemExit(f"{path}: {doc.problems[0]}")
    return text.splitlines()[0], doc.data


def principle_groups(measures: list[dict], blocks: int, most: int) -> int:
    """The fewest groups of principles whose measure ids still fit in two digits with `blocks` blocks."""
    per_principle: dict[int, list[int]] = {}
    for m in measures:
        p, suffix = m["id"][1:].split("-")
        per_principle.setdefault(int(p), []).append(int(suffix))
    for groups in range(1, most + 1):
        first = -(-blocks // groups)  # blocks in group 1 (block 1 keeps the real ids)
        if all(max(s) + len(s) * (first - 1) <= MAX_SUFFIX for s in per_principle.values()):
            return groups
    raise SystemExit(f"{blocks} blocks do not fit in {most} groups of principles: lower the factor")


def scale_data(source: Path, dest: Path, factor: int) -> dict:
    """Write data `factor` times the size of `source` into `dest`; return what it holds."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.yaml")):
        if path.name not in SCALED:
            shutil.copy2(path, dest / path.name)

    p_modeline, principles_data = _read(source / "principles.yaml")
    s_modeline, services_data = _read(source / "service_types.yaml")
    measure_files = sorted((source / "measures").glob("*.yaml"))
    measure_data = {path.stem: _read(path) for path in measure_files}

    base_principles = principles_data["principles"]
    n0 = len(base_principles)
    blocks = factor
    all_measures = [m for _, data in measure_data.values() for m in data["measures"]]
    groups = principle_groups(
        all_measures, blocks, MAX_PRINCIPLE // max(p["number"] for p in base_principles)
    )

    def number(p: int, g: int) -> int:
        return p + n0 * g

    def theme_id(tid: str, g: int) -> str:
        return tid if g == 0 else f"{tid}-g{g + 1}"

    def service_id(sid: str, b: int) -> str:
        return sid if b == 0 else f"{sid}-b{b + 1}"

    # Principles and themes: G groups.
    themes, principles = [], []
    for g in range(groups):
        for t in principles_data["themes"]:
            copy = dict(t, id=theme_id(t["id"], g))
            if g:
                copy["heading"] = f"{t['heading']} (group {g + 1})"
                copy["title"] = f"{t['title']} (group {g + 1})"
            themes.append(copy)
        for p in base_principles:
            copy = dict(p, number=number(p["number"], g), theme=theme_id(p["theme"], g))
            if g:
                copy["title"] = f"{p['title']} (group {g + 1})"
            if "related" in p:
                copy["related"] = [number(r, g) for r in p["related"]]
            principles.append(copy)
    _dump(
        dest / "principles.yaml", p_modeline, {**principles_data, "themes": themes, "principles": principles}
    )

    # Service types: N blocks.
    base_services = services_data["service_types"]
    services = []
    for b in range(blocks):
        for s in base_services:
            copy = dict(s, id=service_id(s["id"], b))
            if b:
                copy["name"] = f"{s['name']} {b + 1}"
            services.append(copy)
    _dump(dest / "service_types.yaml", s_modeline, {**services_data, "service_types": services})

    # Measures: one copy per block, in the block's principle group.
    next_suffix: dict[int, int] = {}
    for m in all_measures:
        p, suffix = m["id"][1:].split("-")
        next_suffix[int(p)] = max(next_suffix.get(int(p), 0), int(suffix) + 1)
    first_file = next(iter(measure_data))
    (dest / "measures").mkdir(exist_ok=True)
    counts = {"measures": 0, "not_applicable": 0}
    for b in range(blocks):
        g = b % groups
        ids: dict[str, str] = {}
        for m in all_measures:  # this block's ids first: texts mention measures of other files
            if b == 0:
                ids[m["id"]] = m["id"]
                continue
            first = number(m["principles"][0], g)
            suffix = next_suffix.get(first, 1)
            if suffix > MAX_SUFFIX:
                raise SystemExit(
                    f"principle {first} would need measure id P{first}-{suffix}: lower the factor"
                )
            next_suffix[first] = suffix + 1
            ids[m["id"]] = f"P{first}-{suffix:02d}"

        def relink(text: str, ids: dict[str, str] = ids) -> str:
            return MEASURE_ID.sub(lambda match: ids[match.group(0)], text)

        for stem, (modeline, data) in measure_data.items():
            out = []
            for m in data["measures"]:
                copy = dict(
                    m,
                    id=ids[m["id"]],
                    principles=[number(n, g) for n in m["principles"]],
                    service_types=[service_id(s, b) for s in m["service_types"]],
                )
                for key in ("what", "why", "how"):
                    copy[key] = relink(m[key])
                for key in SERVICE_TYPE_MAPS:
                    if key in m:
                        copy[key] = {service_id(s, b): relink(v) for s, v in m[key].items()}
                out.append(copy)
            not_applicable = [
                dict(n, principle=number(n["principle"], g), service_type=service_id(n["service_type"], b))
                for n in data.get("not_applicable", ())
            ]
            if stem == first_file:
                not_applicable += [
                    {
                        "principle": number(p["number"], other),
                        "service_type": service_id(s["id"], b),
                        "reason": f"Synthetic data: principle {number(p['number'], other)} belongs to "
                        f"group {other + 1}, and {service_id(s['id'], b)} to group {g + 1}.",
                    }
                    for other in range(groups)
                    if other != g
                    for p in base_principles
                    for s in base_services
                ]
            body = {**data, "measures": out}
            if not_applicable:
                body["not_applicable"] = not_applicable
            elif "not_applicable" in body:
                del body["not_applicable"]
            if b:
                body.pop("retired", None)  # a retired id is published once: block 1 keeps them
            name = stem if b == 0 else f"{stem}-b{b + 1}"
            _dump(dest / "measures" / f"{name}.yaml", modeline, body)
            counts["measures"] += len(out)
            counts["not_applicable"] += len(not_applicable)
    return {
        "factor": factor,
        "themes": len(themes),
        "principles": len(principles),
        "service_types": len(services),
        **counts,
    }


def make_scaled_project(where: Path, factor: int) -> dict:
    """A complete copy of the site's machinery in `where` with data `factor` times the real size."""
    copy_machinery(where)
    return scale_data(ROOT / "data", where / "data", factor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factor", type=int)
    parser.add_argument("dest", type=Path, help="a new project folder (its data/ is generated)")
    args = parser.parse_args(argv)
    summary = make_scaled_project(args.dest, args.factor)
    print(", ".join(f"{k} {v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
