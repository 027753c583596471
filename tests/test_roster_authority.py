"""Lead authority comes from the roster at the event's stamp, on every path; attacks seen from the victim's side."""

from __future__ import annotations

import random

import pytest

from baton.core.config import load_config, save_config
from baton.core.demo import fill
from baton.core.errors import NotAllowed
from baton.core.events import Event
from baton.core.ids import new_id
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.roster import BEFORE_TEAM, not_on_team
from tests.team_support import Clock, person, team, trade
from tests.team_support import forged as _forged


def _draft(replica: Replica, to: str) -> str:
    return replica.create("sales-to-onboarding", "Acme onboarding", to)


def test_a_member_who_edits_his_config_to_lead_cannot_waive(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    ben = people["ben"]
    config = load_config(ben.home)
    save_config(ben.home, config.with_(role="lead"))
    ben = Replica.open(ben.home, wall=clock)
    handoff = _draft(ben, "ana")
    assert not ben.is_lead
    with pytest.raises(NotAllowed, match="only a lead can waive"):
        ben.waive(handoff, "crm-record", "not needed this time")


def test_a_forged_as_lead_flag_is_refused_on_the_victims_replica(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock, members=("ben", "cleo"))
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    handoff = _draft(cleo, "ana")
    trade(ana, ben, cleo)
    _forged(ben, handoff, "waived", {"item": "crm-record", "reason": "trust me on this", "as_lead": True})
    _forged(ben, handoff, "reassigned", {"to": "ben", "from": "cleo", "as_lead": True})
    _forged(ben, handoff, "cancelled", {"reason": "not needed any more", "as_lead": True})
    trade(ana, ben, cleo)
    for replica in (ana, cleo):
        state = replica.state(handoff)
        assert "crm-record" not in state.waivers
        assert state.sender == "cleo"
        reasons = [c.reason for c in state.conflicts]
        assert any("only a lead can waive" in r for r in reasons)
        assert any("or a lead can reassign" in r for r in reasons)
        assert any("or a lead can cancel" in r for r in reasons)
        assert state.status == "draft"


def test_a_demoted_lead_loses_authority_from_the_demotion_on(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock, members=("ben", "cleo"))
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    membership.set_member(ana, "ben", role="lead")
    trade(ana, ben, cleo)
    handoff = _draft(cleo, "ana")
    trade(ana, ben, cleo)
    ben.waive(handoff, "crm-record", "already in the old system")
    membership.set_member(ana, "ben", role="member")
    # Ben has not seen his demotion yet; his next waiver is stamped after it.
    ben.clock.observe(ana.clock.tick())
    _forged(ben, handoff, "waived", {"item": "plan", "reason": "the plan is obvious here"})
    trade(ana, ben, cleo)
    for replica in (ana, ben, cleo):
        state = replica.state(handoff)
        assert "crm-record" in state.waivers
        assert "plan" not in state.waivers
        assert [c.reason for c in state.conflicts] == ["only a lead can waive an item"]


def test_a_removed_members_later_events_are_kept_not_applied(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock, members=("ben", "cleo"))
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    handoff = _draft(cleo, "ben")
    trade(ana, ben, cleo)
    membership.remove(ana, "ben")
    ben.clock.observe(ana.clock.tick())
    _forged(ben, handoff, "commented", {"text": "I still have access"})
    trade(ana, ben, cleo)
    state = cleo.state(handoff)
    assert state.comments == []
    assert [c.reason for c in state.conflicts] == ["ben was removed from the team by ana"]
    assert len(ben.store.event_rows()) == len(cleo.store.event_rows())  # kept in the log


def test_an_impostor_home_is_not_applied_and_named_on_every_replica(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock, members=("ben",))
    ana, ben = people["ana"], people["ben"]
    draft = ana.create("sales-to-onboarding", "Ana's own draft", "ben")
    sent = ben.create("sales-to-onboarding", "Acme onboarding", "ana")
    fill(ben, sent, ben.state(sent).template, random.Random(3))
    ben.send(sent)
    trade(ana, ben)
    fake = person(tmp_path / "elsewhere", "ana", clock)  # `baton init --user ana`, not Ana
    trade(ana, ben, fake)
    with pytest.raises(NotAllowed, match=not_on_team("ana")):
        fake.cancel(draft, "not needed any more, sorry")
    _forged(fake, draft, "cancelled", {"reason": "not needed any more, sorry"})
    _forged(fake, sent, "accepted", {})
    trade(ana, ben, fake)
    forged = {e["id"] for e in fake.store.event_rows() if e["replica"] == fake.config.replica_id}
    for replica in (ana, ben):  # the real Ana's replica included
        assert replica.state(draft).status == "draft"
        assert replica.state(sent).status == "sent"
        # Held, as a replica that kept its segment aside holds it: in the log, never folded (Roster.judge).
        assert forged <= {e["id"] for e in replica.store.event_rows()}
        for handoff in (draft, sent):
            assert replica.state(handoff).conflicts == []
        assert replica.store.roster().writer_problem("ana", fake.config.replica_id, "9").reason == not_on_team("ana")


def test_events_from_before_the_team_stay_applied_and_are_marked(tmp_path):
    clock = Clock()
    ana = person(tmp_path, "ana", clock, role="lead")
    ben = person(tmp_path, "ben", clock)
    handoff = ben.create("sales-to-onboarding", "Acme onboarding", "ana")
    trade(ana, ben)
    ana.waive(handoff, "crm-record", "the old system has it")
    trade(ana, ben)
    membership.found(ana)
    trade(ana, ben)
    for replica in (ana, ben):
        state = replica.state(handoff)
        assert "crm-record" in state.waivers
        assert all(entry.reason == BEFORE_TEAM for entry in state.history)
        assert state.conflicts == []


def test_an_unapproved_checklist_is_flagged_and_its_send_refused(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    ana, ben = people["ana"], people["ben"]
    source = tmp_path / "lax.toml"
    from importlib import resources

    text = resources.files("baton.checklists").joinpath("sales-to-onboarding.toml").read_text()
    source.write_text(text.replace("required = true", "required = false"))
    ben.home.templates.mkdir(parents=True, exist_ok=True)
    (ben.home.templates / "sales-to-onboarding.toml").write_text(source.read_text())
    handoff = ben.create("sales-to-onboarding", "Acme onboarding", "ana")
    with pytest.raises(NotAllowed, match="unapproved checklist"):
        ben.send(handoff)
    _forged(ben, handoff, "sent", {})
    trade(ana, ben)
    for replica in (ana, ben):
        state = replica.state(handoff)
        assert state.status == "draft"
        assert state.unapproved.startswith("unapproved checklist: sales-to-onboarding v")
        assert "required items made optional: crm-record" in state.unapproved
        assert any(c.kind == "sent" and "unapproved checklist" in c.reason for c in state.conflicts)
        row = dict(next(replica.store.query("SELECT * FROM conflicts WHERE kind = 'created'")))
        assert row["reason"] == state.unapproved
        from baton.tui.screens.handoff_text import summary_text

        assert "unapproved checklist: sales-to-onboarding v" in summary_text(state, {}, replica.wall(), replica.user)


def test_a_member_made_lead_by_a_lead_may_waive_everywhere(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock, members=("ben", "cleo"))
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    handoff = _draft(cleo, "ana")
    membership.set_member(ana, "ben", role="lead")
    trade(ana, ben, cleo)
    assert ben.is_lead
    ben.waive(handoff, "crm-record", "the old system has the record")
    trade(ana, ben, cleo)
    assert all("crm-record" in r.state(handoff).waivers for r in (ana, ben, cleo))


def test_a_backdated_event_gains_nothing_the_roster_did_not_grant(tmp_path):
    clock = Clock()
    ana = person(tmp_path, "ana", clock, role="lead")
    ben = person(tmp_path, "ben", clock, role="lead")  # a lead in his own config, before the team
    cleo = person(tmp_path, "cleo", clock)
    handoff = _draft(cleo, "ana")
    created = cleo.state(handoff).history[0]
    trade(ana, ben, cleo)
    membership.found(ana)
    for user, replica in (("ben", ben), ("cleo", cleo)):
        code = membership.invite(ana, user)
        trade(ana, replica)
        membership.join(replica, code)
    trade(ana, ben, cleo)
    founded = ana.store.roster().founded_at
    assert cleo.state(handoff).history[0].event_id == created.event_id
    # Ben sets his clock between the draft and the founding and waives the old way (`as_lead`).
    event = Event(
        id=new_id(),
        handoff=handoff,
        kind="waived",
        hlc=f"{int(founded[:16]) - 1:016d}-0000-{ben.config.replica_id}",
        at=ben.wall(),
        author="ben",
        replica=ben.config.replica_id,
        payload={"item": "crm-record", "reason": "backdated before the team", "as_lead": True},
    )
    ben.store.append([event.row()])
    trade(ana, ben, cleo)
    for replica in (ana, cleo):
        state = replica.state(handoff)
        assert "crm-record" not in state.waivers
        assert [c.reason for c in state.conflicts] == ["only a lead can waive an item"]
        assert state.history[0].reason == BEFORE_TEAM  # the draft itself is old work the founding vouched for
