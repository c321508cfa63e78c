"""The hostile-input catalogue (tests/hostile/cases.json) through the Python API: every case
gives an `ungxu.UngxuError` subclass or a report, never a crash. Posts go through
`check_many([post])` (any dict shape reaches the core), so `post.x` fields read `posts[0].x`."""

from __future__ import annotations

import datetime
import json
from typing import Any, Dict, List

import pytest

import ungxu
from conftest import REPO

CATALOGUE = json.loads((REPO / "tests" / "hostile" / "cases.json").read_text(encoding="utf-8"))
CASES = [c for c in CATALOGUE["cases"] if "python" in c.get("only", ["python"])]


def numbered(template: str, i: int) -> str:
    letters = " ".join(chr(ord("a") + int(d)) for d in str(i))
    return template.replace("{i}", str(i)).replace("{a}", letters)


def part(p: Any) -> Any:
    """A `$text` part as str, or bytes when it holds raw bytes."""
    if isinstance(p, str):
        return p
    if "repeat" in p:
        one = part(p["repeat"])
        if isinstance(one, str) and ("{i}" in one or "{a}" in one):
            return "".join(numbered(one, i) for i in range(p["times"]))
        return one * p["times"]
    if "char" in p:
        return chr(int(p["char"], 16))
    if "bytes" in p:
        return bytes.fromhex(p["bytes"])
    raise AssertionError(f"unknown part {p}")


def text(parts: List[Any]) -> Any:
    pieces = [part(p) for p in parts]
    if any(isinstance(p, bytes) for p in pieces):
        return b"".join(p if isinstance(p, bytes) else p.encode() for p in pieces)
    return "".join(pieces)


def substitute(v: Any, i: int) -> Any:
    if isinstance(v, str):
        return numbered(v, i)
    if isinstance(v, list):
        return [substitute(x, i) for x in v]
    if isinstance(v, dict):
        return {k: substitute(x, i) for k, x in v.items()}
    return v


def build(v: Any) -> Any:
    """The template as Python objects, generators expanded."""
    if isinstance(v, dict):
        if "$text" in v:
            return text(v["$text"])
        if "$array" in v:
            one = build(v["$array"])
            return [substitute(one, i) for i in range(v["times"])]
        if "$nest" in v:
            inner: Any = {} if "key" in v else []
            for _ in range(v["$nest"]):
                inner = {v["key"]: inner} if "key" in v else [inner]
            return inner
        if "$raw" in v:
            raise AssertionError("raw JSON text is not for Python")
        return {k: build(x) for k, x in v.items()}
    if isinstance(v, list):
        return [build(x) for x in v]
    return v


def engine_of(request: Dict[str, Any]) -> ungxu.Engine:
    packs = [(p["name"], p["text"]) for p in request.get("packs", [])]
    overlays = [(p["name"], p["text"]) for p in request.get("overlays", [])]
    limits = {k: request[k] for k in ("input_limits", "pack_limits") if k in request}
    if packs:
        return ungxu.Engine.from_packs(packs, overlays, **limits)
    return ungxu.Engine(overlays=overlays, **limits)


def date_or_text(s: Any) -> Any:
    try:
        return datetime.date.fromisoformat(s)
    except (TypeError, ValueError):
        return s  # the binding must refuse it with an InputError


def instant_or_text(s: Any) -> Any:
    try:
        return datetime.datetime.fromisoformat(s)
    except (TypeError, ValueError):
        return s


def run(case: Dict[str, Any]) -> Any:
    """The case's report(s) as dicts, or `True` for an engine; errors propagate."""
    request = build(case["request"])
    call = case["call"]
    if call == "engine":
        engine_of(request)
        return {"engine": True}
    engine = engine_of(build(case.get("engine", {})))
    if call == "check_post":
        reports = engine.check_many([request["post"]], as_of=date_or_text(request["as_of"]))
        return {"report": reports[0].to_dict()}
    if call == "check_many":
        reports = engine.check_many(request["posts"], as_of=date_or_text(request["as_of"]))
        return {"results": [r.to_dict() for r in reports]}
    if call == "check_events":
        report = engine.check_events(request["events"], instant_or_text(request["as_of"]))
        return {"report": report.to_dict()}
    raise AssertionError(f"unknown call {call}")


def python_field(field: str) -> str:
    """`post.text` -> `posts[0].text`: Python checks one post as a batch of one."""
    if field == "post" or field.startswith("post."):
        return "posts[0]" + field[len("post") :]
    return field


def check_error(expect: Dict[str, Any], e: ungxu.UngxuError) -> None:
    assert e.code == expect["code"], (e.code, e.field, e.message)
    if "field" in expect:
        assert e.field == python_field(expect["field"]), (e.field, e.message)
    if "field_prefix" in expect:
        assert e.field.startswith(python_field(expect["field_prefix"])), (e.field, e.message)
    for m in expect.get("message", []):
        assert m in e.message, (m, e.message)


def check_report(expect: Dict[str, Any], report: Dict[str, Any]) -> None:
    n = len(report.get("findings", []))
    if "verdict" in expect:
        assert report["verdict"] == expect["verdict"]
    if "findings" in expect:
        assert n == expect["findings"]
    if "min_findings" in expect:
        assert n >= expect["min_findings"]
    if "max_findings" in expect:
        assert n <= expect["max_findings"]
    for k, v in expect.get("summary", {}).items():
        assert report["summary"][k] == v, (k, report["summary"])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_case(case: Dict[str, Any]) -> None:
    expect = case.get("expect_python", case["expect"])
    if "error" in expect:
        with pytest.raises(ungxu.UngxuError) as info:
            run(case)
        check_error(expect["error"], info.value)
        return
    answer = run(case)
    if "report" in expect:
        check_report(expect["report"], answer["report"])
    elif "results" in expect:
        assert len(answer["results"]) == len(expect["results"])
        for e, r in zip(expect["results"], answer["results"]):
            check_report(e["report"], r)
    elif "results_count" in expect:
        assert len(answer["results"]) == expect["results_count"]
    else:
        assert answer == {"engine": True}


def test_the_catalogue_is_run_here() -> None:
    assert len(CASES) >= 30


def test_check_of_lone_surrogate_or_bytes_is_an_error_not_a_crash(engine: ungxu.Engine) -> None:
    # The typed `check(text)` takes a str: a lone surrogate is not valid Unicode text.
    with pytest.raises(ungxu.InputError) as surrogate:
        engine.check("\ud800 đồ óc chó")
    assert surrogate.value.field == "post.text"
    with pytest.raises(ungxu.InputError) as in_batch:
        engine.check_many(["fine", "\ud800"])
    assert in_batch.value.field == "posts[1].text"
    with pytest.raises(TypeError):
        engine.check(b"\xff\xfe")  # type: ignore[arg-type]
    assert engine.check(b"\xff\xfe".decode("utf-8", "replace")).verdict == "allow"
