"""The whole shared conformance corpus (tests/cases/) gives, through the Python API, exactly
the answer of the Rust JSON API recorded in tests/cases/golden.jsonl."""

from __future__ import annotations

import datetime
import json
from typing import Any, Dict, List, Tuple

import pytest

import ungxu
from conftest import CASES, REPO, read_jsonl

GOLDEN = read_jsonl(CASES / "golden.jsonl")


def error_answer(e: ungxu.UngxuError) -> Dict[str, Any]:
    """An exception as the JSON API writes the error (`field` left out when empty)."""
    error: Dict[str, Any] = {"code": e.code, "message": e.message}
    if e.field:
        error["field"] = e.field
    return {"ok": False, "error": error}


def post_answer(engine: ungxu.Engine, request: Dict[str, Any]) -> Dict[str, Any]:
    """A JSON API check request, asked through `Engine.check`'s keyword arguments."""
    post = request["post"]
    try:
        report = engine.check(
            post["text"],
            as_of=datetime.date.fromisoformat(request["as_of"]),
            author=post.get("author"),
            links=post.get("links"),
            audience=post.get("audience"),
            id=post.get("id"),
            raw_evidence=request.get("raw_evidence", False),
            checker_role=request.get("checker_role"),
            lexicon_only=request.get("lexicon_only", False),
        )
    except ungxu.UngxuError as e:
        return error_answer(e)
    return {"ok": True, "report": report.to_dict()}


def overlays_of(case: Dict[str, Any]) -> List[Tuple[str, str]]:
    """The overlays of an events case, named as core/tests/golden.rs names them."""
    texts = case.get("overlays", [])
    return [("overlay-1.toml" if i == 0 else "overlay.toml", t) for i, t in enumerate(texts)]


def events_answer(case: Dict[str, Any]) -> Dict[str, Any]:
    if "events" in case:
        events = case["events"]
    else:
        events = read_jsonl(REPO / case["events_file"])
    try:
        overlays = overlays_of(case)
        engine = ungxu.Engine(overlays=overlays) if overlays else ungxu.Engine()
        report = engine.check_events(events, datetime.datetime.fromisoformat(case["as_of"]))
    except ungxu.UngxuError as e:
        return error_answer(e)
    return {"ok": True, "report": report.to_dict()}


def case_engine(default: ungxu.Engine, case: Dict[str, Any]) -> ungxu.Engine:
    """The engine a post case asks for (`engine`, an EngineRequest), else the default."""
    request = case.get("engine")
    if request is None:
        return default
    assert set(request) <= {"span_model"}, f"engine options the runner does not know: {request}"
    return ungxu.Engine(span_model=request.get("span_model", False))


@pytest.mark.parametrize("golden", GOLDEN, ids=[g["case"] for g in GOLDEN])
def test_case_gives_the_rust_answer(engine: ungxu.Engine, golden: Dict[str, Any]) -> None:
    case = json.loads((CASES / golden["case"]).read_text(encoding="utf-8"))
    if golden["case"].startswith("posts/"):
        answer = post_answer(case_engine(engine, case), case["request"])
    else:
        answer = events_answer(case)
    assert answer == golden["answer"]


def test_corpus_is_complete() -> None:
    on_disk = sorted(
        f"{p.parent.name}/{p.name}" for d in ("posts", "events") for p in (CASES / d).glob("*.json")
    )
    assert sorted(g["case"] for g in GOLDEN) == on_disk


def test_to_json_is_the_rust_json(engine: ungxu.Engine) -> None:
    for golden in GOLDEN:
        if not golden["case"].startswith("posts/") or not golden["answer"]["ok"]:
            continue
        case = json.loads((CASES / golden["case"]).read_text(encoding="utf-8"))
        request = case["request"]
        post = request["post"]
        report = case_engine(engine, case).check(
            post["text"],
            as_of=datetime.date.fromisoformat(request["as_of"]),
            author=post.get("author"),
            links=post.get("links"),
            audience=post.get("audience"),
            raw_evidence=request.get("raw_evidence", False),
            checker_role=request.get("checker_role"),
            lexicon_only=request.get("lexicon_only", False),
        )
        assert json.loads(report.to_json()) == golden["answer"]["report"]
