"""One Engine used from many Python threads at once gives the answers it gives alone."""

from __future__ import annotations

import datetime
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

import ungxu

AS_OF = datetime.date(2025, 6, 1)


def test_one_engine_from_many_threads(
    engine: ungxu.Engine, example_posts: List[Dict[str, Any]]
) -> None:
    texts = [p["text"] for p in example_posts]
    expected = [engine.check(t, as_of=AS_OF).to_json() for t in texts]

    def check_all(round_: int) -> List[str]:
        order = texts[round_ % len(texts) :] + texts[: round_ % len(texts)]
        got = {t: engine.check(t, as_of=AS_OF).to_json() for t in order}
        return [got[t] for t in texts]

    def check_batch(_: int) -> List[str]:
        return [r.to_json() for r in engine.check_many(texts * 10, as_of=AS_OF)][: len(texts)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        singles = list(pool.map(check_all, range(32)))
        batches = list(pool.map(check_batch, range(8)))
    assert all(answers == expected for answers in singles)
    assert all(answers == expected for answers in batches)


def test_engines_built_in_threads_agree(example_posts: List[Dict[str, Any]]) -> None:
    overlay = ("mine.toml", '[pack]\nid = "mine"\nversion = "1"\ntitle = "t"\nextends = "vn-ninh-binh-2021"\n')
    text = example_posts[1]["text"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        engines = list(pool.map(lambda _: ungxu.Engine(overlays=[overlay]), range(4)))
    answers = {e.check(text, as_of=AS_OF).to_json() for e in engines}
    assert len(answers) == 1
