"""The benchmark command still runs end to end, and skips Taskwarrior cleanly where it is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.long
def test_smoke_run_without_taskwarrior_prints_the_tables(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # no /usr/bin: `task` is not found
    output = tmp_path / "BENCH.md"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--sizes", "20", "--output", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Taskwarrior is not installed: skipped the comparison" in result.stderr
    assert "apt-get install taskwarrior" in result.stderr
    assert "| `baton list` |" in result.stdout and "| `baton send ID` |" in result.stdout
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks") and "### Growth with the number of handoffs" in text
    assert "Traceback" not in result.stderr


def test_bad_sizes_get_one_clear_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--sizes", "ten"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--sizes takes whole numbers" in result.stderr and "Traceback" not in result.stderr
