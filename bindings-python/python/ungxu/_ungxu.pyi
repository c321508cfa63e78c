# Type stubs of the native module (src/*.rs). tests/test_stubs.py checks them against the
# module with mypy.stubtest, so they stay current.
import datetime
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union, final

from .types import (
    Action,
    Audience,
    AuthorDict,
    BreachDict,
    Confidence,
    DutyStatusDict,
    LedgerSummaryDict,
    PackInput,
    PackRefDict,
    PostDict,
    Severity,
)

__version__: str
#: ``debug`` or ``release``: how the native module was compiled.
BUILD_PROFILE: str
__all__ = [
    "__version__",
    "BUILD_PROFILE",
    "UngxuError",
    "PackError",
    "InputError",
    "NotFoundError",
    "Engine",
    "Report",
    "Finding",
    "Span",
    "Citation",
    "Duty",
    "Ledger",
    "LedgerReport",
]

class UngxuError(ValueError):
    """Base of every ungxu error."""

    code: str
    field: str
    message: str

class PackError(UngxuError):
    """A pack, overlay or lexicon is invalid; ``field`` is ``file:line:column: key.path``."""

class InputError(UngxuError):
    """A request is invalid; ``field`` names the path at fault."""

class NotFoundError(UngxuError):
    """No rule has the id asked for."""

@final
class Engine:
    """Rule packs, lexicons and detectors, compiled once; safe to share between threads."""

    def __new__(
        cls,
        *,
        overlays: Optional[Iterable[PackInput]] = None,
        input_limits: Optional[Mapping[str, int]] = None,
        pack_limits: Optional[Mapping[str, int]] = None,
        span_model: bool = False,
    ) -> "Engine": ...
    @staticmethod
    def from_packs(
        packs: Iterable[PackInput],
        overlays: Optional[Iterable[PackInput]] = None,
        *,
        input_limits: Optional[Mapping[str, int]] = None,
        pack_limits: Optional[Mapping[str, int]] = None,
        span_model: bool = False,
    ) -> "Engine": ...
    def check(
        self,
        text: str,
        *,
        role: str = "individual",
        as_of: Optional[datetime.date] = None,
        author: Optional[AuthorDict] = None,
        links: Optional[Sequence[str]] = None,
        raw_evidence: bool = False,
        id: Optional[str] = None,
        audience: Optional[Audience] = None,
        checker_role: Optional[str] = None,
        lexicon_only: bool = False,
    ) -> "Report": ...
    def check_many(
        self,
        posts: Iterable[Union[str, PostDict, Mapping[str, Any]]],
        *,
        role: str = "individual",
        as_of: Optional[datetime.date] = None,
        raw_evidence: bool = False,
        checker_role: Optional[str] = None,
        threads: Optional[int] = None,
        lexicon_only: bool = False,
    ) -> List["Report"]: ...
    def check_events(
        self, events: Iterable[Mapping[str, Any]], as_of: datetime.datetime
    ) -> "LedgerReport": ...
    def ledger(self) -> "Ledger": ...
    def rules(
        self, role: Optional[str] = None, as_of: Optional[datetime.date] = None
    ) -> List[Dict[str, Any]]: ...
    def rule(self, id: str) -> Dict[str, Any]: ...
    def roles(self) -> List[Dict[str, Any]]: ...

@final
class Report:
    """The result of checking one post."""

    @property
    def id(self) -> Optional[str]: ...
    @property
    def packs(self) -> List[PackRefDict]: ...
    @property
    def as_of(self) -> datetime.date: ...
    @property
    def role(self) -> str: ...
    @property
    def verdict(self) -> Action: ...
    @property
    def severity(self) -> Optional[Severity]: ...
    @property
    def findings(self) -> List["Finding"]: ...
    @property
    def duties(self) -> List["Duty"]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class Finding:
    """One rule a post may break, with its evidence."""

    @property
    def rule_id(self) -> str: ...
    @property
    def related_rules(self) -> List[str]: ...
    @property
    def category(self) -> str: ...
    @property
    def subcategory(self) -> Optional[str]: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def confidence(self) -> float: ...
    @property
    def action(self) -> Action: ...
    @property
    def detector(self) -> str: ...
    @property
    def term(self) -> Optional[str]: ...
    @property
    def spans(self) -> List["Span"]: ...
    @property
    def normalization(self) -> List[str]: ...
    @property
    def features(self) -> List[str]: ...
    @property
    def evidence(self) -> str: ...
    @property
    def evidence_masked(self) -> bool: ...
    @property
    def citation(self) -> "Citation": ...
    @property
    def message_vi(self) -> str: ...
    @property
    def message_en(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class Span:
    """A range of the original text; ``text[span.start:span.end]`` is the evidence."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def byte_start(self) -> int: ...
    @property
    def byte_end(self) -> int: ...
    @property
    def char_start(self) -> int: ...
    @property
    def char_end(self) -> int: ...
    @property
    def utf16_start(self) -> int: ...
    @property
    def utf16_end(self) -> int: ...
    def to_dict(self) -> Dict[str, int]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self, /) -> int: ...

@final
class Citation:
    """Where a rule comes from."""

    @property
    def instrument(self) -> str: ...
    @property
    def article(self) -> str: ...
    @property
    def clause(self) -> Optional[str]: ...
    @property
    def point(self) -> Optional[str]: ...
    @property
    def excerpt_vi(self) -> str: ...
    @property
    def summary_en(self) -> str: ...
    @property
    def confidence(self) -> Confidence: ...
    @property
    def note(self) -> Optional[str]: ...
    @property
    def reference(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Duty:
    """A duty of the checker's own role that the findings trigger."""

    @property
    def rule_id(self) -> str: ...
    @property
    def title_en(self) -> str: ...
    @property
    def source(self) -> str: ...
    def to_dict(self) -> Dict[str, str]: ...

@final
class Ledger:
    """The obligation ledger for a stream of account events."""

    def __new__(cls, engine: Engine) -> "Ledger": ...
    def apply(self, event: Mapping[str, Any]) -> bool: ...
    def report(self, as_of: datetime.datetime) -> "LedgerReport": ...
    def __len__(self) -> int: ...

@final
class LedgerReport:
    """Every duty an event log started and every breach it shows, at a point in time."""

    @property
    def as_of(self) -> datetime.datetime: ...
    @property
    def packs(self) -> List[PackRefDict]: ...
    @property
    def summary(self) -> LedgerSummaryDict: ...
    @property
    def duties(self) -> List[DutyStatusDict]: ...
    @property
    def breaches(self) -> List[BreachDict]: ...
    @property
    def sources(self) -> Dict[str, Dict[str, Any]]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...
