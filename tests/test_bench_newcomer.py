"""`python -m bench.newcomer --starter` runs end to end on a small team: a newcomer importing every event, one
taking a teammate's starter, and the check of that starter, which must find it matches."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.long
def test_the_starter_comparison_runs_and_the_starter_checks_out(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.newcomer", "--events", "2000", "--starter", "--keep", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    every = next(line for line in lines if line.startswith("every event"))
    started = next(line for line in lines if line.startswith("starter"))
    assert every.split()[2] == started.split()[1]  # both hold the same number of events
    assert "matches the team's segments" in started
    assert "Traceback" not in result.stderr
