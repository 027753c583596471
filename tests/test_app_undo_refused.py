"""A lead demoted since her waiver is not offered Ctrl+Z ("Undo mine") for it, and pressing it says core's
reason, the words `baton undo` prints; the waiver stands.

The app asked only whether she had a change to take back, not whether the rules would take the undo:
the key showed, and pressing it was refused."""

from __future__ import annotations

from team_support import Clock, team, trade
from test_app_footers import shown_keys
from test_app_support import said, settle

from baton.core.team import membership
from baton.core.undo import undo_refused
from baton.tui.app import BatonApp
from baton.tui.palette import key_commands
from baton.tui.screens.handoff import HandoffScreen

REASON = "only a lead can take back a waiver, and ben is no longer a lead"


def waived_then_demoted(tmp_path, demoted: bool = True):
    people = team(tmp_path, Clock(), members=("ben", "cleo"))
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    membership.set_member(ana, "ben", role="lead")
    trade(ana, ben, cleo)
    handoff = cleo.create("sales-to-onboarding", "Acme onboarding", "ana")
    trade(ana, ben, cleo)
    ben.waive(handoff, "crm-record", "already in the old system")
    trade(ana, ben, cleo)
    if demoted:
        membership.set_member(ana, "ben", role="member")
        trade(ana, ben, cleo)
    return ben, handoff


async def open_as_ben(pilot, app, handoff) -> None:
    await settle(pilot)
    app.push_screen(HandoffScreen(handoff))
    await settle(pilot)
    app.screen.set_focus(None)  # Ctrl+Z outside a text field (in one it undoes the typing)
    await settle(pilot)


async def test_a_demoted_lead_is_not_offered_undo_of_her_waiver_and_is_told_why(tmp_path):
    ben, handoff = waived_then_demoted(tmp_path)
    assert undo_refused(ben.state(handoff), "ben", ben.store.rules, ben.is_lead) == REASON
    events = len(list(ben.store.event_rows()))
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_as_ben(pilot, app, handoff)
        assert "Undo mine" not in shown_keys(app)
        assert "Undo mine" not in [c.title for c in key_commands(app, app.screen)]
        before = len(said(app))
        await pilot.press("ctrl+z")
        await settle(pilot)
        [note] = said(app)[before:]
        assert (note.title, note.message, note.severity) == ("Undo mine", REASON[0].upper() + REASON[1:], "warning")
    assert len(list(ben.store.event_rows())) == events  # nothing written
    assert "crm-record" in ben.state(handoff).waivers


async def test_a_lead_still_undoes_her_waiver(tmp_path):
    ben, handoff = waived_then_demoted(tmp_path, demoted=False)
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_as_ben(pilot, app, handoff)
        assert "Undo mine" in shown_keys(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
    assert "crm-record" not in ben.state(handoff).waivers
