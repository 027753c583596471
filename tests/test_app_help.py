"""The help screen names every key the app and its screens answer to."""

from __future__ import annotations

import pytest

from baton.tui.app import BatonApp
from baton.tui.screens.dashboard import DashboardScreen
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.help import HELP
from baton.tui.screens.queues import QueuesScreen
from baton.tui.screens.sync import SyncScreen
from baton.tui.screens.team import TeamScreen
from baton.tui.widgets.queue_table import QueueTable

NAMES = {
    "question_mark": "?",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "enter": "Enter",
    "escape": "Esc",
}


def shown(key: str) -> str:
    """`ctrl+d` -> `Ctrl+D`, `f5` -> `F5`, `question_mark` -> `?`: how the help writes a key."""
    if key in NAMES:
        return NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key[5:].upper()
    if key[0] == "f" and key[1:].isdigit():
        return key.upper()
    return key


@pytest.mark.parametrize(
    "owner", [BatonApp, QueuesScreen, QueueTable, HandoffScreen, SyncScreen, DashboardScreen, TeamScreen]
)
def test_help_lists_every_binding(owner):
    for binding in owner.BINDINGS:
        for key in binding.key.split(","):
            assert shown(key) in HELP, f"{owner.__name__}: {key} ({binding.description}) is not in the help"
