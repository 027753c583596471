"""Ctrl+D, Ctrl+E and Ctrl+Z: line editing inside a text field, the app's commands everywhere else.

Inside an input or a text box the keys do what a shell and Textual's fields taught people: Ctrl+E
goes to the end of the line, Ctrl+D deletes the character under the cursor. Outside one they open
the lead dashboard and the export. The app binds both keys with priority so that this one place
decides; when a field has nothing to do with the key (the cursor is already at the end), a short
note says where the app's command is, rather than the key silently doing nothing. Typed text is
never touched by the app's meaning of the key.

Ctrl+Z in a field undoes the typing there (the field's own key); on a handoff, outside a field, it
is "Undo mine". A field with no typing to undo says where "Undo mine" is instead of taking back a
saved change the person did not ask about.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widget import Widget
from textual.widgets import Input, TextArea

ELSEWHERE = {
    "ctrl+d": "Ctrl+D deletes forward in a text field. The lead dashboard: Tab out of the field first, or Ctrl+P.",
    "ctrl+e": "Ctrl+E goes to the end of the line in a text field. Export: Tab out of the field first, or Ctrl+P.",
}
"""What the note says when a field has nothing to do with the key."""

UNDO_ELSEWHERE = (
    "Nothing typed in this field to undo. Undo mine (your last saved change here): Ctrl+P, "
    "or Ctrl+Z outside a text field."
)


def note_once(app: App[Any], message: str) -> None:
    """Say where a key's command is, unless that very note is still up: a key pressed twice stacks no copies."""
    if not any(note.message == message for note in app._notifications):
        app.notify(message, timeout=4)


def nothing_to_undo(field: Widget) -> None:
    """Ctrl+Z in a field with no typing to take back: say where the screen's own undo is, when it has one now."""
    screen = field.screen
    if hasattr(screen, "action_undo") and screen.check_action("undo", ()):
        note_once(field.app, UNDO_ELSEWHERE)


def in_field(focused: Widget | None, key: str) -> bool | None:
    """Let the focused text field take `key` (`ctrl+d` or `ctrl+e`).

    True: the field used it. False: a text field with nothing to do with it (the caller says where the
    app's command is). None: no text field has focus (the key is the app's)."""
    if isinstance(focused, Input):
        at_end = focused.cursor_position >= len(focused.value) and focused.selection.is_empty
        if at_end:
            return False
        focused.action_delete_right() if key == "ctrl+d" else focused.action_end()
        return True
    if isinstance(focused, TextArea):
        if key == "ctrl+d":
            if focused.read_only or (focused.cursor_at_end_of_text and focused.selection.is_empty):
                return False
            focused.action_delete_right()
            return True
        if focused.cursor_at_end_of_line:
            return False
        focused.action_cursor_line_end()
        return True
    return None
