"""An invitation's expiry is judged on a lead's clock, not the joiner's: a joiner who sets its clock back to
use an expired code is refused on every replica, in any order of arrival; a join made in time still counts.
"""

from __future__ import annotations

import pytest
from sync_support import sync_once, teammate
from test_sync_retire_watermark import Wall, join

from baton.core.team import membership

DAY = 24 * 3600 * 1000


@pytest.fixture
def crew(tmp_path, shared):
    wall = Wall()
    ana = teammate(tmp_path, "ana", shared, role="lead", wall=wall)
    membership.found(ana)
    sync_once(ana)
    ben = join(tmp_path, shared, ana, "ben", wall)
    for replica in (ana, ben):
        sync_once(replica)
    return ana, ben, wall


def members(replica) -> set[str]:
    return {m.user for m in replica.store.roster().members()}


@pytest.mark.parametrize("ben_first", [False, True], ids=["lead-first", "member-first"])
def test_a_join_with_a_clock_set_back_after_expiry_is_refused_everywhere(tmp_path, shared, crew, ben_first):
    ana, ben, wall = crew
    code = membership.invite(ana, "cal", days=1)
    sync_once(ana)
    made = wall.now
    wall.now += 3 * DAY  # the code has expired for everyone on the team
    cal = teammate(tmp_path, "cal", shared, wall=lambda: made + 1000)  # cal's clock set back to the code's day
    membership.join(cal, code)  # joins without reading the folder first: its stamp is cal's to choose
    [joined] = [e for e in cal.store.roster_events() if e["kind"] == "member_joined"]
    assert int(joined["hlc"][:16]) < code.expires  # the join claims a time before the expiry
    sync_once(cal)
    if ben_first:
        sync_once(ben)  # ben meets the join before any lead has said the code expired
    said = sync_once(ana)  # the lead's copy says the code expired unused before it takes anything in
    assert any("expired unused" in w for w in said.warnings)
    assert any("cal is not on the team" in p.reason for p in said.problems)  # cal's segment is kept aside
    sync_once(ben)
    for replica in (ana, ben):
        assert members(replica) == {"ana", "ben"}, replica.user
        for refused in [r for r in replica.store.roster().refused if r.kind == "member_joined"]:
            assert "expired before a lead saw it used" in refused.reason  # where the join was taken in


def test_a_join_in_time_still_counts_and_is_not_lapsed_later(tmp_path, shared, crew):
    ana, ben, wall = crew
    cal = join(tmp_path, shared, ana, "cal", wall)
    sync_once(ana)
    wall.now += 30 * DAY  # long after the code's expiry
    said = sync_once(ana)
    assert not any("expired unused" in w for w in said.warnings)
    sync_once(ben)
    sync_once(cal)
    for replica in (ana, ben, cal):
        assert members(replica) == {"ana", "ben", "cal"}, replica.user


def test_joining_through_the_folder_with_a_clock_set_back_is_refused_in_one_line(tmp_path, shared, crew):
    from baton.core.errors import NotAllowed
    from baton.sync.run import import_only

    ana, ben, wall = crew
    code = membership.invite(ana, "cal", days=1)
    sync_once(ana)
    made = wall.now
    wall.now += 3 * DAY
    sync_once(ana)
    cal = teammate(tmp_path, "cal", shared, wall=lambda: made + 1000)
    import_only(cal)  # what `baton init --invite` does first
    with pytest.raises(NotAllowed, match="expired"):
        membership.join(cal, code)
    assert "cal" not in members(cal)


def test_a_teammate_whose_clock_runs_days_ahead_does_not_expire_a_fresh_invitation(tmp_path, shared, crew):
    from sync_support import use_wall

    from baton.sync.run import import_only

    ana, ben, wall = crew
    use_wall(ben, lambda: wall.now + 10 * DAY)  # ben's laptop thinks it is ten days later
    ben.create("relay", "From the future", "ana")
    sync_once(ben)
    sync_once(ana)
    code = membership.invite(ana, "cal", days=7)
    sync_once(ana)
    cal = teammate(tmp_path, "cal", shared, wall=wall)
    import_only(cal)  # cal's clock stamps now follow ben's, ten days ahead
    membership.join(cal, code)
    sync_once(cal)
    for replica in (ana, ben, cal):
        sync_once(replica)
    for replica in (ana, ben, cal):
        assert members(replica) == {"ana", "ben", "cal"}, replica.user


def test_a_lead_back_from_days_offline_does_not_lapse_another_leads_invitation_used_in_time(tmp_path, shared, crew):
    """dan, a second lead, is offline while ana invites cal and cal joins; back after the expiry, dan's copy
    has not seen the join yet. Only ana, who made the code, says it lapsed, so cal stays on every copy."""
    ana, ben, wall = crew
    code = membership.invite(ana, "dan", role="lead")
    sync_once(ana)
    dan = teammate(tmp_path, "dan", shared, wall=wall)
    membership.join(dan, code)
    sync_once(dan)
    sync_once(ana)
    assert "dan" in members(ana) and ana.store.roster().is_lead("dan")
    invited = membership.invite(ana, "cal")
    sync_once(ana)
    sync_once(dan)  # dan's copy has the invitation, then dan goes offline
    cal = teammate(tmp_path, "cal", shared, wall=wall)
    membership.join(cal, invited)  # in time
    sync_once(cal)
    sync_once(ana)
    wall.now += 30 * DAY  # long after the code's expiry; dan has still not seen cal's join
    assert "cal" not in members(dan)
    said = sync_once(dan)
    print(
        "WARN",
        said.warnings,
        dan.store.roster().is_lead("dan"),
        [(i.by, i.expires, wall.now) for i in dan.store.roster().invites.values()],
        dan.store.roster().used,
    )
    assert not any("expired unused" in w for w in said.warnings)
    for replica in (ana, ben, cal, dan):
        sync_once(replica)
    for replica in (ana, ben, cal, dan):
        assert members(replica) == {"ana", "ben", "cal", "dan"}, replica.user


def test_a_lead_whose_clock_runs_ahead_does_not_end_a_code_early_elsewhere_nor_keep_it_alive(tmp_path, shared, crew):
    """ana's clock jumps two days ahead the day she invites cal: her copy says the code lapsed at once. ben's copy,
    whose clock is right, waits with that word until its own clock reaches the expiry (one line says why), then
    takes it in: a clock ahead neither ends the code early here, nor keeps it alive past its expiry."""
    from sync_support import use_wall

    from baton.core.team.roster import TEAM_STREAM
    from baton.sync.run import import_only

    ana, ben, wall = crew
    code = membership.invite(ana, "cal", days=1)
    sync_once(ana, now=wall)
    use_wall(ana, lambda: wall.now + 2 * DAY)
    said = sync_once(ana, now=lambda: wall.now + 2 * DAY)
    assert any("expired unused" in w for w in said.warnings)  # ana's copy, by ana's clock
    lapse = [e for e in ana.store.roster_events() if e["kind"] == "invite_revoked"]
    assert len(lapse) == 1 and lapse[0]["payload"]["lapsed"] is True

    waiting = sync_once(ben, now=wall)
    assert code.id not in ben.store.roster().revoked
    assert [i.id for i in ben.store.roster().pending_invites(wall.now)] == [code.id]
    [line] = [p for p in waiting.problems if "ahead of yours" in p.reason]
    assert "ana's copy says an invitation expired unused" in line.reason and line.retry
    assert not {e["id"] for e in lapse} & {e["id"] for e in ben.store.roster_events()}
    assert sync_once(ben, now=wall).problems == waiting.problems  # read again, still waiting, nothing else

    cal = teammate(tmp_path, "cal", shared, wall=wall)
    import_only(cal, now=wall)  # what `baton init --invite` does first: the lapse waits there too
    membership.join(cal, code)  # not refused as expired: by cal's clock it has not
    assert "cal" in members(cal)

    wall.now = code.expires + 60_000  # ben's own clock passes the expiry: the lapse counts now
    later = sync_once(ben, now=wall)
    assert not any("ahead of yours" in p.reason for p in later.problems)
    assert code.id in ben.store.roster().revoked
    assert {e["id"] for e in lapse} <= {e["id"] for e in ben.store.roster_events() if e["handoff"] == TEAM_STREAM}
    for replica in (cal, ana, ben, cal):
        sync_once(replica, now=wall)
    assert members(ana) == members(ben)  # the same verdict everywhere once every clock has got there


def test_a_lapse_stamped_ahead_counts_at_once_when_this_clock_has_passed_the_expiry(tmp_path, shared, crew):
    from sync_support import use_wall

    ana, ben, wall = crew
    code = membership.invite(ana, "cal", days=1)
    sync_once(ana, now=wall)
    wall.now = code.expires + 3_600_000  # an hour after the expiry for everyone
    use_wall(ana, lambda: wall.now + 2 * DAY)  # and ana's clock two days ahead as well
    sync_once(ana, now=lambda: wall.now + 2 * DAY)
    report = sync_once(ben, now=wall)
    assert not any("ahead of yours" in p.reason for p in report.problems)
    assert code.id in ben.store.roster().revoked
