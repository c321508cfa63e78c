"""Time `Engine.check_many` over the comments of a ViHOS CSV and compare it with the Rust core
alone (`check_post` in a loop, one thread) on the same comments.

    maturin develop --release          # the benchmark needs a release build of the module
    python bench/check_many.py ../../shared/data/vihos/train.csv

The native figure comes from `cargo run --release --example native_check_many` (run by this
script; give --native-seconds to skip it). Both sides report the best of --runs runs after a
warm-up. The Python time covers the whole call: reading the Python strings, checking,
and making the Report objects. Exits 1 when the default call costs more than --limit times
the native time.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, List, Tuple

import ungxu
from ungxu import _ungxu

HERE = Path(__file__).resolve().parents[1]
AS_OF = datetime.date(2025, 6, 1)


def read_comments(path: Path) -> List[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [row["content"] for row in csv.DictReader(f)]


def timed(run: Callable[[], object], runs: int) -> Tuple[float, float]:
    """Best and median seconds of `runs` runs, after one warm-up run."""
    run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def native(path: Path, runs: int) -> dict[str, float]:
    done = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "-p", "ungxu-python",
         "--example", "native_check_many", "--", str(path.resolve()), str(runs)],
        cwd=HERE, capture_output=True, text=True, check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, help="a ViHOS CSV (content column)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--limit", type=float, default=1.3)
    parser.add_argument("--native-seconds", type=float, help="skip cargo; use this native time")
    args = parser.parse_args()

    if _ungxu.BUILD_PROFILE != "release":
        print("the ungxu module is a debug build: run `maturin develop --release` first",
              file=sys.stderr)
        return 2
    texts = read_comments(args.csv)
    engine = ungxu.Engine()

    if args.native_seconds is None:
        measured = native(args.csv, args.runs)
        if measured["posts"] != len(texts) or measured["bytes"] != sum(len(t.encode()) for t in texts):
            print(f"the native run read other comments: {measured}", file=sys.stderr)
            return 2
        native_best = measured["best_seconds"]
        native_keep = measured["keep_best_seconds"]
    else:
        native_best = args.native_seconds
        native_keep = float("nan")

    serial, serial_median = timed(lambda: engine.check_many(texts, as_of=AS_OF, threads=1), args.runs)
    default, default_median = timed(lambda: engine.check_many(texts, as_of=AS_OF), args.runs)
    loop, _ = timed(lambda: [engine.check(t, as_of=AS_OF) for t in texts], max(1, args.runs // 3))

    n = len(texts)
    print(f"{n} comments from {args.csv}, best of {args.runs} runs")
    rows = [
        ("Rust core, check_post loop, 1 thread", native_best),
        ("Rust core, same loop keeping reports", native_keep),
        ("Python check_many(threads=1)", serial),
        ("Python check_many() (all cores)", default),
        ("Python [check(t) for t in texts]", loop),
    ]
    for name, seconds in rows:
        print(f"  {name:<38} {seconds * 1000:9.1f} ms  {seconds / n * 1e6:6.2f} µs/post"
              f"  {seconds / native_best:5.2f}× native")
    print(f"  (medians: threads=1 {serial_median * 1000:.1f} ms, default {default_median * 1000:.1f} ms)")
    ratio = default / native_best
    verdict = "ok" if ratio <= args.limit else "too slow"
    print(f"check_many / native = {ratio:.2f} (limit {args.limit}): {verdict}")
    return 0 if ratio <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
