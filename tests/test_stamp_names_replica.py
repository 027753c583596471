"""An event's clock stamp names the replica that wrote it: a line stamped with a teammate's id is not taken in.

The replica id in a stamp breaks ties between replicas. A member who stamps an accept exactly like the lead's
reassignment it raced, under the lead's id, would sort it where the lead's own events sit and win the tie.
Every line an import reads is refused with one reason when its stamp names another replica than its own
`replica`; `baton doctor` lists such an event already stored; what baton writes itself always matches.
"""

from __future__ import annotations

import json

import pytest
from sync_support import fill, segments, sync_once, teammate
from test_attack_borrowed_ids import forged_segment
from test_sync_attacks import crew, same_everywhere, settle  # noqa: F401 - the fixture

from baton.core.checkup import unusable_events
from baton.core.demo import build_demo
from baton.core.event_check import stamp_problem
from baton.core.home import Home
from baton.core.ids import new_id
from baton.core.store import Store
from baton.core.team import membership
from baton.sync import segment
from baton.sync.run import sync_once as sync_report
from baton.sync.wire import BadLine, event_row

REASON = "hlc: its clock stamp names another replica than the event's own"


def line(replica: str, stamped: str) -> bytes:
    event = {"v": 1, "id": "a" * 32, "handoff": "b" * 32, "kind": "accepted", "at": 1_763_740_000_000,
             "hlc": f"0001763740000000-0003-{stamped}", "author": "ben", "replica": replica, "payload": {}}  # fmt: skip
    return json.dumps(event, separators=(",", ":")).encode()


def test_the_stamp_names_the_events_own_replica() -> None:
    assert stamp_problem("0001763740000000-0000-" + "c" * 16, "c" * 16) is None
    assert stamp_problem("0001763740000000-0000-" + "c" * 16, "d" * 16) == REASON
    assert stamp_problem("0001763740000000-0000-" + "c" * 16, "c" * 12) == REASON  # a prefix is another id
    assert event_row(line("c" * 16, "c" * 16))["hlc"].endswith("c" * 16)
    with pytest.raises(BadLine) as refused:
        event_row(line("c" * 16, "d" * 16))
    assert refused.value.reason == f"wrong shape: {REASON}" and not refused.value.retry


def test_an_accept_under_the_leads_stamp_is_not_taken_in(crew) -> None:  # noqa: F811
    ana, ben, cleo, handoff = crew
    membership.publish(ana, ana.catalog().get("relay").template.as_dict())
    fill(ana, handoff)
    ana.send(handoff)
    settle(ana, ben, cleo)
    moved = ana.reassign(handoff, "cleo")  # the lead moves the step away from ben
    sync_once(ana)
    accept = {"id": new_id(ben.config.replica_id), "handoff": handoff, "kind": "accepted", "hlc": moved.hlc,
              "at": moved.at, "author": "ben", "replica": ben.config.replica_id, "payload": {}}  # fmt: skip
    forged_segment(ben, [accept])
    for replica in (ana, cleo):
        report = sync_report(replica)
        assert any(REASON in p.reason for p in report.problems), (replica.user, report.problems)
    settle(ana, cleo)
    for replica in (ana, cleo):
        row = replica.store.handoff_row(handoff)
        assert (row["status"], row["receiver"]) == ("sent", "cleo"), replica.user
        assert replica.store.rows_by_id([accept["id"]]) == [], replica.user
    same_everywhere(ana, cleo)


def test_doctor_lists_a_stored_event_stamped_with_another_id(tmp_path) -> None:
    ana = teammate(tmp_path, "ana", None)
    handoff = ana.create("relay", "Acme", "ben")
    stamp = f"{ana.wall():016d}-0000-{'d' * 16}"
    with ana.store.writing():
        ana.store.conn.execute(
            "INSERT INTO events (id, handoff_id, kind, hlc, at, author, replica, payload) VALUES (?,?,?,?,?,?,?,?)",
            (new_id(), handoff, "commented", stamp, int(stamp[:16]), "ana", ana.config.replica_id, '{"text": "hi"}'),
        )
    assert [u.reason for u in unusable_events(ana.store)] == [REASON]


def test_nothing_baton_writes_names_another_replica(tmp_path, crew) -> None:  # noqa: F811
    """The demo's team (one store, five writers) and a team's segments, roster events included, all match."""
    build_demo(Home(tmp_path / "demo"))
    store = Store(Home(tmp_path / "demo").database)
    assert next(store.query("SELECT COUNT(*) FROM events"))[0] > 100
    assert unusable_events(store) == []
    store.close()
    ana, ben, cleo, handoff = crew
    for replica in (ana, ben, cleo):
        for path in segments(replica):
            for raw in segment.decode(path.read_bytes()).lines:
                event_row(raw)  # BadLine if any stamp named another replica
        assert unusable_events(replica.store) == [], replica.user
