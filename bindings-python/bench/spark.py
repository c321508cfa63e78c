"""Rows per second of `ungxu.spark.check_dataframe` in a local Spark against plain
`Engine.check_many` on the same 100 000 generated rows (the generator of tests/test_spark.py).

    UNGXU_PY_RELEASE=1 ./scripts/test-python      # a release build of the module (from the root)
    cd bindings-python && PYSPARK_PYTHON=../target/venv-python/bin/python \\
        ../target/venv-python/bin/python bench/spark.py

Every figure is the best of --runs runs after a warm-up run:

* plain check_many: one `check_many` call on all the rows (posts with ids and roles), on
  --cores threads, giving Report objects;
* plain check_many + columns: the same, then the columns `check_dataframe` adds (verdict,
  severity, categories, rule ids, findings JSON) built in Python: the work a Spark worker does;
* Spark identity mapInArrow: the rows through `mapInArrow` unchanged: the cost of Spark
  itself (JVM rows to Arrow, to a Python worker and back), with no checking;
* Spark check_dataframe: the real thing, written to Spark's ``noop`` sink so that every row
  is computed and nothing is collected; then the same without the findings JSON column.

Each figure also has the CPU time a run took, summed over every thread and process at work
(for Spark: the driver, its JVM and the Python workers), which a busy machine disturbs less
than the wall-clock time. Then the peak memory (VmHWM) of the Python workers for a few values of
``spark.sql.execution.arrow.maxRecordsPerBatch``, each in a new session (a Python worker keeps
its peak), and the time to start a session and to build an engine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Tuple

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests"))
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")

import pyarrow as pa  # noqa: E402
from pyspark.sql import DataFrame, SparkSession  # noqa: E402

import ungxu  # noqa: E402
from test_spark import as_post, findings_json, generated_rows  # noqa: E402
from ungxu import _ungxu  # noqa: E402
from ungxu.spark import check_dataframe  # noqa: E402

AS_OF = datetime.date(2025, 6, 1)


def session(cores: int, batch: int) -> SparkSession:
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("ungxu-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.shuffle.partitions", str(cores))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch))
        .getOrCreate()
    )


def timed(
    run: Callable[[], object], runs: int, cpu: Callable[[], float]
) -> Tuple[float, float, float]:
    """Best and median seconds of `runs` runs, after one warm-up run, and the least CPU time
    (every thread and process `cpu` counts) a run took."""
    run()
    times, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu()
        run()
        times.append(time.perf_counter() - start)
        cpus.append(cpu() - start_cpu)
    return min(times), statistics.median(times), min(cpus)


def process_cpu(pid: str) -> float:
    """CPU seconds of a process and of its children it has waited for (utime, stime, cutime,
    cstime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def spark_cpu() -> float:
    """CPU seconds of this process, its JVM and every PySpark Python process: all of Spark."""
    total = time.process_time()
    me = str(os.getpid())
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or pid == me:
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            ppid = stat.rsplit(")", 1)[1].split()[1]
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if (ppid == me and b"java" in cmdline) or b"pyspark.daemon" in cmdline:
                total += process_cpu(pid)
        except OSError:
            continue
    return total


def columns(reports: List[ungxu.Report]) -> List[Tuple[Any, ...]]:
    """The columns check_dataframe adds, built as its workers build them."""
    out = []
    for r in reports:
        found = r.findings
        out.append((
            r.verdict,
            r.severity,
            list(dict.fromkeys(f.category for f in found)),
            [f.rule_id for f in found],
            findings_json(r),
        ))
    return out


def identity(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    yield from batches


def noop(df: DataFrame) -> None:
    df.write.format("noop").mode("overwrite").save()


def python_workers_peak_mib() -> float:
    """The largest peak resident size among this machine's PySpark Python processes."""
    peak = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"pyspark.daemon" not in cmdline and b"pyspark.worker" not in cmdline:
                continue
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--batches", default="1000,10000,50000",
                        help="values of maxRecordsPerBatch for the memory figures")
    parser.add_argument("--allow-debug", action="store_true")
    args = parser.parse_args()
    if _ungxu.BUILD_PROFILE != "release" and not args.allow_debug:
        print("the ungxu module is a debug build: run `UNGXU_PY_RELEASE=1 ./scripts/test-python`",
              file=sys.stderr)
        return 2

    rows = generated_rows(args.rows)
    posts = [as_post(r) for r in rows]
    n = len(rows)
    start = time.perf_counter()
    engine = ungxu.Engine()
    build = time.perf_counter() - start

    figures: Dict[str, Tuple[float, float, float]] = {}
    figures["plain check_many"] = timed(
        lambda: engine.check_many(posts, as_of=AS_OF, threads=args.cores), args.runs,
        time.process_time)
    figures["plain check_many + columns"] = timed(
        lambda: columns(engine.check_many(posts, as_of=AS_OF, threads=args.cores)), args.runs,
        time.process_time)

    start = time.perf_counter()
    spark = session(args.cores, 10_000)
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter() - start
    df = spark.createDataFrame(pa.Table.from_pylist(rows)).cache()
    df.count()
    figures["Spark identity mapInArrow"] = timed(
        lambda: noop(df.mapInArrow(identity, df.schema)), args.runs, spark_cpu)
    checked = check_dataframe(df, role_col="role", id_col="id", as_of=AS_OF)
    figures["Spark check_dataframe"] = timed(lambda: noop(checked), args.runs, spark_cpu)
    lean = check_dataframe(df, role_col="role", id_col="id", as_of=AS_OF, include_findings=False)
    figures["Spark, include_findings=False"] = timed(lambda: noop(lean), args.runs, spark_cpu)
    partitions = df.rdd.getNumPartitions()
    spark.stop()

    plain, _, plain_cpu = figures["plain check_many"]
    print(f"{n} generated rows, local[{args.cores}] ({partitions} partitions, 10 000 rows a "
          f"batch), best of {args.runs} runs (median in brackets); CPU: all threads and "
          f"processes (for Spark: the JVM and the Python workers too)")
    for name, (best, median, cpu) in figures.items():
        print(f"  {name:<30} {best:7.2f} s ({median:6.2f})  {n / best:9,.0f} rows/s"
              f"  {best / plain:5.2f}× plain   CPU {cpu:6.2f} s  {cpu / plain_cpu:5.2f}× plain")
    print(f"  engine build (once per Python worker): {build * 1000:.0f} ms;"
          f" SparkSession start: {started:.1f} s")

    print("peak resident memory of a Python worker by maxRecordsPerBatch (check_dataframe):")
    for batch in (int(b) for b in args.batches.split(",")):
        spark = session(args.cores, batch)
        spark.sparkContext.setLogLevel("ERROR")
        df = spark.createDataFrame(pa.Table.from_pylist(rows))
        start = time.perf_counter()
        noop(check_dataframe(df, role_col="role", id_col="id", as_of=AS_OF))
        seconds = time.perf_counter() - start
        peak = python_workers_peak_mib()
        spark.stop()
        print(f"  {batch:>6} rows a batch: {peak:6.0f} MiB, {seconds:5.1f} s (one run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
