"""Check posts and account-event logs held in Spark DataFrames, on every executor.

Install with the extra: ``pip install "ungxu[spark]"`` (``pip install "./bindings-python[spark]"``
from the repository). The same wheel runs on the driver and on the executors::

    from ungxu.spark import check_dataframe
    checked = check_dataframe(posts, text_col="text", role_col="role", id_col="id",
                              as_of=datetime.date(2025, 6, 1))
    checked.filter("verdict != 'allow'").select("id", "verdict", "rule_ids").show()

How it runs:

* Posts travel to Python as Arrow record batches (`DataFrame.mapInArrow`); each batch is one
  `Engine.check_many` call, so the batch size is
  ``spark.sql.execution.arrow.maxRecordsPerBatch`` (10 000 rows by default).
* Event logs are grouped (`groupBy(...).applyInArrow`): one `Engine.check_events` call per
  group, e.g. per account.
* Each Python worker process builds its `Engine` once, on its first batch, and keeps it in a
  module-level cache keyed by the pack and overlay texts. Engines are never pickled: what
  Spark ships to the executors is the pack and overlay *texts* (files named on the driver are
  read there), the options and the column names.
* Everything the driver can check is checked when you call the function, so a bad overlay
  raises `ungxu.PackError` and an unknown role `ungxu.InputError` at once, not in a task.
"""

from __future__ import annotations

import datetime
import json
import os
import threading
from dataclasses import dataclass
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    Iterator,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

try:
    import pyarrow as pa
    from pyspark import TaskContext
    from pyspark.sql import DataFrame
    from pyspark.sql.types import (
        ArrayType,
        DataType,
        LongType,
        MapType,
        StringType,
        StructField,
        StructType,
    )
except ImportError as missing:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"ungxu.spark needs pyspark and pyarrow ({missing}): pip install 'ungxu[spark]'"
    ) from missing

from ._ungxu import Engine, LedgerReport, Report, UngxuError
from .types import PackInput

__all__ = ["ErrorMode", "check_dataframe", "check_events_dataframe"]

#: What to do with a row (or a group) the core rejects: ``"raise"`` stops the job with the
#: `ungxu.UngxuError`, naming the row; ``"column"`` fills the report columns with nulls and an
#: ``error`` struct column (``code``, ``field``, ``message``) instead.
ErrorMode = Literal["raise", "column"]

#: A pack or overlay as it travels to the executors: a text (TOML or JSON) or a (name, text) pair.
_PackText = Union[str, Tuple[str, str]]

#: How many engines (distinct pack sets) one Python worker keeps.
_MAX_ENGINES = 4

_ERROR_FIELDS = ("code", "field", "message")
_SUMMARY_FIELDS = ("events", "pending", "met", "late", "overdue", "breaches")


# --- engines: built lazily, once per Python worker process --------------------------------------


@dataclass(frozen=True)
class _EngineSpec:
    """Everything needed to build an engine, as plain picklable, hashable data."""

    packs: Optional[Tuple[_PackText, ...]]
    overlays: Tuple[_PackText, ...]
    input_limits: Tuple[Tuple[str, int], ...]
    pack_limits: Tuple[Tuple[str, int], ...]
    span_model: bool = False

    def build(self) -> Engine:
        input_limits = dict(self.input_limits) or None
        pack_limits = dict(self.pack_limits) or None
        if self.packs is None:
            return Engine(
                overlays=list(self.overlays),
                input_limits=input_limits,
                pack_limits=pack_limits,
                span_model=self.span_model,
            )
        return Engine.from_packs(
            list(self.packs),
            list(self.overlays),
            input_limits=input_limits,
            pack_limits=pack_limits,
            span_model=self.span_model,
        )


_engines: Dict[_EngineSpec, Engine] = {}
_engines_lock = threading.Lock()
_builds = 0


def _engine(spec: _EngineSpec) -> Engine:
    """This process's engine for `spec`, built on first use."""
    global _builds
    with _engines_lock:
        engine = _engines.get(spec)
        if engine is None:
            engine = spec.build()
            _builds += 1
            if len(_engines) >= _MAX_ENGINES:
                del _engines[next(iter(_engines))]  # the oldest
            _engines[spec] = engine
        return engine


def engine_builds() -> int:
    """How many engines this process has built for `ungxu.spark` (for tests and monitoring)."""
    return _builds


def _pack_texts(items: Optional[Iterable[PackInput]], kind: str) -> Optional[Tuple[_PackText, ...]]:
    """Packs as texts: paths are read here, on the driver, so executors need no files."""
    if items is None:
        return None
    if isinstance(items, (str, bytes, os.PathLike)):
        raise TypeError(
            f"{kind}s must be a list of paths, texts or (name, text) pairs, not one path"
        )
    texts: List[_PackText] = []
    for item in items:
        if isinstance(item, tuple):
            name, text = item
            if not isinstance(name, str) or not isinstance(text, str):
                raise TypeError(f"a ({kind} name, text) pair must hold two str")
            texts.append((name, text))
        elif isinstance(item, str) and ("\n" in item or item.lstrip().startswith("{")):
            texts.append(item)  # the text itself; the engine names it {kind}-N.toml
        else:
            path = os.fsdecode(os.fspath(item))
            with open(path, encoding="utf-8") as f:
                texts.append((path, f.read()))
    return tuple(texts)


def _limits(limits: Optional[Mapping[str, int]]) -> Tuple[Tuple[str, int], ...]:
    return tuple(sorted(limits.items())) if limits else ()


def _spec(
    packs: Optional[Iterable[PackInput]],
    overlays: Optional[Iterable[PackInput]],
    input_limits: Optional[Mapping[str, int]],
    pack_limits: Optional[Mapping[str, int]],
    span_model: bool = False,
) -> Tuple[_EngineSpec, Engine]:
    """The spec to ship and the driver's own engine (which validates the packs now)."""
    spec = _EngineSpec(
        packs=_pack_texts(packs, "pack"),
        overlays=_pack_texts(overlays, "overlay") or (),
        input_limits=_limits(input_limits),
        pack_limits=_limits(pack_limits),
        span_model=bool(span_model),
    )
    return spec, _engine(spec)


# --- shared helpers -----------------------------------------------------------------------------


def _string_type(large: bool) -> pa.DataType:
    return pa.large_string() if large else pa.string()


def _error_type(large: bool) -> pa.DataType:
    return pa.struct([pa.field(name, _string_type(large)) for name in _ERROR_FIELDS])


_ERROR_SPARK_TYPE = StructType([StructField(name, StringType()) for name in _ERROR_FIELDS])


def _error_dict(error: UngxuError) -> Dict[str, str]:
    return {"code": error.code, "field": error.field, "message": error.message}


def _with_context(error: UngxuError, field: str, where: str) -> UngxuError:
    """The same kind of error with `field` for its field, its message naming `where`."""
    text = f"{field}: {error.message}" if field else error.message
    again = type(error)(f"{text} ({where})")
    again.code, again.field, again.message = error.code, field, error.message
    return again


def _batch_index(field: str) -> Tuple[Optional[int], str]:
    """The index in ``posts[3].author.role`` or ``events[3].time``, if any, and the rest
    (``author.role``): the index counts within one batch or group, which means nothing to the
    caller, so errors name the row or event otherwise."""
    head, bracket, rest = field.partition("[")
    number, close, tail = rest.partition("]")
    if head not in ("posts", "events") or not bracket or not close or not number.isdigit():
        return None, field
    return int(number), tail.lstrip(".")


def _large_var_types(df: DataFrame) -> bool:
    value = df.sparkSession.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false")
    return str(value).lower() == "true"


def _check_new_columns(df: DataFrame, names: Sequence[str]) -> None:
    clash = [n for n in names if n in df.columns]
    if clash:
        raise ValueError(
            f"the DataFrame already has columns {clash}; pass prefix= to name the report columns"
        )


def _column_type(df: DataFrame, name: str, what: str) -> DataType:
    for field in df.schema.fields:
        if field.name == name:
            return field.dataType
    raise ValueError(f"{what} {name!r} is not a column of the DataFrame (columns: {df.columns})")


def _task_threads() -> int:
    """The cores Spark gave this task (``spark.task.cpus``), or 1 outside a task."""
    context = TaskContext.get()
    return context.cpus() if context is not None else 1


def _without_nulls(value: Any) -> Any:
    """A row or struct as a dict, without its null fields (Spark's JSON reader fills every
    field any record has, with nulls where a record lacks it)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


# --- posts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PostJob:
    """The function `mapInArrow` runs: plain data, so Spark pickles it cheaply."""

    spec: _EngineSpec
    text_col: str
    role_col: Optional[str]
    id_col: Optional[str]
    author_col: Optional[str]
    role: str
    as_of: datetime.date
    checker_role: Optional[str]
    raw_evidence: bool
    threads: Optional[int]
    include_findings: bool
    include_report: bool
    errors: ErrorMode
    prefix: str
    large: bool

    def names(self) -> List[str]:
        names = ["verdict", "severity", "categories", "rule_ids"]
        if self.include_findings:
            names.append("findings")
        if self.include_report:
            names.append("report")
        if self.errors == "column":
            names.append("error")
        return [self.prefix + n for n in names]

    def __call__(self, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        engine = _engine(self.spec)
        threads = self.threads or _task_threads()
        for batch in batches:
            yield self.check_batch(engine, batch, threads)

    def posts_of(self, batch: pa.RecordBatch) -> Tuple[List[int], List[Union[str, Dict[str, Any]]]]:
        """The rows with a text, and their posts (plain texts when no other column is used)."""
        texts = batch.column(self.text_col).to_pylist()
        roles = batch.column(self.role_col).to_pylist() if self.role_col else None
        ids = batch.column(self.id_col).to_pylist() if self.id_col else None
        authors = batch.column(self.author_col).to_pylist() if self.author_col else None
        rows: List[int] = []
        posts: List[Union[str, Dict[str, Any]]] = []
        for i, text in enumerate(texts):
            if text is None:
                continue
            rows.append(i)
            if roles is None and ids is None and authors is None:
                posts.append(text)
                continue
            post: Dict[str, Any] = {"text": text}
            if ids is not None and ids[i] is not None:
                post["id"] = str(ids[i])
            author: Dict[str, Any] = {}
            if authors is not None and authors[i] is not None:
                value = authors[i]
                author = _without_nulls(dict(value) if isinstance(value, list) else value)
            if roles is not None and roles[i] is not None:
                author.setdefault("role", roles[i])
            if author:
                post["author"] = author
            posts.append(post)
        return rows, posts

    def where(self, batch: pa.RecordBatch, row: int) -> str:
        if self.id_col:
            return f"row {self.id_col}={batch.column(self.id_col)[row].as_py()!r}"
        return f"row {row} of an Arrow batch; pass id_col= to name rows"

    def check_many(
        self, engine: Engine, posts: Sequence[Union[str, Dict[str, Any]]], threads: int
    ) -> List[Report]:
        return engine.check_many(
            posts,
            role=self.role,
            as_of=self.as_of,
            raw_evidence=self.raw_evidence,
            checker_role=self.checker_role,
            threads=threads,
        )

    def check_batch(self, engine: Engine, batch: pa.RecordBatch, threads: int) -> pa.RecordBatch:
        rows, posts = self.posts_of(batch)
        reports: List[Optional[Report]] = [None] * batch.num_rows
        errors: List[Optional[Dict[str, str]]] = [None] * batch.num_rows
        try:
            for row, report in zip(rows, self.check_many(engine, posts, threads)):
                reports[row] = report
        except UngxuError as error:
            if self.errors == "raise":
                bad, field = _batch_index(error.field)
                if bad is None or bad >= len(rows):
                    raise
                raise _with_context(error, field, self.where(batch, rows[bad])) from None
            for row, post in zip(rows, posts):  # one at a time, to find every bad row
                try:
                    reports[row] = self.check_many(engine, [post], 1)[0]
                except UngxuError as one:
                    errors[row] = dict(_error_dict(one), field=_batch_index(one.field)[1])
        return self.to_batch(batch, reports, errors)

    def to_batch(
        self,
        batch: pa.RecordBatch,
        reports: Sequence[Optional[Report]],
        errors: Sequence[Optional[Dict[str, str]]],
    ) -> pa.RecordBatch:
        string = _string_type(self.large)
        strings = pa.list_(string)
        verdicts: List[Optional[str]] = []
        severities: List[Optional[str]] = []
        categories: List[Optional[List[str]]] = []
        rule_ids: List[Optional[List[str]]] = []
        findings: List[Optional[str]] = []
        whole: List[Optional[str]] = []
        for report in reports:
            if report is None:
                for column in (verdicts, severities, categories, rule_ids, findings, whole):
                    column.append(None)
                continue
            found = report.findings
            verdicts.append(report.verdict)
            severities.append(report.severity)
            categories.append(list(dict.fromkeys(f.category for f in found)))
            rule_ids.append([f.rule_id for f in found])
            if self.include_findings:
                findings.append("[" + ",".join(f.to_json() for f in found) + "]")
            if self.include_report:
                whole.append(report.to_json())
        arrays = [
            pa.array(verdicts, string),
            pa.array(severities, string),
            pa.array(categories, strings),
            pa.array(rule_ids, strings),
        ]
        if self.include_findings:
            arrays.append(pa.array(findings, string))
        if self.include_report:
            arrays.append(pa.array(whole, string))
        if self.errors == "column":
            arrays.append(pa.array(errors, _error_type(self.large)))
        return pa.RecordBatch.from_arrays(
            list(batch.columns) + arrays, names=list(batch.schema.names) + self.names()
        )


def check_dataframe(
    df: DataFrame,
    text_col: str = "text",
    role_col: Optional[str] = None,
    id_col: Optional[str] = None,
    as_of: Optional[datetime.date] = None,
    packs: Optional[Iterable[PackInput]] = None,
    overlays: Optional[Iterable[PackInput]] = None,
    *,
    author_col: Optional[str] = None,
    role: str = "individual",
    checker_role: Optional[str] = None,
    raw_evidence: bool = False,
    include_findings: bool = True,
    include_report: bool = False,
    errors: ErrorMode = "raise",
    prefix: str = "",
    threads: Optional[int] = None,
    input_limits: Optional[Mapping[str, int]] = None,
    pack_limits: Optional[Mapping[str, int]] = None,
    span_model: bool = False,
) -> DataFrame:
    """`df` with a report on each post, checked on the executors.

    Adds the columns (each name preceded by `prefix`):

    * ``verdict`` (string): the recommended action, ``allow`` … ``remove``;
    * ``severity`` (string, null when nothing was found);
    * ``categories`` (array<string>): the findings' categories, each once, in finding order;
    * ``rule_ids`` (array<string>): one rule id per finding, in finding order;
    * ``findings`` (string, unless ``include_findings=False``): the findings as a JSON array,
      exactly the core's JSON (each with its evidence and citation: about 1 KB a finding);
    * ``report`` (string, with ``include_report=True``): the whole report as JSON;
    * ``error`` (struct<code, field, message>, with ``errors="column"``).

    A row whose text is null gets nulls. Every other column passes through unchanged.

    Args:
        df: the posts, one a row.
        text_col: the column with each post's text (string).
        role_col: a column with each author's role (string; null: `role`).
        id_col: a column naming each post (any type; it becomes the report's ``id`` and names
            the row in errors).
        as_of: the date whose rules apply; default today (UTC), fixed on the driver so every
            executor uses the same date.
        packs: base packs (paths, texts or ``(name, text)`` pairs) instead of the embedded
            default; paths are read on the driver.
        overlays: overlays layered on top, given the same ways.
        author_col: a struct (or map) column with author fields (``role``, ``display_name``,
            ``verified``, ``official``, …); its ``role`` wins over `role_col`.
        role: the author role when no column gives one.
        checker_role: add the duties of this role (e.g. ``sns_provider``) to each report.
        raw_evidence: keep evidence unmasked.
        include_findings: add the ``findings`` JSON column; building it is about as much
            work as the check itself, so leave it out when the verdicts and rule ids suffice.
        include_report: add the ``report`` JSON column.
        errors: ``"raise"`` or ``"column"``; see `ErrorMode`.
        prefix: put before each added column's name.
        threads: threads per `check_many` call; default: the task's ``spark.task.cpus``.
        input_limits, pack_limits: as for `ungxu.Engine`.
        span_model: also run the learned span scorer, as `ungxu.Engine(span_model=True)`
            (off by default: slower, and its findings name features rather than terms).

    Raises:
        ungxu.PackError: a pack or overlay is invalid (raised here, on the driver).
        ungxu.InputError: `role`, `checker_role` or a limit is invalid.
        ValueError: a named column is missing, or an added column's name is taken.
        TypeError: a named column has the wrong type.

    Rows the core rejects (an unknown role in `role_col`, …) fail the Spark job when it runs,
    with the `ungxu.InputError` naming the row, unless ``errors="column"``.
    """
    if errors not in ("raise", "column"):
        raise ValueError(f"errors must be 'raise' or 'column', not {errors!r}")
    if not isinstance(_column_type(df, text_col, "text_col"), StringType):
        raise TypeError(f"text_col {text_col!r} must be a string column")
    if role_col is not None and not isinstance(_column_type(df, role_col, "role_col"), StringType):
        raise TypeError(f"role_col {role_col!r} must be a string column")
    if id_col is not None:
        _column_type(df, id_col, "id_col")
    if author_col is not None and not isinstance(
        _column_type(df, author_col, "author_col"), (StructType, MapType)
    ):
        raise TypeError(f"author_col {author_col!r} must be a struct or map column")
    day = as_of if as_of is not None else datetime.datetime.now(datetime.timezone.utc).date()
    if isinstance(day, datetime.datetime):
        raise TypeError("as_of must be a datetime.date, not a datetime")
    spec, engine = _spec(packs, overlays, input_limits, pack_limits, span_model)
    # Validates the options now, on the driver, rather than in the first task.
    engine.check("", role=role, as_of=day, checker_role=checker_role)
    job = _PostJob(
        spec=spec,
        text_col=text_col,
        role_col=role_col,
        id_col=id_col,
        author_col=author_col,
        role=role,
        as_of=day,
        checker_role=checker_role,
        raw_evidence=raw_evidence,
        threads=threads,
        include_findings=include_findings,
        include_report=include_report,
        errors=errors,
        prefix=prefix,
        large=_large_var_types(df),
    )
    names = job.names()
    _check_new_columns(df, names)
    types: List[DataType] = [StringType(), StringType(), ArrayType(StringType()),
                             ArrayType(StringType())]
    if include_findings:
        types.append(StringType())
    if include_report:
        types.append(StringType())
    if errors == "column":
        types.append(_ERROR_SPARK_TYPE)
    schema = StructType(
        list(df.schema.fields) + [StructField(n, t, True) for n, t in zip(names, types)]
    )
    return df.mapInArrow(job, schema)


# --- events -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _EventsJob:
    """The function `applyInArrow` runs on each group of events."""

    spec: _EngineSpec
    keys: Tuple[str, ...]
    event_col: Optional[str]
    as_of: datetime.datetime
    include_report: bool
    errors: ErrorMode
    prefix: str
    large: bool

    def names(self) -> List[str]:
        names = ["summary", "breach_rules", "overdue_obligations", "duties", "breaches"]
        if self.include_report:
            names.append("report")
        if self.errors == "column":
            names.append("error")
        return [self.prefix + n for n in names]

    def events_of(self, table: pa.Table) -> List[Any]:
        if self.event_col is None:
            return [_without_nulls(row) for row in table.to_pylist()]
        values = table.column(self.event_col).to_pylist()
        return [json.loads(v) if isinstance(v, str) else _without_nulls(v) for v in values]

    def __call__(self, key: Tuple["pa.Scalar[Any]", ...], table: pa.Table) -> pa.Table:
        engine = _engine(self.spec)
        where = ", ".join(f"{k}={v.as_py()!r}" for k, v in zip(self.keys, key))
        report: Optional[LedgerReport] = None
        error: Optional[Dict[str, str]] = None
        events: List[Any] = []
        try:
            events = self.events_of(table)
            report = engine.check_events(events, self.as_of)
        except UngxuError as e:
            field = _event_field(e.field, events)
            if self.errors == "raise":
                raise _with_context(e, field, f"group {where}") from None
            error = dict(_error_dict(e), field=field)
        except json.JSONDecodeError as e:
            if self.errors == "raise":
                raise ValueError(f"{self.event_col} is not JSON: {e} (group {where})") from None
            error = {"code": "input", "field": str(self.event_col), "message": f"not JSON: {e}"}
        return self.to_table(key, report, error)

    def to_table(
        self,
        key: Tuple["pa.Scalar[Any]", ...],
        report: Optional[LedgerReport],
        error: Optional[Dict[str, str]],
    ) -> pa.Table:
        string = _string_type(self.large)
        strings = pa.list_(string)
        summary_type = pa.struct([pa.field(n, pa.int64()) for n in _SUMMARY_FIELDS])
        columns = [pa.array([k.as_py()], k.type) for k in key]
        if report is None:
            arrays = [
                pa.array([None], summary_type),
                pa.array([None], strings),
                pa.array([None], strings),
                pa.array([None], string),
                pa.array([None], string),
            ]
            whole: Optional[str] = None
        else:
            data = json.loads(report.to_json())
            counts: Dict[str, Any] = dict(data["summary"])
            duties: List[Dict[str, Any]] = data["duties"]
            breaches: List[Dict[str, Any]] = data["breaches"]
            overdue = [d["obligation"] for d in duties if d["status"] == "overdue"]
            arrays = [
                pa.array([{n: counts[n] for n in _SUMMARY_FIELDS}], summary_type),
                pa.array([[b["rule"] for b in breaches]], strings),
                pa.array([list(dict.fromkeys(overdue))], strings),
                pa.array([_compact(duties)], string),
                pa.array([_compact(breaches)], string),
            ]
            whole = report.to_json()
        if self.include_report:
            arrays.append(pa.array([whole], string))
        if self.errors == "column":
            arrays.append(pa.array([error], _error_type(self.large)))
        return pa.Table.from_arrays(
            [*columns, *arrays], names=[*self.keys, *self.names()]
        )


def _event_field(field: str, events: Sequence[Any]) -> str:
    """``events[3].time`` as ``events[id='hijack-4'].time``: the index counts within a group
    whose order Spark does not keep, the id names the event."""
    index, rest = _batch_index(field)
    if index is None or index >= len(events) or not isinstance(events[index], dict):
        return field
    name = f"events[id={events[index].get('id')!r}]"
    return f"{name}.{rest}" if rest else name


def _grouped(job: _EventsJob) -> Callable[[Tuple[Any, ...], pa.Table], pa.Table]:
    """`job` as a two-argument function: Spark counts a function's arguments (a callable
    object's ``self`` included) to decide whether to pass the group's key, and reads its
    type hints at run time (so they must evaluate: ``Any`` for the key's scalars)."""

    def run(key: Tuple[Any, ...], table: pa.Table) -> pa.Table:
        return job(key, table)

    return run


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def check_events_dataframe(
    df: DataFrame,
    group_by: Union[str, Sequence[str]] = "account",
    *,
    as_of: datetime.datetime,
    event_col: Optional[str] = None,
    packs: Optional[Iterable[PackInput]] = None,
    overlays: Optional[Iterable[PackInput]] = None,
    include_report: bool = False,
    errors: ErrorMode = "raise",
    prefix: str = "",
    input_limits: Optional[Mapping[str, int]] = None,
    pack_limits: Optional[Mapping[str, int]] = None,
) -> DataFrame:
    """One ledger report per group of account events (e.g. per account), computed on the
    executors with one `Engine.check_events` call per group.

    Each group is one event log: duties start and end within it, so group by what ties
    events together (an account, a platform, a tenant). A whole group is held in memory by one
    Python worker. Events whose key is null form one group of their own.

    Returns one row per group: the `group_by` columns, then (names preceded by `prefix`)

    * ``summary`` (struct<events, pending, met, late, overdue, breaches: long>);
    * ``breach_rules`` (array<string>): the rule of each breach, in report order;
    * ``overdue_obligations`` (array<string>): obligations with an overdue duty, each once;
    * ``duties``, ``breaches`` (string): the report's duties and breaches as JSON arrays;
    * ``report`` (string, with ``include_report=True``): the whole ledger report as JSON;
    * ``error`` (struct<code, field, message>, with ``errors="column"``).

    Args:
        df: the events, one a row.
        group_by: the column(s) whose values make a group.
        as_of: the timezone-aware moment to evaluate the logs at.
        event_col: a column holding each event, as a JSON string or a struct; by default each
            row is the event (its non-null columns are the event's fields, so every column
            must be an event field: select them first).
        packs, overlays, include_report, errors, prefix, input_limits, pack_limits: as for
            `check_dataframe`.

    Raises:
        ungxu.PackError, ungxu.InputError: invalid packs, or `as_of` is not timezone-aware
            (raised here, on the driver).
        ValueError: a named column is missing, or an added column's name is taken.
        TypeError: `event_col` is neither a string nor a struct column.
    """
    if errors not in ("raise", "column"):
        raise ValueError(f"errors must be 'raise' or 'column', not {errors!r}")
    keys = (group_by,) if isinstance(group_by, str) else tuple(group_by)
    if not keys:
        raise ValueError("group_by must name at least one column")
    for k in keys:
        _column_type(df, k, "group_by")
    if event_col is not None and not isinstance(
        _column_type(df, event_col, "event_col"), (StringType, StructType)
    ):
        raise TypeError(f"event_col {event_col!r} must be a string (JSON) or struct column")
    spec, engine = _spec(packs, overlays, input_limits, pack_limits)
    engine.check_events([], as_of)  # validates as_of now, on the driver
    job = _EventsJob(
        spec=spec,
        keys=keys,
        event_col=event_col,
        as_of=as_of,
        include_report=include_report,
        errors=errors,
        prefix=prefix,
        large=_large_var_types(df),
    )
    names = job.names()
    clash = [n for n in names if n in keys]
    if clash:
        raise ValueError(f"group_by columns {clash} clash with the report columns; pass prefix=")
    summary = StructType([StructField(n, LongType()) for n in _SUMMARY_FIELDS])
    types: List[DataType] = [
        summary,
        ArrayType(StringType()),
        ArrayType(StringType()),
        StringType(),
        StringType(),
    ]
    if include_report:
        types.append(StringType())
    if errors == "column":
        types.append(_ERROR_SPARK_TYPE)
    key_fields = [f for k in keys for f in df.schema.fields if f.name == k]
    schema = StructType(key_fields + [StructField(n, t, True) for n, t in zip(names, types)])
    return df.groupBy(*keys).applyInArrow(_grouped(job), schema)
