"""The app shows teammates' text as typed: `[bold]` reads as `[bold]`, and no escape sequence reaches the terminal.

Every screen and notification is checked on what it would draw (the screenshot holds
the characters the terminal would get).
"""

from __future__ import annotations

import re

from test_app_support import KIT_DONE, FrozenClock, said, settle, team
from textual.widgets import TabbedContent

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.answer import AnswerScreen
from baton.tui.screens.reassign import ReassignScreen
from baton.tui.screens.waive import WaiveScreen

SIZE = (140, 44)
ESC = "\x1b"


def drawn(app) -> str:
    """What the terminal would be sent for the current screen, as text (spaces as spaces)."""
    return re.sub(r"<[^>]+>", "", app.export_screenshot()).replace("&#160;", " ")


def scene(tmp_path, clock):
    maya, ben = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme [bold]40 seats[/bold] [red]x", "ben")
    for item_id, raw in {**KIT_DONE, "summary": f"Forty seats {ESC}[2J{ESC}]0;owned\x07 [i]annual[/i]"}.items():
        maya.set_item(handoff, item_id, raw)
    maya.comment(handoff, f"ping {ESC}[8mhidden{ESC}[0m [link=https://evil.example]here[/link]")
    maya.send(handoff)
    ben.return_(handoff, f"Missing the PO {ESC}[1A{ESC}[2K [b]forged[/b]")
    return maya, ben, handoff


async def test_every_screen_shows_teammates_text_as_typed(tmp_path) -> None:
    clock = FrozenClock()
    maya, _, handoff = scene(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")  # every tab: the returned handoff is in maya's inbox or outbox
        await settle(pilot)
        assert "[bold]40 seats[/bold] [red]x" in drawn(app)
        app.open_handoff(handoff)
        await settle(pilot)
        screens = [drawn(app)]
        for pane in ("comments", "history"):
            app.screen.query_one(TabbedContent).active = pane
            await settle(pilot)
            screens.append(drawn(app))
        for shown in screens:
            assert ESC not in shown and "\x07" not in shown
        summary, comments, history = screens
        assert "[bold]40 seats[/bold] [red]x" in summary
        assert "Forty seats ␛[2J␛]0;owned [i]annual[/i]" in summary  # in the field, shown while editable
        assert "Missing the PO \\x1b[1A\\x1b[2K [b]forged[/b]" in summary
        assert "[link=https://evil.example]here[/link]" in comments and "\\x1b[8mhidden" in comments
        assert "\\x1b[2J\\x1b]0;owned\\x07 [i]annual[/i]" in history
        for dialog in (AnswerScreen, ReassignScreen, WaiveScreen):
            state = maya.state(handoff)
            app.push_screen(dialog(state) if dialog is not ReassignScreen else dialog(state, maya.teammates()))
            await settle(pilot)
            shown = drawn(app)
            assert ESC not in shown and "[bold]40 seats[/bold]" in shown, dialog
            app.pop_screen()
            await settle(pilot)


async def test_notifications_show_markup_and_escapes_as_typed(tmp_path) -> None:
    clock = FrozenClock()
    maya, _, _ = scene(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.notify(f"refused: “[bold]Acme[/bold]” {ESC}[31mred", title="[i]hook[/i]")
        await settle(pilot)
        [told] = [n for n in said(app) if "Acme" in n.message]
        assert told.markup is False  # `[bold]` is shown as typed
        assert told.message == "refused: “[bold]Acme[/bold]” \\x1b[31mred" and told.title == "[i]hook[/i]"


async def test_the_lead_dashboard_shows_return_reasons_as_typed(tmp_path) -> None:
    from test_app_dashboard import open_dashboard

    clock = FrozenClock()
    maya, _, _ = scene(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_dashboard(pilot)
        await settle(pilot)
        shown = drawn(app)
        assert ESC not in shown
        assert "Missing the PO \\x1b[1A\\x1b[2K [b]forged[/b]" in shown
