"""An insider with a valid key, through a real shared folder: lead-only roster changes, one invitation used by two
devices at once, and a clock stamped far ahead. Each must count nowhere or converge, said once, no traceback."""

from __future__ import annotations

import contextlib

import pytest
from sync_support import event_ids, projection, sync_once, teammate, use_wall
from test_sync_attacks import baton_sync, crew, raw, same_everywhere, settle  # noqa: F401 - the fixture

from baton.core.errors import NotAllowed
from baton.core.team import membership
from baton.core.team.keys import DeviceKey
from baton.core.team.roster import TEAM_STREAM

DAY = 86_400_000


def overreach(ana, cleo):
    """Roster changes only a lead (or the person themself) may make, each signed by member ben's own key."""
    checklist = {"id": "relay", "version": 99, "from_stage": "a", "to_stage": "b", "items": []}
    [invite] = list(ana.store.roster().invites.values())[:1]
    return {
        "publishes a checklist": ("checklist_published", {"checklist": checklist}, "only a lead can publish"),
        "records an invitation for a member": (
            "member_invited",
            {"invite": invite.as_payload()},
            "the invitation does not match who recorded it",
        ),
        "revokes a lead's invitation": (
            "invite_revoked",
            {"invite": invite.id},
            "only a lead, or whoever made the invitation, can revoke it",
        ),
        "retires cleo's device": (
            "device_retired",
            {"user": "cleo", "key": cleo.store.roster().devices_of("cleo")[0].key},
            "only a lead can retire a device",
        ),
        "records cleo away": (
            "member_away",
            {"user": "cleo", "start": "2030-01-01", "end": "2030-01-02"},
            "only cleo or a lead can record cleo's time away",
        ),
        "renames cleo": ("member_set", {"user": "cleo", "name": "Mallory"}, "only cleo or a lead can change"),
        "makes cleo a lead": ("member_set", {"user": "cleo", "role": "lead"}, "only a lead can change roles"),
    }


ATTEMPTS = [
    "publishes a checklist",
    "records an invitation for a member",
    "revokes a lead's invitation",
    "retires cleo's device",
    "records cleo away",
    "renames cleo",
    "makes cleo a lead",
]


@pytest.mark.parametrize("attempt", ATTEMPTS)
def test_a_members_signed_lead_only_change_counts_nowhere(crew, monkeypatch, attempt):  # noqa: F811
    ana, ben, cleo, handoff = crew
    code = membership.invite(ana, "dan")  # an invitation of ana's, pending
    settle(ana, ben, cleo)
    before = ana.store.roster()
    kind, payload, reason = overreach(ana, cleo)[attempt]
    forged = raw(ben, kind, TEAM_STREAM, payload, DeviceKey.load(ben.home.device_key))
    for replica in (ben, ana, cleo, ana):
        baton_sync(replica, monkeypatch)
    for replica in (ana, cleo, ben):
        roster = replica.store.roster()
        [refused] = [r.reason for r in roster.refused if r.event_id == forged["id"]]
        assert refused.startswith(reason), (replica.user, refused)
        assert roster.member("cleo") == before.member("cleo"), replica.user
        assert [d.until for d in roster.devices_of("cleo")] == [None]
        assert set(roster.checklists) == set(before.checklists)
    assert code.id in {i.id for i in ana.store.roster().pending_invites(ana.wall())}
    same_everywhere(ana, ben, cleo)


def test_one_invitation_used_by_two_devices_at_once_enrols_one_everywhere(tmp_path, shared, crew):  # noqa: F811
    """dan types his code on his laptop and his desktop before either has synced: one join counts, the same one
    on every replica; the other device is told it is not on the team, and its work waits aside, lost nowhere."""
    ana, ben, cleo, handoff = crew
    code = membership.invite(ana, "dan")
    sync_once(ana)
    laptop = teammate(tmp_path, "dan", shared, device="-laptop")
    desktop = teammate(tmp_path, "dan", shared, device="-desktop")
    for device in (laptop, desktop):
        sync_once(device)
        membership.join(device, code)
    for device in (laptop, desktop):
        sync_once(device)
    for replica in (ana, ben, cleo, laptop, desktop, ana, ben, cleo, laptop, desktop):
        sync_once(replica)
    keys = {membership.device_key(d.home).public: d for d in (laptop, desktop)}
    enrolled = [{d.key for d in r.store.roster().devices_of("dan")} for r in (ana, ben, cleo, laptop, desktop)]
    assert all(found == enrolled[0] for found in enrolled) and len(enrolled[0]) == 1
    [winner_key] = enrolled[0]
    winner = keys[winner_key]
    loser = next(d for d in (laptop, desktop) if d is not winner)
    with pytest.raises(NotAllowed, match="not on the team"):
        loser.comment(handoff, "from the device that lost")
    winner.comment(handoff, "from the device that counts")
    for replica in (winner, ana, ben, cleo):
        sync_once(replica)
    report = sync_once(loser)
    said = [w for w in report.warnings if "this device is not on the team" in w]
    assert len(said) == 1, report.warnings
    assert "from the device that counts" in [r[0] for r in loser.store.query("SELECT text FROM comments")]
    # The losing join is kept aside by a copy that had the winning one first, and taken in (never applied) by a
    # copy that met it first: logs may differ by that inert event, what everyone sees may not.
    for replica in (ben, cleo):
        extra = event_ids(replica) ^ event_ids(ana)
        rows = [*replica.store.event_rows(), *ana.store.event_rows()]
        assert {r["replica"] for r in rows if r["id"] in extra} <= {loser.config.replica_id}, replica.user
        assert projection(replica) == projection(ana), replica.user
        assert replica.store.roster().version() == ana.store.roster().version(), replica.user
    assert projection(winner)["comments"] == projection(ana)["comments"]


@pytest.mark.parametrize("days", [20, 400])
def test_a_member_stamping_far_ahead_does_not_lock_anyone_out_and_blames_only_that_clock(
    tmp_path,
    shared,
    crew,  # noqa: F811
    days,
):
    """ben's clock runs weeks (or a year) ahead: a year is quarantined; weeks are taken in, warned about, and
    later edits by anyone still win. The warning names ben, not the teammates whose stamps moved up after him."""
    ana, ben, cleo, handoff = crew
    real = ana.wall
    use_wall(ben, lambda: real() + days * DAY)
    ben.comment(handoff, "from the future")
    membership.set_member(ben, "ben", name="Ben of the future")
    sync_once(ben)
    first = sync_once(ana)
    ana.comment(handoff, "ana, after reading ben")
    membership.set_member(ana, "ben", name="Ben")
    sync_once(ana)
    report = sync_once(cleo)
    ahead = [w for w in [*first.warnings, *report.warnings] if "clock is about" in w]
    assert all(w.startswith("ben's clock") for w in ahead), ahead
    if days == 20:
        assert any(w.startswith("ben's clock") for w in report.warnings), report.warnings
    for replica in (ana, ben, cleo, ana, ben, cleo):
        with contextlib.suppress(Exception):
            sync_once(replica)
    for replica in (ana, cleo):
        assert replica.store.roster().member("ben").name == "Ben", replica.user
        texts = [r[0] for r in replica.store.query("SELECT text FROM comments")]
        assert "ana, after reading ben" in texts
    assert event_ids(ana) == event_ids(cleo)
    assert projection(ana) == projection(cleo)


def _comment_id(replica, handoff):
    return next(iter(replica.store.query("SELECT id FROM comments WHERE handoff_id = ?", (handoff,))))[0]


OTHERS_STEPS = {
    "sets an answer": ("item_set", lambda ana, h: {"item": "summary", "value": "cleo was here"}),
    "waives an item": ("waived", lambda ana, h: {"item": "summary", "reason": "not needed, trust me"}),
    "returns it": ("returned", lambda ana, h: {"reason": "cleo says no"}),
    "recalls the send": ("recalled", lambda ana, h: {}),
    "retracts ana's comment": ("comment_retracted", lambda ana, h: {"comment": _comment_id(ana, h)}),
}


@pytest.mark.parametrize("attempt", sorted(OTHERS_STEPS))
def test_a_member_taking_someone_elses_step_is_not_applied_anywhere(crew, monkeypatch, attempt):  # noqa: F811
    """cleo, on the team but neither sender nor receiver nor lead, writes a step of ana's or ben's."""
    import random

    from baton.core.demo import fill

    ana, ben, cleo, _ = crew
    handoff = ana.create("sales-to-onboarding", "Known checklist", "ben")
    fill(ana, handoff, ana.state(handoff).template, random.Random(1))
    ana.comment(handoff, "ana's own words")
    ana.send(handoff)
    settle(ana, ben, cleo)
    before, row = projection(ana), dict(ana.store.handoff_row(handoff))
    kind, payload = OTHERS_STEPS[attempt]
    forged = raw(cleo, kind, handoff, payload(ana, handoff))
    for replica in (cleo, ana, ben, ana):
        baton_sync(replica, monkeypatch)
    for replica in (ana, ben, cleo):
        conflicts = [r[0] for r in replica.store.query("SELECT event_id FROM conflicts")]
        assert forged["id"] in conflicts, (replica.user, attempt)
        after, now = projection(replica), dict(replica.store.handoff_row(handoff))
        same = ("status", "owner", "next_actor", "receiver", "sender", "sent_at", "return_count", "blockers")
        assert {k: now.get(k) for k in same} == {k: row.get(k) for k in same}, replica.user
        assert after["items"] == before["items"] and after["comments"] == before["comments"], replica.user
