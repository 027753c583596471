"""How output is made to fit a terminal's width (tui/cli/fit.py): lines broken at their spaces under a hanging
indent, never losing or cutting a word; tables narrowed one step at a time; commands run in-process as if in a
terminal 80 columns wide, and as in a pipe (every line whole)."""

from __future__ import annotations

import pytest
from cli_support import baton
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from baton.tui.cli import output, reports
from baton.tui.cli.fit import fit_table, right_aligned, wrap, wrapped
from baton.tui.cli.sync import narrow_rows

WORDS = st.text(alphabet=st.sampled_from("abcdé漢→:-"), min_size=1, max_size=14)


@given(st.lists(WORDS, min_size=1, max_size=30), st.integers(0, 6), st.integers(20, 100), st.integers(0, 40))
def test_a_wrapped_line_keeps_every_word_and_fits(words, indent, columns, hang):
    line = " " * indent + " ".join(words)
    lines = wrap(line, columns, hang)
    assert "".join(lines).replace(" ", "") == line.replace(" ", "")  # nothing lost or changed
    said = [word for part in lines for word in part.split()]
    assert all(word in said for word in line.split() if "漢" not in word)  # a word is cut only between wide ones
    for later in lines[1:]:
        assert len(later) - len(later.lstrip(" ")) <= max(hang, indent)
    for part in lines:
        assert cell_len(part) <= columns or len(part.split()) == 1 or "→" in part  # only a word too long overflows
    assert lines == [line] or cell_len(line) > columns  # a line that fits is left as it is


def test_wrapping_hangs_under_the_text_and_keeps_a_transition_a_time_and_a_link_whole():
    line = "  2026-12-01 09:30  ben   moved it from sales → onboarding at 2026-12-01 09:45, see https://x.example/a/b"
    lines = wrap(line, 40, 18)
    assert lines[0] == "  2026-12-01 09:30  ben   moved it from"
    assert "sales → onboarding" in lines[1] and any("2026-12-01 09:45," in part for part in lines)
    assert lines[-1].strip() == "https://x.example/a/b" and all(part.startswith(" " * 18) for part in lines[1:])
    link = "https://drive.example.com/statement-of-work-v3.pdf"  # 50 cells: too long to go under the others
    assert wrap(f"  set plan: {link}", 60, 30) == ["  set plan:", " " * 10 + link]
    assert wrap(f"  set plan: {link}/v4", 50, 30) == ["  set plan:", f"  {link}/v4"]  # longer than the line
    assert wrapped([line], None) == [line]  # a pipe: every line whole
    cjk = "  [✓]*goals: 顧客は春までに三つの拠点すべてで一つの注文画面を使いたい。 (ben, 2026-12-01 07:16)"
    parts = wrap(cjk, 40, 6)  # Japanese breaks between any two characters: lines filled, not one overflowing
    assert [cell_len(part) for part in parts] == [39, 38, 29] and parts[1].startswith("      べてで")


def test_a_table_loses_its_columns_in_the_order_given_and_cuts_to_16_cells_at_the_least():
    heads = ["ID", "VERSION", "TRANSITION", "ITEMS", "TRIGGER"]
    row = ["sales-to-onboarding", "v2", "sales → onboarding", "12", "Contract signed by the client and countersigned"]
    table = [list(heads), list(row)]
    fit_table(table, 200, ["-TRANSITION", "TRIGGER"])
    assert table == [heads, row]  # it fits: nothing changes
    fit_table(table, 70, ["-TRANSITION", "TRIGGER"])
    assert (
        "TRANSITION" not in table[0] and table[1][-1] == row[-1][:32] + "…" and right_aligned(table, ["ITEMS"]) == {2}
    )
    table = [list(heads), list(row)]
    fit_table(table, 30, ["-TRANSITION", "TRIGGER"])
    assert table[1][-1] == row[-1][:15] + "…"  # 30 is too narrow for any trigger: it stops at 16 cells


def test_teammates_say_the_time_alone_then_wrap_under_what_is_said_of_them():
    table = [["lena", "Lena Vogel", "Europe/Berlin", "it is 10:36 there", "last seen 28m ago, not on the team"]]
    assert narrow_rows([list(r) for r in table], None) == ["  ".join(table[0])]
    assert narrow_rows([list(r) for r in table], 80) == [
        "lena  Lena Vogel  Europe/Berlin  10:36  last seen 28m ago, not on the team"
    ]
    long = [["ben", "Benjamin Alexander Carter-Whitfield", "America/New_York", "it is 05:01 there", "last seen 2m ago"]]
    assert (
        narrow_rows(long, 80)[0] == "ben  Benjamin Alexander Carter-Whitf…  America/New_York  05:01  last seen 2m ago"
    )
    lines = narrow_rows([list(r) for r in table], 60)
    assert lines[0].endswith("last seen 28m ago,") and lines[1] == " " * 40 + "not on the team"  # under its column


@pytest.fixture
def demo(tmp_path):
    root = tmp_path / "home"
    assert baton(root, "demo", "--home", str(root)).exit_code == 0
    return root


def _as_if_in_a_terminal(monkeypatch, columns):
    monkeypatch.setattr(output, "terminal_columns", lambda stream: columns)
    monkeypatch.setattr(reports, "terminal_columns", lambda stream: columns)


def test_report_in_80_columns_splits_speed_from_rework_and_every_line_fits(demo, monkeypatch):
    piped = baton(demo, "report").stdout.splitlines()
    _as_if_in_a_terminal(monkeypatch, 80)
    lines = baton(demo, "report").stdout.splitlines()
    assert [line for line in lines if cell_len(line) > 80] == []
    assert any(line.split() == ["create", "→", "send", "send", "→", "answer"] for line in lines)
    assert any(line.split() == ["answers", "returns", "rate", "breaches", "returned"] for line in lines)
    assert any("create → send" in line and "breaches" in line for line in piped)  # a pipe: one table, as before
    assert max(map(cell_len, piped)) > 100


def test_remind_and_history_in_80_columns_wrap_under_the_title_and_the_text(demo, monkeypatch):
    _as_if_in_a_terminal(monkeypatch, 80)
    lines = baton(demo, "remind").stdout.splitlines()
    assert [line for line in lines if cell_len(line) > 80] == []
    waiting = next(i for i, line in enumerate(lines) if "Lumen Retail" in line)
    assert lines[waiting + 1].startswith(" " * lines[waiting].index("Lumen")) and lines[waiting + 1].strip()
    handoff = lines[waiting].split()[1]
    history = baton(demo, "history", handoff).stdout.splitlines()
    assert [line for line in history if cell_len(line) > 80] == [] and len(history) > 15
    column = history[0].index("created")
    assert all(line[:column].strip() == "" or line[:4] == "2026" or line[:2] == "20" for line in history)


def test_a_line_said_without_a_hang_goes_under_the_text_after_its_short_label():
    text = "the folder had no folder of yours: your 3 segments were written into it just now"
    assert wrap(f"warning: {text}", 40)[1].startswith(" " * 9 + "your") or wrap(f"warning: {text}", 40)[1][9] != " "
    assert all(part.startswith(" " * 9) for part in wrap(f"  - why: {text}", 40)[1:])
    assert all(part.startswith("  ") and part[2] != " " for part in wrap(text, 40)[1:])  # no label: two in
    long_label = "Opened the next handoff for the delivery team: " + text  # a label too long to hang under
    assert wrap(long_label, 40)[1][2] != " "


def test_report_between_80_and_the_full_width_keeps_one_speed_table_with_the_returned_column(demo, monkeypatch):
    _as_if_in_a_terminal(monkeypatch, 110)
    lines = baton(demo, "report").stdout.splitlines()
    assert [line for line in lines if cell_len(line) > 110] == []
    heads = [line.split() for line in lines if line.split()[:1] == ["create"]]
    assert heads == [
        ["create", "→", "send", "send", "→", "answer", *["answers", "returns", "rate", "breaches", "returned"]]
    ]
    assert not any(line.split()[-1:] == ["0"] and "returned 0" in line for line in lines)  # a column, not words


def test_team_in_80_columns_wraps_a_member_s_stages_under_the_first_of_them(tmp_path, monkeypatch):
    home, folder = tmp_path / "maya", tmp_path / "shared"
    folder.mkdir()
    assert baton(home, "init", "--user", "maya", "--role", "lead", "--sync-dir", str(folder)).exit_code == 0
    stages = ["sales", "onboarding", "delivery", "account-management", "support", "recruiting"]
    name = "Maya Okafor-Lindqvist"
    assert baton(home, "team", "set", "maya", "--name", name, *(f"--stage={s}" for s in stages)).exit_code == 0
    piped = baton(home, "team").stdout.splitlines()
    _as_if_in_a_terminal(monkeypatch, 80)
    lines = baton(home, "team").stdout.splitlines()
    assert [line for line in lines if cell_len(line) > 80] == [] and max(map(cell_len, piped)) > 80
    head = next(i for i, line in enumerate(lines) if line.startswith("maya "))
    column = lines[head].index("stages: ") + len("stages: ")
    assert lines[head + 1][:column].strip() == "" and lines[head + 1][column] != " "
