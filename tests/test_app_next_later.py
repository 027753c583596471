"""What comes next after an accept can be opened later in the app, as `baton next` does on the command line.

"Not now" in the dialog an accept brings up left no way back to it in the app: the accepted handoff said
nothing of it, and only `baton next ID` opened it. Now its chain line says Ctrl+O opens it, and Ctrl+O does."""

from __future__ import annotations

from test_app_chain import chained, sent_to_ben, text_of
from test_app_support import FrozenClock, settle

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.help import HELP
from baton.tui.screens.next_handoff import NextHandoffScreen


async def test_not_now_then_ctrl_o_opens_the_next_handoff(tmp_path) -> None:
    clock = FrozenClock()
    maya, ben = chained(tmp_path, clock)
    handoff = sent_to_ben(maya)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.click("#accept")
        await settle(pilot)
        assert isinstance(app.screen, NextHandoffScreen)
        await pilot.click("#cancel")  # Not now
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen) and app.screen.handoff_id == handoff
        assert "What comes next is not opened yet · Ctrl+O opens it" in text_of(app, "#chain")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, NextHandoffScreen)
        await pilot.click("#open")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen) and app.screen.handoff_id != handoff
        draft = ben.state(app.screen.handoff_id)
        assert (draft.status, draft.sender) == ("draft", "ben")
        app.pop_screen()
        await settle(pilot)
        assert "Ctrl+O" not in text_of(app, "#chain") and f"Next: {draft.id[:8]}" in text_of(app, "#chain")
        await pilot.press("ctrl+o")  # opened already: the key is not offered
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
    assert "Ctrl+O" in HELP


async def test_the_sender_is_not_offered_what_the_receiver_opens(tmp_path) -> None:
    clock = FrozenClock()
    maya, ben = chained(tmp_path, clock)
    handoff = sent_to_ben(maya)
    ben.accept(handoff)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        assert "Ctrl+O" not in text_of(app, "#chain")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)


async def test_the_dialog_says_whom_the_next_stage_would_pick(tmp_path) -> None:
    """ "the next stage's rule picks" said nobody: the dialog now says whom, and why, as the new-handoff form does,
    and only while that choice is highlighted."""
    from textual.widgets import OptionList

    clock = FrozenClock()
    maya, ben = chained(tmp_path, clock)
    handoff = sent_to_ben(maya)
    ben.accept(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NextHandoffScreen)
        route = dialog.query_one("#route")
        assert str(route.render()).startswith("delivery stage: would be routed to Priya Raman: ")
        assert route.display
        dialog.query_one("#to", OptionList).highlighted = 1  # a person named instead
        await settle(pilot)
        assert not route.display
