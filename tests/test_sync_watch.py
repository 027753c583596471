"""Watch mode: a teammate's segment, or a local edit, leads to a sync without anyone asking."""

from __future__ import annotations

import queue
import threading
import time

import pytest
from sync_support import sync_once, teammate

from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync.watch import watch

WAIT = 30  # seconds: a bound so a broken watcher fails instead of hanging, not a speed check


def wait_for(reports: queue.Queue, test) -> object:
    while True:
        report = reports.get(timeout=WAIT)
        if test(report):
            return report


def test_watch_imports_what_lands_and_exports_local_edits_until_stopped(tmp_path, shared):
    ana = teammate(tmp_path, "ana", shared)
    ben = teammate(tmp_path, "ben", shared)
    reports: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(ben, reports.put, stop), kwargs={"poll_seconds": 60}, daemon=True)
    thread.start()
    try:
        wait_for(reports, lambda r: True)  # the first pass
        handoff = ana.create("relay", "Acme deal", "ben")
        sync_once(ana)
        got = wait_for(reports, lambda r: r.imported_events)
        assert got.changed == {handoff} and got.teammates == ["ana"]
        assert ben.store.handoff_row(handoff)["title"] == "Acme deal"
        # A local edit from another process on ben's device (the CLI) goes out by itself.
        other = Replica.open(Home(ben.home.root))
        other.comment(handoff, "on it")
        other.close()
        sent = wait_for(reports, lambda r: r.exported_events)
        assert sent.exported_events == 1
        assert sync_once(ana).imported_events == 1
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()


def test_watch_waits_for_a_missing_folder_and_picks_it_up(tmp_path):
    shared = tmp_path / "later"
    ben = teammate(tmp_path, "ben", shared)
    reports: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(ben, reports.put, stop), kwargs={"poll_seconds": 0.3}, daemon=True)
    thread.start()
    try:
        first = wait_for(reports, lambda r: True)
        assert "does not exist" in first.problems[0].reason
        shared.mkdir()
        ana = teammate(tmp_path, "ana", shared)
        ana.create("relay", "Acme deal", "ben")
        sync_once(ana)
        wait_for(reports, lambda r: r.imported_events == 1)
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()


def watching(replica, **kwargs):
    """A watcher over `replica` in a thread: (reports, stop, thread)."""
    reports: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(replica, reports.put, stop), kwargs=kwargs, daemon=True)
    thread.start()
    wait_for(reports, lambda r: True)  # the first pass
    return reports, stop, thread


@pytest.mark.long
def test_edits_in_a_row_go_out_together_once_they_settle(tmp_path, shared):
    ben = teammate(tmp_path, "ben", shared)
    handoff = ben.create("relay", "Acme deal", "ana")
    reports, stop, thread = watching(ben, poll_seconds=60, settle_seconds=5, most_seconds=60)
    try:
        other = Replica.open(Home(ben.home.root))  # another process on ben's device: the CLI
        for n in range(5):
            other.comment(handoff, f"note {n}")
            time.sleep(0.4)  # apart enough for the watcher to see each edit on its own
        other.close()
        sent = wait_for(reports, lambda r: r.exported_events)
        assert (sent.exported_segments, sent.exported_events) == (1, 5)
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()


def test_edits_that_never_settle_still_go_out(tmp_path, shared):
    ben = teammate(tmp_path, "ben", shared)
    handoff = ben.create("relay", "Acme deal", "ana")
    reports, stop, thread = watching(ben, poll_seconds=600, settle_seconds=600, most_seconds=1)
    try:
        ben.comment(handoff, "first of a long run of edits")
        sent = wait_for(reports, lambda r: r.exported_events)
        assert sent.exported_events == 1
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()


def test_closing_waits_for_a_sync_round_in_another_thread(tmp_path):
    """The app quits while its watcher syncs: the close waits for the round instead of pulling the
    connection from under it (which crashed the whole process)."""
    import threading

    from baton.core.home import Home
    from baton.core.replica import Replica

    replica = Replica.init(Home(tmp_path / "maya"), "maya")
    in_round, closed = threading.Event(), threading.Event()
    counts: list[int] = []

    def round_in_progress() -> None:
        with replica.lock:
            in_round.set()
            closed.wait(0.5)  # the close is asked for meanwhile, and must not happen before this ends
            counts.append(replica.store.conn.execute("SELECT count(*) FROM events").fetchone()[0])

    syncing = threading.Thread(target=round_in_progress)
    syncing.start()
    in_round.wait(5)
    closer = threading.Thread(target=lambda: (replica.close(), closed.set()))
    closer.start()
    syncing.join(10)
    closer.join(10)
    assert counts == [0] and closed.is_set()


def test_a_missing_folder_made_later_is_synced_through_at_once_not_at_the_next_poll(tmp_path):
    """The app says "the shared folder does not exist (will retry)": once it exists, that goes without waiting for
    the poll (here a minute, longer than the test waits)."""
    shared = tmp_path / "later"
    ben = teammate(tmp_path, "ben", shared)
    reports: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(ben, reports.put, stop), kwargs={"poll_seconds": 60}, daemon=True)
    thread.start()
    try:
        first = wait_for(reports, lambda r: True)
        assert "does not exist" in first.problems[0].reason
        shared.mkdir()  # empty: no teammate has written in it yet
        wait_for(reports, lambda r: not r.problems)
        assert (shared / "baton").is_dir()
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive()
