"""The whole handoff, driven through the app: create, fill, blocked send, send, return, fix, accept.

Every step is checked in the database, not only on the screen.
"""

from __future__ import annotations

import pytest
from test_app_support import KIT_DONE, FrozenClock, new_handoff_form, said, settle, status_of, team
from textual.widgets import Input, OptionList, Select, TextArea

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.answer import AnswerScreen
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.widgets.gate_panel import GatePanel
from baton.tui.widgets.item_input import ItemInput

SIZE = (120, 40)


async def type_into(pilot, selector: str, text: str, submit: bool = True) -> None:
    """Click an input, type (the last key for real, the rest pasted), and press Enter (which saves an item)."""
    await pilot.click(selector)
    widget = pilot.app.screen.query_one(selector, Input)
    widget.value = text[:-1]
    widget.cursor_position = len(widget.value)
    await pilot.press(text[-1])
    if submit:
        await pilot.press("enter")
    await settle(pilot)


async def choose(pilot, selector: str, label: str) -> None:
    """Open a Select and pick the option whose label starts with `label`, by keyboard."""
    select = pilot.app.screen.query_one(selector, Select)
    select.focus()
    await pilot.press("enter")
    await pilot.pause()
    labels = [str(prompt) for prompt, _ in select._options]
    await pilot.press("home")
    for _ in range(next(i for i, text in enumerate(labels) if text.startswith(label))):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)


async def pick(pilot, selector: str, label: str) -> None:
    """Move an OptionList's highlight to the option whose label starts with `label`, by keyboard."""
    options = pilot.app.screen.query_one(selector, OptionList)
    options.focus()
    await pilot.press("home")
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    for _ in range(next(i for i, text in enumerate(labels) if text.startswith(label))):
        await pilot.press("down")
    await settle(pilot)


def handoff_ids(replica) -> list[str]:
    return [r["id"] for r in replica.store.query("SELECT id FROM handoffs ORDER BY created_at")]


@pytest.mark.long
async def test_full_round_trip(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    home = Home(tmp_path)

    # -- Maya creates a handoff from the `kit` template for Ben.
    app = BatonApp(maya, home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await new_handoff_form(pilot)
        await pilot.press(*"every kind")
        await pilot.press("enter")
        await pilot.press(*"Acme - 40 seats")
        await pick(pilot, "#to", "Ben Carter")
        await pilot.click("#create")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        [handoff] = handoff_ids(maya)
        row = maya.store.handoff_row(handoff)
        assert (row["template_id"], row["title"], row["receiver"], row["status"]) == (
            "kit",
            "Acme - 40 seats",
            "ben",
            "draft",
        )

        # -- A wrong value is refused by core, shown inline, and nothing is stored.
        await type_into(pilot, "#item-start #input", "next week")
        problem = str(app.screen.query_one("#item-start .item-problem").render())
        assert "not in the form YYYY-MM-DD" in problem
        assert "start" not in maya.state(handoff).values
        assert app.screen.query_one("#item-start #input", Input).value == "next week"  # kept for fixing
        app.screen.query_one("#item-start #input", Input).value = ""

        # -- Fill part of it, then try to send while blocked.
        await pilot.click("#item-signed #input")
        await settle(pilot)
        await type_into(pilot, "#item-summary #input", "Forty seats, annual, invoiced quarterly")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status_of(maya, handoff) == "draft"
        assert app.screen.query_one("#item-start #input").has_focus  # the first blocker
        gate_text = str(app.screen.query_one("#gate-blockers").render())
        assert "Agreed start date: missing" in gate_text
        assert any("cannot send" in n.message for n in said(app))
        assert app.screen.query_one("#send").disabled

        # -- Every other kind of item.
        await type_into(pilot, "#item-start #input", "2025-12-01")
        await type_into(pilot, "#item-crm #input", "https://crm.example.com/deals/42")
        await type_into(pilot, "#item-seats #input", "40")
        await choose(pilot, "#item-plan #input", "enterprise")
        # The conditional item appears only for enterprise, and then blocks.
        security = app.screen.query_one("#item-security", ItemInput)
        assert security.display
        assert "security" in [b.item_id for b in maya.state(handoff).blockers()]
        await choose(pilot, "#item-plan #input", "growth")
        assert not security.display
        values = maya.state(handoff).values
        assert values == KIT_DONE
        assert "Ready to send" in str(app.screen.query_one(GatePanel).query_one("#gate-title").render())
        assert not app.screen.query_one("#send").disabled
        await pilot.click("#send")
        await settle(pilot)
        assert status_of(maya, handoff) == "sent"

    # -- Ben finds it in his inbox, refuses a one-word reason, then returns it.
    clock.advance(hours=2)
    app = BatonApp(ben, home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen) and app.screen.handoff_id == handoff
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)
        app.screen.query_one("#reason", TextArea).focus()
        await pilot.press(*"incomplete")
        await pilot.click("#return")
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)
        assert "two words" in str(app.screen.query_one(".error").render())
        assert status_of(ben, handoff) == "sent"
        app.screen.query_one("#reason", TextArea).text = ""
        app.screen.query_one("#reason", TextArea).focus()
        app.screen.query_one("#reason", TextArea).insert("Seats: the order form says 45, not 4")
        await pilot.press("0")
        await pilot.click("#return")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        assert status_of(ben, handoff) == "returned"
        assert ben.state(handoff).return_reason == "Seats: the order form says 45, not 40"

    # -- Maya fixes the item and sends again.
    clock.advance(hours=1)
    app = BatonApp(maya, home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right")  # Outbox: returned to me
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        assert "Seats: the order form says 45" in str(app.screen.query_one("#summary").render())
        await type_into(pilot, "#item-seats #input", "45")
        assert maya.state(handoff).values["seats"] == 45
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status_of(maya, handoff) == "sent"

    # -- Ben accepts: it is his now.
    app = BatonApp(ben, home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.click("#accept")
        await settle(pilot)
        row = ben.store.handoff_row(handoff)
        assert (row["status"], row["owner"]) == ("accepted", "ben")


KIT_VALUES = {
    "signed": True,
    "summary": "Forty seats, annual",
    "start": "2025-12-01",
    "crm": "https://crm.example.com/deals/42",
    "seats": 40,
    "plan": "growth",
}


def hook(home: Home, name: str, script: str) -> None:
    home.hooks.mkdir(parents=True, exist_ok=True)
    path = home.hooks / name
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(0o755)


async def test_hook_outcomes_show_as_notifications(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    home = Home(tmp_path)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in KIT_VALUES.items():
        maya.set_item(handoff, item, value)
    hook(home, "on-send", 'echo "cannot reach the chat server" >&2; exit 2')
    hook(home, "on-accept", 'cat >/dev/null; echo "posted to #onboarding"')

    app = BatonApp(maya, home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status_of(maya, handoff) == "sent"  # a failing hook never undoes the change
        [failed] = [n for n in said(app) if "hook" in n.message]
        assert failed.message == "hook on-send failed (exit 2): cannot reach the chat server"
        assert failed.severity == "warning"

    app = BatonApp(ben, home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.click("#accept")
        await settle(pilot)
        assert status_of(ben, handoff) == "accepted"
        [posted] = [n for n in said(app) if "hook" in n.message]
        assert (posted.message, posted.severity) == ("hook on-accept: posted to #onboarding", "information")


async def test_a_hook_that_hangs_is_stopped_and_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("BATON_HOOK_TIMEOUT", "0.3")
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    home = Home(tmp_path)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in KIT_VALUES.items():
        maya.set_item(handoff, item, value)
    maya.send(handoff)
    hook(home, "on-return", "sleep 30")
    app = BatonApp(ben, home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        app.screen.query_one("#reason", TextArea).insert("Seats: the order form says 45")
        await pilot.click("#return")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        assert status_of(ben, handoff) == "returned"  # the change stands; the hook was stopped
        [slow] = [n for n in said(app) if "hook" in n.message]
        assert (slow.message, slow.severity) == (
            "hook on-return failed: took longer than 0.3 s and was stopped",
            "warning",
        )
