"""Work from before the team keeps the rules it was written under (the `as_lead` flag), for the events the
founding vouched for. A member whose old folder the founding vouched for cannot write new work stamped among
that old work and have it judged by the old rules: what the founder's copy had not taken in is not vouched for."""

from __future__ import annotations

import os

import pytest
from sync_support import own_folder, projection, segments, sync_once, teammate
from test_sync_trust import join

from baton.core.events import Event
from baton.core.team import membership
from baton.sync import segment
from baton.sync.exporter import wire_line


def test_a_member_backdating_among_his_old_vouched_work_gains_no_lead_flag(tmp_path, shared):
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    cleo = teammate(tmp_path, "cleo", shared)
    handoff = cleo.create("sales-to-onboarding", "Acme onboarding", "ana")
    created = max(e["hlc"] for e in cleo.store.event_rows())
    for replica in (cleo, ben, ana):
        sync_once(replica)
    ben.comment(handoff, "old work, before the team")
    for replica in (ben, ana, cleo):
        sync_once(replica)
    membership.found(ana)
    sync_once(ana)
    vouched = ana.store.roster().legacy[ben.config.replica_id]
    assert created < vouched
    for user in ("ben", "cleo"):
        mate = {"ben": ben, "cleo": cleo}[user]
        code = membership.invite(ana, user)
        sync_once(ana)
        sync_once(mate)
        membership.join(mate, code)
        sync_once(mate)
    for replica in (ana, ben, cleo):
        sync_once(replica)
    # ben's modified baton: a waiver the old way, stamped between the draft and his own old comment
    wall = int(created[:16])
    event = Event(
        id=os.urandom(16).hex(),
        handoff=handoff,
        kind="waived",
        hlc=f"{wall:016d}-0009-{ben.config.replica_id}",
        at=ben.wall(),
        author="ben",
        replica=ben.config.replica_id,
        payload={"item": "crm-record", "reason": "backdated among my old work", "as_lead": True},
    )
    assert created < event.hlc < vouched
    ben.store.append([event.row()])
    for replica in (ben, ana, cleo, ana):
        sync_once(replica)
    for replica in (ana, cleo):
        state = replica.state(handoff)
        assert "crm-record" not in state.waivers, replica.user
        assert [c.reason for c in state.conflicts] == ["only a lead can waive an item"], replica.user
    assert projection(ana) == projection(cleo)


def old_team(tmp_path, shared):
    """ana (lead), ben and cleo: ben and ana wrote before the team, which ana founded; cleo joined after."""
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    sync_once(ben)
    ben.comment(handoff, "old work, before the team")
    sync_once(ben)
    sync_once(ana)
    membership.found(ana)
    sync_once(ana)
    for user in ("ben",):
        code = membership.invite(ana, user)
        sync_once(ana)
        sync_once(ben)
        membership.join(ben, code)
        sync_once(ben)
    cleo = join(tmp_path, shared, ana, "cleo")
    for replica in (ana, ben, cleo, ana):
        sync_once(replica)
    return ana, ben, cleo, handoff


@pytest.mark.parametrize("victim", ["ana", "ben", "cleo"])
@pytest.mark.parametrize("seq", [50, "next"])
def test_a_folder_writer_cannot_slip_an_unsigned_old_segment_into_a_teammates_folder(tmp_path, shared, victim, seq):
    """Someone with only write access to the folder drops an unsigned segment, every event stamped before the
    founding, into a teammate's folder: the team vouched for old work it had seen, not for this."""
    ana, ben, cleo, handoff = old_team(tmp_path, shared)
    target = {"ana": ana, "ben": ben, "cleo": cleo}[victim]
    founded = ana.store.roster().founded_at
    created = min(e["hlc"] for e in ana.store.event_rows() if e["handoff_id"] == handoff)
    wall = int(created[:16])
    row = (
        os.urandom(16).hex(),
        handoff,
        "commented",
        f"{wall:016d}-0007-{target.config.replica_id}",
        wall + 1,
        victim,
        target.config.replica_id,
        '{"text":"forged by someone with the folder"}',
    )
    assert row[3] < founded
    number = seq if isinstance(seq, int) else next_seq(target)
    segment.write(own_folder(target), number, [wire_line(row)])
    dan = join(tmp_path, shared, ana, "dan")  # a newcomer reads the whole folder
    for replica in (ana, ben, cleo, dan, ana, ben, cleo, dan):
        sync_once(replica)
    for replica in (ana, ben, cleo, dan):
        texts = [r[0] for r in replica.store.query("SELECT text FROM comments")]
        assert "forged by someone with the folder" not in texts, replica.user
        assert "old work, before the team" in texts, replica.user
    assert projection(ana)["comments"] == projection(dan)["comments"] == projection(cleo)["comments"]


def next_seq(replica):
    return max(segment.parse_name(p.name).seq for p in segments(replica)) + 1


def test_unsigned_segments_from_before_keys_still_count_for_a_newcomer(tmp_path, shared):
    """The founder's and a teammate's old unsigned segments, which the founding vouches for by its marks."""
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    [path] = segments(ana)
    lines = segment.read(path).lines
    path.unlink()
    segment.write(own_folder(ana), 1, lines)  # as the release before keys wrote it
    sync_once(ben)
    ben.comment(handoff, "written before keys")
    [row] = ben.store.conn.execute(
        "SELECT id, handoff_id, kind, hlc, at, author, replica, payload FROM events WHERE kind = 'commented'"
    ).fetchall()
    segment.write(own_folder(ben), 1, [wire_line(tuple(row))])
    sync_once(ana)
    membership.found(ana)
    founding = max(ana.store.roster_events(), key=lambda e: e["hlc"])
    assert founding["payload"]["upto"][ben.config.replica_id]["seq"] == 1
    assert founding["payload"]["own_upto"] == 1
    sync_once(ana)
    cleo = join(tmp_path, shared, ana, "cleo")
    report = sync_once(cleo)
    assert [r[0] for r in cleo.store.query("SELECT title FROM handoffs")] == ["Acme deal"]
    assert [r[0] for r in cleo.store.query("SELECT text FROM comments")] == ["written before keys"]
    assert not any("kept aside" in p.reason for p in report.problems)
