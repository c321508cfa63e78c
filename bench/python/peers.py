"""ungxu's Python `Engine.check_many` against the Rust core and against better_profanity, on
the comments `ungxu-bench-peers corpus` wrote. Prints one JSON row a line for
`ungxu-bench-peers table`. Run by ./scripts/bench-peers:

    python bench/python/peers.py COMMENTS.json --native BIN CSV [--runs N] [--subset N]

The native reference (`BIN check-post CSV 1`, one warm-up pass and one timed pass of
`check_post` in a loop) runs between the Python passes, so both see the same load on a shared
machine. better_profanity checks a few thousand characters a second, so it is timed on the
first --subset comments only, and ungxu's check_many on that same subset beside it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import time
from typing import Callable, Dict, List

import ungxu
from better_profanity import profanity
from ungxu import _ungxu

AS_OF = datetime.date(2025, 6, 1)  # the date the Rust rows use


def seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def row(id_: str, lang: str, what: str, texts: List[str], best: float, flagged: int | None) -> str:
    return json.dumps({
        "id": id_, "lang": lang, "what": what, "posts": len(texts),
        "bytes": sum(len(t.encode()) for t in texts), "seconds": best, "flagged": flagged,
    }, ensure_ascii=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("comments", help="JSON array of the comments (ungxu-bench-peers corpus)")
    parser.add_argument("--native", nargs=2, metavar=("BIN", "CSV"), required=True)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--subset", type=int, default=300, help="comments given to better_profanity")
    args = parser.parse_args()

    # A debug build is ~10× slower and would make every Python figure meaningless.
    if _ungxu.BUILD_PROFILE != "release":
        print("ungxu in this venv is a debug build; build it with maturin --release", file=sys.stderr)
        return 2
    with open(args.comments, encoding="utf-8") as f:
        texts: List[str] = json.load(f)
    subset = texts[: args.subset]
    engine = ungxu.Engine()

    def native() -> float:
        done = subprocess.run([args.native[0], "check-post", args.native[1], "1"],
                              capture_output=True, text=True, check=True)
        measured = json.loads(done.stdout)
        if measured["posts"] != len(texts):
            raise SystemExit(f"the native run read other comments: {measured}")
        return float(measured["seconds"])

    def flagged(reports: List[ungxu.Report]) -> int:
        return sum(1 for r in reports if r.findings)

    # The timed calls; the first call of each is also its warm-up and gives its count.
    calls: Dict[str, Callable[[], List[ungxu.Report]]] = {
        "many": lambda: engine.check_many(texts, as_of=AS_OF),
        "many_1": lambda: engine.check_many(texts, as_of=AS_OF, threads=1),
        "subset": lambda: engine.check_many(subset, as_of=AS_OF),
    }
    counts = {k: flagged(call()) for k, call in calls.items()}

    def better() -> List[bool]:
        return [profanity.contains_profanity(t) for t in subset]

    counts["better"] = sum(better())

    best = {k: float("inf") for k in ("native", *calls)}
    for _ in range(args.runs):
        best["native"] = min(best["native"], native())
        for k, call in calls.items():
            best[k] = min(best[k], seconds(call))
    # Each pass of better_profanity takes seconds: three are enough to take the best.
    best_better = min(seconds(better) for _ in range(3))

    print(row("python.native", "Rust", "ungxu Engine::check_post, timed between the Python runs",
              texts, best["native"], None))
    print(row("python.check_many", "Python", "ungxu engine.check_many(texts) (all cores)",
              texts, best["many"], counts["many"]))
    print(row("python.check_many_1", "Python", "ungxu engine.check_many(texts, threads=1)",
              texts, best["many_1"], counts["many_1"]))
    print(row("python.check_many_subset", "Python",
              f"ungxu engine.check_many, first {len(subset)} comments only",
              subset, best["subset"], counts["subset"]))
    print(row("python.better_profanity", "Python",
              f"better_profanity 0.7.0 contains_profanity, first {len(subset)} comments only",
              subset, best_better, counts["better"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
