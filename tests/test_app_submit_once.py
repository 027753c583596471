"""Enter (or Ctrl+S) pressed twice writes once: a fast typist's second Enter
lands while core is still working, and must not create a second handoff or write a second answer."""

from __future__ import annotations

import threading
import time

from test_app_fast_typing import burst
from test_app_queue_tabs import ready
from test_app_support import FrozenClock, eventually, said, settle, team
from test_app_typing import events, opened
from textual.widgets import Input, Static

from baton.core.home import Home
from baton.core.replica import Replica
from baton.tui.app import BatonApp
from baton.tui.screens.new_handoff import NewHandoffScreen
from baton.tui.screens.queues import QueuesScreen

SIZE = (80, 24)


def titles(replica) -> list[str]:
    return [row[0] for row in replica.store.conn.execute("SELECT title FROM handoffs")]


async def test_a_double_enter_on_the_new_handoff_dialog_creates_one_handoff(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "n", *"every kind", "enter", *"Acme - 40 seats", "enter", "down", "enter", *"2025-12-01")
        await settle(pilot)
        burst(app, "enter", "enter")  # the second Enter arrives while the first create is still running
        await settle(pilot)
        assert titles(maya).count("Acme - 40 seats") == 1
        assert not isinstance(app.screen, NewHandoffScreen)  # created, and the dialog closed once


async def test_a_dialog_whose_command_fails_unexpectedly_says_so_and_takes_enter_again(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    create = maya.create
    failing = threading.Event()
    failing.set()

    def flaky_create(*args, **kwargs):  # a fault no refusal names: the dialog must not wait "Working…" for good
        if failing.is_set():
            failing.clear()
            raise RuntimeError("disk went away")
        return create(*args, **kwargs)

    maya.create = flaky_create
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "n", *"every kind", "enter", *"Acme - 40 seats", "enter", "down", "enter", *"2025-12-01", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewHandoffScreen)
        assert "disk went away" in str(dialog.query_one(".error", Static).render())
        assert titles(maya) == []
        burst(app, "enter")  # the same Enter again, now that the fault has passed
        await settle(pilot)
        assert titles(maya) == ["Acme - 40 seats"]


async def test_ctrl_s_twice_sends_once_and_no_refusal_follows_the_send(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = ready(maya, "Acme - 40 seats", "ben")
    send, sending = maya.send, threading.Event()

    def slow_send(handoff_id):  # a team's on-send hook can take seconds: the second key lands meanwhile
        sending.set()
        time.sleep(0.3)
        return send(handoff_id)

    maya.send = slow_send
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        burst(app, "ctrl+s")
        await eventually(pilot, sending.is_set)
        burst(app, "ctrl+s")  # while the first send is still being written
        await settle(pilot)
        assert maya.state(handoff).status == "sent"
        assert [kind for kind, _ in events(maya)].count("sent") == 1
        assert not [n for n in said(app) if "refused" in str(n.title)]  # the second key asked nothing


async def test_enter_twice_on_a_comment_adds_it_once_whenever_the_second_enter_is_read(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    comment, adding = maya.comment, threading.Event()

    def slow_comment(handoff_id, text):  # a busy disk: the second Enter is read while the first is being added
        adding.set()
        time.sleep(0.3)
        return comment(handoff_id, text)

    maya.comment = slow_comment
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        await pilot.press("f3")
        await settle(pilot)
        box = screen.query_one("#comment-input", Input)
        assert app.focused is box
        burst(app, *"call them", "enter")
        await eventually(pilot, adding.is_set)
        burst(app, "enter")  # while it is being added
        await settle(pilot)
        assert [c.text for c in maya.state(handoff).comments] == ["call them"]
        assert box.value == ""  # emptied as the first Enter was taken: the second found nothing to add
        burst(app, *"call them", "enter")  # the same words typed again are a second comment
        await settle(pilot)
        assert [c.text for c in maya.state(handoff).comments] == ["call them", "call them"]


async def test_a_double_enter_on_the_first_run_makes_the_home_once_and_opens_it(tmp_path, monkeypatch):
    home = Home(tmp_path / "fresh")
    made = []
    init = Replica.init

    def counted(*args, **kwargs):
        made.append(args[1])
        return init(*args, **kwargs)

    monkeypatch.setattr(Replica, "init", counted)
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#user", Input).value = "priya"
        app.screen.query_one("#sync-dir", Input).focus()
        await pilot.pause()
        burst(app, "enter", "enter")
        await settle(pilot)
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen))
        assert made == ["priya"]
    app.replica.close()
