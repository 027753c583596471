"""A one-line field with Ctrl+Z and Ctrl+Y for the typing in it, as every editor has.

Textual's Input has no undo of its own (its TextArea has). Without one, Ctrl+Z typed in a
field reaches the screen, and on a handoff that is "Undo mine": a saved change taken back
while the person only meant to take back a typo. Typing a word is one step (a space begins
the next, so undo leaves no trailing space), a run of Backspace or Delete is one step, each
other edit (a paste, a cut) is one, and the cursor goes back with the text. A value set from outside (the saved answer shown again, a teammate's change
arriving) starts the history afresh: undo never brings back text from before it.

A box that adds one entry per Enter (a comment) is made with `empties_on_submit`: it empties itself as it takes the
Enter, in the same turn as the keys typed around it. Emptied later (once the entry was stored, or once the Enter
had gone round the app's bindings), the keys typed meanwhile were glued onto the entry just added.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

from baton.tui.field_keys import nothing_to_undo

STEPS = 100
"""How many steps back a field remembers."""


class UndoInput(Input):
    """An Input whose Ctrl+Z / Ctrl+Y undo and redo what was typed in it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z,super+z", "undo", "Undo typing", show=False),
        Binding("ctrl+y,super+y", "redo", "Redo typing", show=False),
    ]

    def __init__(self, *args: Any, empties_on_submit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empties_on_submit = empties_on_submit
        """True: Enter hands the text on (Submitted) and leaves the box empty for the next entry, at once."""
        self._undo: list[tuple[str, int]] = []
        """(text, cursor) before each step, oldest first."""
        self._redo: list[tuple[str, int]] = []
        self._recorded = self.value
        """The text after the last step recorded here: anything else means it was set from outside."""
        self._run: tuple[str, int] | None = None
        """The step going on: ("type", where the next character continues it) or ("delete", where the last
        deletion was); None when the next edit starts a new step."""
        self._last_typed = ""

    async def _on_key(self, event: events.Key) -> None:
        """Enter in a box that empties is taken here, in order with the typing, not after the app's bindings."""
        if self.empties_on_submit and event.key == "enter":
            event.stop()
            event.prevent_default()  # Input's own Enter (a submit of the box as it is by then) is not run
            self.submit_and_empty()

    def submit_and_empty(self) -> None:
        """Hand the text on and empty the box before any other key is taken; an undo does not bring it back."""
        value = self.value
        validation = self.validate(value) if "submitted" in self.validate_on else None
        self.post_message(self.Submitted(self, value, validation))
        self.value = ""  # the person's own edit, by their Enter: said (Changed) as any typing is
        self._outside_change()

    def take(self) -> str:
        """The text, and the box emptied at once (a form that asks core with it): the next keys start afresh.

        Not an edit of the person's (no Changed): read late, it took away the refusal said for this very text."""
        value = self.value
        with self.prevent(Input.Changed):
            self.value = ""
        self._outside_change()
        return value

    def give_back(self, text: str) -> None:
        """Text taken and then refused comes back, before anything typed since: nothing typed is lost.

        Not an edit of the person's (no Changed): a refusal said beside it stays until they edit it."""
        with self.prevent(Input.Changed):
            self.value = " ".join(part for part in (text, self.value) if part)

    def _outside_change(self) -> None:
        if self.value != self._recorded:
            self._undo.clear()
            self._redo.clear()
            self._run = None
            self._recorded = self.value

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit typed, pasted, cut or deleted comes here: remember the text before it."""
        self._outside_change()
        before = (self.value, self.cursor_position)
        super().replace(text, start, end)
        if self.value == before[0]:
            return  # refused (too long, not allowed here) or nothing changed
        start, end = sorted((start, end))
        typed = len(text) == 1 and start == end
        deleted = not text and end - start == 1
        run, at = self._run or ("", -1)
        if typed:
            goes_on = run == "type" and start == at and not (text.isspace() and not self._last_typed.isspace())
        else:
            goes_on = deleted and run == "delete" and at in (start, end)  # Backspace, or Delete, again
        if not goes_on:
            self._undo.append(before)
            del self._undo[:-STEPS]
        self._redo.clear()
        self._run = ("type", start + 1) if typed else ("delete", start) if deleted else None
        self._last_typed = text if typed else ""
        self._recorded = self.value

    def _restore(self, step: tuple[str, int]) -> None:
        self._recorded = step[0]
        self._run = None
        self.value = step[0]
        self.cursor_position = step[1]

    def action_undo(self) -> None:
        self._outside_change()
        if not self._undo:
            nothing_to_undo(self)
            return
        self._redo.append((self.value, self.cursor_position))
        self._restore(self._undo.pop())

    def action_redo(self) -> None:
        self._outside_change()
        if self._redo:
            self._undo.append((self.value, self.cursor_position))
            self._restore(self._redo.pop())
