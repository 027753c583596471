"""Whatever keys a user presses, in whatever order, the app neither crashes nor loses what it holds.

Sequences of the keys people reach for (letters, Enter, Escape, Tab, arrows, every binding the
screens show, the command palette, help) are pressed into the app from the queue, at 80×24,
as the sender and as the receiver. A crash inside a handler ends Pilot's run with its exception;
after every sequence the handoff is still one handoff with one owner, and its log is whole.
"""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_app_support import KIT_DONE, FrozenClock, settle, team

from baton.core.home import Home
from baton.tui.app import BatonApp

KEYS = [
    "a",
    "x",
    "1",
    "space",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "backspace",
    "delete",
    "ctrl+s",
    "ctrl+r",
    "ctrl+l",
    "ctrl+g",
    "ctrl+z",
    "ctrl+x",
    "ctrl+b",
    "ctrl+u",
    "ctrl+n",
    "ctrl+p",
    "f1",
    "f2",
    "f3",
    "f4",
    "f5",
    "question_mark",
    "slash",
    "r",
    "t",
    "d",
]


async def _press(tmp_path, receiver: bool, keys: list[str]) -> None:
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock, lead=True)
    draft = maya.create("kit", "Acme - 40 seats", "ben")
    sent = maya.create("kit", "Bolt - 12 seats", "ben")
    for item, value in KIT_DONE.items():
        maya.set_item(draft, item, value)
        maya.set_item(sent, item, value)
    maya.send(sent)
    viewer = ben if receiver else maya
    app = BatonApp(viewer, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:
            if not app.is_running:
                break
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)
    for handoff in (draft, sent):
        state = maya.state(handoff)
        assert state.exists and state.status in {"draft", "sent", "accepted", "returned", "cancelled"}
        assert not state.conflicts, state.conflicts
    rows = maya.store.conn.execute("SELECT COUNT(*) FROM event_log").fetchone()[0]
    assert rows >= 2 + 2 * len(KIT_DONE) + 1


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(receiver=st.booleans(), keys=st.lists(st.sampled_from(KEYS), min_size=5, max_size=40))
def test_any_keys_pressed_leave_the_app_running_and_the_handoffs_whole(tmp_path_factory, receiver, keys):
    asyncio.run(_press(tmp_path_factory.mktemp("keys"), receiver, keys))
