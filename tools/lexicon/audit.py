#!/usr/bin/env python3
"""Collision audit for the ungxu lexicons.

Folds every lexicon term and every word of a Vietnamese word list, and reports the terms whose
folded form is also an innocent word (or, with --corpus, an innocent n-gram seen in real text),
so that a reviewer can decide between `folded = false` and `[[safe]]` phrases.

Two folds, as in the engine:
  tone-only fold: NFD, drop the five tone marks (U+0300 grave, U+0301 acute, U+0303 tilde,
                  U+0309 hook above, U+0323 dot below), keep the letter-shape marks
                  (U+0302 circumflex, U+0306 breve, U+031B horn), NFC;
  full fold:      the tone-only fold, then drop the letter-shape marks too and map đ -> d.

Usage:
  audit.py [--lexicons DIR] --words WORDLIST [--corpus FILE ...] [--all] [--slice OUT]

WORDLIST: one word or phrase per line, lines starting with '#' ignored (for instance
spec/lexicons/wordlist-slice.vi.txt, or the full syllable list of the MIT-licensed npm package
@cspell/dict-vi-vn dumped to text). --corpus: plain text or a ViHOS CSV (its `content` column);
n-grams whose full fold equals a term's fold but whose spelling differs are counted.
--slice OUT writes the word-list entries that collide with some term syllable (for a fixture).
"""
import argparse
import collections
import csv
import glob
import os
import re
import sys
import tomllib
import unicodedata

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
SHAPES = {"\u0302", "\u0306", "\u031b"}


def tone_fold(s):
    d = unicodedata.normalize("NFD", s.lower())
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))


def full_fold(s):
    d = unicodedata.normalize("NFD", s.lower())
    d = "".join(c for c in d if c not in TONES and c not in SHAPES)
    return unicodedata.normalize("NFC", d).replace("đ", "d")


SLICE_HEADER = """\
# Slice of a Vietnamese syllable list, for the lexicon collision tests: every syllable whose
# tone-less form (full fold) equals that of a syllable of a lexicon term of one or two syllables.
# Written by tools/lexicon/audit.py --slice; one lower-case NFC syllable a line.
#
# Source: the npm package @cspell/dict-vi-vn 3.0.6 (file vi.trie.gz, dumped to text with
# cspell-trie-lib), https://github.com/streetsidesoftware/cspell-dicts/tree/main/dictionaries/vi_VN
# Licence: MIT, reproduced here as it requires:
#
# The MIT License (MIT)
#
# Copyright (c) 2017-2025 Street Side Software <support@streetsidesoftware.nl>
#
# Permission is hereby granted, free of charge, to any person obtaining a copy
# of this software and associated documentation files (the "Software"), to deal
# in the Software without restriction, including without limitation the rights
# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
# copies of the Software, and to permit persons to whom the Software is
# furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in
# all copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
# FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
# LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
# THE SOFTWARE.
"""

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


def load_lexicons(d):
    terms, safes = [], []
    for path in sorted(glob.glob(os.path.join(d, "*.toml"))):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        name = os.path.basename(path)
        for t in data.get("terms", []):
            terms.append((name, t))
        for s in data.get("safe", []):
            safes.append((name, s))
    return terms, safes


def load_words(path):
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(unicodedata.normalize("NFC", line.lower()))
    return words


def corpus_texts(path):
    if path.endswith(".csv"):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                yield row.get("content", "")
    else:
        with open(path, encoding="utf-8") as f:
            yield from f


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--lexicons", default=os.path.join(here, "..", "..", "spec", "lexicons"))
    ap.add_argument("--words", required=True)
    ap.add_argument("--corpus", nargs="*", default=[])
    ap.add_argument("--all", action="store_true", help="also audit terms with folded = false")
    ap.add_argument("--slice", help="write the colliding word-list entries to this file")
    ap.add_argument("--slice-upto", type=int, default=2,
                    help="slice only the syllables of terms of at most this many syllables")
    args = ap.parse_args()

    terms, safes = load_lexicons(args.lexicons)
    words = load_words(args.words)
    by_full = collections.defaultdict(set)
    by_tone = collections.defaultdict(set)
    for w in words:
        by_full[full_fold(w)].add(w)
        by_tone[tone_fold(w)].add(w)

    safe_by_fold = collections.defaultdict(list)
    for _, s in safes:
        safe_by_fold[full_fold(s["term"])].append(s["term"])

    # corpus n-gram index: folded n-gram -> Counter of original spellings
    maxn = max((len(t["term"].split()) for _, t in terms), default=1)
    wanted = {full_fold(t["term"]) for _, t in terms}
    seen = collections.defaultdict(collections.Counter)
    for cp in args.corpus:
        for text in corpus_texts(cp):
            toks = [unicodedata.normalize("NFC", m.group(0).lower()) for m in WORD_RE.finditer(text)]
            folded = [full_fold(t) for t in toks]
            for n in range(1, maxn + 1):
                for i in range(len(toks) - n + 1):
                    key = " ".join(folded[i:i + n])
                    if key in wanted:
                        seen[key][" ".join(toks[i:i + n])] += 1

    slice_words = set()
    print("# term\tfile\tfolded\tfull fold\tsame full fold in word list\tsame tone-only fold\tcorpus (other spellings)\tsafe phrases")
    for name, t in terms:
        term = unicodedata.normalize("NFC", t["term"])
        sylls = term.split()
        if len(sylls) <= args.slice_upto:
            for s in sylls:
                slice_words |= by_full.get(full_fold(s), set())
        if not t.get("folded", True) and not args.all:
            continue
        ff = full_fold(term)
        same_full = sorted(by_full.get(ff, set()) - {term})
        same_tone = sorted(by_tone.get(tone_fold(term), set()) - {term})
        if len(sylls) > 1:
            # a phrase of the word list with the same fold is a collision; otherwise say how
            # many other readings each syllable has (for judging rarer phrase collisions)
            alts = [sorted(by_full.get(full_fold(s), set()) - {s}) for s in sylls]
            same_full = same_full + ["(" + "+".join(str(len(a)) for a in alts) + " other readings per syllable)"]
        other = {k: v for k, v in seen.get(ff, {}).items() if k != term}
        corpus = ", ".join(f"{k}×{v}" for k, v in sorted(other.items(), key=lambda kv: -kv[1])[:8])
        if len(sylls) == 1 or other or len(same_full) > 1:
            print("\t".join([term, name, str(t.get("folded", True)).lower(), ff,
                             ", ".join(same_full[:12]), ", ".join(same_tone[:8]), corpus,
                             ", ".join(safe_by_fold.get(ff, []))]))

    print("\n# safe phrases that contain no folded term (useless) ")
    term_folds = {full_fold(t["term"]) for _, t in terms if t.get("folded", True)}
    for name, s in safes:
        sf = " " + full_fold(s["term"]) + " "
        if not any(" " + tf + " " in sf for tf in term_folds):
            print(f"{s['term']}\t{name}")

    if args.slice:
        with open(args.slice, "w", encoding="utf-8") as f:
            f.write(SLICE_HEADER)
            for w in sorted(slice_words):
                f.write(w + "\n")
        print(f"\n# wrote {len(slice_words)} words to {args.slice}", file=sys.stderr)


if __name__ == "__main__":
    main()
