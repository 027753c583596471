"""A real `baton` process stopped in the middle of its store's move leaves the store usable, never half-moved.

Stopped (SIGINT, SIGTERM, SIGKILL) while folding, the store is as it was and the next command moves it;
stopped while packing, the records are moved and the next open packs the file. A Ctrl+C or SIGTERM ends in
one line saying so, never a traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from conftest import run
from test_store_layout import contents
from test_store_moves import HANDOFFS, layout7_home, layout_of, raw

from baton.core.schema import PROJECTION_LAYOUT
from baton.core.store import Store
from baton.core.store_moves import START

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
    with raw(path) as conn:
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
    with raw(path) as conn:
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
    with raw(path) as conn:
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
