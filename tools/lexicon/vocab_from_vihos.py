#!/usr/bin/env python3
"""Print the most frequent annotated span syllables / n-grams from a ViHOS CSV.

Usage: vocab_from_vihos.py PATH [--top N] [--ngram N]

Use it on the TRAINING split only, to learn which vocabulary is common in real comments.
Lexicon terms must be general Vietnamese terms, never sentences copied from the data.
"""
import argparse
import ast
import csv
import collections
import unicodedata


def spans_text(content, idx):
    """Group consecutive character positions into spans, return their texts."""
    idx = sorted(set(i for i in idx if 0 <= i < len(content)))
    out, cur = [], []
    for i in idx:
        if cur and i != cur[-1] + 1:
            out.append(cur)
            cur = []
        cur.append(i)
    if cur:
        out.append(cur)
    return [content[c[0]:c[-1] + 1] for c in out]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--top", type=int, default=300)
    ap.add_argument("--ngram", type=int, default=1)
    args = ap.parse_args()
    counts = collections.Counter()
    with open(args.path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            content = row["content"]
            idx = ast.literal_eval(row["index_spans"] or "[]")
            for span in spans_text(content, idx):
                syl = unicodedata.normalize("NFC", span).lower().split()
                syl = [s.strip(".,!?:;\"'()[]…") for s in syl]
                syl = [s for s in syl if s]
                for i in range(len(syl) - args.ngram + 1):
                    counts[" ".join(syl[i:i + args.ngram])] += 1
    for w, c in counts.most_common(args.top):
        print(f"{c}\t{w}")


if __name__ == "__main__":
    main()
