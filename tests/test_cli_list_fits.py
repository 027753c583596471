"""`baton list` in a terminal fits its width, as a row that wraps reads as two; in a pipe every column stays whole.

Run for real in a pseudo-terminal of a given size (the width a user's terminal reports), and through a pipe.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from cli_support import baton
from conftest import BATON
from terminal_support import in_terminal

from baton.tui.cli.render import fit_queue


def _in_terminal(home, columns: int) -> list[str]:
    return in_terminal(home, columns, "list")[0]


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "ana"
    assert baton(home, "init", "--user", "ana").exit_code == 0
    for title in ("Acme Corporation — migration from the old billing platform", "Bolt — 12 seats", "Cobalt Health"):
        assert baton(home, "new", "delivery-to-account-management", "--title", title, "--to", "ben").exit_code == 0
    return home


@pytest.mark.parametrize("columns", [80, 100])
def test_list_in_a_terminal_fits_its_width(home, columns):
    lines = _in_terminal(home, columns)
    assert len(lines) == 5 and all(len(line) <= columns for line in lines), lines
    assert lines[0].split()[:3] == ["ID", "STATUS", "TITLE"] if columns == 80 else True
    assert any("Bolt — 12 seats" in line for line in lines)


def test_list_in_a_wide_terminal_and_in_a_pipe_keeps_every_column(home):
    wide = _in_terminal(home, 200)
    piped = subprocess.run(
        [str(BATON), "list"], capture_output=True, text=True, env={**os.environ, "BATON_HOME": str(home)}
    )
    assert wide[0].split()[:4] == ["ID", "STATUS", "TRANSITION", "TITLE"]
    assert piped.stdout.splitlines()[0] == wide[0]
    assert "delivery → account-management" in piped.stdout and "answer" not in piped.stdout.splitlines()[0]


def test_a_table_is_fitted_step_by_step_and_never_below_a_readable_title():
    header = ["ID", "STATUS", "TRANSITION", "TITLE", "NEXT", "DONE", "AGE", "WINDOW"]
    row = ["abc123", "sent", "sales → onboarding", "A" * 34, "ben", "9/9", "2d", "answer within 3h"]
    table = [list(header), list(row)]
    assert fit_queue(table, 200) == {5, 6} and table[1] == row  # it fits: nothing changes
    table = [list(header), list(row)]
    assert fit_queue(table, 100) == {5, 6} and table[1][7] == "within 3h" and table[1][2] == row[2]
    table = [list(header), list(row)]
    assert fit_queue(table, 60) == {4, 5} and "TRANSITION" not in table[0]
    assert len(table[1][2]) == 16 and table[1][2].endswith("…")  # 60 is too narrow: the title stops at 16
