"""A validly signed starter from a member who lies, or from a damaged copy: what cannot be a store baton wrote is
refused with one line before anything is taken; anything else the next sync finds and makes the segments' again,
with no lasting trace (no hidden event, no false alarm, no forged text, no bookkeeping of the starter's left)."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from sync_support import event_ids, own_folder, projection, sync_once, teammate
from test_sync_retire_watermark import join
from test_sync_starter import _rehash, crew  # noqa: F401 - the fixture

from baton.core.team import membership
from baton.sync import segment, starter
from baton.sync.joining import join_team
from baton.sync.run import import_only


def forged_newcomer(tmp_path, shared, ana, wall, *statements, user="cleo"):
    """`user` joins from ana's starter after `statements` ran in it (signed again with ana's key): (replica,
    the warnings of the join's import)."""
    code = membership.invite(ana, user, stages=["beta"])
    sync_once(ana, fold=True)
    with sqlite3.connect(own_folder(ana) / starter.STARTER_DB) as conn:
        for statement in statements:
            conn.execute(statement)
    _rehash(own_folder(ana), membership.device_key(ana.home))
    mate = teammate(tmp_path, user, shared, wall=wall)
    membership.adopt_team(mate, code)
    report = import_only(mate)
    join_team(mate, code.code())
    return mate, report.warnings


def settle(*replicas):
    for _ in range(2):
        for replica in replicas:
            sync_once(replica)


UNTAKEABLE = {
    "a time that is text": ("UPDATE event_log SET at = 'abc' WHERE seq = 5", "another type"),
    "an id that is a number": (
        "INSERT INTO event_log (id, handoff, kind, hlc, at, author, replica, item, payload, snapshot, snapshot_at) "
        "SELECT 12345, handoff, kind, hlc, at, author, replica, item, payload, snapshot, snapshot_at "
        "FROM event_log WHERE seq = 5",
        "another type",
    ),
    "an id of the wrong length": ("UPDATE event_log SET id = X'0102' WHERE seq = 5", "not one baton writes"),
    "one event twice": (
        "INSERT INTO event_log (id, handoff, kind, hlc, at, author, replica, item, payload, snapshot, snapshot_at) "
        "SELECT id, handoff, kind, hlc, at, author, replica, item, payload, snapshot, snapshot_at "
        "FROM event_log WHERE seq = 5",
        "there twice",
    ),
    "an event of a handoff with no name": ("UPDATE event_log SET handoff = 999999 WHERE seq = 5", "not there"),
    "a checklist text under another's hash": (
        'UPDATE snapshots SET body = replace(body, \'"text":"\', \'"text":"FORGED \')',
        "not the one its hash names",
    ),
    "checklist texts taken away": ("DELETE FROM snapshots", "not there"),
    "a title that is bytes": ("UPDATE handoffs SET title = X'07' WHERE rowid = 1", "another type"),
}


@pytest.mark.parametrize("statement, said", UNTAKEABLE.values(), ids=UNTAKEABLE.keys())
def test_what_baton_never_writes_is_refused_before_anything_is_taken(tmp_path, shared, crew, statement, said):  # noqa: F811
    ana, ben, wall = crew
    cleo, warnings = forged_newcomer(tmp_path, shared, ana, wall, statement)
    assert starter.started_from(cleo) is None
    assert len([w for w in warnings if "ana's starter not used" in w and said in w]) == 1, warnings
    settle(ana, ben, cleo)
    assert event_ids(cleo) == event_ids(ben) and projection(cleo) == projection(ben)


def test_a_changed_checklist_text_is_found_and_folded_again(tmp_path, shared, crew):  # noqa: F811
    ana, ben, wall = crew
    cleo, _ = forged_newcomer(tmp_path, shared, ana, wall, "UPDATE checklist_items SET text = 'FORGED'")
    assert "FORGED" in {r[0] for r in cleo.store.query("SELECT text FROM items")}
    report = sync_once(cleo)
    assert any("ana's starter did not match" in p.reason for p in report.problems)
    assert "FORGED" not in {r[0] for r in cleo.store.query("SELECT text FROM items")}
    settle(ana, ben, cleo)
    assert projection(cleo) == projection(ben)


def test_a_forged_ledger_row_leaves_no_false_tampering_alarm(tmp_path, shared, crew):  # noqa: F811
    """The starter says cleo took in a segment of ben's that does not exist: once ben writes that number, the
    newcomer must take it in like anyone, not cry tampering."""
    ana, ben, wall = crew
    ben_id = ben.config.replica_id
    top = ana.store.conn.execute("SELECT max(seq) FROM sync_segments WHERE source = ?", (ben_id,)).fetchone()[0]
    row = f"'{ben_id}', '{top + 1:06d}-deadbeef.jsonl', {top + 1}, '{'d' * 64}', 'done', 1, 0, NULL"
    cleo, _ = forged_newcomer(tmp_path, shared, ana, wall, f"INSERT INTO sync_segments VALUES ({row})")
    sync_once(cleo)
    handoff = ben.create("sales-to-onboarding", "ben's next", "ana")
    assert handoff
    sync_once(ben)
    report = sync_once(cleo)
    assert not report.trust and not any("TAMPERING" in w.upper() for w in report.warnings)
    assert "ben's next" in {r[0] for r in cleo.store.query("SELECT title FROM handoffs")}


def test_forged_origins_never_hide_a_handoff(tmp_path, shared, crew):  # noqa: F811
    """A row saying a removed member's retired segment brought ana's first handoff would withdraw it: the check
    takes every such row from the segments instead, so the handoff stays, on this fold and every later one."""
    ana, ben, wall = crew
    dan = join(tmp_path, shared, ana, "dan", wall)
    settle(dan, ana)
    membership.remove(ana, "dan")
    settle(ana, ben)
    handoff, target = next(
        iter(ana.store.query("SELECT handoff_id, id FROM events WHERE kind = 'created' AND handoff_id <> '_team'"))
    )
    row = (dan.config.replica_id, 1, 999, "f" * 64, "", json.dumps([target]))
    eve, _ = forged_newcomer(
        tmp_path, shared, ana, wall, f"INSERT INTO event_origins VALUES ({','.join(map(repr, row))})", user="eve"
    )
    sync_once(eve)
    ana.comment(handoff, "poke")
    settle(ana, ben, eve)
    assert target not in eve.store.roster().outlawed
    assert handoff in {r[0] for r in eve.store.query("SELECT id FROM handoffs")}
    assert projection(eve) == projection(ben)


def test_a_removed_member_hiding_the_removal_is_caught_by_the_check(tmp_path, shared, crew):  # noqa: F811
    """ben, removed, claims in his old starter to have read the segment that removes him, so the newcomer skips
    it: until the next sync ben looks like a member; that sync makes the roster the segments' and says so."""
    ana, ben, wall = crew
    sync_once(ben, fold=True)  # ben's starter, from before the removal
    before = {p.name for p in own_folder(ana).glob("*.jsonl")}
    membership.remove(ana, "ben")
    sync_once(ana)
    [removal] = [p for p in own_folder(ana).glob("*.jsonl") if p.name not in before and "snapshot" not in p.name]
    found = segment.read(removal)
    code = membership.invite(ana, "cleo", stages=["beta"])
    sync_once(ana)
    row = (ana.config.replica_id, removal.name, int(removal.name[:6]), found.sha256, "done", 1, 0, None)
    with sqlite3.connect(own_folder(ben) / starter.STARTER_DB) as conn:
        conn.execute("INSERT INTO sync_segments VALUES (?,?,?,?,?,?,?,?)", row)
    _rehash(own_folder(ben), membership.device_key(ben.home))
    cleo = teammate(tmp_path, "cleo", shared, wall=wall)
    join_team(cleo, code.code())
    report = sync_once(cleo)
    assert cleo.store.roster().member("ben") is None
    assert any("ben's starter did not match" in p.reason for p in report.problems)


def test_a_starter_that_cannot_be_written_is_one_line_and_the_fold_stands(tmp_path, shared, crew, monkeypatch):  # noqa: F811
    ana, _, _ = crew

    def full(path):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(starter, "_keep_shared_only", full)
    report = sync_once(ana, fold=True)
    assert [p.reason for p in report.problems if "cannot write your starter" in p.reason]
    assert not (own_folder(ana) / starter.STARTER_FILE).exists()


def test_the_check_leaves_nothing_attached_and_no_scratch_home(tmp_path, shared, crew):  # noqa: F811
    ana, _, wall = crew
    cleo, _ = forged_newcomer(tmp_path, shared, ana, wall, "UPDATE handoffs SET title = 'Forged' WHERE rowid = 1")
    stale = cleo.home.root / ".starter-check-old"
    stale.mkdir()
    os.utime(stale, (0, 0))
    sync_once(cleo)
    assert [r[1] for r in cleo.store.conn.execute("PRAGMA database_list")] == ["main"]
    assert not list(cleo.home.root.glob(".starter-check-*"))
