"""Keys typed faster than screens open are never lost: each waits until the screen it was typed for is ready.

`burst` hands the app every key at once, as a terminal does when someone types ahead of a slow
machine (Pilot's `press` waits for the app between keys, which hides the problem).
"""

from __future__ import annotations

import asyncio

import pytest
from test_app_support import FrozenClock, settle, team
from textual import events
from textual.widgets import Input, OptionList

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.new_handoff import NewHandoffScreen
from baton.tui.screens.queues import QueuesScreen

SIZE = (80, 24)
NAMES = {" ": "space", "-": "minus", ".": "full_stop", "/": "slash", ":": "colon"}


def burst(app, *keys: str) -> None:
    """Every key at once: single characters as typed, longer names as special keys."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(NAMES.get(key, key), key))
        else:
            app.post_message(events.Key(key, "\r" if key == "enter" else None))


async def while_the_tab_is_read(app, seconds: float = 0.3) -> None:
    """Once the tab switched to is being read, a while for the keys typed after it to (wrongly) get through.

    Counted in event-loop time, not in Pilot's pauses: each of those waits for the app to be idle, which it is not
    while keys wait, so twenty of them could outlast how long keys wait at most (first_frame.SCREEN_WAIT_SECONDS)
    on a loaded machine, and the test would see the bound instead of the behaviour."""
    for _ in range(500):
        if app.screen.query_one("#queue").reading:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(seconds)


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


async def test_text_typed_after_an_enter_on_a_row_still_being_read_goes_to_the_handoff_it_opens(tmp_path, monkeypatch):
    import threading

    from baton.tui.widgets import queue_table

    go = threading.Event()
    read = queue_table.read_first_page

    def slow_read(*args, **kwargs):  # the Outbox's rows take their time, as on a loaded machine
        go.wait(30)
        return read(*args, **kwargs)

    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Maya's draft", "ben")
    for item, value in {"signed": True, "summary": "Forty seats, annual", "start": "2025-12-01"}.items():
        maya.set_item(handoff, item, value)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#scopes").active = "inbox"
        await settle(pilot)
        app.screen.query_one("#queue").focus()
        await pilot.pause()
        monkeypatch.setattr(queue_table, "read_first_page", slow_read)
        # The Outbox, its first row opened before it is read, then a link typed: its "n" (new handoff) and "a"
        # (open / all) are for the handoff's field, not for the queue
        burst(app, "right", "enter", *"https://crm.example.com/deals/na", "enter")
        await while_the_tab_is_read(app)
        assert isinstance(app.screen, QueuesScreen) and app.screen.table.queue.open_only  # nothing reached it
        go.set()
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        assert maya.state(handoff).values.get("crm") == "https://crm.example.com/deals/na"


async def test_down_typed_while_another_tab_is_read_moves_on_that_tabs_rows(tmp_path, monkeypatch):
    import threading

    from baton.tui.widgets import queue_table

    go = threading.Event()
    read = queue_table.read_first_page

    def slow_read(*args, **kwargs):
        go.wait(30)
        return read(*args, **kwargs)

    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    maya.create("kit", "Older draft", "ben")
    clock.advance(hours=1)
    second = maya.create("kit", "Newer draft", "ben")
    clock.advance(hours=1)
    maya.create("kit", "Newest draft", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#scopes").active = "inbox"  # empty: its count is 0
        await settle(pilot)
        app.screen.query_one("#queue").focus()
        await pilot.pause()
        monkeypatch.setattr(queue_table, "read_first_page", slow_read)
        burst(app, "right", "down", "enter")
        await while_the_tab_is_read(app)
        go.set()
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen) and app.screen.handoff_id == second


async def test_esc_leaves_a_screen_still_reading_without_waiting_for_it(tmp_path, monkeypatch):
    import threading

    from baton.core import metrics
    from baton.tui.screens.dashboard import DashboardScreen

    go = threading.Event()
    report = metrics.report

    def slow_report(*args, **kwargs):  # a big team's figures
        go.wait(30)
        return report(*args, **kwargs)

    monkeypatch.setattr(metrics, "report", slow_report)
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+d")
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, DashboardScreen) and not app.screen.ready_for_keys
        await pilot.press("escape")
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, QueuesScreen)  # out at once, the figures still being read
        go.set()
        await settle(pilot)


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
async def test_enter_typed_right_after_tab_lands_where_the_tab_went(tmp_path, turns):
    """Tab then Enter from a reason box, as one burst: the Enter presses the button the Tab reached, never a new
    line in the box the Tab left (the Tab's trip back to the app to move the focus may still be under way,
    `turns` of the event loop after it was typed)."""
    import asyncio

    from test_app_support import KIT_DONE
    from textual.widgets import Static, TextArea

    from baton.tui.screens.answer import AnswerScreen

    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in KIT_DONE.items():
        maya.set_item(handoff, item, value)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AnswerScreen)
        box = dialog.query_one("#reason", TextArea)
        await pilot.press(*"one")
        await settle(pilot)
        app.post_message(events.Key("tab", "\t"))
        for _ in range(turns):
            await asyncio.sleep(0)
        app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert box.text == "one"
        assert "two words" in str(dialog.query_one(".error", Static).render())  # pressed: core refused one word
