"""ungxu: Vietnam's Code of Conduct on Social Networks as data.

Check posts and account events against Decision 874/QĐ-BTTTT and the laws that give it numbers::

    import ungxu
    engine = ungxu.Engine()                  # build once, share between threads
    report = engine.check("đồ ngu")
    print(report.verdict, [f.rule_id for f in report.findings])

Everything here is a thin skin over the Rust core: answers equal its JSON API's.
"""

from ._ungxu import (
    Citation,
    Duty,
    Engine,
    Finding,
    InputError,
    Ledger,
    LedgerReport,
    NotFoundError,
    PackError,
    Report,
    Span,
    UngxuError,
    __version__,
)

__all__ = [
    "Citation",
    "Duty",
    "Engine",
    "Finding",
    "InputError",
    "Ledger",
    "LedgerReport",
    "NotFoundError",
    "PackError",
    "Report",
    "Span",
    "UngxuError",
    "__version__",
]
