"""Shared fixtures: the repository's paths and one default engine for the whole session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import ungxu

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "cases"


def read_jsonl(path: Path) -> List[Dict[str, Any]]:
    """Each non-blank line of a JSON-lines file, parsed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def engine() -> ungxu.Engine:
    return ungxu.Engine()


@pytest.fixture(scope="session")
def example_posts() -> List[Dict[str, Any]]:
    return read_jsonl(REPO / "examples" / "posts.jsonl")


@pytest.fixture(scope="session")
def example_events() -> List[Dict[str, Any]]:
    return read_jsonl(REPO / "examples" / "events.jsonl")
