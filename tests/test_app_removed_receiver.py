"""In the app, a draft whose receiver a lead removed says what holds it, and its send says where to fix it.

ben wrote the draft for cal before cal's removal reached his copy: the draft is his, with his answers,
and its checklist may well pass. The gate panel says the send is refused and why; Ctrl+S tries, is
refused in core's words with the app's way to give it another receiver (Ctrl+G), and writes nothing.
Once another receiver is named, the same key sends it.
"""

from __future__ import annotations

import random

from team_support import Clock, team, trade
from test_app_support import said, settle
from textual.widgets import Button, Static

from baton.core.demo import fill
from baton.core.receiver_change import change_receiver
from baton.core.receiver_rules import unsent_words
from baton.core.team import membership
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.words import RECEIVER_KEY

REFUSAL = f"{unsent_words('cal', 'ana')} ({RECEIVER_KEY})"


async def test_the_send_of_a_draft_for_a_removed_member_says_why_and_where_to_fix_it(tmp_path) -> None:
    people = team(tmp_path, Clock(), members=("ben", "cal", "dora"))
    ana, ben = people["ana"], people["ben"]
    membership.remove(ana, "cal", reason="left the company")
    handoff = ben.create("sales-to-onboarding", "Acme rollout", "cal")  # his copy has not heard of it yet
    fill(ben, handoff, ben.state(handoff).template, random.Random(3))
    trade(*people.values())
    assert ben.state(handoff).blockers() == []  # the checklist passes: only the receiver holds it
    events = len(list(ben.store.event_rows()))
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(HandoffScreen(handoff))
        await settle(pilot)
        assert str(app.screen.query_one("#gate-title", Static).render()).startswith("✗ Cannot send")
        assert str(app.screen.query_one("#gate-blockers", Static).render()) == f"✗ {REFUSAL}"
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "Your move: give it another receiver (Ctrl+G), then send (Ctrl+S)" in summary
        send = app.screen.query_one("#send", Button)
        assert send.display and send.disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [n.message for n in said(app) if n.title == "send refused"] == [REFUSAL]
        assert len(list(ben.store.event_rows())) == events  # nothing written
        assert ben.state(handoff).status == "draft"
        change_receiver(ben, handoff, "dora")
        app.screen.reload()
        await settle(pilot)
        assert "Ready to send" in str(app.screen.query_one("#gate-title", Static).render())
        assert "complete the checklist, then send" in str(app.screen.query_one("#summary", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        state = ben.state(handoff)
        assert (state.status, state.receiver) == ("sent", "dora")
    for replica in people.values():
        replica.close()


async def test_undo_is_not_offered_when_it_would_name_a_removed_receiver_again(tmp_path) -> None:
    """ben moved his draft from cal to dora; a lead removed cal since: Ctrl+Z would name cal again, which core
    refuses, so the app does not offer it."""
    people = team(tmp_path, Clock(), members=("ben", "cal", "dora"))
    ana, ben = people["ana"], people["ben"]
    handoff = ben.create("sales-to-onboarding", "Acme rollout", "cal")
    change_receiver(ben, handoff, "dora")
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(HandoffScreen(handoff))
        await settle(pilot)
        assert app.screen.check_action("undo", ())  # cal is still on the team: undo names cal again
        trade(*people.values())
        membership.remove(ana, "cal", reason="left the company")
        trade(*people.values())
        app.screen.reload()
        await settle(pilot)
        assert not app.screen.check_action("undo", ())
