"""Every command's output reads well in an 80-column terminal: no line is wider than the terminal (a line the
terminal wraps at its edge reads badly, a table row it wraps reads as two); a wide terminal and a pipe get
the output as it always was, every line whole.

Run for real in a pseudo-terminal on the demo workspace, where the viewer (maya) is a lead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from conftest import BATON, run
from terminal_support import in_terminal, too_wide


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("narrow") / "home"
    assert run("demo", home=root).returncode == 0
    return root


@pytest.fixture(scope="module")
def ids(demo) -> list[str]:
    return [h["id"][:8] for h in json.loads(run("list", "--all", "--json", home=demo).stdout)]


def _piped(home, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "BATON_DEBUG"}
    return subprocess.run(
        [str(BATON), *args], capture_output=True, text=True, env={**env, "BATON_HOME": str(home)}, timeout=60
    ).stdout


@pytest.mark.parametrize(
    "args",
    [
        ["report"],
        ["report", "--since", "3d", "--limit", "2"],
        ["report", "--transition", "support-to-delivery"],
        ["remind"],
        ["templates", "list"],
        ["templates", "show", "sales-to-onboarding"],
        ["templates", "show", "onboarding-to-delivery"],
        ["teammates"],
        ["team"],
        ["stage", "onboarding"],
        ["doctor"],
    ],
    ids=" ".join,
)
def test_a_command_fits_an_80_column_terminal(demo, args):
    lines, code = in_terminal(demo, 80, *args)
    assert code == 0, lines
    assert len(lines) > 1 and too_wide(lines, 80) == [], lines


def test_every_handoff_s_page_history_and_brief_fit_an_80_column_terminal(demo, ids):
    for handoff in ids:
        for command in ("show", "history", "brief"):
            lines, code = in_terminal(demo, 80, command, handoff)
            assert code == 0 and too_wide(lines, 80) == [], (command, lines)


def test_the_report_lays_its_speed_table_out_in_two_in_80_columns_and_wraps_under_the_text(demo):
    lines, _ = in_terminal(demo, 80, "report")
    heads = [line.split() for line in lines if line.split()[:1] in (["create"], ["answers"])]
    assert heads == [
        ["create", "→", "send", "send", "→", "answer"],
        ["answers", "returns", "rate", "breaches", "returned"],
    ]
    assert any(line.strip().startswith("delivery → account-management  ") for line in lines)  # labels whole
    reasons = lines.index("Why work bounces back (most common return reasons)")
    assert lines[reasons + 2].startswith(" " * 8) and not lines[reasons + 2].startswith(" " * 9)  # under the text


def test_a_page_wraps_an_item_under_its_id_and_an_event_under_its_text(demo, ids):
    lines, _ = in_terminal(demo, 80, "show", ids[2])  # Orchid Bank phase 2: long answers, blockers, a comment
    item = next(i for i, line in enumerate(lines) if line.startswith("  [✓]*success-criteria: "))
    assert lines[item + 1].startswith(" " * 6 + "words") or lines[item + 1][6] != " ", lines[item : item + 3]
    history = lines.index(next(line for line in lines if line.startswith("History")))
    event = next(i for i in range(history, len(lines)) if "set success-criteria" in lines[i])
    column = lines[event].index("set success-criteria")
    assert lines[event + 1][:column].strip() == "" and lines[event + 1][column] != " "


@pytest.mark.parametrize("args", [["report"], ["remind"], ["templates", "list"], ["teammates"]], ids=" ".join)
def test_a_wide_terminal_and_a_pipe_get_every_line_whole(demo, args):
    for _ in range(3):  # the report's heading and `teammates` say the time: a minute may turn between the runs
        wide, _ = in_terminal(demo, 200, *args)
        piped = _piped(demo, *args)
        if "\n".join(wide) + "\n" == piped:
            break
    assert "\n".join(wide) + "\n" == piped


def test_a_page_in_a_terminal_wider_than_its_lines_is_the_page_a_pipe_gets(demo, ids):
    for command in ("show", "history"):
        for _ in range(3):  # `show` says the receiver's local time: a minute may turn between the two runs
            piped = _piped(demo, command, ids[2])
            wide, _ = in_terminal(demo, 400, command, ids[2])
            if "\n".join(wide) + "\n" == piped:
                break
        assert "\n".join(wide) + "\n" == piped
        lines, _ = in_terminal(demo, 200, command, ids[2])  # an answer longer than 200 cells still wraps
        assert too_wide(lines, 200) == [] and too_wide(piped.splitlines(), 200) != []


def test_a_blocked_send_and_a_refusal_fit_an_80_column_terminal(demo, ids, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(demo, home)
    lines, code = in_terminal(home, 80, "send", ids[2])
    assert code == 3 and len(lines) > 3 and too_wide(lines, 80) == [], lines
    assert lines[-1].startswith("  ✗ ") or lines[-1].startswith("    "), lines
    lines, code = in_terminal(home, 80, "sync")  # no shared folder set: one message, wrapped under itself
    assert code == 1 and too_wide(lines, 80) == [] and lines[0].startswith("baton: "), lines
    assert all(line.startswith(" " * len("baton: ")) for line in lines[1:]), lines


def test_the_demo_s_own_words_fit_an_80_column_terminal(tmp_path):
    lines, code = in_terminal(tmp_path / "home", 80, "demo", "--home", str(tmp_path / "home"))
    assert code == 0 and too_wide(lines, 80) == [], lines


@pytest.mark.parametrize(("columns", "width"), [("", 80), ("100", 100)])
def test_a_terminal_that_says_it_is_0_columns_wide_gets_columns_or_80(demo, columns, width):
    """`script`, some serial and editor shells report 0 columns: the report came out one word per line."""
    lines, code = in_terminal(demo, 0, "report", environ={"COLUMNS": columns} if columns else None)
    assert code == 0 and too_wide(lines, width) == [], lines
    assert lines[0].startswith("Handoff report — "), lines[:3]
    assert max(len(line) for line in lines) > width - 20, "laid out for the width, not for fewer columns"


def test_a_stages_people_keep_their_columns_whatever_the_zone_and_wrap_under_what_is_said(demo):
    """Lena (Europe/Berlin) and Priya (Asia/Singapore) receive for delivery: each row's zone and state began
    wherever the zone before it ended, and a long state wrapped at the terminal's edge, not under itself."""
    lines, code = in_terminal(demo, 80, "stage", "delivery")
    assert code == 0 and too_wide(lines, 80) == [], lines
    rows = [line for line in lines if line.startswith("  ") and line.split()[0] in ("lena", "priya")]
    assert len(rows) == 2, lines
    assert len({row.index("Europe/Berlin" if "lena" in row else "Asia/Singapore") for row in rows}) == 1, rows
    state = len(rows[0]) - len(rows[0].split("  ")[-1].lstrip())  # where each row's state begins
    assert {len(row) - len(row.split("  ")[-1].lstrip()) for row in rows} == {state}, rows
    for line in lines[1:]:
        if not line.startswith("  ") or line.strip().startswith(("lena", "priya")):
            continue
        assert line[:state].strip() == "" and line[state] != " ", lines  # wrapped under the state
