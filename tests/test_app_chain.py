"""The app's part of routing and chains: whom a new handoff would go to, the window in both people's
time, accepting opens the next handoff (when asked), and an upgrade offered on the handoff screen."""

from __future__ import annotations

from test_app_support import KIT, FrozenClock, new_handoff_form, settle, team
from textual.widgets import Button, OptionList, Static

from baton.core.home import Home
from baton.core.members import set_profile
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.next_handoff import NextHandoffScreen

SIZE = (120, 40)
KIT_CHAINED = KIT.replace("accept_within_hours = 24", 'accept_within = "8 working hours"\nnext = ["kit-next"]', 1)
KIT_NEXT = """
id = "kit-next"
version = 1
title = "Kit next: onboarding hands to delivery"
from_stage = "onboarding"
to_stage = "delivery"
trigger = "Kickoff done"

[[items]]
id = "summary"
text = "What the client bought, in their words"
why = "Delivery must not ask the client again."
kind = "text"
required = true
"""


def chained(tmp_path, clock):
    (tmp_path / "checklists").mkdir(parents=True, exist_ok=True)
    maya, ben = team(tmp_path, clock)
    (tmp_path / "checklists" / "kit.toml").write_text(KIT_CHAINED, encoding="utf-8")
    (tmp_path / "checklists" / "kit-next.toml").write_text(KIT_NEXT, encoding="utf-8")
    set_profile(maya.store, "ben", stages=["onboarding"])
    set_profile(maya.store, "priya", stages=["delivery"])
    return maya, ben


def sent_to_ben(maya) -> str:
    """A kit handoff from Maya, every required answer given, sent to Ben: its id."""
    values = {
        "signed": "yes",
        "summary": "Forty seats, annual",
        "start": "2025-12-01",
        "crm": "https://crm.example.com/1",
    }
    handoff = maya.create("kit", "Acme - 40 seats", values={**values, "seats": "40", "plan": "growth"})
    maya.send(handoff)
    return handoff


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_new_handoff_shows_whom_the_stage_would_pick(tmp_path) -> None:
    clock = FrozenClock()  # Friday 21 Nov 2025, 10:00 UTC: 05:00 for Ben in New York
    maya, _ = chained(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await new_handoff_form(pilot)
        await pilot.press(*"every kind")
        await settle(pilot)
        shown = text_of(app, "#route")
        assert "onboarding stage: would be routed to Ben Carter: starts soonest (Fri 09:00 their time)" in shown


async def test_accept_asks_to_open_the_next_and_the_chain_shows_both_ways(tmp_path) -> None:
    clock = FrozenClock()
    maya, ben = chained(tmp_path, clock)
    handoff = sent_to_ben(maya)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        chain = text_of(app, "#chain")
        assert "Answer by Fri 17:00 your time (window: 8 working hours)" in chain  # 8 of Ben's working hours from 05:00
        assert "Routed to ben: starts soonest" in chain
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.click("#accept")
        await settle(pilot)
        assert isinstance(app.screen, NextHandoffScreen)
        said = str(app.screen.query_one("#next-what", Static).render())
        assert "“Kit next: onboarding hands to delivery”" in said and "kit-next" not in said  # by title, not id
        await pilot.click("#open")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen) and app.screen.handoff_id != handoff
        draft = ben.state(app.screen.handoff_id)
        assert (draft.status, draft.sender, draft.receiver) == ("draft", "ben", "priya")
        assert draft.values == {"summary": "Forty seats, annual"} and "summary" in draft.carried
        assert f"Opened from {handoff[:8]}" in text_of(app, "#chain")
        assert "1 value carried from the previous handoff: each says so below" in text_of(app, "#chain")
        origin = str(app.screen.query_one("#item-summary .item-origin", Static).render())
        assert origin.startswith(f"carried from {maya.state(handoff).title}: ") and " set it " in origin
        app.pop_screen()
        await settle(pilot)
        assert f"Next: {draft.id[:8]}" in text_of(app, "#chain")


async def test_a_newer_checklist_is_offered_and_applied(tmp_path) -> None:
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    newer = KIT.replace("version = 1", "version = 2", 1) + (
        '\n[[items]]\nid = "budget"\ntext = "Who signs the budget"\nwhy = "Change requests need one approver."\n'
    )
    (tmp_path / "checklists" / "kit.toml").write_text(newer, encoding="utf-8")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        assert "A newer checklist: kit v1 → v2 · Ctrl+U upgrades" in text_of(app, "#chain")
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert maya.state(handoff).template.version == 2
        assert "newer checklist" not in text_of(app, "#chain")


async def test_with_nobody_for_the_next_stage_the_dialog_names_a_receiver(tmp_path) -> None:
    clock = FrozenClock()
    maya, ben = chained(tmp_path, clock)
    set_profile(maya.store, "priya", stages=[])  # nobody receives for delivery now
    handoff = sent_to_ben(maya)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.click("#accept")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NextHandoffScreen)
        said = "\n".join(str(s.render()) for s in dialog.query(Static) if s.display)
        assert said.count("nobody can receive for the delivery stage") == 1  # core's refusal, said once, up front
        assert "the Team screen, F6" in said and "baton team set" not in said  # the app's way
        assert "or name the receiver yourself in the list above" in said
        assert dialog.query_one("#open", Button).disabled  # the rule picks: core already said it can pick nobody
        await pilot.click("#open")
        await pilot.press("enter")  # Enter on "the rule picks" moves nowhere: nothing to open it for
        await settle(pilot)
        assert app.screen is dialog and str(dialog.query_one(".error", Static).render()) == ""
        options = dialog.query_one("#to", OptionList)
        assert [str(options.get_option_at_index(i).id) for i in range(options.option_count)] == ["@", "maya", "priya"]
        assert app.focused is options  # where the fix is
        await pilot.press("down")
        await settle(pilot)
        assert not dialog.query_one("#open", Button).disabled  # a named receiver: core routes nothing
        await pilot.press("up")
        await settle(pilot)
        assert dialog.query_one("#open", Button).disabled
        await pilot.press("down", "down", "enter")  # Priya, then the focus moves to "Open it"
        await settle(pilot)
        assert app.focused is app.screen.query_one("#open")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen) and app.screen.handoff_id != handoff
        draft = ben.state(app.screen.handoff_id)
        assert (draft.status, draft.sender, draft.receiver, draft.chain["from"]) == ("draft", "ben", "priya", handoff)
