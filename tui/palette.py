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
        if (
            b.description in named
            or b.action in ("quit", "help", "back", "hide_keys")
            or b.action.startswith("screen.")
        ):
            continue
        named.add(b.description)
        if b.description and enabled and not b.action.startswith("app."):
            yield SystemCommand(
                b.description,
                keyed("On this screen", key_words(app.get_key_display(b)) + where),
                _runner(screen, b.action),
            )


def key_words(shown: str) -> str:
    """A key as the help and the footer's readers say it: Textual's `^b` is Ctrl+B."""
    return f"Ctrl+{shown[1:].upper()}" if shown.startswith("^") and len(shown) > 1 else shown


def keyed(text: str, key: str) -> str:
    """A command's line in the palette with its key, one form for every command: `… (key: Ctrl+E)`."""
    return f"{text} (key: {key})"


def _runner(screen: Screen[Any], action: str) -> Callable[[], Any]:
    return lambda: screen.run_action(action)


def screen_commands(app: Any) -> Iterator[SystemCommand]:
    """The app's commands that open a screen (or act on the whole home), listed by name (NAMED)."""
    yield SystemCommand(
        "New handoff", keyed("Start a handoff from a template", "n, on the queues"), app.action_new_handoff
    )
    yield SystemCommand(
        "Sync status", keyed("Last sync, teammates seen, problems and warnings", "F5"), app.action_sync_screen
    )
    if app.sync is not None and app.config.sync_dir:
        yield SystemCommand(
            "Sync now", "Export my events and import teammates' from the shared folder", app.action_sync_now
        )
    yield SystemCommand("Set the shared folder", "Where teammates' changes meet ours", app.action_set_folder)
    yield SystemCommand("Export handoffs", keyed("Every handoff as a CSV file", "Ctrl+E"), app.action_export)
    yield SystemCommand("Team", keyed("Members, roles, devices and invitations", "F6"), app.action_team_screen)
    yield SystemCommand(
        "Lead dashboard", keyed("Queues and bounce-backs across the team", "Ctrl+D"), app.action_dashboard
    )
