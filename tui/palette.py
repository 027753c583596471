"""The command palette's entries for a screen's own keys: each once, in people's words, with its key."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TextArea

NAMED = {"New handoff", "Help", "Quit", "Sync status", "Sync now", "Lead dashboard", "Sync", "Set folder", "Team"}
"""Commands the app lists by name already; "Dashboard", "Export" and "New" are the app's keys for three of them."""
NAMED_KEYS = {"Dashboard", "Export", "New"}


def own_keys(app: App[Any], screen: Screen[Any]) -> Iterator[tuple[Binding, bool, str]]:
    """(binding, enabled, where) for the screen's and the app's keys, one per key, as the keyboard finds them.

    A key a focused text field takes for itself (Ctrl+Z undoes the typing there) is still the screen's
    command in the palette, said with where its key works ("outside a text field").
    """
    for key, found in screen.active_bindings.items():
        if found.node is screen or found.node is app:
            yield found.binding, found.enabled, ""
            continue
        where = ", outside a text field" if isinstance(found.node, Input | TextArea) else ""
        for node in (screen, app):
            for binding in node._bindings.key_to_bindings.get(key, []):
                state = app._check_action_state(binding.action, node)
                if state is not False:
                    yield binding, bool(state), where
                    break
            else:
                continue
            break


def key_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """The screen's and the app's keys as commands: not a focused widget's (Down, First), nor Textual's (Copy)."""
    named = NAMED | NAMED_KEYS
    for b, enabled, where in own_keys(app, screen):
        if b.description in named or b.action in ("quit", "help", "back") or b.action.startswith("screen."):
            continue
        named.add(b.description)
        if b.description and enabled and not b.action.startswith("app."):
            yield SystemCommand(
                b.description, f"{b.description} (key: {app.get_key_display(b)}{where})", _runner(screen, b.action)
            )


def _runner(screen: Screen[Any], action: str) -> Callable[[], Any]:
    return lambda: screen.run_action(action)
