"""The export reads the event log in row order (there is no index by replica), and passes a teammate's events
once: the next export starts from where the last one looked, unless that row number may have been given again.
"""

from __future__ import annotations

import pytest
from conftest import Wall
from sync_support import event_ids, fill, sync_once, teammate

from baton.sync import ledger as ledger_module
from baton.sync.ledger import EXPORT_LOOKED, Ledger


@pytest.fixture(autouse=True)
def look_ahead_from_one_row(monkeypatch):
    """The mark is recorded once an export has passed LOOK_AHEAD rows (1,000): here, any."""
    monkeypatch.setattr(ledger_module, "LOOK_AHEAD", 1)


def own_ids(replica) -> set[str]:
    rows = replica.store.conn.execute("SELECT id FROM events WHERE replica = ?", (replica.config.replica_id,))
    return {r[0] for r in rows}


def pair(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    wall = Wall()
    ana, ben = teammate(tmp_path, "ana", shared, wall), teammate(tmp_path, "ben", shared, wall)
    for replica in (ana, ben, ana):
        sync_once(replica)
    handoff = ana.create("relay", "Acme", "ben")
    fill(ana, handoff)
    ana.send(handoff)
    sync_once(ana)
    sync_once(ben)  # ben takes ana's events in (a sync exports first, then imports)
    sync_once(ben)  # and its export looks past them: ben has nothing of its own to write
    return ana, ben


def last_seq(replica) -> int:
    return int(replica.store.conn.execute("SELECT max(seq) FROM event_log").fetchone()[0])


def test_an_export_after_an_import_starts_past_the_teammates_events_it_looked_at(tmp_path):
    ana, ben = pair(tmp_path)
    ledger = Ledger(ben.store)
    assert ledger.unexported_after() == last_seq(ben) > ledger.cursor()[0]
    ben.comment(ben.store.query("SELECT id FROM handoffs").fetchone()[0], "Thanks, on it.")
    sync_once(ben)
    sync_once(ana)
    assert own_ids(ben) and own_ids(ben) <= event_ids(ana)


def test_a_row_number_given_again_after_the_last_row_went_is_still_exported(tmp_path):
    ana, ben = pair(tmp_path)
    store = ben.store
    looked = last_seq(ben)
    last = store.conn.execute("SELECT id FROM logged_events WHERE seq = ?", (looked,)).fetchone()[0]
    with store.writing():
        store.delete_event(last)  # as sync/duplicates.py takes out a copy that lost
    handoff = ben.create("relay", "Globex", "ana")
    first = store.conn.execute(
        "SELECT min(seq) FROM logged_events WHERE replica = ?", (ben.config.replica_id,)
    ).fetchone()[0]
    assert first == looked  # SQLite gave the number again: a mark trusted blindly would skip this event
    assert Ledger(store).unexported_after() < looked
    sync_once(ben)
    sync_once(ana)
    assert own_ids(ben) <= event_ids(ana)
    assert ana.store.state(handoff).title == "Globex"


def test_a_few_rows_past_the_mark_are_not_recorded(tmp_path, monkeypatch):
    monkeypatch.setattr(ledger_module, "LOOK_AHEAD", 1000)
    _, ben = pair(tmp_path)
    assert ben.store.meta(EXPORT_LOOKED) is None
    assert Ledger(ben.store).unexported_after() == 0


def test_a_cursor_moved_back_exports_everything_again(tmp_path):
    ana, ben = pair(tmp_path)
    handoff = ben.store.query("SELECT id FROM handoffs").fetchone()[0]
    ben.comment(handoff, "Thanks, on it.")
    sync_once(ben)
    ana.comment(handoff, "Great.")
    sync_once(ana)
    sync_once(ben)
    sync_once(ben)
    ledger = Ledger(ben.store)
    assert ledger.unexported_after() > ledger.cursor()[0] > 0
    with ben.store.writing():
        ledger.advance(0, 0)  # as a tool that writes every own event again does
    assert ledger.unexported_after() == 0
