"""The stubs match the native module, and the tests and examples type-check with them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=HERE, capture_output=True, text=True, timeout=600
    )


def test_stubs_match_the_native_module() -> None:
    pytest.importorskip("mypy")
    done = run("mypy.stubtest", "ungxu._ungxu")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_on_tests_examples_and_bench() -> None:
    pytest.importorskip("mypy")
    done = run("mypy", "--strict", "tests", "examples", "bench", "python/ungxu")
    assert done.returncode == 0, done.stdout + done.stderr
