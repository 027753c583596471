"""Keys typed faster than screens open are never lost: each waits until the screen it was typed for is ready.

`burst` hands the app every key at once, as a terminal does when someone types ahead of a slow
machine (Pilot's `press` waits for the app between keys, which hides the problem).
"""

from __future__ import annotations

from test_app_support import FrozenClock, settle, team
from textual import events
from textual.widgets import Input, OptionList

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.new_handoff import NewHandoffScreen

SIZE = (80, 24)
NAMES = {" ": "space", "-": "minus", ".": "full_stop", "/": "slash", ":": "colon"}


def burst(app, *keys: str) -> None:
    """Every key at once: single characters as typed, longer names as special keys."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(NAMES.get(key, key), key))
        else:
            app.post_message(events.Key(key, "\r" if key == "enter" else None))


async def test_a_new_handoff_typed_ahead_of_the_dialog_lands_field_by_field(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "n", *"every kind", "enter", *"Acme - 40 seats", "enter", "down", "enter", *"2025-12-01")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewHandoffScreen)
        assert dialog.query_one("#template-search", Input).value == "every kind"
        assert dialog.query_one("#title", Input).value == "Acme - 40 seats"
        receivers = dialog.query_one("#to", OptionList)
        assert receivers.get_option_at_index(receivers.highlighted or 0).id == "ben"
        assert dialog.query_one("#due", Input).value == "2025-12-01"
        assert app.focused is dialog.query_one("#due", Input)


async def test_text_typed_while_a_handoff_opens_lands_in_its_first_open_item(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    maya.set_item(handoff, "signed", True)
    maya.set_item(handoff, "summary", "Forty seats, annual")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#queue").focus()
        await pilot.pause()
        assert app.screen.query_one("#scopes").active == "outbox"  # the draft waits on Maya
        burst(app, "enter", *"2025-12-01", "enter")  # open the draft, type its first blocker
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        assert maya.state(handoff).values.get("start") == "2025-12-01"


async def test_enter_typed_while_a_tab_reads_its_queue_opens_that_tabs_row(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    maya.create("kit", "Maya's draft", "ben")
    clock.advance(hours=1)
    newest = ben.create("kit", "Ben's draft, the newest", "maya")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#scopes").active == "outbox"
        app.screen.query_one("#queue").focus()
        await pilot.pause()
        burst(app, "right", "enter")  # the Team tab, and its first row before it is read
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        assert app.screen.handoff_id == newest


async def test_enter_on_an_empty_queue_opens_nothing_later(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#queue").focus()
        await pilot.press("enter")
        await settle(pilot)
        ben.create("kit", "Ben's draft", "maya")
        app.screen.reload()  # as a sync or the database watcher would
        await settle(pilot)
        assert not isinstance(app.screen, HandoffScreen)
