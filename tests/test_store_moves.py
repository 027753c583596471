"""A store's move to today's layout tells where it stands, and stopping it anywhere leaves a usable store.

core/store_moves.py runs the move and tells a callback each step; tui/moving.py shows the steps on stderr.
Stopped during the copy or the fold, the store is as it was (the old layout, moved again next time); stopped
while packing, it is moved and the next open packs it. Never half-moved.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD_VALUES, CliTeam, run
from layouts import layout7
from test_store_layout import DATA, contents

from baton.core import store_moves
from baton.core.errors import BatonError
from baton.core.home import Home
from baton.core.schema import PACK_OWED, PROJECTION_LAYOUT
from baton.core.store import BUSY_AT_OPEN, Store
from baton.core.store_moves import COPY, DONE, FOLD, PACK, START, STOPPED, MoveStep, moves_shown_by
from baton.tui.moving import MoveLines

HANDOFFS = 6


def layout7_home(cli_team: CliTeam) -> Store:
    """The CLI home with HANDOFFS handoffs (one sent), its store put back in layout 7 and closed."""
    ana = cli_team.replica("ana")
    for n in range(HANDOFFS):
        handoff = ana.create("relay", f"Acme — {n} seats", "ben")
        for item_id, raw in GOOD_VALUES.items():
            ana.set_item(handoff, item_id, raw)
    ana.send(handoff)
    layout7(ana.store)
    ana.store.close()
    return ana.store


def _raw(path: Path) -> contextlib.closing[sqlite3.Connection]:
    """A plain connection to the file, closed at the end of the `with`."""
    return contextlib.closing(sqlite3.connect(path))


def layout_of(store: Store) -> tuple[str | None, str | None]:
    return store.meta("projection_layout"), store.meta(PACK_OWED)


def test_a_move_tells_its_start_every_fold_the_packing_and_its_end(cli_team, monkeypatch):
    monkeypatch.setattr("baton.core.store.FOLD_CHUNK", 2)
    path = layout7_home(cli_team).path
    steps: list[MoveStep] = []
    store = Store(path, steps.append)
    assert [s.stage for s in steps] == [START, FOLD, FOLD, FOLD, FOLD, PACK, DONE]
    assert {s.handoffs for s in steps} == {HANDOFFS} and steps[0].layout == "7"
    assert [(s.done, s.total) for s in steps if s.stage == FOLD] == [(0, 6), (2, 6), (4, 6), (6, 6)]
    assert [s.moved for s in steps] == [False] * 5 + [True, True]
    assert all(a.seconds <= b.seconds for a, b in zip(steps, steps[1:], strict=False))
    assert layout_of(store) == (PROJECTION_LAYOUT, None)
    assert store.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    store.close()

    steps.clear()
    Store(path, steps.append).close()  # in today's layout: nothing to move, nothing said
    assert steps == []


def test_a_store_of_the_events_table_tells_the_events_it_copies_then_the_handoffs_it_folds(tmp_path, monkeypatch):
    """The oldest layout moved (tests/data/layout4-home, test_store_layout.py): its events copied a batch at
    a time, then every handoff folded."""
    monkeypatch.setattr("baton.core.store_layout.BATCH", 100)
    path = tmp_path / "baton.db"
    with _raw(path) as conn:
        conn.executescript((DATA / "baton.sql").read_text(encoding="utf-8"))
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        handoffs = conn.execute("SELECT count(*) FROM handoffs").fetchone()[0]
    steps: list[MoveStep] = []
    Store(path, steps.append).close()
    assert (steps[0].stage, steps[0].layout, steps[0].handoffs) == (START, "events table", handoffs)
    copied = [(s.done, s.total) for s in steps if s.stage == COPY]
    assert copied == [(min(n, events), events) for n in range(100, events + 100, 100)]
    assert [(s.done, s.total) for s in steps if s.stage == FOLD] == [(0, handoffs), (handoffs, handoffs)]
    assert [s.stage for s in steps][-2:] == [PACK, DONE]


def test_a_store_another_process_is_moving_says_so_and_changes_nothing(cli_team, monkeypatch):
    monkeypatch.setattr("baton.core.busy.BUSY_TIMEOUT_MS", 50)
    path = layout7_home(cli_team).path
    with _raw(path) as other:
        other.execute("BEGIN IMMEDIATE")  # as the first process's move holds it
        with pytest.raises(BatonError) as refused:
            Store(path)
        assert str(refused.value) == BUSY_AT_OPEN and "moving your records" in BUSY_AT_OPEN
        other.execute("ROLLBACK")
    store = Store(path)
    assert layout_of(store) == (PROJECTION_LAYOUT, None)
    store.close()


def test_stores_opened_without_a_callback_tell_the_one_the_interface_gave(cli_team):
    path = layout7_home(cli_team).path
    told: list[str] = []
    with moves_shown_by(lambda step: told.append(step.stage)):
        Store(path).close()
    assert told[0] == START and told[-1] == DONE
    layout7_home(cli_team)
    Store(path).close()  # the interface's callback is gone with its scope
    assert told[-1] == DONE and told.count(START) == 1


def test_a_move_stopped_while_folding_leaves_the_store_as_it_was(cli_team, monkeypatch):
    monkeypatch.setattr("baton.core.store.FOLD_CHUNK", 2)
    path = layout7_home(cli_team).path
    with _raw(path) as conn:
        before = contents(conn)
    steps: list[MoveStep] = []

    def stop_at_the_second_fold(step: MoveStep) -> None:
        steps.append(step)
        if step.stage == FOLD and step.done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Store(path, stop_at_the_second_fold)
    assert steps[-1].stage == STOPPED and not steps[-1].moved
    with _raw(path) as conn:
        assert contents(conn) == before
        assert conn.execute("SELECT value FROM meta WHERE key = 'projection_layout'").fetchone()[0] == "7"
    store = Store(path)  # the next open moves it
    assert layout_of(store) == (PROJECTION_LAYOUT, None) and contents(store.conn) == before
    store.close()


def test_a_move_stopped_while_packing_is_moved_and_packed_by_the_next_open(cli_team, monkeypatch):
    """The VACUUM gives Python's signal handlers a turn (SQLite's progress handler); a Ctrl+C there stops it
    at once, as `_turn` raising does here, and the next open packs the file."""
    path = layout7_home(cli_team).path

    def ctrl_c() -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_moves, "_turn", ctrl_c)
    monkeypatch.setattr(store_moves, "TICKS", 10)
    steps: list[MoveStep] = []
    with pytest.raises(KeyboardInterrupt):
        Store(path, steps.append)
    assert [s.stage for s in steps][-2:] == [PACK, STOPPED] and steps[-1].moved
    monkeypatch.undo()

    steps.clear()
    store = Store(path, steps.append)
    assert [(s.stage, s.moved) for s in steps] == [(START, True), (PACK, True), (DONE, True)]
    assert layout_of(store) == (PROJECTION_LAYOUT, None)
    assert store.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    store.close()
    steps.clear()
    Store(path, steps.append).close()
    assert steps == []


# ---- what the command line shows ------------------------------------------------------------------------


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
    with _raw(path) as conn:
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


# ---- stopping a real process part way -------------------------------------------------------------------

HELD = """
import sys, time
import baton.core.store as store
import baton.tui.moving as moving
store.FOLD_CHUNK, moving.QUIET_BELOW = 2, 0
project, calls = store.Store.project, []
def held(self, ids):
    calls.append(1)
    if len(calls) == 2:  # the first chunk folded and said: the move waits here until it is stopped
        time.sleep(120)
    return project(self, ids)
store.Store.project = held
from baton.tui.entry import main
sys.argv = ["baton", "list", "--all"]
main()
"""
"""`baton list --all` in a process of its own, its move held part way through the fold."""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_process_stopped_in_the_middle_of_its_move_leaves_the_store_as_it_was(cli_team, signum):
    path = layout7_home(cli_team).path
    with _raw(path) as conn:
        before = contents(conn)
    env = {**os.environ, "BATON_HOME": str(cli_team.home)}
    env.pop("BATON_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-c", HELD], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    said = []
    for line in process.stderr:  # wait until the move is said to be part way through its fold
        said.append(line)
        if "handoffs folded" in line:
            break
    else:
        pytest.fail(f"the move never got going: {''.join(said)}")
    process.send_signal(signum)
    _, rest = process.communicate(timeout=60)
    if signum == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 128 + signum, rest
        assert "Traceback" not in rest
        assert rest.strip().splitlines() == [
            "baton: stopped before your records were moved to this version's layout: they are as they were, "
            "and move the next time baton opens them."
        ]
    with _raw(path) as conn:
        assert contents(conn) == before  # as it was: not half-moved
        assert conn.execute("SELECT value FROM meta WHERE key = 'projection_layout'").fetchone()[0] == "7"

    listed = run("list", "--all", home=cli_team.home)  # moved again, whole, by the next command
    assert listed.returncode == 0 and listed.stdout.count("Acme") == HANDOFFS
    store = Store(path)
    assert layout_of(store) == (PROJECTION_LAYOUT, None) and contents(store.conn) == before
    store.close()


HELD_AT_PACKING = """
import sys, time
import baton.tui.moving as moving
moving.QUIET_BELOW = 0
show = moving.show
def held(step):
    show(step)
    if step.stage == "pack":  # the move committed, the packing said: the process waits here until it is stopped
        time.sleep(120)
moving.show = held
from baton.tui.entry import main
sys.argv = ["baton", "list", "--all"]
main()
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL])
def test_a_process_stopped_while_packing_leaves_the_store_moved_and_the_next_open_packs_it(cli_team, signum):
    path = layout7_home(cli_team).path
    with _raw(path) as conn:
        before = contents(conn)
    env = {**os.environ, "BATON_HOME": str(cli_team.home)}
    env.pop("BATON_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-c", HELD_AT_PACKING], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    said = []
    for line in process.stderr:
        said.append(line)
        if "packing the file" in line:
            break
    else:
        pytest.fail(f"the move never reached its packing: {''.join(said)}")
    process.send_signal(signum)
    _, rest = process.communicate(timeout=60)
    if signum == signal.SIGINT:
        assert process.returncode == 130 and "Traceback" not in rest
        assert rest.strip().splitlines() == [
            "baton: stopped while packing the file after the move: your records are moved to this version's "
            "layout; the file is packed the next time baton opens it."
        ]
    starts: list[bool] = []
    store = Store(path, lambda step: starts.append(step.moved) if step.stage == START else None)
    assert starts == [True]  # the next open only packs: the records were moved
    assert layout_of(store) == (PROJECTION_LAYOUT, None) and contents(store.conn) == before
    assert store.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    store.close()
