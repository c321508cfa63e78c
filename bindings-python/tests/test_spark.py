"""`ungxu.spark` in local mode: Spark's answers equal `Engine.check_many` / `check_events`,
row for row, on the example posts, 100 000 generated rows and the example event log.

Skipped, with the reason, where pyspark or Java is missing; scripts/test-python fails when
Java is there and these tests were skipped anyway.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

from conftest import REPO, read_jsonl

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'ungxu[spark]'")
pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install 'ungxu[spark]'")

import pyarrow as pa  # noqa: E402
from pyspark.sql import DataFrame, SparkSession  # noqa: E402
from pyspark.sql.functions import sha2  # noqa: E402

import ungxu  # noqa: E402
import ungxu.spark  # noqa: E402
from ungxu.spark import check_dataframe, check_events_dataframe  # noqa: E402

pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)

AS_OF = datetime.date(2025, 6, 1)
VN = datetime.timezone(datetime.timedelta(hours=7))
EVENTS_AS_OF = datetime.datetime(2025, 3, 15, 12, 0, tzinfo=VN)
ROWS = 100_000

#: An overlay that turns Decision 874's insult rule off: insults then cite the Cybersecurity Law.
NO_874_INSULT = """
[pack]
id = "my-platform"
version = "2026.1"
title = "Our platform's additions"
extends = "vn-ninh-binh-2021"

[[disable]]
target = "qd874.4.6.insult"
reason = "insults are handled by another queue"
"""


def java() -> Optional[str]:
    """The `java` Spark would start: $JAVA_HOME/bin/java, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").exists():
        return str(Path(home, "bin", "java"))
    return shutil.which("java")


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    if java() is None:
        pytest.skip("Spark tests need Java 17 or newer (no JAVA_HOME, no `java` on PATH)")
    # The workers run this interpreter (where ungxu is installed), all on the loopback.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("ungxu-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "2g")
        # Short jobs: the JVM's quick compiler alone and a serial GC halve its CPU time here
        # (42 -> 20 CPU-s for this module).
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


# --- generated posts (bench/spark.py times these same rows) -------------------------------------

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng", "Phạm Thu Hà", "anh Tuấn", "chị Lan"]
ROLES = ["individual", "individual", "individual", "press_agency", "organization",
         "civil_servant", "state_agency"]
TEMPLATES = [
    "Liên hệ {phone} để mua hàng giá rẻ, ship toàn quốc",
    "{name} ơi, số của mình là {phone}, nhắn Zalo nhé",
    "Ai nhặt được ví của {name} xin gọi {phone}, CCCD số {card}",
    "Thằng {name} ngu như bò, gọi {phone} mà chửi nó",
    "Chủ tịch xã làm việc chậm quá, {name} nộp đơn từ tháng trước mà chưa ai trả lời",
    "vcl {name} lag vãi, đm gọi {phone} không ai nghe",
    "Chúc mọi người một ngày tốt lành, {name} gửi lời hỏi thăm",
    "{text} (chia sẻ bởi {name}, {phone})",
]


def generated_rows(n: int = ROWS, seed: int = 2025) -> List[Dict[str, Any]]:
    """`n` posts ({id, text, role}), the same every run: every third an example post's text
    under each role in turn, the others a template filled with names, phone numbers and card
    numbers (from small pools, so that texts repeat as on a real platform: about 5 000
    distinct texts and roles in all)."""
    examples = [p["text"] for p in read_jsonl(REPO / "examples" / "posts.jsonl")]
    rng = random.Random(seed)
    phones = ["0" + rng.choice("39785") + "".join(rng.choices("0123456789", k=8)) for _ in range(20)]
    cards = ["0" + "".join(rng.choices("0123456789", k=11)) for _ in range(10)]
    rows: List[Dict[str, Any]] = []
    for i in range(n):
        if i % 3 == 0:
            text = examples[(i // 3) % len(examples)]
            role = None if i % 11 == 0 else ROLES[i % len(ROLES)]
        else:
            template, name = rng.randrange(len(TEMPLATES)), rng.randrange(len(NAMES))
            text = TEMPLATES[template].format(
                name=NAMES[name],
                phone=rng.choice(phones),
                card=rng.choice(cards),
                text=rng.choice(examples),
            )
            role = ROLES[(template + name) % len(ROLES)] if name else None
        rows.append({"id": f"g{i:06d}", "text": text, "role": role})
    return rows


def as_post(row: Dict[str, Any]) -> Dict[str, Any]:
    """A generated row as `check_many` takes it."""
    post: Dict[str, Any] = {"id": row["id"], "text": row["text"]}
    if row["role"] is not None:
        post["author"] = {"role": row["role"]}
    return post


def findings_json(report: ungxu.Report) -> str:
    return "[" + ",".join(f.to_json() for f in report.findings) + "]"


def by_id(df: DataFrame, key: str = "id") -> Dict[Any, Dict[str, Any]]:
    rows = df.toArrow().to_pylist()
    out = {row[key]: row for row in rows}
    assert len(out) == len(rows), "an id came back twice"
    return out


def assert_same(row: Dict[str, Any], report: ungxu.Report) -> None:
    assert row["verdict"] == report.verdict, row["id"]
    assert row["severity"] == report.severity, row["id"]
    assert row["rule_ids"] == [f.rule_id for f in report.findings], row["id"]
    assert row["categories"] == list(dict.fromkeys(f.category for f in report.findings))
    assert row["findings"] == findings_json(report), row["id"]


# --- posts --------------------------------------------------------------------------------------


def test_example_posts_equal_check_many(spark: SparkSession, engine: ungxu.Engine) -> None:
    posts = read_jsonl(REPO / "examples" / "posts.jsonl")
    table = pa.Table.from_pylist(
        [{"id": p["id"], "text": p["text"], "author": p["author"], "n": i}
         for i, p in enumerate(posts)]
        + [{"id": "no-text", "text": None, "author": None, "n": len(posts)}]
    )
    checked = check_dataframe(
        spark.createDataFrame(table), id_col="id", author_col="author", as_of=AS_OF,
        include_report=True,
    )
    assert checked.columns == ["id", "text", "author", "n", "verdict", "severity", "categories",
                               "rule_ids", "findings", "report"]
    rows = by_id(checked)
    reports = engine.check_many(posts, as_of=AS_OF)
    assert len(rows) == len(posts) + 1
    for post, report in zip(posts, reports):
        row = rows[post["id"]]
        assert_same(row, report)
        assert row["report"] == report.to_json()
        assert json.loads(row["findings"]) == report.to_dict()["findings"]
        assert row["n"] == posts.index(post) and row["author"]["role"] == post["author"]["role"]
    verdicts = {r["verdict"] for r in rows.values()}
    assert {"allow", "restrict", "remove"} <= verdicts, verdicts
    assert rows["no-text"]["verdict"] is None and rows["no-text"]["findings"] is None
    # The author struct's fields reached the core: the unverified page using the police's name
    # is flagged, the verified official one is not.
    assert rows["p16-impersonation"]["rule_ids"] != rows["p17-verified-agency"]["rule_ids"]


def test_100k_generated_rows_equal_check_many(spark: SparkSession, engine: ungxu.Engine) -> None:
    rows = generated_rows()
    df = spark.createDataFrame(pa.Table.from_pylist(rows))
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "5000")
    try:
        checked = check_dataframe(df, role_col="role", id_col="id", as_of=AS_OF)
        # The findings JSON (2 KB a row) is compared by its SHA-256: 100 000 of them would
        # take longer to collect than to check.
        got = by_id(checked.select("id", "verdict", "severity", "categories", "rule_ids",
                                   sha2("findings", 256).alias("findings_sha256")))
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    assert len(got) == ROWS

    # The reference: plain check_many over the same rows, each distinct text and role once
    # (a report's findings do not depend on the post's id).
    distinct = list(dict.fromkeys((r["text"], r["role"]) for r in rows))
    posts = [as_post({"id": "", "text": t, "role": role}) for t, role in distinct]
    reports = dict(zip(distinct, engine.check_many(posts, as_of=AS_OF)))
    for row in rows:
        report = reports[(row["text"], row["role"])]
        mine = got[row["id"]]
        assert mine["verdict"] == report.verdict, row["id"]
        assert mine["severity"] == report.severity, row["id"]
        assert mine["rule_ids"] == [f.rule_id for f in report.findings], row["id"]
        assert mine["categories"] == list(dict.fromkeys(f.category for f in report.findings))
        digest = hashlib.sha256(findings_json(report).encode()).hexdigest()
        assert mine["findings_sha256"] == digest, row["id"]
    verdicts = [reports[(r["text"], r["role"])].verdict for r in rows]
    assert len(set(verdicts)) >= 4 and verdicts.count("allow") < ROWS // 2
    assert sum("personal_data" in r["categories"] for r in got.values()) > ROWS // 10


def test_without_the_findings_column(spark: SparkSession, engine: ungxu.Engine) -> None:
    texts = ["đồ óc chó", "Liên hệ 0912345678 để mua hàng", "chào"]
    df = spark.createDataFrame([(t,) for t in texts], "text string")
    checked = check_dataframe(df, as_of=AS_OF, include_findings=False)
    assert checked.columns == ["text", "verdict", "severity", "categories", "rule_ids"]
    got = [(r["verdict"], r["rule_ids"]) for r in checked.collect()]
    assert got == [(r.verdict, [f.rule_id for f in r.findings])
                   for r in engine.check_many(texts, as_of=AS_OF)]
    assert got[1][1] == ["nd13.11"]


def test_span_model_on_the_executors(spark: SparkSession) -> None:
    texts = ["Thằng chủ tịch xã ngu như bò", "Mày là thằng mất dạy", "Chúc mọi người vui vẻ"]
    learned = ungxu.Engine(span_model=True)
    df = spark.createDataFrame([(t,) for t in texts], "text string")
    rows = check_dataframe(df, as_of=AS_OF, span_model=True, include_report=True).collect()
    assert [r["report"] for r in rows] == [
        r.to_json() for r in learned.check_many(texts, as_of=AS_OF)
    ]
    detectors = [f["detector"] for f in json.loads(rows[1]["findings"])]
    assert "model.spans" in detectors and "lexicon.exact" in detectors, detectors
    plain = check_dataframe(df, as_of=AS_OF).collect()
    assert all(
        f["detector"] != "model.spans" for r in plain for f in json.loads(r["findings"] or "[]")
    )


def test_overlay_file_is_read_on_the_driver(
    spark: SparkSession, tmp_path: Path, engine: ungxu.Engine
) -> None:
    overlay = tmp_path / "my-overlay.toml"
    overlay.write_text(NO_874_INSULT, encoding="utf-8")
    mine = ungxu.Engine(overlays=[overlay])
    texts = ["Thằng chủ tịch xã ngu như bò", "Chúc mọi người một ngày tốt lành"]
    df = spark.createDataFrame([(t,) for t in texts], "text string")
    checked = check_dataframe(df, overlays=[overlay], as_of=AS_OF, include_report=True)
    overlay.unlink()  # the executors get the text, not the path
    rows = checked.collect()
    assert [r["rule_ids"] for r in rows] == [["anm.16.insult"], []]
    assert [r["report"] for r in rows] == [r.to_json() for r in mine.check_many(texts, as_of=AS_OF)]
    assert json.loads(rows[0]["report"])["packs"][-1]["id"] == "my-platform"
    assert [f.rule_id for f in engine.check(texts[0], as_of=AS_OF).findings] == ["qd874.4.6.insult"]
    pairs = check_dataframe(df, overlays=[("mine.toml", NO_874_INSULT)], as_of=AS_OF).collect()
    assert [r["rule_ids"] for r in pairs] == [["anm.16.insult"], []]


def test_own_base_pack(spark: SparkSession) -> None:
    national = (REPO / "spec" / "packs" / "national.toml").read_text(encoding="utf-8")
    df = spark.createDataFrame([("đồ óc chó",)], "text string")
    row = check_dataframe(df, packs=[("national.toml", national)], as_of=AS_OF,
                          include_report=True).collect()[0]
    assert [p["id"] for p in json.loads(row["report"])["packs"]] == ["vn-national"]


def test_errors_known_on_the_driver_raise_at_once(spark: SparkSession) -> None:
    df = spark.createDataFrame([("p1", "chào", 1)], "id string, text string, n int")
    with pytest.raises(ungxu.PackError) as bad_pack:
        check_dataframe(df, overlays=[("bad.toml", "[pack]\nid = 7\n")])
    assert bad_pack.value.field.startswith("bad.toml:")
    with pytest.raises(ungxu.InputError, match="alien"):
        check_dataframe(df, role="alien")
    with pytest.raises(ungxu.InputError, match="checker_role"):
        check_dataframe(df, checker_role="alien")
    with pytest.raises(ValueError, match="'body' is not a column"):
        check_dataframe(df, text_col="body")
    with pytest.raises(TypeError, match="string column"):
        check_dataframe(df, text_col="n")
    with pytest.raises(ValueError, match="prefix="):
        check_dataframe(df.withColumnRenamed("n", "verdict"))
    assert "ungxu_verdict" in check_dataframe(df, prefix="ungxu_").columns
    with pytest.raises(FileNotFoundError):
        check_dataframe(df, overlays=["/no/such/overlay.toml"])


def test_a_bad_row_fails_the_job_or_fills_the_error_column(
    spark: SparkSession, engine: ungxu.Engine
) -> None:
    data = [("ok-1", "đồ óc chó", "individual"), ("bad-1", "chào", "alien"),
            ("ok-2", "chào", None)]
    df = spark.createDataFrame(data, "id string, text string, role string")
    with pytest.raises(Exception) as failed:
        check_dataframe(df, role_col="role", id_col="id", as_of=AS_OF).collect()
    message = str(failed.value)
    assert "ungxu.InputError: " in message, message[-2000:]
    assert "ungxu.InputError: author.role: unknown role `alien`" in message, message[-2000:]
    assert "(row id='bad-1')" in message, message[-2000:]

    rows = by_id(check_dataframe(df, role_col="role", id_col="id", as_of=AS_OF, errors="column"))
    assert rows["bad-1"]["verdict"] is None
    assert rows["bad-1"]["error"]["code"] == "input"
    assert rows["bad-1"]["error"]["field"] == "author.role"
    assert "alien" in rows["bad-1"]["error"]["message"]
    assert rows["ok-1"]["error"] is None and rows["ok-2"]["error"] is None
    assert_same(rows["ok-1"], engine.check("đồ óc chó", as_of=AS_OF))
    assert_same(rows["ok-2"], engine.check("chào", as_of=AS_OF))


def test_large_arrow_string_types(spark: SparkSession, engine: ungxu.Engine) -> None:
    spark.conf.set("spark.sql.execution.arrow.useLargeVarTypes", "true")
    try:
        df = spark.createDataFrame([("a", "đồ óc chó")], "id string, text string")
        row = check_dataframe(df, as_of=AS_OF, errors="column").collect()[0]
        events = spark.createDataFrame(
            [(e["account"] if "account" in e else None, json.dumps(e))
             for e in read_jsonl(REPO / "examples" / "events.jsonl")],
            "account string, event string",
        )
        groups = check_events_dataframe(events, as_of=EVENTS_AS_OF, event_col="event",
                                        errors="column").collect()
    finally:
        spark.conf.unset("spark.sql.execution.arrow.useLargeVarTypes")
    assert row["findings"] == findings_json(engine.check("đồ óc chó", as_of=AS_OF))
    assert len(groups) == 8 and all(g["error"] is None for g in groups)


def _capture_map_function(
    monkeypatch: pytest.MonkeyPatch, df: DataFrame
) -> List[Callable[..., Any]]:
    """Records the function `check_dataframe` gives `df.mapInArrow`."""
    captured: List[Callable[..., Any]] = []
    kind = type(df)  # Spark 4's classic DataFrame, a subclass of pyspark.sql.DataFrame
    original = kind.mapInArrow

    def spy(
        self: DataFrame, func: Callable[..., Any], schema: Any, *args: Any, **kw: Any
    ) -> DataFrame:
        captured.append(func)
        return original(self, func, schema, *args, **kw)

    monkeypatch.setattr(kind, "mapInArrow", spy)
    return captured


WORKER = """
import pickle, sys
import pyarrow as pa
import ungxu.spark
job = pickle.loads(sys.stdin.buffer.read())
assert ungxu.spark.engine_builds() == 0, "unpickling built an engine"
with pa.ipc.open_file(sys.argv[1]) as f:
    batches = [f.get_batch(i) for i in range(f.num_record_batches)]
out = list(job(iter(batches)))
print(ungxu.spark.engine_builds(), len(out), sum(b.num_rows for b in out))
print(" ".join(",".join(ids) or "-" for ids in out[-1].column("rule_ids").to_pylist()))
"""


def test_shipped_function_holds_texts_and_builds_one_engine(
    spark: SparkSession, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pyspark import cloudpickle

    df = spark.createDataFrame([("đồ óc chó",)], "text string")
    captured = _capture_map_function(monkeypatch, df)
    check_dataframe(df, overlays=[("mine.toml", NO_874_INSULT)], as_of=AS_OF)
    (job,) = captured
    with pytest.raises(TypeError):
        cloudpickle.dumps(ungxu.Engine())  # type: ignore[no-untyped-call]  # so no job holds one
    blob: bytes = cloudpickle.dumps(job)  # type: ignore[no-untyped-call]  # as Spark ships it
    assert NO_874_INSULT.encode() in blob and len(blob) < 20_000

    # A fresh process, as a Spark worker: unpickle, then run 5 batches through one engine.
    texts = ["Thằng chủ tịch xã ngu như bò", "chào"]
    batch = pa.RecordBatch.from_pydict({"text": texts})
    path = tmp_path / "batches.arrow"
    with pa.ipc.new_file(str(path), batch.schema) as f:
        for _ in range(5):
            f.write_batch(batch)
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(path)], input=blob, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode().split()
    assert lines[:3] == ["1", "5", "10"]
    assert lines[3:] == ["anm.16.insult", "-"]  # the overlay's answer


# --- events -------------------------------------------------------------------------------------


def test_example_events_by_account_equal_check_events(
    spark: SparkSession, engine: ungxu.Engine
) -> None:
    events = read_jsonl(REPO / "examples" / "events.jsonl")
    # Spark's JSON reader: one column per field any event has, nulls elsewhere.
    df = spark.read.json(str(REPO / "examples" / "events.jsonl"))
    groups = by_id(check_events_dataframe(df, "account", as_of=EVENTS_AS_OF, include_report=True),
                   key="account")
    accounts = {e.get("account") for e in events}
    assert set(groups) == accounts and len(accounts) == 8
    for account in accounts:
        log = [e for e in events if e.get("account") == account]
        report = engine.check_events(log, EVENTS_AS_OF)
        row = groups[account]
        assert row["report"] == report.to_json(), account
        assert row["summary"] == dict(report.summary), account
        assert row["summary"]["events"] == len(log)
        assert json.loads(row["duties"]) == report.duties
        assert json.loads(row["breaches"]) == report.breaches
        assert row["breach_rules"] == [b["rule"] for b in report.breaches]
        overdue = [d["obligation"] for d in report.duties if d["status"] == "overdue"]
        assert row["overdue_obligations"] == list(dict.fromkeys(overdue))
    assert groups["page-ubnd-yen-khanh"]["summary"]["overdue"] > 0
    assert groups["acc-minh"]["breach_rules"]


def renamed(events: List[Dict[str, Any]], n: int) -> List[Dict[str, Any]]:
    """Copy `n` of the example log: every id and account its own."""
    text = json.dumps(events, ensure_ascii=False)
    for old in ("hijack-", "page-", "troll-", "acc-", "news-", "lan-", "data-", "fake-"):
        text = text.replace(f'"{old}', f'"c{n}-{old}')
    copy: List[Dict[str, Any]] = json.loads(text)
    return copy


def test_many_logs_in_a_json_column(spark: SparkSession, engine: ungxu.Engine) -> None:
    events = read_jsonl(REPO / "examples" / "events.jsonl")
    logs = {n: renamed(events, n) for n in range(40)}
    logs[7][3] = dict(logs[7][3], time="yesterday")  # one bad log
    rows: List[Tuple[int, str]] = [(n, json.dumps(e)) for n, log in logs.items() for e in log]
    df = spark.createDataFrame(rows, "log int, event string")

    with pytest.raises(Exception) as failed:
        check_events_dataframe(df, "log", event_col="event", as_of=EVENTS_AS_OF).collect()
    message = str(failed.value)
    assert "ungxu.InputError: events[id='c7-hijack-4'].time: " in message, message[-2000:]
    assert "(group log=7)" in message, message[-2000:]

    groups = by_id(check_events_dataframe(df, ["log"], event_col="event", as_of=EVENTS_AS_OF,
                                          errors="column", include_report=True), key="log")
    assert sorted(groups) == list(range(40))
    assert groups[7]["summary"] is None
    assert groups[7]["error"]["field"] == "events[id='c7-hijack-4'].time"
    for n, log in logs.items():
        if n == 7:
            continue
        assert groups[n]["error"] is None
        assert groups[n]["report"] == engine.check_events(log, EVENTS_AS_OF).to_json(), n
    assert groups[0]["report"] != groups[1]["report"]  # the copies differ


def test_events_errors_known_on_the_driver(spark: SparkSession) -> None:
    df = spark.createDataFrame([("a", "{}")], "account string, event string")
    with pytest.raises(ungxu.InputError, match="naive"):
        check_events_dataframe(df, as_of=datetime.datetime(2025, 3, 15), event_col="event")
    with pytest.raises(ValueError, match="'tenant' is not a column"):
        check_events_dataframe(df, "tenant", as_of=EVENTS_AS_OF)
    with pytest.raises(ValueError, match="prefix="):
        check_events_dataframe(df.withColumnRenamed("account", "summary"), "summary",
                               as_of=EVENTS_AS_OF, event_col="event")


# --- the README ---------------------------------------------------------------------------------


def test_readme_spark_snippet(spark: SparkSession, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Spark: millions of posts\n", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    # The snippet runs from the repository's root; Spark resolves paths in the JVM's own
    # working directory, which a chdir here would not move.
    code = code.replace('"examples/', f'"{REPO}/examples/')
    namespace: Dict[str, Any] = {"__name__": "readme"}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["spark"] is spark
    assert namespace["checked"].count() == 30
    assert namespace["ledger"].count() == 8
    out = capsys.readouterr().out
    assert "p02-insult-official" in out and "[qd874.4.6.insult]" in out
    assert "p01-clean-criticism" not in out  # allowed, so filtered out
    assert "page-ubnd-yen-khanh" in out and "ob.takedown.owner.authority" in out
