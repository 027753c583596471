"""A box that submits and empties is emptied the moment Enter is taken: what is typed next, with no pause, is the
next entry. A comment box emptied only once core had added the comment glued the next comment onto the first
("alpha one", then "alpha onebeta two") whenever core took longer than the next key."""

from __future__ import annotations

import threading

from test_app_everything import opened, world
from test_app_support import settle
from textual.widgets import Input

from baton.core.home import Home
from baton.tui.app import BatonApp


def held(replica, name: str) -> threading.Event:
    """Core's `name` waits until the event is set, as on a loaded machine: keys typed meanwhile come first."""
    go = threading.Event()
    call = getattr(replica, name)

    def slow(*args, **kwargs):
        go.wait(30)
        return call(*args, **kwargs)

    setattr(replica, name, slow)
    return go


async def test_two_comments_typed_without_a_pause_are_stored_as_typed(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        await pilot.press("f3")
        go = held(ben, "comment")
        await pilot.press(*"alpha one", "enter", *"beta two", "enter", *"gam")
        box = screen.query_one("#comment-input", Input)
        assert box.value == "gam"  # both added ones left the box at once; the one being typed stays
        go.set()
        await settle(pilot)
        assert box.value == "gam"
    assert [c.text for c in ben.state(handoff).comments] == ["alpha one", "beta two"]


async def test_enter_twice_adds_a_comment_once(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        go = held(ben, "comment")
        await pilot.press("f3", *"alpha one", "enter", "enter")
        go.set()
        await settle(pilot)
    assert [c.text for c in ben.state(handoff).comments] == ["alpha one"]


async def test_comments_typed_all_at_once_are_stored_as_typed(tmp_path):
    """Every key at once, as a terminal hands them over: the Enter is taken in order with the letters around it."""
    from test_app_fast_typing import burst

    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("f3")
        burst(app, *"alpha one", "enter", *"beta two", "enter")
        await settle(pilot)
    assert [c.text for c in ben.state(handoff).comments] == ["alpha one", "beta two"]


async def test_a_refused_comment_comes_back_before_what_was_typed_since(tmp_path):
    from baton.core.errors import BatonError

    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        go = threading.Event()

        def refused(handoff_id, text):  # core answers after the next keys are typed, and says no
            go.wait(30)
            raise BatonError("comments are closed")

        ben.comment = refused
        await pilot.press("f3", *"alpha one", "enter", *"beta")
        go.set()
        await settle(pilot)
        assert screen.query_one("#comment-input", Input).value == "alpha one beta"
