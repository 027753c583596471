"""A pass of the watcher that cannot write the local database (the disk full, another process holding it too
long) is one problem of that pass: nothing of it taken in, and the watcher syncs again at its next pass.

Such a pass raised out of the watcher, so `baton sync --watch` ended with exit 1 at the first full disk.
"""

from __future__ import annotations

import queue
import sqlite3
import threading

from sync_support import event_ids, projection, sync_once, teammate

from baton.sync import landing
from baton.sync.watch import watch

WAIT = 30  # seconds: a bound so a broken watcher fails instead of hanging, not a speed check


def test_a_pass_that_cannot_write_the_database_is_one_problem_and_the_next_pass_takes_it_in(
    tmp_path, shared, monkeypatch
):
    ana, ben = teammate(tmp_path, "ana", shared), teammate(tmp_path, "ben", shared)
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    before = (event_ids(ben), projection(ben))
    finish = landing.Landing.finish
    full: list[int] = []

    def disk_full_once(self):
        if not full:
            full.append(1)
            raise sqlite3.OperationalError("database or disk is full")
        return finish(self)

    monkeypatch.setattr(landing.Landing, "finish", disk_full_once)
    reports: queue.Queue = queue.Queue()
    stop = threading.Event()
    escaped: list[BaseException] = []

    def watching() -> None:
        try:
            watch(ben, reports.put, stop, poll_seconds=0.3)
        except BaseException as exc:
            escaped.append(exc)
            reports.put(None)

    thread = threading.Thread(target=watching, daemon=True)
    thread.start()
    try:
        first = reports.get(timeout=WAIT)
        assert first is not None, escaped
        assert [(p.file, p.reason, p.retry) for p in first.problems] == [
            (
                str(ben.home.database),
                "cannot write here now (database or disk is full): nothing taken in this time",
                True,
            )
        ]
        assert (event_ids(ben), projection(ben)) == before  # nothing half taken in
        while (got := reports.get(timeout=WAIT)) is not None and not got.imported_events:
            pass
        assert got is not None, escaped
        assert event_ids(ana) <= event_ids(ben) and projection(ben) == projection(ana)
    finally:
        stop.set()
        thread.join(WAIT)
    assert not thread.is_alive() and escaped == []
