"""The Python API: reports as typed objects, spans as Python indices, batches, rules, ledger."""

from __future__ import annotations

import datetime
import json
from typing import Any, Dict, List

import ungxu

AS_OF = datetime.date(2025, 6, 1)
VN = datetime.timezone(datetime.timedelta(hours=7))


def test_report_attributes(engine: ungxu.Engine) -> None:
    report = engine.check("Thằng chủ tịch xã ngu như bò", as_of=AS_OF, id="p1")
    assert report.id == "p1"
    assert report.as_of == AS_OF
    assert report.role == "individual"
    assert report.verdict in ("notice", "review", "restrict", "remove")
    assert report.severity is not None
    finding = report.findings[0]
    assert finding.rule_id.startswith("qd874.")
    assert 0 < finding.confidence <= 1
    assert finding.citation.instrument == "qd-874-2021"
    assert finding.citation.reference.startswith("Art. ")
    assert [p["id"] for p in report.packs] == ["vn-national", "vn-ninh-binh-2021"]
    assert report.to_dict()["findings"][0]["rule_id"] == finding.rule_id
    assert json.loads(finding.to_json()) == finding.to_dict()
    assert "Report" in repr(report) and "Finding" in repr(finding)


def test_clean_post_is_allowed(engine: ungxu.Engine) -> None:
    report = engine.check("Chúc mọi người một ngày tốt lành", as_of=AS_OF)
    assert report.verdict == "allow"
    assert report.severity is None
    assert report.findings == []


def test_spans_are_python_string_indices(engine: ungxu.Engine) -> None:
    text = "ừ 😡 😡 đồ óc chó"
    report = engine.check(text, as_of=AS_OF)
    assert report.findings
    for finding in report.findings:
        for span in finding.spans:
            assert text[span.start : span.end] == finding.evidence
            assert text.encode()[span.byte_start : span.byte_end].decode() == finding.evidence
            assert span.utf16_start == len(text[: span.start].encode("utf-16-le")) // 2
            assert span.to_dict()["char_start"] == span.start


def test_default_as_of_is_today_in_utc(engine: ungxu.Engine) -> None:
    # UTC, as the CLI and the JavaScript binding: one machine, one answer in every language.
    before = datetime.datetime.now(datetime.timezone.utc).date()
    as_of = engine.check("chào").as_of
    after = datetime.datetime.now(datetime.timezone.utc).date()
    assert as_of in (before, after)


def test_author_role_wins_over_role(engine: ungxu.Engine) -> None:
    # The same precedence as the JavaScript binding's options.
    r = engine.check("chào", role="individual", author={"role": "civil_servant"})
    assert r.role == "civil_servant"


def test_check_many_equals_a_loop_of_check(
    engine: ungxu.Engine, example_posts: List[Dict[str, Any]]
) -> None:
    texts = [p["text"] for p in example_posts] * 20  # enough posts for several threads
    one_by_one = [engine.check(t, as_of=AS_OF, role="civil_servant") for t in texts]
    assert engine.check_many(texts, as_of=AS_OF, role="civil_servant") == one_by_one
    assert engine.check_many(texts, as_of=AS_OF, role="civil_servant", threads=1) == one_by_one
    assert engine.check_many(iter(texts), as_of=AS_OF, role="civil_servant", threads=3) == one_by_one


def test_check_many_takes_post_dicts(engine: ungxu.Engine, example_posts: List[Dict[str, Any]]) -> None:
    reports = engine.check_many(example_posts, as_of=AS_OF, checker_role="sns_provider")
    assert [r.id for r in reports] == [p["id"] for p in example_posts]
    for post, report in zip(example_posts, reports):
        alone = engine.check(
            post["text"],
            as_of=AS_OF,
            id=post["id"],
            author=post.get("author"),
            links=post.get("links"),
            audience=post.get("audience"),
            checker_role="sns_provider",
        )
        assert report == alone
        assert report.role == post["author"]["role"]
    assert any(r.duties for r in reports)
    assert engine.check_many([], as_of=AS_OF) == []


def test_role_defaults_the_author_of_dict_posts(engine: ungxu.Engine) -> None:
    [report] = engine.check_many([{"text": "chào"}], role="press_agency", as_of=AS_OF)
    assert report.role == "press_agency"


def test_rules_roles_and_one_rule(engine: ungxu.Engine) -> None:
    every = engine.rules()
    for_dic = engine.rules(role="dic", as_of=datetime.date(2025, 1, 1))
    assert 0 < len(for_dic) < len(every)
    assert engine.rule("qd874.4.5")["id"] == "qd874.4.5"
    assert "individual" in [r["id"] for r in engine.roles()]


def test_ledger_streams_to_the_batch_answer(
    engine: ungxu.Engine, example_events: List[Dict[str, Any]]
) -> None:
    as_of = datetime.datetime(2025, 3, 15, 12, tzinfo=VN)
    batch = engine.check_events(example_events, as_of)
    ledger = ungxu.Ledger(engine)
    assert all(ledger.apply(e) for e in reversed(example_events))
    assert not ledger.apply(example_events[0])  # an identical repeat is ignored
    assert len(ledger) == len(example_events)
    streamed = ledger.report(as_of)
    assert streamed == batch
    assert streamed.as_of == as_of
    assert streamed.summary["events"] == len(example_events)
    statuses = {d["status"] for d in streamed.duties}
    assert statuses <= {"pending", "met", "late", "overdue"}
    assert json.loads(streamed.to_json()) == streamed.to_dict()


def test_overlay_changes_a_rule() -> None:
    overlay = """
[pack]
id = "my-platform"
version = "2026.1"
title = "Our platform's additions"
extends = "vn-ninh-binh-2021"

[[overrides]]
target = "qd874.4.6.insult"
action = "remove"
reason = "our terms of service remove insults outright"
"""
    strict = ungxu.Engine(overlays=[("my-overlay.toml", overlay)])
    assert strict.rule("qd874.4.6.insult")["action"] == "remove"
    assert ungxu.Engine().rule("qd874.4.6.insult")["action"] == "restrict"
    assert [p["id"] for p in strict.check("chào", as_of=AS_OF).packs][-1] == "my-platform"
    base = ungxu.Engine.from_packs(
        [("national.toml", (ungxu_repo() / "spec/packs/national.toml").read_text(encoding="utf-8"))]
    )
    assert [p["id"] for p in base.check("chào", as_of=AS_OF).packs] == ["vn-national"]


def ungxu_repo() -> Any:
    from conftest import REPO

    return REPO
