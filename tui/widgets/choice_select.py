"""A choice item's field that takes typing while it is closed, as its open list does.

Textual's closed Select drops letters: someone filling a checklist fast types
`referral` and Enter, and finds the letters gone and the list open on "choose…".
Here the letters pick the choice that holds them (the open list's own search: the
earliest place in a choice wins, then the earlier choice), and Enter after them moves
on to the next item as it does in a text field. Space, Enter without letters, and the
arrows still open the list.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.widgets import Select


def best_choice(choices: Sequence[str], typed: str) -> int | None:
    """The index of the choice holding `typed` earliest (ties: the earlier choice), or None when none holds it."""
    wanted = typed.casefold()
    found = [(choice.casefold().find(wanted), index) for index, choice in enumerate(choices)]
    held = [place for place in found if place[0] >= 0]
    return min(held)[1] if held else None


class ChoiceSelect(Select[str]):
    """A Select whose closed field picks a choice from the letters typed into it."""

    def __init__(self, choices: Sequence[str], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.choices = list(choices)
        self.typed = ""
        """The letters typed since the field was entered: they pick the choice shown."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Letters are the field's own (so no screen key such as `q` or `n` fires while choosing)."""
        return (character is not None and character.isprintable() and character != " ") or super().check_consume_key(
            key, character
        )

    def on_key(self, event: events.Key) -> None:
        if self.expanded or self.disabled:
            return
        character = event.character
        if event.is_printable and character and character != " ":
            event.stop()
            event.prevent_default()
            index = best_choice(self.choices, self.typed + character)
            if index is None:  # no choice holds the letters so far: these start a new word
                index = best_choice(self.choices, character)
                self.typed = character if index is not None else ""
            else:
                self.typed += character
            if index is not None:
                self.value = self.choices[index]
        elif event.key == "backspace" and self.typed:
            event.stop()
            event.prevent_default()
            self.typed = self.typed[:-1]
        elif event.key == "enter" and self.typed:
            event.stop()
            event.prevent_default()
            self.typed = ""
            self.screen.focus_next()

    def on_blur(self, event: events.Blur) -> None:
        self.typed = ""
