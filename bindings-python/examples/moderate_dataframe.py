"""Moderate a pandas DataFrame of comments: one post at a time with `map`, or batched."""

import datetime

import pandas as pd

import ungxu

engine = ungxu.Engine()
as_of = datetime.date(2025, 6, 1)
df = pd.DataFrame(
    {"text": ["Chúc mọi người một ngày tốt lành", "đồ óc chó", "vcl cái app này lag vãi"]}
)

# One post at a time: simple, fine for a few thousand rows.
df["verdict"] = df["text"].map(lambda text: engine.check(text, as_of=as_of).verdict)

# Batched: one call, the GIL released, all cores used.
reports = engine.check_many(df["text"].tolist(), as_of=as_of)
df["verdict"] = [r.verdict for r in reports]
df["rules"] = [", ".join(f.rule_id for f in r.findings) for r in reports]
print(df[df["verdict"] != "allow"])
