"""Every text field of the first-run screen edits its line as Textual's Input does everywhere in the app: Ctrl+A
goes to the start of the line (no app command takes it), Ctrl+E to its end, Ctrl+D, Ctrl+K and Ctrl+U delete, and
the time zone's guess, chosen whole when the field is reached, is edited like any other text."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app_support import FrozenClock, settle
from textual.widgets import Input

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.first_run import FirstRunScreen

FIELDS = ("user", "name", "tz", "invite", "sync-dir")


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_line_keys_act_alike_in_every_field_of_the_first_run(tmp_path, size):
    app = BatonApp(None, Home(Path(tmp_path) / "new-home"), clock=FrozenClock())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FirstRunScreen)
        for name in FIELDS:
            field = screen.query_one(f"#{name}", Input)
            field.value = ""
            field.focus()
            await pilot.press(*"bc", "ctrl+a", "a", "ctrl+e", *"xd", "left", "ctrl+d", "ctrl+a", "ctrl+k")
            await settle(pilot)
            assert (field.value, field.cursor_position) == ("", 0), name
            await pilot.press(*"zz", "ctrl+a", "ctrl+e", "ctrl+u", *"ok", "ctrl+a", "ctrl+d")
            await settle(pilot)
            assert app.screen is screen and app.focused is field, name
            assert (field.value, field.cursor_position) == ("k", 0), name
        zone = screen.query_one("#tz", Input)
        zone.value = "Etc/UTC"
        screen.query_one("#invite", Input).value = ""  # the role is offered again: one Tab more to the zone
        await settle(pilot)
        screen.query_one("#name", Input).focus()
        await pilot.press("tab", "tab")  # past the role: the guess chosen whole, as the field is reached
        await settle(pilot)
        assert app.focused is zone and zone.selected_text == "Etc/UTC"
        await pilot.press("ctrl+a", *"X")  # to the start, the choice let go: nothing typed over
        assert zone.value == "XEtc/UTC"
