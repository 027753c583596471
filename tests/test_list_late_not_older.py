"""`baton list` never says a handoff is later than it is old: lateness rounds down, as its age does.

The demo's escalation read "2d  answer 3d late" (age rounded down, lateness to the nearest day).
"""

from __future__ import annotations

import re

from click.testing import CliRunner

from baton.tui.cli import cli


def minutes(text: str) -> int:
    parts = dict((unit, int(n)) for n, unit in re.findall(r"(\d+)([dhm])", text))
    return parts.get("d", 0) * 24 * 60 + parts.get("h", 0) * 60 + parts.get("m", 0)


def test_no_row_is_later_than_it_is_old(tmp_path):
    home = tmp_path / "demo"
    env = {"BATON_HOME": str(home), "COLUMNS": "200"}
    assert CliRunner().invoke(cli, ["demo", "--home", str(home)], env=env).exit_code == 0
    listed = CliRunner().invoke(cli, ["list", "--all"], env=env)
    assert listed.exit_code == 0, listed.output
    late = [line for line in listed.stdout.splitlines() if line.endswith(" late")]
    assert late  # the demo's escalation waits past its window
    for line in late:
        found = re.search(r"\s(\d+[mhd])\s+answer ((?:\d+[dhm] ?)+) late$", line)
        assert found, line
        age, lateness = found.groups()
        assert minutes(lateness) <= minutes(age), line
