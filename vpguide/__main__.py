"""Command line: `python -m vpguide validate [--data DIR] [--strict] [--today YYYY-MM-DD]`.

Prints every problem as `file:line:column: path: message`, one a line, and exits 1; prints a one-line
summary and exits 0 when the data is valid. Never prints a traceback for bad data. Entries last checked over
12 months ago are a notice, or with --strict an error.
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
    args = parser.parse_args(argv)

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
