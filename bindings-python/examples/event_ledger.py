"""Feed account events one at a time into a ledger and list the duties that are overdue."""

import datetime
import json
import sys
from pathlib import Path

import ungxu

VN = datetime.timezone(datetime.timedelta(hours=7))

log = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[2] / "examples/events.jsonl")
ledger = ungxu.Engine().ledger()
for line in log.read_text(encoding="utf-8").splitlines():
    if line.strip():
        ledger.apply(json.loads(line))

report = ledger.report(datetime.datetime(2025, 3, 15, 12, 0, tzinfo=VN))
print(report.summary)
for duty in report.duties:
    if duty["status"] == "overdue":
        print(f"{duty['bound']['id']} must {duty['title_en']!r} ({duty['source']})")
