"""Shapes of the plain dicts that ungxu takes and returns, for type checkers and editors.

Everything here is a `TypedDict` or a `Literal`: at run time these are ordinary dicts and
strings. Field meanings are those of the JSON schemas in ``spec/schema/``.
"""

from __future__ import annotations

import os
import sys
from typing import Dict, List, Literal, Tuple, Union

if sys.version_info >= (3, 11):
    from typing import NotRequired, Required, TypedDict
else:  # pragma: no cover - older Pythons
    from typing_extensions import NotRequired, Required, TypedDict  # type: ignore[assignment]

#: A recommended moderation action, weakest first.
Action = Literal["allow", "notice", "review", "restrict", "remove"]
#: How serious a finding is, lowest first.
Severity = Literal["info", "low", "medium", "high", "critical"]
#: How sure the project is of a citation.
Confidence = Literal["confirmed", "reported"]
#: Where an obligation stands.
DutyState = Literal["pending", "met", "late", "overdue"]
#: Who a post is aimed at.
Audience = Literal["general", "children"]

#: A pack or overlay for `Engine`: a path, the text itself (a ``str`` with a newline or
#: starting with ``{``), or a ``(name, text)`` pair.
PackInput = Union[str, "os.PathLike[str]", Tuple[str, str]]

#: A JSON value as Python objects.
JsonValue = Union[None, bool, int, float, str, List["JsonValue"], Dict[str, "JsonValue"]]


class AuthorDict(TypedDict, total=False):
    """The author of a post; every key is optional (`role` defaults to ``individual``)."""

    role: str
    display_name: str
    authenticated: bool
    age: int
    verified: bool
    official: bool


class PostDict(TypedDict, total=False):
    """A post for `Engine.check_many`, shaped like the JSON API's post."""

    text: Required[str]
    id: str
    author: AuthorDict
    links: List[str]
    audience: Audience


class PartyDict(TypedDict):
    """A party of an event: its id and role."""

    id: str
    role: str


class EventDict(TypedDict, total=False):
    """An account event (``spec/schema/events.schema.json``); `time` is RFC 3339 with an
    offset (or a timezone-aware `datetime`). Kinds take further fields (``account``,
    ``post``, ``to``, …); unknown fields are rejected by the core."""

    id: Required[str]
    time: Required[object]
    kind: Required[str]
    actor: Required[PartyDict]
    to: PartyDict
    account: str
    post: str


class LedgerSummaryDict(TypedDict):
    """Counts of a ledger report."""

    events: int
    pending: int
    met: int
    late: int
    overdue: int
    breaches: int


class EventRefDict(TypedDict):
    """An event as a ledger report refers to it."""

    id: str
    kind: str
    time: str


class DutyStatusDict(TypedDict):
    """One duty an event started, and where it stands."""

    status: DutyState
    obligation: str
    title_en: str
    bound: PartyDict
    trigger: EventRefDict
    source: str
    subject: NotRequired[Dict[str, str]]
    deadline_hours: NotRequired[int]
    basis: NotRequired[Literal["statutory", "policy_default"]]
    due: NotRequired[str]
    fulfilled_by: NotRequired[EventRefDict]
    late_by_seconds: NotRequired[int]
    overdue_by_seconds: NotRequired[int]
    lock: NotRequired[str]
    grounds: NotRequired[List[str]]
    rule: NotRequired[str]


class BreachDict(TypedDict):
    """A rule an event log shows broken."""

    check: str
    rule: str
    event: EventRefDict
    actor: PartyDict
    source: str
    message_en: str
    related_rules: NotRequired[List[str]]
    bound: NotRequired[PartyDict]
    subject: NotRequired[Dict[str, str]]
    parameter: NotRequired[str]
    parameter_value: NotRequired[int]


class PackRefDict(TypedDict):
    """A pack a report was computed with."""

    id: str
    version: str
