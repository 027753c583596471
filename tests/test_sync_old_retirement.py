"""Retirements and removals written by an older baton name no watermark, so they ended devices by stamp, which a
stolen key (or a removed person) backdates around. A lead's copy names the watermark on its next sync, and from then
on such a device is judged like one retired with it, on every replica, whatever its stamps claim."""

from __future__ import annotations

import pytest
from sync_support import projection, sync_once
from test_sync_retire_watermark import crew, join, stolen, titles  # noqa: F401  (fixture)

from baton.core.team import membership


def older_baton(ana, kind, payload):
    """A roster change as a baton from before watermarks wrote it: no `upto`."""
    key = membership.device_key(ana.home)
    membership._write(ana, membership._build(ana, kind, payload, key))


def ben_device(ana):
    [device] = [d for d in ana.store.roster().devices_of("ben") if d.until is None]
    return device


@pytest.mark.parametrize("kind", ["device_retired", "member_removed"])
def test_a_backdated_segment_after_an_older_retirement_or_removal_counts_nowhere(tmp_path, crew, kind):  # noqa: F811
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    ben.create("relay", "Written before the loss", "ana")
    sync_once(ben)
    sync_once(ana)
    sync_once(dan)
    thief = stolen(tmp_path, ben, wall.now - 10_000)  # stamps everything before the retirement
    device = ben_device(ana)
    payload = {"user": "ben", "key": device.key} if kind == "device_retired" else {"user": "ben"}
    older_baton(ana, kind, payload)
    [ended] = [e for e in ana.store.roster_events() if e["kind"] == kind]
    assert "upto" not in ended["payload"]
    thief.create("relay", "Forged with a stolen key", "ana")
    sync_once(thief)

    said = sync_once(ana)  # the lead's copy names the watermark before it takes anything in
    assert any("named no last segment" in w and device.fingerprint in w for w in said.warnings)
    marks = [e for e in ana.store.roster_events() if e["kind"] == kind and "upto" in e["payload"]]
    assert len(marks) == 1
    assert not any(r.event_id == marks[0]["id"] for r in ana.store.roster().refused)
    assert not any("named no last segment" in w for w in sync_once(ana).warnings)  # once
    sync_once(dan)
    cal = join(tmp_path, tmp_path / "shared", ana, "cal", wall)  # arrives later, from the folder alone
    sync_once(cal)
    for replica in (ana, dan, cal):
        assert titles(replica) == ["Written before the loss"], replica.user
    assert projection(ana)["handoffs"] == projection(dan)["handoffs"] == projection(cal)["handoffs"]


def test_two_leads_marking_one_older_retirement_at_once_agree(tmp_path, crew):  # noqa: F811
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    membership.set_member(ana, "dan", role="lead")
    ben.create("relay", "Before", "ana")
    sync_once(ben)
    for replica in (ana, dan):
        sync_once(replica)
    older_baton(ana, "device_retired", {"user": "ben", "key": ben_device(ana).key})
    sync_once(ana)
    sync_once(dan)  # dan's copy marks it too, perhaps before ana's mark arrives
    sync_once(ana)
    sync_once(dan)
    sync_once(ana)
    assert ana.store.roster().watermarks == dan.store.roster().watermarks
    assert len(ana.store.roster().watermarks) == 1
    assert ana.store.roster().version() == dan.store.roster().version()


def test_a_copy_from_before_segment_origins_still_retires_with_a_watermark(tmp_path, crew):  # noqa: F811
    """A lead's copy that took a folder in before segments' origins were recorded fills them from its ledger, so
    the retirement it writes names the last segment it took in, not a stamp."""
    people, wall = crew
    ana, ben = people["ana"], people["ben"]
    ben.create("relay", "Before", "ana")
    sync_once(ben)
    sync_once(ana)
    with ana.store.lock, ana.store.writing():
        ana.store.conn.execute("DELETE FROM event_origins")  # as a copy from before they were recorded
    assert membership._watermark(ana, ben.config.replica_id) is None
    sync_once(ana)
    device = ben_device(ana)
    membership.retire_device(ana, "ben", device.fingerprint)
    [retirement] = [e for e in ana.store.roster_events() if e["kind"] == "device_retired"]
    assert retirement["payload"]["upto"]["seq"] >= 1


def test_a_lead_demoted_by_an_older_baton_backdating_lead_actions_gains_nothing(tmp_path, crew):  # noqa: F811
    from sync_support import use_wall

    from baton.core.hlc import Clock as StampClock

    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    membership.set_member(ana, "ben", role="lead")
    for replica in (ana, ben, dan, ana):
        sync_once(replica)
    early = wall.now + 1
    older_baton(ana, "member_set", {"user": "ben", "role": "member"})  # a demotion naming no watermark
    said = sync_once(ana)
    assert any("was demoted by an older baton" in w for w in said.warnings)
    use_wall(ben, lambda: early)
    ben.clock = StampClock(ben.config.replica_id, None, wall=lambda: early)  # ben sets his clock back
    membership.set_member(ben, "dan", role="lead")  # a lead's act, stamped before the demotion
    sync_once(ben)
    sync_once(ana)
    sync_once(dan)
    for replica in (ana, dan):
        roster = replica.store.roster()
        assert not roster.is_lead("dan") and not roster.is_lead("ben"), replica.user
    assert ana.store.roster().version() == dan.store.roster().version()
