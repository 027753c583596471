"""The handoff screen, the queue, `baton list`, `remind` and the brief say an answer window the same way:
a 24h window just sent is "within 24h", not the "23h" a rounded-down age would say."""

from __future__ import annotations

import pytest
from test_app_support import HOUR, KIT_DONE, FrozenClock, team

from baton.core.brief import brief_markdown
from baton.core.times import MINUTE
from baton.tui.cli.render import window_text
from baton.tui.screens.handoff_text import next_step
from baton.tui.widgets.queue_columns import deadline_cell


@pytest.fixture
def sent(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in KIT_DONE.items():
        maya.set_item(handoff, item, value)
    maya.send(handoff)
    return clock, maya, handoff


@pytest.mark.parametrize(
    ("later", "said"),
    [
        (0, "within 24h"),
        (MINUTE, "within 24h"),
        (21 * HOUR + 45 * MINUTE, "within 2h 15m"),
        (23 * HOUR + MINUTE, "within 59m"),
        (24 * HOUR, "due now"),
        (24 * HOUR + MINUTE, "1m late"),
    ],
)
def test_every_view_says_the_window_alike(sent, later, said):
    clock, maya, handoff = sent
    now = clock.now + later
    state = maya.state(handoff)
    row = maya.store.handoff_row(handoff)
    assert f"answer {said}" in next_step(state, now, "maya")
    assert f"answer {said}" in next_step(state, now, "ben")
    assert window_text(row, now) == f"answer {said}"
    assert deadline_cell(row, now, "UTC", 30)[0].endswith(f"answer {said}")
    assert deadline_cell(row, now, "UTC", 18)[0] in (said, f"! {said}")
    assert f"({said})" in brief_markdown(state, "UTC", now)
