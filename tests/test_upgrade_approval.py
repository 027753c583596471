"""An upgrade meets the checklist approval a creation meets: on the command, in the app's offer, and through sync."""

from __future__ import annotations

from importlib import resources

import pytest

from baton.core.demo import fill
from baton.core.errors import NotAllowed
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.upgrade import offered, upgrade
from baton.tui.screens.handoff_chain import read_chain
from tests.team_support import Clock, forged, team, trade


def _checklist(version: int, lax: bool) -> str:
    """The built-in sales checklist at `version`; `lax`: every item optional."""
    text = resources.files("baton.checklists").joinpath("sales-to-onboarding.toml").read_text()
    text = text.replace("version = 3", f"version = {version}", 1)
    return text.replace("required = true", "required = false") if lax else text


def _keep(replica: Replica, text: str) -> None:
    """A checklist file in the home's own folder: known to this home, not to the team."""
    replica.home.templates.mkdir(parents=True, exist_ok=True)
    (replica.home.templates / "sales-to-onboarding.toml").write_text(text)


def test_an_upgrade_onto_an_unpublished_checklist_is_refused_and_not_offered(tmp_path):
    people = team(tmp_path, Clock())
    ben = people["ben"]
    handoff = ben.create("sales-to-onboarding", "Acme onboarding", "ana")
    _keep(ben, _checklist(4, lax=True))
    for dry_run in (True, False):
        with pytest.raises(NotAllowed, match="unapproved checklist: sales-to-onboarding v4"):
            upgrade(ben, handoff, dry_run=dry_run)
    state = ben.state(handoff)
    assert state.template is not None and state.template.version == 3
    assert offered(ben, state) is None
    assert read_chain(ben, state).upgrade == []  # the app asks core, and offers nothing


def test_an_upgrade_onto_a_published_checklist_is_offered_and_applies(tmp_path):
    people = team(tmp_path, Clock())
    ana, ben = people["ana"], people["ben"]
    handoff = ben.create("sales-to-onboarding", "Acme onboarding", "ana")
    _keep(ana, _checklist(4, lax=False))
    membership.publish(ana, ana.catalog().get("sales-to-onboarding").template.as_dict())
    trade(ana, ben)
    _keep(ben, _checklist(4, lax=False))
    assert offered(ben, ben.state(handoff)) is not None
    assert read_chain(ben, ben.state(handoff)).upgrade
    upgrade(ben, handoff)
    assert ben.state(handoff).template.version == 4


def test_a_forged_upgrade_arriving_by_sync_is_not_applied_and_its_send_stays_gated(tmp_path):
    people = team(tmp_path, Clock())
    ana, ben = people["ana"], people["ben"]
    handoff = ben.create("sales-to-onboarding", "Acme onboarding", "ana")
    _keep(ben, _checklist(4, lax=True))
    lax = ben.catalog().get("sales-to-onboarding").template.as_dict()
    forged(ben, handoff, "upgraded", {"template": lax, "from_version": 3})
    forged(ben, handoff, "sent", {})
    trade(ana, ben)
    for replica in (ana, ben):
        state = replica.state(handoff)
        assert state.status == "draft"
        assert state.template is not None and state.template.version == 3
        refused = {c.kind: c.reason for c in state.conflicts}
        assert refused["upgraded"].startswith("unapproved checklist: sales-to-onboarding v4")
        assert "the gate did not pass" in refused["sent"]


def test_a_draft_on_an_unpublished_checklist_is_sendable_once_upgraded_onto_a_published_one(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    ana, ben = people["ana"], people["ben"]
    _keep(ben, _checklist(4, lax=True))
    handoff = ben.create("sales-to-onboarding", "Acme onboarding", "ana")
    assert ben.state(handoff).unapproved
    _keep(ana, _checklist(5, lax=False))
    membership.publish(ana, ana.catalog().get("sales-to-onboarding").template.as_dict())
    trade(ana, ben)
    _keep(ben, _checklist(5, lax=False))
    upgrade(ben, handoff)
    state = ben.state(handoff)
    assert state.unapproved == ""  # the send is judged on the checklist the handoff is on now
    import random

    fill(ben, handoff, state.template, random.Random(1))
    ben.send(handoff)
    trade(ana, ben)
    assert ana.state(handoff).status == "sent"


def test_the_command_says_the_refusal_in_one_line_with_what_a_lead_does(tmp_path):
    from conftest import run

    people = team(tmp_path, Clock())
    ben = people["ben"]
    handoff = ben.create("sales-to-onboarding", "Acme onboarding", "ana")
    _keep(ben, _checklist(4, lax=True))
    ben.close()
    refused = run("upgrade", handoff, home=ben.home.root)
    assert refused.returncode != 0 and refused.stdout == ""
    [line] = refused.stderr.strip().splitlines()
    assert line.startswith("baton: unapproved checklist: sales-to-onboarding v4")
    assert line.endswith("(baton templates publish " + str(ben.home.templates / "sales-to-onboarding.toml") + ")")
