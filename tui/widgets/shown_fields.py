"""Input fields that show a stored answer harmlessly while it is edited.

An answer a teammate typed is put back into an input or text area for editing. The
value must stay exactly as stored (it is saved again when left), so the field is
not given an escaped copy; instead each line it draws has every control character
replaced by one visible sign (ESC by ␛), at the last moment before the terminal.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import TextArea

from baton.core.terminal_text import harmless_in_place
from baton.tui.field_keys import nothing_to_undo
from baton.tui.widgets.undo_input import UndoInput


def _shown(strip: Strip) -> Strip:
    segments = list(strip)
    if all(segment.text.isprintable() for segment in segments):
        return strip
    return Strip([Segment(harmless_in_place(s.text), s.style, s.control) for s in segments])


class ShownInput(UndoInput):
    """An Input whose value is drawn with control characters as visible signs (Ctrl+Z undoes its typing)."""

    def render_line(self, y: int) -> Strip:
        return _shown(super().render_line(y))


class ShownTextArea(TextArea):
    """A TextArea whose text is drawn with control characters as visible signs."""

    def render_line(self, y: int) -> Strip:
        return _shown(super().render_line(y))

    def get_cursor_line_start_location(self, smart_home: bool = False) -> tuple[int, int]:
        """The start of the answer's line, not of the row it wraps onto: Ctrl+A, Ctrl+U and Home act on the line
        as in a shell (Ctrl+A then Ctrl+K empties a one-line answer however many rows it takes)."""
        return (self.cursor_location[0], 0)

    def get_cursor_line_end_location(self) -> tuple[int, int]:
        """The end of the answer's line, not of the row on screen (Ctrl+E, Ctrl+K, End)."""
        row = self.cursor_location[0]
        return (row, len(self.document.get_line(row)))

    def on_focus(self) -> None:
        """Tabbing into an answer puts the cursor after it, as a one-line field does: typing adds to the end.

        Textual leaves it at the start, so "more detail" typed after Tab landed before the first word."""
        if self.text and self.selection.end == (0, 0):
            self.move_cursor(self.document.end)

    def action_undo(self) -> None:
        """The box's own undo of its typing; with none left, a note where the screen's undo is."""
        if not self.history.undo_stack:
            nothing_to_undo(self)
            return
        super().action_undo()
