"""Clocks across replicas: skew is warned about and survived, absurd stamps wait, ties resolve the same everywhere."""

from __future__ import annotations

from conftest import Wall
from sync_support import event_ids, projection, sync_once, teammate, use_wall

from baton.core.hlc import Stamp

HOUR = 3_600_000
DAY = 24 * HOUR


def item_value(replica, handoff, item):
    return replica.store.conn.execute(
        "SELECT value, set_by FROM items WHERE handoff_id = ? AND item_id = ?", (handoff, item)
    ).fetchone()


def test_a_clock_ten_hours_fast_is_warned_about_and_later_edits_still_win(tmp_path, shared):
    true_time = Wall()
    fast = Wall(true_time.now + 10 * HOUR)
    ana = teammate(tmp_path, "ana", shared, true_time)
    ben = teammate(tmp_path, "ben", shared, fast, role="lead")  # a lead may fill ana's checklist
    handoff = ana.create("relay", "Acme deal", "cal")
    sync_once(ana)
    sync_once(ben)
    ben.set_item(handoff, "summary", "Summary from ben's fast laptop")
    sync_once(ben)
    report = sync_once(ana, now=lambda: true_time.now)
    [warning] = report.warnings
    assert warning.startswith("ben's clock is about 10 h ahead")
    assert report.problems == [] and report.imported_events == 1
    # ana's clock moved past ben's stamp: what she does next orders after it, though her wall clock is behind.
    assert Stamp.parse(ana.clock.last).wall_ms >= fast.now - 10
    assert ana.store.meta("clock") == ana.clock.last
    later_summary = "Summary written after seeing ben's edit"
    ana.set_item(handoff, "summary", later_summary)
    assert tuple(item_value(ana, handoff, "summary")) == (f'"{later_summary}"', "ana")
    # ben fixes his clock; his next change is still ordered after his earlier one, and nothing is lost.
    use_wall(ben, Wall(true_time.now + 1000))
    ben.comment(handoff, "clock fixed now")
    sync_once(ana)
    sync_once(ben)
    sync_once(ana)
    assert event_ids(ana) == event_ids(ben)
    assert projection(ana) == projection(ben)
    assert [r[0] for r in ana.store.query("SELECT text FROM comments")] == ["clock fixed now"]
    assert tuple(item_value(ben, handoff, "summary")) == (f'"{later_summary}"', "ana")


def test_a_stamp_more_than_30_days_ahead_is_quarantined_until_time_catches_up(tmp_path, shared):
    true_time = Wall()
    absurd = Wall(true_time.now + 40 * DAY)
    ana = teammate(tmp_path, "ana", shared, true_time)
    ben = teammate(tmp_path, "ben", shared, true_time)
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    sync_once(ben)
    use_wall(ana, absurd)
    ana.comment(handoff, "from the year 2100")
    sync_once(ana)
    clock_before = ben.clock.last
    report = sync_once(ben, now=lambda: true_time.now)
    [problem] = report.problems
    assert problem.retry and "quarantined" in problem.reason
    assert report.imported_events == 0 and ben.clock.last == clock_before
    assert ben.store.conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 0
    ben.comment(handoff, "local writes keep working")
    later = true_time.now + 20 * DAY
    report = sync_once(ben, now=lambda: later)
    assert report.imported_events == 1 and report.problems == []
    assert any("ana's clock is about" in w for w in report.warnings)


def test_two_edits_in_the_same_millisecond_resolve_the_same_everywhere(tmp_path, shared):
    frozen = [1_763_740_000_000]
    ana = teammate(tmp_path, "ana", shared, lambda: frozen[0])
    lea = teammate(tmp_path, "lea", shared, lambda: frozen[0], role="lead")
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    sync_once(lea)
    frozen[0] += 1000
    ana.set_item(handoff, "code", "ANA-1")
    lea.set_item(handoff, "code", "LEA-2")
    for _ in range(2):
        sync_once(ana)
        sync_once(lea)
    winner = "ana" if ana.config.replica_id > lea.config.replica_id else "lea"
    expected = '"ANA-1"' if winner == "ana" else '"LEA-2"'
    stamps = [Stamp.parse(r[0]) for r in ana.store.query("SELECT hlc FROM events WHERE kind = 'item_set'")]
    assert len({(s.wall_ms, s.counter) for s in stamps}) == 1  # a true tie, broken by the replica id
    assert tuple(item_value(ana, handoff, "code")) == tuple(item_value(lea, handoff, "code")) == (expected, winner)
    assert projection(ana) == projection(lea)
