"""A store's move to today's layout tells where it stands, and stopping it anywhere leaves a usable store.

core/store_moves.py runs the move and tells a callback each step (tests/test_move_shown.py: what the command
line shows of them). Stopped during the copy or the fold, the store is as it was (the old layout, moved again
next time); stopped while packing, it is moved and the next open packs it. Never half-moved
(tests/test_move_stopped.py stops real processes).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from conftest import GOOD_VALUES, CliTeam
from layouts import layout7
from test_store_layout import DATA, contents

from baton.core import store_moves
from baton.core.errors import BatonError
from baton.core.schema import PACK_OWED, PROJECTION_LAYOUT
from baton.core.store import BUSY_AT_OPEN, Store
from baton.core.store_moves import COPY, DONE, FOLD, PACK, START, STOPPED, MoveStep, moves_shown_by

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


def raw(path: Path) -> contextlib.closing[sqlite3.Connection]:
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
    with raw(path) as conn:
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
    with raw(path) as other:
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
    with raw(path) as conn:
        before = contents(conn)
    steps: list[MoveStep] = []

    def stop_at_the_second_fold(step: MoveStep) -> None:
        steps.append(step)
        if step.stage == FOLD and step.done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Store(path, stop_at_the_second_fold)
    assert steps[-1].stage == STOPPED and not steps[-1].moved
    with raw(path) as conn:
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
