"""Run one command as this process's only child and print its wall time and peak memory as JSON:
`python bench/measure.py DIR -- COMMAND...` (run in DIR). The benchmark starts a fresh one of these per
build, so that `getrusage(RUSAGE_CHILDREN).ru_maxrss` is the peak resident memory of that build alone."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    cwd, separator, *command = argv
    if separator != "--" or not command:
        print("usage: python bench/measure.py DIR -- COMMAND...", file=sys.stderr)
        return 2
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "maxrss_kb": usage.ru_maxrss,  # kilobytes on Linux
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "returncode": done.returncode,
                "stderr": done.stderr.decode("utf-8", "replace")[-4000:],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
