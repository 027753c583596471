"""The handoff screen counts in words: "1 change could not apply", "2 changes", never "change(s)"."""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, kit_handoff, team

from baton.core.projection import Conflict
from baton.tui.screens.handoff_text import summary_text


@pytest.mark.parametrize(("count", "words"), [(1, "1 change could not apply"), (2, "2 changes could not apply")])
def test_changes_that_could_not_apply_are_counted_in_words(tmp_path, count, words):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    state = maya.state(kit_handoff(maya, "Acme - 40 seats", "ben", clock=clock))
    state.conflicts = [Conflict(f"e{n}", "sent", "ben", clock.now, "not yours to send") for n in range(count)]
    text = summary_text(state, {}, clock.now, "maya")
    assert words in text and "(s)" not in text
