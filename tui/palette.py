"""The command palette's entries for a screen's own keys: each once, in people's words, with its key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

NAMED = {"New handoff", "Help", "Quit", "Sync status", "Sync now", "Lead dashboard", "Sync", "Set folder", "Team"}
"""Commands the app lists by name already; "Dashboard", "Export" and "New" are the app's keys for three of them."""
NAMED_KEYS = {"Dashboard", "Export", "New"}


def key_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """The screen's and the app's keys as commands: not a focused widget's (Down, First), nor Textual's (Copy)."""
    named = NAMED | NAMED_KEYS
    for binding in screen.active_bindings.values():
        b = binding.binding
        if b.description in named or b.action in ("quit", "help", "back"):
            continue
        if (binding.node is not screen and binding.node is not app) or b.action.startswith("screen."):
            continue
        named.add(b.description)
        if b.description and binding.enabled and not b.action.startswith("app."):
            yield SystemCommand(
                b.description, f"{b.description} (key: {app.get_key_display(b)})", _runner(screen, b.action)
            )


def _runner(screen: Screen[Any], action: str) -> Callable[[], Any]:
    return lambda: screen.run_action(action)
