"""What the command line shows of a store's move: at once, with why, then where it stands, then its time.

tui/moving.py shows the steps core/store_moves.py tells: on a terminal one line redrawn in place, in a log a
line each tenth of the way; a store under the threshold moves without a word unless it turns out slow; the
app's first screen waits for the move, said on stderr before Textual takes the terminal.
"""

from __future__ import annotations

import io

from conftest import run
from test_store_moves import HANDOFFS, layout7_home, layout_of, raw

from baton.core.home import Home
from baton.core.schema import PACK_OWED, PROJECTION_LAYOUT
from baton.core.store import Store
from baton.core.store_moves import COPY, DONE, FOLD, PACK, START, MoveStep, moves_shown_by
from baton.tui.moving import MoveLines


def test_the_command_line_says_the_move_its_progress_and_its_time_on_stderr(cli_team, monkeypatch):
    monkeypatch.setattr("baton.core.store.FOLD_CHUNK", 1)
    monkeypatch.setattr("baton.tui.moving.QUIET_BELOW", HANDOFFS)  # this store crosses the threshold
    layout7_home(cli_team)
    listed = run("list", "--all", home=cli_team.home)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stderr.splitlines()
    assert lines[0] == (
        f"baton: moving your records to this version's layout ({HANDOFFS} handoffs); this happens once, after an upgrade."
    )
    assert "Ctrl+C" in lines[1] and "safe" in lines[1]
    folds = [line.strip() for line in lines if "handoffs folded" in line]
    assert folds == [f"{n} / {HANDOFFS} handoffs folded ({n * 100 // HANDOFFS}%)" for n in range(1, HANDOFFS + 1)]
    assert lines[-2] == "  packing the file (one VACUUM; your records are already moved)"
    assert lines[-1].startswith(f"baton: moved {HANDOFFS} handoffs to this version's layout in ")
    assert lines[-1].endswith(" s.")
    assert listed.stdout.count("Acme") == HANDOFFS  # the command's own output, on stdout

    again = run("list", "--all", home=cli_team.home)
    assert again.stderr == "" and again.stdout == listed.stdout


def test_a_store_under_the_threshold_moves_without_a_word(cli_team):
    layout7_home(cli_team)
    listed = run("report", home=cli_team.home)
    assert listed.returncode == 0 and listed.stderr == ""
    store = Store(cli_team.home / "baton.db")
    assert layout_of(store) == (PROJECTION_LAYOUT, None)
    store.close()


def test_a_log_gets_a_line_each_tenth_and_a_terminal_one_line_redrawn_in_place():

    def steps(total: int, pace: int = 1000, took: float = 70.4) -> list[MoveStep]:
        """A move of `total` handoffs folded ten at a time, `pace` handoffs a second, done after `took` s."""
        folds = [MoveStep(FOLD, total, done, total, done / pace, False, "7") for done in range(0, total + 1, 10)]
        return [MoveStep(START, total, layout="7"), *folds, MoveStep(PACK, total, seconds=total / pace, moved=True)] + [
            MoveStep(DONE, total, seconds=took, moved=True)
        ]

    log = io.StringIO()
    shown = MoveLines(log, terminal=False, quiet_below=1)
    for step in steps(1000):
        shown(step)
    lines = log.getvalue().splitlines()
    assert [line for line in lines if "folded" in line] == [
        f"  {n:,} / 1,000 handoffs folded ({n // 10}%)" for n in range(100, 1001, 100)
    ]
    assert lines[-1] == "baton: moved 1,000 handoffs to this version's layout in 1 min 10 s."

    terminal = io.StringIO()
    shown = MoveLines(terminal, terminal=True, quiet_below=1, redraw=10)
    for step in steps(1000, pace=10):  # 101 steps over 100 s: redrawn every 10 s
        shown(step)
    text = terminal.getvalue()
    drawn = text.split("\n")[2]  # the opening's two lines, then the fold's one line drawn again and again
    assert drawn.count("\r") == 11 and drawn.rstrip().endswith("1,000 / 1,000 handoffs folded (100%)")
    assert "500 / 1,000 handoffs folded (50%), about 50 s to go" in drawn

    quiet = io.StringIO()
    shown = MoveLines(quiet, terminal=False)  # 1,000 handoffs is at the threshold: shown
    small = MoveLines(io.StringIO(), terminal=False)
    for step in steps(990, took=1.2):
        small(step)
    assert small.stream.getvalue() == ""
    for step in steps(1000):
        shown(step)
    assert quiet.getvalue().startswith("baton: moving your records")


def test_a_log_gets_the_copy_then_the_fold_each_by_tenths():
    log = io.StringIO()
    shown = MoveLines(log, terminal=False)
    shown(MoveStep(START, 5000, layout="events table"))
    for done in range(0, 60_001, 6000):
        shown(MoveStep(COPY, 5000, done, 60_000))
    for done in range(0, 5001, 500):
        shown(MoveStep(FOLD, 5000, done, 5000))
    lines = log.getvalue().splitlines()
    assert len([line for line in lines if "events copied" in line]) == 10
    assert len([line for line in lines if "handoffs folded" in line]) == 10
    assert lines[-1] == "  5,000 / 5,000 handoffs folded (100%)"


def test_a_stderr_no_one_reads_ends_the_showing_not_the_move(cli_team, monkeypatch):
    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    monkeypatch.setattr("baton.core.store.FOLD_CHUNK", 2)
    path = layout7_home(cli_team).path
    Store(path, MoveLines(Gone(), terminal=False, quiet_below=0)).close()
    store = Store(path)
    assert layout_of(store) == (PROJECTION_LAYOUT, None)
    store.close()


def test_a_small_move_that_turns_out_slow_is_shown_once_it_is_late():

    log = io.StringIO()
    shown = MoveLines(log, terminal=False, late=2.0)
    shown(MoveStep(START, 10, layout="7"))
    shown(MoveStep(FOLD, 10, 5, 10, 1.0))
    assert log.getvalue() == ""
    shown(MoveStep(FOLD, 10, 10, 10, 2.5))
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("baton: moving your records to this version's layout (10 handoffs)")
    assert lines[-1] == "  10 / 10 handoffs folded (100%)"


def test_the_app_is_built_on_a_moved_store_with_the_move_said_before_its_first_screen(cli_team, monkeypatch, capsys):
    """`baton` with no command: the move runs and is said on stderr before Textual takes the terminal, never
    behind a blank screen; a store still owing its packing is packed there too, not in a worker later."""
    from baton.tui import moving
    from baton.tui.launch import build_app

    monkeypatch.setattr(moving, "QUIET_BELOW", 0)
    path = layout7_home(cli_team).path
    with moves_shown_by(moving.show):
        app = build_app(Home(cli_team.home))
    said = capsys.readouterr().err.splitlines()
    assert said[0].startswith("baton: moving your records") and said[-1].startswith("baton: moved 6 handoffs")
    assert app.first_read is not None
    with raw(path) as conn:
        conn.execute(f"INSERT INTO meta VALUES ('{PACK_OWED}', '{PROJECTION_LAYOUT}')")
        conn.commit()
    with moves_shown_by(moving.show):
        build_app(Home(cli_team.home))
    said = capsys.readouterr().err.splitlines()
    assert said[0] == "baton: finishing the move of your records to this version's layout (6 handoffs)."
    assert said[-1].startswith("baton: the move is finished: the file is packed (")
    store = Store(path)
    assert layout_of(store) == (PROJECTION_LAYOUT, None)
    store.close()
