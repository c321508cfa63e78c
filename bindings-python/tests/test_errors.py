"""Errors are `ungxu.UngxuError` subclasses (so `ValueError`s) naming the field at fault."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import ungxu

AS_OF = datetime.date(2025, 6, 1)
VN = datetime.timezone(datetime.timedelta(hours=7))
EVENT = {
    "id": "e1",
    "time": "2025-03-01T09:00:00+07:00",
    "kind": "account_compromised",
    "actor": {"id": "ubnd", "role": "state_agency"},
    "account": "page",
}


def test_unknown_role_is_an_input_error_naming_the_field(engine: ungxu.Engine) -> None:
    with pytest.raises(ungxu.InputError) as caught:
        engine.check("chào", role="citizen", as_of=AS_OF)
    assert caught.value.code == "input"
    assert caught.value.field == "post.author.role"
    assert "unknown role `citizen`" in caught.value.message
    assert str(caught.value).startswith("post.author.role: ")
    assert isinstance(caught.value, ValueError)


def test_author_field_of_the_wrong_type_names_its_path(engine: ungxu.Engine) -> None:
    with pytest.raises(ungxu.InputError) as caught:
        engine.check("chào", as_of=AS_OF, author={"role": "individual", "age": "ten"})  # type: ignore[arg-type]
    assert caught.value.field == "post.author.age"


def test_check_many_names_the_post_at_fault(engine: ungxu.Engine) -> None:
    posts: list[str | ungxu.types.PostDict] = ["chào", {"text": "x", "author": {"role": "alien"}}]
    with pytest.raises(ungxu.InputError) as caught:
        engine.check_many(posts, as_of=AS_OF)
    assert caught.value.field == "posts[1].author.role"
    with pytest.raises(ungxu.InputError) as caught:
        engine.check_many(["a", {"text": "b", "colour": "red"}], as_of=AS_OF)
    assert caught.value.field == "posts[1].colour"
    assert "unknown field `colour`" in caught.value.message


def test_overlay_error_names_the_file_and_line(tmp_path: Path) -> None:
    overlay = tmp_path / "mine.toml"
    overlay.write_text('[pack]\nid = "mine"\nversion = 1\n', encoding="utf-8")
    with pytest.raises(ungxu.PackError) as caught:
        ungxu.Engine(overlays=[overlay])
    assert caught.value.code == "pack"
    assert caught.value.field.startswith(f"{overlay}:3"), caught.value.field
    with pytest.raises(ungxu.PackError) as caught:
        ungxu.Engine(overlays=['[pack]\nid = "mine"\nversion = 1\n'])
    assert caught.value.field.startswith("overlay-1.toml:3"), caught.value.field


def test_missing_pack_file_is_an_os_error() -> None:
    with pytest.raises(FileNotFoundError):
        ungxu.Engine(overlays=["/nonexistent/overlay.toml"])


def test_naive_datetimes_are_rejected(engine: ungxu.Engine) -> None:
    with pytest.raises(ungxu.InputError) as caught:
        engine.check_events([EVENT], datetime.datetime(2025, 3, 3))
    assert caught.value.field == "as_of"
    assert "naive" in caught.value.message
    with pytest.raises(ungxu.InputError) as caught:
        engine.ledger().report(datetime.datetime(2025, 3, 3))
    assert caught.value.field == "as_of"
    naive_event = dict(EVENT, time=datetime.datetime(2025, 3, 1, 9))
    with pytest.raises(ungxu.InputError) as caught:
        engine.check_events([naive_event], datetime.datetime(2025, 3, 3, tzinfo=VN))
    assert caught.value.field == "events[0].time"
    assert "no UTC offset" in caught.value.message


def test_post_dates_are_dates_not_datetimes(engine: ungxu.Engine) -> None:
    with pytest.raises(ungxu.InputError) as caught:
        engine.check("chào", as_of=datetime.datetime(2025, 1, 1, tzinfo=VN))
    assert caught.value.field == "as_of"
    with pytest.raises(ungxu.InputError):
        engine.check("chào", as_of="2025-01-01")  # type: ignore[arg-type]


def test_event_errors_name_the_event(engine: ungxu.Engine) -> None:
    bad = dict(EVENT, id="e2", actor={"id": "x", "role": "citizen"})
    at = datetime.datetime(2025, 3, 3, tzinfo=VN)
    with pytest.raises(ungxu.InputError) as caught:
        engine.check_events([EVENT, bad], at)
    assert caught.value.field == "events[1].actor.role"
    ledger = engine.ledger()
    with pytest.raises(ungxu.InputError) as caught:
        ledger.apply(bad)
    assert caught.value.field == "actor.role"
    assert len(ledger) == 0
    with pytest.raises(ungxu.InputError) as caught:
        engine.check_events([dict(EVENT, account={1, 2})], at)
    assert caught.value.field == "events[0].account"


def test_unknown_rule_is_not_found(engine: ungxu.Engine) -> None:
    with pytest.raises(ungxu.NotFoundError) as caught:
        engine.rule("nope")
    assert caught.value.code == "not_found"
    with pytest.raises(ungxu.InputError) as bad_role:
        engine.rules(role="alien")
    assert bad_role.value.field == "role"


def test_wrong_argument_types_raise_type_errors(engine: ungxu.Engine) -> None:
    with pytest.raises(TypeError):
        engine.check(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        engine.check_many("one text, not a list")
    with pytest.raises(TypeError):
        ungxu.Engine(overlays="overlay.toml")


def test_self_referencing_event_is_refused_not_a_crash(engine: ungxu.Engine) -> None:
    event: dict[str, object] = dict(EVENT)
    event["actor"] = event
    with pytest.raises(ungxu.InputError) as caught:
        engine.check_events([event], datetime.datetime(2025, 3, 3, tzinfo=VN))
    assert "nested more than" in caught.value.message
