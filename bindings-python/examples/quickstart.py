"""Check one post and print each finding with the law it may break."""

import datetime

import ungxu

engine = ungxu.Engine()  # build once per process; share it between threads
text = "Thằng chủ tịch xã ngu như bò"
report = engine.check(text, as_of=datetime.date(2025, 6, 1))
print(report.verdict)
for finding in report.findings:
    span = finding.spans[0]
    print(f"{finding.rule_id} ({finding.citation.reference}): {text[span.start:span.end]!r}")
    print(f"  {finding.message_en}")
