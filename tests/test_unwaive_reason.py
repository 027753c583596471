"""Taking a waiver back after a demotion: the refusal says why in its own words, the same for the command
and the app (both ask core), and the waiver stands."""

from __future__ import annotations

import pytest

from baton.core.errors import NotAllowed
from baton.core.team import membership
from tests.team_support import Clock, forged, team, trade


def test_a_demoted_lead_undoing_her_waiver_is_told_she_is_no_longer_a_lead(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock, members=("ben", "cleo"))
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    membership.set_member(ana, "ben", role="lead")
    trade(ana, ben, cleo)
    handoff = cleo.create("sales-to-onboarding", "Acme onboarding", "ana")
    trade(ana, ben, cleo)
    ben.waive(handoff, "crm-record", "already in the old system")
    trade(ana, ben, cleo)
    membership.set_member(ana, "ben", role="member")
    trade(ana, ben, cleo)
    before = ben.store.event_rows()
    with pytest.raises(NotAllowed) as refused:
        ben.undo(handoff)
    assert str(refused.value) == "only a lead can take back a waiver, and ben is no longer a lead"
    assert ben.store.event_rows() == before
    assert "crm-record" in ben.state(handoff).waivers


def test_someone_elses_waiver_taken_back_by_a_member_is_refused_as_taking_back(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock, members=("ben", "cleo"))
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    handoff = cleo.create("sales-to-onboarding", "Acme onboarding", "ana")
    trade(ana, ben, cleo)
    waiver = ana.waive(handoff, "crm-record", "already in the old system").id
    trade(ana, ben, cleo)
    forged(ben, handoff, "unwaived", {"item": "crm-record", "undoes": waiver})
    trade(ana, ben, cleo)
    state = ana.state(handoff)
    assert "crm-record" in state.waivers
    assert [c.reason for c in state.conflicts] == ["only a lead can take back a waiver"]
