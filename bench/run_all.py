"""Run every benchmark in bench/, one after the other, and print their figures.

    .venv/bin/python bench/run_all.py [--only render,feeds] [--quick]

Each benchmark also runs on its own (see its docstring); each prints its figures and
their ratios to a baseline measured in the same run. --quick passes the smaller
workloads where a benchmark offers them (the send benchmark's --quick).
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BENCHMARKS = {
    "render": ["bench_render.py"],
    "send": ["bench_send.py"],
    "import": ["bench_import.py"],
    "feeds": ["bench_feeds.py"],
    "sns": ["bench_sns.py"],
    "audience": ["bench_audience.py"],
}
QUICK = {"send": ["--quick"], "audience": ["--rows", "20000"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated: " + ", ".join(BENCHMARKS))
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    failed = []
    for name in names:
        command = [sys.executable, str(BENCH / BENCHMARKS[name][0]),
                   *(QUICK.get(name, []) if args.quick else [])]
        print(f"\n===== {name}: {' '.join(command[1:])}", flush=True)
        started = time.perf_counter()
        if subprocess.run(command).returncode != 0:
            failed.append(name)
        print(f"===== {name}: {time.perf_counter() - started:.0f} s", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
