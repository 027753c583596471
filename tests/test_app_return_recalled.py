"""A return typed while the sender takes the send back: the dialog says so in core's words, and the reason typed
is kept in the comment box rather than lost with the dialog."""

from __future__ import annotations

import pytest
from test_app_dialog_keys import SIZE, sent_to_maya
from test_app_support import said, settle, status_of
from textual.widgets import Input, Static, TabbedContent

from baton.core.config import Config
from baton.core.errors import NotAllowed
from baton.core.replica import Replica
from baton.tui.screens.answer import AnswerScreen
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.handoff import HandoffScreen

REASON = "The seat count is missing from the order form"


def sender(maya: Replica) -> Replica:
    """Ben, who sent it, over the same store (as team() makes him)."""
    config = Config(user="ben", display_name="Ben Carter", tz="America/New_York", replica_id="b0b0b0b0b0b0b0b0")
    return Replica(maya.home, config, maya.store, wall=maya.wall)


async def test_a_return_after_the_sender_recalled_says_so_and_keeps_the_reason_as_a_comment_draft(tmp_path):
    maya, handoff, app = sent_to_maya(tmp_path)
    ben = sender(maya)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AnswerScreen)
        await pilot.press(*REASON)
        ben.undo(handoff)  # the sender recalls the send meanwhile (a sync brings it)
        app.refresh_screens()
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert app.screen is dialog and status_of(maya, handoff) == "draft"
        error = str(dialog.query_one(".error", Static).render())
        assert "ben took the send back" in error and "only a sent handoff" not in error
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, Confirm)  # nothing to drop: the reason is kept
        screen = app.screen
        assert isinstance(screen, HandoffScreen)
        assert screen.query_one("#comment-input", Input).value == REASON
        assert screen.query_one(TabbedContent).active == "comments"
        box = screen.query_one("#comment-input", Input)
        assert app.focused is box and box.selection.is_empty and box.cursor_position == len(REASON)
        # said on the box, where a toast at the bottom right covered the box it spoke of
        assert "not added yet: Enter adds it" in str(box.border_title)
        assert not [n for n in said(app) if "comment box" in n.message]
        await pilot.press("enter")
        await settle(pilot)
        assert box.value == "" and box.border_title is None
        assert [c.text for c in maya.state(handoff).comments] == [REASON]


def test_core_says_a_recalled_send_was_taken_back_to_whoever_answers_it(tmp_path):
    maya, handoff, _ = sent_to_maya(tmp_path)
    sender(maya).undo(handoff)
    for answer in (maya.accept, lambda h: maya.return_(h, REASON)):
        with pytest.raises(NotAllowed, match="ben took the send back"):
            answer(handoff)
