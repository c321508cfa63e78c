"""The Python snippets of the README's "Python" section run and do what they say."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

from conftest import REPO

HERE = Path(__file__).resolve().parents[1]


def readme_snippets() -> List[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def run(code: str) -> Dict[str, Any]:
    namespace: Dict[str, Any] = {"__name__": "readme"}
    exec(compile(code, "README.md", "exec"), namespace)
    return namespace


def test_readme_has_the_example_and_the_pandas_snippet() -> None:
    snippets = readme_snippets()
    assert len(snippets) == 2
    assert len(snippets[0].strip().splitlines()) == 5


def test_five_line_example(capsys: pytest.CaptureFixture[str]) -> None:
    namespace = run(readme_snippets()[0])
    assert namespace["report"].verdict == "restrict"
    assert "qd874.4.6.insult Art. 4.6" in capsys.readouterr().out


def test_pandas_snippet(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    namespace = run(readme_snippets()[1])
    df = namespace["df"]
    assert list(df["verdict"]) == [r.verdict for r in namespace["reports"]]
    assert df["verdict"][0] == "allow" and df["verdict"][1] != "allow"
    assert df["rules"][0] == "" and "qd874" in df["rules"][1]
    assert "đồ óc chó" in capsys.readouterr().out


@pytest.mark.parametrize("example", sorted(p.name for p in (HERE / "examples").glob("*.py")))
def test_example_runs(example: str) -> None:
    if example == "moderate_dataframe.py":
        pytest.importorskip("pandas")
    done = subprocess.run(
        [sys.executable, str(HERE / "examples" / example)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the example printed nothing"

