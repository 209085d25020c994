"""Command line:

    python -m vpguide validate [--data DIR] [--strict] [--today YYYY-MM-DD]
    python -m vpguide render OUT [--project DIR]       the generators' source, from the data
    python -m vpguide build [--generator mkdocs|zensical] [--out DIR] [--site-dir DIR] [--project DIR]
    python -m vpguide finish SITE --templates DIR... [--search-keywords FILE]
                                                       the search index and Content-Security-Policy
    python -m vpguide serve [--dev-addr HOST:PORT]     build and serve, again on every change

Problems in the data are printed as `file:line:column: path: message`, one a line, with exit status 1;
never a traceback for bad data. `validate` prints a one-line summary when the data is valid. Entries last
checked over 12 months ago are a notice, or with --strict an error.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from .errors import DataError
from .freshness import stale_entries, today
from .load import load_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vpguide", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check data/ against its schemas and cross-references")
    check.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    check.add_argument(
        "--strict",
        action="store_true",
        help="also fail when a reference or jurisdiction was checked over 12 months ago",
    )
    check.add_argument(
        "--today", type=datetime.date.fromisoformat, default=None, help="the date to judge freshness by"
    )
    render = commands.add_parser(
        "render", help="write the generators' source (docs, overrides, configuration)"
    )
    render.add_argument("out", type=Path, help="where (for example build)")
    render.add_argument("--project", type=Path, default=Path.cwd(), help="the project (default: here)")
    build = commands.add_parser("build", help="render, build with a generator, finish")
    build.add_argument("--generator", choices=("mkdocs", "zensical"), default="mkdocs")
    build.add_argument("--out", type=Path, default=Path("build"), help="where to render (default: build)")
    build.add_argument(
        "--site-dir", type=Path, default=None, help="the built site (default: site, or build/site-zensical)"
    )
    build.add_argument("--project", type=Path, default=Path.cwd(), help="the project (default: here)")
    finish = commands.add_parser(
        "finish", help="complete the search index and put the Content-Security-Policy in every page"
    )
    finish.add_argument("site", type=Path)
    finish.add_argument(
        "--templates", type=Path, nargs="+", required=True, help="the templates that wrote it"
    )
    finish.add_argument(
        "--search-keywords",
        type=Path,
        default=None,
        help="the renderer's search-keywords.json, for the index",
    )
    serve = commands.add_parser("serve", help="build and serve, again on every change")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.add_argument("--out", type=Path, default=Path("build"))
    serve.add_argument("--project", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)

    if args.command == "render":
        from .render import render as write

        try:
            rendered = write(args.project, args.out)
        except DataError as err:
            print(err.report(), file=sys.stderr)
            return 1
        for notice in rendered.notices:
            print(f"Freshness notice: {notice}", file=sys.stderr)
        print(f"{args.out}: rendered ({len(rendered.written)} files changed)")
        return 0
    if args.command == "build":
        from .build import build as run

        project = args.project.resolve()
        out = (project / args.out if not args.out.is_absolute() else args.out).resolve()
        default = project / "site" if args.generator == "mkdocs" else out / "site-zensical"
        return run(project, out, (args.site_dir or default).resolve(), args.generator)
    if args.command == "finish":
        from .build import finish as secure

        problems = secure(args.site, args.templates, args.search_keywords)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if args.command == "serve":
        from .build import serve as run

        project = args.project.resolve()
        return run(project, (project / args.out).resolve(), args.dev_addr)

    try:
        model = load_model(args.data, project_dir=Path.cwd())
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    stale = stale_entries(model, args.today or today())
    for entry in stale:
        print(f"{'error' if args.strict else 'notice'}: {entry}", file=sys.stderr)
    if stale and args.strict:
        return 1
    print(
        f"{args.data}: valid ({len(model.themes)} themes, {len(model.principles)} principles, "
        f"{len(model.service_types)} service types, {len(model.measures)} measures, version {model.version})",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
