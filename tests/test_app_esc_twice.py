"""Esc over typed text asks "Drop what you typed?"; Esc again drops it and leaves, as people expect Esc twice to.

Esc in that question meant "Keep editing": Esc, Esc, Esc went back and forth for good. The question now says its
keys, and the screen behind stays in sight around it, so the text about to be dropped can be read (the question
covered the whole terminal).
"""

from __future__ import annotations

import pytest
from test_app_dialog_keys import sent_to_maya
from test_app_support import settle, status_of
from test_app_team_leave import open_team
from textual.widgets import Static, TextArea

from baton.tui.app import BatonApp
from baton.tui.screens.answer import AnswerScreen
from baton.tui.screens.confirm import DROP_KEYS, Confirm
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.queues import QueuesScreen
from tests.team_support import Clock, team

REASON = "Missing the seat count"


def shows_through(app, typing) -> bool:
    """The question lets the screen behind show, and sits clear of the text it asks about."""
    question = app.screen
    dialog = question.query_one("#dialog")
    return question.styles.background.a < 1 and not dialog.region.overlaps(typing.region)


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_esc_twice_in_the_return_dialog_drops_the_reason_and_leaves(tmp_path, size):
    maya, handoff, app = sent_to_maya(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AnswerScreen)
        await pilot.press(*REASON, "escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert str(app.screen.query_one(".keys", Static).render()) == DROP_KEYS
        assert shows_through(app, dialog.query_one("#reason", TextArea))
        await pilot.press("enter")  # keep editing
        await settle(pilot)
        assert app.screen is dialog and dialog.query_one("#reason", TextArea).text == REASON
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        assert status_of(maya, handoff) == "sent"  # nothing returned


async def test_esc_twice_on_the_team_screen_drops_the_invitation_typed_and_leaves(tmp_path):
    ana = team(tmp_path, Clock(start=1_900_000_000_000))["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_team(pilot, app)
        await pilot.press(*"cleo", "escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and shows_through(app, screen.query_one("#team-invite"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
    assert "cleo" not in [invite.user for invite in ana.store.roster().invites.values()]


async def test_esc_twice_over_a_typed_comment_drops_it_and_leaves(tmp_path):
    from test_app_everything import opened, world

    from baton.core.home import Home

    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        await pilot.press("f3", *"half a comment", "escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and shows_through(app, screen.query_one("#comment-input"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
    assert ben.state(handoff).comments == []
