"""A handoff key whose action is not the viewer's now says core's reason when pressed, instead of nothing.

A receiver's Ctrl+S, a member's Ctrl+L, Ctrl+X on someone else's handoff: the key did nothing, not even
say why. The footer still shows only what the viewer may do; the reason is core's (allowed.py), the same
words `baton send` and the others print."""

from __future__ import annotations

import pytest
from test_app_everything import opened, world
from test_app_footers import shown_keys
from test_app_support import said, settle

from baton.core.home import Home
from baton.tui.app import BatonApp


@pytest.mark.parametrize(
    ("key", "title", "action"),
    [("ctrl+s", "Send", "send"), ("ctrl+l", "Waive", "waive"), ("ctrl+x", "Cancel handoff", "cancel")],
)
async def test_a_receiver_is_told_why_a_key_does_not_apply(tmp_path, key, title, action):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    reason = ben.allowed_for(ben.state(handoff))[action]
    assert reason is not None
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        shown = shown_keys(app)
        before = len(said(app))
        await pilot.press(key)
        await settle(pilot)
        [note] = said(app)[before:]
        assert (note.title, note.message, note.severity) == (title, reason[0].upper() + reason[1:], "warning")
        assert shown_keys(app) == shown and title not in shown  # the footer offers what they may do, as before
    assert ben.state(handoff).status == "sent"


async def test_the_sender_of_a_sent_handoff_is_told_why_not_accept(tmp_path):
    clock, maya, _, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        before = len(said(app))
        await pilot.press("ctrl+r")
        await settle(pilot)
        [note] = said(app)[before:]
        assert note.message == "Only ben (the receiver) can accept it"


async def test_a_key_that_applies_still_does_its_work_and_the_palette_has_no_empty_entry(tmp_path):
    clock, maya, _, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        before = len(said(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert maya.state(handoff).status == "sent"
        assert all(n.title != "Send" for n in said(app)[before:])
        from baton.tui.palette import key_commands

        assert all(command.title for command in key_commands(app, app.screen))
